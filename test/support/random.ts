// A small seeded generator (mulberry32) so a generated case that fails can be replayed from its seed:
// the benchmark's own, which makes its corpora the same bytes on every run.
export { seededRandom } from '../../bench/corpus';

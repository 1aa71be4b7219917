// `npm run fuzz [-- --runs N --seed S]`: the property tests of test/fuzz.test.ts over many generated
// prompt files (default 100,000). The seed is printed first, so a failure can be replayed with --seed.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '100000' }, seed: { type: 'string' } } });
const seed = values.seed ?? String(Date.now() % 2 ** 31);
console.log(`Fuzzing ${Number(values.runs).toLocaleString('en-US')} generated prompt files, seed ${seed} (replay: npm run fuzz -- --seed ${seed})`);
const started = Date.now();
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', 'out/test/fuzz.test.js'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: values.runs, FUZZ_SEED: seed },
});
console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed}: ${result.status === 0 ? 'no failure' : 'FAILED'}.`);
process.exitCode = result.status ?? 1;

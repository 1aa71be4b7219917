// An unbundled build for `npm run coverage`: every source and test file compiled on its own, with an
// inline source map, so c8 maps each line back to exactly one source line. (Coverage of the bundles
// is misleading: each test bundle carries its own copy of the sources, and Node 20's built-in
// coverage fails on their source maps.)
import { build } from 'esbuild';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUT = 'out-coverage';

function typescriptFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'fixtures' && name !== 'golden') found.push(...typescriptFiles(full));
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
      found.push(full);
    }
  }
  return found;
}

rmSync(OUT, { recursive: true, force: true });
await build({
  // bench/corpus.ts: the seeded generator the tests share with the benchmark.
  entryPoints: [...typescriptFiles('src'), ...typescriptFiles('test'), 'bench/corpus.ts'],
  outdir: OUT,
  outbase: '.',
  bundle: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});
// The reviewed rules are JSON files imported by the core (bundled in the other builds).
cpSync('pricing', join(OUT, 'pricing'), { recursive: true });
// Files the tests find relative to their own folder, which is one level deeper here than in out/:
// the fuzz's seed files and the manifest the reliability tests read.
cpSync('package.json', join(OUT, 'package.json'));
cpSync('examples', join(OUT, 'examples'), { recursive: true });
cpSync(join('test', 'fixtures'), join(OUT, 'test', 'fixtures'), { recursive: true });
// The vocabularies the main build writes (dist/vocab) are read from beside the module that loads them.
if (!existsSync('dist/vocab')) throw new Error('dist/vocab is missing: run `node scripts/build.mjs` first (npm run coverage does).');
for (const folder of [join(OUT, 'src', 'node', 'vocab'), join(OUT, 'test', 'vocab')]) cpSync('dist/vocab', folder, { recursive: true });

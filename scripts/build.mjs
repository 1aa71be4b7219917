// Bundles every entry with esbuild. Type-checking is its own step (`npm run typecheck`).
import { build } from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'fixtures') found.push(...findTests(full));
    } else if (name.endsWith('.test.ts')) {
      found.push(full);
    }
  }
  return found;
}

rmSync('out', { recursive: true, force: true });
const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'node20' };

await Promise.all([
  // The command-line tool: one self-contained file, so `npx llm-cost` needs no node_modules at run time.
  build({
    ...common,
    entryPoints: ['src/node/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  }),
  // The scan worker thread, loaded by the command-line tool (and later the extension) from beside it.
  build({ ...common, entryPoints: ['src/node/scanWorker.ts'], outfile: 'dist/scanWorker.js', platform: 'node', format: 'cjs' }),
  // The pure core, bundled for the browser: proves it has no Node-only code (the build fails if it does).
  build({
    ...common,
    entryPoints: ['src/core/index.ts'],
    outfile: 'dist/core.browser.js',
    platform: 'browser',
    format: 'esm',
  }),
  // Benchmark: the libraries we compare against stay external, like in the tests.
  build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'out/bench/bench.js', platform: 'node', format: 'cjs', packages: 'external' }),
  build({ ...common, entryPoints: ['src/core/index.ts'], outfile: 'out/bench/core.cjs', platform: 'node', format: 'cjs' }),
  // Tests: one bundle per test file; packages stay external so tests use the installed reference tokenizers.
  build({
    ...common,
    entryPoints: findTests('test'),
    outdir: 'out/test',
    outbase: 'test',
    platform: 'node',
    format: 'cjs',
    packages: 'external',
  }),
]);

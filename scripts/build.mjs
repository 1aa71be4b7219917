// Bundles every entry with esbuild. Type-checking is its own step (`npm run typecheck`).
import { build } from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

// `--production` (npm run package): minified, no source maps, for the .vsix.
const production = process.argv.includes('--production');
rmSync('out', { recursive: true, force: true });
rmSync('dist', { recursive: true, force: true });
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', target: 'node20' };

// The o200k/cl100k vocabularies are 3.6 MB of JavaScript: parsing them with the rest would cost
// every start 40–50 ms. They are built as files of their own beside each Node bundle and loaded
// on the first count (the core imports them dynamically).
const VOCABULARIES = ['o200k_base', 'cl100k_base'];
const vocabulariesBeside = {
  name: 'vocabularies-beside',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^gpt-tokenizer\/bpeRanks\// }, (args) => ({
      path: `./vocab/${args.path.split('/').pop()}.mjs`,
      external: true,
    }));
  },
};
const vocabularyFiles = (folder) =>
  VOCABULARIES.map((name) =>
    build({ ...common, sourcemap: false, entryPoints: [fileURLToPath(import.meta.resolve(`gpt-tokenizer/bpeRanks/${name}`))], outfile: `${folder}/vocab/${name}.mjs`, platform: 'node', format: 'esm' }),
  );

// The extension's integration suite runs inside VS Code's extension host: once bundled for the Node
// host and once for the web worker host (same suite; mocha's browser build serves both).
const extensionSuites = (platform, outfile) =>
  build({ ...common, minify: false, sourcemap: 'inline', entryPoints: ['test/vscode/index.ts'], outfile, platform, format: 'cjs', external: ['vscode'], target: platform === 'node' ? 'node20' : 'es2022', define: { 'process.env.LLM_COST_TEST_HOST': JSON.stringify(platform) } });

// What the .vsix ships: the two extension bundles, the scan worker and the vocabularies beside them.
const extensionBuilds = () => [
  // The desktop extension (package.json `main`): Node extension host, vocabularies and scan worker beside it.
  build({ ...common, entryPoints: ['src/vscode/desktop.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'], plugins: [vocabulariesBeside] }),
  // The web extension (package.json `browser`): no Node built-ins — esbuild fails on any `node:` import
  // here. A web worker cannot import files beside it, so the vocabularies are inside this bundle
  // (evaluated only on the first count).
  build({ ...common, entryPoints: ['src/vscode/web.ts'], outfile: 'dist/web/extension.js', platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'], define: { 'process.env.NODE_ENV': '"production"' } }),
  // The web extension's scan worker (a Web Worker the web extension starts): the same pricing code.
  build({ ...common, entryPoints: ['src/vscode/webScanWorker.ts'], outfile: 'dist/web/scanWorker.js', platform: 'browser', format: 'iife', target: 'es2022' }),
  ...vocabularyFiles('dist'),
  // The scan worker thread, loaded by the command-line tool and the desktop extension from beside it.
  build({ ...common, entryPoints: ['src/node/scanWorker.ts'], outfile: 'dist/scanWorker.js', platform: 'node', format: 'cjs', plugins: [vocabulariesBeside] }),
];

// `--production` builds only what the .vsix ships.
await Promise.all(production ? extensionBuilds() : [
  ...extensionBuilds(),
  extensionSuites('node', 'out/vscode-test/node/index.js'),
  extensionSuites('browser', 'out/vscode-test/web/index.js'),
  // The command-line tool: self-contained with its vocab/ folder, so it needs no node_modules at run time.
  build({
    ...common,
    entryPoints: ['src/node/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [vocabulariesBeside],
  }),
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
  build({ ...common, entryPoints: ['src/core/index.ts'], outfile: 'out/bench/core.cjs', platform: 'node', format: 'cjs', plugins: [vocabulariesBeside] }),
  ...vocabularyFiles('out/bench'),
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

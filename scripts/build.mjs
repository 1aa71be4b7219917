// Bundles every entry with esbuild. Type-checking is its own step (`npm run typecheck`).
import { build } from 'esbuild';
import { mkdirSync, readdirSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

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

// Vocabularies: each encoding's ranks, from gpt-tokenizer's data (OpenAI's published files) on every
// build, written in the compact binary form of src/core/tokens/vocabulary.ts into a `vocab` folder
// beside each Node bundle (read on the first count in that encoding) and `dist/vocab` for the
// extension and the browser build to read or fetch. No bundle contains a vocabulary.
const VOCABULARIES = ['o200k_base', 'cl100k_base'];
const TESTS = findTests('test');
// Every bundle reads its vocabularies from `vocab/` beside itself: tests in sub-folders too.
const testFolders = [...new Set(TESTS.map((file) => join('out', file.slice(0, file.lastIndexOf('/')))))];
const VOCABULARY_FOLDERS = ['dist/vocab', 'out/bench/vocab', ...testFolders.map((folder) => join(folder, 'vocab'))];
async function writeVocabularies() {
  await build({ ...common, sourcemap: false, entryPoints: ['src/core/tokens/vocabularyFile.ts'], outfile: 'out/build/vocabularyFile.mjs', platform: 'node', format: 'esm' });
  const { buildVocabularyFile } = await import(pathToFileURL(resolve('out/build/vocabularyFile.mjs')).href);
  for (const folder of VOCABULARY_FOLDERS) mkdirSync(folder, { recursive: true });
  for (const name of VOCABULARIES) {
    const { default: table } = await import(`gpt-tokenizer/bpeRanks/${name}`);
    const { file, unreachable } = buildVocabularyFile(table);
    // A token BPE cannot produce from its own bytes never appears in a count, but would mean the
    // data is not the BPE vocabulary we expect: say so rather than write it silently.
    if (unreachable > 0) console.warn(`${name}: ${unreachable} tokens are not the BPE encoding of their own bytes`);
    for (const folder of VOCABULARY_FOLDERS) writeFileSync(join(folder, `${name}.bin`), file);
  }
}

// The planner webview, for the browser inside VS Code. It runs the cost model itself with prices the
// extension sends, so the price catalogue package must not be in it: checked here, and the size kept
// in dist/webview/bundle-report.json.
async function buildWebview() {
  const result = await build({
    bundle: true,
    logLevel: 'warning',
    entryPoints: { planner: 'webview/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    loader: { '.css': 'css' },
  });
  await build({ entryPoints: ['webview/planner.css'], outfile: 'dist/webview/planner.css', bundle: true, minify: true, logLevel: 'warning' });
  const inputs = Object.keys(result.metafile.inputs);
  const catalogue = inputs.filter((path) => path.includes('@pydantic/genai-prices'));
  if (catalogue.length) throw new Error(`The webview bundle must not contain the price catalogue, but it has ${catalogue.join(', ')}`);
  const bytes = result.metafile.outputs['dist/webview/planner.js'].bytes;
  const byPackage = {};
  for (const [path, { bytesInOutput }] of Object.entries(result.metafile.outputs['dist/webview/planner.js'].inputs)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/')[0];
    byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput;
  }
  writeFileSync('dist/webview/bundle-report.json', JSON.stringify({ bytes, byPackage }, null, 2) + '\n');
}

// The extension's integration suite runs inside VS Code's extension host: once bundled for the Node
// host and once for the web worker host (same suite; mocha's browser build serves both).
const extensionSuites = (platform, outfile, entry = 'test/vscode/index.ts') =>
  build({ ...common, minify: false, sourcemap: 'inline', entryPoints: [entry], outfile, platform, format: 'cjs', external: ['vscode'], target: platform === 'node' ? 'node20' : 'es2022', define: { 'process.env.LLM_COST_TEST_HOST': JSON.stringify(platform) } });

// What the .vsix ships: the extension's bundles, the scan workers, the planner webview and the
// vocabulary files (read through vscode.workspace.fs from dist/vocab, on desktop and web alike).
const extensionBuilds = () => [
  writeVocabularies(),
  buildWebview(),
  // The desktop extension (package.json `main`): Node extension host.
  build({ ...common, entryPoints: ['src/vscode/desktop.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] }),
  // The web extension (package.json `browser`): no Node built-ins — esbuild fails on any `node:` import here.
  build({ ...common, entryPoints: ['src/vscode/web.ts'], outfile: 'dist/web/extension.js', platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'] }),
  // The web extension's scan worker (a Web Worker the web extension starts): the same pricing code.
  build({ ...common, entryPoints: ['src/vscode/webScanWorker.ts'], outfile: 'dist/web/scanWorker.js', platform: 'browser', format: 'iife', target: 'es2022' }),
  // The scan worker thread, loaded by the command-line tool and the desktop extension from beside them.
  build({ ...common, entryPoints: ['src/node/scanWorker.ts'], outfile: 'dist/scanWorker.js', platform: 'node', format: 'cjs' }),
  // The desktop extension's big-file worker thread: large documents are counted there, not in the host.
  build({ ...common, entryPoints: ['src/vscode/bigFileWorker.ts'], outfile: 'dist/bigFileWorker.js', platform: 'node', format: 'cjs' }),
];

// `--production` builds only what the .vsix ships.
await Promise.all(production ? extensionBuilds() : [
  ...extensionBuilds(),
  extensionSuites('node', 'out/vscode-test/node/index.js'),
  extensionSuites('browser', 'out/vscode-test/web/index.js'),
  // npm run bench:editor's measurements, in the same two hosts.
  extensionSuites('node', 'out/vscode-test/bench-node/index.js', 'test/vscode/bench.ts'),
  extensionSuites('browser', 'out/vscode-test/bench-web/index.js', 'test/vscode/bench.ts'),
  // The command-line tool: self-contained with its vocab/ folder, so it needs no node_modules at run time.
  // `dist/cli.js` is a small launcher that loads `dist/cli.main.js` with its code cache (written below).
  build({ ...common, entryPoints: ['src/node/cli.ts'], outfile: 'dist/cli.main.js', platform: 'node', format: 'cjs' }),
  build({ ...common, entryPoints: ['src/node/cliEntry.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, sourcemap: false, entryPoints: ['src/node/codeCache.ts'], outfile: 'out/build/codeCache.cjs', platform: 'node', format: 'cjs' }),
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
  // The planner webview's recompute time in Chromium (npm run bench:planner).
  build({ ...common, entryPoints: ['bench/plannerWebview.ts'], outfile: 'out/bench/plannerWebview.js', platform: 'node', format: 'cjs', packages: 'external' }),
  build({ ...common, entryPoints: ['src/core/index.ts'], outfile: 'out/bench/core.cjs', platform: 'node', format: 'cjs' }),
  // Tests: one bundle per test file; packages stay external so tests use the installed reference tokenizers.
  build({
    ...common,
    entryPoints: TESTS,
    outdir: 'out/test',
    outbase: 'test',
    platform: 'node',
    format: 'cjs',
    packages: 'external',
  }),
]);

// V8 code caches for the bundles a fresh process loads (src/node/codeCache.ts), written by a child
// process started without V8 flags, since V8 accepts a cache only under the flags it was made with
// (NODE_OPTIONS is left out for that reason). Not for the .vsix: VS Code's Node would reject them.
if (!production) {
  const { execFileSync } = await import('node:child_process');
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  execFileSync(process.execPath, ['scripts/code-caches.mjs'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

// `npm run package`: the .vsix, built by @vscode/vsce on the offline VS Code's Node 24 (vsce 4 wants
// Node >= 22; the project stays on Node 20). vsce runs `vscode:prepublish` (the minified production
// build) first; .vscodeignore keeps sources, tests, maps and node_modules out.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { installOfflineVscode } from './install.mjs';
import { NODE24, REPO, VSCE, node24Env } from './offlineVscode.mjs';

installOfflineVscode();
const { name, version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const out = join(REPO, `${name}-${version}.vsix`);
execFileSync(NODE24, [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', out], {
  cwd: REPO,
  stdio: 'inherit',
  env: node24Env(),
});
const listing = execFileSync(NODE24, [VSCE, 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8', env: node24Env() });
const size = (path) => `${(statSync(join(REPO, path)).size / 1024).toFixed(0)} KB`;
console.log(`\n${out.replace(`${REPO}/`, '')}: ${(statSync(out).size / 1024 / 1024).toFixed(2)} MB, ${listing.trim().split('\n').length} files`);
for (const bundle of [
  'dist/extension.js',
  'dist/web/extension.js',
  'dist/web/scanWorker.js',
  'dist/scanWorker.js',
  'dist/bigFileWorker.js',
  'dist/vocab/o200k_base.bin',
  'dist/vocab/cl100k_base.bin',
])
  console.log(`  ${bundle}: ${size(bundle)}`);

// Tried as a new user would: the .vsix installed into a fresh VS Code (`npm run package -- --check`).
if (process.argv.includes('--check')) await (await import('./endToEnd.mjs')).checkPackagedExtension(out);

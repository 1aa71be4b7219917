// Starting and stopping code-server (the offline VS Code) for the test runner and `npm run example`.
// Each server runs in its own process group (setsid) and is stopped with kill -- -PGID, so nothing
// it spawned (extension hosts, file watchers) is left behind.
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, openSync, readFileSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER, NODE24, node24Env, CHROMIUM, REPO, loadPlaywright } from './offlineVscode.mjs';

export const EXTENSION_ID = 'llm-cost-planner.llm-cost-planner';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server on 127.0.0.1 with a fresh user-data folder under `runDir`.
 * `host`: 'node' runs the extension in the Node extension host, 'web' in the web worker host.
 */
export async function startCodeServer({ runDir, workspace, host = 'node', smokeTestDriver = false, settings = {}, linkExtension = false, vsix = null }) {
  const port = await freePort();
  const userData = join(runDir, 'user-data');
  rmSync(userData, { recursive: true, force: true });
  mkdirSync(join(userData, 'User'), { recursive: true });
  rmSync(join(runDir, 'extensions'), { recursive: true, force: true });
  mkdirSync(join(runDir, 'extensions'), { recursive: true });
  // Without the test driver the URL payload is not honoured: the freshly built extension is linked
  // into the extensions folder instead, as an installed extension (its dist/ is what was just built).
  if (linkExtension) {
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    symlinkSync(REPO, join(runDir, 'extensions', `${manifest.publisher}.${manifest.name}-${manifest.version}`));
  }
  // Or the packaged extension, installed as a user would.
  if (vsix)
    execFileSync(NODE24, [CODE_SERVER, '--extensions-dir', join(runDir, 'extensions'), '--install-extension', vsix], { stdio: 'inherit', env: node24Env() });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'chat.disableAIFeatures': true,
        'workbench.startupEditor': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'git.enabled': false,
        'git.openRepositoryInParentFolders': 'never',
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        // Which extension host runs the extension (code-server picks the web worker host otherwise).
        'remote.extensionKind': { [EXTENSION_ID]: [host === 'web' ? 'web' : 'workspace'] },
        ...settings,
      },
      null,
      2,
    ),
  );
  const logFile = join(runDir, 'code-server.log');
  const log = openSync(logFile, 'w');
  const args = [
    CODE_SERVER,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--extensions-dir',
    join(runDir, 'extensions'),
    '--user-data-dir',
    userData,
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    workspace,
  ];
  const child = spawn(NODE24, args, { detached: true, stdio: ['ignore', log, log], env: node24Env() });
  const server = {
    port,
    url: `http://127.0.0.1:${port}`,
    logFile,
    pid: child.pid,
    exited: new Promise((resolve) => child.once('exit', resolve)),
    stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      return Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 3000))]).then(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      });
    },
    logTail(lines = 40) {
      try {
        return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
      } catch {
        return '(no log)';
      }
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`${server.url}/healthz`);
      if (response.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer /healthz within 30 s. Log:\n${server.logTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return server;
}

/** The workbench URL with the extension under development (and its tests) in the payload. */
export function workbenchUrl(server, workspace, { extensionPath, testsPath } = {}) {
  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const payload = [];
  if (extensionPath) payload.push(['extensionDevelopmentPath', remote(extensionPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  const query = `folder=${encodeURIComponent(workspace)}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
  return `${server.url}/?${query}`;
}

/**
 * Opens the workbench in headless Chromium with a test bundle in the extension host (VS Code's
 * smoke-test driver runs it) and waits for it to exit: resolves to its exit code, or 'timeout' after
 * `timeoutMs`. `onLog` gets the driver's log lines, `onConsole` every console line of the page (the
 * extension host's output arrives there).
 */
export async function runTestsInWorkbench(server, workspace, { extensionPath, testsPath, timeoutMs, onLog = () => undefined, onConsole = () => undefined }) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let finish;
    const exitCode = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    await page.exposeFunction('codeAutomationLog', onLog);
    page.on('console', (message) => onConsole(message.text()));
    await page.goto(workbenchUrl(server, workspace, { extensionPath, testsPath }));
    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const code = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    return code;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

export async function launchChromium() {
  const { chromium } = loadPlaywright();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

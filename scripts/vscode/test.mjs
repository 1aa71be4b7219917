// `npm test`'s last step: the extension's integration suite inside a real VS Code (code-server, the
// offline VS Code), once in the Node extension host and once in the web worker host, then an
// end-to-end pass that drives the workbench in Chromium as a person would and saves screenshots.
// Bounded timeouts; every server and browser it starts is stopped, also on failure.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { installOfflineVscode } from './install.mjs';
import { REPO } from './offlineVscode.mjs';
import { startCodeServer, runTestsInWorkbench } from './server.mjs';
import { prepareWorkspace } from './testWorkspace.mjs';

const SUITE_TIMEOUT_MS = 300_000;
const only = process.argv.slice(2);
const wanted = (pass) => only.length === 0 || only.includes(pass);

async function runSuite(host) {
  const runDir = join(REPO, '.cache', 'vscode-run', host);
  mkdirSync(runDir, { recursive: true });
  const { workspace } = prepareWorkspace(runDir);
  const started = Date.now();
  const server = await startCodeServer({ runDir, workspace, host, smokeTestDriver: true });
  try {
    const testsPath = join(REPO, 'out', 'vscode-test', host === 'web' ? 'web' : 'node', 'index.js');
    const code = await runTestsInWorkbench(server, workspace, {
      extensionPath: REPO,
      testsPath,
      timeoutMs: SUITE_TIMEOUT_MS,
      onLog: (line) => console.log(`  ${line}`),
      // The suite's report arrives as console lines from the extension host.
      onConsole: (text) => {
        const mark = text.indexOf('[llm-cost-test] ');
        if (mark !== -1) console.log(`  ${text.slice(mark + 16)}`);
      },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (code === 'timeout') throw new Error(`the ${host} extension host suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
    if (code !== 0) throw new Error(`the ${host} extension host suite failed (exit code ${code}) after ${seconds} s`);
    console.log(`VS Code integration suite (${host} extension host): passed in ${seconds} s.`);
  } catch (error) {
    console.error(`--- code-server log (last lines) ---\n${server.logTail()}\n---`);
    throw error;
  } finally {
    await server.stop();
  }
}

try {
  installOfflineVscode();
  if (wanted('node')) await runSuite('node');
  if (wanted('web')) await runSuite('web');
  if (wanted('e2e')) await (await import('./endToEnd.mjs')).runEndToEnd();
} catch (error) {
  console.error(`VS Code tests failed: ${error.message}`);
  process.exitCode = 1;
}

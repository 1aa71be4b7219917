// `npm run example`: the extension in a real VS Code on examples/. Builds, installs the offline VS
// Code if needed (cached), starts it on 127.0.0.1 with the freshly built extension, prints the address
// to open, and stops cleanly (the whole process group) on Ctrl+C.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { installOfflineVscode } from './install.mjs';
import { REPO } from './offlineVscode.mjs';
import { startCodeServer, workbenchUrl } from './server.mjs';

installOfflineVscode();
console.log('Building the extension …');
execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: 'inherit' });
const workspace = join(REPO, 'examples');
const server = await startCodeServer({ runDir: join(REPO, '.cache', 'vscode-run', 'example'), workspace, host: 'node', linkExtension: true });
console.log(`
LLM Cost Planner is running in VS Code (code-server ${'4.139.1'}) on examples/.
Open this address in a browser:

  ${workbenchUrl(server, workspace)}

Open a prompt file (support-bot/support-agent.prompty, genkit/summarize-ticket.prompt …): the status bar,
CodeLens and hovers show its cost; the Explorer's "Prompt Costs" view lists every prompt by cost.
Press Ctrl+C to stop. (The CLI report is one command away: npm run example:cli)
`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping VS Code …');
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await server.exited;
if (!stopping) {
  console.error(`VS Code stopped on its own. Log:\n${server.logTail()}`);
  process.exit(1);
}

// `npm run bench:editor`'s measurements inside a real extension host (the `run()` contract of the
// integration suite), in a window opened on an empty folder so the extension is not active yet: the
// host's memory before activation; activate(); the first status-bar figure of a 20 KB prompt opened
// the moment the extension is active (the cold case: the vocabulary and prices still loading) and of
// another 20 KB prompt opened once the warm-up has loaded them; hover p99 after an edit; the host's
// memory after the examples are scanned and the planner is open. Prints one JSON line; asserts no time.
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID, TEST_COMMANDS } from '../../src/vscode/commands';
import type { ExtensionApi } from '../../src/vscode/extension';

const HOST = process.env.LLM_COST_TEST_HOST;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, probe: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The extension host's memory (the Node host; a web worker has no such figure). */
function memory(): { rss: number; heapUsed: number; external: number } | null {
  const usage = (globalThis as { process?: { memoryUsage?: () => { rss: number; heapUsed: number; external: number } } }).process?.memoryUsage?.();
  return usage ? { rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external } : null;
}

/** Opens a prompt, waits for its status-bar figure and returns the timings of that first figure. */
async function firstFigure(api: ExtensionApi, uri: vscode.Uri): Promise<Record<string, number | null>> {
  const names = ['firstFigure', 'firstFigureFromActive', 'firstAnalysis', 'analysis:settings', 'analysis:parse', 'analysis:loads', 'priceRequests'];
  for (const name of names) api.timings.clear(name);
  // Opened and shown in one call, as Quick Open or a click in the Explorer does.
  await vscode.window.showTextDocument(uri);
  await until('the status-bar figure', () => api.statusBar.shownFor?.toString() === uri.toString() && api.timings.get('firstFigure').length > 0);
  return Object.fromEntries(names.map((name) => [name, api.timings.get(name)[0] ?? null]));
}

export async function run(): Promise<void> {
  try {
    await measure();
  } catch (error) {
    console.log(`[llm-cost-bench-failed] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    throw error;
  }
}

async function measure(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!;
  // Let the workbench finish starting before the baseline.
  await sleep(3000);
  const before = memory();
  // Staged by scripts/vscode/benchEditor.mjs in out/vscode-bench/ (the staged copy's parent folder).
  const staged = extension.extensionUri.path.endsWith('/vscode-bench/extension');
  const source = vscode.Uri.joinPath(extension.extensionUri, ...(staged ? ['..', 'workspace'] : ['out', 'vscode-bench', 'workspace']));
  const workspace = vscode.Uri.joinPath(folder, 'examples');
  await vscode.workspace.fs.copy(source, workspace, { overwrite: true });
  // The Node host runs a staged copy without activation events, so it is not active yet; the web
  // worker host runs the extension as built, which the workbench may have activated already (then the
  // "cold" figure is not cold, and the result says so).
  const wasActive = extension.isActive;
  const api = await extension.activate();
  await vscode.commands.executeCommand(TEST_COMMANDS.recordTimings);
  const cold = await firstFigure(api, vscode.Uri.joinPath(workspace, 'cases', 'large-20kb.prompty'));
  // (Loads made before the timings were turned on are not recorded: an extension already active has made them.)
  await until('the warm-up', () => wasActive || (api.timings.get('load:o200k_base').length > 0 && api.timings.get('loadPrices').length > 0));
  const warm = await firstFigure(api, vscode.Uri.joinPath(workspace, 'cases', 'large-20kb-varied.prompty'));
  const opened = memory();

  const editor = vscode.window.activeTextEditor!;
  await editor.edit((edit) => edit.insert(new vscode.Position(10, 0), 'An edit before the hovers.\n'));
  api.timings.clear('hover');
  for (let index = 0; index < 1000; index++) {
    await vscode.commands.executeCommand('vscode.executeHoverProvider', editor.document.uri, new vscode.Position((index * 7) % editor.document.lineCount, 5));
  }
  const hovers = [...api.timings.get('hover')].sort((a, b) => a - b);
  const quantile = (q: number) => hovers[Math.min(hovers.length - 1, Math.floor(q * hovers.length))] ?? null;
  await vscode.commands.executeCommand('workbench.action.files.revert');

  await api.view.scan();
  await sleep(1000);
  const scanned = memory();
  await vscode.commands.executeCommand(COMMANDS.openPlanner);
  const isPlanner = (tab: vscode.Tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('llmCost.planner');
  await until('the planner', () => vscode.window.tabGroups.all.some((group) => group.tabs.some(isPlanner)));
  await sleep(2000);
  const after = memory();
  const result = {
    host: HOST,
    wasActive,
    activationMs: api.activationMs,
    cold,
    warm,
    loads: { o200k: api.timings.get('load:o200k_base')[0] ?? null, prices: api.timings.get('loadPrices')[0] ?? null },
    hover: { n: hovers.length, p50: quantile(0.5), p99: quantile(0.99), max: hovers[hovers.length - 1] ?? null },
    scannedFiles: api.view.allEntries().length,
    memory: { before, opened, scanned, after },
  };
  console.log(`[llm-cost-bench] ${JSON.stringify(result)}`);
}

// The extension inside a real VS Code extension host: activation, hovers on every format, CodeLens
// titles against `llm-cost plan`'s own figures, each diagnostic, the view, commands, a setting taking
// effect, the status bar after an edit, and hostile text staying inert. Run by scripts/vscode/test.mjs.
import * as assert from './assert';
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID, TEST_COMMANDS, VIEW_ID } from '../../src/vscode/commands';
import type { PromptCostEntry } from '../../src/vscode/workspaceScan';
import type { ExtensionApi } from '../../src/vscode/extension';
import { modelItems } from '../../src/vscode/modelPicker';
import { formatUsd, type PlanReport } from '../../src/core/report';
import { evaluate, preparePlanner } from '../../src/core/planner/evaluate';
import { initialState, plannerReducer } from '../../src/core/planner/state';
import type { PlannerData } from '../../src/core/planner/protocol';

const log = (line: string) => console.log(`[llm-cost-test] ${line}`);
const HOST = process.env.LLM_COST_TEST_HOST;

const FILES_OF_EVERY_FORMAT = [
  'support-bot/support-agent.prompty',
  'genkit/summarize-ticket.prompt',
  'evals/promptfooconfig.yaml',
  'chat/extract-invoice.json',
  'batch/nightly-tagging.jsonl',
  'prompts/translate-reply.txt',
];

let api: ExtensionApi;
let expected: PlanReport;
const folder = () => vscode.workspace.workspaceFolders![0].uri;
const fileUri = (path: string) => vscode.Uri.joinPath(folder(), path);

/** Each entry's path and figures, in path order: what a scan must leave unchanged. */
function priced(entries: PromptCostEntry[]): [string, number | null, number, string | null][] {
  return entries
    .map((entry): [string, number | null, number, string | null] => [entry.path, entry.costPerRequest, entry.tokens, entry.notPriced ?? null])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function open(path: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fileUri(path));
  return vscode.window.showTextDocument(document);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

async function hoverAt(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  return hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
}

async function lenses(document: vscode.TextDocument): Promise<string[]> {
  const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
  return found.map((lens) => lens.command?.title ?? '');
}

function diagnosticCodes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === 'LLM Cost')
    .map((diagnostic) => String(diagnostic.code));
}

async function expectDiagnostic(path: string, code: string): Promise<vscode.Diagnostic> {
  const editor = await open(path);
  return until(`${code} on ${path}`, () => vscode.languages.getDiagnostics(editor.document.uri).find((diagnostic) => diagnostic.code === code));
}

/** The current model's cost per request for a file, as `llm-cost plan` computed it. */
function cliCostPerRequest(path: string): string {
  const file = expected.files.find((candidate) => candidate.path === path);
  assert.ok(file, `llm-cost plan priced ${path}`);
  const comparison = file.requests[0].comparison;
  const plan = comparison.plans.find((candidate) => candidate.requestedAs === comparison.currentModel)!;
  return plan.known ? `${plan.tokensExact ? '' : '~'}${formatUsd(plan.costPerRequest)}` : 'price unknown';
}

export function registerSuites(): void {
  suite(`LLM Cost Planner in the ${HOST} extension host`, () => {
    suiteSetup(async () => {
      const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
      assert.ok(extension, 'the extension is installed');
      api = await extension.activate();
      await vscode.commands.executeCommand(TEST_COMMANDS.recordTimings);
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'out', 'vscode-test', 'expected-plan.json'));
      expected = JSON.parse(new TextDecoder().decode(bytes));
      log(`MEASURE activationMs=${api.activationMs.toFixed(2)} host=${HOST}`);
    });

    test('activates in the expected host and registers every command', async () => {
      assert.strictEqual(api.context.platform.kind, HOST === 'browser' ? 'web' : 'desktop');
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const id of Object.values(COMMANDS)) assert.ok(registered.has(id), `${id} is registered`);
      const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string; category: string }[] } };
      assert.deepStrictEqual(manifest.contributes.commands.map((command) => command.command).sort(), Object.values(COMMANDS).sort());
      assert.ok(manifest.contributes.commands.every((command) => command.category === 'LLM Cost'));
    });

    test('the first figure of a 20 KB prompt, the first prompt opened in this window (measured, not asserted)', async () => {
      const editor = await open('cases/large-20kb.prompty');
      await until('the status bar figure', () => api.statusBar.shownFor?.toString() === editor.document.uri.toString() || undefined);
      assert.match(api.statusBar.item.text, /[\d,]+ tokens · \$/);
      const first = (name: string) => api.timings.get(name)[0]?.toFixed(1) ?? '-';
      log(
        `MEASURE firstFigureMs=${first('firstFigure')} fromActiveEditorMs=${first('firstFigureFromActive')} settings=${first('analysis:settings')} parse=${first('analysis:parse')} loads=${first('analysis:loads')} price=${first('priceRequests')} host=${HOST}`,
      );
    });

    for (const path of FILES_OF_EVERY_FORMAT) {
      test(`hover and CodeLens on ${path} agree with llm-cost plan`, async () => {
        const editor = await open(path);
        const analysis = await api.analyses.analyse(editor.document);
        assert.ok(analysis, 'analysed as a prompt file');
        const message = analysis.parsed.messages[0];
        const hover = await until('a hover', async () => {
          const text = await hoverAt(editor.document, editor.document.positionAt(message.startOffset + 1));
          return text.includes('input token') ? text : undefined;
        });
        assert.match(hover, /\| Model \| Input tokens \| Per request \| Per month \|/);
        assert.match(hover, /command:llmCost\.openPlanner/);
        // What the figure rests on is shown with it: every example at least assumes a volume or an output size.
        assert.match(hover, /- Assumed: /);
        const titles = await lenses(editor.document);
        const first = titles.find((title) => title.includes('/request'));
        assert.ok(first, `a cost lens on ${path}: ${titles.join(' | ')}`);
        assert.match(first, /^[~\d,]+.* tokens · .+\/request · .+\/month on .+$/);
        assert.ok(first.includes(`${cliCostPerRequest(path)}/request`), `lens "${first}" shows the CLI's ${cliCostPerRequest(path)}`);
        assert.ok(titles.includes('compare models'));
      });
    }

    test('hover on a template variable gives its sample and share of the tokens', async () => {
      const editor = await open('cases/hostile.prompty');
      const text = editor.document.getText();
      const position = editor.document.positionAt(text.indexOf('{{name}}') + 3);
      const hover = await until('a variable hover', async () => {
        const value = await hoverAt(editor.document, position);
        return value.includes('Template variable') ? value : undefined;
      });
      assert.match(hover, /Sample value \(\d+ tokens?\)/);
      assert.match(hover, /\d+% of the request's input/);
      // The sample's command link and HTML are escaped text, not Markdown.
      assert.ok(!hover.includes('](command:workbench'), 'no command link from file content');
      assert.ok(hover.includes('\\[run\\]\\(command\\:workbench'), 'the link text is shown escaped');
      assert.ok(!/(^|[^\\])<img/.test(hover), 'no raw HTML');
      assert.ok(!/\u001b/.test(hover), 'no control characters');
    });

    test('diagnostics: output limit (with a quick fix), cache order, near the caching minimum, context overflow, parser', async () => {
      const output = await expectDiagnostic('cases/output-limit.prompty', 'output-limit');
      assert.match(output.message, /50,000 output tokens requested, above gpt-4o's limit of 16,384/);
      const document = (await open('cases/output-limit.prompty')).document;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, output.range);
      const fix = actions.find((action) => action.title.startsWith('Lower the output limit'));
      assert.ok(fix?.edit, 'a quick fix that edits the limit');
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(document.getText(), /max_tokens: 16384/);
      await until('the output-limit diagnostic to go', () => !diagnosticCodes(document.uri).includes('output-limit'));
      await vscode.commands.executeCommand('workbench.action.files.revert');

      const order = await expectDiagnostic('cases/cache-order.prompty', 'cache-busting-order');
      assert.match(order.message, /putting variable content last would save \$[\d.,]+\/month/);
      const near = await expectDiagnostic('cases/near-cache-minimum.prompty', 'cache-prefix-too-short');
      assert.match(near.message, /just below gpt-4o's minimum of 1,024/);
      const overflow = await expectDiagnostic('cases/context-overflow.prompty', 'context-overflow');
      assert.strictEqual(overflow.severity, vscode.DiagnosticSeverity.Error);
      assert.match(overflow.message, /exceed gpt-4o's context window of 128,000/);
      const broken = await expectDiagnostic('cases/broken.prompty', 'invalid-yaml');
      assert.match(broken.message, /YAML|frontmatter/i);
    });

    test('a budget setting takes effect: over-budget diagnostics appear and go', async () => {
      const editor = await open('support-bot/support-agent.prompty');
      assert.ok(!diagnosticCodes(editor.document.uri).includes('over-budget'));
      const config = vscode.workspace.getConfiguration('llmCost');
      await config.update('budgetPerRequest', 0.000001, vscode.ConfigurationTarget.Workspace);
      try {
        const over = await until('an over-budget diagnostic', () =>
          vscode.languages.getDiagnostics(editor.document.uri).find((diagnostic) => diagnostic.code === 'over-budget'),
        );
        assert.match(over.message, /per request on gpt-4o, over the budget of \$0\.00000100/);
      } finally {
        await config.update('budgetPerRequest', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await until('the over-budget diagnostic to go', () => !diagnosticCodes(editor.document.uri).includes('over-budget'));
    });

    test('the workspace scenario file is honoured, as `llm-cost plan --scenario` reads it', async () => {
      const editor = await open('support-bot/support-agent.prompty');
      const monthly = (title: string) => Number(/\$([\d,.]+)\/month/.exec(title)![1]!.replace(/,/g, ''));
      const before = (await lenses(editor.document))[0]!;
      const scenario = fileUri('.llm-cost/scenario.json');
      await vscode.workspace.fs.writeFile(scenario, new TextEncoder().encode('{ "requestsPerDay": 3000 }\n'));
      try {
        await until('lenses at 3,000 requests a day', async () => {
          const title = (await lenses(editor.document))[0]!;
          return monthly(title) > 2 * monthly(before) || undefined;
        });
      } finally {
        await vscode.workspace.fs.delete(fileUri('.llm-cost'), { recursive: true });
      }
      await until('the settings again once the file is gone', async () => (await lenses(editor.document))[0] === before || undefined);
    });

    test('the status bar follows an edit', async () => {
      const editor = await open('prompts/translate-reply.txt');
      await api.statusBar.update();
      const before = api.statusBar.item.text;
      assert.match(before, /^\$\(symbol-numeric\) [\d,]+ tokens · \$[\d.]+$/);
      const tokensIn = (text: string) => Number(/([\d,]+) tokens/.exec(text)![1].replace(/,/g, ''));
      await editor.edit((edit) =>
        edit.insert(new vscode.Position(0, 0), "Please answer in a warm, friendly and concise tone, in the customer's own language.\n"),
      );
      const after = await until('the status bar to change', () =>
        api.statusBar.item.text !== before && api.statusBar.item.text.includes('tokens') ? api.statusBar.item.text : undefined,
      );
      assert.ok(tokensIn(after) > tokensIn(before), `${before} → ${after}`);
      editor.selection = new vscode.Selection(0, 0, 0, 20);
      await until('the selection figure', () => api.statusBar.item.text.includes('selected') || undefined);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    test("choosing a model changes every figure; each file's own model again after", async () => {
      const editor = await open('support-bot/support-agent.prompty');
      await api.context.chooseModel('claude-haiku-4-5');
      try {
        const titles = await until('lenses on claude-haiku-4-5', async () => {
          const found = await lenses(editor.document);
          return found.some((title) => title.endsWith('on claude-haiku-4-5')) ? found : undefined;
        });
        assert.ok(titles[0].startsWith('~'), `estimated tokens are marked: ${titles[0]}`);
        await until('the status bar on the chosen model', () => api.statusBar.item.text.includes('~') || undefined);
      } finally {
        await api.context.chooseModel(null);
      }
    });

    test('the model picker lists the catalogue, each model with its prices', async () => {
      const [{ catalog }, settings] = await Promise.all([api.context.prices(), api.context.settings()]);
      const items = modelItems(catalog, null, settings.comparisonModels);
      const models = items.filter((item) => item.model !== null);
      assert.ok(models.length > 500, `${models.length} models`);
      const unpriced = models.filter((item) => item.description === 'price unknown').map((item) => item.label);
      assert.deepStrictEqual(unpriced, []);
      // gpt-6-sol ($2 in, $10 out), listed as compared (a default) or from the catalogue (`openai:gpt-6-sol`).
      // Not gpt-4o: the picker prices at today's date, and gpt-4o is "price unknown" from 2027-01-14.
      const sol = models.find((item) => ['gpt-6-sol', 'openai:gpt-6-sol', 'openai/gpt-6-sol'].includes(item.model ?? ''));
      assert.match(sol?.description ?? '', /^\$2\/M input · \$10\/M output/);
    });

    test('the Prompt Costs view lists every prompt file, with the workspace total', async () => {
      await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
      await api.view.scan();
      // Off the extension host's thread: worker threads on desktop, a Web Worker in the browser.
      assert.strictEqual(api.view.lastScanMode, HOST === 'browser' ? 'web-worker' : 'worker-threads');
      const entries = api.view.allEntries();
      const paths = entries.map((entry) => entry.path).sort();
      for (const file of expected.files) assert.ok(paths.includes(file.path), `${file.path} is in the view (${paths.join(', ')})`);
      const support = entries.find((entry) => entry.path === 'support-bot/support-agent.prompty')!;
      assert.strictEqual(`${support.tokensExact ? '' : '~'}${formatUsd(support.costPerRequest)}`, cliCostPerRequest('support-bot/support-agent.prompty'));
      assert.match(api.view.view.description ?? '', /^\$[\d,.]+\/month/);
      // A request over its model's context window is said to be, never given a price it cannot be sent at.
      const overflow = entries.find((entry) => entry.path === 'cases/context-overflow.prompty')!;
      assert.ok(overflow.overContextWindow, 'cases/context-overflow.prompty is over the context window');
      assert.strictEqual(overflow.costPerRequest, null);
      assert.strictEqual(overflow.costPerMonth, null);
      const overflowItem = api.view.getTreeItem({ kind: 'file', entry: overflow });
      assert.match(String(overflowItem.description), /tokens · over the context window$/);
      assert.ok(!String(overflowItem.description).includes('$'), 'no price shown');
      assert.match(api.view.view.description ?? '', /1 over the context window/);
      const cases = api.view.getChildren().find((node) => node.kind === 'folder' && node.path === 'cases')!;
      assert.strictEqual(String(api.view.getTreeItem(cases).description).includes('price unknown'), false, 'over the window is not "price unknown"');
      assert.match(String(api.view.getTreeItem(cases).description), /1 over the context window/);
      const fitting = entries.find((entry) => entry.path === 'cases/large-300kb.prompty')!;
      assert.strictEqual(fitting.overContextWindow, null, 'a large prompt inside the window keeps its price');
      assert.strictEqual(`${fitting.tokensExact ? '' : '~'}${formatUsd(fitting.costPerRequest)}`, cliCostPerRequest('cases/large-300kb.prompty'));
      const folders = api.view.getChildren();
      assert.ok(folders.length >= 5, 'grouped by folder');
      // A new prompt file appears through the file-system watcher; deleting it removes it.
      const added = fileUri('prompts/added.txt');
      await vscode.workspace.fs.writeFile(added, new TextEncoder().encode('Summarise {text} in one sentence.\n'));
      await until('the new file in the view', () => api.view.allEntries().some((entry) => entry.path === 'prompts/added.txt') || undefined);
      await vscode.workspace.fs.delete(added);
      await until('the deleted file to leave the view', () => !api.view.allEntries().some((entry) => entry.path === 'prompts/added.txt') || undefined);
    });

    test('export the cost report as JSON and CSV; open the comparison', async () => {
      const jsonUri = fileUri('out/report.json');
      await vscode.workspace.fs.createDirectory(fileUri('out'));
      await vscode.commands.executeCommand(COMMANDS.exportReport, 'json', jsonUri);
      const report = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(jsonUri))) as PlanReport;
      assert.strictEqual(report.version, 1);
      assert.ok(report.files.some((file) => file.path === 'support-bot/support-agent.prompty'));
      const csvUri = fileUri('out/report.csv');
      await vscode.commands.executeCommand(COMMANDS.exportReport, 'csv', csvUri);
      const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(csvUri));
      assert.match(csv.split('\n')[0] ?? '', /^[a-z_]+(,[a-z_]+){5,}/);
      assert.ok(csv.split('\n').length > report.files.length);
      await vscode.workspace.fs.delete(fileUri('out'), { recursive: true });
      await open('genkit/summarize-ticket.prompt');
      await vscode.commands.executeCommand(COMMANDS.openPlanner);
      // Both hosts: the planner webview beside the editor (the web extension reads its data through
      // the workspace file system).
      const isPlanner = (tab: vscode.Tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('llmCost.planner');
      await until('the planner panel', () => vscode.window.tabGroups.all.some((group) => group.tabs.some(isPlanner)) || undefined);
    });

    test('the planner prices a file and the whole workspace as llm-cost plan does', async () => {
      const deps = api.plannerDeps;
      assert.ok(deps, `the ${HOST} extension has a planner data source`);
      const rowsOf = (data: PlannerData) => {
        const state = plannerReducer(initialState(), {
          type: 'init',
          target: data.target,
          defaultModels: data.defaultModels,
          promptIds: data.prompts.map((prompt) => prompt.id),
          scenario: null,
        });
        return evaluate(preparePlanner(data), state).rows;
      };
      for (const path of ['genkit/summarize-ticket.prompt', 'support-bot/support-agent.prompty']) {
        const source = await deps.load({ kind: 'file', uri: fileUri(path).toString() }, null);
        assert.strictEqual(source.data.prompts.length, 1, path);
        const comparison = expected.files.find((file) => file.path === path)!.requests[0].comparison;
        const rows = rowsOf(source.data);
        assert.strictEqual(rows.length, comparison.plans.length, path);
        for (const plan of comparison.plans) {
          const row = rows.find((candidate) => candidate.model === plan.requestedAs);
          assert.ok(row, `${path}: a row for ${plan.requestedAs}`);
          assert.strictEqual(row.known, plan.known, `${path} ${plan.requestedAs}`);
          if (plan.known) assert.strictEqual(formatUsd(row.costPerRequest), formatUsd(plan.costPerRequest), `${path} ${plan.requestedAs} per request`);
        }
        log(`MEASURE planner ${path}: ${rows.map((row) => `${row.model} ${formatUsd(row.costPerRequest)}`).join(', ')} host=${HOST}`);
      }
      // The whole workspace: every prompt file the CLI priced, none it did not.
      const workspace = await deps.load({ kind: 'workspace' }, null);
      const files = new Set(workspace.data.prompts.map((prompt) => prompt.path));
      assert.deepStrictEqual([...files].sort(), expected.files.map((file) => file.path).sort());
    });

    test('a big prompt is counted off the extension host thread, the status bar saying "counting…" meanwhile', async () => {
      const path = 'cases/large-300kb.prompty';
      // How long the extension host's thread was held at a stretch while the file was opened and
      // counted (measured, not asserted): a 5 ms ticker's longest gap.
      let last = Date.now();
      let longest = 0;
      const ticker = setInterval(() => {
        longest = Math.max(longest, Date.now() - last);
        last = Date.now();
      }, 5);
      api.timings.clear('offThreadAnalysis');
      const editor = await open(path);
      assert.ok(editor.document.getText().length > 200 * 1024, 'the generated prompt is over the 200 KB threshold');
      const analysis = await api.analyses.analyse(editor.document);
      clearInterval(ticker);
      assert.ok(analysis, 'analysed as a prompt file');
      assert.strictEqual(analysis.countedOffThread, HOST !== 'browser', 'on the desktop a big file is counted on the worker thread');
      const shown = analysis.requests[0].shown;
      assert.ok(shown.known);
      assert.strictEqual(`${shown.tokensExact ? '' : '~'}${formatUsd(shown.costPerRequest)}`, cliCostPerRequest(path), 'the same figure as llm-cost plan');
      const lens = await until('the lens', async () => (await lenses(editor.document)).find((title) => title.includes('/request')));
      assert.ok(lens.includes(`${cliCostPerRequest(path)}/request`), lens);
      log(
        `MEASURE bigFile bytes=${editor.document.getText().length} analysesMs=${api.timings
          .get('offThreadAnalysis')
          .map((x) => x.toFixed(1))
          .join(',')} longestHostStallMs=${longest} host=${HOST}`,
      );
      if (HOST === 'browser') return;
      // An edit: the new version is counted on the worker, and the status bar says so until it is.
      await editor.edit((edit) => edit.insert(new vscode.Position(12, 0), 'One more instruction line.\n'));
      const update = api.statusBar.update();
      assert.match(api.statusBar.item.text, /counting…/);
      await update;
      assert.match(api.statusBar.item.text, /[\d,]+ tokens · \$/);
      assert.ok((await api.analyses.analyse(editor.document))?.countedOffThread);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    test('speed figures (measured, not asserted): hover over a 20 KB prompt after an edit', async () => {
      const editor = await open('cases/large-20kb.prompty');
      await editor.edit((edit) => edit.insert(new vscode.Position(10, 0), 'An edit before the hovers.\n'));
      // The first hover after the edit analyses the new version (the status bar may already have).
      api.timings.clear('hover');
      const lines = editor.document.lineCount;
      for (let index = 0; index < 1000; index++) {
        await vscode.commands.executeCommand('vscode.executeHoverProvider', editor.document.uri, new vscode.Position((index * 7) % lines, 5));
      }
      const samples = [...api.timings.get('hover')].sort((a, b) => a - b);
      assert.strictEqual(samples.length, 1000);
      const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(3);
      const once = (name: string) => api.timings.get(name)[0]?.toFixed(1) ?? '-';
      log(`MEASURE loads loadPrices=${once('loadPrices')} o200k=${once('load:o200k_base')} firstPriceRequests=${once('priceRequests')} host=${HOST}`);
      log(
        `MEASURE hoverMs first=${api.timings.get('hover')[0].toFixed(3)} p50=${p(0.5)} p99=${p(0.99)} max=${samples[samples.length - 1].toFixed(3)} n=${samples.length} bytes=${editor.document.getText().length} host=${HOST}`,
      );
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    test('a scan worker that stops is replaced; the file it stopped on (twice) is listed as "could not be priced"', async () => {
      // An open document's entry follows its own analysis in the host (which prices it), so the file the
      // worker stops on must not be open: an earlier test opened it.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await api.view.scan();
      const before = priced(api.view.allEntries());
      const culprit = 'cases/hostile.prompty';
      let started = 0;
      let exited = 0;
      let stops = 0;
      api.view.scanObserver = {
        workerStarted: () => started++,
        workerExited: () => exited++,
        batchSent: (paths, stopWorker) => paths.includes(culprit) && (stops++, stopWorker()),
      };
      try {
        await api.view.scan();
      } finally {
        api.view.scanObserver = undefined;
      }
      await until('every scan worker to stop', () => (started > 0 && exited === started) || undefined);
      // Its first worker stopped holding its batch, the retry's worker stopped again: two new workers (a
      // worker thread on the desktop, a Web Worker in the browser).
      assert.strictEqual(stops, 2);
      const entry = api.view.allEntries().find((candidate) => candidate.path === culprit);
      assert.ok(entry?.notPriced, `${culprit} is listed as not priced: ${JSON.stringify(entry)}`);
      assert.match(entry.notPriced, /^could not be priced: the scan worker stopped — retried once/);
      assert.strictEqual(api.view.getTreeItem({ kind: 'file', entry }).description, 'could not be priced');
      assert.match(api.view.view.description ?? '', /1 could not be priced/);
      // Every other file is priced as before.
      assert.deepStrictEqual(
        priced(api.view.allEntries()).filter(([path]) => path !== culprit),
        before.filter(([path]) => path !== culprit),
      );
      await api.view.scan();
      assert.deepStrictEqual(priced(api.view.allEntries()), before, 'the next scan prices it again');
    });

    test('a scan cancelled half-way leaves the view as it was and no scan worker running', async () => {
      await api.view.scan();
      const before = priced(api.view.allEntries());
      const description = api.view.view.description;
      const completed = api.view.completedScans;
      let started = 0;
      let exited = 0;
      let handedOut = 0;
      api.view.scanObserver = {
        workerStarted: () => started++,
        workerExited: () => exited++,
        batchSent: () => handedOut++ === 0 && api.view.cancelScan(),
      };
      try {
        await api.view.scan();
      } finally {
        api.view.scanObserver = undefined;
      }
      assert.ok(handedOut >= 1, 'cancelled after work was handed to a worker');
      assert.strictEqual(api.view.completedScans, completed, 'the cancelled scan applied nothing');
      assert.deepStrictEqual(priced(api.view.allEntries()), before);
      assert.strictEqual(api.view.view.description, description);
      await until('every scan worker to stop', () => (started > 0 && exited === started) || undefined);
    });

    test('a prompt file deleted while open: its diagnostics, status bar figure, lenses and view entry go, and come back with the file', async () => {
      await api.view.scan();
      const path = 'cases/deleted-while-open.prompty';
      const uri = fileUri(path);
      const text = new TextEncoder().encode('---\nname: [unclosed\nmodel: gpt-4o\n---\nsystem:\nHello {{name}}\n');
      await vscode.workspace.fs.writeFile(uri, text);
      const editor = await open(path);
      const inView = () => api.view.allEntries().some((entry) => entry.path === path);
      await until('the file in the view', () => inView() || undefined);
      await until('its diagnostics', () => diagnosticCodes(uri).includes('invalid-yaml') || undefined);
      await until('its status bar figure', () => api.statusBar.shownFor?.toString() === uri.toString() || undefined);
      await vscode.workspace.fs.delete(uri);
      await until('the view entry to go', () => !inView() || undefined);
      await until('its diagnostics to go', () => diagnosticCodes(uri).length === 0 || undefined);
      // The editor stays open on the deleted file (shown again: the workbench may have moved the focus meanwhile), with no figure.
      await vscode.window.showTextDocument(editor.document);
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the editor stays open');
      await until('the status bar figure to go', () => api.statusBar.shownFor === null || undefined);
      assert.deepStrictEqual(await lenses(editor.document), []);
      // The file written again: everything comes back.
      await vscode.workspace.fs.writeFile(uri, text);
      await vscode.window.showTextDocument(editor.document);
      await until('the view entry again', () => inView() || undefined);
      await until('its diagnostics again', () => diagnosticCodes(uri).includes('invalid-yaml') || undefined);
      await until('its status bar figure again', () => api.statusBar.shownFor?.toString() === uri.toString() || undefined);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
      await until('the view entry to go', () => !inView() || undefined);
    });

    test('a prompt file renamed while open: the view, diagnostics and status bar follow it to its new name', async () => {
      await api.view.scan();
      const from = fileUri('cases/rename-me.prompty');
      const to = fileUri('cases/renamed.prompty');
      await vscode.workspace.fs.writeFile(from, new TextEncoder().encode('---\nname: [unclosed\nmodel: gpt-4o\n---\nsystem:\nHello {{name}}\n'));
      await open('cases/rename-me.prompty');
      const paths = () => api.view.allEntries().map((entry) => entry.path);
      await until('the file in the view', () => paths().includes('cases/rename-me.prompty') || undefined);
      await until('its diagnostics', () => diagnosticCodes(from).includes('invalid-yaml') || undefined);
      const edit = new vscode.WorkspaceEdit();
      edit.renameFile(from, to);
      assert.ok(await vscode.workspace.applyEdit(edit), 'renamed');
      await until(
        'the view under the new name',
        () => (paths().includes('cases/renamed.prompty') && !paths().includes('cases/rename-me.prompty')) || undefined,
      );
      await until('the diagnostics on the new name', () => (diagnosticCodes(to).includes('invalid-yaml') && diagnosticCodes(from).length === 0) || undefined);
      await until('the status bar on the new name', () => api.statusBar.shownFor?.toString() === to.toString() || undefined);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(to);
      await until('the view entry to go', () => !paths().includes('cases/renamed.prompty') || undefined);
    });
  });
}

// The extension, the same for desktop and web: activate() only builds objects and registers them.
// Nothing is read, counted or priced until a prompt file is opened, hovered or the view is shown.
import * as vscode from 'vscode';
import { COMMANDS, SCENARIO_FILE, SETTINGS_SECTION, TEST_COMMANDS } from './commands';
import { PricingContext, type Platform } from './pricingContext';
import { PromptAnalyses, isPromptDocument, type PromptAnalysis } from './promptAnalysis';
import { PromptHoverProvider } from './hover';
import { PromptCodeLensProvider } from './codeLens';
import { CostStatusBar } from './statusBar';
import { PromptDiagnostics } from './diagnostics';
import { PromptCodeActions } from './codeActions';
import { PromptCostsView } from './promptCostsView';
import { pickModel } from './modelPicker';
import { openModelComparison } from './compareModels';
import { refreshPlanners, registerPlannerSerializer, type PlannerDeps } from './plannerPanel';
import type { PlannerTarget } from '../core/planner/protocol';
import { formatReport, planReportOf, writeAtomically, type ReportFormat } from './costReport';
import { type FolderScanner } from './workspaceScan';
import { analyseText } from './promptAnalysis';
import { readPromptText } from './workspaceFiles';
import { plainLabel } from './display';
import { Timings, now } from './timings';
import { DeletedDocuments } from './deletedDocuments';

/** What the extension exports: for the integration tests and the speed measurements only. */
export interface ExtensionApi {
  timings: Timings;
  analyses: PromptAnalyses;
  view: PromptCostsView;
  statusBar: CostStatusBar;
  diagnostics: PromptDiagnostics;
  context: PricingContext;
  /** The planner's data source on this platform (the suite checks its figures against the CLI's). */
  plannerDeps: PlannerDeps | null;
  activationMs: number;
}

/** Every file a prompt document could be: languages are not enough (`.prompt`, `.jsonl`, `.yaml`). */
const PROMPT_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'vscode-remote' }, { scheme: 'untitled' }, { scheme: 'vscode-vfs' }];

export function activateExtension(extension: vscode.ExtensionContext, platform: Platform, scanner: FolderScanner): ExtensionApi {
  const started = now();
  const timings = new Timings();
  const storage = extension.globalStorageUri;
  const context = new PricingContext(platform, extension.workspaceState, storage, extension.extensionUri, timings);
  const deleted = new DeletedDocuments();
  const analyses = new PromptAnalyses(context, (uri) => deleted.has(uri));
  const diagnostics = new PromptDiagnostics();
  const statusBar = new CostStatusBar(analyses, timings);
  const view = new PromptCostsView(context, scanner, extension.workspaceState);
  const codeLenses = new PromptCodeLensProvider(analyses);
  const subscriptions = extension.subscriptions;
  const output = vscode.window.createOutputChannel('LLM Cost');
  subscriptions.push(output);
  const plannerDeps =
    platform.plannerDeps?.(
      (message) => output.appendLine(message),
      () => vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string[]>('comparisonModels') ?? [],
      context,
    ) ?? null;
  // A planner left open across a window reload comes back (desktop).
  if (plannerDeps) subscriptions.push(registerPlannerSerializer(extension, plannerDeps));
  subscriptions.push(context, deleted, analyses, diagnostics, statusBar, view, codeLenses, { dispose: () => platform.bigFiles?.dispose() });

  // Only prompt files are analysed; the providers are registered for every file and answer nothing
  // for others (which files are prompts is a setting, not a fixed language list).
  const hover = new PromptHoverProvider(analyses, timings);
  const isPrompt = (document: vscode.TextDocument) => context.settings().then((settings) => isPromptDocument(document, settings.textPromptGlobs));
  subscriptions.push(
    vscode.languages.registerHoverProvider(PROMPT_SELECTOR, {
      provideHover: async (document, position) => ((await isPrompt(document)) ? hover.provideHover(document, position) : undefined),
    }),
    vscode.languages.registerCodeLensProvider(PROMPT_SELECTOR, {
      onDidChangeCodeLenses: codeLenses.onDidChangeCodeLenses,
      provideCodeLenses: async (document) => ((await isPrompt(document)) ? codeLenses.provideCodeLenses(document) : []),
    }),
    vscode.languages.registerCodeActionsProvider(PROMPT_SELECTOR, new PromptCodeActions(analyses), { providedCodeActionKinds: PromptCodeActions.kinds }),
  );

  // Diagnostics and the view follow every analysis; open and edited prompt documents are analysed.
  const analyseIfPrompt = async (document: vscode.TextDocument) => {
    if (await isPrompt(document)) await analyses.analyse(document).catch((error: unknown) => console.error('LLM Cost: analysis failed', error));
  };
  const onAnalysed = (analysis: PromptAnalysis) => {
    // An analysis that finishes after its file was deleted is dropped.
    if (deleted.has(analysis.uri)) return;
    timings.analysisReady(analysis.uri.toString());
    diagnostics.update(analysis);
    view.update(analysis);
  };
  // The team's scenario file changes every figure: read it again whenever it is created, saved or deleted.
  // (Deleting its folder reports the folder only, so the folder is watched too.)
  const scenarioChanged = () => context.invalidate();
  for (const pattern of [`**/${SCENARIO_FILE}`, `**/${SCENARIO_FILE.slice(0, SCENARIO_FILE.indexOf('/'))}`]) {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    subscriptions.push(watcher, watcher.onDidCreate(scenarioChanged), watcher.onDidChange(scenarioChanged), watcher.onDidDelete(scenarioChanged));
  }
  let pendingEdit: ReturnType<typeof setTimeout> | undefined;
  subscriptions.push(
    analyses.onDidAnalyse(onAnalysed),
    vscode.workspace.onDidOpenTextDocument((document) => {
      timings.opened(document.uri.toString());
      void analyseIfPrompt(document);
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (pendingEdit) clearTimeout(pendingEdit);
      pendingEdit = setTimeout(() => void analyseIfPrompt(event.document), 200);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      diagnostics.forget(document.uri);
      timings.closed(document.uri.toString());
    }),
    // A file deleted while open: its diagnostics, status bar figure and lenses go (the view's own
    // watcher drops its entry); they come back with the file.
    deleted.onDidChange((uri) => {
      analyses.forget(uri);
      if (deleted.has(uri)) diagnostics.forget(uri);
      else {
        const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
        if (document) void analyseIfPrompt(document);
      }
      statusBar.schedule(0);
      codeLenses.refresh();
    }),
    // Renamed in the editor: the editor moves to the new file (analysed when it opens); nothing stays
    // on the old name.
    vscode.workspace.onDidRenameFiles((event) => {
      for (const { oldUri } of event.files) {
        diagnostics.forget(oldUri);
        view.removeFile(oldUri);
      }
      statusBar.schedule(0);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS_SECTION)) context.invalidate(true, event.affectsConfiguration(`${SETTINGS_SECTION}.priceFile`));
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => context.invalidate()),
    context.onDidChange(() => {
      void refreshPlanners();
      for (const document of vscode.workspace.textDocuments) void analyseIfPrompt(document);
    }),
    { dispose: () => pendingEdit && clearTimeout(pendingEdit) },
    // The extension activates only in a workspace with prompt files, so the first one opened is near:
    // load the o200k vocabulary and the prices right after activation, in the background, and that
    // file's first figure no longer waits for them (issue 12: first figure in a cold window).
    warmUp(context),
  );
  setTimeout(() => {
    for (const document of vscode.workspace.textDocuments) void analyseIfPrompt(document);
  }, 0);

  const activeAnalysis = async (uri?: vscode.Uri): Promise<PromptAnalysis | null> => {
    const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    return document ? analyses.analyse(document) : null;
  };
  const workspaceAnalyses = async (): Promise<PromptAnalysis[]> => {
    await view.lastScan;
    if (view.allEntries().length === 0) await view.scan();
    const results: PromptAnalysis[] = [];
    for (const entry of view.allEntries().sort((a, b) => a.path.localeCompare(b.path))) {
      const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === entry.uri.toString());
      if (open) {
        const analysis = await analyses.analyse(open);
        if (analysis) results.push(analysis);
        continue;
      }
      const read = await readPromptText(entry.uri);
      if ('text' in read) {
        const analysis = await analyseText(context, entry.uri, read.text, -1);
        if (analysis) results.push(analysis);
      }
    }
    return results;
  };
  const reportScope = async (): Promise<PromptAnalysis[] | undefined> => {
    const current = await activeAnalysis();
    const scope = await vscode.window.showQuickPick(
      [
        ...(current ? [{ label: `This file (${plainLabel(current.path, 60)})`, scope: 'file' as const }] : []),
        { label: 'Every prompt file in the workspace', scope: 'workspace' as const },
      ],
      { title: 'Cost report of…' },
    );
    if (!scope) return undefined;
    return scope.scope === 'file' && current ? [current] : workspaceAnalyses();
  };

  const register = (id: string, run: (...args: never[]) => unknown) => subscriptions.push(vscode.commands.registerCommand(id, run));
  register(COMMANDS.scanWorkspace, () => view.scan(true));
  register(COMMANDS.chooseModel, async () => {
    const [{ catalog }, settings] = await Promise.all([context.prices(), context.settings()]);
    const picked = await pickModel(catalog, context.chosenModel, settings.comparisonModels);
    if (picked) await context.chooseModel(picked.model);
  });
  register(COMMANDS.openPlanner, async (uri?: vscode.Uri, request?: number) => {
    const analysis = await activeAnalysis(uri);
    const target: PlannerTarget = analysis
      ? { kind: 'file', uri: analysis.uri.toString(), ...(typeof request === 'number' && request > 0 ? { request } : {}) }
      : { kind: 'workspace' };
    await openModelComparison(extension, plannerDeps, target, async () => (analysis ? [analysis] : workspaceAnalyses()));
  });
  register(COMMANDS.copyReportMarkdown, async () => {
    const scope = await reportScope();
    if (!scope) return;
    await vscode.env.clipboard.writeText(formatReport(planReportOf(scope), 'markdown'));
    void vscode.window.showInformationMessage(
      `LLM Cost: the cost report of ${scope.length} file${scope.length === 1 ? '' : 's'} is on the clipboard (Markdown).`,
    );
  });
  register(COMMANDS.exportReport, async (formatArgument?: ReportFormat, target?: vscode.Uri) => {
    const format =
      formatArgument ??
      (
        await vscode.window.showQuickPick(
          [
            { label: 'Markdown', format: 'markdown' as const },
            { label: 'CSV', format: 'csv' as const },
            { label: 'JSON', format: 'json' as const },
          ],
          { title: 'Export the cost report as…' },
        )
      )?.format;
    if (!format) return;
    const scope = target ? await workspaceAnalyses() : await reportScope();
    if (!scope) return;
    const extension = format === 'markdown' ? 'md' : format;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        defaultUri: folder && vscode.Uri.joinPath(folder, `llm-cost-report.${extension}`),
        filters: { [format.toUpperCase()]: [extension] },
      }));
    if (!uri) return;
    await writeAtomically(uri, formatReport(planReportOf(scope), format));
    if (!target) void vscode.window.showInformationMessage(`LLM Cost: cost report written to ${plainLabel(vscode.workspace.asRelativePath(uri), 120)}.`);
  });
  register(COMMANDS.refreshPrices, async () => {
    if (!platform.refreshPrices) {
      return void vscode.window.showInformationMessage(
        'LLM Cost: refreshing prices needs the desktop extension; the web extension uses the bundled price data.',
      );
    }
    const answer = await vscode.window.showWarningMessage(
      'Download the latest price data from the @pydantic/genai-prices project on GitHub? This is the only network request the extension makes, and only now.',
      { modal: true },
      'Download',
    );
    if (answer !== 'Download') return;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Refreshing prices…' }, () =>
      platform.refreshPrices!(storage),
    );
    if (result.ok) {
      context.invalidate(false, true);
      void vscode.window.showInformationMessage(`LLM Cost: prices refreshed (data as of ${result.asOf}).`);
    } else {
      void vscode.window.showErrorMessage(`LLM Cost: prices not refreshed, the previous data is kept: ${plainLabel(result.error, 300)}`);
    }
  });
  register(COMMANDS.sortByCost, () => view.setSort('cost'));
  register(COMMANDS.sortByName, () => view.setSort('name'));
  register(TEST_COMMANDS.recordTimings, () => void (timings.enabled = true));

  return { timings, analyses, view, statusBar, diagnostics, context, plannerDeps, activationMs: now() - started };
}

function warmUp(context: PricingContext): vscode.Disposable {
  const timer = setTimeout(() => {
    void context.counters(['o200k_base']).catch(() => undefined);
    void context.prices().catch(() => undefined);
  }, 0);
  return { dispose: () => clearTimeout(timer) };
}

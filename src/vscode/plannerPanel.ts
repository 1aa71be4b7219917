// The planner panel in VS Code: a webview with a strict CSP and a fresh nonce, resources only from the
// built webview folder, every message from the webview validated (invalid ones dropped and logged),
// file writes made by the extension after the user chose where (written to a temporary file, then
// renamed), and the panel restored after a window reload by a serializer.
import * as vscode from 'vscode';
import { DEFAULT_SCENARIO, parseScenarioText, type Scenario } from '../core/cost';
import { plannerHtml } from '../core/planner/html';
import type { PlannerSource } from '../core/planner/plannerData';
import { scenarioFileText } from '../core/planner/exports';
import { validateFromWebview, validateTarget, type ExportFormat, type FromWebview, type PlannerTarget, type ToWebview } from '../core/planner/protocol';

export const PLANNER_VIEW_TYPE = 'llmCost.planner';

export interface PlannerDeps {
  /** The prompts, prices and counters for a target (the extension's scan and price context). */
  load(target: PlannerTarget, scenario: Scenario | null): Promise<PlannerSource>;
  /** The scenario the planner opens with (the workspace's scenario file and settings), or null. */
  scenario(): Promise<Scenario | null>;
  /** Where dropped messages and failures are logged (the extension's output channel). */
  log(message: string): void;
}

const openPanels = new Map<string, PlannerPanel>();

/** Opens the planner on a prompt file (or one of its requests) or on the whole workspace; reveals it if already open. */
export function openPlanner(context: vscode.ExtensionContext, target: PlannerTarget, deps: PlannerDeps): void {
  const key = JSON.stringify(target);
  const existing = openPanels.get(key);
  if (existing) {
    existing.panel.reveal();
    return;
  }
  const panel = vscode.window.createWebviewPanel(PLANNER_VIEW_TYPE, titleOf(target), vscode.ViewColumn.Beside, webviewOptions(context));
  openPanels.set(key, new PlannerPanel(context, panel, target, deps));
}

/** Reloads every open planner's prompts and prices: call when prompt files, prices or the scenario file change. */
export async function refreshPlanners(): Promise<void> {
  await Promise.all([...openPanels.values()].map((panel) => panel.sendData(true)));
}

/** Restores planner panels after a window reload. Register in activate(); needs `onWebviewPanel:llmCost.planner`. */
export function registerPlannerSerializer(context: vscode.ExtensionContext, deps: PlannerDeps): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PLANNER_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      // The saved state is data the webview wrote: checked like any message before it is trusted.
      const target = validateTarget((state as { planner?: { target?: unknown } } | undefined)?.planner?.target);
      if (!target) {
        deps.log('Planner: a restored panel had no valid target; closed it.');
        panel.dispose();
        return;
      }
      panel.webview.options = webviewOptions(context);
      openPanels.set(JSON.stringify(target), new PlannerPanel(context, panel, target, deps));
    },
  });
}

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')], retainContextWhenHidden: false };
}

function titleOf(target: PlannerTarget): string {
  if (target.kind === 'workspace') return 'Cost planner: workspace';
  const name = vscode.Uri.parse(target.uri).path.split('/').pop() ?? 'prompt';
  return `Cost planner: ${name}`;
}

function nonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const EXPORT_FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  markdown: { Markdown: ['md'] },
  csv: { CSV: ['csv'] },
  json: { JSON: ['json'] },
  png: { 'PNG image': ['png'] },
};

class PlannerPanel {
  private source: Promise<PlannerSource> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    private readonly target: PlannerTarget,
    private readonly deps: PlannerDeps,
  ) {
    const webview = panel.webview;
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview', name)).toString();
    webview.html = plannerHtml({ cspSource: webview.cspSource, nonce: nonce(), scriptUri: asset('planner.js'), styleUri: asset('planner.css') });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const checked = validateFromWebview(raw);
        if (!checked.ok) {
          deps.log(`Planner: dropped a message from the webview (${checked.error}).`);
          return;
        }
        this.handle(checked.message).catch((error: unknown) => {
          deps.log(`Planner: ${(error as Error).message}`);
          this.post({ t: 'notice', level: 'error', message: (error as Error).message });
        });
      }),
      panel.onDidDispose(() => {
        openPanels.delete(JSON.stringify(target));
        for (const d of this.disposables) d.dispose();
      }),
    );
  }

  /** Sends the prompts and prices (loaded once; `reload` after the files or prices changed). */
  async sendData(reload = false): Promise<void> {
    if (reload) this.source = undefined;
    const scenario = await this.deps.scenario();
    const source = await this.loaded(scenario);
    this.post({ t: 'init', data: source.data, scenario });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private loaded(scenario: Scenario | null): Promise<PlannerSource> {
    return (this.source ??= this.deps.load(this.target, scenario));
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.t) {
      case 'ready':
        // Also sent after the webview was hidden and shown again: the view restores its own state.
        await this.sendData();
        return;
      case 'shorteningFor': {
        const options = (await this.loaded(null)).shorteningFor(message.promptId, message.maxExamples);
        if (options) this.post({ t: 'shortening', promptId: message.promptId, options });
        return;
      }
      case 'saveScenario': {
        const uri = await vscode.window.showSaveDialog({
          title: 'Save scenario (for llm-cost plan --scenario)',
          defaultUri: this.suggested('scenario.json'),
          filters: { JSON: ['json'] },
        });
        if (!uri) return;
        await writeAtomically(uri, new TextEncoder().encode(scenarioFileText(message.scenario, DEFAULT_SCENARIO)));
        this.post({ t: 'notice', level: 'info', message: `Scenario saved to ${vscode.workspace.asRelativePath(uri)}.` });
        return;
      }
      case 'loadScenario': {
        const [uri] =
          (await vscode.window.showOpenDialog({
            title: 'Load a scenario file',
            canSelectMany: false,
            filters: { JSON: ['json'] },
            defaultUri: this.suggested(''),
          })) ?? [];
        if (!uri) return;
        const name = vscode.workspace.asRelativePath(uri);
        const parsed = parseScenarioText(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), name);
        if (parsed.errors.length) {
          this.post({ t: 'notice', level: 'error', message: parsed.errors.map((e) => e.message).join('\n') });
          return;
        }
        const resolved = (await this.loaded(null)).resolve(parsed.scenario.models ?? []);
        this.post({ t: 'scenarioLoaded', slot: message.slot, name, scenario: parsed.scenario, resolved });
        return;
      }
      case 'export': {
        const uri = await vscode.window.showSaveDialog({
          title: `Export (${message.format})`,
          defaultUri: this.suggested(message.suggestedName),
          filters: EXPORT_FILTERS[message.format],
        });
        if (!uri) return;
        const bytes =
          message.format === 'png' ? base64Bytes(message.content.slice(message.content.indexOf(',') + 1)) : new TextEncoder().encode(message.content);
        await writeAtomically(uri, bytes);
        this.post({ t: 'notice', level: 'info', message: `Saved ${vscode.workspace.asRelativePath(uri)}.` });
        return;
      }
      case 'openFile': {
        const prompt = (await this.loaded(null)).data.prompts.find((p) => p.id === message.promptId);
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        if (prompt && folder)
          await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, prompt.path), { preview: true, viewColumn: vscode.ViewColumn.One });
        return;
      }
    }
  }

  private suggested(name: string): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return folder && name ? vscode.Uri.joinPath(folder, name) : folder;
  }
}

/** Writes next to the destination, then renames over it: a reader never sees half a file. */
async function writeAtomically(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
  const temporary = uri.with({ path: `${uri.path}.${Date.now().toString(36)}.tmp` });
  await vscode.workspace.fs.writeFile(temporary, bytes);
  try {
    await vscode.workspace.fs.rename(temporary, uri, { overwrite: true });
  } catch (error) {
    await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
    throw error;
  }
}

function base64Bytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// The "Prompt Costs" view: every prompt file of the workspace, grouped by folder, with tokens and
// cost per request and per month on the shown model; sortable by cost; kept current by a file-system
// watcher and by edits; the workspace total at volume in the view's description. A price that is not
// known is said ("price unknown"), never shown as $0.
import * as vscode from 'vscode';
import { VIEW_ID } from './commands';
import { formatInteger, formatUsd, plainLabel, plural } from './display';
import type { PricingContext } from './pricingContext';
import type { PromptAnalysis } from './promptAnalysis';
import { analyseFile, entryOf, type FolderScanner, type PromptCostEntry, type ScanObserver, type ScanResult } from './workspaceScan';

type Node = { kind: 'folder'; path: string; entries: PromptCostEntry[] } | { kind: 'file'; entry: PromptCostEntry };

const SORT_KEY = 'llmCost.viewSort';

export class PromptCostsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  private readonly entries = new Map<string, PromptCostEntry>();
  private skipped: { path: string; reason: string }[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private scanning: vscode.CancellationTokenSource | undefined;
  /** Whether a scan has completed: until then the view shows nothing rather than the few open files. */
  private scanned = false;
  /** Whether the view has asked for a scan (shown, or a command): settings changes scan again. */
  private wanted = false;
  /** For the integration suite: sees the scan's workers (and can stop one). */
  scanObserver: ScanObserver | undefined;
  /** Scans whose results were applied (a cancelled one applies nothing; the suite checks). */
  completedScans = 0;
  /** Where the last scan's work ran (the tests check it is off the extension host's thread). */
  lastScanMode: ScanResult['mode'] | null = null;
  /** Resolves when the latest scan has finished (tests and the report commands wait on it). */
  lastScan: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: PricingContext,
    private readonly scanner: FolderScanner,
    private readonly workspaceState: vscode.Memento,
  ) {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate((uri) => this.refreshFile(uri)),
      watcher.onDidChange((uri) => this.refreshFile(uri)),
      watcher.onDidDelete((uri) => this.removeFile(uri)),
      this.view.onDidChangeVisibility((event) => event.visible && !this.wanted && void this.scan()),
      context.onDidChange(() => this.wanted && void this.scan()),
    );
    if (this.view.visible) void this.scan();
  }

  get sortByCost(): boolean {
    return this.workspaceState.get<string>(SORT_KEY) !== 'name';
  }

  async setSort(by: 'cost' | 'name'): Promise<void> {
    await this.workspaceState.update(SORT_KEY, by);
    this.changed.fire(undefined);
  }

  /** Scans every workspace folder; a new scan cancels the one running. */
  scan(showNotification = false): Promise<void> {
    this.scanning?.cancel();
    const source = (this.scanning = new vscode.CancellationTokenSource());
    this.wanted = true;
    const run = async (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => {
      const cancel = token.onCancellationRequested(() => source.cancel());
      try {
        const found = new Map<string, PromptCostEntry>();
        const skipped: { path: string; reason: string }[] = [];
        let mode: ScanResult['mode'] | null = null;
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
          const result = await this.scanner(folder.uri, this.context, source.token, { report: (message) => progress.report({ message }) }, this.scanObserver);
          if (!result || source.token.isCancellationRequested) return;
          for (const entry of result.entries) found.set(entry.uri.toString(), entry);
          skipped.push(...result.skipped);
          mode = result.mode;
        }
        // A cancelled scan leaves the previous results as they were: no half state.
        this.entries.clear();
        for (const [key, entry] of found) this.entries.set(key, entry);
        this.skipped = skipped;
        this.lastScanMode = mode;
        this.scanned = true;
        this.completedScans++;
        this.render();
      } finally {
        cancel.dispose();
      }
    };
    const location = showNotification ? vscode.ProgressLocation.Notification : { viewId: VIEW_ID };
    this.lastScan = Promise.resolve(
      vscode.window.withProgress({ location, title: 'Scanning prompt files', cancellable: showNotification }, (progress, token) => run(progress, token)),
    ).catch((error: unknown) => {
      void vscode.window.showErrorMessage(`LLM Cost: the workspace scan failed: ${plainLabel(error instanceof Error ? error.message : String(error))}`);
    });
    return this.lastScan;
  }

  cancelScan(): void {
    this.scanning?.cancel();
  }

  /** An open document was analysed (typing): its entry follows the unsaved text. */
  update(analysis: PromptAnalysis): void {
    if (!this.scanned || analysis.generation !== this.context.generation) return;
    this.entries.set(analysis.uri.toString(), entryOf(analysis));
    this.render();
  }

  allEntries(): PromptCostEntry[] {
    return [...this.entries.values()];
  }

  private async refreshFile(uri: vscode.Uri): Promise<void> {
    if (!this.scanned || uri.path.includes('/node_modules/') || uri.path.includes('/.git/')) return;
    const entry = await analyseFile(uri, this.context).catch(() => null);
    const key = uri.toString();
    if (entry && !('skipped' in entry)) this.entries.set(key, entry);
    else if (!this.entries.delete(key)) return;
    this.render();
  }

  /** A file (or a folder of files) deleted or renamed away. */
  removeFile(uri: vscode.Uri): void {
    const prefix = uri.toString();
    let removed = false;
    // A deleted folder removes every file under it.
    for (const key of [...this.entries.keys()]) {
      if (key === prefix || key.startsWith(`${prefix}/`)) removed = this.entries.delete(key) || removed;
    }
    if (removed) this.render();
  }

  private render(): void {
    const entries = this.allEntries();
    const tooLong = entries.filter((entry) => entry.overContextWindow).length;
    const notPriced = entries.filter((entry) => entry.notPriced).length;
    const unknown = entries.filter((entry) => entry.costPerMonth === null && !entry.overContextWindow && !entry.notPriced).length;
    const total = entries.reduce((sum, entry) => sum + (entry.costPerMonth ?? 0), 0);
    const model = this.context.chosenModel;
    const parts = [`${formatUsd(total)}/month`];
    if (unknown > 0) parts.push(`${unknown} price unknown`);
    if (tooLong > 0) parts.push(`${tooLong} over the context window`);
    if (notPriced > 0) parts.push(`${notPriced} could not be priced`);
    parts.push(model ? `on ${plainLabel(model, 40)}` : "on each file's model");
    this.view.description = entries.length === 0 ? 'no prompt files' : parts.join(' · ');
    this.view.message =
      this.skipped.length > 0
        ? `${plural(this.skipped.length, 'file')} skipped: ${plainLabel(this.skipped.map((file) => `${file.path} (${file.reason})`).join('; '), 300)}`
        : undefined;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'file') return [];
    const entries = node?.kind === 'folder' ? node.entries : this.allEntries();
    if (node?.kind === 'folder') return this.sorted(entries).map((entry) => ({ kind: 'file', entry }));
    const byFolder = new Map<string, PromptCostEntry[]>();
    for (const entry of entries) {
      const folder = entry.path.includes('/') ? entry.path.slice(0, entry.path.lastIndexOf('/')) : '.';
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), entry]);
    }
    const folders = [...byFolder].map(([path, list]) => ({ kind: 'folder' as const, path, entries: list }));
    const monthly = (list: PromptCostEntry[]) => list.reduce((sum, entry) => sum + (entry.costPerMonth ?? 0), 0);
    return folders.sort((a, b) => (this.sortByCost ? monthly(b.entries) - monthly(a.entries) : 0) || a.path.localeCompare(b.path));
  }

  private sorted(entries: PromptCostEntry[]): PromptCostEntry[] {
    return [...entries].sort((a, b) => (this.sortByCost ? (b.costPerMonth ?? -1) - (a.costPerMonth ?? -1) : 0) || a.path.localeCompare(b.path));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'folder') {
      const total = node.entries.reduce((sum, entry) => sum + (entry.costPerMonth ?? 0), 0);
      const unknown = node.entries.some((entry) => entry.costPerMonth === null && !entry.overContextWindow && !entry.notPriced);
      const tooLong = node.entries.filter((entry) => entry.overContextWindow).length;
      const notPriced = node.entries.filter((entry) => entry.notPriced).length;
      const item = new vscode.TreeItem(plainLabel(node.path), vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${formatUsd(total)}/month${unknown ? ' + price unknown' : ''}${tooLong ? ` · ${tooLong} over the context window` : ''}${notPriced ? ` · ${notPriced} could not be priced` : ''}`;
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = 'folder';
      return item;
    }
    const { entry } = node;
    const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const item = new vscode.TreeItem(plainLabel(name), vscode.TreeItemCollapsibleState.None);
    const tokens = `${entry.tokensExact ? '' : '~'}${formatInteger(entry.tokens)} tokens`;
    item.description = entry.notPriced
      ? 'could not be priced'
      : entry.overContextWindow
        ? `${tokens} · over the context window`
        : entry.costPerRequest === null
          ? `${tokens} · price unknown`
          : `${tokens} · ${formatUsd(entry.costPerRequest)}/request · ${formatUsd(entry.costPerMonth)}/month`;
    const tooltip = new vscode.MarkdownString();
    if (entry.notPriced) tooltip.appendText(`${entry.path}\n\n${entry.notPriced}`);
    else
      tooltip.appendText(
        `${entry.path}\n\nOn ${entry.model}${entry.requests > 1 ? ` (most expensive of ${entry.requests} requests)` : ''}: ${item.description}`,
      );
    if (entry.overContextWindow) tooltip.appendText(`\n\n${entry.overContextWindow}`);
    if (entry.unknownReason && !entry.notPriced) tooltip.appendText(`\n\n${entry.unknownReason}`);
    if (entry.problems > 0) tooltip.appendText(`\n\n${plural(entry.problems, 'problem')} in the file`);
    item.tooltip = tooltip;
    item.resourceUri = entry.uri;
    item.command = { command: 'vscode.open', title: 'Open', arguments: [entry.uri] };
    item.contextValue = 'promptFile';
    return item;
  }

  dispose(): void {
    this.scanning?.cancel();
    this.changed.dispose();
    this.view.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

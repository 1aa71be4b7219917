// The status bar item for the active prompt file (or its selection): tokens and cost per request on
// the shown model. Follows typing: the core's counter caches lines, so only changed lines recount.
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { costPerRequestOn, escapeMarkdown, formatInteger, formatUsd, plainLabel, tokensOn } from './display';
import type { PromptAnalyses, PromptAnalysis } from './promptAnalysis';
import { now, type Timings } from './timings';

/** Typing is followed, but not on every keystroke. */
const TYPING_DELAY_MS = 150;

export class CostStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private updates = 0;
  /** The document whose figure the item shows, or null when it is hidden. */
  shownFor: vscode.Uri | null = null;

  constructor(
    private readonly analyses: PromptAnalyses,
    private readonly timings: Timings,
  ) {
    this.item = vscode.window.createStatusBarItem('llmCost.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'LLM Cost';
    this.item.command = COMMANDS.chooseModel;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) timings.becameActive(editor.document.uri.toString());
        this.schedule(0);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => event.textEditor === vscode.window.activeTextEditor && this.schedule(TYPING_DELAY_MS)),
      vscode.workspace.onDidChangeTextDocument((event) => event.document === vscode.window.activeTextEditor?.document && this.schedule(TYPING_DELAY_MS)),
      analyses.context.onDidChange(() => this.schedule(0)),
    );
    this.schedule(0);
  }

  schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  async update(): Promise<void> {
    const started = now();
    const update = ++this.updates;
    const editor = vscode.window.activeTextEditor;
    if (editor && this.analyses.countsOffThread(editor.document)) {
      // A big document is counted on a worker thread: say so until its figure arrives.
      this.item.text = '$(sync~spin) counting…';
      this.item.tooltip = 'LLM Cost: counting this large file in the background.';
      this.item.show();
    }
    const analysis = editor ? await this.analyses.analyse(editor.document).catch(() => null) : null;
    if (update !== this.updates) return;
    if (!editor || !analysis || analysis.requests.length === 0) {
      this.item.hide();
      this.shownFor = null;
      return;
    }
    const selection = editor.selection;
    if (!selection.isEmpty) this.showSelection(analysis, editor.document.getText(selection));
    else this.showRequest(analysis);
    this.item.show();
    this.shownFor = editor.document.uri;
    this.timings.figureShown(editor.document.uri.toString());
    this.timings.record('statusBar', now() - started);
  }

  private showRequest(analysis: PromptAnalysis): void {
    const request = analysis.requests[0];
    const plan = request.shown;
    const more = analysis.requests.length > 1 ? ` (first of ${formatInteger(analysis.requests.length + analysis.omittedRequests)})` : '';
    this.item.text = `$(symbol-numeric) ${plainLabel(`${plan.known ? tokensOn(plan) : formatInteger(request.profile.inputTokens.o200k_base)} tokens · ${costPerRequestOn(plan)}`, 80)}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**LLM Cost**: one request${more} on ${escapeMarkdown(plan.requestedAs, 60)}: ${escapeMarkdown(costPerRequestOn(plan))}`);
    if (!plan.known) tooltip.appendMarkdown(` (${escapeMarkdown(plan.reason)})`);
    tooltip.appendMarkdown('\n\nClick to choose the model.');
    this.item.tooltip = tooltip;
  }

  private showSelection(analysis: PromptAnalysis, text: string): void {
    const plan = analysis.requests[0].shown;
    const o200k = analysis.counters.o200k_base.count(text);
    if (!plan.known) {
      this.item.text = `$(selection) ${formatInteger(o200k)} tokens selected · price unknown`;
      this.item.tooltip = `Selection: ${formatInteger(o200k)} tokens (o200k_base). ${plainLabel(plan.requestedAs)}: price unknown.`;
      return;
    }
    // The selection as input on the shown model, at its input price (no caching or batch).
    const tokens = plan.tokensExact ? o200k : Math.round(o200k * plan.tokenizer.factor);
    const cost = (tokens * plan.prices.inputPerMTok) / 1e6;
    this.item.text = `$(selection) ${plan.tokensExact ? '' : '~'}${formatInteger(tokens)} tokens selected · ${plan.tokensExact ? '' : '~'}${formatUsd(cost)}`;
    this.item.tooltip = plainLabel(`Selection as input on ${plan.requestedAs} at $${plan.prices.inputPerMTok}/M input tokens. Click to choose the model.`, 200);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

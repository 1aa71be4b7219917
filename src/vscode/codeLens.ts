// CodeLens at the top of each prompt file, and per request in a Batch `.jsonl` or per prompt in a
// promptfoo config: `1,234 tokens · $0.0031/request · $93/month on gpt-4o · compare models`.
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { costPerMonthOn, costPerRequestOn, plainLabel, tokensOn } from './display';
import type { PromptAnalyses, RequestAnalysis } from './promptAnalysis';

export class PromptCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly analyses: PromptAnalyses) {
    this.subscription = analyses.context.onDidChange(() => this.changed.fire());
  }

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const analysis = await this.analyses.analyse(document);
    if (!analysis) return [];
    const lenses: vscode.CodeLens[] = [];
    const perRequest = analysis.requests.length > 1;
    for (const [index, request] of analysis.requests.entries()) {
      const line = perRequest ? Math.min(Math.max(request.line - 1, 0), document.lineCount - 1) : 0;
      const range = new vscode.Range(line, 0, line, 0);
      lenses.push(
        new vscode.CodeLens(range, { title: lensTitle(request), command: COMMANDS.chooseModel, tooltip: 'Choose the model the editor prices on' }),
        new vscode.CodeLens(range, { title: 'compare models', command: COMMANDS.openPlanner, arguments: [document.uri, index] }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
    this.subscription.dispose();
  }
}

export function lensTitle(request: RequestAnalysis): string {
  const plan = request.shown;
  const tokens = plan.known ? tokensOn(plan) : String(request.profile.inputTokens.o200k_base);
  return plainLabel(`${tokens} tokens · ${costPerRequestOn(plan)}/request · ${costPerMonthOn(plan)}/month on ${plan.requestedAs}`, 160);
}

// Quick fixes for the cost diagnostics. An edit is offered only where it is safe: lowering a
// declared output limit to the model's own limit (the number is replaced, nothing else). Every cost
// diagnostic also offers to compare models or choose another one (commands, no edit).
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { COST_CODES, DIAGNOSTIC_SOURCE } from './diagnostics';
import type { PromptAnalyses } from './promptAnalysis';

const OUTPUT_LIMIT_KEYS = /(["']?(?:max_tokens|max_completion_tokens|maxOutputTokens|max_output_tokens)["']?\s*[:=]\s*)(\d+)/;

export class PromptCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly analyses: PromptAnalyses) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter(
      (diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && (Object.values(COST_CODES) as unknown[]).includes(diagnostic.code),
    );
    if (ours.length === 0) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      if (diagnostic.code === COST_CODES.outputLimit) {
        const fix = await this.lowerOutputLimit(document, diagnostic);
        if (fix) actions.push(fix);
      }
    }
    const compare = new vscode.CodeAction('Compare models…', vscode.CodeActionKind.QuickFix);
    compare.command = { command: COMMANDS.openPlanner, title: 'Compare models…', arguments: [document.uri] };
    compare.diagnostics = ours;
    const choose = new vscode.CodeAction('Price on another model…', vscode.CodeActionKind.QuickFix);
    choose.command = { command: COMMANDS.chooseModel, title: 'Choose model…' };
    choose.diagnostics = ours;
    actions.push(compare, choose);
    return actions;
  }

  private async lowerOutputLimit(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction | undefined> {
    const analysis = await this.analyses.analyse(document);
    const line = diagnostic.range.start.line + 1;
    const request = analysis?.requests.find((candidate) => Math.min(Math.max(candidate.line, 1), document.lineCount) === line) ?? analysis?.requests[0];
    const plan = request?.shown;
    const declared = request?.profile.declaredMaxOutputTokens;
    if (!plan?.known || plan.fit.maxOutputTokens === null || declared === null || declared === undefined) return undefined;
    // The declared number, on the request's own line (Batch JSONL) or in the frontmatter above the body.
    const lastLine = analysis!.requests.length > 1 ? line - 1 : Math.min(document.lineCount - 1, analysis!.parsed.body.startLine - 1);
    const firstLine = analysis!.requests.length > 1 ? line - 1 : 0;
    for (let index = firstLine; index <= lastLine; index++) {
      const text = document.lineAt(index).text;
      const match = OUTPUT_LIMIT_KEYS.exec(text);
      if (!match || Number(match[2]) !== declared) continue;
      const start = match.index + match[1].length;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(index, start, index, start + match[2].length), String(plan.fit.maxOutputTokens));
      const action = new vscode.CodeAction(
        `Lower the output limit to ${plan.fit.maxOutputTokens} (${plan.requestedAs}'s maximum)`,
        vscode.CodeActionKind.QuickFix,
      );
      action.edit = edit;
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      return action;
    }
    return undefined;
  }
}

// "Compare models…": until the planner webview lands, the comparison is the command-line tool's
// Markdown report for the file, opened in a Markdown preview. The planner replaces this one function.
import * as vscode from 'vscode';
import { formatReport, planReportOf } from './costReport';
import type { PromptAnalysis } from './promptAnalysis';

export async function openModelComparison(analyses: readonly PromptAnalysis[]): Promise<void> {
  const content = formatReport(planReportOf(analyses), 'markdown');
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.commands.executeCommand('markdown.showPreview', document.uri);
}

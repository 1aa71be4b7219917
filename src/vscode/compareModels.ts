// "Compare models…" / "Open planner": the planner webview where the platform has its data source
// (desktop), else the command-line tool's Markdown report for the file, opened in a Markdown preview.
import * as vscode from 'vscode';
import type { PlannerTarget } from '../core/planner/protocol';
import { formatReport, planReportOf } from './costReport';
import { openPlanner, type PlannerDeps } from './plannerPanel';
import type { PromptAnalysis } from './promptAnalysis';

export async function openModelComparison(
  extension: vscode.ExtensionContext,
  deps: PlannerDeps | null,
  target: PlannerTarget,
  analyses: () => Promise<readonly PromptAnalysis[]>,
): Promise<void> {
  if (deps) return openPlanner(extension, target, deps);
  const content = formatReport(planReportOf(await analyses()), 'markdown');
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.commands.executeCommand('markdown.showPreview', document.uri);
}

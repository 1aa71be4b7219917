// The cost report, as `llm-cost plan` writes it: built from the same analyses as the editor, with
// the command-line tool's own Markdown and JSON formatters, plus CSV for spreadsheets.
import * as vscode from 'vscode';
import { PLAN_REPORT_VERSION, planFile, planReportAsCsv, planReportAsMarkdown, type PlanReport } from '../core/report';
import { DEFAULT_SCENARIO } from '../core/cost';
import type { PromptAnalysis } from './promptAnalysis';
import { MAX_PRICED_REQUESTS } from './promptAnalysis';

export type ReportFormat = 'markdown' | 'csv' | 'json';

/** The plan report of these analyses (one file, or the whole workspace), by the core's `planFile`. */
export function planReportOf(analyses: readonly PromptAnalysis[], warnings: string[] = []): PlanReport {
  const first = analyses[0];
  return {
    version: PLAN_REPORT_VERSION,
    dataSource: first?.prices.dataSource ?? '',
    asOf: first?.prices.asOf ?? '',
    scenario: first ? { ...first.settings.scenario, models: first.scenario.models } : { ...DEFAULT_SCENARIO },
    files: analyses.map((analysis) =>
      planFile(analysis.parsed, {
        prices: analysis.prices,
        // The scenario as the editor prices it (the chosen model compared too); planFile applies the batch rule itself.
        scenario: { ...analysis.settings.scenario, models: analysis.scenario.models },
        counters: analysis.counters,
        maxRequests: MAX_PRICED_REQUESTS,
        batchShareChosen: analysis.settings.batchShareChosen,
        defaultModels: analysis.settings.comparisonModels,
      }),
    ),
    warnings: [...warnings, ...(first?.settings.problems ?? [])],
  };
}

export function formatReport(report: PlanReport, format: ReportFormat): string {
  if (format === 'markdown') return planReportAsMarkdown(report);
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return planReportAsCsv(report);
}

/** Writes atomically: a temporary file beside the target, then a rename over it. */
export async function writeAtomically(target: vscode.Uri, text: string): Promise<void> {
  const temporary = target.with({ path: `${target.path}.${Date.now().toString(36)}.tmp` });
  await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(text));
  try {
    await vscode.workspace.fs.rename(temporary, target, { overwrite: true });
  } catch (error) {
    await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
    throw error;
  }
}

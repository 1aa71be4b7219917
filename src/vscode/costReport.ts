// The cost report, as `llm-cost plan` writes it: built from the same analyses as the editor, with
// the command-line tool's own Markdown and JSON formatters, plus CSV for spreadsheets.
import * as vscode from 'vscode';
import { PLAN_REPORT_VERSION, planReportAsMarkdown, type PlanReport, type PlannedFile } from '../core/planReportText';
import { planComparison } from '../core/cost';
import type { PromptAnalysis } from './promptAnalysis';

export type ReportFormat = 'markdown' | 'csv' | 'json';

/** The plan report of these analyses (one file, or the whole workspace). */
export function planReportOf(analyses: readonly PromptAnalysis[], warnings: string[] = []): PlanReport {
  const first = analyses[0];
  const report: PlanReport = {
    version: PLAN_REPORT_VERSION,
    dataSource: first?.catalog.dataSource ?? '',
    asOf: first?.catalog.asOf ?? '',
    scenario: first ? { ...first.scenario } : {},
    files: [],
    warnings: [...warnings, ...(first?.settings.problems ?? [])],
  };
  for (const analysis of analyses) {
    const count = (text: string) => analysis.counters.o200k_base.count(text);
    const file: PlannedFile = {
      path: analysis.path,
      format: analysis.parsed.format,
      // The report carries the shortening suggestions too, so it is planned again with the counter.
      requests: analysis.requests.map((request) => ({
        label: request.profile.label,
        comparison: planComparison(request.profile, analysis.scenario, { catalog: analysis.catalog, count, defaultModels: analysis.settings.comparisonModels }),
      })),
      omittedRequests: analysis.omittedRequests,
      diagnostics: analysis.parsed.diagnostics,
    };
    report.files.push(file);
  }
  return report;
}

export function formatReport(report: PlanReport, format: ReportFormat): string {
  if (format === 'markdown') return planReportAsMarkdown(report);
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return planReportAsCsv(report);
}

const CSV_COLUMNS = ['file', 'request', 'model', 'current', 'price_known', 'input_tokens', 'tokens_exact', 'output_tokens', 'cost_per_request_usd', 'cost_per_month_usd', 'cost_per_active_user_per_month_usd', 'notes'];

/** One row per request and model. Cells that start like a formula are quoted with a leading `'` (CSV injection). */
export function planReportAsCsv(report: PlanReport): string {
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    let text = String(value).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
    if (/^[=+\-@\t\r]/.test(text) && typeof value !== 'number') text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [CSV_COLUMNS.join(',')];
  for (const file of report.files) {
    for (const request of file.requests) {
      for (const plan of request.comparison.plans) {
        const current = plan.requestedAs === request.comparison.currentModel;
        lines.push(
          (plan.known
            ? [file.path, request.label, plan.requestedAs, current, true, plan.inputTokens, plan.tokensExact, plan.outputTokens + plan.reasoningTokens, plan.costPerRequest, plan.costPerMonth, plan.costPerActiveUserPerMonth, plan.fit.problems.join('; ')]
            : [file.path, request.label, plan.requestedAs, current, false, null, null, null, null, null, null, `price unknown: ${plan.reason}`]
          )
            .map(cell)
            .join(','),
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
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

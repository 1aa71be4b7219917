// Reports: the plan and scan documents and their renderings for people (table, Markdown, CSV).
export type { PlanReport, PlannedFile, PlannedRequest, PlanSetup, BudgetCheck, SkippedFile } from './planReport';
export { PLAN_REPORT_VERSION, planFile, planReport, checkBudget, encodingsForPlan } from './planReport';
export { planReportAsTable, planReportAsMarkdown, planReportAsCsv } from './planText';
export { scanReportAsTable, scanReportAsMarkdown } from './scanText';
export { formatUsd } from './money';
export { printable, printableData, printableJson } from './printable';

// Reports: the plan and scan documents and their renderings for people (table, Markdown, CSV).
export type { PlanReport, PlannedFile, PlannedRequest, PlanSetup, BudgetCheck } from './planReport';
export { PLAN_REPORT_VERSION, STALE_PRICE_DATA_DAYS, planFile, planReport, checkBudget, encodingsForPlan, stalePriceData } from './planReport';
export { planReportAsTable, planReportAsMarkdown, planReportAsCsv } from './planText';
export { scanReportAsTable, scanReportAsMarkdown } from './scanText';
export { formatUsd } from './money';

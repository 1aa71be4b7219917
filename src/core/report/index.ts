// Reports: the plan and scan documents and their renderings for people (table, Markdown, CSV).
export type { PlanReport, PlannedFile, PlannedRequest, PlanSetup, BudgetCheck, SkippedFile } from './planReport';
export {
  PLAN_REPORT_VERSION,
  STALE_PRICE_DATA_DAYS,
  planFile,
  planReport,
  checkBudget,
  checkFile,
  checkTail,
  encodingsForPlan,
  stalePriceData,
} from './planReport';
export {
  planReportAsTable,
  planReportAsMarkdown,
  planReportAsCsv,
  PLAN_AS_TABLE,
  PLAN_AS_MARKDOWN,
  PLAN_AS_CSV,
  type PlanRendering,
  type PlanReportTail,
} from './planText';
export { scanReportAsTable, scanReportAsMarkdown } from './scanText';
export { formatUsd } from './money';
export { printable, printableData, printableJson } from './printable';

// The plan report: every request of every prompt file priced on each compared model under one
// scenario, as the CLI prints it (`plan`), the budget gate reads it (`check`), the editor exports it
// and the planner shows it. Pure: files, counters and prices come in as values.
import type { ParsedPromptFile, PromptDiagnostic, PromptFormat } from '../types';
import { profileRequests, DEFAULT_PROFILE_OPTIONS, type Counters, type ProfileOptions } from '../requests';
import { planComparison, type ComparisonPlan, type Scenario } from '../cost';
import { DEFAULT_COMPARISON_MODELS } from '../pricing/catalog';
import type { PriceBook } from '../pricing/priceBook';
import { encodingsFor } from '../pricing/providerRules';
import type { EncodingName } from '../tokens';
import { formatUsd } from './money';

export const PLAN_REPORT_VERSION = 1;

export interface PlannedRequest {
  label: string;
  comparison: ComparisonPlan;
}

export interface PlannedFile {
  path: string;
  format: PromptFormat;
  requests: PlannedRequest[];
  /** Requests left out of a large file (Batch API), with how many there were. */
  omittedRequests: number;
  diagnostics: PromptDiagnostic[];
}

export interface PlanReport {
  version: typeof PLAN_REPORT_VERSION;
  dataSource: string;
  asOf: string;
  scenario: Scenario;
  files: PlannedFile[];
  warnings: string[];
}

export interface PlanSetup {
  prices: PriceBook;
  scenario: Scenario;
  /** Must hold every encoding `encodingsForPlan` names for the files. */
  counters: Counters;
  /** Requests priced per file (a Batch API file has one per line); the rest are counted as omitted. */
  maxRequests: number;
  /**
   * Whether the user chose the batch share. When not, a Batch API input file is priced as batch
   * traffic, since that is what it is for.
   */
  batchShareChosen: boolean;
  profile?: ProfileOptions;
  /** Models compared when the scenario names none (the editor's setting). */
  defaultModels?: readonly string[];
  /** When prices are wanted; defaults to now. */
  at?: Date;
}

/** The encodings to count before planning `files`: see `encodingsFor`. */
export function encodingsForPlan(
  files: readonly ParsedPromptFile[],
  scenario: Scenario,
  defaultModels: readonly string[] = DEFAULT_COMPARISON_MODELS,
): EncodingName[] {
  return encodingsFor([...(scenario.models ?? defaultModels), ...files.flatMap((file) => [file.model, ...file.requests.map((request) => request.model)])]);
}

export function planFile(file: ParsedPromptFile, setup: PlanSetup): PlannedFile {
  const profiles = profileRequests(file, setup.counters, setup.profile ?? DEFAULT_PROFILE_OPTIONS);
  const scenario = file.format === 'batch-jsonl' && !setup.batchShareChosen ? { ...setup.scenario, batchShare: 1 } : setup.scenario;
  const count = (text: string) => setup.counters.o200k_base.count(text);
  const context = {
    prices: setup.prices,
    count,
    ...(setup.at ? { at: setup.at } : {}),
    ...(setup.defaultModels ? { defaultModels: setup.defaultModels } : {}),
  };
  return {
    path: file.path,
    format: file.format,
    requests: profiles.slice(0, setup.maxRequests).map((profile) => ({ label: profile.label, comparison: planComparison(profile, scenario, context) })),
    omittedRequests: Math.max(0, profiles.length - setup.maxRequests),
    diagnostics: file.diagnostics,
  };
}

export function planReport(files: readonly ParsedPromptFile[], setup: PlanSetup, warnings: string[] = []): PlanReport {
  return {
    version: PLAN_REPORT_VERSION,
    dataSource: setup.prices.dataSource,
    asOf: setup.prices.asOf,
    scenario: { ...setup.scenario },
    files: files.map((file) => planFile(file, setup)),
    warnings,
  };
}

export interface BudgetCheck {
  failures: string[];
  passes: string[];
}

/**
 * `check`: every request's cost on its current model (the one its file declares, else the first
 * compared) against the budget. A gate must not pass what it could not price: a file with errors,
 * a price unknown, or nothing found at all is a failure.
 */
export function checkBudget(report: PlanReport, budget: number): BudgetCheck {
  const failures: string[] = [];
  const passes: string[] = [];
  for (const file of report.files) {
    const errors = file.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    const firstError = errors[0];
    if (firstError) {
      failures.push(
        `${file.path}: cannot be priced reliably, ${errors.length} error${errors.length > 1 ? 's' : ''} (first, line ${firstError.line}: ${firstError.message})`,
      );
      continue;
    }
    for (const request of file.requests) {
      const { comparison } = request;
      const current = comparison.plans.find((plan) => plan.requestedAs === comparison.currentModel);
      if (!current || !current.known) {
        failures.push(
          `${request.label}: price unknown for ${comparison.currentModel}${current && !current.known ? ` (${current.reason})` : ''}; add its prices with --prices.`,
        );
      } else if (current.costPerRequest > budget) {
        failures.push(`${request.label}: ${formatUsd(current.costPerRequest)} per request on ${current.requestedAs}, over the budget of ${formatUsd(budget)}.`);
      } else {
        passes.push(`${request.label}: ${formatUsd(current.costPerRequest)} per request on ${current.requestedAs}.`);
      }
    }
  }
  if (report.files.length === 0) failures.push('No prompt files found: nothing was checked.');
  return { failures, passes };
}

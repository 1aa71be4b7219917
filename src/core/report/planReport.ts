// The plan report: every request of every prompt file priced on each compared model under one
// scenario, as the CLI prints it (`plan`), the budget gate reads it (`check`), the editor exports it
// and the planner shows it. Pure: files, counters and prices come in as values.
import type { DiagnosticCode, ParsedPromptFile, PromptDiagnostic, PromptFormat } from '../types';
import { profileRequests, DEFAULT_PROFILE_OPTIONS, type Counters, type ProfileOptions } from '../requests';
import { planComparison, type ComparisonPlan, type Scenario, type UnknownModelPlan } from '../cost';
import { DEFAULT_COMPARISON_MODELS } from '../pricing/catalog';
import type { PriceBook } from '../pricing/priceBook';
import type { TrafficProfile } from '../pricing/priceSchedule';
import { encodingsFor } from '../pricing/providerRules';
import type { EncodingName } from '../tokens';
import { formatUsd } from './money';
import { printableData } from './printable';

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
  /** The date of the price data. */
  asOf: string;
  /** The date the plan prices for (`--as-of`, else the day it was made), YYYY-MM-DD. */
  pricedOn: string;
  scenario: Scenario;
  files: PlannedFile[];
  /** Files found but not priced (too large, binary, unreadable, a FIFO), with why: `check` fails on them. */
  skipped?: SkippedFile[];
  warnings: string[];
}

export interface SkippedFile {
  path: string;
  reason: string;
  /**
   * A `.txt`/`.md` file of the folder named that the text globs do not take as a prompt: listed so it
   * is seen, but not a failure of `check` (nothing in it was meant to be priced).
   */
  notAPrompt?: true;
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
  /** The date prices are wanted for; defaults to now. */
  at?: Date;
  /** How a day's requests spread over the 24 UTC hours, for prices that depend on the hour; uniform by default. */
  traffic?: TrafficProfile;
}

/** Price data older than this (before the plan's date) gets a warning. */
export const STALE_PRICE_DATA_DAYS = 60;

/** The encodings to count before planning `files`: see `encodingsFor`. */
export function encodingsForPlan(
  files: readonly ParsedPromptFile[],
  scenario: Scenario,
  defaultModels: readonly string[] = DEFAULT_COMPARISON_MODELS,
): EncodingName[] {
  return encodingsFor([...(scenario.models ?? defaultModels), ...files.flatMap((file) => [file.model, ...file.requests.map((request) => request.model)])]);
}

export function planFile(file: ParsedPromptFile, setup: PlanSetup): PlannedFile {
  try {
    return planFileRequests(file, setup);
  } catch (error) {
    // A fault in planning one file (a limit of the engine, a bug) costs that file, not the report;
    // the file carries an error, so `check` fails on it rather than passing it.
    return {
      path: file.path,
      format: file.format,
      requests: [],
      omittedRequests: 0,
      diagnostics: [
        ...file.diagnostics,
        {
          severity: 'error',
          code: 'not-priced',
          line: 1,
          range: { start: 0, end: 0 },
          message: `could not be priced: ${error instanceof Error ? error.message : String(error)} (an internal limit or error; please report it with the file's shape).`,
        },
      ],
    };
  }
}

function planFileRequests(file: ParsedPromptFile, setup: PlanSetup): PlannedFile {
  const profiles = profileRequests(file, setup.counters, setup.profile ?? DEFAULT_PROFILE_OPTIONS);
  const scenario = file.format === 'batch-jsonl' && !setup.batchShareChosen ? { ...setup.scenario, batchShare: 1 } : setup.scenario;
  const count = (text: string) => setup.counters.o200k_base.count(text);
  const context = {
    prices: setup.prices,
    count,
    ...(setup.at ? { at: setup.at } : {}),
    ...(setup.traffic ? { traffic: setup.traffic } : {}),
    ...(setup.defaultModels ? { defaultModels: setup.defaultModels } : {}),
  };
  return {
    path: file.path,
    format: file.format,
    requests: profiles
      .slice(0, setup.maxRequests)
      .map((profile) => ({ label: profile.label, comparison: withFiniteCosts(planComparison(profile, scenario, context)) })),
    omittedRequests: Math.max(0, profiles.length - setup.maxRequests),
    diagnostics: file.diagnostics,
  };
}

/**
 * A cost that is not a finite number (an output limit of 1e308, a price of 1e308) is no figure at
 * all: JSON would print it as null beside `known: true`, and a budget comparison with NaN passes.
 * Such a model is reported as price unknown, with the reason.
 */
function withFiniteCosts(comparison: ComparisonPlan): ComparisonPlan {
  const broken = new Set<string>();
  const plans = comparison.plans.map((plan) => {
    if (!plan.known) return plan;
    const figures = [plan.costPerRequest, plan.costPerMonth, plan.costPer1kRequests, plan.listCostPerRequest, plan.inputTokens, plan.outputTokens];
    if (figures.every((figure) => Number.isFinite(figure) && figure >= 0)) return plan;
    broken.add(plan.requestedAs);
    const unknown: UnknownModelPlan & { savingVsCurrentPerMonth: null } = {
      known: false,
      model: plan.model,
      requestedAs: plan.requestedAs,
      provider: null,
      priceUnknown: true,
      reason: `the cost is not a finite number (${plan.inputTokens} input and ${plan.outputTokens} output tokens at $${plan.prices.inputPerMTok}/$${plan.prices.outputPerMTok} per million): check the output limit and the prices`,
      costPerRequest: null,
      costPerMonth: null,
      savingVsCurrentPerMonth: null,
    };
    return unknown;
  });
  if (broken.size === 0) return comparison;
  const currentBroken = broken.has(comparison.currentModel);
  return {
    ...comparison,
    plans: plans.map((plan) => (currentBroken || !Number.isFinite(plan.savingVsCurrentPerMonth ?? 0) ? { ...plan, savingVsCurrentPerMonth: null } : plan)),
    cheapestModel: comparison.cheapestModel !== null && broken.has(comparison.cheapestModel) ? null : comparison.cheapestModel,
  };
}

export function planReport(files: readonly ParsedPromptFile[], setup: PlanSetup, warnings: string[] = [], skipped: SkippedFile[] = []): PlanReport {
  // One date for the whole report, so every file is priced on the same day.
  const at = setup.at ?? new Date();
  const stale = stalePriceData(setup.prices.asOf, at);
  return {
    version: PLAN_REPORT_VERSION,
    dataSource: setup.prices.dataSource,
    asOf: setup.prices.asOf,
    pricedOn: at.toISOString().slice(0, 10),
    scenario: { ...setup.scenario },
    files: files.map((file) => planFile(file, { ...setup, at })),
    skipped,
    warnings: stale ? [...warnings, stale] : warnings,
  };
}

/** A warning when the price data is more than 60 days older than the date priced for. */
export function stalePriceData(asOf: string, at: Date): string | null {
  const days = Math.floor((at.getTime() - Date.parse(asOf)) / 86_400_000);
  if (!Number.isFinite(days) || days <= STALE_PRICE_DATA_DAYS) return null;
  return `The price data is dated ${asOf}, ${days} days before ${at.toISOString().slice(0, 10)}: prices may have changed. Run \`llm-cost prices update\` for newer data.`;
}

/** Warnings that mean part of a file was not priced as written: the gate fails on them as on errors. */
const UNVOUCHED = new Set<DiagnosticCode>(['invalid-encoding', 'invalid-output-limit', 'too-large', 'too-complex', 'not-priced']);

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
  const check: BudgetCheck = { failures: [], passes: [] };
  for (const file of report.files) checkFile(file, budget, check);
  checkTail({ skipped: report.skipped ?? [], fileCount: report.files.length }, check);
  return check;
}

/** `checkBudget` for one planned file, adding to `check`: the gate streams over 10,000 files. */
export function checkFile(unsafeFile: PlannedFile, budget: number, check: BudgetCheck): void {
  // Names and messages come from files: printed in a CI log, they must not forge lines.
  const file = printableData(unsafeFile);
  const { failures, passes } = check;
  const errors = file.diagnostics.filter((diagnostic) => diagnostic.severity === 'error' || UNVOUCHED.has(diagnostic.code));
  const firstError = errors[0];
  if (firstError) {
    failures.push(
      `${file.path}: cannot be priced reliably, ${errors.length} error${errors.length > 1 ? 's' : ''} (first, line ${firstError.line}: ${firstError.message})`,
    );
    return;
  }
  for (const request of file.requests) {
    const { comparison } = request;
    const current = comparison.plans.find((plan) => plan.requestedAs === comparison.currentModel);
    if (!current || !current.known) {
      failures.push(
        `${request.label}: price unknown for ${comparison.currentModel}${current && !current.known ? ` (${current.reason})` : ''}; add its prices with --prices.`,
      );
    } else if (!Number.isFinite(current.costPerRequest)) {
      failures.push(`${request.label}: the cost on ${current.requestedAs} is not a finite number; check the output limit and the prices.`);
    } else if (current.costPerRequest > budget) {
      failures.push(`${request.label}: ${formatUsd(current.costPerRequest)} per request on ${current.requestedAs}, over the budget of ${formatUsd(budget)}.`);
    } else {
      passes.push(`${request.label}: ${formatUsd(current.costPerRequest)} per request on ${current.requestedAs}.`);
    }
  }
  if (file.omittedRequests > 0)
    failures.push(
      `${file.path}: ${file.omittedRequests} of its ${file.omittedRequests + file.requests.length} requests were not checked (--max-requests ${file.requests.length}); check every request, or the gate cannot pass.`,
    );
}

/** The failures that concern the run as a whole: files skipped, or nothing found. */
export function checkTail(report: { skipped: readonly SkippedFile[]; fileCount: number }, check: BudgetCheck): void {
  const unread = report.skipped.filter((file) => !file.notAPrompt);
  for (const file of printableData(unread)) check.failures.push(`${file.path}: not checked, ${file.reason}.`);
  if (report.fileCount === 0 && unread.length === 0) {
    const leftOut = printableData(report.skipped.filter((file) => file.notAPrompt)).map((file) => file.path);
    check.failures.push(`No prompt files found: nothing was checked.${leftOut.length ? ` ${leftOutSentence(leftOut)}` : ''}`);
  }
}

/** One sentence for the `.txt`/`.md` files the text globs left out, naming the first few. */
export function leftOutSentence(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).join(', ');
  const more = paths.length > 5 ? ` and ${paths.length - 5} more` : '';
  return `Left out, not prompts by the text globs: ${shown}${more} (plan a file by name, or widen --text-globs, to price it).`;
}

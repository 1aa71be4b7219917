// From the planner's state and the extension's data to priced comparisons: the core's
// `planComparison` on each prompt in scope, with each prompt's share of the traffic, and one table
// row per model summed over the prompts. Runs in the webview on every control change.
import { planComparison, type ComparisonPlan, type KnownModelPlan, type ModelPlan, type UnknownModelPlan } from '../cost/plan';
import { resolveVolume } from '../cost/volume';
import { DAYS_PER_MONTH, type Scenario } from '../cost/scenario';
import { PLAN_REPORT_VERSION, type PlanReport, type PlannedFile } from '../report/planReport';
import type { PriceBook } from '../pricing/priceBook';
import { plannerPriceBook } from './priceBook';
import { countFromTable, MissingCount } from './shorteningOptions';
import type { PlannerData, PlannerPrompt, ResolvedPrice, ShorteningOptions } from './protocol';
import { trafficShares, type PlannerState } from './state';

export interface PreparedPlanner {
  data: PlannerData;
  prices: PriceBook;
  promptIds: string[];
}

/** `extra`: names resolved later (a loaded scenario's models), on top of those sent with the data. */
export function preparePlanner(data: PlannerData, extra: readonly ResolvedPrice[] = []): PreparedPlanner {
  return { data, prices: plannerPriceBook(data.catalogue, [...data.resolved, ...extra], data), promptIds: data.prompts.map((p) => p.id) };
}

export type PlanWithSaving = ModelPlan & { savingVsCurrentPerMonth: number | null };

export interface PromptEvaluation {
  prompt: PlannerPrompt;
  /** Share of the traffic (0-1). */
  share: number;
  scenario: Scenario;
  comparison: ComparisonPlan;
}

/** One row of the comparison table: a model, summed over the prompts in scope. */
export interface ModelRow {
  /** The model as written in the model set (or the file). */
  model: string;
  name: string | null;
  provider: string | null;
  known: boolean;
  /** Why the price is unknown. */
  reason: string | null;
  tokensExact: boolean;
  /** Input tokens per request (traffic-weighted mean over the prompts in scope). */
  inputTokens: number | null;
  inputTokensRange: { low: number; high: number } | null;
  outputTokens: number | null;
  prices: KnownModelPlan['prices'] | null;
  costPerRequest: number | null;
  costPer1kRequests: number | null;
  costPerMonth: number | null;
  costPerActiveUserPerMonth: number | null;
  marginPerUser: number | null;
  marginShare: number | null;
  fitsContext: boolean | null;
  fitsOutput: boolean | null;
  fitProblems: string[];
  savingVsCurrentPerMonth: number | null;
  overBudget: boolean | null;
  isCurrent: boolean;
  isCheapest: boolean;
}

export interface Evaluation {
  scenario: Scenario;
  requestsPerDay: number;
  activeUsers: number | null;
  prompts: PromptEvaluation[];
  rows: ModelRow[];
  /** The current setup's monthly cost: each prompt on its own (declared, else first) model. */
  currentPerMonth: number | null;
  currentModel: string | null;
  cheapestModel: string | null;
}

export interface EvaluateOptions {
  /** Scenario fields to try instead of the controls' (charts vary one lever). */
  override?: Partial<Scenario>;
  /** A whole scenario instead of the controls (side-by-side comparison). */
  scenario?: Scenario;
  /** Run the shortening analysis for the suggestions (the table and exports; not needed by charts). */
  suggestions?: boolean;
  shortening?: ReadonlyMap<string, ShorteningOptions>;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function evaluate(prepared: PreparedPlanner, state: PlannerState, options: EvaluateOptions = {}): Evaluation {
  const base = options.scenario ? { ...options.scenario, models: options.scenario.models ?? state.controls.models } : state.controls;
  const scenario: Scenario = { ...base, ...options.override };
  const volume = resolveVolume(scenario);
  const shares = trafficShares(state, prepared.promptIds);
  const prompts: PromptEvaluation[] = [];
  for (const prompt of prepared.data.prompts) {
    const share = shares.get(prompt.id);
    if (share === undefined) continue;
    const shortening = options.shortening?.get(prompt.id) ?? prompt.shortening;
    const own = promptScenario(scenario, prompt, share, shares.size, state, shortening, options);
    const comparison = compare(prepared, prompt, own, options.suggestions === true ? shortening : null);
    prompts.push({ prompt, share, scenario: own, comparison });
  }
  return summarise(prompts, scenario, volume.requestsPerDay, volume.activeUsers);
}

function promptScenario(
  scenario: Scenario,
  prompt: PlannerPrompt,
  share: number,
  promptsInScope: number,
  state: PlannerState,
  shortening: ShorteningOptions | null,
  options: EvaluateOptions,
): Scenario {
  const own = { ...scenario };
  // A Batch API input file is, by definition, sent through the batch API (as `llm-cost plan` prices it).
  if (prompt.format === 'batch-jsonl' && !state.batchShareChosen && options.override?.batchShare === undefined && !options.scenario) own.batchShare = 1;
  if (state.shortenFrom === 'edits' && options.override?.shorten === undefined && !options.scenario) {
    let mask = 0;
    shortening?.transforms.forEach((t, i) => {
      if (state.edits.includes(t.kind)) mask |= 1 << i;
    });
    own.shorten = shortening?.subsetShares[mask] ?? 0;
  }
  if (promptsInScope > 1) {
    // Each prompt gets its share of the requests; per-user figures are made on the sum.
    own.requestsPerDay = resolveVolume(scenario).requestsPerDay * share;
    own.activeUsers = null;
    own.requestsPerUserPerDay = null;
    own.pricePerUserPerMonth = null;
  }
  return own;
}

function compare(prepared: PreparedPlanner, prompt: PlannerPrompt, scenario: Scenario, shortening: ShorteningOptions | null): ComparisonPlan {
  const context = { prices: prepared.prices, defaultModels: prepared.data.defaultModels };
  let comparison: ComparisonPlan;
  if (shortening && shortening.maxExamples === scenario.maxExamples) {
    try {
      comparison = planComparison(prompt.profile, scenario, { ...context, count: countFromTable(shortening.counts) });
    } catch (error) {
      if (!(error instanceof MissingCount)) throw error;
      comparison = planComparison(prompt.profile, scenario, context);
    }
  } else {
    comparison = planComparison(prompt.profile, scenario, context);
  }
  return comparison;
}

function summarise(prompts: PromptEvaluation[], scenario: Scenario, requestsPerDay: number, activeUsers: number | null): Evaluation {
  const first = prompts[0];
  if (first === undefined) return { scenario, requestsPerDay, activeUsers, prompts, rows: [], currentPerMonth: null, currentModel: null, cheapestModel: null };
  if (prompts.length === 1) return single(first, scenario, requestsPerDay, activeUsers);
  const models = scenario.models ?? [];
  const currentPlans = prompts.map((p) => p.comparison.plans.find((plan) => same(plan.requestedAs, p.comparison.currentModel)));
  const currentNames = new Set(prompts.map((p) => p.comparison.currentModel.toLowerCase()));
  const currentPerMonth = currentPlans.every((p) => p?.known) ? currentPlans.reduce((sum, p) => sum + (p as KnownModelPlan).costPerMonth, 0) : null;
  const currentModel = currentNames.size === 1 ? first.comparison.currentModel : null;
  const names = [...(currentModel && !models.some((m) => same(m, currentModel)) ? [currentModel] : []), ...models];
  const rows = names.map((model) => summedRow(model, prompts, requestsPerDay, activeUsers, scenario, currentPerMonth));
  if (currentModel === null) rows.unshift(currentMixRow(prompts, currentPlans, requestsPerDay, activeUsers, scenario, currentPerMonth));
  for (const row of rows) row.isCurrent = row.model === (currentModel ?? CURRENT_MIX);
  const cheapest = cheapestOf(rows);
  if (cheapest) cheapest.isCheapest = true;
  return { scenario, requestsPerDay, activeUsers, prompts, rows, currentPerMonth, currentModel, cheapestModel: cheapest?.model ?? null };
}

/** The row name for "each prompt on its own model" when the prompts declare different models. */
export const CURRENT_MIX = 'current models (each prompt\u2019s own)';

function single(p: PromptEvaluation, scenario: Scenario, requestsPerDay: number, activeUsers: number | null): Evaluation {
  const { comparison } = p;
  const rows = comparison.plans.map((plan) => rowOf(plan, comparison));
  const current = comparison.plans.find((plan) => same(plan.requestedAs, comparison.currentModel));
  return {
    scenario,
    requestsPerDay,
    activeUsers,
    prompts: [p],
    rows,
    currentPerMonth: current?.known ? current.costPerMonth : null,
    currentModel: comparison.currentModel,
    cheapestModel: comparison.cheapestModel,
  };
}

function rowOf(plan: PlanWithSaving, comparison: ComparisonPlan): ModelRow {
  const isCurrent = same(plan.requestedAs, comparison.currentModel);
  const isCheapest = comparison.cheapestModel !== null && same(plan.requestedAs, comparison.cheapestModel);
  if (!plan.known) return unknownRow(plan.requestedAs, plan.reason, isCurrent);
  return {
    model: plan.requestedAs,
    name: plan.name,
    provider: plan.providerName,
    known: true,
    reason: null,
    tokensExact: plan.tokensExact,
    inputTokens: plan.inputTokens,
    inputTokensRange: plan.inputTokensRange,
    outputTokens: plan.outputTokens + plan.reasoningTokens,
    prices: plan.prices,
    costPerRequest: plan.costPerRequest,
    costPer1kRequests: plan.costPer1kRequests,
    costPerMonth: plan.costPerMonth,
    costPerActiveUserPerMonth: plan.costPerActiveUserPerMonth,
    marginPerUser: plan.margin?.marginPerUserPerMonth ?? null,
    marginShare: plan.margin?.marginShare ?? null,
    fitsContext: plan.fit.fitsContext,
    fitsOutput: plan.fit.fitsOutput,
    fitProblems: plan.fit.problems,
    savingVsCurrentPerMonth: isCurrent ? null : plan.savingVsCurrentPerMonth,
    overBudget: plan.overBudget,
    isCurrent,
    isCheapest,
  };
}

function unknownRow(model: string, reason: string, isCurrent: boolean): ModelRow {
  return {
    model,
    name: null,
    provider: null,
    known: false,
    reason,
    tokensExact: false,
    inputTokens: null,
    inputTokensRange: null,
    outputTokens: null,
    prices: null,
    costPerRequest: null,
    costPer1kRequests: null,
    costPerMonth: null,
    costPerActiveUserPerMonth: null,
    marginPerUser: null,
    marginShare: null,
    fitsContext: null,
    fitsOutput: null,
    fitProblems: [],
    savingVsCurrentPerMonth: null,
    overBudget: null,
    isCurrent,
    isCheapest: false,
  };
}

function summedRow(
  model: string,
  prompts: PromptEvaluation[],
  requestsPerDay: number,
  activeUsers: number | null,
  scenario: Scenario,
  currentPerMonth: number | null,
): ModelRow {
  const plans = prompts.map((p) => p.comparison.plans.find((plan) => same(plan.requestedAs, model)));
  const unpriced = firstUnpriced(plans);
  if (unpriced) return unknownRow(model, unpriced.unknown?.reason ?? 'not priced for every prompt', false);
  return summed(model, plans as KnownModelPlan[], prompts, requestsPerDay, activeUsers, scenario, currentPerMonth);
}

function currentMixRow(
  prompts: PromptEvaluation[],
  plans: (PlanWithSaving | undefined)[],
  requestsPerDay: number,
  activeUsers: number | null,
  scenario: Scenario,
  currentPerMonth: number | null,
): ModelRow {
  const unpriced = firstUnpriced(plans);
  if (unpriced)
    return unknownRow(CURRENT_MIX, unpriced.unknown ? `${unpriced.unknown.requestedAs}: ${unpriced.unknown.reason}` : 'a prompt has no current model', true);
  return {
    ...summed(CURRENT_MIX, plans as KnownModelPlan[], prompts, requestsPerDay, activeUsers, scenario, currentPerMonth),
    name: null,
    provider: null,
    prices: null,
  };
}

/**
 * Null when every prompt has a priced plan; else the first unknown one (undefined when a plan is missing
 * altogether, which is why this is `some`, not `find`).
 */
function firstUnpriced(plans: readonly (ModelPlan | undefined)[]): { unknown: UnknownModelPlan | undefined } | null {
  if (!plans.some((plan) => !plan || !plan.known)) return null;
  return { unknown: plans.find((plan): plan is UnknownModelPlan => plan !== undefined && !plan.known) };
}

function summed(
  model: string,
  plans: KnownModelPlan[],
  prompts: PromptEvaluation[],
  requestsPerDay: number,
  activeUsers: number | null,
  scenario: Scenario,
  currentPerMonth: number | null,
): ModelRow {
  const first = plans[0];
  if (first === undefined) return unknownRow(model, 'no prompt to sum over', false);
  // plans[i] is prompts[i]'s plan: both callers build `plans` with prompts.map, so `i` is in range.
  const weighted = (pick: (plan: KnownModelPlan) => number) => plans.reduce((sum, plan, i) => sum + pick(plan) * prompts[i]!.share, 0);
  const costPerMonth = plans.reduce((sum, plan) => sum + plan.costPerMonth, 0);
  const costPerRequest = requestsPerDay > 0 ? costPerMonth / (requestsPerDay * DAYS_PER_MONTH) : weighted((p) => p.costPerRequest);
  const costPerUser = activeUsers ? costPerMonth / activeUsers : null;
  const price = scenario.pricePerUserPerMonth;
  const fitsAll = (pick: (plan: KnownModelPlan) => boolean | null) =>
    plans.some((p) => pick(p) === false) ? false : plans.every((p) => pick(p) === true) ? true : null;
  return {
    model,
    name: first.name,
    provider: first.providerName,
    known: true,
    reason: null,
    tokensExact: plans.every((p) => p.tokensExact),
    inputTokens: weighted((p) => p.inputTokens),
    inputTokensRange: { low: weighted((p) => p.inputTokensRange.low), high: weighted((p) => p.inputTokensRange.high) },
    outputTokens: weighted((p) => p.outputTokens + p.reasoningTokens),
    prices: first.prices,
    costPerRequest,
    costPer1kRequests: costPerRequest * 1000,
    costPerMonth,
    costPerActiveUserPerMonth: costPerUser,
    marginPerUser: price !== null && costPerUser !== null ? price - costPerUser : null,
    marginShare: price !== null && costPerUser !== null && price > 0 ? (price - costPerUser) / price : null,
    fitsContext: fitsAll((p) => p.fit.fitsContext),
    fitsOutput: fitsAll((p) => p.fit.fitsOutput),
    fitProblems: [
      ...new Set(
        plans.flatMap((p, i) => p.fit.problems.map((problem) => (problem === 'context window unknown' ? problem : `${prompts[i]!.prompt.label}: ${problem}`))),
      ),
    ],
    savingVsCurrentPerMonth: currentPerMonth === null ? null : currentPerMonth - costPerMonth,
    overBudget: scenario.budgetPerRequest === null ? null : plans.some((p) => p.overBudget === true),
    isCurrent: false,
    isCheapest: false,
  };
}

function cheapestOf(rows: ModelRow[]): ModelRow | null {
  return rows
    .filter((r) => r.known && r.model !== CURRENT_MIX && r.fitsContext !== false && r.fitsOutput !== false)
    .reduce<ModelRow | null>((best, r) => (best === null || (r.costPerMonth ?? Infinity) < (best.costPerMonth ?? Infinity) ? r : best), null);
}

/** The evaluation as the same report `llm-cost plan --format json` prints, for the exports. */
export function planReportOf(prepared: PreparedPlanner, evaluation: Evaluation): PlanReport {
  const files: PlannedFile[] = [];
  for (const { prompt, comparison } of evaluation.prompts) {
    let file = files.find((f) => f.path === prompt.path);
    if (!file) {
      file = { path: prompt.path, format: prompt.format, requests: [], omittedRequests: prompt.omittedRequests, diagnostics: prompt.diagnostics };
      files.push(file);
    }
    file.requests.push({ label: prompt.label, comparison });
  }
  return {
    version: PLAN_REPORT_VERSION,
    dataSource: prepared.data.dataSource,
    asOf: prepared.data.asOf,
    // The planner prices at the moment its prices were resolved: today.
    pricedOn: new Date().toISOString().slice(0, 10),
    scenario: { ...evaluation.scenario },
    files,
    warnings: [...prepared.data.warnings],
  };
}

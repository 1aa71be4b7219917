// The data behind the planner's four charts, as plain series (the webview hands them to Chart.js):
// monthly cost per model by part of the bill, cost per request against the cache hit rate, monthly
// cost as traffic grows, and the waterfall from list price to the optimised plan, lever by lever.
import { parseModelRef } from '../pricing/modelRef';
import { batchRuleFor, cachingRuleFor } from '../pricing/providerRules';
import { costOfRequest } from '../cost/requestCost';
import type { KnownModelPlan } from '../cost/plan';
import { DAYS_PER_MONTH } from '../cost/scenario';
import { CURRENT_MIX, evaluate, type Evaluation, type EvaluateOptions, type PreparedPlanner } from './evaluate';
import type { PlannerState } from './state';

export interface Series {
  label: string;
  /** null where the model has no price: a gap, never a zero. */
  data: (number | null)[];
}

export interface StackedBars {
  labels: string[];
  /** One series per part of the bill, in USD per month. */
  series: Series[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Monthly cost per model split into uncached input, cached input, cache writes and output (reasoning included). */
export function monthlyCostByPart(prepared: PreparedPlanner, evaluation: Evaluation): StackedBars {
  const rows = evaluation.rows.filter((r) => r.known);
  const parts = { input: [] as number[], cacheRead: [] as number[], cacheWrite: [] as number[], output: [] as number[] };
  for (const row of rows) {
    let input = 0,
      cacheRead = 0,
      cacheWrite = 0,
      output = 0;
    for (const { comparison } of evaluation.prompts) {
      const name = row.model === CURRENT_MIX ? comparison.currentModel : row.model;
      const plan = comparison.plans.find((p) => same(p.requestedAs, name));
      if (!plan?.known) continue;
      const split = billParts(prepared, plan);
      const perMonth = plan.volume.requestsPerDay * DAYS_PER_MONTH;
      input += split.input * perMonth;
      cacheRead += split.cacheRead * perMonth;
      cacheWrite += split.cacheWrite * perMonth;
      output += split.output * perMonth;
    }
    parts.input.push(input);
    parts.cacheRead.push(cacheRead);
    parts.cacheWrite.push(cacheWrite);
    parts.output.push(output);
  }
  return {
    labels: rows.map((r) => r.model),
    series: [
      { label: 'Input', data: parts.input },
      { label: 'Cached input', data: parts.cacheRead },
      { label: 'Cache writes', data: parts.cacheWrite },
      { label: 'Output', data: parts.output },
    ],
  };
}

/**
 * One request's cost by part, at the plan's caching. The batch discount and the shortening are
 * spread over the parts in proportion, so the parts add up to the plan's cost per request.
 */
function billParts(prepared: PreparedPlanner, plan: KnownModelPlan): { input: number; cacheRead: number; cacheWrite: number; output: number } {
  const lookup = prepared.prices.lookup(plan.requestedAs);
  if (!lookup.known) return { input: plan.costPerRequest, cacheRead: 0, cacheWrite: 0, output: 0 };
  const pricing = lookup.pricing;
  const modelId = parseModelRef(pricing.model).model;
  const cost = costOfRequest(pricing, plan.caching.tokens, {
    caching: cachingRuleFor(pricing.provider, modelId),
    batch: batchRuleFor(pricing.provider, modelId),
  });
  const scale = cost.total > 0 ? plan.costPerRequest / cost.total : 0;
  return { input: cost.input * scale, cacheRead: cost.cacheRead * scale, cacheWrite: cost.cacheWrite * scale, output: (cost.output + cost.reasoning) * scale };
}

export interface LineChart {
  x: number[];
  series: Series[];
}

export const HIT_RATES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export interface HitRateChart extends LineChart {
  /**
   * Per series: the hit rate above which caching pays on that model, as the cost model computes it
   * for the lifetime it picks (one prompt in scope only: over several prompts there is no single one).
   */
  breakEven: (number | null)[];
}

/** Cost per request as the cache hit rate goes from 0 to 100%, per model with a price. */
export function costByHitRate(prepared: PreparedPlanner, state: PlannerState, options: EvaluateOptions = {}): HitRateChart {
  const main = evaluate(prepared, state, options);
  const points = HIT_RATES.map((h) => evaluate(prepared, state, { ...options, override: { ...options.override, caching: true, cacheHitRate: h } }));
  // Models without a price are left out: a line of gaps says nothing, and never a line at $0.
  const known = main.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.known);
  const series = known.map(({ r, i }) => ({ label: r.model, data: points.map((p) => p.rows[i]?.costPerRequest ?? null) }));
  const only = main.prompts.length === 1 ? (main.prompts[0]?.comparison ?? null) : null;
  const breakEven = known.map(({ r }) => {
    const plan = only?.plans.find((p) => same(p.requestedAs, r.model));
    return plan?.known && plan.caching.applies ? plan.caching.breakEvenHitRate : null;
  });
  return { x: HIT_RATES, series, breakEven };
}

export const TRAFFIC_POINTS = [10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

/** Monthly cost per model as requests a day grow (log scale), and the monthly budget at each volume. */
export function costByTraffic(prepared: PreparedPlanner, state: PlannerState, options: EvaluateOptions = {}): LineChart {
  const points = TRAFFIC_POINTS.map((x) => evaluate(prepared, state, { ...options, override: { ...options.override, requestsPerDay: x } }));
  const series = (points[0]?.rows ?? []).flatMap((r, i) => (r.known ? [{ label: r.model, data: points.map((p) => p.rows[i]?.costPerMonth ?? null) }] : []));
  const budget = state.controls.budgetPerRequest;
  if (budget !== null) series.push({ label: 'Budget', data: TRAFFIC_POINTS.map((x) => budget * x * DAYS_PER_MONTH) });
  return { x: TRAFFIC_POINTS, series };
}

export interface WaterfallStep {
  label: string;
  /** Bars float from `from` to `to` (USD per month); totals start at 0. */
  from: number;
  to: number;
  kind: 'total' | 'saving' | 'increase';
}

/**
 * From the current model at list prices (no caching, no batch, the prompt as written) to the plan
 * with the levers set in the controls and the cheapest model that fits: one bar per lever.
 */
export function savingsWaterfall(prepared: PreparedPlanner, state: PlannerState, evaluation: Evaluation): WaterfallStep[] | null {
  const currentOf = (e: Evaluation) => e.rows.find((r) => r.isCurrent)?.costPerMonth ?? null;
  const list = currentOf(evaluate(prepared, state, { override: { caching: false, batchShare: 0, shorten: 0 } }));
  const cached = currentOf(evaluate(prepared, state, { override: { batchShare: 0, shorten: 0 } }));
  const batched = currentOf(evaluate(prepared, state, { override: { shorten: 0 } }));
  const levers = currentOf(evaluation);
  if (list === null || cached === null || batched === null || levers === null) return null;
  const cheapest = evaluation.rows.find((r) => r.isCheapest)?.costPerMonth ?? levers;
  const optimised = Math.min(levers, cheapest);
  const step = (label: string, from: number, to: number): WaterfallStep => ({ label, from, to, kind: to <= from ? 'saving' : 'increase' });
  return [
    { label: 'List price today', from: 0, to: list, kind: 'total' },
    step('Caching', list, cached),
    step('Batch', cached, batched),
    step('Shortening', batched, levers),
    step('Model swap', levers, optimised),
    { label: 'Optimised', from: 0, to: optimised, kind: 'total' },
  ];
}

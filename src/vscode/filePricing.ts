// One parsed prompt file priced for the editor, with no editor API: the extension host and the web
// scan worker run the same code, so the view, hovers and status bar always agree.
import { profileRequests, type Counters, type ParsedPromptFile, type RequestProfile } from '../core';
import { planComparison, type ComparisonPlan, type ModelPlan, type Scenario } from '../core/cost';
import type { PriceBook } from '../core/pricing';

/** Requests priced per file: a Batch API file can hold thousands; the rest are counted as omitted. */
export const MAX_PRICED_REQUESTS = 200;

/** What the user chose: the scenario (settings and scenario file), compared models, the shown model. */
export interface PricingChoices {
  scenario: Scenario;
  comparisonModels: string[];
  batchShareChosen: boolean;
  /** The model chosen in the picker, or null for each file's own. */
  chosenModel: string | null;
}

export interface RequestAnalysis {
  profile: RequestProfile;
  /** 1-based line where the request starts. */
  line: number;
  comparison: ComparisonPlan;
  /** The plan on the model the editor shows: the chosen one, else the file's own, else the first compared. */
  shown: ModelPlan;
}

/** The scenario the editor prices with: the chosen model compared too. */
export function editorScenario(choices: PricingChoices): Scenario {
  return { ...choices.scenario, models: [...(choices.chosenModel ? [choices.chosenModel] : []), ...choices.comparisonModels] };
}

/** Prices the parsed file's requests with the core's cost model. */
export function priceRequests(parsed: ParsedPromptFile, choices: PricingChoices, prices: PriceBook, counters: Counters) {
  const base = editorScenario(choices);
  // A Batch API input file is, by definition, sent through the batch API (as `llm-cost plan` prices it).
  const scenario = parsed.format === 'batch-jsonl' && !choices.batchShareChosen ? { ...base, batchShare: 1 } : base;
  const profiles = profileRequests(parsed, counters);
  const requests: RequestAnalysis[] = profiles.slice(0, MAX_PRICED_REQUESTS).map((profile, index) => {
    const comparison = planComparison(profile, scenario, { prices, defaultModels: choices.comparisonModels });
    const shownModel = (choices.chosenModel ?? comparison.currentModel).toLowerCase();
    const shown = comparison.plans.find((plan) => plan.requestedAs.toLowerCase() === shownModel) ?? comparison.plans[0]!;
    return { profile, line: parsed.requests[index]?.line ?? parsed.body.startLine, comparison, shown };
  });
  return { requests, omittedRequests: Math.max(0, profiles.length - MAX_PRICED_REQUESTS), scenario };
}

/** A file's row in the Prompt Costs view: its most expensive priced request is what a budget cares about. */
export interface CostFigures {
  path: string;
  format: string;
  model: string;
  tokens: number;
  tokensExact: boolean;
  /** USD per request of the file's most expensive request; null when a price is unknown. */
  costPerRequest: number | null;
  costPerMonth: number | null;
  requests: number;
  unknownReason: string | null;
  /**
   * Why a request of the file cannot be sent to its shown model (over its context window), or null.
   * The view then says so instead of a price: nobody pays for a request the model refuses.
   */
  overContextWindow: string | null;
  problems: number;
}

export function costFigures(path: string, parsed: ParsedPromptFile, requests: readonly RequestAnalysis[], omittedRequests: number): CostFigures {
  const plans = requests.map((request) => request.shown);
  const unknown = plans.find((plan) => !plan.known);
  let worst: ModelPlan | undefined;
  for (const plan of plans) if (plan.known && (!worst || !worst.known || plan.costPerRequest > worst.costPerRequest)) worst = plan;
  const first = requests[0];
  const tooLong = plans.find((plan) => plan.known && plan.fit.fitsContext === false);
  const priced = !unknown && !tooLong && worst?.known ? worst : null;
  return {
    path,
    format: parsed.format,
    model: (worst ?? first?.shown)?.requestedAs ?? '—',
    tokens: worst?.known ? worst.inputTokens : (first?.profile.inputTokens.o200k_base ?? 0),
    tokensExact: worst?.known ? worst.tokensExact : true,
    costPerRequest: priced ? priced.costPerRequest : null,
    costPerMonth: priced ? priced.costPerMonth : null,
    requests: requests.length + omittedRequests,
    unknownReason: unknown && !unknown.known ? `${unknown.requestedAs}: ${unknown.reason}` : first ? null : 'no request in the file',
    overContextWindow: tooLong?.known ? `${tooLong.requestedAs}: ${tooLong.fit.problems[0] ?? 'over the context window'}` : null,
    problems: parsed.diagnostics.length,
  };
}

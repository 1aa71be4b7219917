// Planning: one request profile priced on one model under a scenario (`planRequest`), or on every
// model of a comparison (`planComparison`). Pure: prices, rules and token counts come in as values,
// results go out as plain JSON for the command-line tool, the editor and the tests alike.
import type { RequestProfile, TokenCounts } from './requestProfile';
import { DEFAULT_COMPARISON_MODELS } from '../pricing/catalog';
import type { PriceBook } from '../pricing/priceBook';
import type { TrafficProfile } from '../pricing/priceSchedule';
import { longContextThreshold, priceAt, type ModelPricing } from '../pricing/modelPricing';
import { parseModelRef, vendorModelName } from '../pricing/modelRef';
import { batchRuleFor, cachingRuleFor, familyReasons, modelVendor, tokenizerFor, type TokenizerFamily } from '../pricing/providerRules';
import type { TokenEstimate } from '../pricing/tokenEstimate';
import { billedExtra, billedForConversation, type BilledExtra, type BilledProfile } from './requestParts';
import { estimateTokens } from '../pricing/tokenEstimate';
import { simulateCaching, tokensAtHitRate, type CachingPlan } from './caching';
import { simulateBatch, type BatchPlan } from './batch';
import { simulateConversation, type ConversationPlan } from './conversation';
import { costOfRequest, noCaching, type PricingRules, type RequestTokens } from './requestCost';
import { DEFAULT_OUTPUT_TOKENS, type Scenario } from './scenario';
import { analyseShortening, type CountTokens, type PromptText, type ShorteningKind, type ShorteningReport } from './shortening';
import { perMonth, resolveVolume, unitEconomics, type UnitEconomics, type Volume } from './volume';

export interface PlanContext {
  /** Where prices come from: the catalogue (`priceBookOf`) or, in the planner webview, the prices the extension sent. */
  prices: PriceBook;
  /** The date prices are wanted for (dated prices, promotions, retirements); defaults to now. */
  at?: Date;
  /** How a day's requests spread over the 24 UTC hours, for prices that depend on the hour; uniform by default. */
  traffic?: TrafficProfile;
  /** Exact o200k_base counter, for the prompt-shortening suggestions; without it none are made. */
  count?: CountTokens;
  /** Models compared when the scenario names none (the user's configured list). */
  defaultModels?: readonly string[];
}

export interface PriceSummary {
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok: number | null;
  cacheWritePerMTok: number | null;
  cacheWrite1hPerMTok: number | null;
  longContext: { aboveInputTokens: number; inputPerMTok: number; outputPerMTok: number } | null;
  source: string;
  asOf: string;
}

export interface KnownModelPlan extends UnitEconomics {
  known: true;
  /** The catalogue's (or your file's) id for the model. */
  model: string;
  /** The name as written in the file, scenario or flag. */
  requestedAs: string;
  name: string;
  provider: string;
  providerName: string;
  tokensExact: boolean;
  tokenizer: { family: string; encoding: string; factor: number; low: number; high: number };
  inputTokens: number;
  inputTokensRange: { low: number; high: number };
  outputTokens: number;
  reasoningTokens: number;
  prices: PriceSummary;
  /** One request at list prices: no caching, no batch, the prompt as written. */
  listCostPerRequest: number;
  /** costPerRequest with the low and high ends of the token estimate (equal when tokensExact). */
  costPerRequestRange: { low: number; high: number };
  /** USD per month each lever of the scenario saves, applied in this order: caching, batch, shortening. */
  savings: { caching: number; batch: number; shortening: number };
  /** USD per month available but not in the scenario. */
  potentialSavings: {
    batchAllTraffic: number | null;
    reorderForCaching: number | null;
    shortening: { kind: ShorteningKind; description: string; tokensSaved: number; perMonth: number }[];
  };
  volume: Volume;
  caching: CachingPlan;
  batch: BatchPlan;
  shortening: { share: number; basis: 'scenario' | 'none' };
  conversation: ConversationPlan | null;
  fit: { contextWindow: number | null; maxOutputTokens: number | null; fitsContext: boolean | null; fitsOutput: boolean | null; problems: string[] };
  overBudget: boolean | null;
  assumptions: string[];
  notes: string[];
}

export interface UnknownModelPlan {
  known: false;
  model: string;
  requestedAs: string;
  provider: null;
  /** Always true: shown as "price unknown", never as $0. */
  priceUnknown: true;
  reason: string;
  costPerRequest: null;
  costPerMonth: null;
}

export type ModelPlan = KnownModelPlan | UnknownModelPlan;

export interface ComparisonPlan {
  label: string;
  currentModel: string;
  plans: (ModelPlan & { savingVsCurrentPerMonth: number | null })[];
  /** The cheapest known model that fits the prompt, by cost per month. */
  cheapestModel: string | null;
  dataSource: string;
  asOf: string;
  assumptions: string[];
}

// The shortening analysis depends on the prompt and the counter, not the model: a plan comparing
// many models makes it once per prompt (for 210,000 messages it was most of `plan`'s time).
const shortenings = new WeakMap<CountTokens, WeakMap<readonly PromptText[], Map<number | null, ShorteningReport>>>();

function shorteningOf(messages: readonly PromptText[], count: CountTokens, maxExamples: number | null): ShorteningReport {
  let byPrompt = shortenings.get(count);
  if (!byPrompt) shortenings.set(count, (byPrompt = new WeakMap()));
  let byExamples = byPrompt.get(messages);
  if (!byExamples) byPrompt.set(messages, (byExamples = new Map()));
  let report = byExamples.get(maxExamples);
  if (!report) byExamples.set(maxExamples, (report = analyseShortening(messages, count, maxExamples === undefined ? {} : { maxExamples })));
  return report;
}

export function planRequest(profile: RequestProfile, model: string, scenario: Scenario, context: PlanContext): ModelPlan {
  const lookup = context.prices.lookup(model, context.at, context.traffic);
  if (!lookup.known)
    return {
      known: false,
      model: lookup.model,
      requestedAs: model,
      provider: null,
      priceUnknown: true,
      reason: lookup.reason,
      costPerRequest: null,
      costPerMonth: null,
    };
  const pricing = lookup.pricing;
  // Rules are written on the vendor's names: Claude on Bedrock (`regional.anthropic.claude-…-v1:0`) follows Claude's.
  const modelId = vendorModelName(parseModelRef(pricing.model).model);
  const family = tokenizerFor(modelId);
  const tokens = (counts: TokenCounts) => estimateTokens(counts, family);
  // Tools and a response schema come before the messages (static, cacheable); images sit in the messages.
  const extra = profile.billed ? billedExtra(profile.billed, modelId, modelVendor(modelId), family) : null;
  const withExtra = (estimate: TokenEstimate, part: BilledExtra | null): TokenEstimate =>
    part ? { ...estimate, tokens: estimate.tokens + part.tokens, low: estimate.low + part.low, high: estimate.high + part.high } : estimate;
  const input = withExtra(tokens(profile.inputTokens), extra);
  const staticPrefix = withExtra(tokens(profile.staticPrefixTokens), extra && profile.billed ? staticPart(profile.billed, modelId, family) : null);
  const movable = tokens(profile.movableStaticTokens);
  const assumptions: string[] = [...(pricing.assumptions ?? []), ...(extra?.assumptions ?? [])];
  const notes = [...pricing.notes];

  const output = outputFigure(profile, scenario, assumptions);
  const reasons = pricing.reasons ?? familyReasons(modelId);
  const reasoning = reasons ? (scenario.reasoningTokens ?? 0) : 0;
  if (reasons && reasoning > 0) assumptions.push(`${reasoning} reasoning tokens per request, billed as output.`);
  if (!reasons && (scenario.reasoningTokens ?? 0) > 0)
    notes.push("This model does not produce billed reasoning tokens; the scenario's reasoning tokens are not counted.");
  if (!family.exact) {
    assumptions.push(`Tokens estimated as ${family.encoding} x ${family.factor} (${family.family}); may be off by x${family.low}-x${family.high}.`);
  } else if (!input.exact) {
    assumptions.push(`${family.encoding} was not counted for this run: tokens estimated from o200k_base, may be off by about 10%.`);
  }
  const exact = input.exact;

  const rules: PricingRules = { caching: cachingRuleFor(pricing.provider, modelId), batch: batchRuleFor(pricing.provider, modelId) };
  const cachingFamily = rules.caching?.family;
  if (scenario.caching && cachingFamily?.otherReading)
    assumptions.push(
      `Minimum cacheable prefix ${rules.caching?.minPrefixTokens} tokens per ${cachingFamily.source}, checked ${cachingFamily.lastChecked}. Other reading: ${cachingFamily.otherReading}`,
    );
  const volume = resolveVolume(scenario);
  if (volume.basis === 'default') assumptions.push(`${volume.requestsPerDay} requests a day (no volume given).`);
  const shortenShare = scenario.shorten;
  if (shortenShare > 0) assumptions.push(`Prompt ${Math.round(shortenShare * 100)}% shorter, every part of the input alike.`);

  const costsFor = (inputTokens: number, staticTokens: number, movableTokens: number) => {
    const levers = (keep: number) => {
      const scaled = (n: number) => Math.round(n * keep);
      const caching = simulateCaching(
        {
          inputTokens: scaled(inputTokens),
          staticPrefixTokens: scaled(staticTokens),
          movableStaticTokens: scaled(movableTokens),
          outputTokens: output,
          reasoningTokens: reasoning,
        },
        pricing,
        rules,
        { enabled: scenario.caching, hitRate: scenario.cacheHitRate, requestsPerDay: volume.requestsPerDay, ttl: scenario.cacheTtl },
      );
      const batch = simulateBatch(pricing, rules, caching.tokens, scenario.batchShare, batchCaching(caching, rules));
      return { caching, batch };
    };
    const list = costOfRequest(pricing, noCaching(inputTokens, output, reasoning), rules).total;
    const asIs = levers(1);
    const shortened = shortenShare > 0 ? levers(1 - shortenShare) : asIs;
    return { list, asIs, shortened, levers };
  };

  const mid = costsFor(input.tokens, staticPrefix.tokens, movable.tokens);
  const low = exact ? mid : costsFor(input.low, staticPrefix.low, movable.low);
  const high = exact ? mid : costsFor(input.high, staticPrefix.high, movable.high);
  const costPerRequest = mid.shortened.batch.costPerRequest;
  const economics = unitEconomics(costPerRequest, volume, scenario.pricePerUserPerMonth);
  const monthly = (usd: number) => perMonth(usd, volume);
  const beforeShortening = mid.asIs.batch.costPerRequest;

  const shorteningPotential = context.count
    ? shorteningOf(profile.messages, context.count, scenario.maxExamples).transforms.map((t) => ({
        kind: t.kind,
        description: t.description,
        tokensSaved: t.tokensSaved,
        perMonth: monthly(Math.max(0, beforeShortening - mid.levers(1 - t.share).batch.costPerRequest)),
      }))
    : [];

  const batchPlan = mid.shortened.batch;
  // Tools, the output schema and the fixed messages' images are resent every turn; the last user
  // message's images come with each turn's input.
  const billedTurns = profile.billed ? billedForConversation(profile.billed) : null;
  const fixedExtra = billedTurns ? billedExtra(billedTurns.fixed, modelId, modelVendor(modelId), family).tokens : 0;
  const turnExtra = billedTurns?.turn ? billedExtra(billedTurns.turn, modelId, modelVendor(modelId), family).tokens : 0;
  const conversation =
    scenario.conversationTurns && scenario.conversationTurns > 0
      ? simulateConversation(
          {
            fixedTokens: tokens(profile.conversation.fixedTokens).tokens + fixedExtra,
            perTurnUserTokens: tokens(profile.conversation.perTurnUserTokens).tokens + turnExtra,
            outputTokensPerTurn: output,
            reasoningTokensPerTurn: reasoning,
            turns: scenario.conversationTurns,
          },
          pricing,
          rules,
          { enabled: scenario.caching, firstTurnHitRate: mid.asIs.caching.hitRate ?? 0, lifetime: mid.asIs.caching.lifetime },
        )
      : null;

  return {
    known: true,
    model: pricing.model,
    requestedAs: model,
    name: pricing.name,
    provider: pricing.provider,
    providerName: pricing.providerName,
    tokensExact: exact,
    tokenizer: { family: family.family, encoding: family.encoding, factor: family.factor, low: family.low, high: family.high },
    inputTokens: input.tokens,
    inputTokensRange: { low: input.low, high: input.high },
    outputTokens: output,
    reasoningTokens: reasoning,
    prices: priceSummary(pricing),
    listCostPerRequest: mid.list,
    ...economics,
    costPerRequestRange: { low: low.shortened.batch.costPerRequest, high: high.shortened.batch.costPerRequest },
    savings: {
      caching: monthly(mid.asIs.caching.costPerRequestWithoutCaching - mid.asIs.caching.costPerRequest),
      batch: monthly(mid.asIs.caching.costPerRequest - mid.asIs.batch.costPerRequest),
      shortening: monthly(beforeShortening - costPerRequest),
    },
    potentialSavings: {
      batchAllTraffic: batchPlan.costPerRequestBatch === null ? null : monthly(batchPlan.costPerRequestSync - batchPlan.costPerRequestBatch),
      reorderForCaching: mid.shortened.caching.reorder ? monthly(mid.shortened.caching.reorder.savingPerRequest) : null,
      shortening: shorteningPotential,
    },
    volume,
    caching: mid.shortened.caching,
    batch: batchPlan,
    shortening: { share: shortenShare, basis: shortenShare > 0 ? 'scenario' : 'none' },
    conversation,
    fit: fitOf(pricing, input.tokens, output + reasoning),
    overBudget: scenario.budgetPerRequest === null ? null : costPerRequest > scenario.budgetPerRequest,
    assumptions: [
      ...assumptions,
      ...(mid.asIs.caching.hitRateNote ? [mid.asIs.caching.hitRateNote] : []),
      ...batchPlan.assumptions,
      ...(conversation?.assumptions ?? []),
      ...(conversation ? billedTurnAssumptions(fixedExtra, turnExtra) : []),
    ],
    notes,
  };
}

/** What a conversation resends each turn besides text: the fixed part's tools, schema and images, and each turn's own images. */
function billedTurnAssumptions(fixedExtra: number, turnExtra: number): string[] {
  const turnImages = `${turnExtra} tokens for the images of each turn's user message`;
  if (fixedExtra > 0)
    return [`Each turn resends the request's tools, output schema and images (${fixedExtra} tokens)${turnExtra > 0 ? `, plus ${turnImages}` : ''}.`];
  return turnExtra > 0 ? [`Each turn adds ${turnImages}.`] : [];
}

export function planComparison(profile: RequestProfile, scenario: Scenario, context: PlanContext): ComparisonPlan {
  // The file's own model always leads, so every saving is shown against a row that is on screen.
  const wanted = [...(profile.declaredModel ? [profile.declaredModel] : []), ...(scenario.models ?? context.defaultModels ?? DEFAULT_COMPARISON_MODELS)];
  const models: string[] = [];
  for (const m of wanted) if (!models.some((seen) => seen.toLowerCase() === m.toLowerCase())) models.push(m);
  // A scenario cannot name no models (validateScenario rejects it); a caller that passes an empty
  // list still gets a comparison, on the standard models.
  if (models.length === 0) models.push(...DEFAULT_COMPARISON_MODELS);
  const currentModel = profile.declaredModel ?? models[0] ?? '';
  const plans = models.map((m) => planRequest(profile, m, scenario, context));
  const current = plans.find((p) => p.requestedAs.toLowerCase() === currentModel.toLowerCase()) ?? planRequest(profile, currentModel, scenario, context);
  const withSaving = plans.map((plan) => ({
    ...plan,
    savingVsCurrentPerMonth: plan.known && current.known ? current.costPerMonth - plan.costPerMonth : null,
  }));
  const fitting = plans.filter((p): p is KnownModelPlan => p.known && p.fit.fitsContext !== false && p.fit.fitsOutput !== false);
  const cheapest = fitting.reduce<KnownModelPlan | null>((best, p) => (best === null || p.costPerMonth < best.costPerMonth ? p : best), null);
  return {
    label: profile.label,
    currentModel,
    plans: withSaving,
    cheapestModel: cheapest?.requestedAs ?? null,
    dataSource: context.prices.dataSource,
    asOf: context.prices.asOf,
    assumptions: [...profile.assumptions],
  };
}

function outputFigure(profile: RequestProfile, scenario: Scenario, assumptions: string[]): number {
  if (scenario.outputTokens !== null) {
    assumptions.push(`${scenario.outputTokens} output tokens per request (expected output set by you).`);
    return scenario.outputTokens;
  }
  if (profile.declaredMaxOutputTokens !== null) {
    assumptions.push(
      `${profile.declaredMaxOutputTokens} output tokens per request: the file's output limit, an upper bound. Set an expected output for a closer figure.`,
    );
    return profile.declaredMaxOutputTokens;
  }
  assumptions.push(`${DEFAULT_OUTPUT_TOKENS} output tokens per request (nothing set; a default). Set an expected output for a closer figure.`);
  return DEFAULT_OUTPUT_TOKENS;
}

function priceSummary(pricing: ModelPricing): PriceSummary {
  const threshold = longContextThreshold(pricing);
  return {
    inputPerMTok: pricing.input.perMTok,
    outputPerMTok: pricing.output.perMTok,
    cacheReadPerMTok: pricing.cacheRead?.perMTok ?? null,
    cacheWritePerMTok: pricing.cacheWrite?.perMTok ?? null,
    cacheWrite1hPerMTok: pricing.cacheWrite1h?.perMTok ?? null,
    longContext:
      threshold === null
        ? null
        : { aboveInputTokens: threshold, inputPerMTok: priceAt(pricing.input, threshold + 1), outputPerMTok: priceAt(pricing.output, threshold + 1) },
    source: pricing.source,
    asOf: pricing.asOf,
  };
}

/**
 * Where the provider says cache hits inside a batch are best effort (Anthropic: 30-98%), requests
 * sent through batch are priced at the middle of that range, or the online hit rate if lower.
 */
function batchCaching(caching: CachingPlan, rules: PricingRules): { tokens: RequestTokens; hitRate: number; reason: string } | null {
  const range = rules.batch?.batchHitRate;
  if (!range || !caching.applies || caching.hitRate === null) return null;
  const middle = (range.low + range.high) / 2;
  const hitRate = Math.min(caching.hitRate, middle);
  return {
    tokens: tokensAtHitRate(caching, hitRate),
    hitRate,
    reason:
      `Cache hits inside a batch are best effort (${Math.round(range.low * 100)}-${Math.round(range.high * 100)}% per ${rules.batch?.source}, checked ${rules.batch?.lastChecked}): ` +
      `batch requests priced at a ${Math.round(hitRate * 1000) / 10}% hit rate${hitRate < caching.hitRate ? ` instead of the online ${Math.round(caching.hitRate * 1000) / 10}%` : ''}.`,
  };
}

/** The part of the billed extras that precedes the messages (tools, schema): everything but the images. */
function staticPart(billed: BilledProfile, model: string, family: TokenizerFamily): BilledExtra {
  return billedExtra({ ...billed, images: [] }, model, modelVendor(model), family);
}

function fitOf(pricing: ModelPricing, inputTokens: number, outputTokens: number): KnownModelPlan['fit'] {
  const problems: string[] = [];
  const { contextWindow, maxOutputTokens } = pricing;
  const fitsContext = contextWindow === null ? null : inputTokens + outputTokens <= contextWindow;
  const fitsOutput = maxOutputTokens === null ? null : outputTokens <= maxOutputTokens;
  if (fitsContext === false) problems.push(`input ${inputTokens} + output ${outputTokens} tokens exceed the ${contextWindow}-token context window`);
  if (fitsOutput === false) problems.push(`output ${outputTokens} tokens exceed the model's ${maxOutputTokens}-token output limit`);
  if (contextWindow === null) problems.push('context window unknown');
  return { contextWindow, maxOutputTokens, fitsContext, fitsOutput, problems };
}

// Prompt caching: which part of a request a provider's cache can reuse, how often it will be found
// there, and whether paying to write it is worth it. Rules per provider are in pricing/caching.json.
import type { ModelPricing } from '../pricing/modelPricing';
import type { CachingRule } from '../pricing/providerRules';
import { costOfRequest, noCaching, unitPrices, type PricingRules, type RequestTokens } from './requestCost';

export interface CachingRequest {
  inputTokens: number;
  /** The leading part that is identical on every request. */
  staticPrefixTokens: number;
  /** Static text placed after variable text: cacheable only if the prompt were reordered. */
  movableStaticTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export interface CachingSettings {
  enabled: boolean;
  /** From the scenario; null = derived from traffic and the cache lifetime. */
  hitRate: number | null;
  requestsPerDay: number;
  ttl: 'auto' | '5m' | '1h';
}

export interface CachingOption {
  lifetime: string;
  lifetimeMinutes: number;
  hitRate: number;
  hitRateNote: string | null;
  /** Hit rate above which caching costs less than not caching; 0 when writes cost no more than input. */
  breakEvenHitRate: number | null;
  costPerRequest: number;
  tokens: RequestTokens;
}

export interface CachingPlan {
  /** Whether caching is part of the plan's cost. */
  applies: boolean;
  mode: 'automatic' | 'explicit' | null;
  /** Why caching does not apply, or which lifetime was chosen and why. */
  reason: string;
  staticPrefixTokens: number;
  minPrefixTokens: number | null;
  /** The part of the static prefix the provider can cache (after the minimum and step rules). */
  cacheablePrefixTokens: number;
  lifetime: string | null;
  hitRate: number | null;
  hitRateSource: 'scenario' | 'traffic' | null;
  /** Why the derived hit rate is lower than steady traffic alone would give (OpenAI overflow routing), with its band. */
  hitRateNote: string | null;
  breakEvenHitRate: number | null;
  /** Expected tokens of one request with caching as planned. */
  tokens: RequestTokens;
  costPerRequest: number;
  costPerRequestWithoutCaching: number;
  options: CachingOption[];
  /** What putting variable content last would save, when the prompt has static text after variable text. */
  reorder: { movableStaticTokens: number; cacheablePrefixTokens: number; savingPerRequest: number } | null;
  source: string | null;
}

/** The part of a static prefix a cache can hold: nothing below the minimum, then whole steps. */
export function cacheablePrefix(staticPrefixTokens: number, rule: Pick<CachingRule, 'minPrefixTokens' | 'prefixStepTokens'>): number {
  if (staticPrefixTokens < rule.minPrefixTokens) return 0;
  const step = Math.max(1, rule.prefixStepTokens);
  return Math.floor(staticPrefixTokens / step) * step;
}

/**
 * The chance a request finds the prefix still cached, when requests arrive at random (Poisson) at the
 * day's average rate and each use keeps the entry alive for `lifetimeMinutes`: 1 - e^(-rate x lifetime).
 */
export function hitRateFromTraffic(requestsPerDay: number, lifetimeMinutes: number): number {
  const perMinute = requestsPerDay / (24 * 60);
  return 1 - Math.exp(-perMinute * lifetimeMinutes);
}

export interface DerivedHitRate {
  hitRate: number;
  /** Set when the provider's overflow routing lowers the rate: what was assumed, and the band. */
  note: string | null;
}

/**
 * The hit rate steady traffic gives, lowered where the provider spreads one prefix's traffic over
 * more machines above a request rate (OpenAI before GPT-5.6: "traffic above 15 requests per minute
 * can lead to overflow routing"). How often an overflow request finds a warm machine is not
 * published: it is taken as half the steady rate, between 0 (always a cold machine) and the steady
 * rate (always a warm one), and the band is said.
 */
export function derivedHitRate(requestsPerDay: number, lifetimeMinutes: number, overflowRequestsPerMinute: number | null): DerivedHitRate {
  const steady = hitRateFromTraffic(requestsPerDay, lifetimeMinutes);
  const perMinute = requestsPerDay / (24 * 60);
  if (overflowRequestsPerMinute === null || perMinute <= overflowRequestsPerMinute) return { hitRate: steady, note: null };
  const routed = overflowRequestsPerMinute / perMinute;
  const hitRate = steady * (routed + (1 - routed) / 2);
  const low = steady * routed;
  return {
    hitRate,
    note:
      `Estimate: ${round1(perMinute)} requests a minute on one prefix is above the ~${overflowRequestsPerMinute} a machine keeps; ` +
      `the ${percent(1 - routed)} routed elsewhere are assumed to hit half as often (not published), so the hit rate is ${percent(hitRate)}, ` +
      `between ${percent(low)} (overflow always misses) and ${percent(steady)} (always hits). A prompt_cache_key per ~15 requests a minute avoids it.`,
  };
}

function round1(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Caching pays when hitRate x read + (1 - hitRate) x write < input, i.e. above (write - input) / (write - read). */
export function breakEvenHitRate(inputPerMTok: number, writePerMTok: number, readPerMTok: number): number | null {
  if (writePerMTok <= inputPerMTok) return 0;
  if (writePerMTok <= readPerMTok) return null;
  return Math.min(1, (writePerMTok - inputPerMTok) / (writePerMTok - readPerMTok));
}

export function simulateCaching(request: CachingRequest, pricing: ModelPricing, rules: PricingRules, settings: CachingSettings): CachingPlan {
  const plain = noCaching(request.inputTokens, request.outputTokens, request.reasoningTokens);
  const costWithout = costOfRequest(pricing, plain, rules).total;
  const rule = rules.caching;
  const none = (reason: string, extra: Partial<CachingPlan> = {}): CachingPlan => ({
    applies: false,
    mode: rule?.mode ?? null,
    reason,
    staticPrefixTokens: request.staticPrefixTokens,
    minPrefixTokens: rule?.minPrefixTokens ?? null,
    cacheablePrefixTokens: 0,
    lifetime: null,
    hitRate: null,
    hitRateSource: null,
    hitRateNote: null,
    breakEvenHitRate: null,
    tokens: plain,
    costPerRequest: costWithout,
    costPerRequestWithoutCaching: costWithout,
    options: [],
    reorder: null,
    source: rule?.source ?? null,
    ...extra,
  });

  if (!rule) return none(`no prompt-caching rules for ${pricing.providerName} in pricing/caching.json`);
  if (pricing.origin === 'catalog' && !pricing.cacheRead) return none('the price catalogue lists no cached-input price for this model');
  if (!settings.enabled) return none('caching is turned off in the scenario');

  const best = bestOption(request, request.staticPrefixTokens, pricing, rules, rule, settings);
  const mayDecline = rule.mode === 'explicit' && settings.ttl === 'auto';
  const currentCost = best ? (mayDecline ? Math.min(best.chosen.costPerRequest, costWithout) : best.chosen.costPerRequest) : costWithout;
  const reorder = request.movableStaticTokens > 0 ? reorderSaving(request, pricing, rules, rule, settings, currentCost) : null;
  const cacheable = cacheablePrefix(request.staticPrefixTokens, rule);
  if (cacheable === 0) {
    return none(
      `the static prefix (${request.staticPrefixTokens} tokens) is below the minimum cacheable prefix of ${rule.minPrefixTokens} tokens for this model`,
      { reorder },
    );
  }
  if (!best) return none('no cache lifetime is offered', { reorder });
  const choice = best.chosen;
  if (mayDecline && choice.costPerRequest >= costWithout) {
    return none(
      `explicit caching would cost more than it saves: the hit rate ${percent(choice.hitRate)} is below the break-even ${percent(choice.breakEvenHitRate ?? 1)}`,
      { options: best.options, reorder, cacheablePrefixTokens: cacheable },
    );
  }
  const reason =
    rule.mode === 'automatic'
      ? `${pricing.providerName} caches prompts automatically`
      : settings.ttl === 'auto'
        ? `assumes cache_control on the static prefix with the ${choice.lifetime} lifetime, the cheaper option at this hit rate`
        : `assumes cache_control on the static prefix with the ${choice.lifetime} lifetime (set in the scenario)`;
  return {
    applies: true,
    mode: rule.mode,
    reason,
    staticPrefixTokens: request.staticPrefixTokens,
    minPrefixTokens: rule.minPrefixTokens,
    cacheablePrefixTokens: cacheable,
    lifetime: choice.lifetime,
    hitRate: choice.hitRate,
    hitRateSource: settings.hitRate !== null ? 'scenario' : 'traffic',
    hitRateNote: choice.hitRateNote,
    breakEvenHitRate: choice.breakEvenHitRate,
    tokens: choice.tokens,
    costPerRequest: choice.costPerRequest,
    costPerRequestWithoutCaching: costWithout,
    options: best.options,
    reorder,
    source: rule.source,
  };
}

/** A planned caching split at another hit rate (e.g. inside a batch, where hits are best effort). */
export function tokensAtHitRate(plan: CachingPlan, hitRate: number): RequestTokens {
  const cacheable = plan.cacheablePrefixTokens;
  const oneHour = plan.lifetime === '1h';
  return {
    ...plan.tokens,
    cacheRead: hitRate * cacheable,
    cacheWrite: oneHour ? 0 : (1 - hitRate) * cacheable,
    cacheWrite1h: oneHour ? (1 - hitRate) * cacheable : 0,
  };
}

function bestOption(
  request: CachingRequest,
  staticPrefixTokens: number,
  pricing: ModelPricing,
  rules: PricingRules,
  rule: CachingRule,
  settings: CachingSettings,
): { chosen: CachingOption; options: CachingOption[] } | null {
  const cacheable = cacheablePrefix(staticPrefixTokens, rule);
  const lifetimes = rule.mode === 'explicit' && settings.ttl !== 'auto' ? rule.lifetimes.filter((l) => l.name === settings.ttl) : rule.lifetimes;
  const prices = unitPrices(pricing, request.inputTokens, rules, false);
  const options = lifetimes.map((lifetime): CachingOption => {
    const derived = settings.hitRate === null ? derivedHitRate(settings.requestsPerDay, lifetime.minutes, rule.overflowRequestsPerMinute) : null;
    const hitRate = settings.hitRate ?? derived?.hitRate ?? 0;
    const oneHour = lifetime.name === '1h';
    const tokens: RequestTokens = {
      uncached: request.inputTokens - cacheable,
      cacheRead: hitRate * cacheable,
      cacheWrite: oneHour ? 0 : (1 - hitRate) * cacheable,
      cacheWrite1h: oneHour ? (1 - hitRate) * cacheable : 0,
      output: request.outputTokens,
      reasoning: request.reasoningTokens,
    };
    const write = oneHour ? prices.cacheWrite1h : prices.cacheWrite;
    return {
      lifetime: lifetime.name,
      lifetimeMinutes: lifetime.minutes,
      hitRate,
      hitRateNote: derived?.note ?? null,
      breakEvenHitRate: breakEvenHitRate(prices.input, write, prices.cacheRead),
      costPerRequest: costOfRequest(pricing, tokens, rules).total,
      tokens,
    };
  });
  if (!options.length) return null;
  const chosen = options.reduce((a, b) => (b.costPerRequest < a.costPerRequest ? b : a));
  return { chosen, options };
}

function reorderSaving(
  request: CachingRequest,
  pricing: ModelPricing,
  rules: PricingRules,
  rule: CachingRule,
  settings: CachingSettings,
  currentCost: number,
): CachingPlan['reorder'] {
  const reorderedPrefix = request.staticPrefixTokens + request.movableStaticTokens;
  const best = bestOption(request, reorderedPrefix, pricing, rules, rule, settings);
  const reorderedCost = best ? Math.min(best.chosen.costPerRequest, currentCost) : currentCost;
  return {
    movableStaticTokens: request.movableStaticTokens,
    cacheablePrefixTokens: cacheablePrefix(reorderedPrefix, rule),
    savingPerRequest: Math.max(0, currentCost - reorderedCost),
  };
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

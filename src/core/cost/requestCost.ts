// What one request costs, given how its tokens split between cache reads, cache writes, uncached
// input, output and reasoning. Everything else (caching, batch, volume) is built on this function.
import { priceAt, type ModelPricing } from '../pricing/modelPricing';
import type { BatchRule, CachingRule } from '../pricing/providerRules';

/** Tokens of one request. Simulations give expected values, so these may be fractional. */
export interface RequestTokens {
  /** Input billed at the plain input price. */
  uncached: number;
  cacheRead: number;
  /** Written to the cache with the default lifetime (Anthropic 5 minutes; OpenAI/Gemini automatic). */
  cacheWrite: number;
  /** Written to the cache with Anthropic's 1-hour lifetime. */
  cacheWrite1h: number;
  output: number;
  /** Reasoning (thinking) tokens, billed as output. */
  reasoning: number;
}

/** USD per million tokens that apply to one request, after long-context tiers and batch discount. */
export interface UnitPrices {
  input: number;
  output: number;
  reasoning: number;
  cacheRead: number;
  cacheWrite: number;
  cacheWrite1h: number;
}

/** USD. */
export interface RequestCost {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
  total: number;
}

export interface PricingRules {
  caching: CachingRule | null;
  batch: BatchRule | null;
}

export function inputTokensOf(tokens: RequestTokens): number {
  return tokens.uncached + tokens.cacheRead + tokens.cacheWrite + tokens.cacheWrite1h;
}

export function noCaching(input: number, output: number, reasoning: number): RequestTokens {
  return { uncached: input, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, output, reasoning };
}

/**
 * The unit prices of a request whose whole input is `inputTokens`: a long-context tier, once crossed,
 * applies to every token of the request (input, cache and output alike).
 */
export function unitPrices(
  pricing: ModelPricing,
  inputTokens: number,
  rules: PricingRules,
  viaBatch: boolean,
  reading: UnpublishedReading = 'middle',
): UnitPrices {
  const input = priceAt(pricing.input, inputTokens);
  const output = priceAt(pricing.output, inputTokens);
  const oneHour = rules.caching?.lifetimes.find((l) => l.name === '1h');
  const prices: UnitPrices = {
    input,
    output,
    reasoning: pricing.reasoningOutput ? priceAt(pricing.reasoningOutput, inputTokens) : output,
    cacheRead: pricing.cacheRead ? priceAt(pricing.cacheRead, inputTokens) : input * (rules.caching?.readMultiplier ?? 1),
    cacheWrite: pricing.cacheWrite ? priceAt(pricing.cacheWrite, inputTokens) : input * (rules.caching?.lifetimes[0]?.writeMultiplier ?? 1),
    cacheWrite1h: pricing.cacheWrite1h ? priceAt(pricing.cacheWrite1h, inputTokens) : input * (oneHour?.writeMultiplier ?? 1),
  };
  return viaBatch ? batchPrices(pricing, prices, inputTokens, rules.batch, reading) : prices;
}

/** Whether the model can be sent through a batch API at all: explicit batch prices, or a provider discount. */
export function batchAvailable(pricing: ModelPricing, batch: BatchRule | null): boolean {
  return (pricing.batchInput !== null && pricing.batchOutput !== null) || batch !== null;
}

/** For `unpublished` cached batch prices: which reading to price at (see `CachedTokensInBatch`). */
export type UnpublishedReading = 'middle' | 'no-cache-discount' | 'stacked';

function batchPrices(pricing: ModelPricing, sync: UnitPrices, inputTokens: number, batch: BatchRule | null, reading: UnpublishedReading): UnitPrices {
  const inputPrice = pricing.batchInput ? priceAt(pricing.batchInput, inputTokens) : sync.input * (1 - (batch?.discount ?? 0));
  const outputPrice = pricing.batchOutput ? priceAt(pricing.batchOutput, inputTokens) : sync.output * (1 - (batch?.discount ?? 0));
  // Without a provider rule, the discount is what the explicit batch prices imply.
  const discount = batch?.discount ?? (sync.input > 0 ? 1 - inputPrice / sync.input : 0);
  const outputShare = sync.output > 0 ? outputPrice / sync.output : 1 - discount;
  const stacked = (price: number) => price * (1 - discount);
  // Reading 1: no cache discount inside a batch (cached input at the batch input price); reading 2: the discounts stack.
  const cached = (price: number): number => {
    switch (batch?.cachedTokens ?? 'discounted') {
      case 'discounted':
        return stacked(price);
      case 'standard':
        return price;
      case 'unpublished':
        return reading === 'stacked' ? stacked(price) : reading === 'no-cache-discount' ? inputPrice : (stacked(price) + inputPrice) / 2;
    }
  };
  return {
    input: inputPrice,
    output: outputPrice,
    reasoning: sync.reasoning * outputShare,
    cacheRead: cached(sync.cacheRead),
    // Writes are input sent once: a write premium (if any) is discounted like input.
    cacheWrite: stacked(sync.cacheWrite),
    cacheWrite1h: stacked(sync.cacheWrite1h),
  };
}

export function costOfRequest(
  pricing: ModelPricing,
  tokens: RequestTokens,
  rules: PricingRules,
  viaBatch = false,
  reading: UnpublishedReading = 'middle',
): RequestCost {
  const p = unitPrices(pricing, inputTokensOf(tokens), rules, viaBatch, reading);
  const input = (tokens.uncached * p.input) / 1e6;
  const cacheRead = (tokens.cacheRead * p.cacheRead) / 1e6;
  const cacheWrite = (tokens.cacheWrite * p.cacheWrite + tokens.cacheWrite1h * p.cacheWrite1h) / 1e6;
  const output = (tokens.output * p.output) / 1e6;
  const reasoning = (tokens.reasoning * p.reasoning) / 1e6;
  return { input, cacheRead, cacheWrite, output, reasoning, total: input + cacheRead + cacheWrite + output + reasoning };
}

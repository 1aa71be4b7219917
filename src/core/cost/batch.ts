// Batch APIs: a share of traffic sent at the provider's batch discount (results within about a day),
// combined with caching as the provider combines them (Anthropic: the discounts stack).
import type { ModelPricing } from '../pricing/modelPricing';
import type { CachedTokensInBatch } from '../pricing/providerRules';
import { batchAvailable, costOfRequest, type PricingRules, type RequestTokens } from './requestCost';

export interface BatchPlan {
  available: boolean;
  /** Why batch is unavailable, or how it was priced. */
  reason: string;
  discount: number | null;
  share: number;
  /** How cached input is billed inside a batch (pricing/batch.json `cachedTokens`). */
  cachedTokens: CachedTokensInBatch | null;
  /** The hit rate assumed for requests sent through batch, when it differs from the online one. */
  batchHitRate: number | null;
  costPerRequestSync: number;
  costPerRequestBatch: number | null;
  /** For an unpublished cached batch price: the cost of a batch request at each reading. */
  costPerRequestBatchRange: { low: number; high: number } | null;
  /** Average cost of a request with `share` of traffic through batch. */
  costPerRequest: number;
  assumptions: string[];
  source: string | null;
}

/**
 * `tokens` is the request's expected split with caching applied online; `batchTokens` the split for
 * a request sent through batch, when the provider says cache hits there are rarer (best effort).
 */
export function simulateBatch(
  pricing: ModelPricing,
  rules: PricingRules,
  tokens: RequestTokens,
  share: number,
  batchTokens: { tokens: RequestTokens; hitRate: number; reason: string } | null = null,
): BatchPlan {
  const sync = costOfRequest(pricing, tokens, rules).total;
  if (!batchAvailable(pricing, rules.batch)) {
    return {
      available: false,
      reason: `no batch prices for ${pricing.providerName} (not in pricing/batch.json, no *_batches prices in your price file)`,
      discount: null,
      share: 0,
      cachedTokens: null,
      batchHitRate: null,
      costPerRequestSync: sync,
      costPerRequestBatch: null,
      costPerRequestBatchRange: null,
      costPerRequest: sync,
      assumptions: share > 0 ? ['Batch share ignored: this model has no batch price.'] : [],
      source: null,
    };
  }
  const inBatch = batchTokens?.tokens ?? tokens;
  const batch = costOfRequest(pricing, inBatch, rules, true).total;
  const rule = rules.batch;
  const assumptions: string[] = [];
  const cached = inBatch.cacheRead > 0;
  let range: BatchPlan['costPerRequestBatchRange'] = null;
  if (cached && rule?.cachedTokens === 'unpublished') {
    const low = costOfRequest(pricing, inBatch, rules, true, 'stacked').total;
    const high = costOfRequest(pricing, inBatch, rules, true, 'no-cache-discount').total;
    range = { low, high };
    if (share > 0)
      assumptions.push(
        `${pricing.providerName} publishes no cached-input price inside a batch for this model: priced halfway (${usd(batch)} a batch request) between ` +
          `the cache discount stacking (${usd(low)}) and no cache discount in a batch (${usd(high)}). Source: ${rule.source}, checked ${rule.lastChecked}.`,
      );
  }
  if (share > 0 && cached && rule?.cachedTokens === 'standard')
    assumptions.push(`In a batch, cached tokens are billed at the non-batch cached price (not halved). Source: ${rule.source}, checked ${rule.lastChecked}.`);
  if (share > 0 && batchTokens) assumptions.push(batchTokens.reason);
  const explicit = pricing.batchInput !== null && pricing.batchOutput !== null;
  return {
    available: true,
    reason: explicit ? `batch prices from ${pricing.source}` : `${Math.round((rule?.discount ?? 0) * 100)}% off with ${pricing.providerName}'s batch API`,
    discount: rule?.discount ?? (sync > 0 ? 1 - batch / sync : null),
    share,
    cachedTokens: rule?.cachedTokens ?? null,
    batchHitRate: batchTokens?.hitRate ?? null,
    costPerRequestSync: sync,
    costPerRequestBatch: batch,
    costPerRequestBatchRange: range,
    costPerRequest: (1 - share) * sync + share * batch,
    assumptions,
    source: explicit ? pricing.source : (rule?.source ?? null),
  };
}

function usd(value: number): string {
  return `$${value.toPrecision(3)}`;
}

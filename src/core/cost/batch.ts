// Batch APIs: a share of traffic sent at the provider's batch discount (results within about a day),
// combined with caching as the provider combines them (Anthropic: the discounts stack).
import type { ModelPricing } from '../pricing/modelPricing';
import { batchAvailable, costOfRequest, type PricingRules, type RequestTokens } from './requestCost';

export interface BatchPlan {
  available: boolean;
  /** Why batch is unavailable, or how it was priced. */
  reason: string;
  discount: number | null;
  share: number;
  stacksWithCaching: boolean | null;
  costPerRequestSync: number;
  costPerRequestBatch: number | null;
  /** Average cost of a request with `share` of traffic through batch. */
  costPerRequest: number;
  assumptions: string[];
  source: string | null;
}

/** `tokens` is the request's expected split with caching already applied. */
export function simulateBatch(pricing: ModelPricing, rules: PricingRules, tokens: RequestTokens, share: number): BatchPlan {
  const sync = costOfRequest(pricing, tokens, rules).total;
  if (!batchAvailable(pricing, rules.batch)) {
    return {
      available: false,
      reason: `no batch prices for ${pricing.providerName} (not in pricing/batch.json, no *_batches prices in your price file)`,
      discount: null,
      share: 0,
      stacksWithCaching: null,
      costPerRequestSync: sync,
      costPerRequestBatch: null,
      costPerRequest: sync,
      assumptions: share > 0 ? ['Batch share ignored: this model has no batch price.'] : [],
      source: null,
    };
  }
  const batch = costOfRequest(pricing, tokens, rules, true).total;
  const rule = rules.batch;
  const assumptions: string[] = [];
  const cached = tokens.cacheRead + tokens.cacheWrite + tokens.cacheWrite1h > 0;
  if (share > 0 && cached && rule && !rule.stackingVerified) {
    assumptions.push(`Assumed: ${pricing.providerName} applies cache discounts inside batches too (not confirmed by the sources in pricing/batch.json).`);
  }
  if (share > 0 && cached) assumptions.push('Cache hits inside a batch are best effort; the same hit rate is assumed.');
  const explicit = pricing.batchInput !== null && pricing.batchOutput !== null;
  return {
    available: true,
    reason: explicit ? `batch prices from ${pricing.source}` : `${Math.round((rule?.discount ?? 0) * 100)}% off with ${pricing.providerName}'s batch API`,
    discount: rule?.discount ?? (sync > 0 ? 1 - batch / sync : null),
    share,
    stacksWithCaching: rule?.stacksWithCaching ?? true,
    costPerRequestSync: sync,
    costPerRequestBatch: batch,
    costPerRequest: (1 - share) * sync + share * batch,
    assumptions,
    source: explicit ? pricing.source : (rule?.source ?? null),
  };
}

// The billing rules, each checked against dollars worked out by hand here from the published prices:
// Sonnet 4.5 $3 in / $15 out / $0.30 cached read / $3.75 5-minute write / $6 1-hour write, above 200k
// input $6 / $22.50; gpt-4o $2.50 / $10 / $1.25 cached; o3 $2 / $8; Haiku 4.5 $1 / $5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupModel, parseLiteLlmPriceFile, priceBookOf, withOverrides, type ModelPricing } from '../src/core/pricing';
import { batchRuleFor, cachingRuleFor } from '../src/core/pricing/providerRules';
import {
  DEFAULT_SCENARIO,
  breakEvenHitRate,
  costOfRequest,
  hitRateFromTraffic,
  planRequest,
  simulateBatch,
  simulateCaching,
  type KnownModelPlan,
  type PricingRules,
  type Scenario,
} from '../src/core/cost';
import { AT, catalog, close, profile } from './support/pricing';

async function model(name: string): Promise<{ pricing: ModelPricing; rules: PricingRules }> {
  const lookup = lookupModel(await catalog(), name, { at: AT });
  assert.ok(lookup.known);
  return {
    pricing: lookup.pricing,
    rules: { caching: cachingRuleFor(lookup.pricing.provider, lookup.pricing.model), batch: batchRuleFor(lookup.pricing.provider) },
  };
}

/** A profile whose o200k and cl100k counts are the same, for hand-checkable sums. */

function scenario(fields: Partial<Scenario>): Scenario {
  return { ...DEFAULT_SCENARIO, ...fields };
}

const request = { inputTokens: 3000, staticPrefixTokens: 2000, movableStaticTokens: 0, outputTokens: 500, reasoningTokens: 0 };

test('Anthropic 5-minute cache: 80% hits read at $0.30, 20% misses write at $3.75', async () => {
  const { pricing, rules } = await model('claude-sonnet-4-5');
  const plan = simulateCaching(request, pricing, rules, { enabled: true, hitRate: 0.8, requestsPerDay: 1000, ttl: '5m' });
  const expected = (1000 * 3 + 0.8 * 2000 * 0.3 + 0.2 * 2000 * 3.75 + 500 * 15) / 1e6;
  assert.equal(plan.applies, true);
  assert.equal(plan.lifetime, '5m');
  close(plan.costPerRequest, expected);
  close(plan.costPerRequestWithoutCaching, (3000 * 3 + 500 * 15) / 1e6);
  close(plan.breakEvenHitRate!, (3.75 - 3) / (3.75 - 0.3));
});

test('Anthropic 1-hour cache: misses write at $6', async () => {
  const { pricing, rules } = await model('claude-sonnet-4-5');
  const plan = simulateCaching(request, pricing, rules, { enabled: true, hitRate: 0.8, requestsPerDay: 1000, ttl: '1h' });
  const expected = (1000 * 3 + 0.8 * 2000 * 0.3 + 0.2 * 2000 * 6 + 500 * 15) / 1e6;
  assert.equal(plan.lifetime, '1h');
  close(plan.costPerRequest, expected);
  close(plan.breakEvenHitRate!, (6 - 3) / (6 - 0.3));
});

test('hit rate from traffic: one request a minute finds a 5-minute cache 1 - e^-5 of the time; auto picks the cheaper lifetime', async () => {
  const { pricing, rules } = await model('claude-sonnet-4-5');
  close(hitRateFromTraffic(1440, 5), 1 - Math.exp(-5));
  const plan = simulateCaching(request, pricing, rules, { enabled: true, hitRate: null, requestsPerDay: 1440, ttl: 'auto' });
  const h5 = 1 - Math.exp(-1 * 5);
  const h60 = 1 - Math.exp(-1 * 60);
  const cost5m = (1000 * 3 + h5 * 2000 * 0.3 + (1 - h5) * 2000 * 3.75 + 500 * 15) / 1e6;
  const cost1h = (1000 * 3 + h60 * 2000 * 0.3 + (1 - h60) * 2000 * 6 + 500 * 15) / 1e6;
  close(plan.costPerRequest, Math.min(cost5m, cost1h));
  assert.equal(plan.lifetime, cost5m <= cost1h ? '5m' : '1h');
  assert.equal(plan.hitRateSource, 'traffic');
});

test('explicit caching below break-even is not used', async () => {
  const { pricing, rules } = await model('claude-sonnet-4-5');
  // 10% hits: 5m break-even is 0.75 / 3.45 = 21.7%.
  const plan = simulateCaching(request, pricing, rules, { enabled: true, hitRate: 0.1, requestsPerDay: 1000, ttl: 'auto' });
  assert.equal(plan.applies, false);
  assert.match(plan.reason, /below the break-even 21.7%/);
  close(plan.costPerRequest, (3000 * 3 + 500 * 15) / 1e6);
});

test('a static prefix below the minimum cacheable size is not cached', async () => {
  const haiku = await model('claude-haiku-4-5');
  // Haiku 4.5 caches only prefixes of 4096 tokens or more.
  const plan = simulateCaching({ ...request, inputTokens: 5000, staticPrefixTokens: 3000 }, haiku.pricing, haiku.rules, {
    enabled: true,
    hitRate: 1,
    requestsPerDay: 1000,
    ttl: '5m',
  });
  assert.equal(plan.applies, false);
  assert.match(plan.reason, /3000 tokens\) is below the minimum cacheable prefix of 4096/);
  close(plan.costPerRequest, (5000 * 1 + 500 * 5) / 1e6);
  const sonnet = await model('claude-sonnet-4-5');
  const small = simulateCaching({ ...request, staticPrefixTokens: 1023 }, sonnet.pricing, sonnet.rules, {
    enabled: true,
    hitRate: 1,
    requestsPerDay: 1000,
    ttl: '5m',
  });
  assert.equal(small.applies, false);
  close(small.costPerRequest, (3000 * 3 + 500 * 15) / 1e6);
});

test('OpenAI automatic caching: 1024 tokens minimum, then 128-token steps, writes at the input price', async () => {
  const { pricing, rules } = await model('gpt-4o');
  // 1300 static tokens: 1024 + 2 x 128 = 1280 cacheable.
  const plan = simulateCaching({ ...request, inputTokens: 2000, staticPrefixTokens: 1300 }, pricing, rules, {
    enabled: true,
    hitRate: 1,
    requestsPerDay: 1000,
    ttl: 'auto',
  });
  assert.equal(plan.cacheablePrefixTokens, 1280);
  close(plan.costPerRequest, (720 * 2.5 + 1280 * 1.25 + 500 * 10) / 1e6);
  // Half the requests miss: a miss costs the plain input price (no write premium on gpt-4o).
  const half = simulateCaching({ ...request, inputTokens: 2000, staticPrefixTokens: 1300 }, pricing, rules, {
    enabled: true,
    hitRate: 0.5,
    requestsPerDay: 1000,
    ttl: 'auto',
  });
  close(half.costPerRequest, (720 * 2.5 + 640 * 1.25 + 640 * 2.5 + 500 * 10) / 1e6);
  assert.equal(half.breakEvenHitRate, 0);
  const below = simulateCaching({ ...request, inputTokens: 2000, staticPrefixTokens: 1023 }, pricing, rules, {
    enabled: true,
    hitRate: 1,
    requestsPerDay: 1000,
    ttl: 'auto',
  });
  assert.equal(below.cacheablePrefixTokens, 0);
  close(below.costPerRequest, (2000 * 2.5 + 500 * 10) / 1e6);
});

test('reordering: static text after a variable would join the cached prefix', async () => {
  const { pricing, rules } = await model('gpt-4o');
  // 1000 static before the variable (below 1024), 800 more after it: reordered, 1800 -> 1792 cacheable.
  const plan = simulateCaching({ inputTokens: 2000, staticPrefixTokens: 1000, movableStaticTokens: 800, outputTokens: 0, reasoningTokens: 0 }, pricing, rules, {
    enabled: true,
    hitRate: 1,
    requestsPerDay: 1000,
    ttl: 'auto',
  });
  assert.equal(plan.applies, false);
  assert.equal(plan.reorder?.cacheablePrefixTokens, 1792);
  close(plan.reorder!.savingPerRequest, (2000 * 2.5 - (208 * 2.5 + 1792 * 1.25)) / 1e6);
});

test('batch combined with caching: Anthropic takes 50% off every part, cache reads and writes included', async () => {
  const { pricing, rules } = await model('claude-sonnet-4-5');
  const caching = simulateCaching(request, pricing, rules, { enabled: true, hitRate: 0.8, requestsPerDay: 1000, ttl: '5m' });
  const all = simulateBatch(pricing, rules, caching.tokens, 1);
  const batched = (1000 * 3 * 0.5 + 0.8 * 2000 * 0.3 * 0.5 + 0.2 * 2000 * 3.75 * 0.5 + 500 * 15 * 0.5) / 1e6;
  close(all.costPerRequest, batched);
  const sync = (1000 * 3 + 0.8 * 2000 * 0.3 + 0.2 * 2000 * 3.75 + 500 * 15) / 1e6;
  const mixed = simulateBatch(pricing, rules, caching.tokens, 0.25);
  close(mixed.costPerRequest, 0.75 * sync + 0.25 * batched);
});

test('batch with explicit batch prices from a user file', async () => {
  const file = JSON.stringify({
    'acme/acme-large': {
      input_cost_per_token: 1e-6,
      output_cost_per_token: 4e-6,
      input_cost_per_token_batches: 4e-7,
      output_cost_per_token_batches: 2e-6,
      litellm_provider: 'acme',
    },
  });
  const cat = withOverrides(await catalog(), parseLiteLlmPriceFile(file, 'p.json', { asOf: '2026-11-01' }).models);
  const lookup = lookupModel(cat, 'acme/acme-large', { at: AT });
  assert.ok(lookup.known);
  const plan = simulateBatch(
    lookup.pricing,
    { caching: null, batch: null },
    { uncached: 1000, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, output: 100, reasoning: 0 },
    1,
  );
  close(plan.costPerRequest, (1000 * 0.4 + 100 * 2) / 1e6);
});

test('long-context tier: above 200k input the whole request pays $6 / $22.50 on Sonnet 4.5', async () => {
  const { pricing, rules } = await model('claude-sonnet-4-5');
  const tokens = (input: number) => ({ uncached: input, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, output: 1000, reasoning: 0 });
  close(costOfRequest(pricing, tokens(200_000), rules).total, (200_000 * 3 + 1000 * 15) / 1e6);
  close(costOfRequest(pricing, tokens(250_000), rules).total, (250_000 * 6 + 1000 * 22.5) / 1e6);
  // Cached tokens count toward the threshold and are repriced too ($0.60 read above 200k).
  close(costOfRequest(pricing, { ...tokens(100_000), cacheRead: 150_000 }, rules).total, (100_000 * 6 + 150_000 * 0.6 + 1000 * 22.5) / 1e6);
  const gemini = await model('gemini-2.5-pro');
  close(costOfRequest(gemini.pricing, tokens(200_001), gemini.rules).total, (200_001 * 2.5 + 1000 * 15) / 1e6);
});

test('an unknown model is planned as "price unknown", never $0', async () => {
  const plan = planRequest(profile(1000), 'acme-llm-9', scenario({ outputTokens: 100 }), { prices: priceBookOf(await catalog()), at: AT });
  assert.equal(plan.known, false);
  assert.equal(plan.costPerRequest, null);
  if (!plan.known) {
    assert.equal(plan.priceUnknown, true);
    assert.match(plan.reason, /acme-llm-9/);
  }
});

test('a user price override changes the plan: gpt-4o at $2 / $8', async () => {
  const file = JSON.stringify({ 'gpt-4o': { input_cost_per_token: 2e-6, output_cost_per_token: 8e-6, litellm_provider: 'openai' } });
  const cat = withOverrides(await catalog(), parseLiteLlmPriceFile(file, 'p.json', { asOf: '2026-11-01' }).models);
  const plan = planRequest(profile(1000), 'gpt-4o', scenario({ outputTokens: 100, requestsPerDay: 100 }), {
    prices: priceBookOf(cat),
    at: AT,
  }) as KnownModelPlan;
  assert.equal(plan.known, true);
  close(plan.costPerRequest, (1000 * 2 + 100 * 8) / 1e6);
  close(plan.costPerMonth, ((1000 * 2 + 100 * 8) / 1e6) * 100 * 30);
  assert.equal(plan.prices.asOf, '2026-11-01');
  assert.equal(plan.prices.inputPerMTok, 2);
});

test('reasoning tokens are billed as output on a reasoning model, and ignored on one that does not reason', async () => {
  const ctx = { prices: priceBookOf(await catalog()), at: AT };
  const o3 = planRequest(profile(1000), 'o3', scenario({ outputTokens: 200, reasoningTokens: 3000, caching: false }), ctx) as KnownModelPlan;
  close(o3.costPerRequest, (1000 * 2 + (200 + 3000) * 8) / 1e6);
  assert.equal(o3.reasoningTokens, 3000);
  const gpt = planRequest(profile(1000), 'gpt-4o', scenario({ outputTokens: 200, reasoningTokens: 3000, caching: false }), ctx) as KnownModelPlan;
  close(gpt.costPerRequest, (1000 * 2.5 + 200 * 10) / 1e6);
  assert.ok(gpt.notes.some((n) => /reasoning tokens are not counted/.test(n)));
  const sonnet = planRequest(profile(1000), 'claude-sonnet-4-5', scenario({ outputTokens: 200, reasoningTokens: 3000, caching: false }), ctx) as KnownModelPlan;
  // Claude tokens are estimated: 1000 o200k tokens x 1.15.
  close(sonnet.costPerRequest, (1150 * 3 + (200 + 3000) * 15) / 1e6);
});

test('Claude token estimates carry their error band into the cost', async () => {
  const plan = planRequest(profile(10_000), 'claude-sonnet-4-5', scenario({ outputTokens: 0, caching: false }), {
    prices: priceBookOf(await catalog()),
    at: AT,
  }) as KnownModelPlan;
  assert.equal(plan.tokensExact, false);
  assert.equal(plan.inputTokens, 11_500);
  assert.deepEqual(plan.inputTokensRange, { low: 11_000, high: 13_000 });
  close(plan.costPerRequest, (11_500 * 3) / 1e6);
  close(plan.costPerRequestRange.low, (11_000 * 3) / 1e6);
  close(plan.costPerRequestRange.high, (13_000 * 3) / 1e6);
  const gpt = planRequest(profile(10_000), 'gpt-4o', scenario({ outputTokens: 0, caching: false }), {
    prices: priceBookOf(await catalog()),
    at: AT,
  }) as KnownModelPlan;
  assert.equal(gpt.tokensExact, true);
  assert.equal(gpt.inputTokens, 10_000);
});

test('breakEvenHitRate: (write - input) / (write - read)', () => {
  close(breakEvenHitRate(3, 3.75, 0.3)!, 0.75 / 3.45);
  assert.equal(breakEvenHitRate(2.5, 2.5, 1.25), 0);
});

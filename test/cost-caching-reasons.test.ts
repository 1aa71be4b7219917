// What the plan says about caching, word for word, with the figures behind it: why caching does or
// does not apply, which lifetime was chosen and why, the options compared, and where the hit rate
// came from. Published prices: gpt-4o $2.50 / $1.25 cached; Sonnet 4.5 $3, reads $0.30, 5-minute
// writes $3.75, 1-hour writes $6; mistral-large $2 / $6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupModel, parseLiteLlmPriceFile, withOverrides, type ModelPricing } from '../src/core/pricing';
import { batchRuleFor, cachingRuleFor } from '../src/core/pricing/providerRules';
import { breakEvenHitRate, hitRateFromTraffic, simulateCaching, type CachingRequest, type PricingRules } from '../src/core/cost';
import { AT, catalog, close } from './support/pricing';

async function model(name: string): Promise<{ pricing: ModelPricing; rules: PricingRules }> {
  const lookup = lookupModel(await catalog(), name, { at: AT });
  assert.ok(lookup.known, name);
  const { provider, model: id } = lookup.pricing;
  return { pricing: lookup.pricing, rules: { caching: cachingRuleFor(provider, id), batch: batchRuleFor(provider) } };
}

const request: CachingRequest = { inputTokens: 3000, staticPrefixTokens: 2000, movableStaticTokens: 0, outputTokens: 500, reasoningTokens: 0 };

test('no caching rule for the provider: said so, priced at list', async () => {
  const { pricing, rules } = await model('mistral-large');
  const plan = simulateCaching(request, pricing, rules, { enabled: true, hitRate: 1, requestsPerDay: 1000, ttl: 'auto' });
  assert.equal(plan.applies, false);
  assert.equal(plan.reason, 'no prompt-caching rules for Mistral in pricing/caching.json');
  assert.equal(plan.mode, null);
  assert.equal(plan.minPrefixTokens, null);
  assert.equal(plan.source, null);
  close(plan.costPerRequest, (3000 * 2 + 500 * 6) / 1e6);
});

test('caching turned off: said so, with the provider rule it would have used', async () => {
  const { pricing, rules } = await model('gpt-4o');
  const plan = simulateCaching(request, pricing, rules, { enabled: false, hitRate: 1, requestsPerDay: 1000, ttl: 'auto' });
  assert.equal(plan.applies, false);
  assert.equal(plan.reason, 'caching is turned off in the scenario');
  assert.equal(plan.mode, 'automatic');
  assert.equal(plan.minPrefixTokens, 1024);
  assert.equal(plan.source, rules.caching!.source);
  assert.deepEqual(plan.tokens, { uncached: 3000, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, output: 500, reasoning: 0 });
  assert.equal(plan.hitRate, null);
  assert.equal(plan.hitRateSource, null);
  close(plan.costPerRequest, (3000 * 2.5 + 500 * 10) / 1e6);
});

test('OpenAI caches automatically; the hit rate comes from the scenario when given', async () => {
  const { pricing, rules } = await model('gpt-4o');
  const plan = simulateCaching(request, pricing, rules, { enabled: true, hitRate: 0.6, requestsPerDay: 1000, ttl: 'auto' });
  assert.equal(plan.applies, true);
  assert.equal(plan.reason, 'OpenAI caches prompts automatically');
  assert.equal(plan.mode, 'automatic');
  assert.equal(plan.lifetime, 'in-memory');
  assert.equal(plan.hitRate, 0.6);
  assert.equal(plan.hitRateSource, 'scenario');
  // 1920 of the 2000 static tokens are cacheable (1024 + 7 x 128).
  assert.equal(plan.cacheablePrefixTokens, 1920);
  assert.deepEqual(plan.tokens, { uncached: 1080, cacheRead: 0.6 * 1920, cacheWrite: 0.4 * 1920, cacheWrite1h: 0, output: 500, reasoning: 0 });
  close(plan.costPerRequest, (1080 * 2.5 + 0.6 * 1920 * 1.25 + 0.4 * 1920 * 2.5 + 500 * 10) / 1e6);
  assert.equal(plan.reorder, null);
});

test('Anthropic: auto picks the cheaper lifetime at the traffic hit rate and says so; a lifetime set in the scenario says that', async () => {
  const { pricing, rules } = await model('claude-sonnet-4-5');
  // 50 requests a day: a 5-minute entry is found 1 - e^(-50/1440 x 5) of the time, a 1-hour one 1 - e^(-50/1440 x 60).
  const h5 = 1 - Math.exp((-50 / 1440) * 5);
  const h60 = 1 - Math.exp((-50 / 1440) * 60);
  close(hitRateFromTraffic(50, 5), h5);
  const auto = simulateCaching(request, pricing, rules, { enabled: true, hitRate: null, requestsPerDay: 50, ttl: 'auto' });
  const cost5m = (1000 * 3 + h5 * 2000 * 0.3 + (1 - h5) * 2000 * 3.75 + 500 * 15) / 1e6;
  const cost1h = (1000 * 3 + h60 * 2000 * 0.3 + (1 - h60) * 2000 * 6 + 500 * 15) / 1e6;
  const without = (3000 * 3 + 500 * 15) / 1e6;
  assert.deepEqual(
    auto.options.map((o) => [o.lifetime, o.lifetimeMinutes]),
    [
      ['5m', 5],
      ['1h', 60],
    ],
  );
  close(auto.options[0].hitRate, h5);
  close(auto.options[1].hitRate, h60);
  close(auto.options[0].costPerRequest, cost5m);
  close(auto.options[1].costPerRequest, cost1h);
  close(auto.options[1].breakEvenHitRate!, (6 - 3) / (6 - 0.3));
  // At 50 a day the 5-minute cache is rarely warm (16%, below its 21.7% break-even); the 1-hour one is
  // warm 88% of the time and pays.
  assert.ok(cost1h < without && cost5m > without, `${cost5m} ${cost1h} ${without}`);
  assert.equal(auto.applies, true);
  assert.equal(auto.lifetime, '1h');
  assert.equal(auto.hitRateSource, 'traffic');
  assert.equal(auto.reason, 'assumes cache_control on the static prefix with the 1h lifetime, the cheaper option at this hit rate');
  close(auto.costPerRequest, cost1h);
  close(auto.costPerRequestWithoutCaching, without);
  // The 5-minute lifetime set by the user is used even below its break-even, and said to be set.
  const set = simulateCaching(request, pricing, rules, { enabled: true, hitRate: null, requestsPerDay: 50, ttl: '5m' });
  assert.equal(set.applies, true);
  assert.equal(set.reason, 'assumes cache_control on the static prefix with the 5m lifetime (set in the scenario)');
  assert.deepEqual(
    set.options.map((o) => o.lifetime),
    ['5m'],
  );
  close(set.costPerRequest, cost5m);
});

test('explicit caching below break-even on every lifetime is declined, with both options kept for the reader', async () => {
  const { pricing, rules } = await model('claude-sonnet-4-5');
  const plan = simulateCaching(request, pricing, rules, { enabled: true, hitRate: 0.1, requestsPerDay: 1000, ttl: 'auto' });
  assert.equal(plan.applies, false);
  assert.equal(plan.reason, 'explicit caching would cost more than it saves: the hit rate 10% is below the break-even 21.7%');
  assert.equal(plan.cacheablePrefixTokens, 2000);
  assert.equal(plan.options.length, 2);
  assert.equal(plan.mode, 'explicit');
});

test('reordering a prompt whose static text follows a variable: the saving at the current cost, never negative', async () => {
  const { pricing, rules } = await model('gpt-4o');
  // 1100 static tokens first (1024 cacheable), 900 more after the variable: reordered, 2000 -> 1920 cacheable.
  const plan = simulateCaching({ inputTokens: 3000, staticPrefixTokens: 1100, movableStaticTokens: 900, outputTokens: 0, reasoningTokens: 0 }, pricing, rules, {
    enabled: true,
    hitRate: 1,
    requestsPerDay: 1000,
    ttl: 'auto',
  });
  assert.equal(plan.applies, true);
  close(plan.costPerRequest, (1976 * 2.5 + 1024 * 1.25) / 1e6);
  assert.equal(plan.reorder!.movableStaticTokens, 900);
  assert.equal(plan.reorder!.cacheablePrefixTokens, 1920);
  close(plan.reorder!.savingPerRequest, ((1920 - 1024) * (2.5 - 1.25)) / 1e6);
  // On Claude at a hit rate where caching does not pay, reordering saves nothing rather than a negative amount.
  const claude = await model('claude-sonnet-4-5');
  const declined = simulateCaching(
    { inputTokens: 3000, staticPrefixTokens: 1100, movableStaticTokens: 900, outputTokens: 0, reasoningTokens: 0 },
    claude.pricing,
    claude.rules,
    {
      enabled: true,
      hitRate: 0.05,
      requestsPerDay: 1000,
      ttl: 'auto',
    },
  );
  assert.equal(declined.applies, false);
  assert.equal(declined.reorder!.savingPerRequest, 0);
});

test('break-even: 0 when writes cost no more than input; none when writes cost no more than reads; at most 1', () => {
  assert.equal(breakEvenHitRate(2.5, 2.5, 1.25), 0);
  assert.equal(breakEvenHitRate(2.5, 2, 1.25), 0);
  assert.equal(breakEvenHitRate(1, 3, 3), null);
  assert.equal(breakEvenHitRate(1, 3, 4), null);
  // Reads dearer than input (a made-up price file): caching never pays, capped at 100%.
  assert.equal(breakEvenHitRate(1, 4, 2), 1);
  close(breakEvenHitRate(3, 3.75, 0.3)!, 0.75 / 3.45);
});

test('caching edges: a prefix of exactly the minimum is cached; a tie between lifetimes keeps the shorter', async () => {
  const gpt = await model('gpt-4o');
  const exact = simulateCaching({ ...request, staticPrefixTokens: 1024 }, gpt.pricing, gpt.rules, {
    enabled: true,
    hitRate: 1,
    requestsPerDay: 1000,
    ttl: 'auto',
  });
  assert.equal(exact.cacheablePrefixTokens, 1024);
  close(exact.costPerRequest, (1976 * 2.5 + 1024 * 1.25 + 500 * 10) / 1e6);
  // Every request hits: no writes, so both Anthropic lifetimes cost the same; the 5-minute one is kept.
  const claude = await model('claude-sonnet-4-5');
  const tie = simulateCaching(request, claude.pricing, claude.rules, { enabled: true, hitRate: 1, requestsPerDay: 1000, ttl: 'auto' });
  assert.equal(tie.lifetime, '5m');
  close(tie.costPerRequest, (1000 * 3 + 2000 * 0.3 + 500 * 15) / 1e6);
});

test('automatic caching is never declined, even with no hits, and ignores a lifetime meant for Anthropic', async () => {
  const gpt = await model('gpt-4o');
  const cold = simulateCaching(request, gpt.pricing, gpt.rules, { enabled: true, hitRate: 0, requestsPerDay: 1000, ttl: 'auto' });
  assert.equal(cold.applies, true);
  assert.equal(cold.reason, 'OpenAI caches prompts automatically');
  close(cold.costPerRequest, (3000 * 2.5 + 500 * 10) / 1e6);
  const ttl = simulateCaching(request, gpt.pricing, gpt.rules, { enabled: true, hitRate: 1, requestsPerDay: 1000, ttl: '5m' });
  assert.equal(ttl.applies, true);
  assert.equal(ttl.lifetime, 'in-memory');
  close(ttl.costPerRequest, (1080 * 2.5 + 1920 * 1.25 + 500 * 10) / 1e6);
});

test('explicit caching that only breaks even is declined: it would add cache_control for nothing', async () => {
  const parsed = parseLiteLlmPriceFile(
    JSON.stringify({
      'claude-sonnet-4-5': {
        input_cost_per_token: 3e-6,
        output_cost_per_token: 15e-6,
        cache_read_input_token_cost: 3e-6,
        cache_creation_input_token_cost: 3e-6,
        cache_creation_input_token_cost_above_1hr: 3e-6,
        litellm_provider: 'anthropic',
      },
    }),
    'p.json',
    { asOf: '2026-11-01' },
  );
  const lookup = lookupModel(withOverrides(await catalog(), parsed.models), 'claude-sonnet-4-5', { at: AT });
  assert.ok(lookup.known);
  const plan = simulateCaching(
    request,
    lookup.pricing,
    { caching: cachingRuleFor('anthropic', 'claude-sonnet-4-5'), batch: null },
    { enabled: true, hitRate: 0.5, requestsPerDay: 1000, ttl: 'auto' },
  );
  assert.equal(plan.applies, false);
  close(plan.costPerRequest, (3000 * 3 + 500 * 15) / 1e6);
});

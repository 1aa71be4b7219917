// Provider rules as of 2026-11-30, each checked against a figure worked out by hand from the
// provider's page (sources in pricing/caching.json and pricing/batch.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupModel, priceBookOf } from '../src/core/pricing';
import { batchRuleFor, cachingRuleFor } from '../src/core/pricing/providerRules';
import { DEFAULT_SCENARIO, derivedHitRate, planRequest, simulateConversation, type KnownModelPlan, type Scenario } from '../src/core/cost';
import { AT, catalog, close, profile } from './support/pricing';

// Claude and Gemini counts are estimates: o200k_base x the family factor of pricing/tokenizers.json.
const CLAUDE = 1.15;
const CLAUDE_NEW = 1.5;
const GEMINI = 1.08;
const est = (tokens: number, factor: number) => Math.round(tokens * factor);
const scenario = (fields: Partial<Scenario>): Scenario => ({ ...DEFAULT_SCENARIO, ...fields });
const plan = async (model: string, input: number, prefix: number, fields: Partial<Scenario>) =>
  planRequest(profile(input, prefix), model, scenario({ outputTokens: 100, ...fields }), { prices: priceBookOf(await catalog()), at: AT }) as KnownModelPlan;

test('Anthropic minimum cacheable prefix per model, as the page read on 2026-11-30 (the stored copies of October are the other reading)', async () => {
  const min = (model: string) => cachingRuleFor('anthropic', model)?.minPrefixTokens;
  assert.equal(min('claude-sonnet-4-6'), 2048);
  assert.equal(min('claude-opus-4-7'), 4096);
  assert.equal(min('claude-opus-4-6'), 4096);
  assert.equal(min('claude-opus-4-5-20251101'), 4096);
  assert.equal(min('claude-haiku-4-5'), 4096);
  assert.equal(min('claude-sonnet-4-5'), 1024);
  assert.equal(min('claude-opus-4-1'), 1024);
  assert.equal(min('claude-opus-4-8'), 1024);
  assert.equal(min('claude-opus-5'), 512);
  assert.equal(min('claude-sonnet-5'), 1024);
  assert.equal(min('claude-sonnet-5-5'), 512);
  assert.equal(min('claude-3-5-haiku-latest'), 2048);
  assert.equal(min('claude-sonnet-4-0'), 1024);
  // Opus 4.7 (new tokenizer, x1.5) with a 2,000-token static prefix = 3,000 tokens: below 4,096, nothing cached;
  // 6,000 input at $5 + 100 output at $25. The 2,048 reading of the October copies is named in the assumptions.
  const opus = await plan('claude-opus-4-7', 4000, 2000, { cacheHitRate: 1, requestsPerDay: 1000 });
  assert.equal(opus.caching.applies, false);
  assert.match(opus.caching.reason, /below the minimum cacheable prefix of 4096/);
  close(opus.costPerRequest, (6000 * 5 + 100 * 25) / 1e6);
  // With a 3,000-token prefix = 4,500 tokens it caches: 6,000 - 4,500 uncached at $5, 4,500 read at $0.50, 100 output at $25.
  const cached = await plan('claude-opus-4-7', 4000, 3000, { cacheHitRate: 1, requestsPerDay: 1000 });
  assert.equal(cached.caching.applies, true);
  assert.equal(cached.caching.cacheablePrefixTokens, est(3000, CLAUDE_NEW));
  close(cached.costPerRequest, ((6000 - 4500) * 5 + 4500 * 0.5 + 100 * 25) / 1e6);
  assert.ok(cached.assumptions.some((a) => /Minimum cacheable prefix 4096 tokens .*checked 2026-11-30\. Other reading: Opus 4\.7: 2,048/.test(a)));
  // Sonnet 4.6 (x1.15): a 1,500-token prefix = 1,725 tokens was cacheable at 1,024, is not at 2,048.
  const sonnet = await plan('claude-sonnet-4-6', 4000, 1500, { cacheHitRate: 1 });
  assert.equal(est(1500, CLAUDE), 1725);
  assert.equal(sonnet.caching.applies, false);
  assert.match(sonnet.caching.reason, /below the minimum cacheable prefix of 2048/);
  // Opus 4.6 (old tokenizer, x1.15) with a 3,000-token prefix = 3,450 tokens does not (4,096).
  const opus46 = await plan('claude-opus-4-6', 4000, 3000, { cacheHitRate: 1 });
  assert.equal(opus46.caching.applies, false);
  assert.match(opus46.caching.reason, /below the minimum cacheable prefix of 4096/);
});

test('Gemini implicit-cache minimum: 2,048 for 2.5 Flash and Pro, 4,096 for 3.x', async () => {
  assert.equal(cachingRuleFor('google', 'gemini-2.5-flash')?.minPrefixTokens, 2048);
  assert.equal(cachingRuleFor('google', 'gemini-2.5-pro')?.minPrefixTokens, 2048);
  assert.equal(cachingRuleFor('google', 'gemini-3-flash-preview')?.minPrefixTokens, 4096);
  assert.equal(cachingRuleFor('google', 'gemini-3.1-pro-preview')?.minPrefixTokens, 4096);
  // 2.5 Flash with a 1,800-token prefix (x1.08 = 1,944): below 2,048, nothing cached: 3,240 x $0.30 + 100 x $2.50.
  const flash = await plan('gemini-2.5-flash', 3000, 1800, { cacheHitRate: 1 });
  assert.equal(flash.caching.applies, false);
  assert.equal(est(1800, GEMINI), 1944);
  close(flash.costPerRequest, (est(3000, GEMINI) * 0.3 + 100 * 2.5) / 1e6);
});

test('OpenAI cache lifetime: 5 minutes in memory (gpt-4o), 30 minutes for 24h retention (gpt-4.1) and from GPT-5.6', async () => {
  assert.equal(cachingRuleFor('openai', 'gpt-4o')?.lifetimes[0].minutes, 5);
  assert.equal(cachingRuleFor('openai', 'gpt-4.1')?.lifetimes[0].minutes, 30);
  assert.equal(cachingRuleFor('openai', 'gpt-5.5')?.lifetimes[0].minutes, 30);
  const sol = cachingRuleFor('openai', 'gpt-5.6-sol');
  assert.equal(sol?.lifetimes[0].minutes, 30);
  assert.equal(sol?.lifetimes[0].writeMultiplier, 1.25);
  assert.equal(sol?.overflowRequestsPerMinute, null);
  // 100 requests a day: one every 14.4 minutes; the chance the last came within 30 minutes = 1 - e^(-100/1440 x 30).
  const hit = 1 - Math.exp(-(100 / 1440) * 30);
  close(Math.round(hit * 1e6) / 1e6, 0.875486, 'hand figure');
  const planned = await plan('gpt-4.1', 3000, 2048, { requestsPerDay: 100 });
  close(planned.caching.hitRate!, hit);
  // gpt-4.1: $2 input, $0.50 cached, no write premium, $8 output.
  close(planned.costPerRequest, ((3000 - 2048) * 2 + 2048 * (hit * 0.5 + (1 - hit) * 2) + 100 * 8) / 1e6);
  // With 5 minutes (the old rule) the hit rate would have been 1 - e^(-100/1440 x 5) = 29.3%.
  close(derivedHitRate(100, 5, null).hitRate, 1 - Math.exp(-(100 / 1440) * 5));
});

test('OpenAI overflow above ~15 requests a minute on one prefix lowers the derived hit rate, with the band said', async () => {
  // 43,200 a day = 30 a minute; half the traffic overflows, assumed to hit half as often.
  const steady = 1 - Math.exp(-30 * 5);
  const derived = derivedHitRate(43_200, 5, 15);
  close(derived.hitRate, steady * (0.5 + 0.25));
  assert.match(derived.note!, /30 requests a minute .* between 50% \(overflow always misses\) and 100% \(always hits\)/);
  const gpt4o = await plan('gpt-4o', 3000, 2048, { requestsPerDay: 43_200 });
  close(gpt4o.caching.hitRate!, derived.hitRate);
  assert.ok(gpt4o.assumptions.includes(derived.note!));
  // Below 15 a minute, or from GPT-5.6 on (automatic routing), no reduction.
  assert.equal(derivedHitRate(14 * 1440, 5, 15).note, null);
  const sol = await plan('gpt-5.6-sol', 3000, 2048, { requestsPerDay: 43_200 });
  close(sol.caching.hitRate!, 1 - Math.exp(-30 * 30));
});

test('the overflow note, word for word: the share routed elsewhere, the hit rate and its band (60 a minute over ~15)', () => {
  // 86,400 a day = 60 a minute; 15 / 60 = 25% stay on the warm machine, 75% are routed elsewhere. With a 5-minute
  // lifetime the steady rate is 1 - e^(-300) = 100%; the hit rate is 100% x (25% + 75% / 2) = 62.5%, the band 25%-100%.
  assert.equal(
    derivedHitRate(86_400, 5, 15).note,
    'Estimate: 60 requests a minute on one prefix is above the ~15 a machine keeps; the 75% routed elsewhere are assumed to hit half as often ' +
      '(not published), so the hit rate is 62.5%, between 25% (overflow always misses) and 100% (always hits). ' +
      'A prompt_cache_key per ~15 requests a minute avoids it.',
  );
  // Exactly 15 a minute (21,600 a day) is what one machine keeps: no overflow, the steady rate 1 - e^(-15 x 5).
  const atLimit = derivedHitRate(21_600, 5, 15);
  assert.equal(atLimit.note, null);
  close(atLimit.hitRate, 1 - Math.exp(-75));
});

test('a hit rate the user sets is used as given: no overflow estimate is made or said, even at 30 requests a minute', async () => {
  const gpt4o = await plan('gpt-4o', 3000, 2048, { requestsPerDay: 43_200, cacheHitRate: 0.9 });
  close(gpt4o.caching.hitRate!, 0.9);
  assert.ok(gpt4o.caching.options.every((option) => option.hitRateNote === null));
  assert.ok(!gpt4o.assumptions.some((a) => /requests a minute on one prefix/.test(a)));
});

test('with no share in a batch, the batch rule for cached tokens is not said (Gemini, cached prefix, batch share 0)', async () => {
  const flash = await plan('gemini-2.5-flash', 3000, 2048, { cacheHitRate: 1, batchShare: 0 });
  assert.ok(!flash.assumptions.some((a) => /non-batch cached price/.test(a)));
  assert.ok(!flash.batch.assumptions.some((a) => /non-batch cached price/.test(a)));
});

test('Gemini batch: cached tokens at the non-batch cached price, the rest halved', async () => {
  assert.equal(batchRuleFor('google', 'gemini-2.5-flash')?.cachedTokens, 'standard');
  // 3,000 x1.08 = 3,240 input, 2,048 x1.08 = 2,212 cached at 100%:
  // 1,028 x $0.15 (batch input) + 2,212 x $0.03 (standard cached, not $0.015) + 100 x $1.25.
  const flash = await plan('gemini-2.5-flash', 3000, 2048, { cacheHitRate: 1, batchShare: 1 });
  assert.equal(est(2048, GEMINI), 2212);
  close(flash.costPerRequest, (1028 * 0.15 + 2212 * 0.03 + 100 * 1.25) / 1e6);
  assert.ok(flash.assumptions.some((a) => /non-batch cached price/.test(a)));
});

test('OpenAI batch: gpt-5 cached batch price stacks; gpt-4o unpublished, priced between the two readings', async () => {
  assert.equal(batchRuleFor('openai', 'gpt-5')?.cachedTokens, 'discounted');
  assert.equal(batchRuleFor('openai', 'gpt-4o')?.cachedTokens, 'unpublished');
  assert.equal(batchRuleFor('openai', 'gpt-4.1-mini')?.cachedTokens, 'unpublished');
  // gpt-4.1: $2 / $0.50 cached / $8. Batch: input $1, cached between $0.25 (stacked) and $1 (no cache discount): $0.625.
  const planned = await plan('gpt-4.1', 3000, 2048, { cacheHitRate: 1, batchShare: 1 });
  close(planned.costPerRequest, (952 * 1 + 2048 * 0.625 + 100 * 4) / 1e6);
  close(planned.batch.costPerRequestBatchRange!.low, (952 * 1 + 2048 * 0.25 + 100 * 4) / 1e6);
  close(planned.batch.costPerRequestBatchRange!.high, (952 * 1 + 2048 * 1 + 100 * 4) / 1e6);
});

test('Anthropic batch: cache hits best effort (30-98%), batch requests priced at 64% or the online rate if lower', async () => {
  // claude-sonnet-4-5: $3 / $0.30 read / $3.75 write (5m) / $15; batch halves all. 3,000 x1.15 = 3,450 input, 2,048 x1.15 = 2,355 cacheable.
  const sonnet = await plan('claude-sonnet-4-5', 3000, 2048, { cacheHitRate: 1, batchShare: 1, cacheTtl: '5m' });
  assert.equal(sonnet.batch.batchHitRate, 0.64);
  assert.deepEqual([est(3000, CLAUDE), est(2048, CLAUDE)], [3450, 2355]);
  close(sonnet.costPerRequest, (1095 * 1.5 + 2355 * 0.64 * 0.15 + 2355 * 0.36 * 1.875 + 100 * 7.5) / 1e6);
  assert.ok(sonnet.assumptions.some((a) => /best effort \(30-98%.* 64% hit rate instead of the online 100%/.test(a)));
});

test("a conversation's first turn writes at the price of the lifetime its hit rate came from", async () => {
  const lookup = lookupModel(await catalog(), 'claude-sonnet-4-5', { at: AT });
  assert.ok(lookup.known);
  const rules = { caching: cachingRuleFor('anthropic', 'claude-sonnet-4-5'), batch: null };
  const conversation = simulateConversation(
    { fixedTokens: 1500, perTurnUserTokens: 100, outputTokensPerTurn: 300, reasoningTokensPerTurn: 0, turns: 2 },
    lookup.pricing,
    rules,
    { enabled: true, firstTurnHitRate: 0.5, lifetime: '1h' },
  );
  // Turn 1: 750 of the fixed 1,500 read; 850 written at the 1-hour price $6. Turn 2: 1,600 read, 400 written at $6.
  const turn1 = (750 * 0.3 + 850 * 6 + 300 * 15) / 1e6;
  const turn2 = (1600 * 0.3 + 400 * 6 + 300 * 15) / 1e6;
  close(conversation.costPerConversation, turn1 + turn2);
  assert.match(conversation.assumptions.join(' '), /billed at the 1h price/);
});

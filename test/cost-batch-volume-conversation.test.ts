// The details of batch, volume and conversation pricing a user reads in the plan's notes and
// assumptions, with dollars worked out here from published prices: gpt-4o $2.50 / $10 / $1.25
// cached; Claude Sonnet 4.5 $3 / $15, cache reads $0.30, 5-minute writes $3.75; mistral-large $2 / $6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupModel, parseLiteLlmPriceFile, priceBookOf, withOverrides, type ModelPricing } from '../src/core/pricing';
import { batchRuleFor, cachingRuleFor } from '../src/core/pricing/providerRules';
import {
  DEFAULT_SCENARIO,
  costOfRequest,
  planRequest,
  resolveVolume,
  simulateBatch,
  simulateConversation,
  unitEconomics,
  type KnownModelPlan,
  type Scenario,
} from '../src/core/cost';
import { AT, catalog, close, profile, tokens } from './support/pricing';

const scenario = (fields: Partial<Scenario>): Scenario => ({ ...DEFAULT_SCENARIO, ...fields });

async function pricingOf(model: string, at: Date = AT): Promise<ModelPricing> {
  const lookup = lookupModel(await catalog(), model, { at });
  assert.ok(lookup.known, model);
  return lookup.pricing;
}

async function plan(model: string, fields: Partial<Scenario>, input: number, staticPrefix: number): Promise<KnownModelPlan> {
  const result = planRequest(profile(input, staticPrefix), model, scenario(fields), { prices: priceBookOf(await catalog()), at: AT });
  assert.ok(result.known, model);
  return result;
}

test('batch with cached tokens says what it assumes: an unpublished cached batch price for gpt-4o, best-effort hits for Anthropic', async () => {
  const gpt = await plan('gpt-4o', { outputTokens: 100, cacheHitRate: 1, batchShare: 0.5 }, 3000, 2048);
  const openaiRule = batchRuleFor('openai', 'gpt-4o')!;
  // pricing/batch.json: OpenAI's Batch table shows no cached-input price for gpt-4o, so cache reads in a batch
  // are priced halfway between stacking ($1.25 x 0.5 = $0.625) and the batch input price ($2.50 x 0.5 = $1.25): $0.9375.
  // 952 uncached at $1.25, 2048 cached, 100 out at $5 a batch request:
  //   halfway  (952 x 1.25 + 2048 x 0.9375 + 100 x 5) / 1e6 = $0.00361
  //   stacking (952 x 1.25 + 2048 x 0.625 + 100 x 5) / 1e6 = $0.00297
  //   none     (952 x 1.25 + 2048 x 1.25 + 100 x 5) / 1e6 = $0.00425
  assert.deepEqual(gpt.batch.assumptions, [
    'OpenAI publishes no cached-input price inside a batch for this model: priced halfway ($0.00361 a batch request) between the cache discount stacking ($0.00297) ' +
      `and no cache discount in a batch ($0.00425). Source: ${openaiRule.source}, checked ${openaiRule.lastChecked}.`,
  ]);
  assert.equal(gpt.batch.source, openaiRule.source);
  assert.equal(gpt.batch.reason, "50% off with OpenAI's batch API");
  const sync = (952 * 2.5 + 2048 * 1.25 + 100 * 10) / 1e6;
  const batch = (952 * 1.25 + 2048 * 0.9375 + 100 * 5) / 1e6;
  close(gpt.batch.costPerRequestBatch!, batch);
  close(gpt.batch.costPerRequestBatchRange!.low, (952 * 1.25 + 2048 * 0.625 + 100 * 5) / 1e6);
  close(gpt.batch.costPerRequestBatchRange!.high, (952 * 1.25 + 2048 * 1.25 + 100 * 5) / 1e6);
  // Half of the traffic online, half through batch.
  close(gpt.costPerRequest, 0.5 * sync + 0.5 * batch);
  const claude = await plan('claude-sonnet-4-5', { outputTokens: 100, cacheHitRate: 1, cacheTtl: '5m', batchShare: 0.5 }, 3000, 2048);
  const anthropicRule = batchRuleFor('anthropic', 'claude-sonnet-4-5')!;
  // Anthropic: batch cache hits are best effort (30-98%): batch requests at the middle, 64%, below the online 100%.
  assert.deepEqual(claude.batch.assumptions, [
    `Cache hits inside a batch are best effort (30-98% per ${anthropicRule.source}, checked ${anthropicRule.lastChecked}): ` +
      'batch requests priced at a 64% hit rate instead of the online 100%.',
  ]);
  assert.equal(claude.batch.batchHitRate, 0.64);
  // Claude's tokens are o200k_base x 1.15 (pricing/tokenizers.json): 3000 -> 3450 in, a 2048 prefix -> 2355 cached, 1095 uncached.
  // Online: 1095 at $3, 2355 read at $0.30, 100 out at $15. In a batch (discounts stack, 50% off): 1095 at $1.50,
  // 0.64 x 2355 read at $0.15, 0.36 x 2355 written at $3.75 x 0.5, 100 out at $7.50.
  const claudeSync = (1095 * 3 + 2355 * 0.3 + 100 * 15) / 1e6;
  const claudeBatch = (1095 * 1.5 + 0.64 * 2355 * 0.15 + 0.36 * 2355 * 1.875 + 100 * 7.5) / 1e6;
  close(claude.costPerRequest, 0.5 * claudeSync + 0.5 * claudeBatch);
  // Without a batch share, nothing is assumed about batches.
  assert.deepEqual((await plan('gpt-4o', { outputTokens: 100, cacheHitRate: 1 }, 3000, 2048)).batch.assumptions, []);
  // Without cached tokens neither.
  assert.deepEqual((await plan('gpt-4o', { outputTokens: 100, batchShare: 0.5, caching: false }, 3000, 2048)).batch.assumptions, []);
});

test('in a batch, cache writes are discounted like input, the write premium included', async () => {
  const sonnet = await pricingOf('claude-sonnet-4-5');
  const stacked = simulateBatch(
    sonnet,
    { caching: cachingRuleFor('anthropic', 'claude-sonnet-4-5'), batch: batchRuleFor('anthropic') },
    tokens({ uncached: 100, cacheWrite: 1000, cacheWrite1h: 500 }),
    1,
  );
  close(stacked.costPerRequestBatch!, (100 * 1.5 + 1000 * 3.75 * 0.5 + 500 * 6 * 0.5) / 1e6);
});

test('a reasoning price of its own is used, and halved with the output in a batch', async () => {
  const file = JSON.stringify({
    'acme/thinker': {
      input_cost_per_token: 1e-6,
      output_cost_per_token: 4e-6,
      output_cost_per_reasoning_token: 2e-6,
      input_cost_per_token_batches: 5e-7,
      output_cost_per_token_batches: 2e-6,
      litellm_provider: 'acme',
    },
  });
  const cat = withOverrides(await catalog(), parseLiteLlmPriceFile(file, 'p.json', { asOf: '2026-11-01' }).models);
  const lookup = lookupModel(cat, 'acme/thinker', { at: AT });
  assert.ok(lookup.known);
  const split = tokens({ uncached: 1000, output: 100, reasoning: 1000 });
  close(costOfRequest(lookup.pricing, split, { caching: null, batch: null }).total, (1000 * 1 + 100 * 4 + 1000 * 2) / 1e6);
  const batch = simulateBatch(lookup.pricing, { caching: null, batch: null }, split, 1);
  close(batch.costPerRequestBatch!, (1000 * 0.5 + 100 * 2 + 1000 * 1) / 1e6);
});

test('cache writes count toward the long-context threshold: 100k uncached + 150k written is a 250k request on Sonnet 4.5', async () => {
  // Sonnet 4.5's >200k tier ended on 2026-04-30 (pricing/price-overrides.json): priced on a day it still applied.
  const sonnet = await pricingOf('claude-sonnet-4-5', new Date('2026-04-01T12:00:00Z'));
  const rules = { caching: cachingRuleFor('anthropic', 'claude-sonnet-4-5'), batch: null };
  // Above 200k: $6 input, $7.50 5-minute write, $12 1-hour write, $22.50 output.
  close(
    costOfRequest(sonnet, tokens({ uncached: 100_000, cacheWrite: 150_000, output: 1000 }), rules).total,
    (100_000 * 6 + 150_000 * 7.5 + 1000 * 22.5) / 1e6,
  );
  close(
    costOfRequest(sonnet, tokens({ uncached: 100_000, cacheWrite1h: 150_000, output: 1000 }), rules).total,
    (100_000 * 6 + 150_000 * 12 + 1000 * 22.5) / 1e6,
  );
});

test('margin: only with both a price and users; a free product has no margin share', () => {
  const volume = { requestsPerDay: 1000, activeUsers: 100, basis: 'users' as const };
  assert.equal(unitEconomics(0.001, { ...volume, activeUsers: null, basis: 'scenario' }, 5).margin, null);
  assert.equal(unitEconomics(0.001, volume, null).margin, null);
  // $0.001 x 1000 x 30 / 100 = $0.30 a user a month.
  const free = unitEconomics(0.001, volume, 0)!.margin!;
  close(free.marginPerUserPerMonth, -0.3);
  assert.equal(free.marginShare, 0);
  assert.equal(unitEconomics(0.001, { ...volume, activeUsers: 0 }, 5).costPerActiveUserPerMonth, null);
});

test('a conversation on Claude that would cost more cached is priced uncached, and says why', async () => {
  const sonnet = await pricingOf('claude-sonnet-4-5');
  const rules = { caching: cachingRuleFor('anthropic', 'claude-sonnet-4-5'), batch: null };
  // One turn, nothing cached yet: writing 1,600 tokens at $3.75 costs more than sending them at $3.
  const result = simulateConversation(
    { fixedTokens: 1500, perTurnUserTokens: 100, outputTokensPerTurn: 300, reasoningTokensPerTurn: 0, turns: 1 },
    sonnet,
    rules,
    {
      enabled: true,
      firstTurnHitRate: 0,
    },
  );
  assert.equal(result.cachingApplies, false);
  assert.equal(result.reason, 'caching the history would cost more than it saves');
  close(result.costPerConversation, (1600 * 3 + 300 * 15) / 1e6);
  assert.deepEqual(result.assumptions, [
    'Each answer is 300 tokens and is resent as history on later turns.',
    'Turns come within the cache lifetime (5m), so each turn reads the history the previous turn sent; writes are billed at the 5m price.',
    "Assumes a cache_control breakpoint at the end of each turn's input.",
  ]);
  // Two turns: the second reads the first's 1,600 tokens, so caching pays.
  const two = simulateConversation(
    { fixedTokens: 1500, perTurnUserTokens: 100, outputTokensPerTurn: 300, reasoningTokensPerTurn: 0, turns: 2 },
    sonnet,
    rules,
    {
      enabled: true,
      firstTurnHitRate: 0,
    },
  );
  assert.equal(two.cachingApplies, true);
  assert.equal(two.reason, 'history cached with a breakpoint at the end of each turn');
  close(two.costPerConversation, (1600 * 3.75 + 300 * 15 + 1600 * 0.3 + 400 * 3.75 + 300 * 15) / 1e6);
});

test('conversation reasons when nothing is cached, and reasoning billed each turn but never resent', async () => {
  const gpt = await pricingOf('gpt-4o');
  const openai = { caching: cachingRuleFor('openai', 'gpt-4o'), batch: null };
  const request = { fixedTokens: 2000, perTurnUserTokens: 100, outputTokensPerTurn: 200, reasoningTokensPerTurn: 50, turns: 2 };
  const off = simulateConversation(request, gpt, openai, { enabled: false, firstTurnHitRate: 0 });
  assert.equal(off.reason, 'caching is turned off in the scenario');
  // Turn inputs 2100 and 2400: the reasoning is billed as output but not resent.
  close(off.costPerConversation, ((2100 + 2400) * 2.5 + 2 * 250 * 10) / 1e6);
  const noRule = simulateConversation(request, await pricingOf('mistral-large'), { caching: null, batch: null }, { enabled: true, firstTurnHitRate: 0 });
  assert.equal(noRule.reason, 'no caching rules for this provider');
  close(noRule.costPerConversation, ((2100 + 2400) * 2 + 2 * 250 * 6) / 1e6);
  // gpt-4-turbo lists no cached price; it shut down on 2026-10-23, so it is priced before that.
  const noPrice = simulateConversation(request, await pricingOf('gpt-4-turbo', new Date('2026-10-01T12:00:00Z')), openai, {
    enabled: true,
    firstTurnHitRate: 0,
  });
  assert.equal(noPrice.reason, 'no cached-input price for this model');
  const on = simulateConversation(request, gpt, openai, { enabled: true, firstTurnHitRate: 0 });
  assert.equal(on.reason, 'OpenAI caches the resent history automatically');
  assert.deepEqual(
    on.perTurn.map((turn) => turn.tokens),
    [
      { uncached: 52, cacheRead: 0, cacheWrite: 2048, cacheWrite1h: 0, output: 200, reasoning: 50 },
      { uncached: 96, cacheRead: 2048, cacheWrite: 256, cacheWrite1h: 0, output: 200, reasoning: 50 },
    ],
  );
});

async function userModel(key: string, entry: Record<string, unknown>): Promise<ModelPricing> {
  const parsed = parseLiteLlmPriceFile(JSON.stringify({ [key]: entry }), 'p.json', { asOf: '2026-11-01' });
  assert.deepEqual(parsed.problems, []);
  const lookup = lookupModel(withOverrides(await catalog(), parsed.models), key, { at: AT });
  assert.ok(lookup.known, key);
  return lookup.pricing;
}

test('batch assumptions: nothing when no share is sent; stacking on Anthropic is confirmed, so writes alone assume nothing', async () => {
  const mistral = await pricingOf('mistral-large');
  assert.deepEqual(simulateBatch(mistral, { caching: null, batch: null }, tokens({ uncached: 100 }), 0).assumptions, []);
  const sonnet = await pricingOf('claude-sonnet-4-5');
  const rules = { caching: cachingRuleFor('anthropic', 'claude-sonnet-4-5'), batch: batchRuleFor('anthropic', 'claude-sonnet-4-5') };
  // Anthropic's batch discount applies to cache writes and reads alike (pricing/batch.json 'discounted'): nothing to assume.
  assert.deepEqual(simulateBatch(sonnet, rules, tokens({ uncached: 100, cacheWrite1h: 1000 }), 0.5).assumptions, []);
  assert.deepEqual(simulateBatch(sonnet, rules, tokens({ uncached: 100, cacheWrite: 1000 }), 0.5).assumptions, []);
  // The best-effort hit rate is the caller's reading, said only when some traffic goes through batch.
  const bestEffort = { tokens: tokens({ uncached: 100, cacheRead: 640, cacheWrite: 360 }), hitRate: 0.64, reason: 'best effort' };
  assert.deepEqual(simulateBatch(sonnet, rules, tokens({ uncached: 100, cacheRead: 1000 }), 0.5, bestEffort).assumptions, ['best effort']);
  assert.deepEqual(simulateBatch(sonnet, rules, tokens({ uncached: 100, cacheRead: 1000 }), 0, bestEffort).assumptions, []);
  // gpt-4o's unpublished cached batch price is said only with a share sent and cache reads in the batch.
  const gpt = await pricingOf('gpt-4o');
  const openai = { caching: cachingRuleFor('openai', 'gpt-4o'), batch: batchRuleFor('openai', 'gpt-4o') };
  assert.equal(simulateBatch(gpt, openai, tokens({ uncached: 100, cacheRead: 1024 }), 0.5).assumptions.length, 1);
  assert.deepEqual(simulateBatch(gpt, openai, tokens({ uncached: 100, cacheRead: 1024 }), 0).assumptions, []);
  assert.deepEqual(simulateBatch(gpt, openai, tokens({ uncached: 100 }), 0.5).assumptions, []);
});

test('a batch input price without a batch output price: the provider discount decides, or no batch at all', async () => {
  // On OpenAI's rule: input at the file's batch price ($1 instead of $2.50), output at 50% off.
  const half = await userModel('gpt-4o', {
    input_cost_per_token: 2.5e-6,
    output_cost_per_token: 1e-5,
    input_cost_per_token_batches: 1e-6,
    litellm_provider: 'openai',
  });
  const plan = simulateBatch(half, { caching: null, batch: batchRuleFor('openai') }, tokens({ uncached: 1000, output: 100 }), 1);
  // A price file names its provider by id ("openai"); the sentence names it as the catalogue does.
  assert.equal(plan.reason, "50% off with OpenAI's batch API");
  assert.equal(plan.source, batchRuleFor('openai')!.source);
  close(plan.costPerRequestBatch!, (1000 * 1 + 100 * 5) / 1e6);
  // Without a provider rule, half a batch price is no batch price.
  const acme = await userModel('acme/half', {
    input_cost_per_token: 2e-6,
    output_cost_per_token: 4e-6,
    input_cost_per_token_batches: 1e-6,
    litellm_provider: 'acme',
  });
  const none = simulateBatch(acme, { caching: null, batch: null }, tokens({ uncached: 1000, output: 100 }), 1);
  assert.equal(none.available, false);
  close(none.costPerRequest, (1000 * 2 + 100 * 4) / 1e6);
});

test('explicit batch prices where input is $2: the implied discount is 1 - batch / list, applied to cache reads', async () => {
  const acme = await userModel('acme/two', {
    input_cost_per_token: 2e-6,
    output_cost_per_token: 4e-6,
    cache_read_input_token_cost: 2e-7,
    input_cost_per_token_batches: 6e-7,
    output_cost_per_token_batches: 2e-6,
    litellm_provider: 'acme',
  });
  // 70% off input: cache reads $0.20 -> $0.06.
  const plan = simulateBatch(acme, { caching: null, batch: null }, tokens({ uncached: 1000, cacheRead: 1000, output: 100 }), 1);
  close(plan.costPerRequestBatch!, (1000 * 0.6 + 1000 * 0.06 + 100 * 2) / 1e6);
});

test('free prices never turn into NaN: no implied discount from a $0 list price', async () => {
  const free = await userModel('acme/free', {
    input_cost_per_token: 0,
    output_cost_per_token: 0,
    input_cost_per_token_batches: 0,
    output_cost_per_token_batches: 0,
    litellm_provider: 'acme',
  });
  const plan = simulateBatch(free, { caching: null, batch: null }, tokens({ uncached: 1000, cacheRead: 500, output: 100, reasoning: 100 }), 1);
  assert.equal(plan.costPerRequestBatch, 0);
  assert.equal(plan.costPerRequest, 0);
  assert.equal(plan.discount, null);
  // A provider discount with a $0 output price still halves a reasoning price of its own.
  const reasoner = await userModel('o3', {
    input_cost_per_token: 2e-6,
    output_cost_per_token: 0,
    output_cost_per_reasoning_token: 8e-6,
    litellm_provider: 'openai',
  });
  const batch = simulateBatch(reasoner, { caching: null, batch: batchRuleFor('openai') }, tokens({ uncached: 1000, reasoning: 1000 }), 1);
  close(batch.costPerRequestBatch!, (1000 * 1 + 1000 * 4) / 1e6);
});

test('a user price without a cached price still caches a conversation, at the provider multiplier', async () => {
  const gpt = await userModel('gpt-4o', { input_cost_per_token: 2e-6, output_cost_per_token: 8e-6, litellm_provider: 'openai' });
  const result = simulateConversation(
    { fixedTokens: 2000, perTurnUserTokens: 100, outputTokensPerTurn: 200, reasoningTokensPerTurn: 0, turns: 2 },
    gpt,
    { caching: cachingRuleFor('openai', 'gpt-4o'), batch: null },
    { enabled: true, firstTurnHitRate: 0 },
  );
  assert.equal(result.cachingApplies, true);
  // Turn 2 reads 2048 tokens at half of $2.
  close(result.costPerConversation, (2100 * 2 + 200 * 8 + (352 * 2 + 2048 * 1 + 200 * 8)) / 1e6);
});

test('volume: given, from users, or the default when users come without a rate', () => {
  assert.deepEqual(resolveVolume(scenario({ requestsPerDay: 20 })), { requestsPerDay: 20, activeUsers: null, basis: 'scenario' });
  assert.deepEqual(resolveVolume(scenario({ activeUsers: 100 })), { requestsPerDay: 1000, activeUsers: 100, basis: 'default' });
  assert.deepEqual(resolveVolume(scenario({ requestsPerUserPerDay: 5 })), { requestsPerDay: 1000, activeUsers: null, basis: 'default' });
});

test('a batch output price without a batch input price is half a batch price too', async () => {
  const gpt = await userModel('gpt-4o', {
    input_cost_per_token: 2.5e-6,
    output_cost_per_token: 1e-5,
    output_cost_per_token_batches: 4e-6,
    litellm_provider: 'openai',
  });
  const plan = simulateBatch(gpt, { caching: null, batch: batchRuleFor('openai') }, tokens({ uncached: 1000, output: 100 }), 1);
  assert.equal(plan.reason, "50% off with OpenAI's batch API");
  close(plan.costPerRequestBatch!, (1000 * 1.25 + 100 * 4) / 1e6);
  const acme = await userModel('acme/out', {
    input_cost_per_token: 2e-6,
    output_cost_per_token: 4e-6,
    output_cost_per_token_batches: 2e-6,
    litellm_provider: 'acme',
  });
  assert.equal(simulateBatch(acme, { caching: null, batch: null }, tokens({ uncached: 1000 }), 1).available, false);
});

test('a conversation on a provider without caching rules is not cached, even when the model lists a cached price (DeepSeek)', async () => {
  // deepseek-chat was retired on 2026-07-24 (pricing/price-overrides.json): priced on a day before that.
  const deepseek = await pricingOf('deepseek-chat', new Date('2026-07-01T12:00:00Z'));
  assert.notEqual(deepseek.cacheRead, null);
  const result = simulateConversation(
    { fixedTokens: 2000, perTurnUserTokens: 100, outputTokensPerTurn: 200, reasoningTokensPerTurn: 0, turns: 2 },
    deepseek,
    { caching: cachingRuleFor('deepseek', 'deepseek-chat'), batch: null },
    { enabled: true, firstTurnHitRate: 0 },
  );
  assert.equal(result.reason, 'no caching rules for this provider');
  // Hour-dependent prices are averaged over a uniform day (pricing/README.md): 16 hours at the standard $0.27 in,
  // $1.10 out (00:30-16:30 UTC), 8 at half that.
  const input = (16 * 0.27 + 8 * 0.135) / 24;
  const output = (16 * 1.1 + 8 * 0.55) / 24;
  close(result.costPerConversation, ((2100 + 2400) * input + 2 * 200 * output) / 1e6);
});

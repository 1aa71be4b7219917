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
  simulateBatch,
  simulateConversation,
  unitEconomics,
  type KnownModelPlan,
  type RequestTokens,
  type Scenario,
} from '../src/core/cost';
import { AT, catalog, close, profile } from './support/pricing';

const scenario = (fields: Partial<Scenario>): Scenario => ({ ...DEFAULT_SCENARIO, ...fields });
const tokens = (fields: Partial<RequestTokens>): RequestTokens => ({
  uncached: 0,
  cacheRead: 0,
  cacheWrite: 0,
  cacheWrite1h: 0,
  output: 0,
  reasoning: 0,
  ...fields,
});

async function pricingOf(model: string): Promise<ModelPricing> {
  const lookup = lookupModel(await catalog(), model, { at: AT });
  assert.ok(lookup.known, model);
  return lookup.pricing;
}

async function plan(model: string, fields: Partial<Scenario>, input: number, staticPrefix: number): Promise<KnownModelPlan> {
  const result = planRequest(profile(input, staticPrefix), model, scenario(fields), { prices: priceBookOf(await catalog()), at: AT });
  assert.ok(result.known, model);
  return result;
}

test('batch with cached tokens says what it assumes: stacking unconfirmed for OpenAI, confirmed for Anthropic', async () => {
  const gpt = await plan('gpt-4o', { outputTokens: 100, cacheHitRate: 1, batchShare: 0.5 }, 3000, 2048);
  assert.deepEqual(gpt.batch.assumptions, [
    'Assumed: OpenAI applies cache discounts inside batches too (not confirmed by the sources in pricing/batch.json).',
    'Cache hits inside a batch are best effort; the same hit rate is assumed.',
  ]);
  assert.equal(gpt.batch.source, batchRuleFor('openai')!.source);
  assert.equal(gpt.batch.reason, "50% off with OpenAI's batch API");
  // 952 uncached + 2048 cached, half of the traffic at half price.
  const cached = (952 * 2.5 + 2048 * 1.25 + 100 * 10) / 1e6;
  close(gpt.costPerRequest, 0.5 * cached + 0.5 * cached * 0.5);
  const claude = await plan('claude-sonnet-4-5', { outputTokens: 100, cacheHitRate: 1, cacheTtl: '5m', batchShare: 0.5 }, 3000, 2048);
  assert.deepEqual(claude.batch.assumptions, ['Cache hits inside a batch are best effort; the same hit rate is assumed.']);
  // Without a batch share, nothing is assumed about batches.
  assert.deepEqual((await plan('gpt-4o', { outputTokens: 100, cacheHitRate: 1 }, 3000, 2048)).batch.assumptions, []);
  // Without cached tokens neither.
  assert.deepEqual((await plan('gpt-4o', { outputTokens: 100, batchShare: 0.5, caching: false }, 3000, 2048)).batch.assumptions, []);
});

test('without stacking, cache writes in a batch pay the batch input price too', async () => {
  const sonnet = await pricingOf('claude-sonnet-4-5');
  const rule = { ...batchRuleFor('anthropic')!, stacksWithCaching: false };
  const result = simulateBatch(
    sonnet,
    { caching: cachingRuleFor('anthropic', 'claude-sonnet-4-5'), batch: rule },
    tokens({ uncached: 100, cacheWrite: 1000, cacheWrite1h: 500 }),
    1,
  );
  close(result.costPerRequestBatch!, (1600 * 1.5) / 1e6);
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
  assert.equal(batch.stacksWithCaching, true);
});

test('cache writes count toward the long-context threshold: 100k uncached + 150k written is a 250k request on Sonnet 4.5', async () => {
  const sonnet = await pricingOf('claude-sonnet-4-5');
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
    'Turns come within the cache lifetime (5m), so each turn reads the history the previous turn sent.',
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
  const noPrice = simulateConversation(request, await pricingOf('gpt-4-turbo'), openai, { enabled: true, firstTurnHitRate: 0 });
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

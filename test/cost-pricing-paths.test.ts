// The pricing paths away from the main catalogue, each with dollars worked out here by hand:
// multipliers from pricing/caching.json when a model has no cache price of its own, the guard for
// catalogue models that list no cached price, batch discounts other than 50%, a model with no batch
// price given a batch share, and a conversation priced inside a plan.
// Published prices used: gpt-4o $2.50 in / $10 out / $1.25 cached; gpt-4-turbo $10 / $30 (no cached
// price); mistral-large $2 / $6; OpenAI cached read 0.5x input (0.25x for gpt-4.1), Anthropic
// 0.1x read, 1.25x 5-minute write, 2x 1-hour write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupModel, parseLiteLlmPriceFile, priceBookOf, withOverrides, type ModelPricing, type PriceCatalog } from '../src/core/pricing';
import { batchRuleFor, cachingRuleFor, type BatchRule } from '../src/core/pricing/providerRules';
import { DEFAULT_SCENARIO, planRequest, simulateBatch, simulateCaching, type KnownModelPlan, type Scenario } from '../src/core/cost';
import { AT, catalog, close, profile, tokens } from './support/pricing';

const scenario = (fields: Partial<Scenario>): Scenario => ({ ...DEFAULT_SCENARIO, ...fields });

async function withPriceFile(entries: Record<string, unknown>): Promise<PriceCatalog> {
  const parsed = parseLiteLlmPriceFile(JSON.stringify(entries), 'my-prices.json', { asOf: '2026-11-01' });
  assert.deepEqual(parsed.problems, []);
  return withOverrides(await catalog(), parsed.models);
}

async function known(cat: PriceCatalog, model: string, at = AT): Promise<ModelPricing> {
  const lookup = lookupModel(cat, model, { at });
  assert.ok(lookup.known, model);
  return lookup.pricing;
}

async function plan(cat: PriceCatalog, model: string, fields: Partial<Scenario>, input = 3000, staticPrefix = 2048, at = AT): Promise<KnownModelPlan> {
  const result = planRequest(profile(input, staticPrefix), model, scenario(fields), { prices: priceBookOf(cat), at });
  assert.ok(result.known, model);
  return result;
}

test('a user price without a cached price reads the cache at the family multiplier (gpt-4.1: 0.25x of $2 = $0.50)', async () => {
  const cat = await withPriceFile({ 'gpt-4.1': { input_cost_per_token: 2e-6, output_cost_per_token: 8e-6, litellm_provider: 'openai' } });
  const result = await plan(cat, 'gpt-4.1', { outputTokens: 100, cacheHitRate: 1 });
  // 2048 static tokens: 1024 + 8 x 128, all cacheable; 952 uncached.
  assert.equal(result.caching.applies, true);
  close(result.costPerRequest, (952 * 2 + 2048 * 0.5 + 100 * 8) / 1e6);
  close(result.listCostPerRequest, (3000 * 2 + 100 * 8) / 1e6);
  // Any other OpenAI model: 0.5x.
  const other = await withPriceFile({ 'gpt-4o': { input_cost_per_token: 2e-6, output_cost_per_token: 8e-6, litellm_provider: 'openai' } });
  close((await plan(other, 'gpt-4o', { outputTokens: 100, cacheHitRate: 1 })).costPerRequest, (952 * 2 + 2048 * 1 + 100 * 8) / 1e6);
});

test('a user price for Claude without cache prices: reads 0.1x, 5-minute writes 1.25x, 1-hour writes 2x the input price', async () => {
  const cat = await withPriceFile({ 'claude-sonnet-4-5': { input_cost_per_token: 3e-6, output_cost_per_token: 15e-6, litellm_provider: 'anthropic' } });
  const pricing = await known(cat, 'claude-sonnet-4-5');
  assert.equal(pricing.cacheRead, null);
  const rules = { caching: cachingRuleFor('anthropic', 'claude-sonnet-4-5'), batch: batchRuleFor('anthropic') };
  const request = { inputTokens: 3000, staticPrefixTokens: 2000, movableStaticTokens: 0, outputTokens: 500, reasoningTokens: 0 };
  const fiveMinutes = simulateCaching(request, pricing, rules, { enabled: true, hitRate: 0.8, requestsPerDay: 1000, ttl: '5m' });
  close(fiveMinutes.costPerRequest, (1000 * 3 + 0.8 * 2000 * 0.3 + 0.2 * 2000 * 3.75 + 500 * 15) / 1e6);
  close(fiveMinutes.breakEvenHitRate!, (3.75 - 3) / (3.75 - 0.3));
  const oneHour = simulateCaching(request, pricing, rules, { enabled: true, hitRate: 0.8, requestsPerDay: 1000, ttl: '1h' });
  close(oneHour.costPerRequest, (1000 * 3 + 0.8 * 2000 * 0.3 + 0.2 * 2000 * 6 + 500 * 15) / 1e6);
});

test('a catalogue model that lists no cached price is not cached, even where its provider caches (gpt-4-turbo)', async () => {
  const cat = await catalog();
  // gpt-4-turbo shut down on 2026-10-23 (pricing/price-overrides.json): priced the month before.
  const before = new Date('2026-10-01T12:00:00Z');
  assert.equal((await known(cat, 'gpt-4-turbo', before)).cacheRead, null);
  const result = await plan(cat, 'gpt-4-turbo', { outputTokens: 100, cacheHitRate: 1, conversationTurns: 2 }, 3000, 2048, before);
  assert.equal(result.caching.applies, false);
  assert.equal(result.caching.reason, 'the price catalogue lists no cached-input price for this model');
  close(result.costPerRequest, (3000 * 10 + 100 * 30) / 1e6);
  assert.equal(result.savings.caching, 0);
  // Its conversation is not cached either: turns of 3000 and 3000 + 100 + 952 input tokens.
  assert.equal(result.conversation?.cachingApplies, false);
  close(result.conversation!.costPerConversation, ((3000 + 4052) * 10 + 2 * 100 * 30) / 1e6);
});

const DISCOUNT_30: BatchRule = {
  provider: 'openai',
  discount: 0.3,
  cachedTokens: 'discounted',
  batchHitRate: null,
  turnaroundHours: 24,
  notes: [],
  source: 'test rule',
  lastChecked: '2026-11-30',
};

test('a 30% batch discount takes 30% off every part, cache reads included; where stacking is unpublished, the high reading prices cached tokens at the batch input price', async () => {
  const gpt4o = await known(await catalog(), 'gpt-4o');
  const split = tokens({ uncached: 1000, cacheRead: 2000, output: 100 });
  const sync = (1000 * 2.5 + 2000 * 1.25 + 100 * 10) / 1e6;
  const stacked = simulateBatch(gpt4o, { caching: cachingRuleFor('openai', 'gpt-4o'), batch: DISCOUNT_30 }, split, 1);
  close(stacked.costPerRequestSync, sync);
  close(stacked.costPerRequestBatch!, (1000 * 2.5 * 0.7 + 2000 * 1.25 * 0.7 + 100 * 10 * 0.7) / 1e6);
  close(stacked.costPerRequest, stacked.costPerRequestBatch!);
  assert.equal(stacked.discount, 0.3);
  assert.equal(stacked.reason, "30% off with OpenAI's batch API");
  const quarter = simulateBatch(gpt4o, { caching: null, batch: DISCOUNT_30 }, split, 0.25);
  close(quarter.costPerRequest, 0.75 * sync + (0.25 * (1000 * 2.5 + 2000 * 1.25 + 100 * 10) * 0.7) / 1e6);
  const separate = simulateBatch(gpt4o, { caching: null, batch: { ...DISCOUNT_30, cachedTokens: 'unpublished' } }, split, 1);
  close(separate.costPerRequestBatchRange!.high, (1000 * 1.75 + 2000 * 1.75 + 100 * 7) / 1e6);
  close(separate.costPerRequestBatchRange!.low, stacked.costPerRequestBatch!);
  assert.equal(separate.cachedTokens, 'unpublished');
});

test('explicit batch prices in a user file (70% off input, 60% off output) set the batch price of cache reads and reasoning too', async () => {
  const cat = await withPriceFile({
    'acme/acme-large': {
      input_cost_per_token: 1e-6,
      output_cost_per_token: 4e-6,
      cache_read_input_token_cost: 1e-7,
      input_cost_per_token_batches: 3e-7,
      output_cost_per_token_batches: 1.6e-6,
      litellm_provider: 'acme',
    },
  });
  const pricing = await known(cat, 'acme/acme-large');
  const split = tokens({ uncached: 1000, cacheRead: 2000, output: 100, reasoning: 50 });
  const result = simulateBatch(pricing, { caching: null, batch: null }, split, 1);
  // Sync: 1000 x $1 + 2000 x $0.10 + 150 x $4 (reasoning at the output price) = $1,800 per million.
  close(result.costPerRequestSync, 1800 / 1e6);
  // Batch: 1000 x $0.30 + 2000 x $0.10 x 0.3 (the 70% implied by the input prices) + 100 x $1.60 + 50 x $4 x 0.4.
  close(result.costPerRequestBatch!, (300 + 60 + 160 + 80) / 1e6);
  close(result.discount!, 1 - 600 / 1800);
  assert.equal(result.reason, 'batch prices from your price file my-prices.json');
  assert.equal(result.source, 'your price file my-prices.json');
});

test('a model without a batch price ignores the batch share and says so (mistral-large, $2 / $6)', async () => {
  const result = await plan(await catalog(), 'mistral-large', { outputTokens: 100, batchShare: 0.5, requestsPerDay: 100 }, 1000, 0);
  assert.equal(result.batch.available, false);
  assert.equal(result.batch.share, 0);
  assert.equal(result.batch.costPerRequestBatch, null);
  // Tokens estimated with the generic factor 1.1: 1,100 input tokens.
  const list = (1100 * 2 + 100 * 6) / 1e6;
  close(result.costPerRequest, list);
  close(result.costPerMonth, list * 100 * 30);
  assert.equal(result.savings.batch, 0);
  assert.equal(result.potentialSavings.batchAllTraffic, null);
  assert.ok(result.assumptions.includes('Batch share ignored: this model has no batch price.'), result.assumptions.join('\n'));
  assert.match(result.batch.reason, /^no batch prices for Mistral/);
});

test('a conversation inside a plan: 3 turns on gpt-4o, the first finding the fixed part cached at the plan hit rate', async () => {
  // Fixed part 2000 tokens, 100 per user turn, 200 out. Hit rate 0.5 for the plan and the first turn.
  const result = await plan(await catalog(), 'gpt-4o', { outputTokens: 200, cacheHitRate: 0.5, conversationTurns: 3 }, 2100, 2000);
  const conversation = result.conversation!;
  assert.deepEqual(
    conversation.perTurn.map((turn) => turn.inputTokens),
    [2100, 2400, 2700],
  );
  // Turn 1: half of the 1920 cacheable fixed tokens read (960), the rest of the 2048 cacheable written
  // (1088, at the input price on OpenAI), 52 uncached. Turn 2: 2048 read, 256 written, 96 uncached.
  // Turn 3: 2304 read, 384 written, 12 uncached.
  const turn1 = (52 * 2.5 + 960 * 1.25 + 1088 * 2.5 + 200 * 10) / 1e6;
  const turn2 = (96 * 2.5 + 2048 * 1.25 + 256 * 2.5 + 200 * 10) / 1e6;
  const turn3 = (12 * 2.5 + 2304 * 1.25 + 384 * 2.5 + 200 * 10) / 1e6;
  close(conversation.costPerConversation, turn1 + turn2 + turn3);
  close(conversation.costPerConversationWithoutCaching, ((2100 + 2400 + 2700) * 2.5 + 3 * 200 * 10) / 1e6);
  assert.equal(conversation.cachingApplies, true);
  assert.ok(result.assumptions.includes('Each answer is 200 tokens and is resent as history on later turns.'));
  // Caching off: every turn at list price.
  const plain = (await plan(await catalog(), 'gpt-4o', { outputTokens: 200, caching: false, conversationTurns: 3 }, 2100, 2000)).conversation!;
  assert.equal(plain.cachingApplies, false);
  close(plain.costPerConversation, 0.024);
  // No turns asked for: no conversation.
  assert.equal((await plan(await catalog(), 'gpt-4o', { outputTokens: 200 }, 2100, 2000)).conversation, null);
});

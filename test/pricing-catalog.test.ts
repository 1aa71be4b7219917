// The catalogue: published list prices, model-name spellings, unknown models, user price files,
// date-conditional prices and the reviewed data files in pricing/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { calcPrice } from '@pydantic/genai-prices';
import { ALL_RULE_ENTRIES, batchRuleFor, cachingRuleFor, tokenizerFor } from '../src/core/pricing/providerRules';
import {
  checkPublishedData,
  loadBundledCatalog,
  lookupModel,
  parseLiteLlmPriceFile,
  parseModelRef,
  withOverrides,
  BUNDLED_DATA_AS_OF,
  type ModelPricing,
  type PriceLookup,
} from '../src/core/pricing';
import { costOfRequest } from '../src/core/cost';

const AT = new Date('2026-11-26T12:00:00Z');

function known(lookup: PriceLookup): ModelPricing {
  assert.ok(lookup.known, `expected a known model, got: ${lookup.known ? '' : lookup.reason}`);
  return lookup.pricing;
}

test("list prices match the providers' published prices", async () => {
  const catalog = await loadBundledCatalog();
  const cases: [string, number, number][] = [
    ['gpt-4o', 2.5, 10],
    ['claude-sonnet-4-5', 3, 15],
    ['gemini-2.5-pro', 1.25, 10],
  ];
  for (const [model, input, output] of cases) {
    const pricing = known(lookupModel(catalog, model, { at: AT }));
    assert.equal(pricing.input.perMTok, input, model);
    assert.equal(pricing.output.perMTok, output, model);
    assert.equal(pricing.asOf, BUNDLED_DATA_AS_OF);
    assert.match(pricing.source, /genai-prices/);
  }
});

test('Anthropic cache prices: 5-minute write 1.25x, 1-hour write 2x, read 0.1x of input', async () => {
  const catalog = await loadBundledCatalog();
  const sonnet = known(lookupModel(catalog, 'claude-sonnet-4-5', { at: AT }));
  assert.equal(sonnet.cacheWrite?.perMTok, 3 * 1.25);
  assert.equal(sonnet.cacheWrite1h?.perMTok, 3 * 2);
  assert.equal(Number(sonnet.cacheRead?.perMTok.toFixed(10)), Number((3 * 0.1).toFixed(10)));
});

test('model names are accepted in the spellings prompt files use', async () => {
  const catalog = await loadBundledCatalog();
  const cases: [string, string, string][] = [
    ['gpt-4o', 'openai', 'gpt-4o'],
    ['openai:gpt-4o', 'openai', 'gpt-4o'],
    ['openai/gpt-4o', 'openai', 'gpt-4o'],
    ['GPT-4o', 'openai', 'gpt-4o'],
    ['  gpt-4o-2024-08-06 ', 'openai', 'gpt-4o'],
    ['googleai/gemini-2.5-pro', 'google', 'gemini-2.5-pro'],
    ['vertexai/gemini-2.5-flash', 'google', 'gemini-2.5-flash'],
    ['anthropic:messages:claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5-20250929', 'anthropic', 'claude-sonnet-4-5'],
    ['Claude Sonnet 4.5', 'anthropic', 'claude-sonnet-4-5'],
    ['openai:chat:gpt-4o-mini', 'openai', 'gpt-4o-mini'],
  ];
  for (const [written, provider, model] of cases) {
    const pricing = known(lookupModel(catalog, written, { at: AT }));
    assert.equal(pricing.provider, provider, written);
    assert.equal(pricing.model, model, written);
  }
});

test("Copilot model names: Copilot's own rate when it publishes one, else the vendor's API rate", async () => {
  const catalog = await loadBundledCatalog();
  assert.deepEqual(parseModelRef('Claude Sonnet 4 (copilot)'), {
    raw: 'Claude Sonnet 4 (copilot)',
    provider: 'github-copilot',
    model: 'claude-sonnet-4',
    copilot: true,
  });
  // Sonnet 4 left Anthropic's API on 2026-06-15 (pricing/price-overrides.json): its API rate before then,
  // and from then the vendor's reason, never a price.
  const sonnet = known(lookupModel(catalog, 'Claude Sonnet 4 (copilot)', { at: new Date('2026-06-01T12:00:00Z') }));
  assert.equal(sonnet.provider, 'anthropic');
  assert.equal(sonnet.input.perMTok, 3);
  assert.ok(sonnet.notes.some((n) => /Copilot publishes no per-token rate/.test(n)));
  const retired = lookupModel(catalog, 'Claude Sonnet 4 (copilot)', { at: AT });
  assert.equal(retired.known, false);
  assert.match(
    retired.known ? '' : retired.reason,
    /nor a model vendor .* prices "claude-sonnet-4": Anthropic "claude-sonnet-4-0" is retired \(since 2026-06-15 16:00 UTC\).*claude-sonnet-4-6/,
  );
  const gpt = known(lookupModel(catalog, 'GPT-4o (copilot)', { at: AT }));
  assert.equal(gpt.provider, 'openai');
  const haiku = known(lookupModel(catalog, 'Claude Haiku 4.5 (copilot)', { at: AT }));
  assert.equal(haiku.provider, 'github-copilot');
  assert.equal(haiku.input.perMTok, 1);
});

test('an unknown model is "price unknown" with a reason, never $0', async () => {
  const catalog = await loadBundledCatalog();
  const cases: [string, RegExp][] = [
    ['acme-llm-9', /could not tell which provider serves "acme-llm-9"/],
    ['openai/gpt-99-ultra', /OpenAI has no model matching "gpt-99-ultra"/],
    // Already written as provider/model: the message says the provider is unknown, not how to write the name.
    [
      'nosuchcloud/some-model',
      /^"nosuchcloud" is not a provider in the price catalogue \(.+\) and no provider there serves "nosuchcloud\/some-model": add it to your price file$/,
    ],
    ['nosuchcloud:some-model', /^"nosuchcloud" is not a provider in the price catalogue/],
    ['', /no model given/],
  ];
  for (const [written, reason] of cases) {
    const lookup = lookupModel(catalog, written, { at: AT });
    assert.equal(lookup.known, false, written);
    if (!lookup.known) assert.match(lookup.reason, reason);
  }
});

test('date-conditional prices: o3 before and after its 2025-06-10 price cut', async () => {
  const catalog = await loadBundledCatalog();
  const before = known(lookupModel(catalog, 'o3', { at: new Date('2025-01-01T00:00:00Z') }));
  const after = known(lookupModel(catalog, 'o3', { at: AT }));
  assert.deepEqual([before.input.perMTok, before.output.perMTok], [10, 40]);
  assert.deepEqual([after.input.perMTok, after.output.perMTok], [2, 8]);
});

test('long-context tiers come through from the catalogue', async () => {
  const catalog = await loadBundledCatalog();
  const gemini = known(lookupModel(catalog, 'gemini-2.5-pro', { at: AT }));
  assert.deepEqual(gemini.input.tiers, [{ aboveInputTokens: 200000, perMTok: 2.5 }]);
  assert.deepEqual(gemini.output.tiers, [{ aboveInputTokens: 200000, perMTok: 15 }]);
});

test("our cost of a cached Claude request agrees with genai-prices' own calcPrice", async () => {
  const catalog = await loadBundledCatalog();
  const sonnet = known(lookupModel(catalog, 'claude-sonnet-4-5', { at: AT }));
  // genai-prices counts cache tokens inside input_tokens; ours are separate parts.
  const theirs = calcPrice({ input_tokens: 3000, cache_read_tokens: 1600, cache_write_tokens: 400, output_tokens: 500 }, 'claude-sonnet-4-5', {
    providerId: 'anthropic',
  });
  const ours = costOfRequest(
    sonnet,
    { uncached: 1000, cacheRead: 1600, cacheWrite: 400, cacheWrite1h: 0, output: 500, reasoning: 0 },
    { caching: null, batch: null },
  );
  assert.ok(theirs);
  assert.ok(Math.abs(theirs.total_price - ours.total) < 1e-12, `${theirs.total_price} vs ${ours.total}`);
  const expected = (1000 * 3 + 1600 * 0.3 + 400 * 3.75 + 500 * 15) / 1e6;
  assert.ok(Math.abs(ours.total - expected) < 1e-12);
});

test('a user price file (LiteLLM format) overrides and adds models; bad entries are reported, not priced', async () => {
  const text = readFileSync('test/fixtures/pricing/my-prices.json', 'utf8');
  const parsed = parseLiteLlmPriceFile(text, 'my-prices.json', { asOf: '2026-11-01' });
  assert.deepEqual(parsed.models.map((m) => m.model).sort(), ['acme/acme-large', 'gpt-4o']);
  assert.equal(parsed.problems.length, 2);
  assert.match(parsed.problems.find((p) => p.model === 'broken-model')!.message, /input_cost_per_token must be a number >= 0 in USD per token, got "0.000002"/);
  assert.match(parsed.problems.find((p) => p.model === 'no-output-price')!.message, /needs input_cost_per_token and output_cost_per_token/);

  const catalog = withOverrides(await loadBundledCatalog(), parsed.models);
  const gpt = known(lookupModel(catalog, 'openai/gpt-4o', { at: AT }));
  assert.equal(gpt.origin, 'override');
  assert.equal(gpt.input.perMTok, 2e-6 * 1e6);
  assert.equal(gpt.output.perMTok, 8e-6 * 1e6);
  assert.equal(gpt.asOf, '2026-11-01');
  assert.match(gpt.source, /our negotiated contract via your price file my-prices.json/);
  const acme = known(lookupModel(catalog, 'acme/acme-large', { at: AT }));
  assert.equal(acme.provider, 'acme');
  assert.deepEqual(acme.input.tiers, [{ aboveInputTokens: 128000, perMTok: 2 }]);
  assert.equal(acme.batchInput?.perMTok, 0.4);
  assert.equal(acme.reasons, true);
  assert.equal(acme.maxOutputTokens, 8192);
  // Sentences name a provider as the catalogue does; a provider the catalogue lacks keeps the file's id.
  assert.equal(gpt.providerName, 'OpenAI');
  assert.equal(acme.providerName, 'acme');
  // Models not in the file still come from the catalogue.
  assert.equal(known(lookupModel(catalog, 'claude-sonnet-4-5', { at: AT })).origin, 'catalog');
});

test('a price file that is not JSON or not an object says so', () => {
  assert.match(parseLiteLlmPriceFile('{ nope', 'p.json', { asOf: '2026-11-01' }).problems[0].message, /not valid JSON/);
  assert.match(parseLiteLlmPriceFile('[1,2]', 'p.json', { asOf: '2026-11-01' }).problems[0].message, /expected a JSON object/);
});

test('published data is checked before it can replace the bundled data', async () => {
  assert.equal(checkPublishedData({}).ok, false);
  assert.equal(checkPublishedData([1, 2, 3, 4, 5]).ok, false);
  const catalog = await loadBundledCatalog();
  assert.equal(checkPublishedData(catalog.providers).ok, true);
  const tampered = structuredClone(catalog.providers) as unknown as { models: { prices: unknown }[] }[];
  tampered[0].models[0].prices = { input_mtok: -1 };
  assert.equal(checkPublishedData(tampered).ok, false);
});

test('every reviewed entry in pricing/ names its source and when it was last checked', () => {
  const entries = [...ALL_RULE_ENTRIES.cachingRules, ...ALL_RULE_ENTRIES.batchRules, ...ALL_RULE_ENTRIES.tokenizerFamilies, ...ALL_RULE_ENTRIES.modelLimits];
  assert.ok(entries.length >= 15);
  for (const entry of entries) {
    assert.ok(typeof entry.source === 'string' && entry.source.length > 10, JSON.stringify(entry).slice(0, 80));
    assert.match(entry.lastChecked, /^\d{4}-\d{2}-\d{2}$/);
  }
  // The cost model takes a rule's first lifetime as its default: every rule has one.
  for (const rule of ALL_RULE_ENTRIES.cachingRules) assert.ok(rule.lifetimes.length > 0, rule.provider);
});

test('rules resolve per model family', () => {
  assert.equal(cachingRuleFor('anthropic', 'claude-sonnet-4-5')?.minPrefixTokens, 1024);
  assert.equal(cachingRuleFor('anthropic', 'claude-haiku-4-5')?.minPrefixTokens, 4096);
  assert.equal(cachingRuleFor('anthropic', 'claude-3-5-haiku-latest')?.minPrefixTokens, 2048);
  assert.equal(cachingRuleFor('anthropic', 'claude-opus-4-5')?.minPrefixTokens, 4096);
  assert.equal(cachingRuleFor('google', 'gemini-2.5-pro')?.minPrefixTokens, 2048);
  assert.equal(cachingRuleFor('google', 'gemini-2.5-flash')?.minPrefixTokens, 2048);
  assert.equal(cachingRuleFor('openai', 'gpt-4o')?.prefixStepTokens, 128);
  assert.equal(cachingRuleFor('openai', 'gpt-5.6-sol')?.lifetimes[0].writeMultiplier, 1.25);
  // Claude on Vertex caches like Claude.
  assert.equal(cachingRuleFor('google', 'claude-sonnet-4-5')?.mode, 'explicit');
  assert.equal(batchRuleFor('anthropic')?.discount, 0.5);
  assert.equal(batchRuleFor('mistral'), null);
  assert.equal(tokenizerFor('gpt-4o').encoding, 'o200k_base');
  assert.equal(tokenizerFor('gpt-4').encoding, 'cl100k_base');
  assert.equal(tokenizerFor('gpt-3.5-turbo').encoding, 'cl100k_base');
  assert.equal(tokenizerFor('claude-sonnet-4-5').family, 'claude');
  assert.equal(tokenizerFor('gemini-2.5-pro').factor, 1.08);
  assert.equal(tokenizerFor('llama-3.1-70b').family, 'other');
});

test('a provider written as an Object property name is no provider: constructor/gpt-4o is read as a model name', () => {
  for (const written of ['constructor/gpt-4o', '__proto__:gpt-4o', 'toString/x']) {
    const ref = parseModelRef(written);
    assert.equal(ref.provider, null, written);
    assert.equal(typeof ref.model, 'string');
  }
});

// Claude on Bedrock is Claude: the rules written on the vendor's names (tokenizer family, caching,
// tool-use system prompt, limits) must apply to Bedrock's ids too, which carry a region, the vendor
// and a version (`us.anthropic.claude-sonnet-4-5-20250929-v1:0`; the catalogue's `regional.anthropic.…`).
// Before, Bedrock's Claude Opus 4.7 was estimated at x1.15 ("claude") or x1.1 ("other") instead of
// x1.5, with no caching rule. Figures are worked out by hand from pricing/*.json and the catalogue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupModel, priceBookOf } from '../src/core/pricing';
import { vendorModelName, isBedrockModelId } from '../src/core/pricing/modelRef';
import { cachingRuleFor, modelLimitsFor, tokenizerFor } from '../src/core/pricing/providerRules';
import { DEFAULT_SCENARIO, planRequest, type KnownModelPlan, type Scenario } from '../src/core/cost';
import { AT, billed, catalog, close, profile } from './support/pricing';

test("the vendor's name inside a Bedrock id: region, vendor and version removed; other names only lower-cased", () => {
  const cases: [string, string][] = [
    ['regional.anthropic.claude-opus-4-7-v1:0', 'claude-opus-4-7'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929'],
    ['global.anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5-20251001'],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'claude-3-5-sonnet-20240620'],
    ['eu.anthropic.claude-opus-4-5-v1', 'claude-opus-4-5'],
    ['openai.gpt-oss-120b-1:0', 'gpt-oss-120b'],
    ['meta.llama3-70b-instruct-v1:0', 'llama3-70b-instruct'],
    ['Anthropic.Claude-Opus-4-7', 'claude-opus-4-7'],
    // Not Bedrock ids: Anthropic's own old `claude-v1` keeps its -v1, a Vertex `@date` stays.
    ['claude-v1', 'claude-v1'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5@20250929'],
    ['GPT-4o', 'gpt-4o'],
    ['anthropic/claude-opus-4-7', 'anthropic/claude-opus-4-7'],
    // Only a known region before the vendor, only at the start; only the version at the end.
    ['deployment.anthropic.claude-opus-4-7', 'deployment.anthropic.claude-opus-4-7'],
    ['anthropic.claude-opus-4-7-v12:34', 'claude-opus-4-7'],
    ['openai.gpt-oss-20b-12:34', 'gpt-oss-20b'],
    ['meta.llama3-v2-instruct-v1:0', 'llama3-v2-instruct'],
    ['amazon.nova-1:5-pro-v1:0', 'nova-1:5-pro'],
  ];
  for (const [written, vendor] of cases) assert.equal(vendorModelName(written), vendor, written);
  assert.equal(isBedrockModelId('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), true);
  assert.equal(isBedrockModelId('anthropic.claude-opus-4-7'), true);
  assert.equal(isBedrockModelId('claude-opus-4-7'), false);
  assert.equal(isBedrockModelId('anthropic/claude-opus-4-7'), false);
  assert.equal(isBedrockModelId('gpt-4.1'), false);
  assert.equal(isBedrockModelId('deployment.anthropic.claude-opus-4-7'), false);
});

test("Bedrock's Claude ids get Claude's tokenizer family, caching minimum and limits", () => {
  const bedrockOpus = 'regional.anthropic.claude-opus-4-7-v1:0';
  assert.equal(tokenizerFor(bedrockOpus).family, 'claude-new-tokenizer');
  assert.equal(tokenizerFor(bedrockOpus).factor, 1.5);
  assert.equal(tokenizerFor('us.anthropic.claude-sonnet-4-5-20250929-v1:0').factor, 1.15);
  // Caching mechanics follow the model: Anthropic's rule, Opus 4.7's 4,096-token minimum.
  const caching = cachingRuleFor('aws', bedrockOpus)!;
  assert.equal(caching.provider, 'anthropic');
  assert.equal(caching.minPrefixTokens, 4096);
  assert.equal(cachingRuleFor('aws', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')!.minPrefixTokens, 1024);
  // pricing/model-limits.json: Sonnet 4.5 200K context, 64K output.
  assert.deepEqual(
    [
      modelLimitsFor('us.anthropic.claude-sonnet-4-5-20250929-v1:0')?.contextWindow,
      modelLimitsFor('us.anthropic.claude-sonnet-4-5-20250929-v1:0')?.maxOutputTokens,
    ],
    [200_000, 64_000],
  );
});

const scenario = (fields: Partial<Scenario>): Scenario => ({ ...DEFAULT_SCENARIO, outputTokens: 100, ...fields });
const plan = async (model: string, input: number, prefix: number, fields: Partial<Scenario>, extra = {}) =>
  planRequest(profile(input, prefix, extra), model, scenario(fields), { prices: priceBookOf(await catalog()), at: AT }) as KnownModelPlan;

test('Claude Opus 4.7 on Bedrock: x1.5 tokens, Bedrock regional prices, cached as Claude caches', async () => {
  // The catalogue's Bedrock (regional) prices for Opus 4.7: $5.50 input, $0.55 cache read, $6.875 cache write, $27.50 output.
  // 4,000 o200k tokens x1.5 = 6,000; a 2,000-token static prefix = 3,000, below Opus 4.7's 4,096: nothing cached.
  const small = await plan('bedrock/anthropic.claude-opus-4-7', 4000, 2000, { cacheHitRate: 1 });
  assert.equal(small.inputTokens, 6000);
  assert.equal(small.caching.applies, false);
  assert.match(small.caching.reason, /below the minimum cacheable prefix of 4096/);
  close(small.costPerRequest, (6000 * 5.5 + 100 * 27.5) / 1e6);
  // A 3,000-token prefix = 4,500 tokens is cached; at a 100% hit rate: 1,500 at $5.50, 4,500 read at $0.55, 100 out at $27.50.
  const cached = await plan('bedrock/anthropic.claude-opus-4-7', 4000, 3000, { cacheHitRate: 1 });
  assert.equal(cached.caching.applies, true);
  close(cached.costPerRequest, (1500 * 5.5 + 4500 * 0.55 + 100 * 27.5) / 1e6);
});

test("a tool on Bedrock's Claude Opus 4.7 adds Claude's tool-use system prompt (675 tokens for tool_choice auto)", async () => {
  const tool = billed({ toolCount: 1, toolJsonTokens: { o200k_base: 100 } });
  const bedrock = await plan('bedrock/anthropic.claude-opus-4-7', 4000, 0, {}, { billed: tool });
  const anthropic = await plan('anthropic/claude-opus-4-7', 4000, 0, {}, { billed: tool });
  // 4,000 x1.5 + the tool's JSON 100 x1.5 + the 675-token system prompt (pricing/request-parts.json, Opus 4.7).
  assert.equal(bedrock.inputTokens, 6000 + 150 + 675);
  assert.equal(anthropic.inputTokens, bedrock.inputTokens);
  assert.ok(bedrock.assumptions.some((a) => a.includes("Anthropic's tool-use system prompt of 675 tokens")));
});

test('a Bedrock id written without a provider is priced on Bedrock, not looked for among Anthropic API models', async () => {
  const found = lookupModel(await catalog(), 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', { at: AT });
  assert.equal(found.known, true);
  if (!found.known) return;
  assert.equal(found.pricing.provider, 'aws');
  // The catalogue's Bedrock regional price for Sonnet 4.5: $3.30 input, $16.50 output.
  close(found.pricing.input.perMTok, 3.3);
  close(found.pricing.output.perMTok, 16.5);
  const opus = lookupModel(await catalog(), 'anthropic.claude-opus-4-7', { at: AT });
  assert.equal(opus.known && opus.pricing.provider, 'aws');
  // Anthropic's own name still goes to Anthropic.
  const own = lookupModel(await catalog(), 'claude-opus-4-7', { at: AT });
  assert.equal(own.known && own.pricing.provider, 'anthropic');
});

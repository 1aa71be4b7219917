// The user's price file (LiteLLM's model_prices_and_context_window.json format), pinned where
// mutation testing found no test looking (issue 13): every price field read into its own slot,
// tiers in order, limits checked, providers named as the catalogue names them, and every malformed
// file or entry reported instead of priced. Entries are written by hand below; an expected USD per
// million is the entry's USD per token × 1e6, worked out in the comment next to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLiteLlmPriceFile, type ModelPricing } from '../src/core/pricing';

const AS_OF = { asOf: '2026-11-30' };
const FILE = 'prices.json';

function parse(text: string) {
  return parseLiteLlmPriceFile(text, FILE, AS_OF);
}

function parseEntries(entries: Record<string, unknown>) {
  return parse(JSON.stringify(entries));
}

function only(entries: Record<string, unknown>): ModelPricing {
  const { models, problems } = parseEntries(entries);
  assert.deepEqual(problems, []);
  assert.equal(models.length, 1);
  return models[0]!;
}

const flat = (perMTok: number) => ({ perMTok, tiers: [] });

test('every LiteLLM price field lands in its own slot, in USD per million tokens', () => {
  const pricing = only({
    'my-model': {
      input_cost_per_token: 3e-6, // 3e-6 × 1e6 = $3
      output_cost_per_token: 1.5e-5, // $15
      cache_read_input_token_cost: 3e-7, // $0.30
      cache_creation_input_token_cost: 3.75e-6, // $3.75
      cache_creation_input_token_cost_above_1hr: 6e-6, // $6
      output_cost_per_reasoning_token: 2e-5, // $20
      input_cost_per_token_batches: 1.5e-6, // $1.50
      output_cost_per_token_batches: 7.5e-6, // $7.50
      max_input_tokens: 200000,
      max_output_tokens: 64000,
      supports_reasoning: true,
      litellm_provider: 'anthropic',
      source: 'https://example.com/pricing',
    },
  });
  assert.deepEqual(pricing, {
    model: 'my-model',
    name: 'my-model',
    provider: 'anthropic',
    providerName: 'anthropic',
    input: flat(3),
    output: flat(15),
    cacheRead: flat(0.3),
    cacheWrite: flat(3.75),
    cacheWrite1h: flat(6),
    reasoningOutput: flat(20),
    batchInput: flat(1.5),
    batchOutput: flat(7.5),
    contextWindow: 200000,
    maxOutputTokens: 64000,
    reasons: true,
    source: 'https://example.com/pricing via your price file prices.json',
    asOf: '2026-11-30',
    origin: 'override',
    notes: [],
  });
});

test('fields left out, or written as null, stay null without a problem', () => {
  const pricing = only({
    bare: {
      input_cost_per_token: 1e-6, // $1
      output_cost_per_token: 2e-6, // $2
      cache_read_input_token_cost: null,
      input_cost_per_token_above_200k_tokens: null,
      max_input_tokens: null,
      supports_reasoning: 'yes', // not a boolean: the file does not say
    },
  });
  assert.deepEqual(pricing.input, flat(1));
  assert.deepEqual(pricing.output, flat(2));
  assert.equal(pricing.cacheRead, null);
  assert.equal(pricing.cacheWrite, null);
  assert.equal(pricing.contextWindow, null);
  assert.equal(pricing.maxOutputTokens, null);
  assert.equal(pricing.reasons, null);
  assert.equal(pricing.provider, 'custom');
  assert.equal(pricing.source, 'your price file prices.json');
});

test('max_tokens is the output limit when max_output_tokens is absent', () => {
  const pricing = only({ m: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, max_tokens: 8192 } });
  assert.equal(pricing.maxOutputTokens, 8192);
  assert.equal(pricing.contextWindow, null);
});

test('long-context tiers are read in order of their threshold, whatever order the file lists them in', () => {
  const pricing = only({
    tiered: {
      input_cost_per_token: 1.25e-6, // $1.25
      // Listed dearest first: the result must still be sorted by threshold.
      input_cost_per_token_above_1000k_tokens: 5e-6, // above 1,000,000 tokens: $5
      input_cost_per_token_above_272k_tokens: 2.5e-6, // above 272,000 tokens: $2.50
      input_cost_per_token_above_128k_tokens: 2e-6, // above 128,000 tokens: $2
      output_cost_per_token: 1e-5, // $10
      output_cost_per_token_above_200k_tokens: 1.5e-5, // above 200,000 tokens: $15
    },
  });
  assert.deepEqual(pricing.input, {
    perMTok: 1.25,
    tiers: [
      { aboveInputTokens: 128000, perMTok: 2 },
      { aboveInputTokens: 272000, perMTok: 2.5 },
      { aboveInputTokens: 1000000, perMTok: 5 },
    ],
  });
  assert.deepEqual(pricing.output, { perMTok: 10, tiers: [{ aboveInputTokens: 200000, perMTok: 15 }] });
});

test('a bad tier price rejects the whole entry with the reason', () => {
  const { models, problems } = parseEntries({
    m: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, input_cost_per_token_above_200k_tokens: -1e-6 },
  });
  assert.deepEqual(models, []);
  assert.deepEqual(problems, [
    { file: FILE, model: 'm', message: 'input_cost_per_token_above_200k_tokens must be a number >= 0 in USD per token, got -0.000001' },
  ]);
});

test('$10,000 per million tokens is the largest price accepted; a string or an overflowing number is rejected', () => {
  // 0.01 USD per token × 1e6 = $10,000 per million: exactly the bound, still a price.
  assert.deepEqual(only({ dear: { input_cost_per_token: 0.01, output_cost_per_token: 0.01 } }).input, flat(10000));
  // 0 is a price the file states (a free model), not a mistake: 0 × 1e6 = $0.
  assert.deepEqual(only({ free: { input_cost_per_token: 0, output_cost_per_token: 0 } }).output, flat(0));
  // 1e400 overflows to Infinity when JSON.parse reads it: the message says so, not "got null".
  const { models, problems } = parse(
    '{"over": {"input_cost_per_token": 0.0100001, "output_cost_per_token": 1e-6}, "text": {"input_cost_per_token": "0.000001", "output_cost_per_token": 1e-6}, "inf": {"input_cost_per_token": 1e400, "output_cost_per_token": 1e-6}}',
  );
  assert.deepEqual(models, []);
  assert.deepEqual(problems, [
    {
      file: FILE,
      model: 'over',
      message:
        'input_cost_per_token is 0.0100001 USD per token, over $10,000 per million tokens: surely a mistake (prices are USD per token, e.g. 2.5e-6); the entry is ignored',
    },
    { file: FILE, model: 'text', message: 'input_cost_per_token must be a number >= 0 in USD per token, got "0.000001"' },
    { file: FILE, model: 'inf', message: 'input_cost_per_token must be a number >= 0 in USD per token, got Infinity' },
  ]);
});

test('an entry without an input price or an output price is reported, not priced', () => {
  const { models, problems } = parseEntries({
    'no-input': { output_cost_per_token: 2e-6 },
    'no-output': { input_cost_per_token: 1e-6 },
  });
  assert.deepEqual(models, []);
  const message =
    'needs input_cost_per_token and output_cost_per_token (USD per token); the entry is ignored, so the model stays "price unknown" unless the catalogue knows it';
  assert.deepEqual(problems, [
    { file: FILE, model: 'no-input', message },
    { file: FILE, model: 'no-output', message },
  ]);
});

test('a limit that is not a whole positive number of tokens is ignored with the reason; the prices still count', () => {
  const prices = { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 };
  const { models, problems } = parseEntries({
    text: { ...prices, max_input_tokens: '128000' },
    fraction: { ...prices, max_input_tokens: 1.5 },
    zero: { ...prices, max_input_tokens: 0 },
    negative: { ...prices, max_output_tokens: -5 },
  });
  assert.deepEqual(
    models.map((m) => [m.model, m.input.perMTok, m.contextWindow, m.maxOutputTokens]),
    [
      ['text', 1, null, null],
      ['fraction', 1, null, null],
      ['zero', 1, null, null],
      ['negative', 1, null, null],
    ],
  );
  assert.deepEqual(problems, [
    { file: FILE, model: 'text', message: 'max_input_tokens must be a whole number of tokens, got "128000"; ignored' },
    { file: FILE, model: 'fraction', message: 'max_input_tokens must be a whole number of tokens, got 1.5; ignored' },
    { file: FILE, model: 'zero', message: 'max_input_tokens must be a whole number of tokens, got 0; ignored' },
    { file: FILE, model: 'negative', message: 'max_output_tokens must be a whole number of tokens, got -5; ignored' },
  ]);
});

test('an entry that is not an object of prices is reported and skipped; the other entries still count', () => {
  const { models, problems } = parse(
    '{"number": 5, "nothing": null, "list": [1e-6, 2e-6], "text": "cheap", "sample_spec": {"input_cost_per_token": "see docs"}, "ok": {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}',
  );
  assert.deepEqual(
    models.map((m) => m.model),
    ['ok'],
  );
  const message = 'expected an object of prices';
  assert.deepEqual(problems, [
    { file: FILE, model: 'number', message },
    { file: FILE, model: 'nothing', message },
    { file: FILE, model: 'list', message },
    { file: FILE, model: 'text', message },
  ]);
});

test('a file that is not a JSON object of models is one problem for the whole file, and no models', () => {
  const message = 'expected a JSON object whose keys are model names (LiteLLM model_prices_and_context_window.json format)';
  for (const text of ['5', 'null', '[{"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}]', '"prices"', 'true']) {
    assert.deepEqual(parse(text), { models: [], problems: [{ file: FILE, model: null, message }] }, text);
  }
  const broken = parse('{"m": {"input_cost_per_token": 1e-6,');
  assert.deepEqual(broken.models, []);
  assert.equal(broken.problems.length, 1);
  assert.equal(broken.problems[0]!.model, null);
  assert.match(broken.problems[0]!.message, /^not valid JSON \(.+\); expected LiteLLM's model_prices_and_context_window\.json format$/);
});

test("LiteLLM's provider names become the catalogue's provider ids", () => {
  const prices = { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 };
  const { models, problems } = parseEntries({
    a: { ...prices, litellm_provider: 'vertex_ai-language-models' },
    b: { ...prices, litellm_provider: 'vertex_ai-anthropic_models' },
    c: { ...prices, litellm_provider: 'text-completion-openai' },
    d: { ...prices, litellm_provider: 'azure_ai' },
    e: { ...prices, litellm_provider: 'bedrock_converse' },
    // Not in LiteLLM's own list: the catalogue's aliases (vertex_ai → google, Bedrock → aws).
    f: { ...prices, litellm_provider: 'vertex_ai' },
    g: { ...prices, litellm_provider: 'Bedrock' },
    // Unknown: kept as written, in lower case.
    h: { ...prices, litellm_provider: 'MyGateway' },
    // No provider field: the key's prefix names it; a provider field that is not a string is ignored.
    'openai/gpt-custom': prices,
    'deepseek/chat-x': { ...prices, litellm_provider: 42 },
    'no-prefix': { ...prices, litellm_provider: ['openai'] },
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(
    models.map((m) => [m.model, m.provider, m.providerName]),
    [
      ['a', 'google', 'google'],
      ['b', 'google', 'google'],
      ['c', 'openai', 'openai'],
      ['d', 'azure', 'azure'],
      ['e', 'aws', 'aws'],
      ['f', 'google', 'google'],
      ['g', 'aws', 'aws'],
      ['h', 'mygateway', 'mygateway'],
      ['openai/gpt-custom', 'openai', 'openai'],
      ['deepseek/chat-x', 'deepseek', 'deepseek'],
      ['no-prefix', 'custom', 'custom'],
    ],
  );
});

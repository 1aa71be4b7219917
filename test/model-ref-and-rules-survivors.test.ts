// How written model names split into provider and model (every spelling of the provider table, the
// promptfoo API flavours, the Copilot suffix), and the reviewed rules' details that the cost tests do not
// read: notes, family sources, the fallback tokenizer, which encodings a plan counts. Expected values are
// written by hand from the spellings in the README and the entries of pricing/*.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModelRef, providerAlias } from '../src/core/pricing/modelRef';
import { batchRuleFor, cachingRuleFor, encodingsFor, familyReasons, tokenizerFor } from '../src/core/pricing/providerRules';
import cachingData from '../pricing/caching.json';
import batchData from '../pricing/batch.json';

const ref = (raw: string) => {
  const { provider, model, copilot } = parseModelRef(raw);
  return { provider, model, copilot };
};
const plain = (provider: string | null, model: string) => ({ provider, model, copilot: false });

test('every provider spelling of LiteLLM, promptfoo, Genkit, Pydantic AI and OpenRouter names its catalogue provider', () => {
  const spellings: [string, string][] = [
    ['openai', 'openai'],
    ['azure-openai', 'azure'],
    ['azure', 'azure'],
    ['azure_ai', 'azure'],
    ['anthropic', 'anthropic'],
    ['claude', 'anthropic'],
    ['google', 'google'],
    ['googleai', 'google'],
    ['google-ai', 'google'],
    ['google-gla', 'google'],
    ['google-vertex', 'google'],
    ['gemini', 'google'],
    ['vertex', 'google'],
    ['vertexai', 'google'],
    ['vertex_ai', 'google'],
    ['bedrock', 'aws'],
    ['aws', 'aws'],
    ['amazon-bedrock', 'aws'],
    ['mistral', 'mistral'],
    ['mistralai', 'mistral'],
    ['xai', 'x-ai'],
    ['x-ai', 'x-ai'],
    ['grok', 'x-ai'],
    ['deepseek', 'deepseek'],
    ['groq', 'groq'],
    ['together', 'together'],
    ['together_ai', 'together'],
    ['fireworks', 'fireworks'],
    ['fireworks_ai', 'fireworks'],
    ['openrouter', 'openrouter'],
    ['cohere', 'cohere'],
    ['perplexity', 'perplexity'],
    ['copilot', 'github-copilot'],
    ['github-copilot', 'github-copilot'],
    ['github', 'github-copilot'],
    ['moonshot', 'moonshotai'],
    ['moonshotai', 'moonshotai'],
  ];
  for (const [prefix, provider] of spellings) {
    assert.equal(providerAlias(prefix), provider, prefix);
    assert.equal(providerAlias(prefix.toUpperCase()), provider, prefix.toUpperCase());
    assert.deepEqual(ref(`${prefix}/some-model`), plain(provider, 'some-model'), `${prefix}/`);
    assert.deepEqual(ref(`${prefix}:some-model`), plain(provider, 'some-model'), `${prefix}:`);
  }
  assert.equal(providerAlias('llama'), undefined);
  assert.equal(providerAlias('constructor'), undefined);
  assert.deepEqual(ref('constructor/gpt-4o'), plain(null, 'constructor/gpt-4o'));
});

test('a bare word that is also a provider name is the model, with no provider', () => {
  assert.deepEqual(ref('gemini'), plain(null, 'gemini'));
  assert.deepEqual(ref('openai'), plain(null, 'openai'));
  assert.deepEqual(ref('Grok'), plain(null, 'grok'));
});

test("promptfoo's API flavour between provider and model is dropped, each of the seven", () => {
  for (const flavour of ['chat', 'messages', 'completion', 'completions', 'responses', 'assistant', 'realtime']) {
    assert.deepEqual(ref(`openai:${flavour}:gpt-4o`), plain('openai', 'gpt-4o'), flavour);
  }
  assert.deepEqual(ref('anthropic:messages:claude-sonnet-4-5'), plain('anthropic', 'claude-sonnet-4-5'));
  // A word that is not a flavour stays part of the model: OpenAI's fine-tuned ids start with `ft:`.
  assert.deepEqual(ref('openai:ft:gpt-4o-mini-2024-07-18:my-org::abc123'), plain('openai', 'ft:gpt-4o-mini-2024-07-18:my-org::abc123'));
  // A flavour word with nothing after it is the model's name, never an empty model.
  assert.deepEqual(ref('openai:chat'), plain('openai', 'chat'));
  assert.deepEqual(ref('openai/responses'), plain('openai', 'responses'));
});

test('the Copilot suffix of VS Code chat modes, with or without GitHub, and only at the end', () => {
  const copilot = (model: string) => ({ provider: 'github-copilot', model, copilot: true });
  assert.deepEqual(ref('Claude Sonnet 4 (copilot)'), copilot('claude-sonnet-4'));
  assert.deepEqual(ref('GPT-4o(copilot)'), copilot('gpt-4o'));
  assert.deepEqual(ref('GPT-4o (GitHub Copilot)'), copilot('gpt-4o'));
  assert.deepEqual(ref('GPT-4o (GitHub  Copilot)'), copilot('gpt-4o'));
  assert.deepEqual(ref('  GPT-4.1 (Copilot)  '), copilot('gpt-4.1'));
  // Text after the parenthesis: not the suffix, so not a Copilot model.
  assert.deepEqual(ref('gpt-4o (copilot) mini'), plain(null, 'gpt-4o-(copilot)-mini'));
  assert.deepEqual(ref('gpt-4o (copilot)x'), plain(null, 'gpt-4o-(copilot)x'));
});

test('spaces become one hyphen and runs of hyphens collapse to one', () => {
  assert.deepEqual(ref('Claude   Sonnet 4'), plain(null, 'claude-sonnet-4'));
  assert.deepEqual(ref('gpt-4o--mini'), plain(null, 'gpt-4o-mini'));
  assert.deepEqual(ref('GPT-4o - mini'), plain(null, 'gpt-4o-mini'));
  assert.deepEqual(ref('openai/gpt-4o---mini'), plain('openai', 'gpt-4o-mini'));
});

test('a model with no tokenizer family of its own (an empty name) gets the last, generic family of tokenizers.json', () => {
  // pricing/tokenizers.json, family "other": o200k_base x 1.1, band 0.9-1.4.
  for (const model of ['', 'llama-3.1-70b']) {
    const family = tokenizerFor(model);
    assert.equal(family.family, 'other', model);
    assert.equal(family.encoding, 'o200k_base');
    assert.equal(family.factor, 1.1);
    assert.equal(family.low, 0.9);
    assert.equal(family.high, 1.4);
    assert.equal(family.exact, false);
  }
});

test('a family with no reasoning models says no model of it reasons', () => {
  // openai-cl100k has no `reasons` pattern; openai-o200k reasons for o1/o3/o4/gpt-5/...
  assert.equal(tokenizerFor('gpt-4').family, 'openai-cl100k');
  assert.equal(familyReasons('gpt-4'), false);
  assert.equal(familyReasons('gpt-3.5-turbo'), false);
  assert.equal(familyReasons('o3'), true);
  assert.equal(familyReasons('gpt-4o'), false);
});

test('a plan counts cl100k_base only when one of its models reads it', () => {
  assert.deepEqual(encodingsFor([]), ['o200k_base']);
  assert.deepEqual(encodingsFor([null, undefined, '']), ['o200k_base']);
  assert.deepEqual(encodingsFor(['gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-pro']), ['o200k_base']);
  assert.deepEqual(encodingsFor(['gpt-4o', null, 'openai/gpt-4-turbo']), ['o200k_base', 'cl100k_base']);
  assert.deepEqual(encodingsFor(['GPT-3.5 Turbo']), ['o200k_base', 'cl100k_base']);
});

const cachingNotes = (provider: string) => cachingData.providers.find((p) => p.provider === provider)!.notes;
const batchEntry = (provider: string) => batchData.providers.find((p) => p.provider === provider)!;

test("a caching rule carries the provider's notes, then the note of each matching family that has one", () => {
  assert.equal(cachingNotes('openai').length, 4);
  // gpt-4o matches no OpenAI family.
  assert.deepEqual(cachingRuleFor('openai', 'gpt-4o')!.notes, cachingNotes('openai'));
  // gpt-4.1 matches the 0.25 read family (no note) and the 24h retention family (a note).
  const gpt41 = cachingRuleFor('openai', 'gpt-4.1')!;
  assert.equal(gpt41.readMultiplier, 0.25);
  assert.equal(gpt41.notes.length, 5);
  assert.deepEqual(gpt41.notes.slice(0, 4), cachingNotes('openai'));
  assert.match(gpt41.notes[4]!, /^Extended \(24h\) retention is the default/);
  assert.deepEqual(gpt41.lifetimes, [{ name: '24h', minutes: 30, writeMultiplier: 1 }]);
  // A second call is not changed by the first's families.
  assert.deepEqual(cachingRuleFor('openai', 'gpt-4o')!.lifetimes, [{ name: 'in-memory', minutes: 5, writeMultiplier: 1 }]);
});

test("a model with no vendor of its own caches by its provider's rule; a provider with no rule has none", () => {
  // Llama on Vertex: no vendor rule, so Google's (4,096-token minimum, implicit caching).
  const llama = cachingRuleFor('google', 'llama-4-maverick')!;
  assert.equal(llama.provider, 'google');
  assert.equal(llama.minPrefixTokens, 4096);
  assert.equal(llama.family, null);
  assert.equal(cachingRuleFor('mistral', 'mistral-large-latest'), null);
  // Claude on Bedrock caches like Claude on Anthropic.
  assert.equal(cachingRuleFor('aws', 'claude-sonnet-4-5')!.provider, 'anthropic');
});

test("a family's figure carries that family's source and date, and its other reading", () => {
  const sonnet46 = cachingRuleFor('anthropic', 'claude-sonnet-4-6')!;
  assert.equal(sonnet46.minPrefixTokens, 2048);
  assert.equal(sonnet46.family?.lastChecked, '2026-11-30');
  assert.match(sonnet46.family!.source, /^Anthropic prompt caching docs .*the page as read on 2026-11-30/);
  assert.match(sonnet46.family!.otherReading!, /^1,024 in the stored copies of the page of 2026-09-23 to 2026-10-05/);
  const gpt56 = cachingRuleFor('openai', 'gpt-5.6')!;
  assert.equal(gpt56.overflowRequestsPerMinute, null);
  assert.match(gpt56.family!.source, /^OpenAI prompt caching guide/);
  assert.equal(cachingRuleFor('openai', 'o3')!.family, null);
});

test("a batch rule carries the provider's notes, then its model family's note", () => {
  assert.deepEqual(batchRuleFor('anthropic')!.notes, batchEntry('anthropic').notes);
  assert.equal(batchRuleFor('anthropic')!.notes.length, 2);
  assert.deepEqual(batchRuleFor('openai', 'gpt-5')!.notes, batchEntry('openai').notes);
  const gpt4o = batchRuleFor('openai', 'gpt-4o')!;
  assert.equal(gpt4o.cachedTokens, 'unpublished');
  assert.equal(gpt4o.notes.length, 4);
  assert.deepEqual(gpt4o.notes.slice(0, 3), batchEntry('openai').notes);
  assert.match(gpt4o.notes[3]!, /^OpenAI's Batch price table shows no cached-input price/);
  assert.equal(gpt4o.lastChecked, '2026-11-30');
});

// The published rules behind a request's billed parts, branch by branch (issue 13: the mutants of
// src/core/cost/requestParts.ts that no test noticed). Every figure is worked out by hand in the comment
// beside it from the rule as the provider publishes it (sources in pricing/request-parts.json), token
// counts with tiktoken; every sentence is the one the user reads, written out in full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import partsData from '../pricing/request-parts.json';
import {
  anthropicImageTokens,
  billedExtra,
  billedForConversation,
  billedProfileOf,
  imageTokensFor,
  openAiToolTokens,
  patchTokens,
  tileTokens,
  type BilledProfile,
} from '../src/core/cost/requestParts';
import type { ImagePart, ToolDefinition } from '../src/core/types';
import { WEATHER_TOOL } from './support/weatherTool';
import { billed } from './support/pricing';

const o200k = get_encoding('o200k_base');
const cl100k = get_encoding('cl100k_base');
const count = (text: string) => o200k.encode_ordinary(text).length;
const countCl100k = (text: string) => cl100k.encode_ordinary(text).length;

const OPENAI_TOOLS = partsData.openaiTools.source;
const ANTHROPIC_TOOLS = partsData.anthropicTools.source;
const GEMINI_TOOLS = partsData.geminiTools.source;
const ELSEWHERE = partsData.toolsDefinedElsewhere.source;
const SCHEMA = partsData.responseSchema.source;
const OPENAI_IMAGES = partsData.images.openaiSource;
const ANTHROPIC_IMAGES = partsData.images.anthropic.source;
const GEMINI_IMAGES = partsData.images.gemini.source;

const tool = (parameters: unknown, description = 'Check the service'): ToolDefinition => ({ name: 'ping', description, parameters });
const image = (width: number | null, height: number | null, detail: ImagePart['detail'] = 'high'): ImagePart => ({ detail, width, height, offset: 0 });

// A profile that bills nothing: no tools, no schema, no images.
const nothing: BilledProfile = billed({});

test("OpenAI tool rule, each branch: no tools, a trailing '.', no properties, a type that is not a string, odd schemas", () => {
  // tiktoken o200k_base counts the rule's strings as below; ":string:" and "::" are one token each,
  // so the weather tool cannot tell a missing type, and "integer" is used instead.
  assert.equal(count('ping:Check the service'), 5);
  assert.equal(count('ping:Check the service.'), 6);
  assert.equal(count('count:integer:How many'), 6);
  assert.equal(count('note::Optional note'), 4);
  assert.equal(count('id:integer:'), 4);
  assert.equal(count('gone::'), 2);
  // No tools: nothing at all, not even func_end.
  assert.equal(openAiToolTokens([], count), 0);
  // func_init 7 + "ping:Check the service" 5 (the trailing '.' dropped) + func_end 12; no properties: no prop_init.
  assert.equal(openAiToolTokens([tool({ type: 'object', properties: {} }, 'Check the service.')], count), 7 + 5 + 12);
  // A leading '.' stays: ".env:Check the service" is counted whole.
  assert.equal(openAiToolTokens([{ name: '.env', description: 'Check the service', parameters: null }], count), 7 + count('.env:Check the service') + 12);
  // One property: + prop_init 3 + prop_key 3 + "count:integer:How many" 6.
  assert.equal(
    openAiToolTokens([tool({ type: 'object', properties: { count: { type: 'integer', description: 'How many' } } })], count),
    7 + 5 + 3 + 3 + 6 + 12,
  );
  // A type that is a list (["string", "null"]) is left out: "note::Optional note".
  assert.equal(
    openAiToolTokens([tool({ type: 'object', properties: { note: { type: ['string', 'null'], description: 'Optional note' } } })], count),
    7 + 5 + 3 + 3 + 4 + 12,
  );
  // A description that is not a string is left out: "id:integer:".
  assert.equal(openAiToolTokens([tool({ type: 'object', properties: { id: { type: 'integer', description: 42 } } })], count), 7 + 5 + 3 + 3 + 4 + 12);
  // A property that is not an object counts as a bare name: "gone::".
  assert.equal(openAiToolTokens([tool({ type: 'object', properties: { gone: null } })], count), 7 + 5 + 3 + 3 + 2 + 12);
  // Parameters or properties that are not a map of properties: the function alone, 7 + 5 + 12.
  for (const parameters of [
    null,
    'text',
    { type: 'object', properties: null },
    { type: 'object', properties: 'ab' },
    { type: 'object', properties: [{ type: 'string' }] },
  ])
    assert.equal(openAiToolTokens([tool(parameters)], count), 24, JSON.stringify(parameters));
});

test('a profile counts tools in each encoding: gpt-4 constants (func_init 10) in cl100k_base, the JSON estimate in both', () => {
  const parts = {
    tools: [{ name: WEATHER_TOOL.function.name, description: WEATHER_TOOL.function.description, parameters: WEATHER_TOOL.function.parameters }],
    toolChoice: null,
    responseSchema: '{"type":"object"}',
    images: [image(640, 480)],
    toolsDefinedElsewhere: ['lookupOrder'],
  };
  const json = JSON.stringify(parts.tools);
  // The weather tool by the cookbook's rule: 68 with gpt-4o constants in o200k_base (test/request-parts.test.ts);
  // in cl100k_base the strings have the same counts (11, 14, 2, 2, 8) and func_init is 10: 71.
  assert.deepEqual(
    [countCl100k('get_current_weather:Get the current weather in a given location'), countCl100k('location:string:The city and state, e.g. San Francisco, CA')],
    [11, 14],
  );
  assert.deepEqual([countCl100k('celsius'), countCl100k('fahrenheit'), countCl100k('unit:string:The unit of temperature to return')], [2, 2, 8]);
  const profile = billedProfileOf(parts, { o200k_base: count, cl100k_base: countCl100k });
  assert.deepEqual(profile, {
    toolCount: 1,
    toolChoice: null,
    openAiToolTokens: { o200k_base: 68, cl100k_base: 10 + 11 + 3 + (3 + 14) + (3 - 3 + 3 + 2 + 3 + 2 + 8) + 12 },
    toolJsonTokens: { o200k_base: count(json), cl100k_base: countCl100k(json) },
    responseSchemaTokens: { o200k_base: count('{"type":"object"}'), cl100k_base: countCl100k('{"type":"object"}') },
    // Without an `inTurn` test no image is in a turn's part.
    images: [image(640, 480)],
    toolsDefinedElsewhere: ['lookupOrder'],
  });
  // Nothing billed: every count 0 (an empty tool JSON is not counted).
  assert.deepEqual(billedProfileOf({ tools: [], toolChoice: null, responseSchema: null, images: [] }, { o200k_base: count }), nothing);
});

test("a conversation resends the fixed images every turn and adds the last user message's images", () => {
  const system = image(640, 480);
  const last = { ...image(1024, 1024), offset: 90 };
  const profile = billedProfileOf(
    { tools: [], toolChoice: 'auto', responseSchema: null, images: [system, last] },
    { o200k_base: count },
    (i) => i.offset === 90,
  );
  assert.deepEqual(profile.images, [system, { ...last, inTurn: true }]);
  const { fixed, turn } = billedForConversation(profile);
  assert.deepEqual(fixed.images, [system]);
  assert.equal(fixed.toolChoice, 'auto');
  assert.deepEqual(turn, { ...nothing, images: [{ ...last, inTurn: true }] });
  assert.equal(billedForConversation({ ...profile, images: [system] }).turn, null);
});

const EXACT = { encoding: 'o200k_base' as const, factor: 1, low: 1, high: 1, exact: true };
// An estimated tokenizer (the Claude factor and band of pricing/tokenizers.json have this shape).
const ESTIMATED = { encoding: 'o200k_base' as const, factor: 1.15, low: 1.05, high: 1.3, exact: false };

test('nothing billed adds nothing and says nothing, on every vendor', () => {
  for (const [model, vendor] of [
    ['gpt-4o', 'openai'],
    ['claude-sonnet-4-6', 'anthropic'],
    ['gemini-2.5-flash', 'google'],
    ['mistral-large-latest', null],
  ] as const)
    assert.deepEqual(billedExtra(nothing, model, vendor, ESTIMATED), { tokens: 0, low: 0, high: 0, assumptions: [] }, model);
});

test('tool sentences on OpenAI: the cookbook rule, its count in the model encoding, and the estimate label where its constants are not published', () => {
  const two = { ...nothing, toolCount: 2, openAiToolTokens: { o200k_base: 150, cl100k_base: 160 } };
  assert.deepEqual(billedExtra(two, 'gpt-4o', 'openai', EXACT), {
    tokens: 150,
    low: 150,
    high: 150,
    assumptions: [`2 tool definitions: 150 tokens by OpenAI's cookbook rule; nested schemas are not covered. Source: ${OPENAI_TOOLS}.`],
  });
  // gpt-4 counts in cl100k_base: the cl100k figure, 160.
  assert.deepEqual(billedExtra(two, 'gpt-4', 'openai', { ...EXACT, encoding: 'cl100k_base' }).assumptions, [
    `2 tool definitions: 160 tokens by OpenAI's cookbook rule; nested schemas are not covered. Source: ${OPENAI_TOOLS}.`,
  ]);
  // A profile counted without cl100k_base falls back to the o200k figure.
  assert.equal(billedExtra({ ...two, openAiToolTokens: { o200k_base: 150 } }, 'gpt-4', 'openai', { ...EXACT, encoding: 'cl100k_base' }).tokens, 150);
  // GPT-5: the constants are gpt-4o's, not published for it; the count is still exact (not scaled).
  assert.deepEqual(billedExtra({ ...two, toolCount: 1 }, 'gpt-5', 'openai', EXACT), {
    tokens: 150,
    low: 150,
    high: 150,
    assumptions: [
      `1 tool definition: 150 tokens by OpenAI's cookbook rule (its gpt-4o constants: not published for this model, an estimate); nested schemas are not covered. Source: ${OPENAI_TOOLS}.`,
    ],
  });
});

test("tool sentences elsewhere: the JSON estimate (with the tokenizer's factor and band) and Anthropic's tool-use system prompt", () => {
  const json = { ...nothing, toolCount: 1, toolJsonTokens: { o200k_base: 80 } };
  // Sonnet 4.6, tool_choice tool: 589 fixed + the JSON 80 x 1.15 = 92 (low 80 x 1.05 = 84, high 80 x 1.3 = 104).
  assert.deepEqual(billedExtra({ ...json, toolChoice: 'tool' }, 'claude-sonnet-4-6', 'anthropic', ESTIMATED), {
    tokens: 589 + 92,
    low: 589 + 84,
    high: 589 + 104,
    assumptions: [
      `1 tool definition: estimated as the 80 tokens of their JSON before the tokenizer factor (no published rule). Source: ${ANTHROPIC_TOOLS}.`,
      `Anthropic's tool-use system prompt of 589 tokens for tool_choice tool, sent with any tool. Source: ${ANTHROPIC_TOOLS}, checked 2026-11-30.`,
    ],
  });
  // No tool_choice is auto: 497 on Sonnet 4.6; two tools, plural.
  assert.deepEqual(billedExtra({ ...json, toolCount: 2 }, 'claude-sonnet-4-6', 'anthropic', ESTIMATED).assumptions, [
    `2 tool definitions: estimated as the 80 tokens of their JSON before the tokenizer factor (no published rule). Source: ${ANTHROPIC_TOOLS}.`,
    `Anthropic's tool-use system prompt of 497 tokens for tool_choice auto, sent with any tool. Source: ${ANTHROPIC_TOOLS}, checked 2026-11-30.`,
  ]);
  // A Claude model the table does not list: nothing added, and said.
  assert.deepEqual(billedExtra(json, 'claude-sonnet-5-5', 'anthropic', ESTIMATED), {
    tokens: 92,
    low: 84,
    high: 104,
    assumptions: [
      `1 tool definition: estimated as the 80 tokens of their JSON before the tokenizer factor (no published rule). Source: ${ANTHROPIC_TOOLS}.`,
      `Anthropic publishes no tool-use system prompt size for this model: none added. Source: ${ANTHROPIC_TOOLS}.`,
    ],
  });
  // Gemini: the JSON estimate, Google's page as the source, no system prompt.
  assert.deepEqual(billedExtra(json, 'gemini-2.5-flash', 'google', ESTIMATED).assumptions, [
    `1 tool definition: estimated as the 80 tokens of their JSON before the tokenizer factor (no published rule). Source: ${GEMINI_TOOLS}.`,
  ]);
  // A model of another provider (Mistral): no provider page to cite.
  assert.deepEqual(billedExtra(json, 'mistral-large-latest', null, ESTIMATED).assumptions, [
    '1 tool definition: estimated as the 80 tokens of their JSON before the tokenizer factor (no published rule). Source: none (no rule is published for this model).',
  ]);
});

test('tools defined elsewhere: 100 tokens each, assumed and said; on Claude they bring the tool-use system prompt', () => {
  const one = { ...nothing, toolsDefinedElsewhere: ['lookupOrder'] };
  // No tool in the file, one named: 100 x 1.15 = 115 (low 105, high 130) + Sonnet 4.6's 497 for auto.
  assert.deepEqual(billedExtra(one, 'claude-sonnet-4-6', 'anthropic', ESTIMATED), {
    tokens: 497 + 115,
    low: 497 + 105,
    high: 497 + 130,
    assumptions: [
      `1 tool named but defined elsewhere (\`lookupOrder\`): their definitions are sent with each request but are not in the file; assumed 100 tokens each. Source: ${ELSEWHERE}.`,
      `Anthropic's tool-use system prompt of 497 tokens for tool_choice auto, sent with any tool. Source: ${ANTHROPIC_TOOLS}, checked 2026-11-30.`,
    ],
  });
  assert.deepEqual(billedExtra({ ...nothing, toolsDefinedElsewhere: ['lookupOrder', 'refund'] }, 'gpt-4o', 'openai', EXACT), {
    tokens: 200,
    low: 200,
    high: 200,
    assumptions: [
      `2 tools named but defined elsewhere (\`lookupOrder\`, \`refund\`): their definitions are sent with each request but are not in the file; assumed 100 tokens each. Source: ${ELSEWHERE}.`,
    ],
  });
});

test('a structured-output schema: its tokens plus 10%, an estimate', () => {
  // 40 x 1.1 = 44; on an estimated tokenizer 44 x 1.15 = 50.6 -> 51 (low 46.2 -> 46, high 57.2 -> 57).
  const schema = { ...nothing, responseSchemaTokens: { o200k_base: 40 } };
  const sentence = `A structured-output schema of 40 tokens, plus 10% for its instructions: an estimate (no provider publishes the count). Source: ${SCHEMA}.`;
  assert.deepEqual(billedExtra(schema, 'gpt-4o', 'openai', EXACT), { tokens: 44, low: 44, high: 44, assumptions: [sentence] });
  assert.deepEqual(billedExtra(schema, 'claude-sonnet-4-6', 'anthropic', ESTIMATED), { tokens: 51, low: 46, high: 57, assumptions: [sentence] });
});

test('image sentences: each figure, the rule, how many sizes were assumed; many images as the first eight and the total', () => {
  // gpt-4o, 640x480 high: shortest side 480 <= 768, 2 x 1 tiles: 85 + 2 x 170 = 425; unknown size, 1024x1024: 765.
  assert.deepEqual(billedExtra({ ...nothing, images: [image(640, 480), image(null, null)] }, 'gpt-4o', 'openai', EXACT), {
    tokens: 425 + 765,
    low: 425 + 765,
    high: 425 + 765,
    assumptions: [
      `2 images: 425 + 765 tokens (85 + 170 per 512 px tile, ${OPENAI_IMAGES}); 1 of unknown size, assumed 1024x1024 px (only inline images tell their size).`,
    ],
  });
  // Image tokens are a published rule: not scaled by the tokenizer factor. 200x200 on Claude: 8 x 8 = 64.
  assert.deepEqual(billedExtra({ ...nothing, images: [image(200, 200)] }, 'claude-sonnet-4-5', 'anthropic', ESTIMATED), {
    tokens: 64,
    low: 64,
    high: 64,
    assumptions: [`1 image: 64 tokens (${ANTHROPIC_IMAGES}).`],
  });
  // Eight low-detail images are listed; a ninth turns the list into the first eight and the total, 9 x 85 = 765.
  const low = (n: number) => ({ ...nothing, images: Array.from({ length: n }, () => image(1024, 1024, 'low')) });
  assert.deepEqual(billedExtra(low(8), 'gpt-4o', 'openai', EXACT).assumptions, [
    `8 images: 85 + 85 + 85 + 85 + 85 + 85 + 85 + 85 tokens (85 + 170 per 512 px tile, ${OPENAI_IMAGES}).`,
  ]);
  assert.deepEqual(billedExtra(low(9), 'gpt-4o', 'openai', EXACT), {
    tokens: 765,
    low: 765,
    high: 765,
    assumptions: [`9 images: 85 + 85 + 85 + 85 + 85 + 85 + 85 + 85 + … = 765 tokens (85 + 170 per 512 px tile, ${OPENAI_IMAGES}).`],
  });
});

test('OpenAI image rules as the user reads them: tiles, the estimate label, 32 px patches', () => {
  assert.deepEqual(imageTokensFor(image(1024, 1024, 'low'), 'gpt-4o', 'openai'), { tokens: 85, rule: `85 + 170 per 512 px tile, ${OPENAI_IMAGES}` });
  // o1: 75 + 4 x 150 = 675 for 1024x1024 (768x768, 2 x 2 tiles).
  assert.deepEqual(imageTokensFor(image(1024, 1024), 'o1', 'openai'), { tokens: 675, rule: `75 + 150 per 512 px tile, ${OPENAI_IMAGES}` });
  // gpt-3.5-turbo has no published figure: gpt-4o's, labelled.
  assert.deepEqual(imageTokensFor(image(1024, 1024), 'gpt-3.5-turbo', 'openai'), {
    tokens: 765,
    rule: `85 + 170 per 512 px tile (no published figure for this model: gpt-4o figures, an estimate), ${OPENAI_IMAGES}`,
  });
  // GPT-5.6 low detail: fit in 512 px, no budget. 1024x768 -> 512x384 = 16 x 12 = 192 patches x 1.2 = 230.4 -> 231.
  assert.deepEqual(imageTokensFor(image(1024, 768, 'low'), 'gpt-5.6', 'openai'), { tokens: 231, rule: `32 px patches x 1.2, ${OPENAI_IMAGES}` });
});

test('OpenAI tiles: fit in 2048 px first, then the shortest side to 768, landscape and portrait', () => {
  // 4096x1024: fit 2048/4096 = 0.5 -> 2048x512; shortest 512 <= 768 stays: 4 x 1 tiles: 85 + 4 x 170 = 765.
  assert.equal(tileTokens(4096, 1024, 'high', 85, 170), 765);
  // 2000x1000: within 2048; shortest 1000 -> 768 (x 0.768): 1536x768: 3 x 2 tiles: 85 + 6 x 170 = 1105. Portrait alike.
  assert.equal(tileTokens(2000, 1000, 'high', 85, 170), 1105);
  assert.equal(tileTokens(1000, 2000, 'high', 85, 170), 1105);
  // 700x600: shortest 600 <= 768, not scaled up: 2 x 2 tiles: 85 + 680 = 765; 'auto' is priced as high.
  assert.equal(tileTokens(700, 600, 'auto', 85, 170), 765);
});

test("OpenAI patches: fit the box, the patch budget, and the guide's worked example (1800x2400 -> 1452 patches)", () => {
  // 1024x768 in a 512 px box, no budget: 512x384 = 16 x 12 = 192 patches x 1.2 = 230.4 -> 231.
  assert.equal(patchTokens(1024, 768, 512, null, 1.2), 231);
  assert.equal(patchTokens(768, 1024, 512, null, 1.2), 231);
  // 1590x1600: ceil(1590/32) = 50 x 50 = 2,500 patches, exactly the budget: not shrunk. 2500 x 1.2 = 3000.
  assert.equal(patchTokens(1590, 1600, 2048, 2500, 1.2), 3000);
  // The guide's example for gpt-4.1-mini (then a 1,536-patch budget): 1800x2400 is 57 x 75 = 4,275 patches;
  // shrink = sqrt(32^2 x 1536 / (1800 x 2400)) = 0.6034; 1086.1 / 32 = 33.94 -> 33, 1448.2 / 32 = 45.25 -> 45;
  // adjusted = 0.6034 x min(33/33.94, 45/45.25) = 0.5867 -> 1056x1408 = 33 x 44 = 1,452 patches; x 1.62 = 2352.24 -> 2353.
  assert.equal(patchTokens(1800, 2400, 6000, 1536, 1.62), 2353);
  assert.equal(patchTokens(2400, 1800, 6000, 1536, 1.62), 2353);
  // In a 2048 px box it is first fit to 1536x2048; shrink = sqrt(1024 x 1536 / (1536 x 2048)) = 0.7071,
  // adjusted 0.7071 x min(33/33.94, 45/45.25) -> the same 1056x1408.
  assert.equal(patchTokens(1800, 2400, 2048, 1536, 1.62), 2353);
});

test('Anthropic images: each edge and the token cap, portrait and landscape', () => {
  // 1600x28 (standard caps, 1568 px): 58 x 28 = 1624 > 1568, resized to 1568x27 (28 x 1568/1600 = 27.44 -> 27): 56 x 1 = 56.
  assert.equal(anthropicImageTokens(1600, 28, 'claude-sonnet-4-5'), 56);
  assert.equal(anthropicImageTokens(28, 1600, 'claude-sonnet-4-5'), 56);
  // 28x1568 fits exactly (56 x 28 = 1568): 1 x 56 = 56 tokens, as is.
  assert.equal(anthropicImageTokens(28, 1568, 'claude-sonnet-4-5'), 56);
  assert.equal(anthropicImageTokens(1568, 28, 'claude-sonnet-4-5'), 56);
});

test('Anthropic images: the resized short edge is rounded half to even (the long edge to 1568 px)', () => {
  // 3136 px long -> 1568 (56 patches); short 281 -> 140.5 -> 140 (even): 5 patches: 56 x 5 = 280.
  assert.equal(anthropicImageTokens(3136, 281, 'claude-sonnet-4-5'), 280);
  assert.equal(anthropicImageTokens(281, 3136, 'claude-sonnet-4-5'), 280);
  // Short 283 -> 141.5 -> 142 (even): 6 patches: 336.
  assert.equal(anthropicImageTokens(3136, 283, 'claude-sonnet-4-5'), 336);
  // 4704 px long -> 1568 (a third): short 421 -> 140.33 -> 140: 280; short 422 -> 140.67 -> 141: 6 patches: 336.
  assert.equal(anthropicImageTokens(4704, 421, 'claude-sonnet-4-5'), 280);
  assert.equal(anthropicImageTokens(4704, 422, 'claude-sonnet-4-5'), 336);
});

test('Gemini images: small only when both sides are <= 384 px; tiles of min side / 1.5 clamped to 256-768 (estimate)', () => {
  const gemini = (width: number, height: number) => imageTokensFor(image(width, height, 'auto'), 'gemini-2.5-flash', 'google');
  assert.deepEqual(gemini(384, 384), { tokens: 258, rule: GEMINI_IMAGES });
  // 1000x300: 300 / 1.5 = 200 -> 256 px tiles: 4 x 2 = 8 tiles x 258 = 2064; 300x1000 and 384x1000 alike.
  assert.deepEqual(gemini(1000, 300), { tokens: 2064, rule: `an estimate: ${GEMINI_IMAGES}` });
  assert.equal(gemini(300, 1000).tokens, 2064);
  assert.equal(gemini(384, 1000).tokens, 2064);
  // 600x600: 400 px tiles, 2 x 2 = 4 x 258 = 1032; 600x1200: 2 x 3 = 6 x 258 = 1548.
  assert.equal(gemini(600, 600).tokens, 1032);
  assert.equal(gemini(600, 1200).tokens, 1548);
  // 3000x3000: 2000 -> 768 px tiles: 4 x 4 = 16 x 258 = 4128.
  assert.equal(gemini(3000, 3000).tokens, 4128);
  assert.deepEqual(imageTokensFor(image(200, 200), 'gemini-3-pro-preview', 'google'), {
    tokens: 1120,
    rule: `Gemini 3 media_resolution high (the default), ${GEMINI_IMAGES}`,
  });
});

// The request as billed: tool definitions, tool_choice, structured-output schemas and images, each
// against a figure worked out by hand from the provider's published rule (pricing/request-parts.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import { parsePromptFile, profileRequests } from '../src/core';
import { loadCounter as loadTokenCounter } from '../src/node/counters';
import { priceBookOf } from '../src/core/pricing';
import { DEFAULT_SCENARIO, planRequest, type KnownModelPlan } from '../src/core/cost';
import { anthropicImageTokens, imageTokensFor, openAiToolTokens, patchTokens, tileTokens } from '../src/core/cost/requestParts';
import { imageSizeOfBase64 } from '../src/core/formats/billedParts';
import { AT, catalog } from './support/pricing';
import { WEATHER_TOOL } from './support/weatherTool';

const o200k = get_encoding('o200k_base');
const count = (text: string) => o200k.encode_ordinary(text).length;

// The OpenAI cookbook's example ("How to count tokens with tiktoken", §7): 101 prompt tokens on gpt-4o, as the API reports.
const SYSTEM = 'You are a helpful assistant that can answer to questions about the weather.';
const USER = "What's the weather like in San Francisco?";
const weatherRequest = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: USER },
    ],
    tools: [WEATHER_TOOL],
    ...extra,
  });

async function planned(text: string, model: string, path = 'prompts/weather.json'): Promise<KnownModelPlan> {
  const file = (await parsePromptFile(path, text))!;
  const counters = { o200k_base: await loadTokenCounter('o200k_base') };
  const [profile] = profileRequests(file, counters);
  const plan = planRequest(profile!, model, { ...DEFAULT_SCENARIO, outputTokens: 10 }, { prices: priceBookOf(await catalog()), at: AT });
  assert.ok(plan.known);
  return plan;
}

test("OpenAI tools by the cookbook's rule: the weather example is 68 + 33 = 101 prompt tokens on gpt-4o", async () => {
  // By hand: func_init 7 + "get_current_weather:Get the current weather in a given location" + prop_init 3
  // + (prop_key 3 + "location:string:The city and state, e.g. San Francisco, CA")
  // + (prop_key 3 + enum_init -3 + 2 x enum_item 3 + "celsius" + "fahrenheit" + "unit:string:The unit of temperature to return") + func_end 12.
  const tools =
    7 +
    count('get_current_weather:Get the current weather in a given location') +
    3 +
    (3 + count('location:string:The city and state, e.g. San Francisco, CA')) +
    (3 - 3 + 3 + count('celsius') + 3 + count('fahrenheit') + count('unit:string:The unit of temperature to return')) +
    12;
  assert.equal(tools, 68);
  assert.equal(
    openAiToolTokens(
      [{ name: WEATHER_TOOL.function.name, description: WEATHER_TOOL.function.description, parameters: WEATHER_TOOL.function.parameters }],
      count,
    ),
    68,
  );
  const messages = count(SYSTEM) + count('system') + count(USER) + count('user') + 3 * 2 + 3;
  assert.equal(messages, 33);
  const plan = await planned(weatherRequest(), 'gpt-4o');
  assert.equal(plan.inputTokens, 101);
  assert.equal(plan.tokensExact, true);
  assert.ok(plan.assumptions.some((a) => /1 tool definition: 68 tokens by OpenAI's cookbook rule/.test(a)));
  // Tools precede the messages: they are part of the cacheable static prefix.
  assert.equal(plan.caching.staticPrefixTokens, 68 + count(SYSTEM) + count('system') + 3);
});

test('Anthropic tools: their JSON (estimated) plus the tool-use system prompt, 497 for auto and 589 for any on Sonnet 4.6', async () => {
  const toolJson = count(
    JSON.stringify([{ name: WEATHER_TOOL.function.name, description: WEATHER_TOOL.function.description, parameters: WEATHER_TOOL.function.parameters }]),
  );
  const messages = count(SYSTEM) + count('system') + count(USER) + count('user') + 3 * 2 + 3;
  const auto = await planned(weatherRequest({ model: 'claude-sonnet-4-6' }), 'claude-sonnet-4-6');
  // Claude tokens are o200k x 1.15 (pricing/tokenizers.json); the published overhead is added as is.
  assert.equal(auto.inputTokens, Math.round(messages * 1.15) + Math.round(toolJson * 1.15) + 497);
  const any = await planned(weatherRequest({ model: 'claude-sonnet-4-6', tool_choice: { type: 'any' } }), 'claude-sonnet-4-6');
  assert.equal(any.inputTokens - auto.inputTokens, 589 - 497);
  const required = await planned(weatherRequest({ tool_choice: 'required' }), 'claude-opus-4-7');
  assert.ok(required.assumptions.some((a) => /tool-use system prompt of 804 tokens for tool_choice any/.test(a)));
});

test('a structured-output schema is counted as an estimate: its JSON tokens plus 10%', async () => {
  const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
  const plain = await planned(JSON.stringify({ messages: [{ role: 'user', content: USER }] }), 'gpt-4o');
  const withSchema = await planned(
    JSON.stringify({ messages: [{ role: 'user', content: USER }], response_format: { type: 'json_schema', json_schema: { name: 'c', schema } } }),
    'gpt-4o',
  );
  assert.equal(withSchema.inputTokens - plain.inputTokens, Math.round(count(JSON.stringify(schema)) * 1.1));
  assert.ok(withSchema.assumptions.some((a) => /structured-output schema .* an estimate/.test(a)));
});

test('OpenAI image tokens: tiles (gpt-4o low 85, 1024x1024 765, 2048x4096 1105) and patches (gpt-5.4 1229 and 3000, gpt-4.1-mini 1659)', () => {
  assert.equal(tileTokens(4000, 3000, 'low', 85, 170), 85);
  // 1024x1024: shortest side 1024 > 768, down to 768x768: 2 x 2 tiles: 85 + 4 x 170.
  assert.equal(tileTokens(1024, 1024, 'high', 85, 170), 85 + 4 * 170);
  // 2048x4096: fit 2048 -> 1024x2048, shortest to 768 -> 768x1536: 2 x 3 tiles: 85 + 6 x 170.
  assert.equal(tileTokens(2048, 4096, 'high', 85, 170), 1105);
  assert.equal(tileTokens(1024, 1024, 'high', 70, 140), 630);
  // Patches: 1024x1024 = 32 x 32 = 1024 patches; x1.2 = 1228.8 -> 1229. 2048x2048 over the 2,500 budget -> 1600x1600 = 2,500 patches -> 3000.
  assert.equal(patchTokens(1024, 1024, 2048, 2500, 1.2), 1229);
  assert.equal(patchTokens(2048, 2048, 2048, 2500, 1.2), 3000);
  assert.equal(patchTokens(1024, 1024, 2048, 6144, 1.62), 1659);
  const image = (width: number, height: number, detail: 'low' | 'high' | 'auto' = 'high') => ({ detail, width, height, offset: 0 });
  assert.equal(imageTokensFor(image(1024, 1024, 'low'), 'gpt-4o', 'openai').tokens, 85);
  assert.equal(imageTokensFor(image(1024, 1024), 'gpt-4o', 'openai').tokens, 765);
  assert.equal(imageTokensFor(image(1024, 1024), 'gpt-5.4', 'openai').tokens, 1229);
  assert.equal(imageTokensFor(image(1024, 1024), 'gpt-4.1-mini', 'openai').tokens, 1659);
  assert.equal(imageTokensFor(image(1024, 1024), 'gpt-4o-mini', 'openai').tokens, 2833 + 4 * 5667);
});

test('Anthropic image tokens: ceil(w/28) x ceil(h/28), downscaled to 1568 px / 1568 tokens, or 2576 px / 4784 on Claude 4.7+', () => {
  assert.equal(anthropicImageTokens(200, 200, 'claude-sonnet-4-5'), 8 * 8);
  assert.equal(anthropicImageTokens(1000, 1000, 'claude-sonnet-4-5'), 36 * 36);
  assert.equal(anthropicImageTokens(1092, 1092, 'claude-sonnet-4-5'), 39 * 39);
  // 1920x1080 standard: resized to 1456x819 = 52 x 30 = 1560; high-resolution (Opus 4.7) fits as is: 69 x 39 = 2691.
  assert.equal(anthropicImageTokens(1920, 1080, 'claude-sonnet-4-6'), 1560);
  assert.equal(anthropicImageTokens(1920, 1080, 'claude-opus-4-7'), 2691);
  // 3840x2160 high-resolution: 2576x1449 = 92 x 52 = 4784.
  assert.equal(anthropicImageTokens(3840, 2160, 'claude-opus-4-7'), 4784);
  assert.equal(anthropicImageTokens(2000, 1500, 'claude-sonnet-4-5'), 1564);
  // A4 at 130 dpi, 1075x1520: 39 x 55 = 2145 fits high-resolution; standard resizes to 924x1307 = 33 x 47 = 1551.
  assert.equal(anthropicImageTokens(1075, 1520, 'claude-opus-4-7'), 2145);
  assert.equal(anthropicImageTokens(1075, 1520, 'claude-sonnet-4-5'), 1551);
});

test('Gemini image tokens: 258 up to 384 px, 258 per tile above (estimate), 1120 on Gemini 3 by default', () => {
  const image = (width: number, height: number) => ({ detail: 'auto' as const, width, height, offset: 0 });
  assert.equal(imageTokensFor(image(384, 300), 'gemini-2.5-flash', 'google').tokens, 258);
  // 1024x1024: tile = 1024 / 1.5 = 682.7 px: 2 x 2 tiles x 258.
  assert.equal(imageTokensFor(image(1024, 1024), 'gemini-2.5-flash', 'google').tokens, 1032);
  assert.equal(imageTokensFor(image(1024, 1024), 'gemini-3-flash-preview', 'google').tokens, 1120);
});

// A 1-pixel-high PNG header claiming 1024 x 1024: enough for the size reader (no pixels needed).
function pngHeader(width: number, height: number): string {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return Buffer.from(bytes).toString('base64');
}

test('an image in a chat file is priced: its size read from an inline PNG, or assumed (and said) when it is a URL', async () => {
  assert.deepEqual(imageSizeOfBase64(pngHeader(640, 480)), { width: 640, height: 480 });
  const chat = (url: string, detail: string) =>
    JSON.stringify({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: USER },
            { type: 'image_url', image_url: { url, detail } },
          ],
        },
      ],
    });
  const text = count(USER) + count('user') + 3 + 3;
  // 640x480 at high detail on gpt-4o: shortest side 480 <= 768, 2 x 1 tiles: 85 + 2 x 170 = 425.
  const inline = await planned(chat(`data:image/png;base64,${pngHeader(640, 480)}`, 'high'), 'gpt-4o');
  assert.equal(inline.inputTokens, text + 425);
  const low = await planned(chat('https://example.com/cat.png', 'low'), 'gpt-4o');
  assert.equal(low.inputTokens, text + 85);
  const unknown = await planned(chat('https://example.com/cat.png', 'high'), 'gpt-4o');
  assert.equal(unknown.inputTokens, text + 765);
  assert.ok(unknown.assumptions.some((a) => /1 image: 765 tokens .* assumed 1024x1024 px/.test(a)));
  // The same request on Claude: 1024x1024 assumed = 37 x 37 = 1369 visual tokens.
  const claude = await planned(chat('https://example.com/cat.png', 'high'), 'claude-sonnet-4-5');
  assert.equal(claude.inputTokens, Math.round(text * 1.15) + 1369);
});

test('a Batch API line with tools is priced with them', async () => {
  const line = JSON.stringify({
    custom_id: 'w1',
    method: 'POST',
    url: '/v1/chat/completions',
    body: JSON.parse(weatherRequest()) as unknown,
  });
  const plan = await planned(line + '\n', 'gpt-4o', 'batch/weather.jsonl');
  assert.equal(plan.inputTokens, 101);
});

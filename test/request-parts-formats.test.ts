// The request as billed, read from every format that can declare it: promptfoo provider tools and
// chat images, Dotprompt tools, output schemas and {{media}}, Prompty tools and markdown images, and
// tools resent on every turn of a conversation. Each expected figure is worked out by hand from the
// provider's rule (pricing/request-parts.json) and the reference tokenizer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import { parsePromptFile, profileRequests, type FileReader } from '../src/core';
import { loadCounter } from '../src/node/counters';
import { priceBookOf } from '../src/core/pricing';
import { DEFAULT_SCENARIO, planRequest, type KnownModelPlan, type Scenario } from '../src/core/cost';
import { AT, catalog, close } from './support/pricing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlannerData } from '../src/node/plannerData';
import { validateToWebview } from '../src/core/planner/protocol';
import { evaluate, preparePlanner } from '../src/core/planner/evaluate';
import { initialState, plannerReducer } from '../src/core/planner/state';
import { formatUsd } from '../src/core/report/money';
import { markdownImages, withoutMarkdownImages } from '../src/core/formats/prompty';
import { WEATHER_TOOL } from './support/weatherTool';

const o200k = get_encoding('o200k_base');
const count = (text: string) => o200k.encode_ordinary(text).length;

// The OpenAI cookbook's weather tool: 68 tokens by its rule on gpt-4o (test/request-parts.test.ts works it out).
const WEATHER_TOOLS = [WEATHER_TOOL];
const TOOLS_TOKENS = 68;
const USER = "What's the weather like in San Francisco?";
/** One user message: the question and a low-detail image (85 tokens on gpt-4o). */
const SKY_MESSAGES = [
  {
    role: 'user',
    content: [
      { type: 'text', text: USER },
      { type: 'image_url', image_url: { url: 'https://example.com/sky.png', detail: 'low' } },
    ],
  },
];
/** One user message: its text, 3 tokens of framing, its role, and 3 to prime the reply. */
const oneUserMessage = (text: string) => count(text) + 3 + count('user') + 3;

function readerOf(files: Record<string, string>): FileReader {
  return { readText: (path) => Promise.resolve(Object.hasOwn(files, path) ? files[path] : undefined) };
}

async function plans(
  path: string,
  text: string,
  model: string,
  files: Record<string, string> = {},
  scenario: Partial<Scenario> = {},
): Promise<KnownModelPlan[]> {
  const file = await parsePromptFile(path, text, { reader: readerOf(files) });
  assert.ok(file, `${path} is a prompt file`);
  const counters = { o200k_base: await loadCounter('o200k_base') };
  const prices = priceBookOf(await catalog());
  return profileRequests(file, counters).map((profile) => {
    const plan = planRequest(profile, model, { ...DEFAULT_SCENARIO, outputTokens: 10, ...scenario }, { prices, at: AT });
    assert.ok(plan.known, model);
    return plan;
  });
}

async function planned(
  path: string,
  text: string,
  model: string,
  files: Record<string, string> = {},
  scenario: Partial<Scenario> = {},
): Promise<KnownModelPlan> {
  const [plan] = await plans(path, text, model, files, scenario);
  assert.ok(plan);
  return plan;
}

/** A PNG header claiming `width` x `height`: all the size reader needs. */
function pngDataUrl(width: number, height: number): string {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;
}

// --- promptfoo ------------------------------------------------------------------------------

test('promptfoo: provider tools from a file:// JSON file, inline, or YAML are billed with every prompt (68 tokens on gpt-4o)', async () => {
  const config = (tools: string) => `prompts:\n  - "${USER}"\n  - "Is it raining in Paris?"\nproviders:\n  - id: openai:gpt-4o\n    config:\n${tools}\n`;
  const fromJson = await plans('evals/promptfooconfig.yaml', config('      tools: file://tools.json'), 'gpt-4o', {
    'evals/tools.json': JSON.stringify(WEATHER_TOOLS),
  });
  assert.deepEqual(
    fromJson.map((plan) => plan.inputTokens),
    [oneUserMessage(USER) + TOOLS_TOKENS, oneUserMessage('Is it raining in Paris?') + TOOLS_TOKENS],
  );
  assert.ok(fromJson[0]!.assumptions.some((a) => /^1 tool definition: 68 tokens by OpenAI's cookbook rule.*Source: OpenAI cookbook/.test(a)));

  const inline = await planned('promptfooconfig.yaml', config(`      tools: ${JSON.stringify(WEATHER_TOOLS)}`), 'gpt-4o');
  assert.equal(inline.inputTokens, oneUserMessage(USER) + TOOLS_TOKENS);

  const yamlTools = [
    '- type: function',
    '  function:',
    '    name: get_current_weather',
    '    description: Get the current weather in a given location',
    '    parameters:',
    '      type: object',
    '      properties:',
    '        location: {type: string, description: "The city and state, e.g. San Francisco, CA"}',
    '        unit: {type: string, description: The unit of temperature to return, enum: [celsius, fahrenheit]}',
  ].join('\n');
  const fromYaml = await planned('promptfooconfig.yaml', config('      tools: file://tools.yaml'), 'gpt-4o', { 'tools.yaml': yamlTools });
  assert.equal(fromYaml.inputTokens, oneUserMessage(USER) + TOOLS_TOKENS);
});

test('promptfoo: Anthropic tools with tool_choice any on Sonnet 4.6: their JSON x 1.15 plus the 589-token tool-use prompt; a missing tools file is an error', async () => {
  const tool = {
    name: 'get_current_weather',
    description: 'Get the current weather in a given location',
    input_schema: { type: 'object', properties: { location: { type: 'string' } } },
  };
  const text = `prompts:\n  - "${USER}"\nproviders:\n  - id: anthropic:messages:claude-sonnet-4-6\n    config:\n      tool_choice: {type: any}\n      tools: ${JSON.stringify([tool])}\n`;
  const plan = await planned('promptfooconfig.yaml', text, 'claude-sonnet-4-6');
  const toolJson = count(JSON.stringify([{ name: tool.name, description: tool.description, parameters: tool.input_schema }]));
  assert.equal(plan.inputTokens, Math.round(oneUserMessage(USER) * 1.15) + Math.round(toolJson * 1.15) + 589);
  assert.ok(plan.assumptions.some((a) => /tool-use system prompt of 589 tokens for tool_choice any/.test(a)));

  const missing = await parsePromptFile('promptfooconfig.yaml', text.replace(/tools: .*/, 'tools: file://nowhere.json'), { reader: readerOf({}) });
  assert.ok(missing?.diagnostics.some((d) => d.code === 'missing-reference' && /nowhere\.json/.test(d.message)));
});

test('promptfoo: images in a chat prompt at low and high detail (85 and 765 on gpt-4o), their JSON not counted as text', async () => {
  const chat = (detail: string, url: string) =>
    JSON.stringify([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe this chart.' },
          { type: 'image_url', image_url: { url, detail } },
        ],
      },
    ]);
  const config = (prompt: string) => `prompts:\n  - '${prompt}'\nproviders:\n  - openai:gpt-4o\n`;
  const text = oneUserMessage('Describe this chart.');
  assert.equal((await planned('promptfooconfig.yaml', config(chat('low', 'https://example.com/chart.png')), 'gpt-4o')).inputTokens, text + 85);
  const high = await planned('promptfooconfig.yaml', config(chat('high', 'https://example.com/chart.png')), 'gpt-4o');
  // 1024 x 1024 assumed: shortest side to 768, 2 x 2 tiles: 85 + 4 x 170.
  assert.equal(high.inputTokens, text + 765);
  assert.ok(high.assumptions.some((a) => /1 image: 765 tokens .* assumed 1024x1024 px/.test(a)));
  // An inline 640 x 480 PNG: 2 x 1 tiles, 85 + 2 x 170 = 425.
  assert.equal((await planned('promptfooconfig.yaml', config(chat('high', pngDataUrl(640, 480))), 'gpt-4o')).inputTokens, text + 425);
  // The same chat kept in a file:// JSON prompt.
  const referenced = await planned('promptfooconfig.yaml', 'prompts:\n  - file://chat.json\nproviders:\n  - openai:gpt-4o\n', 'gpt-4o', {
    'chat.json': chat('low', 'https://example.com/chart.png'),
  });
  assert.equal(referenced.inputTokens, text + 85);
});

test('promptfoo: a response_format JSON schema in the provider config is its JSON plus 10%', async () => {
  const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
  const format = { type: 'json_schema', json_schema: { name: 'city', schema } };
  const plan = await planned(
    'promptfooconfig.yaml',
    `prompts:\n  - "${USER}"\nproviders:\n  - id: openai:gpt-4o\n    config:\n      response_format: file://format.json\n`,
    'gpt-4o',
    {
      'format.json': JSON.stringify(format),
    },
  );
  assert.equal(plan.inputTokens, oneUserMessage(USER) + Math.round(count(JSON.stringify(schema)) * 1.1));
  assert.ok(plan.assumptions.some((a) => /structured-output schema .* Source: OpenAI prompt caching guide/.test(a)));
});

// --- Dotprompt ------------------------------------------------------------------------------

const DOTPROMPT = (frontmatter: string, body: string) => `---\nmodel: openai/gpt-4o\n${frontmatter}---\n${body}`;

test('Dotprompt: a {{media}} image of unknown size is assumed 1024x1024 on each provider; a data: URL default tells its size', async () => {
  const text = DOTPROMPT('input:\n  schema:\n    photoUrl: string\n', '{{role "user"}}\nWhat is in this photo?\n{{media url=photoUrl}}\n');
  // The message as sent: the role and media helpers render to nothing, the text between them is sent, and the image is a part of its own.
  const words = count('\nWhat is in this photo?\n');
  const gpt = await planned('photo.prompt', text, 'gpt-4o');
  // gpt-4o, detail auto = high: 1024 x 1024 -> 768 x 768, 4 tiles: 765.
  assert.equal(gpt.inputTokens, words + 3 + count('user') + 3 + 765);
  assert.ok(gpt.assumptions.some((a) => /1 image: 765 tokens .* assumed 1024x1024 px/.test(a)));
  // Claude Sonnet 4.5: ceil(1024/28)^2 = 37 x 37 = 1369; Gemini 2.5 Flash: tiles of 1024/1.5 px, 2 x 2 x 258 = 1032.
  const claude = await planned('photo.prompt', text, 'claude-sonnet-4-5');
  assert.equal(claude.inputTokens, Math.round((words + 3 + count('user') + 3) * 1.15) + 1369);
  const gemini = await planned('photo.prompt', text, 'gemini-2.5-flash');
  assert.equal(gemini.inputTokens, Math.round((words + 3 + count('user') + 3) * 1.08) + 1032);

  const inline = DOTPROMPT(
    `input:\n  default:\n    photoUrl: "${pngDataUrl(640, 480)}"\n`,
    '{{role "user"}}\nWhat is in this photo?\n{{media url=photoUrl}}\n',
  );
  const sized = await planned('photo.prompt', inline, 'gpt-4o');
  // 640 x 480 at high detail: 2 x 1 tiles, 425; nothing assumed about its size.
  assert.equal(sized.inputTokens, words + 3 + count('user') + 3 + 425);
  assert.ok(!sized.assumptions.some((a) => /assumed 1024x1024/.test(a)));
});

test('Dotprompt: tools named but defined in code are assumed 100 tokens each, shown and never 0; Claude adds its tool-use prompt', async () => {
  const text = DOTPROMPT('tools: [lookupOrder, issueRefund]\n', 'Help the customer with their order.\n');
  const body = oneUserMessage('Help the customer with their order.');
  const gpt = await planned('support.prompt', text, 'gpt-4o');
  assert.equal(gpt.inputTokens, body + 2 * 100);
  assert.ok(gpt.assumptions.some((a) => /^2 tools named but defined elsewhere \(`lookupOrder`, `issueRefund`\).*assumed 100 tokens each/.test(a)));
  // Claude Sonnet 4.5: the assumed 200 tokens take the Claude factor (x1.15 = 230), plus the 496-token tool-use prompt (auto).
  const claude = await planned('support.prompt', text, 'claude-sonnet-4-5');
  assert.equal(claude.inputTokens, Math.round(body * 1.15) + 230 + 496);
});

test('Dotprompt: an output schema in Picoschema is billed as the JSON Schema it expands to, plus 10%', async () => {
  const text = DOTPROMPT('output:\n  format: json\n  schema:\n    answer: string, the answer\n    sources?(array): string\n', 'Answer briefly.\n');
  // By Picoschema's rules: `answer` a required string with its description; `sources?` an optional (nullable) list of strings.
  const schema = {
    type: 'object',
    properties: { answer: { type: 'string', description: 'the answer' }, sources: { type: ['array', 'null'], items: { type: 'string' } } },
    required: ['answer'],
    additionalProperties: false,
  };
  const plan = await planned('answer.prompt', text, 'gpt-4o');
  assert.equal(plan.inputTokens, oneUserMessage('Answer briefly.') + Math.round(count(JSON.stringify(schema)) * 1.1));
});

// --- Prompty --------------------------------------------------------------------------------

const PROMPTY = (parameters: string, body: string) =>
  `---\nname: Weather\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\n  parameters:\n    max_tokens: 10\n${parameters}---\n${body}`;

test('Prompty: model.parameters.tools from ${file:functions.json} or inline is billed (68 tokens on gpt-4o)', async () => {
  const body = `user:\n${USER}\n`;
  const fromFile = await planned('agents/weather.prompty', PROMPTY('    tools: ${file:functions.json}\n', body), 'gpt-4o', {
    'agents/functions.json': JSON.stringify(WEATHER_TOOLS),
  });
  assert.equal(fromFile.inputTokens, oneUserMessage(USER) + TOOLS_TOKENS);
  const inline = await planned('weather.prompty', PROMPTY(`    tools: ${JSON.stringify(WEATHER_TOOLS)}\n`, body), 'gpt-4o');
  assert.equal(inline.inputTokens, oneUserMessage(USER) + TOOLS_TOKENS);
  const missing = await parsePromptFile('weather.prompty', PROMPTY('    tools: ${file:functions.json}\n', body), { reader: readerOf({}) });
  assert.ok(missing?.diagnostics.some((d) => d.code === 'missing-reference' && /functions\.json/.test(d.message)));
});

test('Prompty: a markdown image in a message is an image part (765 on gpt-4o at the assumed size), not text', async () => {
  const plan = await planned('look.prompty', PROMPTY('', 'user:\nWhat is in this picture?\n![photo](https://example.com/photo.jpg)\n'), 'gpt-4o');
  assert.equal(plan.inputTokens, count('What is in this picture?\n') + 3 + count('user') + 3 + 765);
});

// --- conversations --------------------------------------------------------------------------

test('with --turns, tools are resent on every turn (and an image of the user message comes with each turn)', async () => {
  const SYSTEM = 'You are a helpful assistant that can answer to questions about the weather.';
  const request = (content: unknown) =>
    JSON.stringify({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content },
      ],
      tools: WEATHER_TOOLS,
    });
  const output = 10;
  const fixed = count(SYSTEM) + 3 + count('system') + TOOLS_TOKENS;
  const user = oneUserMessage(USER);
  const plan = await planned('chat/weather.json', request(USER), 'gpt-4o', {}, { conversationTurns: 3, caching: false });
  assert.ok(plan.conversation);
  // Turn t sends the fixed part, the earlier turns (user + answer each) and its own user message.
  const inputs = [1, 2, 3].map((turn) => fixed + (turn - 1) * (user + output) + user);
  assert.deepEqual(
    plan.conversation.perTurn.map((turn) => turn.inputTokens),
    inputs,
  );
  assert.equal(inputs[0], 101);
  // gpt-4o: $2.50 input, $10 output per million.
  close(
    plan.conversation.costPerConversation,
    inputs.reduce((sum, input) => sum + (input * 2.5 + output * 10) / 1e6, 0),
  );
  assert.ok(plan.assumptions.some((a) => /Each turn resends the request's tools, output schema and images \(68 tokens\)/.test(a)));

  // A low-detail image in the user message: 85 tokens that come with each turn's input.
  const withImage = await planned(
    'chat/weather.json',
    request([
      { type: 'text', text: USER },
      { type: 'image_url', image_url: { url: 'https://example.com/sky.png', detail: 'low' } },
    ]),
    'gpt-4o',
    {},
    { conversationTurns: 3, caching: false },
  );
  assert.deepEqual(
    withImage.conversation?.perTurn.map((turn) => turn.inputTokens),
    [1, 2, 3].map((turn) => fixed + (turn - 1) * (user + 85 + output) + user + 85),
  );
  assert.ok(
    withImage.assumptions.includes(
      "Each turn resends the request's tools, output schema and images (68 tokens), plus 85 tokens for the images of each turn's user message.",
    ),
  );
  // The image alone, without tools: only what each turn adds is said.
  const imageOnly = await planned(
    'chat/sky.json',
    JSON.stringify({ model: 'gpt-4o', messages: SKY_MESSAGES }),
    'gpt-4o',
    {},
    { conversationTurns: 3, caching: false },
  );
  assert.deepEqual(
    imageOnly.assumptions.filter((a) => /each turn/i.test(a) && /tokens/.test(a)),
    ["Each turn adds 85 tokens for the images of each turn's user message."],
  );
});

test('a tool or schema that YAML aliases make refer to itself is not sent (no crash, said for Dotprompt)', async () => {
  const promptfoo = `prompts:\n  - "${USER}"\nproviders:\n  - id: openai:gpt-4o\n    config:\n      tools: &tools\n        - name: loop\n          parameters: *tools\n`;
  assert.equal((await planned('promptfooconfig.yaml', promptfoo, 'gpt-4o')).inputTokens, oneUserMessage(USER));
  const dotprompt = DOTPROMPT('output:\n  schema: &s\n    type: object\n    properties:\n      again: *s\n', 'Answer briefly.\n');
  const file = await parsePromptFile('loop.prompt', dotprompt);
  assert.ok(file?.diagnostics.some((d) => d.code === 'not-counted' && /output schema/.test(d.message)));
  assert.equal((await planned('loop.prompt', dotprompt, 'gpt-4o')).inputTokens, oneUserMessage('Answer briefly.'));
});

test('the planner gets the billed parts through its protocol and prices them as llm-cost plan does (a chat with tools and an image)', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'llm-cost-planner-billed-'));
  try {
    const path = join(folder, 'weather.json');
    const chat = JSON.stringify({ model: 'gpt-4o', messages: SKY_MESSAGES, tools: WEATHER_TOOLS });
    writeFileSync(path, chat);
    const data = await loadPlannerData(path, { target: { kind: 'file', uri: `file://${path}` }, title: 'weather.json', at: AT });
    const checked = validateToWebview(JSON.parse(JSON.stringify({ t: 'init', data, scenario: null })));
    assert.ok(checked.ok, 'the init message validates');
    assert.equal(checked.message.t, 'init');
    const received = checked.message.t === 'init' ? checked.message.data : data;
    assert.equal(received.prompts[0]?.profile.billed?.toolCount, 1);
    const state = plannerReducer(initialState(), {
      type: 'init',
      target: received.target,
      defaultModels: received.defaultModels,
      promptIds: received.prompts.map((prompt) => prompt.id),
      scenario: null,
    });
    const row = evaluate(preparePlanner(received), state).rows.find((candidate) => candidate.model === 'gpt-4o');
    assert.ok(row?.known);
    const plan = await planned('weather.json', chat, 'gpt-4o', {}, { outputTokens: null });
    // 68 tool tokens + the user message + 85 for the low-detail image.
    assert.equal(plan.inputTokens, TOOLS_TOKENS + oneUserMessage(USER) + 85);
    assert.equal(formatUsd(row.costPerRequest), formatUsd(plan.costPerRequest));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('Prompty: only a complete markdown image on one line is an image (as the runtime reads it); a title is allowed', () => {
  assert.deepEqual(markdownImages('See ![chart](https://x.test/c.png "Q3") and ![a](b\n) and ![broken](https://x.test/d.png and text'), [
    { url: 'https://x.test/c.png', offset: 4, end: 39 },
  ]);
  assert.equal(withoutMarkdownImages('Look: ![chart](c.png)!'), 'Look: !');
  assert.deepEqual(markdownImages('![a]('.repeat(1000)), []);
});

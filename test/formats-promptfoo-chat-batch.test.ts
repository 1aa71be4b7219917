// Parsers for promptfoo configs, chat JSON and Batch API JSONL, checked against the fixtures in
// test/fixtures/formats/{promptfoo,chat-json,batch-jsonl}.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileReader, ParsedPromptFile, PromptMessage } from '../src/core/types';
import { parsePromptfooConfig, type ReadFiles } from '../src/core/formats/promptfoo';
import { parseChatJson } from '../src/core/formats/chatJsonFile';
import { parseBatchJsonl } from '../src/core/formats/batchJsonl';
import { parseJsonLocated, member, toValue } from '../src/core/formats/jsonLocate';
import { detectFormat, parsePromptFile } from '../src/core/formats';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'formats');
const fixturesRoot = existingRoot();

// The test is bundled to another folder before running, so find the fixtures from the working
// directory first (the documented command runs from the repository root).
function existingRoot(): string {
  for (const candidate of [join(process.cwd(), 'test', 'fixtures', 'formats'), FIXTURES]) {
    try {
      readFileSync(join(candidate, 'chat-json', 'messages.json'));
      return candidate;
    } catch {
      // try the next one
    }
  }
  return FIXTURES;
}

function fixture(...parts: string[]): string {
  return readFileSync(join(fixturesRoot, ...parts), 'utf8');
}

/** Files under a folder, as the parser sees them once read; `reads` lists what it asked for. */
function folderFiles(root: string): ReadFiles & { reads: string[] } {
  const reads: string[] = [];
  const read = (path: string) => {
    reads.push(path);
    try {
      return readFileSync(join(root, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  return Object.assign(read, { reads });
}

/** The same folder behind the asynchronous reader `parsePromptFile` takes (as the extension's is). */
function folderReader(root: string): FileReader & { reads: string[] } {
  const files = folderFiles(root);
  return { reads: files.reads, readText: (path) => new Promise((resolve) => setTimeout(() => resolve(files(path)), 1)) };
}

const promptfooReader = () => folderFiles(join(fixturesRoot, 'promptfoo'));

function promptfoo(folder: string, reader: ReadFiles | undefined = promptfooReader()): ParsedPromptFile {
  return parsePromptfooConfig(`${folder}/promptfooconfig.yaml`, fixture('promptfoo', folder, 'promptfooconfig.yaml'), reader);
}

/** Offsets and lines of a message must agree with each other in the file they point into. */
function assertLocated(message: PromptMessage, fileText: string): void {
  const before = fileText.slice(0, message.startOffset);
  assert.equal(message.startLine, before.split('\n').length, `start line of ${JSON.stringify(message.text)}`);
  const last = Math.max(message.startOffset, message.endOffset - 1);
  assert.equal(message.endLine, fileText.slice(0, last).split('\n').length, `end line of ${JSON.stringify(message.text)}`);
  assert.ok(message.endOffset <= fileText.length);
}

const pick = (result: ParsedPromptFile) =>
  result.messages.map((m) => ({ role: m.role, text: m.text, startLine: m.startLine, endLine: m.endLine, request: m.request }));
const variables = (result: ParsedPromptFile) => result.variables.map((v) => [v.name, v.line, v.sample]);
const diagnostics = (result: ParsedPromptFile) => result.diagnostics.map((d) => [d.severity, d.line]);

// --- promptfoo -------------------------------------------------------------------------------

test('promptfoo: inline prompts point at their YAML scalars', () => {
  const text = fixture('promptfoo', 'basic', 'promptfooconfig.yaml');
  const result = promptfoo('basic');
  assert.equal(result.format, 'promptfoo');
  assert.deepEqual(pick(result), [
    { role: 'user', text: 'Reply to {{customer}} about: {{ issue }}', startLine: 5, endLine: 5, request: 0 },
    {
      role: 'user',
      text: 'You are a support agent for {{company}}.\nKeep answers under {{limit}} words.\n\nTicket: {{ issue | trim }}\n',
      startLine: 7,
      endLine: 10,
      request: 1,
    },
    { role: 'user', text: 'Summarise for {{customer}}:\n{{transcript}}', startLine: 11, endLine: 11, request: 2 },
  ]);
  for (const message of result.messages) assertLocated(message, text);
  assert.equal(text.slice(result.messages[0].startOffset, result.messages[0].endOffset), "'Reply to {{customer}} about: {{ issue }}'");
  assert.ok(text.slice(result.messages[1].startOffset, result.messages[1].endOffset).startsWith('You are a support agent'));
  assert.ok(text.slice(result.messages[1].startOffset, result.messages[1].endOffset).endsWith('{{ issue | trim }}'));
  assert.deepEqual(result.body, { text, startLine: 1, startOffset: 0 });
});

test('promptfoo: one request per prompt, priced for the first provider', () => {
  const result = promptfoo('basic');
  assert.deepEqual(result.requests, [
    { label: 'prompt 1', line: 5, model: 'openai:gpt-4o-mini', maxOutputTokens: 300 },
    { label: 'prompt 2', line: 6, model: 'openai:gpt-4o-mini', maxOutputTokens: 300 },
    { label: 'summary', line: 11, model: 'openai:gpt-4o-mini', maxOutputTokens: 300 },
  ]);
  assert.equal(result.model, 'openai:gpt-4o-mini');
  assert.equal(result.maxOutputTokens, 300);
  assert.deepEqual(diagnostics(result), [['info', 14]]);
  assert.match(result.diagnostics[0].message, /2 providers/);
});

test('promptfoo: samples come from the first test case that has a value', () => {
  // company: the first test inherits it from defaultTest, so the later test's "Other Co" loses;
  // customer: a list is expanded by promptfoo, its first item stands for it.
  assert.deepEqual(variables(promptfoo('basic')), [
    ['customer', 5, 'Dana'],
    ['issue', 5, 'The drill battery will not charge.'],
    ['company', 7, 'Acme Tools'],
    ['limit', 8, '120'],
    ['transcript', 11, 'Customer called twice.'],
  ]);
});

test('promptfoo: file:// prompts are read relative to the config and located in their own file', () => {
  const reader = promptfooReader();
  const result = promptfoo('files', reader);
  assert.deepEqual(result.references, [
    'files/prompts/intro.txt',
    'files/prompts/chat.json',
    'files/prompts/rendered-chat.json',
    'files/prompts/chat.yaml',
    'shared/footer.md',
  ]);
  assert.ok(!reader.reads.some((path) => path.includes('*') || path.endsWith('.py')), 'globs and prompt functions are not read');
  assert.deepEqual(pick(result), [
    // intro.txt holds two prompts separated by `---`.
    { role: 'user', text: 'Explain {{topic}} to a ten-year-old.', startLine: 1, endLine: 1, request: 0 },
    { role: 'user', text: 'Explain {{ topic }} to a physicist, citing {{notes}}.', startLine: 3, endLine: 3, request: 1 },
    { role: 'system', text: 'You answer questions about {{topic}}.', startLine: 2, endLine: 2, request: 2 },
    { role: 'user', text: 'Question: "{{question}}"\nBe brief.', startLine: 5, endLine: 5, request: 2 },
    // Only JSON once rendered: found by the scan, the template tag kept as the text.
    { role: 'system', text: 'Use the history.', startLine: 2, endLine: 2, request: 3 },
    { role: 'user', text: '{{ turn | dump }}', startLine: 4, endLine: 4, request: 3 },
    { role: 'user', text: '{{topic}}?', startLine: 6, endLine: 6, request: 3 },
    { role: 'system', text: 'You are terse.', startLine: 2, endLine: 2, request: 4 },
    { role: 'user', text: 'Tell me about {{topic}}.\nOne line only.\n', startLine: 5, endLine: 6, request: 4 },
    { role: 'user', text: '# Footer\n\nAlways end with a question about {{topic}}.\n', startLine: 1, endLine: 3, request: 5 },
  ]);
  const files = [
    'files/prompts/intro.txt',
    'files/prompts/intro.txt',
    'files/prompts/chat.json',
    'files/prompts/chat.json',
    'files/prompts/rendered-chat.json',
    'files/prompts/rendered-chat.json',
    'files/prompts/rendered-chat.json',
    'files/prompts/chat.yaml',
    'files/prompts/chat.yaml',
    'shared/footer.md',
  ];
  result.messages.forEach((message, index) => assertLocated(message, fixture('promptfoo', files[index])));
  const chat = fixture('promptfoo', 'files/prompts/chat.json');
  assert.equal(chat.slice(result.messages[3].startOffset, result.messages[3].endOffset), '"Question: \\"{{question}}\\"\\nBe brief."');
});

test('promptfoo: requests, samples and diagnostics of file:// prompts', () => {
  const result = promptfoo('files');
  assert.deepEqual(
    result.requests.map((request) => [request.label, request.line]),
    [
      ['file://prompts/intro.txt (1/2)', 2],
      ['file://prompts/intro.txt (2/2)', 2],
      ['chat', 3],
      ['file://./prompts/rendered-chat.json', 5],
      ['file://prompts/chat.yaml', 6],
      ['file://../shared/footer.md', 7],
      ['file://prompts/build_prompt.py:make_prompt', 8],
    ],
  );
  assert.ok(result.requests.every((request) => request.model === 'vertex:gemini-2.5-pro' && request.maxOutputTokens === null));
  assert.equal(result.model, 'vertex:gemini-2.5-pro');
  // Variables of a referenced file are reported at the line of its reference in the config.
  assert.deepEqual(variables(result), [
    ['topic', 2, 'tides'],
    ['notes', 2, 'Moon and sun pull the oceans.\n'],
    ['question', 3, null],
    ['history', 5, 'hi'],
  ]);
  assert.deepEqual(diagnostics(result), [
    ['info', 5],
    ['info', 8],
    ['warning', 9],
    ['error', 10],
  ]);
  assert.match(result.diagnostics[0].message, /rendered-chat\.json line 3: not JSON until rendered/);
  assert.match(result.diagnostics[1].message, /prompt function/);
  assert.match(result.diagnostics[2].message, /glob/);
  assert.match(result.diagnostics[3].message, /files\/prompts\/missing\.txt .*not found/);
});

test('promptfoo: malformed YAML still yields the prompts it can', () => {
  const result = promptfoo('malformed');
  assert.deepEqual(diagnostics(result), [['error', 3]]);
  assert.match(result.diagnostics[0].message, /^Invalid YAML: .*quote opened on line 3/);
  assert.deepEqual(result.messages[0].text, 'Hello {{name}}');
  assert.equal(result.messages[0].startLine, 2);
  assert.equal(result.requests[0].label, 'prompt 1');
});

test('promptfoo: older forms (prompt map, provider map, tests from a file)', () => {
  const result = promptfoo('legacy');
  assert.deepEqual(result.requests, [
    { label: 'first', line: 2, model: 'openai:chat:gpt-4.1', maxOutputTokens: 64 },
    { label: 'second', line: 3, model: 'openai:chat:gpt-4.1', maxOutputTokens: 64 },
  ]);
  assert.deepEqual(pick(result), [
    { role: 'user', text: 'A prompt about {{x}}', startLine: 1, endLine: 1, request: 0 },
    { role: 'user', text: 'Inline {{x}}', startLine: 3, endLine: 3, request: 1 },
  ]);
  assert.deepEqual(result.references, ['legacy/prompts/a.txt']);
  assert.deepEqual(variables(result), [['x', 2, null]]);
  assert.deepEqual(diagnostics(result), [['info', 8]]);
});

test('promptfoo: config at the scanned root, a single string prompt, paths that cannot be read', () => {
  const config = [
    'prompts: file://../outside.txt', // 1
    'providers:',
    '  id: anthropic:messages:claude-sonnet-4-5',
    '  config: {max_tokens: 2048}',
  ].join('\n');
  const outside = parsePromptfooConfig('promptfooconfig.yaml', config, folderFiles('/nonexistent'));
  assert.deepEqual(diagnostics(outside), [['error', 1]]);
  assert.match(outside.diagnostics[0].message, /outside the scanned folder/);
  assert.equal(outside.model, 'anthropic:messages:claude-sonnet-4-5');
  assert.equal(outside.maxOutputTokens, 2048);

  const unread = parsePromptfooConfig('a/promptfooconfig.yaml', 'prompts:\n  - file://p.txt\n', undefined);
  assert.deepEqual(diagnostics(unread), [['warning', 2]]);
  assert.equal(unread.requests.length, 0);
});

test('promptfoo: an inline JSON chat prompt keeps its roles', () => {
  const config = `prompts:\n  - '[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "{{q}}"}]'\nproviders: [openai:gpt-4o]\ntests:\n  - vars: {q: Why?}\n`;
  const result = parsePromptfooConfig('promptfooconfig.yaml', config);
  assert.deepEqual(
    result.messages.map((m) => [m.role, m.text, m.startLine, m.request]),
    [
      ['system', 'Be brief.', 2, 0],
      ['user', '{{q}}', 2, 0],
    ],
  );
  assert.deepEqual(variables(result), [['q', 2, 'Why?']]);
  assert.equal(result.model, 'openai:gpt-4o');
});

test('promptfoo: odd shapes are reported, not thrown', () => {
  assert.deepEqual(diagnostics(parsePromptfooConfig('promptfooconfig.yaml', '')), [['error', 1]]);
  assert.deepEqual(diagnostics(parsePromptfooConfig('promptfooconfig.yaml', 'providers: [openai:gpt-4o]\n')), [['warning', 1]]);
  const nested = parsePromptfooConfig('promptfooconfig.yaml', 'prompts:\n  - [a, b]\n  - {label: no-text}\n');
  assert.deepEqual(diagnostics(nested), [
    ['warning', 2],
    ['warning', 3],
  ]);
});

test('promptfoo: a `{label, messages}` prompt is one request; file contents are located in their files', () => {
  const reader = promptfooReader();
  const result = promptfoo('messages', reader);
  assert.deepEqual(
    result.requests.map((request) => [request.label, request.line]),
    [
      ['support chat', 3],
      ['with-parts', 15],
    ],
  );
  assert.deepEqual(result.references, ['messages/system.j2', 'messages/reply.json', 'messages/follow_up.md', 'messages/parts.json']);
  assert.ok(!reader.reads.some((path) => path.endsWith('.py')), 'scripts are not read');
  assert.deepEqual(pick(result), [
    { role: 'system', text: fixture('promptfoo', 'messages', 'system.j2'), startLine: 1, endLine: 2, request: 0 },
    { role: 'user', text: 'Customer {{ name }} asks: {{question}}', startLine: 8, endLine: 8, request: 0 },
    // A JSON object is sent as written; a list of parts is its text parts.
    { role: 'assistant', text: fixture('promptfoo', 'messages', 'reply.json'), startLine: 1, endLine: 4, request: 0 },
    { role: 'user', text: fixture('promptfoo', 'messages', 'follow_up.md'), startLine: 1, endLine: 3, request: 0 },
    { role: 'user', text: 'What is wrong with this {{product}}?', startLine: 1, endLine: 4, request: 1 },
    { role: 'user', text: 'Thanks, {{name}}.\n', startLine: 20, endLine: 20, request: 1 },
  ]);
  const config = fixture('promptfoo', 'messages', 'promptfooconfig.yaml');
  const files = [
    'messages/system.j2',
    'messages/promptfooconfig.yaml',
    'messages/reply.json',
    'messages/follow_up.md',
    'messages/parts.json',
    'messages/promptfooconfig.yaml',
  ];
  result.messages.forEach((message, index) => assertLocated(message, fixture('promptfoo', files[index])));
  assert.equal(config.slice(result.messages[1].startOffset, result.messages[1].endOffset), "'Customer {{ name }} asks: {{question}}'");
  // Variables of a message file sit at the line of its `content: file://…` in the config.
  assert.deepEqual(variables(result), [
    ['shop', 6, null],
    ['vip', 6, null],
    ['name', 8, 'Ana'],
    ['question', 8, 'Where is my order?'],
    ['product', 10, 'kettle'],
  ]);
  assert.deepEqual(diagnostics(result), [
    ['info', 14],
    ['info', 18],
    ['warning', 19],
    ['error', 22],
    ['warning', 23],
    ['warning', 25],
  ]);
  assert.match(result.diagnostics[0].message, /file:\/\/make_reply\.py is a script.*this assistant message is not counted/);
  assert.match(result.diagnostics[1].message, /messages\/parts\.json line 3: A `image_url` part is not counted/);
  assert.match(result.diagnostics[2].message, /no `role`/);
  assert.match(result.diagnostics[3].message, /messages\/missing\.txt .*not found/);
  assert.match(result.diagnostics[5].message, /`messages` should be a list/);
});

test('promptfoo: bare paths are read when the file exists; other references are reported', () => {
  const reader = promptfooReader();
  const result = promptfoo('paths', reader);
  assert.deepEqual(result.references, ['paths/prompts/two.txt', 'paths/prompts/single.md']);
  assert.ok(!reader.reads.some((path) => path.includes('*')), 'globs are not read');
  assert.deepEqual(
    result.requests.map((request) => [request.label, request.line]),
    [
      ['prompts/two.txt (1/2)', 2],
      ['prompts/two.txt (2/2)', 2],
      ['./prompts/single.md', 3],
      ['prompt 3', 4],
      ['pf://support-bot:production', 5],
      ['file://prompts/single.md', 6],
      ['prompt 6', 7],
      ['prompt 7', 9],
    ],
  );
  assert.deepEqual(
    result.messages.map((m) => [m.text, m.request]),
    [
      ['Translate {{text}} to French.', 0],
      ['Translate {{text}} to German.', 1],
      ['Reply to {{name}} in one sentence.\n', 2],
      ['prompts/missing.txt', 3],
      ['Reply to {{name}} in one sentence.\n', 5],
      // promptfoo sends the `id` when there is no `raw`, so that is what is priced.
      ['greeter', 6],
      ['Summarise notes.txt in one line.', 7],
    ],
  );
  // The `content` key is noticed while the prompts are listed, before any is read.
  assert.deepEqual(diagnostics(result), [
    ['warning', 7],
    ['warning', 4],
    ['info', 5],
    ['error', 6],
    ['warning', 10],
  ]);
  assert.match(result.diagnostics[0].message, /rename `content` to `raw`/);
  assert.match(result.diagnostics[1].message, /paths\/prompts\/missing\.txt was not found: promptfoo would fail/);
  assert.match(result.diagnostics[2].message, /prompt-management service/);
  assert.match(result.diagnostics[3].message, /file:\/prompts\/single\.md .*write file:\/\/prompts\/single\.md/);
  assert.match(result.diagnostics[4].message, /glob/);

  // Without a reader nothing can be checked, so a bare path is the literal text it is written as.
  const unread = parsePromptfooConfig('paths/promptfooconfig.yaml', fixture('promptfoo', 'paths', 'promptfooconfig.yaml'));
  assert.equal(unread.messages[0].text, 'prompts/two.txt');
});

// --- chat JSON -------------------------------------------------------------------------------

test('chat JSON: a list of messages, offsets spanning each JSON string', () => {
  const text = fixture('chat-json', 'messages.json');
  const result = parseChatJson('prompts/messages.json', text);
  assert.equal(result.format, 'chat-json');
  assert.deepEqual(pick(result), [
    { role: 'system', text: 'You are a careful translator.', startLine: 2, endLine: 2, request: 0 },
    { role: 'user', text: 'Translate into {language}:\n{{text}}', startLine: 3, endLine: 3, request: 0 },
  ]);
  assert.equal(text.slice(result.messages[1].startOffset, result.messages[1].endOffset), '"Translate into {language}:\\n{{text}}"');
  assert.deepEqual(variables(result), [
    ['language', 3, null],
    ['text', 3, null],
  ]);
  assert.deepEqual(result.requests, [{ label: 'messages.json', line: 1, model: null, maxOutputTokens: null }]);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.body.text, text);
});

test('chat JSON: a request object with parts, escapes, tool calls and a limit', () => {
  const text = fixture('chat-json', 'request.json');
  const result = parseChatJson('request.json', text);
  assert.deepEqual(
    result.messages.map((m) => [m.role, m.startLine, m.endLine]),
    [
      ['developer', 8, 8],
      ['user', 12, 16],
      ['assistant', 21, 21],
      ['tool', 23, 23],
    ],
  );
  assert.equal(result.messages[0].text, 'Label the photo. Say "unknown" when unsure \u2014 never guess.');
  assert.equal(result.messages[1].text, 'What is in this picture of ${place}?\nAnswer in one word.');
  assert.match(result.messages[2].text, /"name": "lookup"/);
  assert.equal(result.messages[3].text, 'A heron.');
  for (const message of result.messages) assertLocated(message, text);
  assert.equal(text[result.messages[1].startOffset], '[');
  assert.equal(text[result.messages[1].endOffset - 1], ']');
  assert.equal(result.model, 'gpt-4.1-mini');
  assert.equal(result.maxOutputTokens, 512);
  assert.deepEqual(variables(result), [['place', 13, null]]);
  assert.deepEqual(diagnostics(result), [['info', 14]]);
  assert.match(result.diagnostics[0].message, /image_url/);
});

test('chat JSON: Anthropic system blocks', () => {
  const result = parseChatJson('anthropic.json', fixture('chat-json', 'anthropic.json'));
  assert.deepEqual(
    result.messages.map((m) => [m.role, m.text, m.startLine]),
    [
      ['system', 'You write release notes.', 4],
      ['user', 'Changes: {changes}', 6],
    ],
  );
  assert.equal(result.model, 'claude-sonnet-4-5');
  assert.equal(result.maxOutputTokens, 1024);
});

test('chat JSON: a template that is JSON only once rendered', () => {
  const text = fixture('chat-json', 'template.json');
  const result = parseChatJson('template.json', text);
  // It stops at a template tag: fine as a promptfoo template, so not flagged as an error.
  assert.deepEqual(diagnostics(result), [['info', 6]]);
  assert.match(result.diagnostics[0].message, /^Not JSON until rendered \(a template tag on line 6\)/);
  assert.deepEqual(
    result.messages.map((m) => [m.role, m.text, m.startLine]),
    [
      ['system', 'Answer from the context only.', 5],
      ['user', '{{ question | dump }}', 6],
      ['user', 'Context: {{context}}', 7],
    ],
  );
  for (const message of result.messages) assertLocated(message, text);
  assert.deepEqual(variables(result), [
    ['question', 6, null],
    ['context', 7, null],
  ]);
  assert.equal(result.model, 'gpt-4o');
  assert.equal(result.maxOutputTokens, 200);
});

test('chat JSON: a broken file is reported at the line of the fault and still counted', () => {
  const result = parseChatJson('truncated.json', fixture('chat-json', 'truncated.json'));
  assert.deepEqual(diagnostics(result), [['error', 3]]);
  assert.deepEqual(
    result.messages.map((m) => [m.role, m.text]),
    [
      ['system', 'Be kind.'],
      ['user', 'Hello'],
      ['assistant', 'Hi!'],
    ],
  );
  assert.equal(result.requests.length, 1);
});

test('chat JSON: a file holding a single message', () => {
  const result = parseChatJson('system.json', '{\n  "role": "system",\n  "content": "Answer in one sentence."\n}\n');
  assert.deepEqual(pick(result), [{ role: 'system', text: 'Answer in one sentence.', startLine: 3, endLine: 3, request: 0 }]);
  assert.deepEqual(result.diagnostics, []);
});

test('chat JSON: valid JSON of the wrong shape', () => {
  assert.deepEqual(diagnostics(parseChatJson('a.json', '{"model": "gpt-4o"}')), [['warning', 1]]);
  assert.deepEqual(diagnostics(parseChatJson('a.json', '"just text"')), [
    ['error', 1],
    ['warning', 1],
  ]);
  const noRole = parseChatJson('a.json', '[\n  {"content": "hi"},\n  42\n]');
  assert.deepEqual(diagnostics(noRole), [
    ['warning', 2],
    ['warning', 3],
  ]);
  assert.deepEqual(pick(noRole), [{ role: 'user', text: 'hi', startLine: 2, endLine: 2, request: 0 }]);
});

test('chat JSON: a LangChain PromptTemplate is one user message at its template string', () => {
  const text = fixture('chat-json', 'langchain-prompt.json');
  assert.equal(detectFormat('prompts/review.json', text), 'chat-json');
  const result = parseChatJson('prompts/review.json', text);
  assert.equal(result.format, 'chat-json');
  assert.deepEqual(pick(result), [
    {
      role: 'user',
      text: 'You answer reviews for {shop}.\nReply to this review of the {product} in at most {max_words} words:\n"{review}"\nKeep JSON like {{"ok": true}} as it is.',
      startLine: 13,
      endLine: 13,
      request: 0,
    },
  ]);
  assertLocated(result.messages[0], text);
  assert.ok(text.slice(result.messages[0].startOffset, result.messages[0].endOffset).startsWith('"You answer reviews'));
  // Found in the template first (partials give samples), then declared ones the template never uses.
  assert.deepEqual(variables(result), [
    ['shop', 13, 'Kettle & Co'],
    ['product', 13, null],
    ['max_words', 13, '80'],
    ['review', 13, null],
    ['tone', 6, null],
  ]);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.requests, [{ label: 'review.json', line: 1, model: null, maxOutputTokens: null }]);
});

test('chat JSON: a jinja2 LangChain template has Jinja variables only', async () => {
  const text = fixture('chat-json', 'langchain-jinja2.json');
  const result = (await parsePromptFile('prompts/letter.json', text))!;
  assert.equal(result.format, 'chat-json');
  assert.deepEqual(
    result.messages.map((m) => [m.role, m.startLine]),
    [['user', 5]],
  );
  assert.match(result.messages[0].text, /^Dear \{\{ customer\.name \}\},\n\{% for item in items %\}/);
  // `{this}` is text in Jinja, and `item` is the loop's own name.
  assert.deepEqual(variables(result), [
    ['customer', 5, null],
    ['items', 5, null],
  ]);
});

test('chat JSON: a LangChain ChatPromptTemplate keeps the roles its classes name', () => {
  const text = fixture('chat-json', 'langchain-chat.json');
  assert.equal(detectFormat('prompts/librarian.json', text), 'chat-json');
  const result = parseChatJson('prompts/librarian.json', text);
  assert.deepEqual(pick(result), [
    { role: 'system', text: 'You are a terse librarian.', startLine: 17, endLine: 17, request: 0 },
    { role: 'user', text: 'Which book answers: {question}', startLine: 36, endLine: 36, request: 0 },
  ]);
  for (const message of result.messages) assertLocated(message, text);
  assert.deepEqual(diagnostics(result), [['info', 21]]);
  assert.match(result.diagnostics[0].message, /`history` at run time are not counted/);
  assert.deepEqual(variables(result), [
    ['question', 36, null],
    ['history', 6, null],
  ]);

  // The `.dict()` form: `_type: chat`, templates under `prompt`, fixed messages with a `type`.
  const dict = JSON.stringify(
    {
      input_variables: ['topic'],
      messages: [
        { prompt: { template: 'Tell me about {topic}.', input_variables: ['topic'] }, additional_kwargs: {} },
        { content: 'Sure.', type: 'ai' },
        { role: 'critic', prompt: { template: 'Be harsh.' } },
      ],
      _type: 'chat',
    },
    null,
    2,
  );
  assert.equal(detectFormat('chat.json', dict), 'chat-json');
  const parsed = parseChatJson('chat.json', dict);
  assert.deepEqual(
    parsed.messages.map((m) => [m.role, m.text]),
    [
      ['user', 'Tell me about {topic}.'],
      ['assistant', 'Sure.'],
      ['critic', 'Be harsh.'],
    ],
  );
  assert.deepEqual(parsed.diagnostics, []);
});

test('chat JSON: LangChain markers are looked for at the end of a long file; plain maps are not prompts', async () => {
  const long = JSON.stringify({ input_variables: ['x'], template: `${'Long instructions. '.repeat(1000)}{x}`, _type: 'prompt' });
  assert.ok(long.length > 8192);
  assert.equal(detectFormat('prompts/long.json', long), 'chat-json');
  assert.equal((await parsePromptFile('prompts/long.json', long))!.messages.length, 1);

  const map = fixture('chat-json', 'string-map.json');
  assert.equal(detectFormat('prompts/system_prompt.json', map), null);
  assert.equal(await parsePromptFile('prompts/system_prompt.json', map), null);
  // `_type` alone (a CMS export, say) is not enough: a LangChain prompt has a template.
  assert.equal(detectFormat('data.json', '{"_type": "prompt", "title": "Ideas"}'), null);

  const pathOnly = parseChatJson('p.json', '{"_type": "prompt", "template_path": "p.txt", "template": null}');
  assert.deepEqual(diagnostics(pathOnly), [['info', 1]]);
  assert.match(pathOnly.diagnostics[0].message, /p\.txt, which is not read/);
});

// --- batch JSONL -----------------------------------------------------------------------------

test('batch JSONL: one request per line, blank lines skipped', () => {
  const text = fixture('batch-jsonl', 'chat.jsonl');
  const result = parseBatchJsonl('batch/chat.jsonl', text);
  assert.equal(result.format, 'batch-jsonl');
  assert.deepEqual(result.requests, [
    { label: 'req-1', line: 1, model: 'gpt-4o-mini', maxOutputTokens: 100 },
    { label: 'req-2', line: 2, model: 'gpt-4o-mini', maxOutputTokens: 50 },
    { label: 'req-3', line: 4, model: 'gpt-4o', maxOutputTokens: null },
  ]);
  assert.deepEqual(pick(result), [
    { role: 'system', text: 'Classify sentiment.', startLine: 1, endLine: 1, request: 0 },
    { role: 'user', text: 'I love it', startLine: 1, endLine: 1, request: 0 },
    { role: 'user', text: 'Terrible "service"\nnever again', startLine: 2, endLine: 2, request: 1 },
    { role: 'user', text: 'Meh', startLine: 4, endLine: 4, request: 2 },
  ]);
  for (const message of result.messages) assertLocated(message, text);
  assert.equal(text.slice(result.messages[1].startOffset, result.messages[1].endOffset), '"I love it"');
  assert.equal(result.model, 'gpt-4o-mini');
  assert.equal(result.maxOutputTokens, 100);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.variables, []);
});

test('batch JSONL: bad lines, missing and duplicate ids, other endpoints (CRLF file)', () => {
  const text = fixture('batch-jsonl', 'mixed.jsonl');
  const result = parseBatchJsonl('mixed.jsonl', text);
  assert.deepEqual(result.requests, [
    { label: 'r-a', line: 1, model: 'gpt-5-mini', maxOutputTokens: 80 },
    { label: 'r-b', line: 2, model: 'text-embedding-3-small', maxOutputTokens: null },
    { label: 'line 4', line: 4, model: 'gpt-4o-mini', maxOutputTokens: null },
    { label: 'r-a', line: 5, model: 'gpt-4o-mini', maxOutputTokens: null },
  ]);
  assert.deepEqual(
    result.messages.map((m) => [m.role, m.text, m.startLine, m.request]),
    [
      ['system', 'Be short.', 1, 0],
      ['user', 'Name three rivers.', 1, 0],
      ['user', 'alpha', 2, 1],
      ['user', 'beta', 2, 1],
      ['user', 'no id', 4, 2],
      ['user', 'dup', 5, 3],
    ],
  );
  for (const message of result.messages) assertLocated(message, text);
  assert.deepEqual(diagnostics(result), [
    ['error', 3],
    ['warning', 4],
    ['warning', 5],
    ['warning', 5],
    ['error', 6],
  ]);
  assert.match(result.diagnostics[0].message, /^Line 3 is not valid JSON/);
  assert.match(result.diagnostics[1].message, /custom_id/);
  assert.match(result.diagnostics[2].message, /"r-a" is already used on line 1/);
  assert.match(result.diagnostics[3].message, /POST/);
});

test('batch JSONL: Anthropic message batches and bare request lines', () => {
  const result = parseBatchJsonl('anthropic.jsonl', fixture('batch-jsonl', 'anthropic.jsonl'));
  assert.deepEqual(result.requests, [
    { label: 'note-1', line: 1, model: 'claude-haiku-4-5', maxOutputTokens: 256 },
    { label: 'line 2', line: 2, model: null, maxOutputTokens: null },
  ]);
  assert.deepEqual(
    result.messages.map((m) => [m.role, m.text, m.request]),
    [
      ['system', 'You summarise notes.', 0],
      ['user', 'Summarise: buy milk', 0],
      ['user', 'Dataset-style line', 1],
      ['assistant', 'ok', 1],
    ],
  );
  assert.deepEqual(result.diagnostics, []);
});

// Speed is measured by `npm run bench`, never asserted here: a slow machine must not fail a test.
test('batch JSONL: 20,000 lines are all parsed, each request with its own line', () => {
  const count = 20000;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      JSON.stringify({
        custom_id: `r${i}`,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: `Question ${i}: ${'x'.repeat(200)}` }] },
      }),
    );
  }
  const text = lines.join('\n') + '\n';
  const result = parseBatchJsonl('big.jsonl', text);
  assert.equal(result.requests.length, count);
  assert.equal(result.messages.length, count);
  assert.deepEqual(result.requests[count - 1], { label: `r${count - 1}`, line: count, model: 'gpt-4o-mini', maxOutputTokens: 10 });
  assert.equal(result.messages[count - 1].startLine, count);
});

test('batch JSONL: empty file', () => {
  const result = parseBatchJsonl('empty.jsonl', '\n\n');
  assert.deepEqual(result.requests, []);
  assert.deepEqual(diagnostics(result), [['warning', 1]]);
});

// --- robustness ------------------------------------------------------------------------------

test('no parser throws on any prefix of its fixtures', () => {
  const cases: [string, (text: string) => ParsedPromptFile][] = [
    ['promptfoo/basic/promptfooconfig.yaml', (text) => parsePromptfooConfig('basic/promptfooconfig.yaml', text, promptfooReader())],
    ['promptfoo/files/promptfooconfig.yaml', (text) => parsePromptfooConfig('files/promptfooconfig.yaml', text, promptfooReader())],
    ['chat-json/request.json', (text) => parseChatJson('request.json', text)],
    ['chat-json/template.json', (text) => parseChatJson('template.json', text)],
    ['chat-json/langchain-chat.json', (text) => parseChatJson('langchain-chat.json', text)],
    ['promptfoo/messages/promptfooconfig.yaml', (text) => parsePromptfooConfig('messages/promptfooconfig.yaml', text, promptfooReader())],
    ['batch-jsonl/mixed.jsonl', (text) => parseBatchJsonl('mixed.jsonl', text)],
  ];
  for (const [file, parse] of cases) {
    const text = fixture(file);
    for (let end = 0; end <= text.length; end++) {
      const result = parse(text.slice(0, end));
      for (const message of result.messages) assert.ok(message.startOffset <= message.endOffset, `${file} cut at ${end}`);
      for (const diagnostic of result.diagnostics) assert.ok(diagnostic.line >= 1, `${file} cut at ${end}`);
    }
  }
});

// --- the JSON locator ------------------------------------------------------------------------

test('jsonLocate: values carry their offsets; errors say where', () => {
  const text = 'xx {"a": [1, "b\\u00e9", {"c": null}], "d": true} yy';
  const parsed = parseJsonLocated(text, 3, text.length - 3);
  assert.ok(parsed.root);
  const a = member(parsed.root, 'a')!;
  assert.equal(text.slice(a.start, a.end), '[1, "b\\u00e9", {"c": null}]');
  assert.deepEqual(toValue(parsed.root), { a: [1, 'b\u00e9', { c: null }], d: true });
  assert.equal(parseJsonLocated('{"a": 1,}').error?.offset, 8);
  assert.equal(parseJsonLocated('[1, 2').error?.message, "expected ',' or ']' in a list, found end of input");
  assert.equal(parseJsonLocated('"line\nbreak"').error?.offset, 5);
  assert.ok(parseJsonLocated('['.repeat(10000)).error);
});

test('promptfoo through parsePromptFile: referenced files are read with the asynchronous reader, once each', async () => {
  for (const folder of ['basic', 'files', 'messages']) {
    const reader = folderReader(join(fixturesRoot, 'promptfoo'));
    const text = fixture('promptfoo', folder, 'promptfooconfig.yaml');
    const viaReader = (await parsePromptFile(`${folder}/promptfooconfig.yaml`, text, { reader }))!;
    const direct = promptfoo(folder);
    assert.deepEqual(viaReader.messages, direct.messages, folder);
    assert.deepEqual(viaReader.variables, direct.variables, folder);
    assert.deepEqual(viaReader.references, direct.references, folder);
    assert.deepEqual(
      viaReader.diagnostics,
      [...direct.diagnostics].sort((a, b) => a.line - b.line || a.range.start - b.range.start),
      folder,
    );
    assert.equal(new Set(reader.reads).size, reader.reads.length, `${folder}: a file is read once`);
  }
});

test('diagnostics carry a stable code and a range over the text they are about', async () => {
  const config = ['prompts:', '  - file://missing.txt', '  - "unclosed', 'providers: [openai:gpt-4o]'].join('\n');
  const parsed = (await parsePromptFile('promptfooconfig.yaml', config, { reader: folderReader('/nonexistent') }))!;
  assert.deepEqual(
    parsed.diagnostics.map((d) => [d.code, d.line, config.slice(d.range.start, d.range.end)]),
    [
      ['missing-reference', 2, 'file://missing.txt'],
      ['invalid-yaml', 3, '"unclosed'],
    ],
  );
  const missing = (await parsePromptFile('promptfooconfig.yaml', 'prompts:\n  - file://missing.txt\n', { reader: folderReader('/nonexistent') }))!;
  const [problem] = missing.diagnostics;
  assert.equal(problem?.code, 'missing-reference');
  assert.equal(problem?.line, 2);
  assert.equal('prompts:\n  - file://missing.txt\n'.slice(problem?.range.start, problem?.range.end), 'file://missing.txt');

  const batch = '{"custom_id": "a", "body": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}}\n{"custom_id": "a", oops}\n';
  const batchFile = (await parsePromptFile('batch.jsonl', batch))!;
  assert.deepEqual(
    batchFile.diagnostics.map((d) => [d.code, d.line, batch.slice(d.range.start, d.range.end)]),
    [['invalid-json', 2, 'oops}']],
  );
});

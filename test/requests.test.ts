// Request profiles: what is sent, what a cache could reuse, and what was assumed. Expected values
// are built from the reference tokenizer on the text we expect to be sent, not from our own code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import { parsePromptFile, profileRequests, type Counters } from '../src/core';
import { loadCounter as loadTokenCounter } from '../src/node/counters';
import { parseBatchJsonl } from '../src/core/formats/batchJsonl';

const o200k = get_encoding('o200k_base');
const ref = (text: string) => o200k.encode_ordinary(text).length;
const cl100k = get_encoding('cl100k_base');
const cl100kRef = (text: string) => cl100k.encode_ordinary(text).length;

async function counters(): Promise<Counters> {
  return { o200k_base: await loadTokenCounter('o200k_base'), cl100k_base: await loadTokenCounter('cl100k_base') };
}

const PROMPTY = `---
name: Explainer
model:
  api: chat
  configuration:
    azure_deployment: gpt-4o
  parameters:
    max_tokens: 250
inputs:
  topic:
    type: string
    sample: tide pools
  audience:
    type: string
---
system:
You are a science writer. Keep it short.
Audience: {{audience}}

user:
Explain {{topic}} in one paragraph.
`;

test('a Prompty request: role lines are not sent, samples are rendered, a variable without sample is assumed', async () => {
  const file = (await parsePromptFile('explainer.prompty', PROMPTY))!;
  const [profile] = profileRequests(file, await counters(), { assumedVariableTokens: 100 });
  const system = ref('You are a science writer. Keep it short.\nAudience: ');
  const user = ref('Explain tide pools in one paragraph.');
  // 3 tokens of chat framing per message plus its role (1 token: 'system', 'user'), 3 to prime the reply; 100 assumed for {{audience}}.
  const framing = (role: string) => 3 + ref(role);
  assert.equal(profile.inputTokens.o200k_base, system + 100 + framing('system') + user + framing('user') + 3);
  assert.equal(profile.staticPrefixTokens.o200k_base, system + framing('system'), 'the cacheable prefix ends at {{audience}}');
  assert.equal(profile.movableStaticTokens.o200k_base, ref('Explain  in one paragraph.') + framing('user'));
  assert.equal(profile.conversation.fixedTokens.o200k_base, system + 100 + framing('system'));
  assert.equal(profile.conversation.perTurnUserTokens.o200k_base, user + framing('user') + 3);
  assert.equal(profile.declaredModel, 'gpt-4o');
  assert.equal(profile.declaredMaxOutputTokens, 250);
  assert.equal(profile.assumptions.length, 1);
  assert.match(profile.assumptions[0], /audience.*100 tokens/);
});

test('a prompt without variables: the cacheable prefix ends at the last user turn', async () => {
  const json = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Classify the sentiment.' },
      { role: 'user', content: 'I love it' },
      { role: 'assistant', content: 'positive' },
      { role: 'user', content: 'Terrible service' },
    ],
  });
  const file = (await parsePromptFile('few-shot.json', json))!;
  const [profile] = profileRequests(file, await counters());
  // Each message: 3 tokens of framing plus its role.
  const first3 = ref('Classify the sentiment.') + ref('I love it') + ref('positive') + 3 * 3 + ref('system') + ref('user') + ref('assistant');
  assert.equal(profile.staticPrefixTokens.o200k_base, first3);
  assert.equal(profile.inputTokens.o200k_base, first3 + ref('Terrible service') + 3 + ref('user') + 3);
  assert.deepEqual(profile.assumptions, []);
});

test('a prefix ends where the template tag opens, and few-shot turns are resent each conversation turn', async () => {
  const json = JSON.stringify({
    messages: [
      { role: 'system', content: 'Answer briefly. {% if tone %}Use a {{ tone }} tone.{% endif %}' },
      { role: 'user', content: 'I love it' },
      { role: 'assistant', content: 'positive' },
      { role: 'user', content: '{{ review }}' },
    ],
  });
  const file = (await parsePromptFile('tone.json', json))!;
  const [profile] = profileRequests(file, await counters());
  assert.equal(profile.staticPrefixTokens.o200k_base, ref('Answer briefly. ') + 3 + ref('system'), 'the prefix stops before `{% if`');
  // Each message: its text, 3 tokens of framing and its role.
  const fewShot = ref('I love it') + ref('positive') + 2 * 3 + ref('user') + ref('assistant');
  // The system message as sent: the `{% if %}` tags render as nothing, `tone` (no sample) as 100 assumed tokens.
  const system = ref('Answer briefly. Use a  tone.') + 100 + 3 + ref('system');
  assert.equal(profile.conversation.fixedTokens.o200k_base, system + fewShot, 'system and few-shot turns are fixed');
  assert.equal(profile.inputTokens.o200k_base, system + fewShot + 100 + 3 + ref('user') + 3);
  assert.equal(profile.conversation.perTurnUserTokens.o200k_base, 100 + 3 + ref('user') + 3, 'the last user turn: an assumed review, framing and the reply');
});

test('a Batch API file gives one profile per line, each with its own model and limit', async () => {
  const lines = [
    {
      custom_id: 'a',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'Hello there' }] },
    },
    {
      custom_id: 'b',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4.1', max_tokens: 20, messages: [{ role: 'user', content: 'Good {morning}' }] },
    },
  ];
  const file = (await parsePromptFile('batch.jsonl', lines.map((line) => JSON.stringify(line)).join('\n')))!;
  const profiles = profileRequests(file, await counters());
  assert.equal(profiles.length, 2);
  assert.equal(profiles[0].inputTokens.o200k_base, ref('Hello there') + ref('user') + 6);
  // Batch lines are sent as written: `{morning}` is text, not a variable.
  assert.equal(profiles[1].inputTokens.o200k_base, ref('Good {morning}') + ref('user') + 6);
  assert.equal(profiles[1].declaredModel, 'gpt-4.1');
  assert.equal(profiles[1].declaredMaxOutputTokens, 20);
});

test('the prefix ends at `{{history}}` in a Dotprompt, where each conversation differs', async () => {
  const text =
    '---\nmodel: googleai/gemini-2.5-flash\ninput:\n  schema:\n    question: string\n---\nYou answer questions about tides.\n{{history}}\nNow: {{question}}\n';
  const file = (await parsePromptFile('tides.prompt', text))!;
  const [profile] = profileRequests(file, await counters());
  // The first message whole (a user turn), then the framing of the message that opens with `{{history}}`
  // (an assistant turn); not the "Now: " that follows it (that would be a prefix ending at `{{question}}`).
  // Each message: 3 tokens of framing plus its role.
  assert.equal(profile.staticPrefixTokens.o200k_base, ref('You answer questions about tides.') + 3 + ref('user') + 3 + ref('assistant'));
  assert.equal(profile.staticPrefixTokens.cl100k_base, cl100kRef('You answer questions about tides.') + 3 + cl100kRef('user') + 3 + cl100kRef('assistant'));
});

test('a `${…}` variable ends the prefix where `${` opens (Copilot inputs, plain-text templates)', async () => {
  const file = (await parsePromptFile('review.prompt.md', 'Review the file ${input:path} for bugs.\n'))!;
  const [profile] = profileRequests(file, await counters());
  // One user message: 3 tokens of framing plus its role.
  assert.equal(profile.staticPrefixTokens.o200k_base, ref('Review the file ') + 3 + ref('user'));
  const text = (await parsePromptFile('prompts/translate.txt', 'Translate this: ${text} into French.'))!;
  const [plain] = profileRequests(text, await counters());
  assert.equal(plain.staticPrefixTokens.o200k_base, ref('Translate this: ') + 3 + ref('user'));
});

test('every encoding is tallied alike: cl100k_base counts of the input, prefix, movable text and conversation parts', async () => {
  const json = JSON.stringify({
    model: 'gpt-4',
    messages: [
      { role: 'system', content: 'Réponds en français, brièvement.' },
      { role: 'user', content: 'Traduis: {{ phrase }} — merci.' },
    ],
  });
  const file = (await parsePromptFile('traduire.json', json))!;
  const [profile] = profileRequests(file, await counters());
  // Each message: 3 tokens of framing plus its role, in the encoding being tallied.
  const system = cl100kRef('Réponds en français, brièvement.') + 3 + cl100kRef('system');
  assert.deepEqual(profile.inputTokens, {
    o200k_base: ref('Réponds en français, brièvement.') + 3 + ref('system') + ref('Traduis:  — merci.') + 100 + 3 + ref('user') + 3,
    cl100k_base: system + cl100kRef('Traduis:  — merci.') + 100 + 3 + cl100kRef('user') + 3,
  });
  assert.equal(profile.staticPrefixTokens.cl100k_base, system + cl100kRef('Traduis: ') + 3 + cl100kRef('user'));
  assert.equal(
    profile.movableStaticTokens.cl100k_base,
    system + cl100kRef('Traduis:  — merci.') + 3 + cl100kRef('user') - (system + cl100kRef('Traduis: ') + 3 + cl100kRef('user')),
  );
  assert.deepEqual(profile.conversation, {
    fixedTokens: { o200k_base: ref('Réponds en français, brièvement.') + 3 + ref('system'), cl100k_base: system },
    perTurnUserTokens: {
      o200k_base: ref('Traduis:  — merci.') + 100 + 3 + ref('user') + 3,
      cl100k_base: cl100kRef('Traduis:  — merci.') + 100 + 3 + cl100kRef('user') + 3,
    },
  });
});

test('a variable used in two messages without a sample is assumed at each use, and said so once', async () => {
  const json = JSON.stringify({
    messages: [
      { role: 'system', content: 'Write for {{ audience }}.' },
      { role: 'user', content: 'Explain tides to {{ audience }}.' },
    ],
  });
  const [profile] = profileRequests((await parsePromptFile('audience.json', json))!, await counters());
  // Each message: 3 tokens of framing plus its role; 3 to prime the reply.
  assert.equal(profile.inputTokens.o200k_base, ref('Write for .') + ref('Explain tides to .') + 2 * 100 + 2 * 3 + ref('system') + ref('user') + 3);
  assert.deepEqual(profile.assumptions, ['`audience` has no sample value: assumed 100 tokens at each of its 2 uses']);
});

test('with no variable anywhere, the prefix ends at the last user turn even when an assistant prefill follows it', async () => {
  const json = JSON.stringify({
    messages: [
      { role: 'system', content: 'Rules of the game.' },
      { role: 'user', content: 'Which move next?' },
      { role: 'assistant', content: 'The best move is' },
    ],
  });
  const [profile] = profileRequests((await parsePromptFile('prefill.json', json))!, await counters());
  // Each message: 3 tokens of framing plus its role.
  assert.equal(profile.staticPrefixTokens.o200k_base, ref('Rules of the game.') + 3 + ref('system'));
  // A variable only after the last user turn: the prefix runs up to it.
  const late = JSON.stringify({
    messages: [
      { role: 'system', content: 'Rules of the game.' },
      { role: 'user', content: 'Which move next?' },
      { role: 'assistant', content: 'In {{ language }}: the best move is' },
    ],
  });
  const [lateProfile] = profileRequests((await parsePromptFile('late.json', late))!, await counters());
  assert.equal(
    lateProfile.staticPrefixTokens.o200k_base,
    ref('Rules of the game.') + 3 + ref('system') + ref('Which move next?') + 3 + ref('user') + ref('In ') + 3 + ref('assistant'),
  );
});

test('only Prompty drops a leading role line: other formats send a "User:" line as text', async () => {
  const file = (await parsePromptFile('prompts/support.txt', 'User:\nA customer asks about refunds. Answer kindly.'))!;
  const [profile] = profileRequests(file, await counters());
  // One user message: 3 tokens of framing plus its role, 3 to prime the reply.
  assert.equal(profile.inputTokens.o200k_base, ref('User:\nA customer asks about refunds. Answer kindly.') + 3 + ref('user') + 3);
  // A Prompty body without role lines is one system message, sent whole: a line ending in "user:" stays.
  const prompty = (await parsePromptFile('plain.prompty', '---\nname: Plain\n---\nWhen you tell the user:\nrefunds take 5 days.\n'))!;
  const [plain] = profileRequests(prompty, await counters());
  assert.equal(plain.messages.length, 1);
  assert.equal(plain.inputTokens.o200k_base, ref(prompty.messages[0].text) + 3 + ref('system') + 3);
  assert.match(prompty.messages[0].text, /^When you tell the user:\nrefunds take 5 days\./);
});

test('a file with no request at all still gives one profile: the reply priming only', async () => {
  const file = parseBatchJsonl('empty.jsonl', '\n');
  assert.equal(file.requests.length, 0);
  const profiles = profileRequests(file, await counters());
  assert.equal(profiles.length, 1);
  assert.deepEqual(profiles[0].inputTokens, { o200k_base: 3, cl100k_base: 3 });
  assert.equal(profiles[0].declaredModel, null);
});

test('every form of Prompty role line is dropped from what is sent: indented, `#`, with attributes, `tool`', async () => {
  const text = [
    '---',
    'name: Roles',
    '---',
    '  # system:',
    'Be brief.',
    'user[name=Ada]:',
    'Hello there.',
    '\tassistant :',
    'Hi Ada.',
    'tool:',
    '{"ok": true}',
    '',
  ].join('\n');
  const file = (await parsePromptFile('roles.prompty', text))!;
  assert.deepEqual(
    file.messages.map((m) => m.role),
    ['system', 'user', 'assistant', 'tool'],
  );
  const [profile] = profileRequests(file, await counters());
  const sent = ['Be brief.\n', 'Hello there.\n', 'Hi Ada.\n', '{"ok": true}\n'];
  assert.deepEqual(
    profile.messages.map((m) => m.text.trimEnd()),
    sent.map((s) => s.trimEnd()),
  );
  // Each message: its text, 3 tokens of framing and its role (system, user, assistant, tool); 3 to prime the reply.
  assert.equal(
    profile.inputTokens.o200k_base,
    profile.messages.reduce((sum, m) => sum + ref(m.text) + 3, 3) + ref('system') + ref('user') + ref('assistant') + ref('tool'),
  );
});

test('the prefix ends where a Handlebars triple-stash opens, not inside it', async () => {
  const text = '---\nmodel: googleai/gemini-2.5-flash\ninput:\n  schema:\n    notes: string\n---\nSummarise these notes:\n{{{notes}}} in one line.\n';
  const [profile] = profileRequests((await parsePromptFile('notes.prompt', text))!, await counters());
  // Not "notes:\n{{": a newline followed by a brace is a token of its own, so a cut inside the tag would show.
  // One user message: 3 tokens of framing plus its role.
  assert.equal(profile.staticPrefixTokens.o200k_base, ref('Summarise these notes:\n') + 3 + ref('user'));
});

test('counted in o200k_base only, a profile carries no cl100k_base figures at all', async () => {
  const json = JSON.stringify({
    messages: [
      { role: 'system', content: 'Rules.' },
      { role: 'user', content: 'Hi {{ name }}, rules again.' },
    ],
  });
  const [profile] = profileRequests((await parsePromptFile('o200k.json', json))!, { o200k_base: (await counters()).o200k_base });
  // Each message: 3 tokens of framing plus its role.
  const framed = (text: string, role: string) => ref(text) + 3 + ref(role);
  assert.deepEqual(profile.inputTokens, { o200k_base: framed('Rules.', 'system') + framed('Hi , rules again.', 'user') + 100 + 3 });
  assert.deepEqual(profile.staticPrefixTokens, { o200k_base: framed('Rules.', 'system') + framed('Hi ', 'user') });
  assert.deepEqual(profile.movableStaticTokens, { o200k_base: framed('Hi , rules again.', 'user') - framed('Hi ', 'user') });
});

test('a Dotprompt with `{{ history }}` and no variable: the prefix ends at the history, with spaces or whitespace control (`~`) in the braces', async () => {
  for (const history of ['{{ history }}', '{{~history~}}']) {
    const text = `---\nmodel: googleai/gemini-2.5-flash\n---\nYou answer questions about tides.\n${history}\nThanks.\n`;
    const file = (await parsePromptFile('history.prompt', text))!;
    // `{{history}}` opens a model (assistant) message; the text before it is the user message.
    assert.deepEqual(
      file.messages.map((m) => m.role),
      ['user', 'assistant'],
      history,
    );
    const [profile] = profileRequests(file, await counters());
    // The user message whole (3 tokens of framing plus its role), then the framing of the message the history opens.
    // Without the history as a boundary, a prompt with no variable ends its prefix at the last user turn: 0 tokens.
    assert.deepEqual(
      profile.staticPrefixTokens,
      {
        o200k_base: ref('You answer questions about tides.') + 3 + ref('user') + 3 + ref('assistant'),
        cl100k_base: cl100kRef('You answer questions about tides.') + 3 + cl100kRef('user') + 3 + cl100kRef('assistant'),
      },
      history,
    );
  }
});

test('`{{history}}` is a boundary in Dotprompt only: in a Copilot prompt it is plain text', async () => {
  const file = (await parsePromptFile('review.prompt.md', 'Review the code. Keep {{history}} of it in mind.\n'))!;
  const [profile] = profileRequests(file, await counters());
  // No variable: the prefix ends at the last user turn, the only message, so nothing is cacheable.
  assert.deepEqual(profile.staticPrefixTokens, { o200k_base: 0, cl100k_base: 0 });
  assert.equal(profile.inputTokens.o200k_base, ref('Review the code. Keep {{history}} of it in mind.') + 3 + ref('user') + 3);
});

test('a `${…}` variable after a closed brace ends the prefix at its own `${`, not at the earlier brace', async () => {
  const file = (await parsePromptFile('reply.prompt.md', 'Reply as {"ok": true} for ${input:path} only.\n'))!;
  const [profile] = profileRequests(file, await counters());
  // One user message: 3 tokens of framing plus its role.
  assert.equal(profile.staticPrefixTokens.o200k_base, ref('Reply as {"ok": true} for ') + 3 + ref('user'));
});

test('a Prompty role line alone at the end of the file is dropped too: an empty message is its framing only', async () => {
  const file = (await parsePromptFile('empty-turn.prompty', '---\nname: Empty turn\n---\nsystem:\nBe brief.\nuser:'))!;
  assert.deepEqual(
    file.messages.map((m) => m.role),
    ['system', 'user'],
  );
  const [profile] = profileRequests(file, await counters());
  // Each message: its text, 3 tokens of framing and its role; the user message sends no text; 3 to prime the reply.
  assert.equal(profile.inputTokens.o200k_base, ref('Be brief.') + 3 + ref('system') + 3 + ref('user') + 3);
});

test("a request's response schema is counted in every encoding the counters hold", async () => {
  const json = JSON.stringify({
    model: 'gpt-4',
    messages: [{ role: 'user', content: 'Hi' }],
    response_format: { type: 'json_schema', json_schema: { name: 'reply', schema: { type: 'object', properties: { mood: { type: 'string' } } } } },
  });
  const [profile] = profileRequests((await parsePromptFile('schema.json', json))!, await counters());
  // The schema is sent as compact JSON.
  const schema = '{"type":"object","properties":{"mood":{"type":"string"}}}';
  assert.deepEqual(profile.billed?.responseSchemaTokens, { o200k_base: ref(schema), cl100k_base: cl100kRef(schema) });
});

test('a variable inside a tag left unclosed: the cacheable prefix is what is sent before it, never more than the input (found by the fuzz)', async () => {
  // Cut before `{{this}}`, the text alone leaves `{{role "…` unclosed and renders it as text; whole,
  // the tag swallows it and only "\r\n- " is sent. The prefix counted 11 tokens of an input of 10.
  const text = '---\r\nmodel: googleai/gemini-2.0-flash\r\n---\r\n{{role "nswer politely.\r\n{\nach questions}}\r\n- {{this}}\r\n';
  const [profile] = profileRequests((await parsePromptFile('unbalanced.prompt', text))!, await counters());
  assert.deepEqual(profile.messages, [{ role: 'user', text: '\r\n- ' }]);
  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    assert.ok(profile.staticPrefixTokens[encoding]! <= profile.inputTokens[encoding]!, encoding);
    // Rendered alone, the text disagrees with what is sent from its first character, so only the
    // message's own tokens count (3, and 1 for the role): less caching credited, never more.
    assert.equal(profile.staticPrefixTokens[encoding], 4, encoding);
  }
});

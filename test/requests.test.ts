// Request profiles: what is sent, what a cache could reuse, and what was assumed. Expected values
// are built from the reference tokenizer on the text we expect to be sent, not from our own code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import { parsePromptFile, profileRequests, type Counters } from '../src/core';
import { loadCounter as loadTokenCounter } from '../src/node/counters';

const o200k = get_encoding('o200k_base');
const ref = (text: string) => o200k.encode_ordinary(text).length;

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
  // 3 tokens of chat framing per message, 3 to prime the reply; 100 assumed for {{audience}}.
  assert.equal(profile.inputTokens.o200k_base, system + 100 + 3 + user + 3 + 3);
  assert.equal(profile.staticPrefixTokens.o200k_base, system + 3, 'the cacheable prefix ends at {{audience}}');
  assert.equal(profile.movableStaticTokens.o200k_base, ref('Explain  in one paragraph.') + 3);
  assert.equal(profile.conversation.fixedTokens.o200k_base, system + 100 + 3);
  assert.equal(profile.conversation.perTurnUserTokens.o200k_base, user + 3 + 3);
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
  const first3 = ref('Classify the sentiment.') + ref('I love it') + ref('positive') + 3 * 3;
  assert.equal(profile.staticPrefixTokens.o200k_base, first3);
  assert.equal(profile.inputTokens.o200k_base, first3 + ref('Terrible service') + 3 + 3);
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
  assert.equal(profile.staticPrefixTokens.o200k_base, ref('Answer briefly. ') + 3, 'the prefix stops before `{% if`');
  const fewShot = ref('I love it') + ref('positive') + 2 * 3;
  assert.equal(profile.conversation.fixedTokens.o200k_base, profile.inputTokens.o200k_base - profile.conversation.perTurnUserTokens.o200k_base);
  assert.ok(profile.conversation.fixedTokens.o200k_base >= fewShot + ref('Answer briefly. ') + 3, 'system and few-shot turns are fixed');
  assert.equal(profile.conversation.perTurnUserTokens.o200k_base, 100 + 3 + 3, 'the last user turn: an assumed review, framing and the reply');
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
  assert.equal(profiles[0].inputTokens.o200k_base, ref('Hello there') + 6);
  // Batch lines are sent as written: `{morning}` is text, not a variable.
  assert.equal(profiles[1].inputTokens.o200k_base, ref('Good {morning}') + 6);
  assert.equal(profiles[1].declaredModel, 'gpt-4.1');
  assert.equal(profiles[1].declaredMaxOutputTokens, 20);
});

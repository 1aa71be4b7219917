// Templates checked by the engine their format runs on: a Dotprompt template Handlebars rejects is a
// `template-syntax` error with the engine's message and the file's line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import { parsePromptFile, profileRequests } from '../src/core';
import { loadCounter } from '../src/node/counters';
import { handlebarsProblem } from '../src/core/formats/handlebarsCheck';

const DOTPROMPT = (body: string) => `---
model: googleai/gemini-2.5-flash
input:
  schema:
    age: number
---
${body}`;

test('Dotprompt: `{{#if age >= 18}}` is not Handlebars: an error on its line, with the engine message', async () => {
  const file = (await parsePromptFile('prompts/adult.prompt', DOTPROMPT('{{role "system"}}\nBe kind.\n{{#if age >= 18}}Adult.{{/if}}\n')))!;
  const errors = file.diagnostics.filter((d) => d.code === 'template-syntax');
  assert.equal(errors.length, 1);
  // Frontmatter is lines 1-6; the template's third line is the file's line 9.
  assert.equal(errors[0]!.line, 9);
  assert.equal(errors[0]!.severity, 'error');
  assert.match(errors[0]!.message, /^Handlebars: parse error on line 3 near `.*\{\{#if age >= 18\}\}.*` \(got 'INVALID'\)/);
});

test("Dotprompt: an unknown helper is rejected as Dotprompt's runtime would (knownHelpersOnly)", async () => {
  const file = (await parsePromptFile('prompts/shout.prompt', DOTPROMPT('Hello\n{{shout name}}\n')))!;
  const [error] = file.diagnostics.filter((d) => d.code === 'template-syntax');
  assert.equal(error?.line, 8);
  assert.match(error!.message, /unknown helper shout/);
  // Dotprompt's own helpers and Handlebars' built-ins pass.
  assert.equal(handlebarsProblem('{{role "user"}}{{#each items}}{{this}}{{/each}}{{json data}}{{media url=photo}}{{#if a}}x{{else}}y{{/if}}'), null);
  // Prototype tricks are just unknown helpers to it: nothing is run.
  assert.match(handlebarsProblem('{{constructor.constructor "return process"}}')!.message, /unknown helper constructor/);
  assert.match(handlebarsProblem('{{#each a}}\nx{{/if}}')!.message, /each doesn't match if/);
});

test('plain text: braces in code fences and inline code stay text; a variable outside is counted at its assumed size, per use', async () => {
  const prompt = [
    'Answer the question: {question}',
    '',
    'Example code:',
    '```python',
    'print(f"{tokens} tokens")',
    'data = {name}',
    '```',
    'Use `{placeholder}` literally. Then restate {question}.',
    '',
  ].join('\n');
  const file = (await parsePromptFile('prompts/code.txt', prompt))!;
  assert.deepEqual(
    file.variables.map((v) => v.name),
    ['question'],
  );
  const [profile] = profileRequests(file, { o200k_base: await loadCounter('o200k_base') }, { assumedVariableTokens: 100 });
  const o200k = get_encoding('o200k_base');
  // Sent: the text with both uses of {question} removed (counted as 100 each), the code as written.
  const sent = prompt.replace(/\{question\}/g, '');
  assert.equal(profile!.inputTokens.o200k_base, o200k.encode_ordinary(sent).length + 200 + 3 + o200k.encode_ordinary('user').length + 3);
  assert.deepEqual(profile!.assumptions, ['`question` has no sample value: assumed 100 tokens at each of its 2 uses']);
});

// Prompty, Dotprompt, Copilot and plain-text prompt files: what each parser extracts from the
// fixtures in test/fixtures/formats, and the invariants every parsed file keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedPromptFile } from '../src/core/types';
import { parsePrompty } from '../src/core/formats/prompty';
import { parseDotprompt } from '../src/core/formats/dotprompt';
import { parseCopilotFile, type CopilotFormat } from '../src/core/formats/copilot';
import { parsePlainText } from '../src/core/formats/plainText';
import { findVariables } from '../src/core/formats/variables';
import { sortDiagnostics } from '../src/core/formats/result';
import { DIAGNOSTIC_CODES } from '../src/core/diagnosticCodes';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'formats');
const fixtureRoot = (): string => {
  // esbuild bundles this file elsewhere; fall back to the working directory (the repo root).
  try {
    readdirSync(FIXTURES);
    return FIXTURES;
  } catch {
    return join(process.cwd(), 'test', 'fixtures', 'formats');
  }
};
const root = fixtureRoot();
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

function copilotFormat(name: string): CopilotFormat {
  if (name.endsWith('.prompt.md')) return 'copilot-prompt';
  if (name.endsWith('.instructions.md')) return 'copilot-instructions';
  if (name.endsWith('.chatmode.md')) return 'copilot-chatmode';
  return 'copilot-agent';
}

/** A parser's result in the order `parsePromptFile` gives it (diagnostics by position). */
function parse(path: string, text = read(path)): ParsedPromptFile {
  if (path.startsWith('prompty/')) return sortDiagnostics(parsePrompty(path, text));
  if (path.startsWith('dotprompt/')) return sortDiagnostics(parseDotprompt(path, text));
  if (path.startsWith('copilot/')) return sortDiagnostics(parseCopilotFile(path, text, copilotFormat(path)));
  return sortDiagnostics(parsePlainText(path, text));
}

const roles = (file: ParsedPromptFile) => file.messages.map((m) => [m.role, m.startLine, m.endLine]);
const variables = (file: ParsedPromptFile) => file.variables.map((v) => [v.name, v.line, v.sample]);
const diagnostics = (file: ParsedPromptFile) => file.diagnostics.map((d) => [d.severity, d.line]);

/** What must hold for any file, well-formed or not. */
function assertInvariants(file: ParsedPromptFile, text: string): void {
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  assert.equal(file.body.text, text.slice(file.body.startOffset), `${file.path}: body is the rest of the file`);
  assert.equal(file.body.startLine, lineOf(file.body.startOffset));
  const covered = new Array<boolean>(text.length).fill(false);
  for (const message of file.messages) {
    assert.equal(message.text, text.slice(message.startOffset, message.endOffset), `${file.path}: message text is a slice`);
    assert.ok(message.text.trim() !== '', `${file.path}: no blank message`);
    assert.equal(message.startLine, lineOf(message.startOffset));
    assert.equal(message.endLine, lineOf(message.endOffset - 1));
    assert.equal(message.request, 0);
    assert.ok(message.startOffset >= file.body.startOffset);
    for (let i = message.startOffset; i < message.endOffset; i++) covered[i] = true;
  }
  for (let i = file.body.startOffset; i < text.length; i++) {
    if (!/\s/.test(text[i])) assert.ok(covered[i], `${file.path}: ${JSON.stringify(text[i])} at offset ${i} belongs to no message`);
  }
  for (let i = 1; i < file.messages.length; i++) assert.ok(file.messages[i].startOffset >= file.messages[i - 1].endOffset, 'messages in order, no overlap');
  assert.equal(file.requests.length, 1);
  assert.equal(file.requests[0].model, file.model);
  assert.equal(file.requests[0].maxOutputTokens, file.maxOutputTokens);
  const lineCount = text.split('\n').length;
  for (const d of file.diagnostics) {
    assert.ok(d.line >= 1 && d.line <= lineCount, `${file.path}: diagnostic line ${d.line} in range`);
    assert.ok(Object.hasOwn(DIAGNOSTIC_CODES, d.code), `${file.path}: ${d.code} is a documented code`);
    assert.ok(0 <= d.range.start && d.range.start <= d.range.end && d.range.end <= text.length, `${file.path}: range inside the file`);
    assert.equal(lineOf(d.range.start), d.line, `${file.path}: "${d.message}" starts on its line`);
  }
  for (const v of file.variables) assert.ok(v.line >= 1 && v.line <= lineCount);
}

const allFixtures = ['prompty', 'dotprompt', 'copilot', 'text/prompts'].flatMap((dir) => readdirSync(join(root, dir)).map((name) => `${dir}/${name}`));

test('every fixture parses with its invariants, and so does every truncation of it', () => {
  assert.ok(allFixtures.length >= 35);
  for (const path of allFixtures) {
    const text = read(path);
    assertInvariants(parse(path, text), text);
    for (let cut = 0; cut < text.length; cut += 7) assertInvariants(parse(path, text.slice(0, cut)), text.slice(0, cut));
  }
});

// ---------------------------------------------------------------- Prompty

test('prompty v1: deployment, max_tokens, roles, samples from `sample` and inputs', () => {
  const file = parse('prompty/support-chat.prompty');
  assert.equal(file.format, 'prompty');
  assert.equal(file.model, 'gpt-4o');
  assert.equal(file.maxOutputTokens, 800);
  assert.deepEqual(file.requests, [{ label: 'Outdoor Gear Support', line: 6, model: 'gpt-4o', maxOutputTokens: 800 }]);
  assert.equal(file.body.startLine, 31);
  assert.ok(file.body.text.startsWith('system:\nYou are a friendly'));
  assert.deepEqual(roles(file), [
    ['system', 31, 41],
    ['user', 43, 44],
  ]);
  assert.equal(file.messages[1].text, 'user:\n{{question}}');
  assert.ok(file.messages[0].text.endsWith('a {{customer.tier}} member.'));
  assert.deepEqual(variables(file), [
    ['products', 36, '[]'],
    ['customer', 41, '{"firstName":"Dana","tier":"gold"}'],
    ['question', 44, 'Which tent is lightest for two people?'],
  ]);
  assert.deepEqual(file.diagnostics, []);
});

test('prompty v2: model.id, options.maxOutputTokens, `# Role:` lines, inputs list', () => {
  const file = parse('prompty/summarize-v2.prompty');
  assert.equal(file.model, 'gpt-4o-mini');
  assert.equal(file.maxOutputTokens, 512);
  assert.equal(file.requests[0].label, 'summarize-ticket');
  assert.deepEqual(roles(file), [
    ['system', 29, 31],
    ['developer', 33, 34],
    ['user', 36, 37],
  ]);
  assert.equal(file.messages[1].text, '# Developer:\nNever include customer email addresses.');
  assert.deepEqual(variables(file), [
    ['audience', 30, 'backend engineers'],
    ['severity', 31, null],
    ['ticket', 37, 'The export button does nothing on Safari 17.'],
  ]);
  assert.deepEqual(file.diagnostics, []);
});

test('prompty mustache template: comments are not variables, section names are', () => {
  const file = parse('prompty/mustache-greeting.prompty');
  assert.equal(file.model, 'gpt-4.1');
  assert.deepEqual(roles(file), [
    ['system', 10, 12],
    ['user', 14, 15],
  ]);
  assert.deepEqual(variables(file), [
    ['name', 15, 'Priya'],
    ['items', 15, '[{"name":"lantern"}]'],
  ]);
  assert.deepEqual(file.diagnostics, []);
});

test('prompty without role lines is one system message; env model and sample file are reported', () => {
  const file = parse('prompty/no-roles.prompty');
  assert.equal(file.model, null);
  assert.deepEqual(roles(file), [['system', 11, 14]]);
  assert.ok(file.messages[0].text.startsWith('Classify the message'));
  assert.ok(file.messages[0].text.endsWith('Message: {{message}}'));
  assert.deepEqual(variables(file), [['message', 14, null]]);
  assert.deepEqual(diagnostics(file), [
    ['info', 7],
    ['info', 8],
  ]);
  assert.match(file.diagnostics[0].message, /AZURE_OPENAI_CHAT_DEPLOYMENT/);
  assert.match(file.diagnostics[1].message, /intent\.sample\.json/);
});

test('prompty role lines: attributes, any case, a role with no content joins the next', () => {
  const file = parse('prompty/attributes.prompty');
  assert.deepEqual(roles(file), [
    ['system', 4, 4],
    ['system', 6, 7],
    ['assistant', 9, 11],
    ['user', 13, 14],
    ['assistant', 16, 16],
  ]);
  assert.equal(file.messages[0].text, 'Context first, before any role line.');
  assert.equal(file.messages[2].text, 'user:\nassistant:\nSure, which trail?');
  assert.equal(file.messages[4].text, 'assistant:');
  assert.deepEqual(variables(file), [['trail', 14, null]]);
});

test('prompty with broken YAML still yields its messages', () => {
  const file = parse('prompty/bad-yaml.prompty');
  assert.equal(file.model, null);
  assert.deepEqual(roles(file), [
    ['system', 10, 11],
    ['user', 13, 14],
  ]);
  assert.deepEqual(variables(file), [['question', 14, null]]);
  assert.deepEqual(diagnostics(file), [['error', 6]]);
  assert.match(file.diagnostics[0].message, /^Invalid YAML: /);
});

test('prompty with unterminated frontmatter counts the whole file', () => {
  const file = parse('prompty/unterminated.prompty');
  assert.equal(file.body.startOffset, 0);
  assert.deepEqual(roles(file), [
    ['system', 1, 3],
    ['system', 5, 6],
  ]);
  assert.deepEqual(variables(file), [['topic', 6, null]]);
  assert.deepEqual(diagnostics(file), [['error', 1]]);
  assert.match(file.diagnostics[0].message, /never closed/);
});

test('prompty with BOM, CRLF, an unclosed for-loop and a bad limit', () => {
  const text = read('prompty/unbalanced-crlf.prompty');
  assert.equal(text.charCodeAt(0), 0xfeff);
  const file = parse('prompty/unbalanced-crlf.prompty', text);
  assert.equal(file.model, 'gpt-4o');
  assert.equal(file.maxOutputTokens, null);
  assert.equal(file.body.startLine, 7);
  assert.deepEqual(roles(file), [
    ['system', 7, 10],
    ['user', 12, 13],
  ]);
  assert.equal(file.messages[1].text, 'user:\r\nWhich order shipped last?');
  assert.deepEqual(variables(file), [['orders', 9, null]]);
  assert.deepEqual(diagnostics(file), [
    ['warning', 5],
    ['error', 9],
  ]);
  assert.match(file.diagnostics[1].message, /endfor/);
});

test('prompty frontmatter-only and empty files have no messages and say so', () => {
  const only = parse('prompty/frontmatter-only.prompty');
  assert.equal(only.model, 'gpt-4o');
  assert.deepEqual(only.messages, []);
  assert.deepEqual(diagnostics(only), [['info', 5]]);
  const empty = parse('prompty/empty.prompty');
  assert.deepEqual(empty.messages, []);
  assert.deepEqual(diagnostics(empty), [['info', 1]]);
});

// ---------------------------------------------------------------- Dotprompt

test('dotprompt: comment header, model, maxOutputTokens, role helpers, schema and defaults', () => {
  const file = parse('dotprompt/recipe.prompt');
  assert.equal(file.format, 'dotprompt');
  assert.equal(file.model, 'googleai/gemini-2.5-flash');
  assert.equal(file.maxOutputTokens, 1024);
  // The output schema is billed as the JSON Schema its Picoschema expands to (worked out by hand from
  // Picoschema's rules: `title: string` is a required string, `steps(array): string` a required list of strings).
  const outputSchema = {
    type: 'object',
    properties: { title: { type: 'string' }, steps: { type: 'array', items: { type: 'string' } } },
    required: ['title', 'steps'],
    additionalProperties: false,
  };
  assert.deepEqual(file.requests, [
    {
      label: 'recipe.prompt',
      line: 5,
      model: 'googleai/gemini-2.5-flash',
      maxOutputTokens: 1024,
      billed: { tools: [], toolChoice: null, responseSchema: JSON.stringify(outputSchema), images: [] },
    },
  ]);
  assert.equal(file.body.startLine, 24);
  assert.deepEqual(roles(file), [
    ['system', 24, 25],
    ['user', 27, 31],
  ]);
  assert.equal(file.messages[0].text, '{{role "system"}}\nYou are a home-cooking assistant. Keep recipes under 10 steps.');
  assert.ok(file.messages[1].text.endsWith('{{/if}}'));
  // `pantry` is declared but unused: listed at its declaration. `this` inside each is not an input.
  assert.deepEqual(variables(file), [
    ['pantry', 14, null],
    ['dish', 28, 'shakshuka'],
    ['servings', 28, '2'],
    ['dietaryRestrictions', 29, null],
  ]);
  assert.deepEqual(file.diagnostics, []);
});

test('dotprompt: history, partials and media are noted; text before a role is user', () => {
  const file = parse('dotprompt/chat-history.prompt');
  assert.equal(file.model, 'vertexai/gemini-2.5-pro');
  assert.equal(file.maxOutputTokens, 2048);
  assert.deepEqual(roles(file), [
    ['user', 10, 10],
    ['user', 12, 15],
  ]);
  assert.equal(file.messages[1].text, "{{history}}\n{{ role 'user' }}\n{{question}}\n{{media url=photo}}");
  assert.deepEqual(variables(file), [
    ['question', 14, null],
    ['photo', 15, null],
  ]);
  assert.deepEqual(diagnostics(file), [
    ['info', 10],
    ['info', 12],
    ['info', 15],
  ]);
  assert.match(file.diagnostics[0].message, /house_style/);
  assert.match(file.diagnostics[1].message, /history/);
  assert.match(file.diagnostics[2].message, /media/i);
});

test('dotprompt without frontmatter is a user template', () => {
  const file = parse('dotprompt/no-frontmatter.prompt');
  assert.equal(file.model, null);
  assert.deepEqual(roles(file), [['user', 1, 3]]);
  assert.deepEqual(variables(file), [
    ['language', 1, null],
    ['text', 3, null],
  ]);
  assert.deepEqual(file.diagnostics, []);
});

test('dotprompt JSON Schema input; back-to-back role helpers make one message', () => {
  const file = parse('dotprompt/json-schema.prompt');
  assert.deepEqual(roles(file), [['user', 14, 15]]);
  assert.deepEqual(variables(file), [
    ['tone', 9, 'playful'],
    ['topic', 15, null],
  ]);
});

test('dotprompt with broken YAML keeps the body', () => {
  const file = parse('dotprompt/bad-yaml.prompt');
  assert.equal(file.model, null);
  assert.deepEqual(roles(file), [['user', 7, 7]]);
  assert.deepEqual(variables(file), [['article', 7, null]]);
  assert.deepEqual(diagnostics(file), [['error', 4]]);
});

test('dotprompt with BOM, CRLF and an unclosed each block', () => {
  const file = parse('dotprompt/unbalanced-crlf.prompt');
  assert.equal(file.model, 'googleai/gemini-2.0-flash');
  assert.deepEqual(roles(file), [
    ['system', 4, 5],
    ['user', 6, 8],
  ]);
  assert.equal(file.messages[0].text, '{{role "system"}}\r\nAnswer politely.');
  assert.deepEqual(variables(file), [['questions', 7, null]]);
  assert.deepEqual(diagnostics(file), [['error', 7]]);
});

test('dotprompt role names: uppercase is literal text, non-Genkit roles are warned about', () => {
  const file = parse('dotprompt/bad-roles.prompt');
  assert.deepEqual(roles(file), [
    ['user', 4, 5],
    ['assistant', 6, 7],
  ]);
  assert.deepEqual(diagnostics(file), [
    ['warning', 4],
    ['warning', 6],
  ]);
});

test('dotprompt frontmatter-only and empty files', () => {
  assert.deepEqual(diagnostics(parse('dotprompt/frontmatter-only.prompt')), [['info', 4]]);
  assert.deepEqual(parse('dotprompt/frontmatter-only.prompt').messages, []);
  assert.deepEqual(diagnostics(parse('dotprompt/empty.prompt')), [['info', 1]]);
});

// ---------------------------------------------------------------- Copilot

test('copilot prompt file: user message, model as written, input/selection/file variables', () => {
  const file = parse('copilot/review-component.prompt.md');
  assert.equal(file.format, 'copilot-prompt');
  assert.equal(file.model, 'GPT-4o');
  assert.equal(file.maxOutputTokens, null);
  assert.deepEqual(file.requests, [{ label: 'review-component.prompt.md', line: 3, model: 'GPT-4o', maxOutputTokens: null }]);
  // The later `---` is a horizontal rule inside the body.
  assert.deepEqual(roles(file), [['user', 8, 16]]);
  assert.ok(file.messages[0].text.includes('\n---\n'));
  assert.deepEqual(variables(file), [
    ['input:component', 8, null],
    ['selection', 12, null],
    ['file', 16, null],
  ]);
  assert.deepEqual(file.diagnostics, []);
});

test('copilot instructions, chat modes and agents are system messages', () => {
  const instructions = parse('copilot/typescript.instructions.md');
  assert.equal(instructions.format, 'copilot-instructions');
  assert.equal(instructions.model, null);
  assert.deepEqual(roles(instructions), [['system', 5, 8]]);
  const mode = parse('copilot/planner.chatmode.md');
  assert.equal(mode.format, 'copilot-chatmode');
  assert.equal(mode.model, 'Claude Sonnet 4 (copilot)');
  assert.deepEqual(roles(mode), [['system', 6, 8]]);
  const agent = parse('copilot/security.agent.md');
  assert.equal(agent.format, 'copilot-agent');
  assert.equal(agent.model, 'Claude Sonnet 4.5', 'first of a model list');
  assert.equal(agent.requests[0].label, 'security-reviewer');
  assert.deepEqual(roles(agent), [['system', 7, 7]]);
});

test('copilot frontmatter only on the first line', () => {
  const file = parse('copilot/no-frontmatter.prompt.md');
  assert.equal(file.body.startOffset, 0);
  assert.deepEqual(roles(file), [['user', 1, 9]]);
  assert.deepEqual(file.diagnostics, []);
});

test('copilot malformed frontmatter: bad YAML, not a mapping, never closed', () => {
  const bad = parse('copilot/bad-yaml.prompt.md');
  assert.equal(bad.model, null);
  assert.deepEqual(roles(bad), [['user', 5, 5]]);
  assert.deepEqual(variables(bad), [['input:topic', 5, null]]);
  assert.deepEqual(diagnostics(bad), [['error', 4]]);
  const list = parse('copilot/not-mapping.instructions.md');
  assert.deepEqual(roles(list), [['system', 5, 5]]);
  assert.deepEqual(diagnostics(list), [['warning', 2]]);
  const open = parse('copilot/unterminated.chatmode.md');
  assert.deepEqual(roles(open), [['system', 1, 5]]);
  assert.deepEqual(diagnostics(open), [['error', 1]]);
});

test('copilot with BOM and CRLF, frontmatter-only and empty files', () => {
  const file = parse('copilot/crlf-bom.prompt.md');
  assert.equal(file.model, 'o4-mini');
  assert.deepEqual(roles(file), [['user', 4, 4]]);
  assert.equal(file.messages[0].text, 'Fix the failing test in ${file}.');
  assert.deepEqual(variables(file), [['file', 4, null]]);
  assert.deepEqual(parse('copilot/frontmatter-only.agent.md').messages, []);
  assert.deepEqual(diagnostics(parse('copilot/frontmatter-only.agent.md')), [['info', 4]]);
  assert.deepEqual(diagnostics(parse('copilot/empty.prompt.md')), [['info', 1]]);
});

// ---------------------------------------------------------------- Plain text

test('plain text: system by file name, CRLF, Python-format variables', () => {
  const file = parse('text/prompts/system-support.txt');
  assert.equal(file.format, 'text');
  assert.deepEqual(roles(file), [['system', 1, 2]]);
  assert.equal(file.messages[0].text, 'You are the support assistant for {company}.\r\nAddress the customer as {customer_name}.');
  assert.deepEqual(variables(file), [
    ['company', 1, null],
    ['customer_name', 2, null],
  ]);
  assert.equal(file.model, null);
  assert.equal(file.maxOutputTokens, null);
});

test('plain text: user message; Jinja, ${} and {{ }} variables; JSON braces are not variables', () => {
  const file = parse('text/prompts/summarize.md');
  assert.deepEqual(roles(file), [['user', 1, 8]]);
  assert.deepEqual(variables(file), [
    ['lang', 3, null],
    ['style', 4, null],
    ['document', 6, null],
  ]);
  assert.deepEqual(file.diagnostics, []);
});

test('plain text: unbalanced blocks are warnings', () => {
  const file = parse('text/prompts/unbalanced.txt');
  assert.deepEqual(roles(file), [['user', 1, 2]]);
  assert.deepEqual(diagnostics(file), [
    ['warning', 1],
    ['warning', 2],
  ]);
});

test('plain text: BOM is not part of the prompt; empty file', () => {
  const file = parse('text/prompts/bom.txt');
  assert.equal(file.body.startOffset, 1);
  assert.deepEqual(roles(file), [['user', 2, 2]]);
  assert.equal(file.messages[0].text, 'Hello {{user}}!');
  assert.deepEqual(diagnostics(parse('text/prompts/empty.txt')), [['info', 1]]);
});

// ---------------------------------------------------------------- Variable finders

test('jinja variables: tests after `is` and `set` right-hand sides', () => {
  const names = (text: string) => findVariables(text, 'jinja').map((use) => use.name);
  assert.deepEqual(names('{% if user is defined and not flag %}{{ x }}{% endif %}'), ['user', 'flag', 'x']);
  assert.deepEqual(names('{% if a is not none %}{% endif %}'), ['a']);
  assert.deepEqual(names('{% set greeting = user.name %}{{ greeting }}'), ['user']);
});

test('handlebars variables: fields inside each/with are not inputs; @root and ../ are', () => {
  const names = (text: string) => findVariables(text, 'handlebars').map((use) => use.name);
  assert.deepEqual(names('{{#each docs}}{{title}} {{@index}} {{../topic}}{{/each}} {{after}} {{this.x}}'), ['docs', 'topic', 'after']);
  assert.deepEqual(names('{{#with person}}{{name}}{{/with}}{{#if ok}}{{inside}}{{/if}}'), ['person', 'ok', 'inside']);
  assert.deepEqual(names('{{#each a}}{{media url=@root.pic}}{{/each}}'), ['a', 'pic']);
});

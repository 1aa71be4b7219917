// The `llm-cost scan` command as a user runs it: the built CLI on real folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get_encoding } from 'tiktoken';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

test('scan --format json on the examples recognises every kind of prompt file', () => {
  const result = run('scan', join(__dirname, '..', '..', 'examples'), '--format', 'json');
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  const formats = Object.fromEntries(report.files.map((file: { path: string; format: string }) => [file.path, file.format]));
  assert.deepEqual(formats, {
    '.github/chatmodes/cost-reviewer.chatmode.md': 'copilot-chatmode',
    '.github/instructions/prompt-files.instructions.md': 'copilot-instructions',
    '.github/prompts/write-release-notes.prompt.md': 'copilot-prompt',
    'batch/nightly-tagging.jsonl': 'batch-jsonl',
    'chat/extract-invoice.json': 'chat-json',
    'evals/promptfooconfig.yaml': 'promptfoo',
    'evals/prompts/classify-ticket.txt': 'text',
    'genkit/summarize-ticket.prompt': 'dotprompt',
    'prompts/translate-reply.txt': 'text',
    'support-bot/support-agent.prompty': 'prompty',
  });
  for (const file of report.files) {
    assert.deepEqual(Object.keys(file).sort(), [
      'diagnostics',
      'format',
      'maxOutputTokens',
      'messages',
      'model',
      'path',
      'references',
      'requests',
      'textTokens',
      'variables',
    ]);
  }
});

test('scan counts the prompt text exactly and honours .gitignore at every level', () => {
  const root = mkdtempSync(join(tmpdir(), 'llm-cost-scan-'));
  try {
    mkdirSync(join(root, 'prompts', 'drafts'), { recursive: true });
    mkdirSync(join(root, 'generated'));
    const text = 'Summarise the text below in three bullet points.\n\n{{ text }}\n';
    writeFileSync(join(root, 'prompts', 'summary.txt'), text);
    writeFileSync(join(root, 'prompts', 'drafts', 'old.txt'), 'ignored by the nested .gitignore');
    writeFileSync(join(root, 'prompts', '.gitignore'), 'drafts/\n!kept.txt\n');
    writeFileSync(join(root, 'prompts', 'kept.txt'), 'ignored by the root .gitignore, brought back below');
    writeFileSync(join(root, 'generated', 'x.prompty'), 'user:\nignored by the root .gitignore');
    writeFileSync(join(root, '.gitignore'), '/generated\nkept.txt\n');
    writeFileSync(join(root, 'README.md'), 'not a prompt: outside prompts/');
    const result = run('scan', root, '--format', 'json');
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(
      report.files.map((file: { path: string }) => file.path),
      ['prompts/kept.txt', 'prompts/summary.txt'],
    );
    const file = report.files[1];
    assert.equal(file.textTokens.o200k_base, get_encoding('o200k_base').encode_ordinary(text).length);
    // No model of the default comparison reads cl100k_base: not counted.
    assert.equal(file.textTokens.cl100k_base, undefined);
    assert.deepEqual(file.variables, [{ name: 'text', line: 3, sample: null }]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('scan reports a malformed file as a diagnostic with its line, and still counts it', () => {
  const root = mkdtempSync(join(tmpdir(), 'llm-cost-scan-'));
  try {
    writeFileSync(join(root, 'broken.prompty'), '---\nmodel: [unclosed\n---\nuser:\nHello {{name}}\n');
    const result = run('scan', root, '--format', 'json');
    assert.equal(result.status, 0, result.stderr);
    const [file] = JSON.parse(result.stdout).files;
    assert.ok(
      file.diagnostics.some((d: { severity: string; line: number }) => d.severity === 'error' && d.line >= 2 && d.line <= 3),
      JSON.stringify(file.diagnostics),
    );
    // Still counted: the body as written, after the frontmatter.
    assert.equal(file.textTokens.o200k_base, get_encoding('o200k_base').encode_ordinary('user:\nHello {{name}}\n').length);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a promptfoo config cannot pull a secret file into the report', () => {
  const root = mkdtempSync(join(tmpdir(), 'llm-cost-scan-'));
  try {
    mkdirSync(join(root, 'data'));
    writeFileSync(join(root, '.env'), 'SECRET_TOKEN=do-not-print');
    writeFileSync(join(root, 'data', 'context.txt'), 'INTERNAL-CONTEXT-TEXT');
    writeFileSync(
      join(root, 'promptfooconfig.yaml'),
      'prompts:\n  - "Use {{ context }} and {{ token }}"\nproviders:\n  - openai:gpt-4o\ntests:\n  - vars:\n      context: file://data/context.txt\n      token: file://.env\n',
    );
    const result = run('scan', root, '--format', 'json');
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /do-not-print/, 'dotfiles are never read');
    assert.doesNotMatch(result.stdout, /INTERNAL-CONTEXT-TEXT/, 'samples from files are not printed');
    const [file] = JSON.parse(result.stdout).files;
    const context = file.variables.find((variable: { name: string }) => variable.name === 'context');
    assert.deepEqual(context, { name: 'context', line: 2, sample: null, sampleFrom: 'data/context.txt' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('scan --format markdown and table print a readable report', () => {
  const examples = join(__dirname, '..', '..', 'examples');
  const markdown = run('scan', examples, '--format', 'markdown');
  assert.equal(markdown.status, 0);
  assert.match(markdown.stdout, /^## Prompt files/);
  assert.match(markdown.stdout, /\| `support-bot\/support-agent\.prompty` \| prompty \| gpt-4o \|/);
  const table = run('scan', examples);
  assert.match(table.stdout, /10 prompt files/);
});

test('bad arguments are usage errors, not crashes', () => {
  const unknown = run('frobnicate');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unknown command "frobnicate"/);
  const missing = run('scan', '/no/such/folder');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no such file or folder/);
  const badFormat = run('scan', '.', '--format', 'xml');
  assert.equal(badFormat.status, 2);
  assert.match(badFormat.stderr, /--format must be/);
});

test('scan counts cl100k_base only for a file whose model reads it, and shows the column only then', () => {
  const root = mkdtempSync(join(tmpdir(), 'llm-cost-scan-cl100k-'));
  try {
    const content = 'Translate the text below into French, keeping its tone.';
    const legacy = JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content }] });
    const current = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
    writeFileSync(join(root, 'legacy.json'), legacy);
    writeFileSync(join(root, 'current.json'), current);
    // A scan counts each file as written, in the encodings its model and the default comparison read.
    const report = JSON.parse(run('scan', root, '--format', 'json').stdout);
    const byPath = new Map(report.files.map((file: { path: string; textTokens: Record<string, number> }) => [file.path, file.textTokens]));
    assert.deepEqual(byPath.get('legacy.json'), {
      o200k_base: get_encoding('o200k_base').encode_ordinary(legacy).length,
      cl100k_base: get_encoding('cl100k_base').encode_ordinary(legacy).length,
    });
    assert.deepEqual(byPath.get('current.json'), { o200k_base: get_encoding('o200k_base').encode_ordinary(current).length });
    const table = run('scan', root).stdout;
    assert.match(table, /Tokens cl100k/);
    assert.match(table, /current\.json .*—/);
    rmSync(join(root, 'legacy.json'));
    assert.doesNotMatch(run('scan', root).stdout, /cl100k/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// Generated prompt files for property tests and `npm run fuzz`: files of every format built from
// random structures (frontmatter, YAML configs, chat JSON, Batch lines, templates) with hostile
// values in them, and mutations of the real fixtures (cuts, duplications, inserted syntax).
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface GeneratedFile {
  path: string;
  text: string;
}

const ROOT = join(__dirname, '..', '..');

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every fixture and example, with a path its format is detected from. */
export const FIXTURES: readonly GeneratedFile[] = [...filesUnder(join(ROOT, 'test', 'fixtures', 'formats')), ...filesUnder(join(ROOT, 'examples'))]
  .filter((file) => statSync(file).size < 200_000)
  .map((file) => ({ path: relative(ROOT, file).split('\\').join('/'), text: readFileSync(file, 'utf8') }));

// Pieces that make parsers take their other branches: syntax of every format, hostile names and
// values, odd characters (NUL, BOM, lone surrogates, CR, bidi overrides, ANSI escapes).
const PIECES = [
  '---',
  '---\n',
  '\n',
  '\r',
  '\r\n',
  '\t',
  ' ',
  ':',
  '- ',
  '"',
  "'",
  '`',
  '{',
  '}',
  '[',
  ']',
  ',',
  '{{',
  '}}',
  '{{#each items}}',
  '{{/each}}',
  '{{#if x}}',
  '{% for x in xs %}',
  '{% endfor %}',
  '{% if a %}',
  '{%',
  '%}',
  '{#',
  '#}',
  '${input:name:hint}',
  '{var}',
  '{{var}}',
  '{{ toString }}',
  '{{__proto__}}',
  '{{constructor}}',
  'system:',
  'user:',
  'assistant:',
  '<|im_start|>',
  '{{role "user"}}',
  '{{history}}',
  '{{media url=x}}',
  '&a [x, y]',
  '*a',
  '!!js/function "f() {}"',
  '!!binary',
  '<<: *a',
  'file://prompt.txt',
  'file://../outside.txt',
  'file://',
  'file:/one.txt',
  'file://*.txt',
  'file://p.py:make',
  '"role": "user"',
  '"content": ',
  '"messages": [',
  '"custom_id": "x"',
  '"body": {',
  '"model": 123',
  '"model": "gpt-4o"',
  'model: gpt-4o',
  'model: 123',
  'model: [a, b]',
  'max_tokens: 1e308',
  'max_tokens: -5',
  '__proto__:',
  'constructor:',
  'toString:',
  'hasOwnProperty:',
  '1e308',
  '-0',
  'NaN',
  'null',
  'true',
  '\u0000',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\u202e',
  '\u001b[31m',
  '\u0085',
  '\u2028',
  'я',
  '你好',
  '🙂',
  'a'.repeat(300),
];

const piece = fc.constantFrom(...PIECES);
const word = fc.oneof(
  fc.constantFrom('gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-flash', 'x', 'name', 'prompt', 'items', 'question'),
  fc.string({ maxLength: 12 }),
);
const textish = fc
  .array(fc.oneof({ weight: 3, arbitrary: word }, { weight: 2, arbitrary: piece }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }), {
    maxLength: 40,
  })
  .map((parts) => parts.join(' '));

/** Any JSON-like value, with hostile keys and numbers. */
const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    textish,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(word, fc.constantFrom('__proto__', 'constructor', 'toString', 'role', 'content', 'model', 'messages')), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

const message = fc.record({
  role: fc.oneof(fc.constantFrom('system', 'user', 'assistant', 'tool', 'model', 'developer'), word),
  content: fc.oneof(textish, jsonValue),
});

const yamlScalar = fc.oneof(
  word,
  textish.map((text) => JSON.stringify(text)),
  fc.constantFrom('1e308', '-1', '123', 'true', '[a, b]', '{}', '|', '>-', '&a x', '*a'),
);
const yamlLines = fc
  .array(
    fc.tuple(
      fc.nat({ max: 3 }),
      fc.oneof(word, fc.constantFrom('model', 'inputs', 'sample', 'configuration', 'max_tokens', 'prompts', 'providers', 'tests', 'vars', '__proto__')),
      yamlScalar,
    ),
    { maxLength: 12 },
  )
  .map((lines) => lines.map(([indent, key, value]) => `${'  '.repeat(indent)}${key}: ${value}`).join('\n'));

const body = fc
  .array(fc.oneof(textish, fc.constantFrom('system:', 'user:', 'assistant:', '{{role "system"}}', '# heading')), { maxLength: 8 })
  .map((lines) => lines.join('\n'));

const frontmatterFile = (path: fc.Arbitrary<string>) =>
  fc
    .record({ path, yaml: yamlLines, body, close: fc.boolean() })
    .map(({ path, yaml, body, close }) => ({ path, text: `---\n${yaml}\n${close ? '---\n' : ''}${body}` }));

const promptfooConfig = fc
  .record({
    prompts: fc.array(fc.oneof(textish, fc.constantFrom('file://prompts/a.txt', 'file://chat.json', 'file://../x.txt', 'file://p.py:f', 'prompts/a.txt')), {
      maxLength: 5,
    }),
    providers: fc.array(fc.oneof(fc.constantFrom('openai:gpt-4o', 'anthropic:messages:claude-haiku-4-5', 'constructor:x'), word), { maxLength: 3 }),
    tests: fc.array(fc.dictionary(word, fc.oneof(textish, fc.constant('file://vars.txt'))), { maxLength: 3 }),
    extra: yamlLines,
  })
  .map(({ prompts, providers, tests, extra }) => ({
    path: 'promptfooconfig.yaml',
    text: [
      'prompts:',
      ...prompts.map((prompt) => `  - ${JSON.stringify(prompt)}`),
      'providers:',
      ...providers.map((provider) => `  - ${JSON.stringify(provider)}`),
      'tests:',
      ...tests.map((vars) => `  - vars: ${JSON.stringify(vars)}`),
      extra,
    ].join('\n'),
  }));

const chatJson = fc
  .record({
    model: fc.oneof(word, jsonValue),
    messages: fc.oneof(fc.array(message, { maxLength: 5 }), jsonValue),
    max_tokens: fc.oneof(fc.integer(), fc.double(), textish),
  })
  .map((data) => ({ path: 'chat.json', text: JSON.stringify(data, null, 2) }));

const batchJsonl = fc
  .array(
    fc.oneof(
      fc
        .record({
          custom_id: fc.oneof(word, jsonValue),
          method: fc.constantFrom('POST', 'GET'),
          url: fc.constantFrom('/v1/chat/completions', '/v1/responses', '/x'),
          body: fc.record({ model: fc.oneof(word, jsonValue), messages: fc.array(message, { maxLength: 3 }) }),
        })
        .map((line) => JSON.stringify(line)),
      textish,
    ),
    { maxLength: 6 },
  )
  .map((lines) => ({ path: 'batch/requests.jsonl', text: lines.join('\n') }));

const plainText = fc.record({ path: fc.constantFrom('prompts/a.txt', 'prompts/system.md', 'x.prompt.txt'), text: body });

/** A real fixture with a few edits: cuts, duplications and pieces of syntax put anywhere. */
const mutatedFixture = fc
  .record({
    fixture: fc.constantFrom(...FIXTURES),
    edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 64 }), fc.oneof(piece, fc.constant(''), fc.string({ unit: 'binary', maxLength: 4 }))), {
      minLength: 1,
      maxLength: 6,
    }),
  })
  .map(({ fixture, edits }) => {
    let text = fixture.text;
    for (const [at, length, insert] of edits) {
      const start = text.length === 0 ? 0 : at % text.length;
      text = text.slice(0, start) + insert + text.slice(Math.min(text.length, start + length));
    }
    return { path: fixture.path, text };
  });

/** Prompt files of every format: half from structure, half mutated fixtures. */
export const promptFile: fc.Arbitrary<GeneratedFile> = fc.oneof(
  frontmatterFile(fc.constantFrom('a.prompty', 'b.prompt', 'c.prompt.md', 'd.instructions.md', 'e.chatmode.md', '.github/agents/f.md')),
  promptfooConfig,
  chatJson,
  batchJsonl,
  plainText,
  mutatedFixture,
  mutatedFixture,
  mutatedFixture,
);

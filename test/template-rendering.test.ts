// Templates rendered by the engines their formats run on: a loop over a sample list is expanded as
// sent, in Dotprompt (Handlebars' parse tree walked here without eval, compared with the real
// `dotprompt` package), Prompty and promptfoo (Jinja, by @huggingface/jinja). Each expected figure
// is the text written by hand in the test, counted with tiktoken, plus OpenAI's per-message framing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import { Dotprompt } from 'dotprompt';
import { parsePromptFile, profileRequests, type ParsedPromptFile } from '../src/core';
import { loadCounter } from '../src/node/counters';
import { renderTemplate } from '../src/core/render';
import { parseHandlebars, renderHandlebars } from '../src/core/templates/handlebars';

const o200k = get_encoding('o200k_base');
const tokens = (text: string) => o200k.encode_ordinary(text).length;
/** OpenAI's framing: 3 per message plus its role, 3 to prime the reply. */
const framing = (...roles: string[]) => roles.reduce((sum, role) => sum + 3 + tokens(role), 0) + 3;

async function profileOf(path: string, text: string, files: Record<string, string> = {}) {
  const reader = { readText: (p: string) => Promise.resolve(files[p]) };
  const file = (await parsePromptFile(path, text, { reader }))!;
  const profiles = profileRequests(file, { o200k_base: await loadCounter('o200k_base') }, { assumedVariableTokens: 100 });
  return { file, profile: profiles[0]! };
}

const templateErrors = (file: ParsedPromptFile) => file.diagnostics.filter((d) => d.code === 'template-syntax');

// --- Dotprompt -----------------------------------------------------------------------------------

const ORDER_PROMPT = `---
model: openai/gpt-4o
input:
  default:
    customer: Ada
    items: [apples, pears, plums]
    notes: []
---
{{role "system"}}
You write order summaries.
{{role "user"}}
Order for {{customer}}:
{{#each items}}
{{@index}}. {{this}}{{#if @first}} (first){{/if}}{{#if @last}} (last){{/if}}
{{/each}}
{{#each notes}}{{this}}{{else}}No notes.{{/each}}
`;

test('Dotprompt: a loop over a sample list is expanded as sent (@index, @first, @last, this, else)', async () => {
  const { file, profile } = await profileOf('prompts/order.prompt', ORDER_PROMPT);
  assert.deepEqual(templateErrors(file), []);
  // Dotprompt keeps the newline after each role helper; Handlebars drops the standalone {{#each}} lines.
  const system = '\nYou write order summaries.';
  const user = '\nOrder for Ada:\n0. apples (first)\n1. pears\n2. plums (last)\nNo notes.';
  assert.deepEqual(
    profile.messages.map((m) => [m.role, m.text]),
    [
      ['system', system],
      ['user', user],
    ],
  );
  assert.equal(profile.inputTokens.o200k_base, tokens(system) + tokens(user) + framing('system', 'user'));
  assert.equal(profile.inputTokens.o200k_base, 42); // also 42 with js-tiktoken
  assert.deepEqual(profile.assumptions, []);

  // The reference implementation renders the same messages (up to the whitespace a message ends with).
  const input = { customer: 'Ada', items: ['apples', 'pears', 'plums'], notes: [] };
  const rendered = await new Dotprompt().render(ORDER_PROMPT, { input });
  assert.deepEqual(
    rendered.messages.map((m) => [
      m.role,
      m.content
        .map((part) => ('text' in part ? part.text : ''))
        .join('')
        .trimEnd(),
    ]),
    [
      ['system', system],
      ['user', user],
    ],
  );
});

// Templates and data the walker must render exactly as Handlebars compiled with Dotprompt's helpers
// and options (knownHelpersOnly, noEscape) does.
const SAME_AS_DOTPROMPT: [template: string, data: Record<string, unknown>][] = [
  ['Hello {{name}}, {{ name }}! {{missing}}|{{missing.deep.path}}|', { name: 'Ada' }],
  ['{{#each items}}{{@index}}:{{this}}{{#unless @last}}, {{/unless}}{{/each}}', { items: ['a', 'b', 'c'] }],
  ['{{#each items as |item i|}}{{i}}={{item.name}} ({{../title}}){{/each}}', { title: 'T', items: [{ name: 'x' }, { name: 'y' }] }],
  ['{{#each order}}{{@key}}={{this}};{{/each}}', { order: { id: 7, total: 12.5, paid: false } }],
  ['{{#each nested}}[{{#each this}}{{this}}{{@index}}{{/each}}]{{/each}}', { nested: [['p', 'q'], ['r']] }],
  [
    '{{#if a}}A{{else if b}}B{{else}}C{{/if}}|{{#if zero}}0{{/if}}{{#if zero includeZero=true}}z{{/if}}|{{#if empty}}E{{else}}e{{/if}}',
    { b: 1, zero: 0, empty: [] },
  ],
  ['{{#unless done}}todo{{else}}done{{/unless}}', { done: false }],
  ['{{#with user}}{{name}} <{{email}}>{{else}}nobody{{/with}}|{{#with nobody}}x{{else}}none{{/with}}', { user: { name: 'Bo', email: 'b@x' } }],
  ['{{#items}}<{{this}}>{{/items}}{{^items}}none{{/items}}|{{#flag}}on{{/flag}}|{{#obj}}{{k}}{{/obj}}', { items: ['i', 'j'], flag: true, obj: { k: 'v' } }],
  ['{{#empty}}x{{/empty}}{{^empty}}no items{{/empty}}', { empty: [] }],
  ['list:\n{{#each items}}\n  - {{this}}\n{{/each}}\nend\n', { items: ['one', 'two'] }],
  ['a  {{~name~}}  b\n{{#if name~}}\n   c\n{{~/if}}\n', { name: 'N' }],
  ['{{json data}}|{{json data indent=2}}|{{json missing}}', { data: { a: [1, 2], b: 'x' } }],
  [
    '{{role "system"}}sys{{role \'user\'}}u{{history}}{{section "output"}}{{media url=photo}}{{media url=photo contentType="image/png"}}',
    { photo: 'https://x/y.png' },
  ],
  ['{{#ifEquals kind "a"}}is a{{else}}not a{{/ifEquals}}|{{#unlessEquals kind "b"}}not b{{/unlessEquals}}', { kind: 'a' }],
  ['{{lookup map key}}|{{lookup list 1}}|{{lookup map "nope"}}', { map: { k: 'found' }, key: 'k', list: ['x', 'y'] }],
  ['{{this.name}}|{{./name}}|{{@root.name}}|{{#each items}}{{@root.name}}{{/each}}', { name: 'R', items: [1, 2] }],
  [
    '{{flag}} {{num}} {{zero}} {{nil}} {{list}} {{obj}} {{items.length}}',
    { flag: false, num: 3.5, zero: 0, nil: null, list: [1, [2, 3], null], obj: { a: 1 }, items: ['a', 'b'] },
  ],
  [
    '{{__proto__}}|{{constructor}}|{{toString}}|{{hasOwnProperty}}|{{name.constructor}}|{{lookup this "constructor"}}',
    JSON.parse('{"__proto__": "P", "constructor": "C", "toString": "T", "name": "n"}'),
  ],
  ['{{constructor}}|{{__proto__}}|{{toString}}|{{name.length}}|{{name.constructor.name}}', { name: 'abc' }],
  ['{{!-- a comment --}}{{! another }}text{{"literal"}}', {}],
  ['{{#each items}}{{#each ../items}}{{this}}{{/each}}-{{/each}}', { items: ['x', 'y'] }],
  // `../` counts only contexts that differ from the one outside (Handlebars' depths): equal items do not add one.
  ['{{#each xs}}{{#each ../xs}}{{#each ../../xs}}{{this}}{{/each}}{{/each}}{{/each}}', { xs: ['a', 'a'] }],
  ['{{#each xs}}{{#each ../xs}}{{#each ../../xs}}{{this}}{{/each}}{{/each}}{{/each}}', { xs: ['a', 'b'] }],
  ['{{#with user}}{{#with ../user}}{{name}}{{../name}}|{{../../name}}{{/with}}{{/with}}', { name: 'root', user: { name: 'u' } }],
];

test('Dotprompt: the walker renders what Handlebars compiled by the real dotprompt package renders', () => {
  const dotprompt = new Dotprompt() as unknown as { handlebars: typeof import('handlebars'); knownHelpers: Record<string, true> };
  const errors = console.error;
  for (const [template, data] of SAME_AS_DOTPROMPT) {
    // Handlebars logs when it denies a prototype property; the denial itself is what is compared.
    console.error = () => {};
    let expected: string;
    try {
      expected = dotprompt.handlebars.compile(template, { knownHelpers: dotprompt.knownHelpers, knownHelpersOnly: true, noEscape: true })(data);
    } finally {
      console.error = errors;
    }
    assert.equal(renderHandlebars(parseHandlebars(template), data), expected, template);
  }
});

test('Dotprompt: roles as its runtime assigns them: single-quoted role helpers switch; text after {{history}} is a model turn unless a role follows', async () => {
  const cases = [
    "{{ role 'system' }}\nBe brief.\n{{ role 'user' }}\nHi {{name}}.",
    '{{role "system"}}\nBe brief.\n{{history}}\nThen continue.',
    '{{role "system"}}\nBe brief.\n{{history}}\n{{role "user"}}\nQuestion.',
    'No role at all: a user turn.',
  ];
  const roleName = (role: string) => (role === 'model' ? 'assistant' : role);
  for (const body of cases) {
    const source = `---\nmodel: googleai/gemini-2.5-flash\n---\n${body}\n`;
    const { profile } = await profileOf('prompts/roles.prompt', source);
    const reference = await new Dotprompt().render(source, { input: { name: 'Ada' } });
    assert.deepEqual(
      profile.messages.map((m) => m.role),
      reference.messages.map((m) => roleName(m.role)),
      body,
    );
  }
});

test('Dotprompt: a variable with no sample keeps its assumption, counted once per use as rendered (in a loop: per item); a condition on it is taken as true', async () => {
  const text = `---
model: openai/gpt-4o
input:
  default:
    items: [a, b, c]
---
{{#each items}}
- {{this}}: {{../comment}}
{{/each}}
{{#if unknownFlag}}Flagged.{{else}}Not flagged.{{/if}}
`;
  const { profile } = await profileOf('prompts/c.prompt', text);
  // `unknownFlag` has no sample: its branch is counted (the larger reading is not always this one, but
  // the text is there to be counted), and it is not sent itself, so it adds no assumed tokens.
  const user = '- a: \n- b: \n- c: \nFlagged.';
  assert.deepEqual(
    profile.messages.map((m) => m.text),
    [user],
  );
  assert.equal(profile.inputTokens.o200k_base, tokens(user) + 300 + framing('user'));
  assert.deepEqual(profile.assumptions, ['`comment` has no sample value: assumed 100 tokens at each of its 3 uses']);
});

// --- Jinja: Prompty and promptfoo -------------------------------------------------------------------

const PROMPTY = (body: string, sample: string) => `---
name: Support
model:
  api: chat
  configuration:
    type: openai
    name: gpt-4o
sample:
${sample}
---
${body}`;

test('Prompty: a loop over a sample list is rendered by the Jinja engine as sent (loop.index, if/else, filters)', async () => {
  const text = PROMPTY(
    `system:
You answer from the documents below.
{% for doc in documents %}
[{{ loop.index }}] {{ doc.title | upper }}: {{ doc.body }}{% if not loop.last %};{% endif %}
{% endfor %}
{% if documents | length > 2 %}Many documents.{% else %}Few documents.{% endif %}

user:
{{ question }}
`,
    `  question: Where is my parcel?
  documents:
    - title: Shipping
      body: Parcels leave in 2 days.
    - title: Returns
      body: Returns are free.`,
  );
  const { file, profile } = await profileOf('support.prompty', text);
  assert.deepEqual(templateErrors(file), []);
  const system = 'You answer from the documents below.\n\n[1] SHIPPING: Parcels leave in 2 days.;\n\n[2] RETURNS: Returns are free.\n\nFew documents.';
  const user = 'Where is my parcel?';
  assert.deepEqual(
    profile.messages.map((m) => [m.role, m.text]),
    [
      ['system', system],
      ['user', user],
    ],
  );
  assert.equal(profile.inputTokens.o200k_base, tokens(system) + tokens(user) + framing('system', 'user'));
  assert.equal(profile.inputTokens.o200k_base, 49); // also 49 with js-tiktoken
});

test('promptfoo: a loop over a list in a test variable is rendered as sent, in an inline prompt and in a referenced file', async () => {
  const config = `prompts:
  - 'Summarise: {% for t in ticket.lines %}<{{ t }}>{% endfor %} for {{ name }}'
  - file://prompts/list.txt
providers: [openai:gpt-4o-mini]
tests:
  - vars:
      name: Bo
      ticket:
        lines: [late, broken, refund]
`;
  const files = { 'prompts/list.txt': 'Items:\n{% for t in ticket.lines %}\n* {{ t | title }}\n{% endfor %}\nThanks, {{ name }}.\n' };
  const reader = { readText: (p: string) => Promise.resolve(files[p as keyof typeof files]) };
  const file = (await parsePromptFile('promptfooconfig.yaml', config, { reader }))!;
  assert.deepEqual(templateErrors(file), []);
  const profiles = profileRequests(file, { o200k_base: await loadCounter('o200k_base') }, { assumedVariableTokens: 100 });
  const inline = 'Summarise: <late><broken><refund> for Bo';
  const fromFile = 'Items:\n\n* Late\n\n* Broken\n\n* Refund\n\nThanks, Bo.';
  assert.deepEqual(
    profiles.map((p) => p.messages.map((m) => m.text)),
    [[inline], [fromFile]],
  );
  assert.equal(profiles[0]!.inputTokens.o200k_base, tokens(inline) + framing('user'));
  assert.equal(profiles[1]!.inputTokens.o200k_base, tokens(fromFile) + framing('user'));
});

test('Jinja: a template the engine cannot parse is a template-syntax error with its message, at the line of the tag', async () => {
  const { file } = await profileOf('broken.prompty', PROMPTY('system:\nHello.\nAge: {{ age + }}\n\nuser:\n{{ question }}\n', '  question: Hi\n  age: 3'));
  const [error, ...rest] = templateErrors(file);
  assert.equal(rest.length, 0);
  // Frontmatter is lines 1-11; `Age: {{ age + }}` is the body's third line.
  assert.equal(error?.line, 14);
  assert.equal(error?.severity, 'error');
  assert.match(error!.message, /^Jinja: Unexpected token: CloseExpression\. The template will not render\.$/);

  const config = "prompts:\n  - 'Hi {% if x %}'\n  - 'Bye {{ y | }}'\nproviders: [openai:gpt-4o]\n";
  const promptfoo = (await parsePromptFile('promptfooconfig.yaml', config))!;
  assert.deepEqual(
    templateErrors(promptfoo).map((d) => d.line),
    [2, 3],
  );

  // Valid Jinja the engine does not implement is not the file's fault: no error, counted as written, and said.
  const raw = await profileOf('raw.prompty', PROMPTY('system:\n{% raw %}{{ kept }}{% endraw %} {{ question }}\n', '  question: Hi'));
  assert.deepEqual(templateErrors(raw.file), []);
  assert.ok(raw.profile.assumptions.some((a) => /does not implement `\{% raw %\}`/.test(a)));
});

test('Prompty: a loop around role lines (few-shot turns) is counted once, as written, and the assumptions say so', async () => {
  const text = PROMPTY(
    'system:\nAnswer briefly.\n{% for ex in examples %}\nuser:\n{{ ex.q }}\n\nassistant:\n{{ ex.a }}\n{% endfor %}\n\nuser:\n{{ question }}\n',
    '  question: Why?\n  examples:\n    - {q: One, a: Two}\n    - {q: Three, a: Four}',
  );
  const { file, profile } = await profileOf('fewshot.prompty', text);
  assert.deepEqual(templateErrors(file), []);
  assert.deepEqual(
    profile.messages.map((m) => m.role),
    ['system', 'user', 'assistant', 'user'],
  );
  assert.ok(
    profile.assumptions.includes(
      'The template was not rendered by the engine (a loop or condition in it spans more than one message): counted as written, loops once',
    ),
  );
});

test('Jinja: a hostile template reaches no JavaScript: no prototype, no Function, no process', () => {
  const samples = new Map<string, unknown>([['x', 'text']]);
  const hostile = [
    '{{ "".constructor.constructor("return process")() }}',
    '{{ x.constructor.constructor("return process")() }}',
    '{{ x.__proto__ }}{{ "".constructor }}{{ x.constructor }}{{ range.constructor }}{{ cycler }}{{ joiner }}',
    '{% set f = x.constructor %}{{ f("return process")() }}',
  ];
  for (const template of hostile) {
    const rendered = renderTemplate(template, 'jinja', samples);
    assert.doesNotMatch(rendered.text, /object|function|process|\[native code\]/i, template);
  }
  assert.equal(renderTemplate(hostile[2]!, 'jinja', samples).text, '');
});

// --- Safety and bounds ------------------------------------------------------------------------------

test('rendering is bounded: past 4 M characters it stops with a reason (no out-of-memory), past 100,000 steps too, and deep nesting does not overflow the stack', () => {
  // 100 x 100 items of 10,000 characters would be 100 M characters: far past any context window.
  const big = new Map<string, unknown>([['xs', Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(10_000, '.'))]]);
  const tooLarge = /^not rendered \(the request would be larger than 4 M characters, more than any model's context window\): counted as written$/;
  const jinja = renderTemplate('{% for a in xs %}{% for b in xs %}{{ b }}{% endfor %}{% endfor %}', 'jinja', big);
  assert.match(jinja.notes.join(), tooLarge);
  const hbs = renderTemplate('{{#each xs}}{{#each ../xs}}{{this}}{{/each}}{{/each}}', 'handlebars', big);
  assert.match(hbs.notes.join(), tooLarge);
  // A value doubled by `set` 30 times would be 2^30 times its size.
  const doubling = renderTemplate(`{% set s = "abcdefgh" %}${'{% set s = s ~ s %}'.repeat(30)}{{ s }}`, 'jinja', new Map());
  assert.match(doubling.notes.join(), tooLarge);
  // Loops that render next to nothing: 60^3 iterations.
  const small = new Map<string, unknown>([['xs', Array.from({ length: 60 }, () => '')]]);
  const busy = renderTemplate('{% for a in xs %}{% for b in xs %}{% for c in xs %}{{ c }}{% endfor %}{% endfor %}{% endfor %}', 'jinja', small);
  assert.match(busy.notes.join(), /rendering took more than 100,000 steps/);

  const deepJinja = '{% if a %}'.repeat(3000) + 'x' + '{% endif %}'.repeat(3000);
  const deepHbs = '{{#if a}}'.repeat(3000) + 'x' + '{{/if}}'.repeat(3000);
  for (const [template, syntax] of [
    [deepJinja, 'jinja'],
    [deepHbs, 'handlebars'],
  ] as const) {
    const rendered = renderTemplate(template, syntax, new Map([['a', true]]));
    assert.equal(rendered.text.replace(/\{[{%][^}]*[}%]\}/g, ''), 'x', syntax);
    assert.deepEqual(rendered.notes, ['not rendered (it nests more than 200 blocks deep): counted as written']);
  }
});

test('a loop that would render past any context window is a `too-large` finding on its message (so `check` fails), in each format', async () => {
  const xs = `[${Array.from({ length: 300 }, () => JSON.stringify('x'.repeat(1000))).join(', ')}]`;
  const files: [string, string, number][] = [
    [
      'loops.prompty',
      PROMPTY('system:\nShort.\n\nuser:\n{% for a in xs %}{% for b in xs %}{{ b }}{% endfor %}{% endfor %}\n', `  xs: ${xs}`),
      14, // the user message's line
    ],
    ['prompts/loops.prompt', `---\nmodel: openai/gpt-4o\ninput:\n  default:\n    xs: ${xs}\n---\n{{#each xs}}{{#each ../xs}}{{this}}{{/each}}{{/each}}\n`, 7],
    [
      'promptfooconfig.yaml',
      `prompts:\n  - '{% for a in v.xs %}{% for b in v.xs %}{{ b }}{% endfor %}{% endfor %}'\ntests:\n  - vars:\n      v:\n        xs: ${xs}\n`,
      2,
    ],
  ];
  for (const [path, text, line] of files) {
    const { file, profile } = await profileOf(path, text);
    const found = file.diagnostics.filter((d) => d.code === 'too-large');
    assert.equal(found.length, 1, path);
    assert.equal(found[0]!.line, line, path);
    assert.match(found[0]!.message, /would be larger than 4 M characters, more than any model's context window/);
    assert.ok(
      profile.assumptions.some((a) => a.includes('the request would be larger than 4 M characters')),
      path,
    );
  }
  // 300 x 300 items of 1,000 characters is 90 M characters; 30 x 30 is 0.9 M: rendered, no finding.
  const fits = `[${Array.from({ length: 30 }, () => JSON.stringify('x'.repeat(1000))).join(', ')}]`;
  const { file } = await profileOf('fits.prompty', PROMPTY('user:\n{% for a in xs %}{% for b in xs %}{{ b }}{% endfor %}{% endfor %}\n', `  xs: ${fits}`));
  assert.deepEqual(
    file.diagnostics.filter((d) => d.code === 'too-large'),
    [],
  );
});

test('Dotprompt: a template nested 5,000 blocks deep is neither checked nor rendered by the engine (a warning at the deepest block), and is not a crash', async () => {
  const text = `---\nmodel: openai/gpt-4o\n---\nIntro.\n${'{{#if a}}'.repeat(5000)}x${'{{/if}}'.repeat(5000)}\n`;
  const { file, profile } = await profileOf('prompts/deep.prompt', text);
  assert.deepEqual(templateErrors(file), []);
  // `too-complex`, so `llm-cost check` does not pass what was not checked.
  const [warning, ...rest] = file.diagnostics.filter((d) => d.code === 'too-complex');
  assert.equal(rest.length, 0);
  assert.equal(warning?.severity, 'warning');
  assert.equal(warning?.line, 5);
  assert.match(warning!.message, /^Handlebars: blocks nest 5000 deep here, more than the 200 checked/);
  assert.deepEqual(profile.assumptions, ['The template was not rendered (it nests more than 200 blocks deep): counted as written']);
});

test('`__proto__`, `constructor` and `toString` are plain variable names in both engines', async () => {
  const samples = new Map<string, unknown>([
    ['__proto__', 'P'],
    ['constructor', 'C'],
    ['toString', ['t1', 't2']],
  ]);
  assert.equal(renderTemplate('{{ __proto__ }} {{ constructor }} {% for t in toString %}{{ t }}{% endfor %}', 'jinja', samples).text, 'P C t1t2');
  assert.equal(renderTemplate('{{__proto__}} {{constructor}} {{#each toString}}{{this}}{{/each}}', 'handlebars', samples).text, 'P C t1t2');
  const unsampled = new Map<string, unknown>([
    ['__proto__', null],
    ['constructor', null],
  ]);
  const rendered = renderTemplate('{{ __proto__ }} and {{ constructor }}', 'jinja', unsampled);
  assert.equal(rendered.text, ' and ');
  assert.deepEqual(
    [...rendered.unsampledUses],
    [
      ['__proto__', 1],
      ['constructor', 1],
    ],
  );
});

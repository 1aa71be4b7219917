// Prompt shortening, edge by edge: each edit's result on the inputs where a small change to the code
// would show (issue 13, the mutants of src/core/cost/shortening.ts). Every expected text is written
// out by hand from the rule the edit states; token counts come from tiktoken on those texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import {
  analyseShortening,
  collapseWhitespace,
  removeDuplicateLines,
  stripMarkdown,
  trimExamples,
  unwrapPairs,
  type PromptText,
} from '../src/core/cost/shortening';
import { seededRandom } from './support/random';

const texts = (messages: readonly PromptText[]) => messages.map((m) => m.text);
const hex = (code: number) => `U+${code.toString(16).padStart(4, '0')}`;

// JavaScript's \s, listed from the ECMAScript definition (WhiteSpace and LineTerminator, with the
// Unicode Zs category): the markers of bold text must touch a non-space on their inner side.
const SPACES = [
  0x09,
  0x0a,
  0x0b,
  0x0c,
  0x0d,
  0x20,
  0xa0,
  0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
];
const LINE_ENDS = [0x0a, 0x0d, 0x2028, 0x2029];
// Characters just outside each range of spaces: they count as text.
const NEAR_SPACES = [
  0x08, 0x0e, 0x1f, 0x21, 0x9f, 0xa1, 0x167f, 0x1681, 0x1fff, 0x200b, 0x2027, 0x202a, 0x202e, 0x2030, 0x205e, 0x2060, 0x2fff, 0x3001, 0xfefe, 0xff00,
];

test("the list of spaces is JavaScript's \\s (the reference the bold markers follow)", () => {
  for (const code of SPACES) assert.ok(/^\s$/.test(String.fromCharCode(code)), hex(code));
  for (const code of NEAR_SPACES) assert.ok(!/^\s$/.test(String.fromCharCode(code)), hex(code));
});

test('bold markers stay when a space follows the opening pair, and go when text does', () => {
  for (const code of SPACES) {
    const space = String.fromCharCode(code);
    assert.equal(unwrapPairs(`**${space}a**`, '**'), `**${space}a**`, hex(code));
    assert.equal(unwrapPairs(`__${space}a__`, '__'), `__${space}a__`, hex(code));
  }
  for (const code of NEAR_SPACES) {
    const char = String.fromCharCode(code);
    assert.equal(unwrapPairs(`**${char}a**`, '**'), `${char}a`, hex(code));
  }
});

test('a closing pair after a space does not close: the bold text runs to the next pair after text', () => {
  for (const code of SPACES.filter((c) => !LINE_ENDS.includes(c))) {
    const space = String.fromCharCode(code);
    // "a", a space, a pair that cannot close, "b", a pair that can: the bold text is "a ** b".
    assert.equal(unwrapPairs(`**a${space}**b**`, '**'), `a${space}**b`, hex(code));
  }
  for (const code of NEAR_SPACES) {
    const char = String.fromCharCode(code);
    assert.equal(unwrapPairs(`**a${char}**b**`, '**'), `a${char}b**`, hex(code));
  }
});

test('bold text does not run across a line end (\\n, \\r, U+2028, U+2029)', () => {
  for (const code of LINE_ENDS) {
    const end = String.fromCharCode(code);
    assert.equal(unwrapPairs(`**a${end}b**`, '**'), `**a${end}b**`, hex(code));
    // The pair after the line end still encloses its own text.
    assert.equal(unwrapPairs(`**a${end}**b**`, '**'), `**a${end}b`, hex(code));
  }
});

test('bold markers around every kind of space and line end do what the expression they replace did, on 5,000 generated lines', () => {
  // The expression the hand-written pass replaces (test/shortening-linear.test.ts), here over every
  // character of \s and every line end, which that test's generated lines do not all contain.
  const BOLD = /\*\*(\S(?:.*?\S)?)\*\*/g;
  const fragments = ['**', '**', '*', 'a', 'bc', ...SPACES.map((code) => String.fromCharCode(code)), ...NEAR_SPACES.map((code) => String.fromCharCode(code))];
  const next = seededRandom(13);
  for (let i = 0; i < 5_000; i++) {
    let line = '';
    for (let n = Math.floor(next() * 12); n >= 0; n--) line += fragments[Math.floor(next() * fragments.length)];
    assert.equal(unwrapPairs(line, '**'), line.replace(BOLD, '$1'), JSON.stringify(line));
  }
});

test('collapsing whitespace: runs inside a line become one space, trailing spaces and tabs go, blank lines keep one', () => {
  assert.equal(collapseWhitespace('a   b\t\tc \td'), 'a b c d');
  // One space or one tab between words is left as it is.
  assert.equal(collapseWhitespace('a\tb c'), 'a\tb c');
  assert.equal(collapseWhitespace('x\na \t \nb\t\ny'), 'x\na\nb\ny');
  assert.equal(collapseWhitespace('x\n   \t\ny'), 'x\n\ny');
  assert.equal(collapseWhitespace('a\n\n\nb'), 'a\n\nb');
  assert.equal(collapseWhitespace('a\n\nb'), 'a\n\nb');
  // Indentation is kept; the prompt's own leading and trailing blank lines go.
  assert.equal(collapseWhitespace('\n\n  a  b\n    c\n\n'), 'a b\n    c');
  assert.equal(collapseWhitespace('x\n  a  b\n    c'), 'x\n  a b\n    c');
  // Inside fences (``` or ~~~, indented or not), nothing changes; a fence must open its line.
  assert.equal(collapseWhitespace('~~~\nx    y  \n~~~\na  b'), '~~~\nx    y  \n~~~\na b');
  assert.equal(collapseWhitespace('x\n  ```\nx    y\n  ```\na  b'), 'x\n  ```\nx    y\n  ```\na b');
  assert.equal(collapseWhitespace('x ```\na  b'), 'x ```\na b');
});

test('stripping markdown: rules and alignment rows go, headings lose their hashes, emphasis its markers', () => {
  for (const rule of ['---', '***', '___', '- - -', '*  *  *', '_____', '  ---  ', '-\t-\t-']) assert.equal(stripMarkdown(`a\n${rule}\nb`), 'a\nb', rule);
  for (const kept of ['--', '-*-', 'x---', '---x', '- - x']) assert.equal(stripMarkdown(`a\n${kept}\nb`), `a\n${kept}\nb`, kept);
  assert.equal(stripMarkdown('a\n| --- | :---: |\nb'), 'a\nb');
  assert.equal(
    stripMarkdown('# One\n###### Six\n####### Seven\n#  Two spaces\n  ## Indented\n#NoSpace\nA # b'),
    'One\nSix\n####### Seven\nTwo spaces\n  Indented\n#NoSpace\nA # b',
  );
  assert.equal(stripMarkdown('**bold** and __under__'), 'bold and under');
  assert.equal(stripMarkdown('*a* and *two words*, x *it*. *y*'), 'a and two words, x it. y');
  for (const kept of ['a*b*c', '* a*', '*a *', '*a*b', '**', '*', 'x*y']) assert.equal(stripMarkdown(kept), kept, kept);
});

test('duplicate lines: from 20 characters (surrounding spaces ignored), across messages, never in code', () => {
  const twenty = 'Answer in English!!!'; // 20 characters
  const nineteen = 'Answer in English!!'; // 19
  assert.equal(twenty.length, 20);
  assert.deepEqual(
    texts(
      removeDuplicateLines([
        { role: 'system', text: `${twenty}\n${nineteen}\n${nineteen}\n  ${twenty}  ` },
        { role: 'user', text: `${twenty}\n\`\`\`\n${nineteen}x\n${nineteen}x\n\`\`\`\n${nineteen}x\n${nineteen}x` },
      ]),
    ),
    [`${twenty}\n${nineteen}\n${nineteen}`, `\`\`\`\n${nineteen}x\n${nineteen}x\n\`\`\`\n${nineteen}x`],
  );
  assert.deepEqual(removeDuplicateLines([{ role: 'assistant', text: `${twenty}\n${twenty}` }]), [{ role: 'assistant', text: twenty }]);
});

test('few-shot paragraphs: which lines head an example, and where a dropped example ends', () => {
  const text = [
    'Intro',
    'Example 1:',
    'one',
    'Example 2:',
    'two',
    '',
    'Input: x',
    '',
    'output : y',
    '',
    'Q: z',
    '',
    'a: w',
    '',
    'User: u',
    '',
    'Assistant: v',
    '',
    'Answer: t',
    '',
    'question: s',
    '#Task',
    '## Task',
    'tail',
  ].join('\n');
  assert.deepEqual(texts(trimExamples([{ role: 'system', text }], 1)), ['Intro\nExample 1:\none\n## Task\ntail']);
  assert.deepEqual(texts(trimExamples([{ role: 'system', text }], 2)), [text]);
  // Headers: optional indentation and up to six hashes, "example" or "sample" as a word, at most 40 more characters.
  const forty = ` ${'x'.repeat(39)}`; // 40 characters
  for (const header of ['  ### sample: ', '#Example 3', 'EXAMPLE', `Example${forty}`, 'Sample'])
    assert.deepEqual(texts(trimExamples([{ role: 'user', text: `Task\n${header}\ndropped\n\nEnd` }], 0)), ['Task\nEnd'], header);
  for (const plain of ['Examples:', 'Sampled data', '####### Example', `Example${forty}x`, 'An example'])
    assert.deepEqual(texts(trimExamples([{ role: 'user', text: `Task\n${plain}\nkept\n\nEnd` }], 0)), [`Task\n${plain}\nkept\n\nEnd`], plain);
  // Only a heading line (hashes at the start, then a space) or unlabelled text after a blank line,
  // blank meaning spaces only, ends a dropped example; blank lines after blank lines are dropped too.
  assert.deepEqual(texts(trimExamples([{ role: 'user', text: 'Task\nExample 1:\none\nsee ## x\nx## y\n\n\n  \nSubinput: q\n  \nEnd' }], 0)), [
    'Task\nSubinput: q\n  \nEnd',
  ]);
  // <example> blocks and headed paragraphs share one count.
  assert.deepEqual(texts(trimExamples([{ role: 'user', text: '<example>a</example>\nExample 2:\nb\n\nEnd' }], 1)), ['<example>a</example>\nEnd']);
  // A block takes the spaces after its closing tag with it; <examples> is another tag.
  assert.deepEqual(texts(trimExamples([{ role: 'user', text: 'A\n<EXAMPLE id="2">b</Example>  \n\nnext' }], 0)), ['A\nnext']);
  assert.deepEqual(texts(trimExamples([{ role: 'user', text: '<examples>x</examples>' }], 0)), ['<examples>x</examples>']);
});

test('"keep the first N examples" counts in reading order across kinds: headed paragraphs, <example> blocks and message pairs share one count', () => {
  const m = (role: string, text: string) => ({ role, text });
  // A headed example before a block: keeping one keeps the heading's example, the block goes.
  assert.deepEqual(texts(trimExamples([m('user', 'Task\nExample 1:\na\n\nText\n<example>b</example>\nEnd')], 1)), ['Task\nExample 1:\na\n\nText\nEnd']);
  // A block in the system message comes before the few-shot pairs: keeping one drops the pair.
  assert.deepEqual(texts(trimExamples([m('system', 'S <example>x</example>'), m('user', 'q1'), m('assistant', 'a1'), m('user', 'real')], 1)), [
    'S <example>x</example>',
    'real',
  ]);
  // Keeping two: the system's headed example, then the first pair; the second pair goes.
  assert.deepEqual(
    texts(
      trimExamples(
        [m('system', 'Example 1:\none\n\nRules'), m('user', 'q1'), m('assistant', 'a1'), m('user', 'q2'), m('assistant', 'a2'), m('user', 'real')],
        2,
      ),
    ),
    ['Example 1:\none\n\nRules', 'q1', 'a1', 'real'],
  );
  // An "Example" line inside a block is the block's text, not another example: a kept block stays whole.
  const nested = '<example>\nExample A:\nx\n</example>\nExample B:\ny\n\nEnd';
  assert.deepEqual(texts(trimExamples([m('user', nested)], 1)), ['<example>\nExample A:\nx\n</example>\nEnd']);
  assert.deepEqual(texts(trimExamples([m('user', nested)], 2)), [nested]);
  assert.deepEqual(texts(trimExamples([m('user', nested)], 0)), ['End']);
  // Two kept blocks, each with an "Example" line inside: both stay whole; the heading after them is dropped.
  const two = '<example>\nExample A:\nx\n</example>\n<example>\nExample B:\ny\n</example>\nExample C:\nz\n\nEnd';
  assert.deepEqual(texts(trimExamples([m('user', two)], 2)), ['<example>\nExample A:\nx\n</example>\n<example>\nExample B:\ny\n</example>\nEnd']);
  // A dropped block before a heading: the heading is found where it now starts, and dropped.
  assert.deepEqual(texts(trimExamples([m('user', '<example>a</example>\nIntro\n\nExample 2:\nb\n\nEnd')], 0)), ['Intro\n\nEnd']);
});

test('few-shot message pairs: only a user turn answered by an assistant turn, both before the final user turn', () => {
  const m = (role: string, text: string) => ({ role, text });
  assert.deepEqual(texts(trimExamples([m('user', 'q1'), m('assistant', 'a1'), m('user', 'real')], 0)), ['real']);
  assert.deepEqual(texts(trimExamples([m('user', 'q1'), m('assistant', 'a1'), m('user', 'real')], 1)), ['q1', 'a1', 'real']);
  assert.deepEqual(texts(trimExamples([m('user', 'q1'), m('user', 'q2'), m('assistant', 'a2'), m('user', 'real')], 0)), ['q1', 'real']);
  // After the final user turn, and without any user turn, nothing is a few-shot pair.
  assert.deepEqual(texts(trimExamples([m('user', 'q'), m('assistant', 'a')], 0)), ['q', 'a']);
  assert.deepEqual(texts(trimExamples([m('assistant', 'a'), m('user', 'q'), m('assistant', 'b')], 0)), ['a', 'q', 'b']);
  assert.deepEqual(texts(trimExamples([m('system', 's'), m('assistant', 'a'), m('user', 'q')], 0)), ['s', 'a', 'q']);
  assert.deepEqual(
    texts(
      trimExamples([m('user', 'q1'), m('assistant', 'a1'), m('user', 'q2'), m('assistant', 'a2'), m('user', 'q3'), m('assistant', 'a3'), m('user', 'real')], 2),
    ),
    ['q1', 'a1', 'q2', 'a2', 'real'],
  );
});

test('the shortening report: each edit named as the user reads it, savings never below 0, shares of the tokens before', () => {
  const o200k = get_encoding('o200k_base');
  const count = (t: string) => o200k.encode_ordinary(t).length;
  try {
    // "# Beispiel" is 2 tokens ("#", " Beispiel"); without its hash, "Beispiel" is 3: stripping the
    // heading costs a token, which is reported as no saving, and the combined edits keep the original.
    assert.equal(count('# Beispiel'), 2);
    assert.equal(count('Beispiel'), 3);
    const report = analyseShortening([{ role: 'system', text: '# Beispiel' }], count);
    assert.deepEqual(report, {
      tokensBefore: 2,
      transforms: [
        {
          kind: 'collapse-whitespace',
          description: 'Collapse runs of spaces, trailing spaces and repeated blank lines (indentation and code kept)',
          tokensSaved: 0,
          share: 0,
        },
        {
          kind: 'strip-markdown',
          description: 'Strip markdown decoration: bold/italic markers, heading hashes, rules, table alignment rows',
          tokensSaved: 0,
          share: 0,
        },
        { kind: 'remove-duplicate-lines', description: 'Remove lines repeated word for word', tokensSaved: 0, share: 0 },
      ],
      combined: { tokensAfter: 2, tokensSaved: 0, share: 0 },
    });
    assert.equal(analyseShortening([{ role: 'system', text: '# Beispiel' }], count, { maxExamples: null }).transforms.length, 3);
    // Keeping 0 examples: named in the plural; the one example block goes.
    const text = 'Say hi.\n<example>hello there</example>\nGo.';
    const trimmed = analyseShortening([{ role: 'user', text }], count, { maxExamples: 0 });
    const before = count(text);
    const after = count('Say hi.\nGo.');
    assert.deepEqual(trimmed.transforms[3], {
      kind: 'trim-examples',
      description: 'Keep the first 0 few-shot examples',
      tokensSaved: before - after,
      share: (before - after) / before,
    });
    assert.deepEqual(trimmed.combined, { tokensAfter: after, tokensSaved: before - after, share: (before - after) / before });
  } finally {
    o200k.free();
  }
});

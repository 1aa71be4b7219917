// Prompt shortening on untrusted text: the hand-written edits give what the regular expressions
// they replace gave (checked on generated lines), and the inputs that made those expressions
// quadratic (issue 11) give the right result at sizes where that showed. No timing is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collapseWhitespace, isTableAlignmentRow, replaceExampleBlocks, stripMarkdown, trimExamples, unwrapPairs } from '../src/core/cost/shortening';
import { DEFAULT_SCENARIO, planComparison } from '../src/core/cost';
import { priceBookOf } from '../src/core/pricing';
import { AT, catalog, profile } from './support/pricing';
import { seededRandom } from './support/random';

// The expressions as they were: correct, and quadratic on long lines.
const TABLE_ROW = /^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$/;
const BOLD = /\*\*(\S(?:.*?\S)?)\*\*/g;
const UNDERLINE = /__(\S(?:.*?\S)?)__/g;
const EXAMPLE = /<example\b[^>]*>[\s\S]*?<\/example>\s*/gi;

// A seeded generator, so a failure can be replayed.
const random = seededRandom;

const FRAGMENTS = [
  '**',
  '__',
  '*',
  '_',
  ' ',
  '  ',
  '\t',
  '|',
  '---',
  '-',
  ':',
  'a',
  'b c',
  '\r',
  '\u2028',
  '\u00a0',
  '<example>',
  '<Example id=1>',
  '</example>',
  '</EXAMPLE>',
  '<example',
  '>',
  '\n',
  'x',
];

function line(next: () => number): string {
  let text = '';
  for (let i = Math.floor(next() * 14); i >= 0; i--) text += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
  return text;
}

test('the hand-written edits give what the expressions gave, on 20,000 generated lines', () => {
  const next = random(11);
  for (let i = 0; i < 20_000; i++) {
    const text = line(next).replace(/\n/g, '');
    assert.equal(isTableAlignmentRow(text.trim()), TABLE_ROW.test(text), `table row: ${JSON.stringify(text)}`);
    assert.equal(unwrapPairs(text, '**'), text.replace(BOLD, '$1'), `**: ${JSON.stringify(text)}`);
    assert.equal(unwrapPairs(text, '__'), text.replace(UNDERLINE, '$1'), `__: ${JSON.stringify(text)}`);
    const withLines = `${line(next)}\n${text}`;
    assert.equal(
      replaceExampleBlocks(withLines, (block) => `[${block.length}]`),
      withLines.replace(EXAMPLE, (block) => `[${block.length}]`),
      `<example>: ${JSON.stringify(withLines)}`,
    );
  }
});

test('table rows and rules: the cases the Markdown edit names', () => {
  for (const row of ['|---|---|', '| :--- | ---: |', '---|---', '|---|', '|---|:', '|---||', ' | --- | --- | '])
    assert.equal(isTableAlignmentRow(row.trim()), true, row);
  for (const row of ['|---', '---', '| a | b |', '|--|--|', '|---|x|', '||']) assert.equal(isTableAlignmentRow(row.trim()), false, row);
  assert.equal(stripMarkdown('a\n- - -\n| a |\n|---|\n* * *x'), 'a\n| a |\n* * *x');
});

test('a 200,000-character line of spaces, unclosed markers or unclosed examples is edited in one pass, with the right result', () => {
  const spaces = ' '.repeat(200_000);
  assert.equal(collapseWhitespace(`a\n${spaces}\nb`), 'a\n\nb');
  assert.equal(stripMarkdown(`${spaces}x`), `${spaces}x`);
  assert.equal(stripMarkdown(`|---|${spaces}x`), `|---|${spaces}x`);
  const unclosed = '**a '.repeat(50_000);
  assert.equal(stripMarkdown(unclosed), unclosed);
  assert.equal(stripMarkdown(`${unclosed}b**`), `${unclosed.slice(2)}b`);
  assert.equal(stripMarkdown('__a '.repeat(50_000)), '__a '.repeat(50_000));
  const openings = '<example>'.repeat(50_000);
  assert.deepEqual(trimExamples([{ role: 'user', text: openings }], 0), [{ role: 'user', text: openings }]);
  assert.deepEqual(trimExamples([{ role: 'user', text: `${openings}</example>` }], 0), [{ role: 'user', text: '' }]);
});

test('a comparison of many models analyses a prompt of 210,000 messages for shortening once, with the right savings', async () => {
  const messages = Array.from({ length: 210_000 }, (_, i) => ({ role: 'user', text: i % 2 ? 'hi  ' : 'hi' }));
  let counted = 0;
  // One token per character: the saving is the two trailing spaces of every other message.
  const count = (text: string) => (counted++, text.length);
  const comparison = planComparison(
    profile(420_000, 0, { messages }),
    { ...DEFAULT_SCENARIO, models: ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini'] },
    { prices: priceBookOf(await catalog()), at: AT, count },
  );
  assert.equal(comparison.plans.length, 4);
  for (const plan of comparison.plans) {
    assert.ok(plan.known);
    assert.equal(plan.potentialSavings.shortening.find((s) => s.kind === 'collapse-whitespace')?.tokensSaved, 210_000, plan.model);
  }
  // Once: the prompt, each of three edits, and the three applied one after another.
  assert.equal(counted, 210_000 * 5);
});

// What a user reads, held exactly: `llm-cost plan examples` in every format, at a fixed date and
// scenario, compared character for character with the reviewed files in test/golden/. A change to
// any figure, column, wording or rounding shows up here and in review. After a deliberate change:
// `npm run golden:update`, then read the diff of test/golden/ before committing it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get_encoding } from 'tiktoken';
import { planReportAsCsv, planReportAsMarkdown, planReportAsTable, type PlanReport } from '../src/core';
import { buildPlanReport, readPlanInputs } from '../src/node/planCommand';

const ROOT = join(__dirname, '..', '..');
const GOLDEN = join(ROOT, 'test', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
// Prices as of this moment: date-conditional prices and "price change on …" notes never drift.
const AT = new Date('2026-11-26T12:00:00Z');
// `npm run example`'s scenario, plus a conversation so its line is held too; two requests of the
// Batch API file are enough to hold the "… and N more requests" line.
const SCENARIO = ['--active-users', '2000', '--requests-per-user', '5', '--price-per-user', '12', '--turns', '3', '--max-requests', '2'];

// The same renderings as the CLI's `--format` (src/node/cli.ts).
const FORMATS = {
  table: { file: 'plan-examples.table.txt', render: planReportAsTable },
  markdown: { file: 'plan-examples.md', render: planReportAsMarkdown },
  csv: { file: 'plan-examples.csv', render: planReportAsCsv },
  json: { file: 'plan-examples.json', render: (report: PlanReport) => JSON.stringify(report, null, 2) },
} as const;

let reportPromise: Promise<PlanReport> | undefined;
function examplesReport(): Promise<PlanReport> {
  // A price file refreshed on this machine (`llm-cost prices update`) must not change the figures.
  process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'llm-cost-golden-'));
  reportPromise ??= buildPlanReport(readPlanInputs([join(ROOT, 'examples'), ...SCENARIO]), AT);
  return reportPromise;
}

for (const [format, { file, render }] of Object.entries(FORMATS)) {
  test(`plan examples --format ${format} reads exactly as test/golden/${file}`, async () => {
    const actual = render(await examplesReport()) + '\n';
    const path = join(GOLDEN, file);
    if (UPDATE) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(path, actual);
      return;
    }
    const expected = readFileSync(path, 'utf8');
    if (actual !== expected) {
      const actualLines = actual.split('\n');
      const expectedLines = expected.split('\n');
      const first = actualLines.findIndex((line, i) => line !== expectedLines[i]);
      assert.fail(
        `test/golden/${file} differs from line ${first + 1}:\n  expected: ${expectedLines[first]}\n  actual:   ${actualLines[first]}\n` +
          'If the change is intended, run `npm run golden:update` and review the diff.',
      );
    }
  });
}

// One row checked figure by figure, from the published price and the reference tokenizer rather
// than from the code: gpt-4o (the file's model) on .github/instructions/prompt-files.instructions.md.
//   Input tokens: the body after the frontmatter, one system message: tiktoken o200k_base count of
//     the body + 3 (chat framing of the message) + 1 (its role, 'system', counted as the OpenAI cookbook
//     does) + 3 (priming the reply) = 129.
//   Output: nothing set and the file declares no limit, so the default 500.
//   Per request: 129 x $2.50/M + 500 x $10/M = $0.0003225 + $0.005 = $0.0053225 → "$0.00532" (no caching:
//     the static prefix is below gpt-4o's 1,024-token minimum; no batch share).
//   Per 1k requests: 1,000 x $0.0053225 = $5.3225 → "$5.32".
//   Per month: 2,000 users x 5 requests = 10,000 a day; x 30 days x $0.0053225 = $1,596.75 → "$1,597".
//   Per user/month: $1,596.75 / 2,000 = $0.798.
//   vs current: it is the current model, so "—"; gpt-4o-mini at $0.15/M in, $0.60/M out:
//     129 x 0.15 + 500 x 0.6 = 319.35 µ$ → $0.000319 a request, $0.319 per 1k, $95.805 a month → "$95.80",
//     saves $1,596.75 − $95.805 = $1,500.945 → "saves $1,501".
test('one row of the golden table, checked by hand from published prices and tiktoken', () => {
  const source = readFileSync(join(ROOT, 'examples/.github/instructions/prompt-files.instructions.md'), 'utf8');
  const body = source.replace(/^---\n[\s\S]*?\n---\n/, '');
  const o200k = get_encoding('o200k_base');
  const inputTokens = o200k.encode_ordinary(body).length + 3 + o200k.encode_ordinary('system').length + 3;
  o200k.free();
  assert.equal(inputTokens, 129);
  const table = readFileSync(join(GOLDEN, FORMATS.table.file), 'utf8');
  const section = table.split('\n\n').find((block) => block.startsWith('.github/instructions/prompt-files.instructions.md'));
  assert.ok(section, 'the instructions file has its own table');
  const cells = (model: string) =>
    section
      .split('\n')
      .find((line) => line.startsWith(model))
      ?.split(/ {2,}/)
      .map((cell) => cell.trim());
  // The file declares no model: the default comparison's first, gpt-6-sol ($2 in, $10 out), is current.
  // 129 x $2 + 500 x $10 = $0.005258 a request (the 126-token prefix is below OpenAI's 1,024 minimum,
  // so nothing is cached); 2,000 users x 5 requests x 30 days = 300,000 a month: $1,577.40, $0.7887 a user.
  assert.deepEqual(cells('gpt-6-sol (current)'), ['gpt-6-sol (current)', '129', '500', '$0.00526', '$5.26', '$1,577', '$0.789', '—']);
  // gpt-6-luna ($0.10 in, $0.50 out): 129 x $0.10 + 500 x $0.50 = $0.0002629; $78.87 a month, $1,498.53 less.
  assert.deepEqual(cells('gpt-6-luna'), ['gpt-6-luna', '129', '500', '$0.000263', '$0.263', '$78.87', '$0.0394', 'saves $1,499']);
});

// `npm run mutate:planted`: the bugs issue 13's review planted by hand and no test noticed, planted
// again one at a time; each must make at least one test fail. Quicker than a Stryker run (a minute),
// and it names the test that catches each one. The sources are restored after each bug, and on exit.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BUGS = [
  [
    'the table swaps "per 1k requests" and "per month"',
    'src/core/report/planText.ts',
    'formatUsd(plan.costPer1kRequests),\n    formatUsd(plan.costPerMonth),',
    'formatUsd(plan.costPerMonth),\n    formatUsd(plan.costPer1kRequests),',
  ],
  ['dollars shown to one significant digit', 'src/core/report/money.ts', 'toPrecision(3)', 'toPrecision(1)'],
  ['cache-read multiplier fallback ignored', 'src/core/cost/requestCost.ts', 'input * (rules.caching?.readMultiplier ?? 1)', 'input'],
  ['cache-write multiplier fallback ignored', 'src/core/cost/requestCost.ts', 'input * (rules.caching?.lifetimes[0]?.writeMultiplier ?? 1)', 'input'],
  [
    'guard for catalogue models without a cached price removed',
    'src/core/cost/caching.ts',
    "if (pricing.origin === 'catalog' && !pricing.cacheRead) return none(",
    'if (false) return none(',
  ],
  ['batch discount inverted on input', 'src/core/cost/requestCost.ts', 'sync.input * (1 - (batch?.discount ?? 0))', 'sync.input * (batch?.discount ?? 0)'],
  [
    'batch discount inverted on cache reads',
    'src/core/cost/requestCost.ts',
    "case 'discounted':\n        return stacked(price);",
    "case 'discounted':\n        return price * discount;",
  ],
  ['a model without a batch price takes the batch share', 'src/core/cost/batch.ts', 'if (!batchAvailable(pricing, rules.batch)) {', 'if (false) {'],
  ['conversation turns in a plan never priced', 'src/core/cost/plan.ts', 'scenario.conversationTurns && scenario.conversationTurns > 0', 'false'],
  ['conversation in a plan ignores the first-turn hit rate', 'src/core/cost/plan.ts', 'firstTurnHitRate: mid.asIs.caching.hitRate ?? 0', 'firstTurnHitRate: 0'],
  ['default of 1,000 requests a day changed', 'src/core/cost/scenario.ts', 'DEFAULT_REQUESTS_PER_DAY = 1000', 'DEFAULT_REQUESTS_PER_DAY = 100'],
  ['default of 500 output tokens changed', 'src/core/cost/scenario.ts', 'DEFAULT_OUTPUT_TOKENS = 500', 'DEFAULT_OUTPUT_TOKENS = 400'],
  ['context-window boundary made strict', 'src/core/cost/plan.ts', 'inputTokens + outputTokens <= contextWindow', 'inputTokens + outputTokens < contextWindow'],
  [
    'cl100k chat framing dropped (gpt-4, gpt-3.5)',
    'src/core/requests.ts',
    "this.cl100k += (text === '' ? 0 : this.counters.cl100k_base.count(text)) + extra;",
    "this.cl100k += text === '' ? 0 : this.counters.cl100k_base.count(text);",
  ],
];

// The in-process tests that hold these figures; the CLI tests spawn the built tool and are not needed.
const TESTS = [
  'test/plan-report-golden.test.ts',
  'test/plan-defaults-and-edges.test.ts',
  'test/cost-pricing-paths.test.ts',
  'test/cost-model.test.ts',
  'test/cost-simulations.test.ts',
  'test/requests.test.ts',
];

const bundle = () =>
  build({
    entryPoints: TESTS,
    bundle: true,
    outdir: 'out/test',
    outbase: 'test',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });

const originals = new Map();
const restore = () => {
  for (const [file, text] of originals) writeFileSync(file, text);
};
process.on('exit', restore);
process.on('SIGINT', () => process.exit(130));

// A refreshed price file on this machine must not change the figures the tests expect.
const env = { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'llm-cost-planted-')) };
let survived = 0;
for (const [name, file, from, to] of BUGS) {
  const text = originals.get(file) ?? readFileSync(file, 'utf8');
  originals.set(file, text);
  if (text.split(from).length !== 2) {
    console.log(`?  ${name}: the code it changes is no longer in ${file}; update scripts/planted-mutations.mjs`);
    survived++;
    continue;
  }
  writeFileSync(file, text.replace(from, to));
  await bundle();
  writeFileSync(file, text);
  const failing = [];
  for (const test of TESTS) {
    const js = join('out', 'test', test.slice('test/'.length).replace(/\.ts$/, '.js'));
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', js], { encoding: 'utf8', env });
    const failed = run.stdout.split('\n').filter((line) => line.startsWith('not ok'));
    if (run.status !== 0) failing.push(`${test} (${failed.map((line) => line.replace(/^not ok \d+ - /, '')).join('; ')})`);
  }
  if (failing.length === 0) survived++;
  console.log(`${failing.length ? 'caught' : 'MISSED'}  ${name}${failing.length ? `\n        by ${failing.join('\n        and ')}` : ''}`);
}
restore();
await bundle();
console.log(survived === 0 ? `All ${BUGS.length} planted bugs were caught.` : `${survived} of ${BUGS.length} planted bugs were not caught.`);
process.exitCode = survived === 0 ? 0 : 1;

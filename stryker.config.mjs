// Mutation testing (`npm run mutate`, not part of `npm test`: it takes long on two cores). Stryker
// plants one small bug at a time in the money and token logic and runs the tests that reach it;
// a mutant no test notices is a gap, or an equivalent change listed in test/mutation/equivalent-mutants.md.
// @stryker-mutator/core 9.x: 10.x needs Node 22, and Node 20 is the project's Node.

// The in-process tests (the CLI tests spawn the built tool, whose coverage Stryker cannot see), in the
// order each mutant runs them until one fails: the quick ones and the golden report, which shows
// most changes to a figure or a sentence, first; the token tests (15 s together) last.
const ORDER = [
  'cost-caching-reasons',
  'cost-plan-and-scenario',
  'plan-report-golden',
  'cost-pricing-paths',
  'provider-rules',
  'model-ref-and-rules-survivors',
  'reseller-model-names',
  'cost-batch-volume-conversation',
  'cost-model',
  'pricing-catalog',
  'pricing-lookup-paths',
  'pricing-lookup-survivors',
  'litellm-prices-survivors',
  'pricing-schedule',
  'pricing-published-data',
  'second-catalogue',
  'requests',
  'request-parts',
  'request-parts-rules',
  'request-parts-formats',
  'plan-defaults-and-edges',
  'cost-simulations',
  'shortening-survivors',
  'shortening-linear',
  'cost-properties',
  'reliability-input',
  'planner-state',
  'planner-plan',
  'pricing-update',
  'prices-as-of',
  'model-lifecycle',
  'tokens',
  'tokens-vocabulary',
  'tokens-vocabulary-file',
  'tokens-long-text',
  'tokens-byte-pair-survivors',
  'tokens-pieces-survivors',
  'tokens-counter-survivors',
  // Left out: tokens-pathological (megabytes of input, minutes a mutant once instrumented) and
  // tokens-browser (Chromium over a local server, which fails in Stryker's sandbox).
];
// MUTATE_TESTS=name,name* narrows a run to the tests that can reach the file being mutated. It matters
// for "static" mutants (code run while a module loads, such as a table of providers): Stryker runs
// every test file for each of them.
const wanted = process.env.MUTATE_TESTS?.split(',').map(
  (glob) =>
    new RegExp(
      `^${glob
        .trim()
        .replace(/\.test\.js$/, '')
        .replace(/[.]/g, '\\.')
        .replace(/\*/g, '.*')}$`,
    ),
);
// The token tests run a tenth of their generated cases (test/support/scale.ts): every kind of case
// still runs, but the instrumented tokenizer is many times slower and the full tests take hours here.
process.env.LLM_COST_TEST_SCALE ??= '0.1';
const TESTS = ORDER.filter((name) => !wanted || wanted.some((glob) => glob.test(name))).map((name) => `out/test/${name}.test.js`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['src/core/cost/**/*.ts', 'src/core/pricing/**/*.ts', 'src/core/tokens/**/*.ts', 'src/core/requests.ts'],
  // The tests run as esbuild bundles: Stryker instruments the sources in its sandbox, the build
  // bundles the instrumented code, and the tap runner runs each bundle with the mutant switched on.
  buildCommand: 'node scripts/build.mjs',
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    testFiles: TESTS,
    nodeArgs: ['--test-reporter=tap'],
  },
  coverageAnalysis: 'perTest',
  // A re-run mutates only what changed since the last run (sources or tests).
  incremental: true,
  incrementalFile: 'test/mutation/stryker-incremental.json',
  concurrency: 2,
  timeoutMS: 20000,
  ignorePatterns: ['out', 'dist', 'bench/results', '.cache', 'reports', 'test/mutation/stryker-incremental.json'],
  tempDirName: '.cache/stryker-tmp',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
};

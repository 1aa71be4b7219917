// Mutation testing (`npm run mutate`, not part of `npm test`: it takes long on two cores). Stryker
// plants one small bug at a time in the money and token logic and runs the tests that reach it;
// a mutant no test notices is a gap, or an equivalent change listed in test/mutation/equivalent-mutants.md.
// @stryker-mutator/core 9.x: 10.x needs Node 22, and Node 20 is the project's Node.

// The in-process tests: the CLI tests spawn the built tool, whose coverage Stryker cannot see.
const ALL_TESTS = [
  'out/test/cost-*.test.js',
  'out/test/pricing-*.test.js',
  'out/test/plan-*.test.js',
  'out/test/requests.test.js',
  'out/test/request-parts.test.js',
  'out/test/provider-rules.test.js',
  'out/test/prices-as-of.test.js',
  'out/test/second-catalogue.test.js',
  'out/test/tokens*.test.js',
];
// MUTATE_TESTS=glob,glob narrows a run to the tests that can reach the file being mutated. It matters
// for "static" mutants (code run while a module loads, such as a table of providers): Stryker runs
// every test file for each of them, and the token tests alone take 15 s.
const TESTS = process.env.MUTATE_TESTS ? process.env.MUTATE_TESTS.split(',').map((glob) => `out/test/${glob.trim()}`) : ALL_TESTS;

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

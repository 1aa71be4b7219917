// Writes the V8 code caches of the bundles a fresh process loads (src/node/codeCache.ts); run by
// scripts/build.mjs after the bundles are built, in a process started without V8 flags. Each bundle is
// warmed up first with real work on the bundled examples, so the functions a first run calls are
// compiled and go into the cache, not only the bundle's top level. Its standard output is discarded.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { writeCodeCache } = require(resolve('out/build/codeCache.cjs'));

// The command-line tool: a plan and a scan of the examples, as a first run would do.
await writeCodeCache(resolve('dist/cli.main.js'), async (cli) => {
  await cli.main(['plan', 'examples']);
  await cli.main(['scan', 'examples']);
});

// The core as the benchmark loads it: a first count.
await writeCodeCache(resolve('out/bench/core.cjs'), (core) => {
  core.tokenCounterFromVocabulary('o200k_base', readFileSync('out/bench/vocab/o200k_base.bin')).count(readFileSync('README.md', 'utf8'));
});

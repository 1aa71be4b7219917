// Property tests over generated prompt files of every format (test/support/fuzzFiles.ts): the parsers
// never throw, every diagnostic points inside the file with a known code, counts are never
// negative, and a request's cacheable prefix is never more than its input. A short run is part of `npm test`; `npm run fuzz` runs 100,000 files (FUZZ_RUNS) and
// prints the seed: FUZZ_SEED=<seed> replays a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DIAGNOSTIC_CODES, parsePromptFile, profileRequests, type Counters, type FileReader } from '../src/core';
import { LineIndex } from '../src/core/text';
import { normaliseLoneCarriageReturns } from '../src/core/decoding';
import { stripBom } from '../src/core/text';
import { loadCounters } from '../src/node/counters';
import { ENCODINGS } from '../src/core/tokens';
import { promptFile } from './support/fuzzFiles';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = process.env.FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED);

// What `file://` references find: a prompt, a chat file, a variables file; anything else is missing.
const REFERENCED = new Map([
  ['prompts/a.txt', 'Hello {{name}}, {% for x in xs %}{{x}}{% endfor %}'],
  [
    'chat.json',
    JSON.stringify([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: '{{question}}' },
    ]),
  ],
  ['vars.txt', 'a sample value'],
]);
const reader: FileReader = { readText: (path) => Promise.resolve(REFERENCED.get(path)) };

function checkParsed(path: string, raw: string, parsed: Awaited<ReturnType<typeof parsePromptFile>>, counters: Counters): void {
  if (parsed === null) return;
  const text = normaliseLoneCarriageReturns(stripBom(raw));
  const lineCount = new LineIndex(text).lineCount;
  for (const diagnostic of parsed.diagnostics) {
    assert.ok(Object.hasOwn(DIAGNOSTIC_CODES, diagnostic.code), `unknown code ${diagnostic.code}`);
    assert.ok(Number.isInteger(diagnostic.line) && diagnostic.line >= 1 && diagnostic.line <= lineCount, `line ${diagnostic.line} of ${lineCount}`);
    assert.ok(diagnostic.range.start >= 0 && diagnostic.range.start <= diagnostic.range.end && diagnostic.range.end <= text.length, `range in ${path}`);
    assert.ok(typeof diagnostic.message === 'string' && diagnostic.message.length > 0);
  }
  for (const message of parsed.messages) assert.ok(message.startOffset <= message.endOffset && message.startLine <= message.endLine);
  assert.ok(parsed.model === null || typeof parsed.model === 'string');
  for (const request of parsed.requests)
    assert.ok(request.maxOutputTokens === null || (Number.isInteger(request.maxOutputTokens) && request.maxOutputTokens > 0));
  for (const profile of profileRequests(parsed, counters)) {
    for (const counts of [profile.inputTokens, profile.staticPrefixTokens, profile.movableStaticTokens]) {
      for (const value of Object.values(counts)) assert.ok(Number.isInteger(value) && value >= 0, `count ${value} in ${path}`);
    }
    // The cacheable prefix is part of what is sent: never more tokens than the request's input.
    for (const encoding of ENCODINGS) {
      const prefix = profile.staticPrefixTokens[encoding];
      const input = profile.inputTokens[encoding];
      assert.ok(prefix === undefined || input === undefined || prefix <= input, `${encoding}: static prefix ${prefix} > input ${input} in ${path}`);
    }
  }
}

test(`generated prompt files of every format: parsers never throw, diagnostics point inside the file, counts are never negative, no prefix exceeds its input (${RUNS} files, seed ${SEED})`, async () => {
  const counters = await loadCounters(['o200k_base', 'cl100k_base']);
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(promptFile, async ({ path, text }) => {
      const parsed = await parsePromptFile(path, text, { reader });
      checkParsed(path, text, parsed, counters);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  if (process.env.FUZZ_RUNS) process.stdout.write(`# fuzz: ${RUNS} files in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}\n`);
});

// The worker-thread scan gives the same report as the main-thread scan, and stops when cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get_encoding } from 'tiktoken';
import { encodingsForPlan, inventoryOf, type Counters, type FileInventory } from '../src/core';
import { loadCounter as loadTokenCounter } from '../src/node/counters';
import { scanFolder } from '../src/node/scanFolder';
import { scanInParallel, WORKER_STOPPED } from '../src/node/parallelScan';
import { DEFAULT_SCENARIO } from '../src/core/cost';
import { close } from './support/pricing';

const ROOT = join(__dirname, '..', '..');
const WORKER = join(ROOT, 'dist', 'scanWorker.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'formats');

// A scan prices at the moment it runs (it takes no date), and models retire: gpt-4 shut down on
// 2026-10-23, gpt-4o shuts down on 2027-01-14 (pricing/price-overrides.json). A price file of the user
// wins over the catalogue on any date, so these list prices hold the tests' figures whenever they run.
function listPriceFile(dir: string): string {
  const path = join(dir, 'list-prices.json');
  const entry = (input: number, output: number) => ({ input_cost_per_token: input / 1e6, output_cost_per_token: output / 1e6, litellm_provider: 'openai' });
  writeFileSync(path, JSON.stringify({ 'gpt-4o': entry(2.5, 10), 'gpt-4': entry(30, 60) }));
  return path;
}

test('worker threads and the main thread report the same files, tokens and diagnostics', async () => {
  const counters: Counters = { o200k_base: await loadTokenCounter('o200k_base'), cl100k_base: await loadTokenCounter('cl100k_base') };
  const sequential: FileInventory[] = [];
  // Each file counted in the encodings its own model and the default comparison read, as a scan does.
  await scanFolder(FIXTURES, { onFile: (file) => sequential.push(inventoryOf(file, counters, encodingsForPlan([file], DEFAULT_SCENARIO))) });
  assert.ok(
    sequential.some((file) => file.textTokens.cl100k_base !== undefined),
    'some fixture names a cl100k_base model',
  );
  assert.ok(sequential.some((file) => file.textTokens.cl100k_base === undefined));
  const parallel = await scanInParallel(FIXTURES, { workers: 2, batchSize: 3, workerScript: WORKER });
  assert.ok(sequential.length > 40);
  const byPath = new Map(parallel.files.map((file) => [file.path, file]));
  for (const file of sequential) assert.deepEqual(byPath.get(file.path), file, file.path);
  assert.equal(parallel.files.length, sequential.length);
});

test('a scan with models prices every request of every file', async () => {
  const prices = mkdtempSync(join(tmpdir(), 'llm-cost-prices-'));
  const report = await scanInParallel(join(ROOT, 'examples'), {
    workers: 2,
    workerScript: WORKER,
    pricing: { scenario: { ...DEFAULT_SCENARIO, models: ['gpt-4o', 'no-such-model'] }, maxRequests: 100, userPriceFile: listPriceFile(prices) },
  }).finally(() => rmSync(prices, { recursive: true, force: true }));
  const batch = report.files.find((file) => file.path === 'batch/nightly-tagging.jsonl')!;
  assert.equal(batch.costs!.length, 4);
  // Each line's input from the reference tokenizer: its messages, 3 per message plus its role, 3 for the reply.
  const o200k = get_encoding('o200k_base');
  const lines = readFileSync(join(ROOT, 'examples', 'batch', 'nightly-tagging.jsonl'), 'utf8')
    .trim()
    .split('\n');
  const inputs = lines.map((line) => {
    const messages = (JSON.parse(line) as { body: { messages: { role: string; content: string }[] } }).body.messages;
    return messages.reduce((sum, m) => sum + o200k.encode_ordinary(m.content).length + 3 + o200k.encode_ordinary(m.role).length, 3);
  });
  assert.deepEqual(
    batch.costs!.map((request) => request.inputTokens),
    inputs,
  );
  batch.costs!.forEach((request, i) => {
    // The file's own model first, then the compared ones.
    assert.deepEqual(
      request.models.map((m) => m.model),
      ['gpt-4o-mini', 'gpt-4o', 'no-such-model'],
    );
    // gpt-4o at $2.50 in, $10 out; each line asks for at most 40 output tokens; no caching below 1,024 tokens.
    close(request.models.find((m) => m.model === 'gpt-4o')!.costPerRequest!, (inputs[i]! * 2.5 + 40 * 10) / 1e6);
    assert.equal(request.models.find((m) => m.model === 'no-such-model')!.costPerRequest, null, 'unknown is null, never 0');
  });
});

test('a file that declares a cl100k_base model is priced although the comparison needs only o200k_base', async () => {
  const root = mkdtempSync(join(tmpdir(), 'llm-cost-cl100k-'));
  const prices = mkdtempSync(join(tmpdir(), 'llm-cost-prices-'));
  try {
    const content = 'Summarise the meeting notes in five bullet points.';
    writeFileSync(join(root, 'legacy.json'), JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content }] }));
    const report = await scanInParallel(root, {
      workers: 1,
      workerScript: WORKER,
      pricing: { scenario: { ...DEFAULT_SCENARIO, models: ['gpt-4o'] }, maxRequests: 10, userPriceFile: listPriceFile(prices) },
    });
    const [request] = report.files[0].costs!;
    const gpt4 = request.models.find((m) => m.model === 'gpt-4')!;
    // The message, 3 tokens of framing and its role ('user', 1 token), 3 to prime the reply.
    // gpt-4 at $30 in, $60 out, on its own encoding (cl100k_base), 500 output tokens by default.
    const cl100kInput = get_encoding('cl100k_base').encode_ordinary(content).length + 3 + 1 + 3;
    close(gpt4.costPerRequest!, (cl100kInput * 30 + 500 * 60) / 1e6);
    assert.equal(request.inputTokens, get_encoding('o200k_base').encode_ordinary(content).length + 3 + 1 + 3);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(prices, { recursive: true, force: true });
  }
});

test('an aborted scan stops with "scan cancelled"', async () => {
  const controller = new AbortController();
  const scan = scanInParallel(FIXTURES, { workers: 2, workerScript: WORKER, signal: controller.signal });
  controller.abort();
  await assert.rejects(scan, /scan cancelled/);
});

test('a folder scanned on this thread (the CLI, up to a few dozen files) gives the report the workers give', async () => {
  const byWorkers = await scanInParallel(FIXTURES, { workers: 2, workerScript: WORKER });
  const here = await scanInParallel(FIXTURES, { onThisThreadUpTo: 10_000 });
  assert.ok(here.files.length > 40);
  assert.deepEqual(here, byWorkers);
  // One file over the limit and the workers take the whole folder: the same report again.
  const justOver = await scanInParallel(FIXTURES, { workers: 2, workerScript: WORKER, onThisThreadUpTo: here.files.length + here.skipped.length - 1 });
  assert.deepEqual(justOver, byWorkers);
});

/** The fixtures' report with the given files taken out (what a scan that lost them must still give). */
async function reportWithout(paths: readonly string[]) {
  const full = await scanInParallel(FIXTURES, { onThisThreadUpTo: 10_000 });
  return { files: full.files.filter((file) => !paths.includes(file.path)), skipped: full.skipped.filter((file) => !paths.includes(file.path)) };
}

/** A worker script that runs the real scan worker but stops itself as `how` says when handed `path`. */
function faultyWorker(dir: string, path: string, how: 'throw' | 'exit' | 'out-of-memory'): string {
  const script = join(dir, `faulty-${how}.js`);
  const fault = {
    throw: "throw new Error('a fault in the worker');",
    exit: 'process.exit(3);',
    'out-of-memory': 'const hoard = []; for (;;) hoard.push(new Array(100000).fill(hoard.length));',
  }[how];
  writeFileSync(
    script,
    `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (message) => { if (message.paths.includes(${JSON.stringify(path)})) { ${fault} } });
require(${JSON.stringify(WORKER)});\n`,
  );
  return script;
}

for (const how of ['throw', 'exit', 'out-of-memory'] as const) {
  test(`a scan worker that stops (${how}) on a file is restarted: that file is reported, every other one is scanned`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-cost-faulty-worker-'));
    try {
      const culprit = 'prompty/attributes.prompty';
      let started = 0;
      let exited = 0;
      const report = await scanInParallel(FIXTURES, {
        workers: 2,
        batchSize: 5,
        workerScript: faultyWorker(dir, culprit, how),
        workerHeapMb: how === 'out-of-memory' ? 64 : undefined,
        observer: { workerStarted: () => started++, workerExited: () => exited++ },
      });
      const reported = report.skipped.filter((file) => file.reason.startsWith(WORKER_STOPPED));
      assert.deepEqual(
        reported.map((file) => file.path),
        [culprit],
      );
      if (how === 'out-of-memory') assert.match(reported[0]!.reason, /memory/i);
      if (how === 'throw') assert.match(reported[0]!.reason, /a fault in the worker/);
      if (how === 'exit') assert.match(reported[0]!.reason, /exit code 3/);
      const expected = await reportWithout([culprit]);
      assert.deepEqual(report.files, expected.files);
      assert.deepEqual(
        report.skipped.filter((file) => file.path !== culprit),
        expected.skipped,
      );
      // Once in its batch, once alone: two restarts, and every worker stopped at the end.
      assert.equal(started, 4);
      assert.equal(exited, started);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a worker stopped from outside while it holds a batch: the batch is scanned again by a new worker', async () => {
  let stopped = 0;
  const report = await scanInParallel(FIXTURES, {
    workers: 2,
    batchSize: 4,
    workerScript: WORKER,
    // Only the first batch's worker is stopped: its files are retried once each and all succeed.
    observer: { batchSent: (_paths, stopWorker) => stopped++ === 0 && stopWorker() },
  });
  assert.deepEqual(report, await scanInParallel(FIXTURES, { onThisThreadUpTo: 10_000 }));
});

test('a worker that cannot start fails the scan with the reason rather than restarting for ever', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-cost-broken-worker-'));
  try {
    const script = join(dir, 'broken.js');
    writeFileSync(script, "throw new Error('cannot load');\n");
    await assert.rejects(scanInParallel(FIXTURES, { workers: 2, workerScript: script }), /scan worker stopped unexpectedly \(cannot load\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder of one batch starts one worker; a larger one a worker per batch, up to the count asked for', async () => {
  let started = 0;
  await scanInParallel(join(ROOT, 'examples'), { workers: 2, workerScript: WORKER, observer: { workerStarted: () => started++ } });
  assert.equal(started, 1);
  started = 0;
  await scanInParallel(FIXTURES, { workers: 2, batchSize: 3, workerScript: WORKER, observer: { workerStarted: () => started++ } });
  assert.equal(started, 2);
});

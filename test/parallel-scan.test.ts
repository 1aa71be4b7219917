// The worker-thread scan gives the same report as the main-thread scan, and stops when cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get_encoding } from 'tiktoken';
import { inventoryOf, type Counters, type FileInventory } from '../src/core';
import { loadCounter as loadTokenCounter } from '../src/node/counters';
import { scanFolder } from '../src/node/scanFolder';
import { scanInParallel } from '../src/node/parallelScan';
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
  await scanFolder(FIXTURES, { onFile: (file) => sequential.push(inventoryOf(file, counters)) });
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

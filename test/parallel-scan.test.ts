// The worker-thread scan gives the same report as the main-thread scan, and stops when cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get_encoding } from 'tiktoken';
import { inventoryOf, type Counters, type FileInventory } from '../src/core';
import { loadCounter as loadTokenCounter } from '../src/node/counters';
import { scanFolder } from '../src/node/scanFolder';
import { scanInParallel } from '../src/node/parallelScan';
import { DEFAULT_SCENARIO } from '../src/core/cost';

const ROOT = join(__dirname, '..', '..');
const WORKER = join(ROOT, 'dist', 'scanWorker.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'formats');

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
  const report = await scanInParallel(join(ROOT, 'examples'), {
    workers: 2,
    workerScript: WORKER,
    pricing: { scenario: { ...DEFAULT_SCENARIO, models: ['gpt-4o', 'no-such-model'] }, maxRequests: 100 },
  });
  const batch = report.files.find((file) => file.path === 'batch/nightly-tagging.jsonl')!;
  assert.equal(batch.costs!.length, 4);
  for (const request of batch.costs!) {
    // The file's own model first, then the compared ones.
    assert.deepEqual(
      request.models.map((m) => m.model),
      ['gpt-4o-mini', 'gpt-4o', 'no-such-model'],
    );
    assert.ok(request.models.find((m) => m.model === 'gpt-4o')!.costPerRequest! > 0);
    assert.equal(request.models.find((m) => m.model === 'no-such-model')!.costPerRequest, null, 'unknown is null, never 0');
  }
});

test('a file that declares a cl100k_base model is priced although the comparison needs only o200k_base', async () => {
  const root = mkdtempSync(join(tmpdir(), 'llm-cost-cl100k-'));
  try {
    const content = 'Summarise the meeting notes in five bullet points.';
    writeFileSync(join(root, 'legacy.json'), JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content }] }));
    const report = await scanInParallel(root, {
      workers: 1,
      workerScript: WORKER,
      pricing: { scenario: { ...DEFAULT_SCENARIO, models: ['gpt-4o'] }, maxRequests: 10 },
    });
    const [request] = report.files[0].costs!;
    const gpt4 = request.models.find((m) => m.model === 'gpt-4')!;
    assert.ok(gpt4.costPerRequest! > 0, 'gpt-4 priced with its own encoding');
    assert.equal(request.inputTokens, get_encoding('o200k_base').encode_ordinary(content).length + 6);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an aborted scan stops with "scan cancelled"', async () => {
  const controller = new AbortController();
  const scan = scanInParallel(FIXTURES, { workers: 2, workerScript: WORKER, signal: controller.signal });
  controller.abort();
  await assert.rejects(scan, /scan cancelled/);
});

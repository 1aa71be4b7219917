// A workspace scan spread over worker threads: the main thread only walks the folder and hands out
// paths in small batches, so it stays free (an extension host must never block), memory holds
// summaries rather than file texts, and an AbortSignal stops the scan at once.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { detectFormat, SCAN_REPORT_VERSION, type ScanReport } from '../core';
import type { FileSummary } from '../core/workspaceSummary';
import { walkFiles } from './walk';
import type { FromWorker, ToWorker, WorkerSetup } from './scanProtocol';
import { fileSummariser } from './fileSummaries';

export interface ParallelScanOptions extends Omit<WorkerSetup, 'root'> {
  workers?: number;
  signal?: AbortSignal;
  /** Files per message to a worker: small enough to balance, large enough to amortise messaging. */
  batchSize?: number;
  /** Where the worker bundle is; defaults to beside this bundle. */
  workerScript?: string;
  /**
   * Scan on this thread when the folder has at most this many candidate files: starting workers (each
   * loading a vocabulary) costs more than the work. The command-line tool allows it; an extension host
   * must not, since it may never block (default 0: always workers).
   */
  onThisThreadUpTo?: number;
}

export type ParallelScanReport = Omit<ScanReport, 'files'> & { files: FileSummary[] };

export async function scanInParallel(root: string, options: ParallelScanOptions = {}): Promise<ParallelScanReport> {
  if (options.signal?.aborted) throw new Error('scan cancelled');
  const workerCount = Math.max(1, options.workers ?? availableParallelism());
  const batchSize = options.batchSize ?? 32;
  const setup: WorkerSetup = { root: resolve(root), textPromptGlobs: options.textPromptGlobs, pricing: options.pricing, limits: options.limits };
  const report: ParallelScanReport = { version: SCAN_REPORT_VERSION, root: setup.root, files: [], skipped: [], warnings: [] };
  const candidates = candidatePaths(setup, report)[Symbol.asyncIterator]();
  const first: string[] = [];
  const limit = options.onThisThreadUpTo ?? 0;
  let step = await candidates.next();
  for (; !step.done && first.length <= limit; step = await candidates.next()) first.push(step.value);
  if (options.signal?.aborted) throw new Error('scan cancelled');
  if (step.done && first.length <= limit) {
    const { files, skipped } = await (await fileSummariser(setup))(first);
    return sorted({ ...report, files, skipped: [...report.skipped, ...skipped] });
  }
  const script = options.workerScript ?? join(__dirname, 'scanWorker.js');
  const workers = Array.from({ length: workerCount }, () => new Worker(script, { workerData: setup }));
  let stopping = false;
  const stopAll = () => {
    stopping = true;
    return Promise.all(workers.map((worker) => worker.terminate()));
  };

  // Paths are found while workers start; each idle worker takes the next batch.
  const pending: string[][] = [];
  let walking = true;
  let busy = 0;
  let failed = false;
  let resolveDone!: () => void;
  let rejectDone!: (error: Error) => void;
  const done = new Promise<void>((resolvePromise, rejectPromise) => {
    resolveDone = resolvePromise;
    rejectDone = (error: Error) => {
      failed = true;
      rejectPromise(error);
    };
  });
  // Failure can come while the walk is still running; it is raised when the walk awaits `done`.
  done.catch(() => undefined);
  // Each worker holds up to two batches, so it never waits for the next one after finishing one.
  const freeSlots: Worker[] = [];
  const dispatch = () => {
    while (freeSlots.length > 0 && pending.length > 0) {
      const worker = freeSlots.shift()!;
      busy++;
      worker.postMessage({ t: 'files', paths: pending.shift()! } satisfies ToWorker);
    }
    if (!walking && pending.length === 0 && busy === 0) resolveDone();
  };
  for (const worker of workers) {
    worker.on('message', (message: FromWorker) => {
      if (message.t === 'failed') return rejectDone(new Error(`scan worker failed: ${message.message}`));
      if (message.t === 'results') {
        busy--;
        report.files.push(...message.files);
        report.skipped.push(...message.skipped);
        freeSlots.push(worker);
      } else {
        freeSlots.push(worker, worker);
      }
      dispatch();
    });
    worker.on('error', (error) => rejectDone(error));
    // A worker that ends on its own would leave its batches unanswered and the scan waiting.
    worker.on('exit', (code) => {
      if (!stopping) rejectDone(new Error(`scan worker stopped unexpectedly (exit code ${code})`));
    });
  }
  const onAbort = () => rejectDone(new Error('scan cancelled'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Cancelled while the first files were being found: stop before any batch is sent.
  if (options.signal?.aborted) onAbort();

  try {
    let batch: string[] = [];
    const rest = async function* () {
      yield* first;
      for (; !step.done; step = await candidates.next()) yield step.value;
    };
    for await (const path of rest()) {
      if (failed) break;
      batch.push(path);
      if (batch.length === batchSize) {
        pending.push(batch);
        batch = [];
        dispatch();
      }
    }
    if (batch.length > 0) pending.push(batch);
    walking = false;
    dispatch();
    await done;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await stopAll();
  }
  return sorted(report);
}

/** The files under the folder that may be prompts (by name; a .json is looked at when read). */
async function* candidatePaths(setup: WorkerSetup, report: Pick<ParallelScanReport, 'skipped' | 'warnings'>): AsyncGenerator<string> {
  for await (const path of walkFiles(setup.root, {
    warning: (message) => report.warnings.push(message),
    unreadable: (path, reason) => report.skipped.push({ path, reason }),
  })) {
    if (detectFormat(path, undefined, { textPromptGlobs: setup.textPromptGlobs }) !== null) yield path;
  }
}

/** Workers finish in any order; the report lists files in path order, like a sequential scan. */
function sorted(report: ParallelScanReport): ParallelScanReport {
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  report.files.sort(byPath);
  report.skipped.sort(byPath);
  return report;
}

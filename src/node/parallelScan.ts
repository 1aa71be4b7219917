// A workspace scan spread over worker threads: the main thread only walks the folder and hands out
// paths in small batches, so it stays free (an extension host must never block), memory holds
// summaries rather than file texts, and an AbortSignal stops the scan at once.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { detectFormat, textFileLeftOut, SCAN_REPORT_VERSION, type ScanReport } from '../core';
import type { FileSummary } from '../core/workspaceSummary';
import { walkFiles } from './walk';
import type { FromWorker, ToWorker, WorkerSetup } from './scanProtocol';
import { fileSummariser } from './fileSummaries';
import { namedFolderOf } from './scanFolder';

export interface ParallelScanOptions extends Omit<WorkerSetup, 'root' | 'namedFolder'> {
  /**
   * The user named this folder (`llm-cost scan prompts/`): its own name counts for the text globs, and
   * the `.txt`/`.md` files they leave out are listed in `skipped` with the reason (`notAPrompt`).
   */
  namedByUser?: boolean;
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
  /** Told when workers start and stop and when a batch is sent (the tests stop a worker through it). */
  observer?: ScanObserver;
  /** A worker's V8 heap limit in MB: one over it stops (out of memory) and its files are retried. */
  workerHeapMb?: number;
}

export interface ScanObserver {
  workerStarted?(): void;
  workerExited?(): void;
  /** `stopWorker` terminates the worker the batch was sent to, as a crash would stop it. */
  batchSent?(paths: readonly string[], stopWorker: () => void): void;
}

/** What a file its worker stopped on twice is reported with (in `skipped`, with the cause). */
export const WORKER_STOPPED = 'could not be priced: the scan worker stopped — retried once';

/** Workers restarted in one scan before it gives up: each file costs at most two, a broken setup every one. */
const MAX_RESTARTS = 32;

interface Batch {
  id: number;
  paths: string[];
  /** A file handed out again after its worker stopped: it runs alone, and a second stop reports it. */
  retry: boolean;
}

export type ParallelScanReport = Omit<ScanReport, 'files'> & { files: FileSummary[] };

export async function scanInParallel(root: string, options: ParallelScanOptions = {}): Promise<ParallelScanReport> {
  if (options.signal?.aborted) throw new Error('scan cancelled');
  const workerCount = Math.max(1, options.workers ?? availableParallelism());
  const batchSize = options.batchSize ?? 32;
  const setup: WorkerSetup = {
    root: resolve(root),
    textPromptGlobs: options.textPromptGlobs,
    pricing: options.pricing,
    limits: options.limits,
    ...(options.namedByUser ? { namedFolder: namedFolderOf(root) } : {}),
  };
  const report: ParallelScanReport = { version: SCAN_REPORT_VERSION, root: setup.root, files: [], skipped: [], warnings: [] };
  const leftOut = (path: string, reason: string) => report.skipped.push({ path, reason, notAPrompt: true });
  const candidates = candidatePaths(setup, report, options.namedByUser ? leftOut : undefined)[Symbol.asyncIterator]();
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
  const observer = options.observer;

  // Paths are found while workers start; each worker holds up to two batches, so it never waits for
  // the next one after finishing one. A batch being retried after a worker stopped runs alone.
  const pending: Batch[] = [];
  const held = new Map<Worker, Batch[]>();
  const ready = new Set<Worker>();
  let walking = true;
  let stopping = false;
  let failed = false;
  let restarts = 0;
  let nextBatch = 0;
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
  const busy = () => [...held.values()].reduce((sum, batches) => sum + batches.length, 0);
  const takes = (worker: Worker, batch: Batch) => {
    const holding = held.get(worker)!;
    return batch.retry ? holding.length === 0 : holding.length < 2 && !holding.some((other) => other.retry);
  };
  const stoppedByObserver = new WeakSet<Worker>();
  const dispatch = () => {
    while (pending.length > 0 && !stopping) {
      const batch = pending[0]!;
      let worker: Worker | undefined;
      for (const candidate of ready) if (takes(candidate, batch) && (!worker || held.get(candidate)!.length < held.get(worker)!.length)) worker = candidate;
      if (!worker) break;
      pending.shift();
      held.get(worker)!.push(batch);
      worker.postMessage({ t: 'files', id: batch.id, paths: batch.paths } satisfies ToWorker);
      const stopped = worker;
      // terminate() takes effect a little later: a worker told to stop must not answer the batch it holds
      // meanwhile (a small file is priced in that time), or the stop the caller asked for did not happen.
      observer?.batchSent?.(batch.paths, () => {
        stoppedByObserver.add(stopped);
        void stopped.terminate();
      });
    }
    if (!walking && pending.length === 0 && busy() === 0) resolveDone();
  };

  // A worker that stops (a crash, out of memory, terminated) takes its batches with it: they are
  // handed out again, each file on its own, so that a file its worker stops on a second time is the
  // one reported, and the rest of the scan goes on with a new worker.
  const workerStopped = (worker: Worker, cause: string) => {
    const lost = held.get(worker) ?? [];
    held.delete(worker);
    ready.delete(worker);
    if (lost.length === 0) return rejectDone(new Error(`scan worker stopped unexpectedly (${cause})`));
    if (++restarts > MAX_RESTARTS) return rejectDone(new Error(`scan workers stopped ${restarts} times (last: ${cause}); the scan was abandoned`));
    const retries: Batch[] = [];
    for (const batch of lost) {
      if (batch.retry) report.skipped.push({ path: batch.paths[0]!, reason: `${WORKER_STOPPED} (${cause})` });
      else for (const path of batch.paths) retries.push({ id: nextBatch++, paths: [path], retry: true });
    }
    pending.unshift(...retries);
    startWorker();
    dispatch();
  };

  const startWorker = () => {
    const worker = new Worker(script, {
      workerData: setup,
      ...(options.workerHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb } } : {}),
    });
    held.set(worker, []);
    let error: Error | undefined;
    worker.on('message', (message: FromWorker) => {
      if (message.t === 'failed') return rejectDone(new Error(`scan worker failed: ${message.message}`));
      if (message.t === 'results') {
        if (stoppedByObserver.has(worker)) return;
        const holding = held.get(worker);
        const index = holding?.findIndex((batch) => batch.id === message.id) ?? -1;
        if (index === -1) return;
        holding!.splice(index, 1);
        report.files.push(...message.files);
        report.skipped.push(...message.skipped);
      } else {
        ready.add(worker);
      }
      dispatch();
    });
    // An error (out of memory, an uncaught exception) is followed by the exit, which says what is lost.
    worker.on('error', (thrown) => (error = thrown));
    worker.on('exit', (code) => {
      observer?.workerExited?.();
      if (!stopping) workerStopped(worker, error ? `${error.message}` : `exit code ${code}`);
    });
    observer?.workerStarted?.();
  };
  // One worker starts while the folder is walked; another only for each further batch, up to
  // workerCount: a folder of one batch (an editor's small workspace) loads the core, the prices and
  // the vocabulary once, not once per core.
  let pool = 0;
  const growPool = (batches: number) => {
    for (; pool < Math.min(workerCount, Math.max(1, batches)); pool++) startWorker();
  };
  growPool(1);
  const stopAll = () => {
    stopping = true;
    return Promise.all([...held.keys()].map((worker) => worker.terminate()));
  };
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
        pending.push({ id: nextBatch++, paths: batch, retry: false });
        growPool(nextBatch);
        batch = [];
        dispatch();
      }
    }
    if (batch.length > 0) pending.push({ id: nextBatch++, paths: batch, retry: false });
    growPool(nextBatch);
    walking = false;
    dispatch();
    await done;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await stopAll();
  }
  return sorted(report);
}

/**
 * The files under the folder that may be prompts (by name; a .json is looked at when read); the
 * `.txt`/`.md` files the text globs leave out go to `leftOut`, when given.
 */
async function* candidatePaths(
  setup: WorkerSetup,
  report: Pick<ParallelScanReport, 'skipped' | 'warnings'>,
  leftOut?: (path: string, reason: string) => void,
): AsyncGenerator<string> {
  const options = { textPromptGlobs: setup.textPromptGlobs, namedFolder: setup.namedFolder };
  for await (const path of walkFiles(setup.root, {
    warning: (message) => report.warnings.push(message),
    unreadable: (path, reason) => report.skipped.push({ path, reason }),
  })) {
    if (detectFormat(path, undefined, options) !== null) yield path;
    else if (leftOut) {
      const reason = textFileLeftOut(path, options);
      if (reason) leftOut(path, reason);
    }
  }
}

/** Workers finish in any order; the report lists files in path order, like a sequential scan. */
function sorted(report: ParallelScanReport): ParallelScanReport {
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  report.files.sort(byPath);
  report.skipped.sort(byPath);
  return report;
}

// The web extension's workspace scan: the host lists and reads the files (`vscode.workspace.fs`), a
// Web Worker parses, counts and prices them. Where a worker cannot be started, the scan runs in the
// host a file at a time (and says so in the result).
import * as vscode from 'vscode';
import { detectFormat } from '../core';
import type { FromScanWorker, ToScanWorker } from './webScanProtocol';
import { readPromptText, readTextInside } from './workspaceFiles';
import { notPricedEntry, scanInHost, type FolderScanner, type PromptCostEntry, type ScanResult } from './workspaceScan';

interface WorkerLike {
  postMessage(message: ToScanWorker): void;
  terminate(): void;
  onmessage: ((event: { data: FromScanWorker }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

/** Files handed to the worker at once: enough to keep it busy while the host reads the next ones. */
const IN_FLIGHT = 4;

async function startWorker(extensionUri: vscode.Uri): Promise<WorkerLike | null> {
  const WorkerClass = (globalThis as { Worker?: new (url: string) => WorkerLike }).Worker;
  if (!WorkerClass) return null;
  try {
    // The extension's files are not same-origin with the extension host: the worker is started from
    // a blob of its own bundle, read like any other extension file.
    const code = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'scanWorker.js'));
    return new WorkerClass(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
  } catch (error) {
    console.warn('LLM Cost: cannot start the scan worker; scanning in the extension host', error);
    return null;
  }
}

/** A worker that stops this many times in one scan ends the scan: something is wrong beyond one file. */
const MAX_RESTARTS = 32;

interface Job {
  id: number;
  uri: vscode.Uri;
  path: string;
  text: string;
  /** Workers that stopped while holding this file. */
  stops: number;
  done: () => void;
}

export function webWorkerScanner(extensionUri: vscode.Uri): FolderScanner {
  return async (folder, context, token, progress, observer) => {
    const first = await startWorker(extensionUri);
    if (!first) return scanInHost(folder, context, token, progress);
    const settings = await context.settings();
    const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), '{**/node_modules/**,**/.git/**}', 100_000, token);
    const candidates = files.filter((uri) => detectFormat(uri.path.slice(base.length), undefined, { textPromptGlobs: settings.textPromptGlobs }) !== null);
    const result: ScanResult = { entries: [], skipped: [], mode: 'web-worker' };
    const waiting = new Map<number, Job>();
    let failure: Error | null = null;
    let wakeOnFailure: (() => void) | null = null;
    const failed = new Promise<void>((resolve) => (wakeOnFailure = resolve));
    const failAll = (error: Error) => {
      if (failure) return;
      failure = error;
      wakeOnFailure?.();
    };

    // The worker in use, replaced when it stops (a crash reports an error; a worker the browser ends, out of
    // memory for instance, may say nothing, which the tests stand in for by stopping it themselves). The files
    // it held are sent again one at a time; a file whose worker stops twice is reported, not tried again.
    let worker: WorkerLike = first;
    // The worker files go to, once it is ready: while a stopped one is being replaced, files wait for the new one.
    let usable: Promise<WorkerLike | null> = Promise.resolve(first);
    let restarts = 0;
    let finished = false;
    let retrying: Promise<void> = Promise.resolve();
    const send = async (job: Job) => {
      const current = await usable;
      if (!current || failure) return;
      current.postMessage({ t: 'file', id: job.id, path: job.path, text: job.text });
      observer?.batchSent?.([job.path], () => workerStopped(current, 'stopped'));
    };
    const connect = async (next: WorkerLike): Promise<void> => {
      worker = next;
      observer?.workerStarted?.();
      let ready!: () => void;
      const started = new Promise<void>((resolve) => (ready = resolve));
      next.onerror = (event) => workerStopped(next, event.message ?? 'unknown error');
      next.onmessage = ({ data }) => {
        if (next !== worker) return;
        if (data.t === 'ready') return ready();
        if (data.t === 'read-vocabulary') {
          context.readVocabulary(data.fileName).then(
            (bytes) => next.postMessage({ t: 'vocabulary', requestId: data.requestId, bytes }),
            () => next.postMessage({ t: 'vocabulary', requestId: data.requestId, bytes: null }),
          );
          return;
        }
        if (data.t === 'read') {
          void readTextInside(folder, data.path).then((text) => next.postMessage({ t: 'read-result', requestId: data.requestId, text: text ?? null }));
          return;
        }
        if (data.t === 'failed' && data.id === null) return failAll(new Error(`the scan worker failed: ${data.message}`));
        const job = waiting.get(data.id ?? -1);
        if (!job) return;
        waiting.delete(job.id);
        if (data.t === 'failed') result.skipped.push({ path: job.path, reason: `could not be priced (${data.message})` });
        else if (data.figures) result.entries.push({ ...data.figures, path: job.path, uri: job.uri } satisfies PromptCostEntry);
        job.done();
      };
      next.postMessage({ t: 'setup', choices: { ...settings, chosenModel: context.chosenModel }, textPromptGlobs: settings.textPromptGlobs });
      await Promise.race([started, failed]);
    };
    const workerStopped = (stopped: WorkerLike, cause: string) => {
      if (stopped !== worker || failure) return;
      stopped.terminate();
      observer?.workerExited?.();
      if (++restarts > MAX_RESTARTS) return failAll(new Error(`the scan worker stopped ${restarts} times (last: ${cause})`));
      const held = [...waiting.values()];
      for (const job of held) {
        if (++job.stops < 2) continue;
        waiting.delete(job.id);
        // Listed in the view as a file that could not be priced, as the desktop scan does.
        result.entries.push(notPricedEntry(job.uri, job.path, `could not be priced: the scan worker stopped — retried once (${cause})`));
        job.done();
      }
      const retry = held.filter((job) => job.stops < 2);
      usable = (async () => {
        const next = await startWorker(extensionUri);
        // A scan that ended (or failed) meanwhile must not leave a worker running.
        if (next && (finished || failure)) {
          next.terminate();
          return null;
        }
        if (!next) {
          failAll(new Error(`the scan worker stopped (${cause}) and no new one could be started`));
          return null;
        }
        await connect(next);
        return next;
      })();
      retrying = (async () => {
        // One at a time, so a file that stops the worker again is the one reported.
        for (const job of retry) {
          if (failure) return;
          const answered = new Promise<void>((resolve) => {
            const done = job.done;
            job.done = () => (done(), resolve());
          });
          await send(job);
          await Promise.race([answered, failed]);
        }
      })();
    };

    const cancelled = token.onCancellationRequested(() => failAll(new Error('scan cancelled')));
    try {
      await connect(first);
      if (failure) throw failure;
      let next = 0;
      let done = 0;
      const runOne = async (): Promise<void> => {
        while (next < candidates.length && !token.isCancellationRequested && !failure) {
          await retrying;
          const id = next++;
          const uri = candidates[id]!;
          const path = uri.path.slice(base.length);
          const read = await readPromptText(uri, settings.limits);
          if ('skipped' in read) {
            result.skipped.push({ path, reason: read.skipped });
            continue;
          }
          await retrying;
          await Promise.race([
            new Promise<void>((resolve) => {
              const job: Job = { id, uri, path, text: read.text, stops: 0, done: resolve };
              waiting.set(id, job);
              void send(job);
            }),
            failed,
          ]);
          if (++done % 10 === 0) progress.report(`${done} of ${candidates.length} files`);
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, runOne));
      // Files still being retried after the last one was handed out.
      await Promise.race([retrying, failed]);
      if (token.isCancellationRequested) return null;
      if (failure) throw failure;
      return result;
    } catch (error) {
      if (token.isCancellationRequested) return null;
      throw error;
    } finally {
      finished = true;
      cancelled.dispose();
      worker.terminate();
      observer?.workerExited?.();
    }
  };
}

// The web extension's workspace scan: the host lists and reads the files (`vscode.workspace.fs`), a
// Web Worker parses, counts and prices them. Where a worker cannot be started, the scan runs in the
// host a file at a time (and says so in the result).
import * as vscode from 'vscode';
import { detectFormat } from '../core';
import type { FromScanWorker, ToScanWorker } from './webScanProtocol';
import { readPromptText, readTextInside } from './workspaceFiles';
import { scanInHost, type FolderScanner, type PromptCostEntry, type ScanResult } from './workspaceScan';

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

export function webWorkerScanner(extensionUri: vscode.Uri): FolderScanner {
  return async (folder, context, token, progress, observer) => {
    const worker = await startWorker(extensionUri);
    if (!worker) return scanInHost(folder, context, token, progress);
    observer?.workerStarted?.();
    const settings = await context.settings();
    const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), '{**/node_modules/**,**/.git/**}', 100_000, token);
    const candidates = files.filter((uri) => detectFormat(uri.path.slice(base.length), undefined, { textPromptGlobs: settings.textPromptGlobs }) !== null);
    const result: ScanResult = { entries: [], skipped: [], mode: 'web-worker' };
    const waiting = new Map<number, { uri: vscode.Uri; done: () => void; fail: (error: Error) => void }>();
    let ready!: () => void;
    let broken!: (error: Error) => void;
    const started = new Promise<void>((resolve, reject) => ((ready = resolve), (broken = reject)));
    let failed = false;
    const failAll = (error: Error) => {
      failed = true;
      broken(error);
      for (const job of waiting.values()) job.fail(error);
      waiting.clear();
    };
    worker.onerror = (event) => failAll(new Error(`the scan worker stopped: ${event.message ?? 'unknown error'}`));
    worker.onmessage = ({ data }) => {
      if (data.t === 'ready') return ready();
      if (data.t === 'read-vocabulary') {
        context.readVocabulary(data.fileName).then(
          (bytes) => worker.postMessage({ t: 'vocabulary', requestId: data.requestId, bytes }),
          () => worker.postMessage({ t: 'vocabulary', requestId: data.requestId, bytes: null }),
        );
        return;
      }
      if (data.t === 'read') {
        void readTextInside(folder, data.path).then((text) => worker.postMessage({ t: 'read-result', requestId: data.requestId, text: text ?? null }));
        return;
      }
      if (data.t === 'failed' && data.id === null) return failAll(new Error(`the scan worker failed: ${data.message}`));
      const id = data.id ?? -1;
      const job = waiting.get(id);
      if (!job) return;
      waiting.delete(id);
      const path = job.uri.path.slice(base.length);
      if (data.t === 'failed') result.skipped.push({ path, reason: `could not be priced (${data.message})` });
      else if (data.figures) result.entries.push({ ...data.figures, path, uri: job.uri } satisfies PromptCostEntry);
      job.done();
    };
    const cancelled = token.onCancellationRequested(() => failAll(new Error('scan cancelled')));
    try {
      worker.postMessage({ t: 'setup', choices: { ...settings, chosenModel: context.chosenModel }, textPromptGlobs: settings.textPromptGlobs });
      await started;
      let next = 0;
      let done = 0;
      const runOne = async (): Promise<void> => {
        while (next < candidates.length && !token.isCancellationRequested && !failed) {
          const id = next++;
          const uri = candidates[id]!;
          const read = await readPromptText(uri, settings.limits);
          if ('skipped' in read) {
            result.skipped.push({ path: uri.path.slice(base.length), reason: read.skipped });
            continue;
          }
          await new Promise<void>((resolve, reject) => {
            waiting.set(id, { uri, done: resolve, fail: reject });
            worker.postMessage({ t: 'file', id, path: uri.path.slice(base.length), text: read.text });
            // A Web Worker that is terminated says nothing: the scan fails with the reason rather than wait for it.
            observer?.batchSent?.([uri.path.slice(base.length)], () => {
              worker.terminate();
              failAll(new Error('the scan worker stopped'));
            });
          });
          if (++done % 10 === 0) progress.report(`${done} of ${candidates.length} files`);
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, runOne));
      return token.isCancellationRequested ? null : result;
    } catch (error) {
      if (token.isCancellationRequested) return null;
      throw error;
    } finally {
      cancelled.dispose();
      worker.terminate();
      observer?.workerExited?.();
    }
  };
}

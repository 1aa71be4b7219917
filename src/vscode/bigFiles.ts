// Big prompt files on the desktop: analysed on a worker thread of their own, so the extension host's
// thread (hovers, completions, every other extension) never waits while a large document is parsed
// and tokenized after an edit. One worker, started on the first big file and kept for the next edit.
// A worker that dies fails the jobs it held, naming their files; the next big file starts a new one.
import { Worker } from 'node:worker_threads';
import type { BigFileAnalyser, FromBigFileWorker, OffThreadJob, OffThreadResult, ToBigFileWorker } from './bigFileProtocol';

interface Pending {
  job: OffThreadJob;
  resolve(result: OffThreadResult | null): void;
  reject(error: Error): void;
}

export function bigFileAnalyser(workerScript: string, log: (message: string) => void = () => undefined): BigFileAnalyser {
  let worker: Worker | undefined;
  const pending = new Map<number, Pending>();
  let nextId = 0;

  const start = (): Worker => {
    const started = new Worker(workerScript);
    started.unref();
    const stopped = (why: string) => {
      if (worker === started) worker = undefined;
      for (const [id, job] of pending) {
        job.reject(new Error(`the big-file worker stopped while counting ${job.job.path}: ${why}`));
        pending.delete(id);
      }
      log(`Big-file worker: ${why}`);
    };
    started.on('error', (error) => stopped(error.message));
    started.on('exit', (code) => pending.size > 0 && stopped(`exited with code ${code}`));
    started.on('message', (message: FromBigFileWorker) => {
      const job = pending.get(message.id);
      if (!job) return;
      if (message.t === 'read') {
        void job.job
          .readReference(message.path)
          .then((text) => started.postMessage({ t: 'read-result', requestId: message.requestId, text: text ?? null } satisfies ToBigFileWorker));
        return;
      }
      pending.delete(message.id);
      if (message.t === 'failed') job.reject(new Error(`${job.job.path} could not be counted: ${message.message}`));
      else job.resolve(message.result);
    });
    return started;
  };

  return {
    analyse(job) {
      worker ??= start();
      const id = ++nextId;
      const { readReference: _reader, ...data } = job;
      return new Promise<OffThreadResult | null>((resolve, reject) => {
        pending.set(id, { job, resolve, reject });
        worker!.postMessage({ t: 'analyse', id, ...data } satisfies ToBigFileWorker);
      });
    },
    dispose() {
      void worker?.terminate();
      worker = undefined;
    },
  };
}

// A scan worker thread: reads, parses, counts and (optionally) prices the files it is handed, and
// sends back only their summaries. Runs off the main thread so an editor never blocks on a scan.
import { parentPort, workerData } from 'node:worker_threads';
import { fileSummariser } from './fileSummaries';
import type { FromWorker, ToWorker, WorkerSetup } from './scanProtocol';

const post = (message: FromWorker) => parentPort?.postMessage(message);
const failed = (error: unknown) => post({ t: 'failed', message: error instanceof Error ? error.message : String(error) });

async function start(): Promise<void> {
  const summarise = await fileSummariser(workerData as WorkerSetup);
  parentPort?.on('message', (message: ToWorker) => {
    summarise(message.paths).then((summaries) => post({ t: 'results', id: message.id, ...summaries }), failed);
  });
  post({ t: 'ready' });
}

start().catch(failed);

// A scan worker thread: reads, parses, counts and (optionally) prices the files it is handed, and
// sends back only their summaries. Runs off the main thread so an editor never blocks on a scan.
import { parentPort, workerData } from 'node:worker_threads';
import { summariseFile, type FileSummary, type PricingSetup } from '../core/workspaceSummary';
import { folderReader, readPromptFile } from './promptFiles';
import { loadCounters } from './counters';
import { loadPrices } from './prices';
import type { FromWorker, ToWorker, WorkerSetup } from './scanProtocol';

const setup = workerData as WorkerSetup;
const post = (message: FromWorker) => parentPort!.postMessage(message);

async function start(): Promise<void> {
  const counters = await loadCounters();
  let pricing: PricingSetup | undefined;
  if (setup.pricing) {
    const { catalog } = await loadPrices(setup.pricing.userPriceFile);
    pricing = { catalog, scenario: setup.pricing.scenario, maxRequests: setup.pricing.maxRequests };
  }
  const parseOptions = { reader: folderReader(setup.root), textPromptGlobs: setup.textPromptGlobs };
  parentPort!.on('message', (message: ToWorker) => {
    const files: FileSummary[] = [];
    const skipped: { path: string; reason: string }[] = [];
    for (const path of message.paths) {
      const result = readPromptFile(setup.root, path, parseOptions);
      if (result === null) continue;
      if ('skipped' in result) skipped.push({ path, reason: result.skipped });
      else files.push(summariseFile(result.parsed, counters, pricing));
    }
    post({ t: 'results', files, skipped });
  });
  post({ t: 'ready' });
}

start().catch((error) => post({ t: 'failed', message: error instanceof Error ? error.message : String(error) }));

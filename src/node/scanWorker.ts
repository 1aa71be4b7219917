// A scan worker thread: reads, parses, counts and (optionally) prices the files it is handed, and
// sends back only their summaries. Runs off the main thread so an editor never blocks on a scan.
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadTokenCounter, parsePromptFile, type Counters } from '../core';
import { summariseFile, type FileSummary, type PricingSetup } from '../core/workspaceSummary';
import { folderReader, MAX_PROMPT_FILE_BYTES } from './scanFolder';
import { loadPrices } from './prices';
import type { FromWorker, ToWorker, WorkerSetup } from './scanProtocol';

const setup = workerData as WorkerSetup;
const post = (message: FromWorker) => parentPort!.postMessage(message);

async function start(): Promise<void> {
  const [o200k_base, cl100k_base] = await Promise.all([loadTokenCounter('o200k_base'), loadTokenCounter('cl100k_base')]);
  const counters: Counters = { o200k_base, cl100k_base };
  let pricing: PricingSetup | undefined;
  if (setup.pricing) {
    const { catalog } = await loadPrices(setup.pricing.userPriceFile);
    pricing = { catalog, scenario: setup.pricing.scenario, maxRequests: setup.pricing.maxRequests };
  }
  const parseOptions = { reader: folderReader(setup.root), textPromptGlobs: setup.textPromptGlobs };
  parentPort!.on('message', (message: ToWorker) => {
    if (message.t === 'stop') {
      process.exit(0);
    }
    const files: FileSummary[] = [];
    const skipped: { path: string; reason: string }[] = [];
    for (const path of message.paths) {
      const full = resolve(setup.root, path);
      try {
        // Blocking reads are right here: this thread does nothing else, and they avoid an idle
        // hop through the event loop per file.
        if (statSync(full).size > MAX_PROMPT_FILE_BYTES) {
          skipped.push({ path, reason: `larger than ${MAX_PROMPT_FILE_BYTES / 1024 / 1024} MB` });
          continue;
        }
        const parsed = parsePromptFile(path, readFileSync(full, 'utf8'), parseOptions);
        if (parsed) files.push(summariseFile(parsed, counters, pricing));
      } catch (error) {
        skipped.push({ path, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    post({ t: 'results', files, skipped });
  });
  post({ t: 'ready' });
}

start().catch((error) => post({ t: 'failed', message: error instanceof Error ? error.message : String(error) }));

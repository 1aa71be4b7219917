// A scan worker thread: reads, parses, counts and (optionally) prices the files it is handed, and
// sends back only their summaries. Runs off the main thread so an editor never blocks on a scan.
import { parentPort, workerData } from 'node:worker_threads';
import { priceBookOf, encodingsFor } from '../core/pricing';
import { DEFAULT_COMPARISON_MODELS } from '../core/pricing/catalog';
import { summariseFile, type FileSummary, type PricingSetup } from '../core/workspaceSummary';
import type { ParsedPromptFile } from '../core';
import { folderReader, readPromptFile } from './promptFiles';
import { loadPrices } from './prices';
import { loadCounters } from './counters';
import type { FromWorker, ToWorker, WorkerSetup } from './scanProtocol';

const setup = workerData as WorkerSetup;
const post = (message: FromWorker) => parentPort?.postMessage(message);

/**
 * The encodings a file needs, decided before it is counted: an unpriced scan reports both; a priced
 * scan counts cl100k_base only when a compared model or the file's own model reads it (gpt-4,
 * gpt-3.5), so most workers never load that vocabulary.
 */
function encodingsNeeded(file: ParsedPromptFile) {
  if (!setup.pricing) return ['o200k_base', 'cl100k_base'] as const;
  return encodingsFor([...(setup.pricing.scenario.models ?? DEFAULT_COMPARISON_MODELS), file.model, ...file.requests.map((request) => request.model)]);
}

async function start(): Promise<void> {
  let pricing: PricingSetup | undefined;
  if (setup.pricing) {
    const { catalog } = await loadPrices(setup.pricing.userPriceFile);
    pricing = { prices: priceBookOf(catalog), scenario: setup.pricing.scenario, maxRequests: setup.pricing.maxRequests };
  }
  // o200k_base is needed by every file; load it while the first batch is on its way.
  await loadCounters();
  const parseOptions = { reader: folderReader(setup.root), textPromptGlobs: setup.textPromptGlobs };
  const summarise = async (paths: readonly string[]): Promise<FromWorker> => {
    const files: FileSummary[] = [];
    const skipped: { path: string; reason: string }[] = [];
    for (const path of paths) {
      const result = await readPromptFile(setup.root, path, parseOptions);
      if (result === null) continue;
      if ('skipped' in result) skipped.push({ path, reason: result.skipped });
      else {
        try {
          files.push(summariseFile(result.parsed, await loadCounters(encodingsNeeded(result.parsed)), pricing));
        } catch (error) {
          // A fault counting one file (an engine limit, a bug) costs that file, not the whole scan.
          skipped.push({ path, reason: `could not be counted (internal error: ${error instanceof Error ? error.message : String(error)}; please report it)` });
        }
      }
    }
    return { t: 'results', files, skipped };
  };
  parentPort?.on('message', (message: ToWorker) => {
    summarise(message.paths).then(post, (error: unknown) => post({ t: 'failed', message: error instanceof Error ? error.message : String(error) }));
  });
  post({ t: 'ready' });
}

start().catch((error) => post({ t: 'failed', message: error instanceof Error ? error.message : String(error) }));

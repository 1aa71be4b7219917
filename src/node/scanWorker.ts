// A scan worker thread: reads, parses, counts and (optionally) prices the files it is handed, and
// sends back only their summaries. Runs off the main thread so an editor never blocks on a scan.
import { parentPort, workerData } from 'node:worker_threads';
import { type Counters, type TokenCounter } from '../core';
import { loadCounter } from './counters';
import { parseModelRef, tokenizerFor } from '../core/pricing';
import { DEFAULT_COMPARISON_MODELS } from '../core/pricing/catalog';
import { summariseFile, type FileSummary, type PricingSetup } from '../core/workspaceSummary';
import { folderReader, readPromptFile } from './promptFiles';
import { loadPrices } from './prices';
import type { FromWorker, ToWorker, WorkerSetup } from './scanProtocol';

const setup = workerData as WorkerSetup;
const post = (message: FromWorker) => parentPort!.postMessage(message);

/** Raised by the cl100k_base stand-in: the file is done again once the vocabulary is loaded. */
class VocabularyNotLoaded extends Error {}

const cl100kNotLoaded: TokenCounter = {
  encoding: 'cl100k_base',
  count: () => {
    throw new VocabularyNotLoaded();
  },
  countInSteps: () => {
    throw new VocabularyNotLoaded();
  },
};

// A priced scan of current models never reads cl100k_base (gpt-4 and gpt-3.5 only), so a worker
// loads it only when a compared model needs it, or when a file turns out to declare such a model.
function comparisonNeedsCl100k(setup: WorkerSetup): boolean {
  if (!setup.pricing) return true;
  const models = setup.pricing.scenario.models ?? DEFAULT_COMPARISON_MODELS;
  return models.some((model) => tokenizerFor(parseModelRef(model).model).encoding === 'cl100k_base');
}

async function start(): Promise<void> {
  const counters: Counters = {
    o200k_base: await loadCounter('o200k_base'),
    cl100k_base: comparisonNeedsCl100k(setup) ? await loadCounter('cl100k_base') : cl100kNotLoaded,
  };
  let pricing: PricingSetup | undefined;
  if (setup.pricing) {
    const { catalog } = await loadPrices(setup.pricing.userPriceFile);
    pricing = { catalog, scenario: setup.pricing.scenario, maxRequests: setup.pricing.maxRequests };
  }
  const parseOptions = { reader: folderReader(setup.root), textPromptGlobs: setup.textPromptGlobs };
  const summarise = async (parsed: Parameters<typeof summariseFile>[0]): Promise<FileSummary> => {
    try {
      return summariseFile(parsed, counters, pricing);
    } catch (error) {
      if (!(error instanceof VocabularyNotLoaded)) throw error;
      counters.cl100k_base = await loadCounter('cl100k_base');
      return summariseFile(parsed, counters, pricing);
    }
  };
  parentPort!.on('message', async (message: ToWorker) => {
    const files: FileSummary[] = [];
    const skipped: { path: string; reason: string }[] = [];
    for (const path of message.paths) {
      const result = readPromptFile(setup.root, path, parseOptions);
      if (result === null) continue;
      if ('skipped' in result) skipped.push({ path, reason: result.skipped });
      else files.push(await summarise(result.parsed));
    }
    post({ t: 'results', files, skipped });
  });
  post({ t: 'ready' });
}

start().catch((error) => post({ t: 'failed', message: error instanceof Error ? error.message : String(error) }));

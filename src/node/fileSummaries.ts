// Reading, parsing, counting and (optionally) pricing a batch of a folder's files into summaries: what a
// scan worker does with each batch, and what a small scan does on its own thread.
import { priceBookOf } from '../core/pricing';
import { summariseFile, type FileSummary, type PricingSetup } from '../core/workspaceSummary';
import { encodingsForPlan, type ParsedPromptFile } from '../core';
import { DEFAULT_SCENARIO } from '../core/cost';
import { folderReader, readPromptFile } from './promptFiles';
import { loadPrices } from './prices';
import { loadCounters } from './counters';
import type { WorkerSetup } from './scanProtocol';

export interface Summaries {
  files: FileSummary[];
  skipped: { path: string; reason: string }[];
}

/** Loads prices (when the scan prices) and returns the function that summarises a batch of paths. */
export async function fileSummariser(setup: WorkerSetup): Promise<(paths: readonly string[]) => Promise<Summaries>> {
  let pricing: PricingSetup | undefined;
  if (setup.pricing) {
    const { catalog } = await loadPrices(setup.pricing.userPriceFile);
    pricing = { prices: priceBookOf(catalog), scenario: setup.pricing.scenario, maxRequests: setup.pricing.maxRequests };
  }
  // o200k_base is needed by every file; load it before the first batch.
  await loadCounters();
  const parseOptions = {
    reader: folderReader(setup.root, setup.limits),
    textPromptGlobs: setup.textPromptGlobs,
    namedFolder: setup.namedFolder,
    limits: setup.limits,
  };

  // The encodings a file needs, decided before it is counted: cl100k_base only when a compared model or
  // the file's own model reads it (gpt-4, gpt-3.5, shut down by OpenAI on 2026-10-23), so most scans
  // never load that vocabulary nor count every file twice. An unpriced scan compares the default models.
  const encodingsNeeded = (file: ParsedPromptFile) => encodingsForPlan([file], setup.pricing?.scenario ?? DEFAULT_SCENARIO);

  return async (paths) => {
    const summaries: Summaries = { files: [], skipped: [] };
    for (const path of paths) {
      const result = await readPromptFile(setup.root, path, parseOptions);
      if (result === null) continue;
      if ('skipped' in result) {
        summaries.skipped.push({ path, reason: result.skipped });
        continue;
      }
      try {
        summaries.files.push(summariseFile(result.parsed, await loadCounters(encodingsNeeded(result.parsed)), pricing));
      } catch (error) {
        // A fault counting one file (an engine limit, a bug) costs that file, not the whole scan.
        summaries.skipped.push({
          path,
          reason: `could not be counted (internal error: ${error instanceof Error ? error.message : String(error)}; please report it)`,
        });
      }
    }
    return summaries;
  };
}

// Where the command-line tool gets its prices: the refreshed copy if the user ran
// `llm-cost prices update`, else the data bundled with the tool; then the user's own price file.
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { loadBundledCatalog, parseLiteLlmPriceFile, withOverrides, type PriceCatalog } from '../core/pricing';
import { loadCachedCatalog } from './priceUpdate';
import { readRegularFile } from './regularFile';

/** LiteLLM's whole price list is under 2 MB; a file far past that is not a price file. */
const MAX_PRICE_FILE_BYTES = 64 * 1024 * 1024;

/** The refreshed price data lives in the user's cache folder, never in a workspace. */
export function priceCacheFile(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'llm-cost-planner', 'prices.json');
}

export interface LoadedPrices {
  catalog: PriceCatalog;
  warnings: string[];
}

export async function loadPrices(userPriceFile: string | undefined): Promise<LoadedPrices> {
  const warnings: string[] = [];
  let catalog = (await loadCachedCatalog(priceCacheFile())) ?? (await loadBundledCatalog());
  if (userPriceFile) {
    const read = readRegularFile(userPriceFile, MAX_PRICE_FILE_BYTES);
    if (!read.ok) throw new PriceFileError(`${userPriceFile}: cannot read the price file: ${read.reason}.`);
    const text = new TextDecoder().decode(read.bytes);
    const asOf = read.mtime.toISOString().slice(0, 10);
    const parsed = parseLiteLlmPriceFile(text, basename(userPriceFile), { asOf });
    for (const problem of parsed.problems) warnings.push(`${problem.file}${problem.model ? ` (${problem.model})` : ''}: ${problem.message}`);
    if (parsed.models.length === 0 && parsed.problems.length > 0) throw new PriceFileError(`${userPriceFile}: no usable prices. ${warnings.join(' ')}`);
    catalog = withOverrides(catalog, parsed.models);
  }
  return { catalog, warnings };
}

export class PriceFileError extends Error {}

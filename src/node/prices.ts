// Where the command-line tool gets its prices: the refreshed copy if the user ran
// `llm-cost prices update`, else the data bundled with the tool; then the user's own price file.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { loadBundledCatalog, parseLiteLlmPriceFile, withOverrides, type PriceCatalog } from '../core/pricing';
import { loadCachedCatalog } from './priceUpdate';

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
    let text: string;
    let asOf: string;
    try {
      text = readFileSync(userPriceFile, 'utf8');
      asOf = statSync(userPriceFile).mtime.toISOString().slice(0, 10);
    } catch (error) {
      throw new PriceFileError(`${userPriceFile}: cannot read the price file (${(error as Error).message}).`);
    }
    const parsed = parseLiteLlmPriceFile(text, basename(userPriceFile), { asOf });
    for (const problem of parsed.problems) warnings.push(`${problem.file}${problem.model ? ` (${problem.model})` : ''}: ${problem.message}`);
    if (parsed.models.length === 0 && parsed.problems.length > 0) throw new PriceFileError(`${userPriceFile}: no usable prices. ${warnings.join(' ')}`);
    catalog = withOverrides(catalog, parsed.models);
  }
  return { catalog, warnings };
}

export class PriceFileError extends Error {}

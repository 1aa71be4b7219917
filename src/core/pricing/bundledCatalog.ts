// The price data bundled with the tool: the one place that loads @pydantic/genai-prices' data.
import { waitForUpdate } from '@pydantic/genai-prices';
import type { PriceCatalog } from './catalog';

/**
 * The date of the price data bundled with @pydantic/genai-prices 0.1.8: the package's publish date.
 * The data carries no date of its own; its newest dated price change is 2026-09-22.
 */
export const BUNDLED_DATA_AS_OF = '2026-09-23';
export const BUNDLED_DATA_SOURCE = '@pydantic/genai-prices 0.1.8 (bundled data)';

export async function loadBundledCatalog(): Promise<PriceCatalog> {
  const providers = (await waitForUpdate()) ?? [];
  return { providers, overrides: new Map(), dataSource: BUNDLED_DATA_SOURCE, asOf: BUNDLED_DATA_AS_OF };
}

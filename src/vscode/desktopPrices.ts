// The desktop's prices, shared by the extension host and its big-file worker thread so both price
// with the same catalogue: the refreshed copy or the bundled one, and the user's own price file.
import { loadPrices, type LoadedPrices } from '../node/prices';

export async function loadDesktopPrices(priceFile: string | null): Promise<LoadedPrices> {
  try {
    return await loadPrices(priceFile ?? undefined);
  } catch (error) {
    // A broken price file of the user's: say so, and price with the catalogue alone.
    const fallback = await loadPrices(undefined);
    return { catalog: fallback.catalog, warnings: [(error as Error).message] };
  }
}

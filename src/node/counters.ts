import { loadTokenCounter, type Counters, type EncodingName } from '../core';

/** The exact counters for `encodings` (o200k_base always), each vocabulary loaded once per process. */
export async function loadCounters(encodings: readonly EncodingName[] = ['o200k_base']): Promise<Counters> {
  const [o200k_base, cl100k_base] = await Promise.all([
    loadTokenCounter('o200k_base'),
    encodings.includes('cl100k_base') ? loadTokenCounter('cl100k_base') : undefined,
  ]);
  return cl100k_base ? { o200k_base, cl100k_base } : { o200k_base };
}

import { loadTokenCounter, type Counters } from '../core';

/** Both exact encodings, loaded once per process. */
export async function loadCounters(): Promise<Counters> {
  const [o200k_base, cl100k_base] = await Promise.all([loadTokenCounter('o200k_base'), loadTokenCounter('cl100k_base')]);
  return { o200k_base, cl100k_base };
}

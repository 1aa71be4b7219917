// The opt-in price refresh: downloads genai-prices' published data file, checks it, and keeps it in a
// cache file. Off unless the user runs it. The address is a constant here, never a setting, so a
// workspace cannot point the tool at a server of its choosing. Any failure keeps the previous data.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { REMOTE_DATA_JSON_URL, type Provider } from '@pydantic/genai-prices';
import { catalogFromPublishedData, checkPublishedData, type PriceCatalog } from '../core/pricing';

/** genai-prices' published data file (the same one its own `updatePrices` reads). */
export const PRICE_DATA_URL: string = REMOTE_DATA_JSON_URL;
const MAX_BYTES = 32 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

interface CachedPriceData {
  fetchedAt: string;
  url: string;
  data: Provider[];
}

export type RefreshResult =
  { ok: true; asOf: string; providers: number; models: number; cacheFile: string } | { ok: false; error: string; keptAsOf: string | null };

export interface RefreshOptions {
  /** Where the downloaded data is kept (the extension's global storage, or ~/.cache for the CLI). */
  cacheFile: string;
  /** For tests against a loopback server only; callers never take it from settings. */
  dataUrl?: string;
  now?: Date;
  timeoutMs?: number;
}

export async function refreshPrices(options: RefreshOptions): Promise<RefreshResult> {
  const url = options.dataUrl ?? PRICE_DATA_URL;
  const kept = async () => (await loadCachedCatalog(options.cacheFile))?.asOf ?? null;
  let text: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS), redirect: 'follow' });
    if (!response.ok) return { ok: false, error: `download failed: HTTP ${response.status} from ${url}`, keptAsOf: await kept() };
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_BYTES) return { ok: false, error: `download refused: ${declared} bytes is more than a price file should be`, keptAsOf: await kept() };
    text = await response.text();
    if (text.length > MAX_BYTES) return { ok: false, error: 'download refused: larger than a price file should be', keptAsOf: await kept() };
  } catch (error) {
    return { ok: false, error: `download failed: ${(error as Error).message}`, keptAsOf: await kept() };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the downloaded price data is not valid JSON; previous prices kept', keptAsOf: await kept() };
  }
  const check = checkPublishedData(data);
  if (!check.ok) return { ok: false, error: `the downloaded price data is malformed (${check.error}); previous prices kept`, keptAsOf: await kept() };

  const now = options.now ?? new Date();
  const cached: CachedPriceData = { fetchedAt: now.toISOString(), url, data: check.providers };
  await mkdir(dirname(options.cacheFile), { recursive: true });
  // Written beside the target, then renamed over it, so a crash never leaves half a file.
  const temporary = `${options.cacheFile}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(cached));
  await rename(temporary, options.cacheFile);
  return {
    ok: true,
    asOf: cached.fetchedAt.slice(0, 10),
    providers: check.providers.length,
    models: check.providers.reduce((n, p) => n + p.models.length, 0),
    cacheFile: options.cacheFile,
  };
}

/**
 * The refreshed catalogue, or null when there is none (never refreshed, or the cache file is damaged):
 * the caller then uses the bundled data. Its date is the day it was downloaded.
 */
export async function loadCachedCatalog(cacheFile: string): Promise<PriceCatalog | null> {
  let cached: unknown;
  try {
    cached = JSON.parse(await readFile(cacheFile, 'utf8'));
  } catch {
    return null;
  }
  if (typeof cached !== 'object' || cached === null) return null;
  const { fetchedAt, url, data } = cached as Partial<CachedPriceData>;
  if (typeof fetchedAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(fetchedAt)) return null;
  const check = checkPublishedData(data);
  if (!check.ok) return null;
  return catalogFromPublishedData(check.providers, {
    dataSource: `genai-prices published data (${url ?? PRICE_DATA_URL}), downloaded`,
    asOf: fetchedAt.slice(0, 10),
  });
}

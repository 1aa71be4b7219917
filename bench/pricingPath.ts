// The pricing half of the hover and scan paths, as the editor will run it.
import { performance } from 'node:perf_hooks';
import { parsePromptFile, profileRequests, type Counters, type RequestProfile } from '../src/core';
import type { ExactTokenCounter } from '../src/core/tokens/counter';
import { loadBundledCatalog, priceBookOf, type PriceCatalog } from '../src/core/pricing';
import { planComparison, DEFAULT_SCENARIO } from '../src/core/cost';
import { mixedPromptText } from './corpus';

export const TEN_MODELS = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4.1',
  'gpt-4.1-mini',
  'o4-mini',
  'claude-sonnet-4-5',
  'claude-haiku-4-5',
  'claude-opus-4-1',
  'gemini-2.5-pro',
  'gemini-2.5-flash',
];

let catalog: PriceCatalog | undefined;

export async function preparePricing(): Promise<void> {
  catalog = await loadBundledCatalog();
}

/** Prices a request on the ten comparison models, as a hover does. */
export function planForHover(profile: RequestProfile, models = TEN_MODELS): void {
  if (!catalog) throw new Error('preparePricing() first');
  planComparison(profile, { ...DEFAULT_SCENARIO, models: [...models] }, { prices: priceBookOf(catalog) });
}

/** Count a 20 KB prompt from cold caches, then price it on `modelCount` models. */
export async function planModelsCost(counters: Counters, modelCount: number): Promise<{ median: number; min: number; max: number; runs: number }> {
  const text = `---\nmodel:\n  api: chat\n  configuration:\n    azure_deployment: gpt-4o\n---\nsystem:\n${mixedPromptText(20_000, 99)}\nuser:\n{{question}}\n`;
  const times: number[] = [];
  for (let run = 0; run < 41; run++) {
    const fresh: Counters = { o200k_base: (counters.o200k_base as ExactTokenCounter).fresh(), cl100k_base: (counters.cl100k_base as ExactTokenCounter).fresh() };
    const start = performance.now();
    const [profile] = profileRequests((await parsePromptFile('p.prompty', text))!, fresh);
    planForHover(profile, TEN_MODELS.slice(0, modelCount));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[20], min: times[0], max: times[40], runs: 41 };
}

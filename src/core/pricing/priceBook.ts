// What the cost model asks of prices: "what does this model cost?", with the answer's source and date.
// The catalogue (the price package's data, 800 KB) answers it in the extension host and the CLI; the
// planner webview answers it from the few model prices the extension sends, so the cost arithmetic
// can run in the webview without the catalogue.
import type { ModelPricing } from './modelPricing';

export type PriceLookup = { known: true; pricing: ModelPricing } | { known: false; model: string; reason: string };

export interface PriceBook {
  /** Where the prices come from and their date (YYYY-MM-DD), always shown to the user. */
  dataSource: string;
  asOf: string;
  /** The prices of `model` (as the user wrote it) in force at `at` (default: now). Answers are read-only. */
  lookup(model: string, at?: Date): PriceLookup;
}

/**
 * A price book of models already looked up, each under the names it was asked by (and its own id):
 * what the extension sends to the planner webview.
 */
export function priceBookFromModels(models: Iterable<readonly [name: string, pricing: ModelPricing]>, meta: { dataSource: string; asOf: string }): PriceBook {
  const byName = new Map<string, ModelPricing>();
  for (const [name, pricing] of models) {
    byName.set(name.trim().toLowerCase(), pricing);
    if (!byName.has(pricing.model.toLowerCase())) byName.set(pricing.model.toLowerCase(), pricing);
  }
  return {
    ...meta,
    lookup(model: string): PriceLookup {
      const pricing = byName.get(model.trim().toLowerCase());
      return pricing
        ? { known: true, pricing: { ...pricing, notes: [...pricing.notes] } }
        : { known: false, model, reason: `no prices for "${model}" among the ${byName.size} models sent to the planner` };
    },
  };
}

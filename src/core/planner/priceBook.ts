// The webview prices with the models the extension resolved for it, never with the 815 KB catalogue
// package. Until the core's cost model takes a `PriceBook` (planned: `PlanContext.prices`), this
// adapter presents the resolved models as a `PriceCatalog` with no providers and every model as an
// override, which `lookupModel` checks first by the name as written. Swap this one function when the
// core's `priceBookFromModels` lands.
import type { PriceCatalog } from '../pricing/catalog';
import type { ModelPricing } from '../pricing/modelPricing';
import type { ResolvedPrice } from './protocol';

/** The id the model picker uses for a catalogue model: provider/model, a name the CLI resolves the same way. */
export function catalogueId(pricing: ModelPricing): string {
  return pricing.origin === 'override' ? pricing.model : `${pricing.provider}/${pricing.model}`;
}

export interface PlannerPrices {
  catalog: PriceCatalog;
  /** Why a name the extension could not price is unknown, by lower-case name. */
  unknownReasons: ReadonlyMap<string, string>;
}

export function plannerPrices(catalogue: readonly ModelPricing[], resolved: readonly ResolvedPrice[], meta: { dataSource: string; asOf: string }): PlannerPrices {
  const overrides = new Map<string, ModelPricing>();
  for (const pricing of catalogue) overrides.set(catalogueId(pricing).toLowerCase(), pricing);
  const unknownReasons = new Map<string, string>();
  for (const entry of resolved) {
    const key = entry.written.trim().toLowerCase();
    if (entry.known) overrides.set(key, entry.pricing);
    else unknownReasons.set(key, entry.reason);
  }
  return { catalog: { providers: [], overrides, dataSource: meta.dataSource, asOf: meta.asOf }, unknownReasons };
}

/** The reason to show for a model the webview has no prices for. */
export function unknownReason(prices: PlannerPrices, written: string): string {
  return prices.unknownReasons.get(written.trim().toLowerCase()) ?? `"${written}" is not in the price catalogue the planner was given; pick a model from the list`;
}

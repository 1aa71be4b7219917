// The webview prices with the models the extension resolved for it (the core's
// `priceBookFromModels`), never with the catalogue package. Only names the extension looked up are
// answered: a name it could not price keeps the extension's reason, and any other name is unknown
// rather than matched by a bare model id to whichever provider happens to list it.
import type { ModelPricing } from '../pricing/modelPricing';
import { priceBookFromModels, type PriceBook, type PriceLookup } from '../pricing/priceBook';
import type { ResolvedPrice } from './protocol';

/** The id the model picker uses for a catalogue model: provider/model, a name the CLI resolves the same way. */
export function catalogueId(pricing: ModelPricing): string {
  return pricing.origin === 'override' ? pricing.model : `${pricing.provider}/${pricing.model}`;
}

export function plannerPriceBook(
  catalogue: readonly ModelPricing[],
  resolved: readonly ResolvedPrice[],
  meta: { dataSource: string; asOf: string },
): PriceBook {
  const key = (name: string) => name.trim().toLowerCase();
  const named: [string, ModelPricing][] = [];
  const unknown = new Map<string, string>();
  for (const entry of resolved) {
    if (entry.known) named.push([entry.written, entry.pricing]);
    else unknown.set(key(entry.written), entry.reason);
  }
  for (const pricing of catalogue) named.push([catalogueId(pricing), pricing]);
  const answered = new Set(named.map(([name]) => key(name)));
  const book = priceBookFromModels(named, meta);
  return {
    dataSource: meta.dataSource,
    asOf: meta.asOf,
    lookup(model: string, at?: Date): PriceLookup {
      const reason = unknown.get(key(model));
      if (reason !== undefined) return { known: false, model, reason };
      if (!answered.has(key(model)))
        return { known: false, model, reason: `"${model}" is not among the models the planner was given prices for; pick one from the list` };
      return book.lookup(model, at);
    },
  };
}

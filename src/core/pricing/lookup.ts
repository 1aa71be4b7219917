// Finding a model's prices: the user's own entries first, then the catalogue. The matching follows
// genai-prices' own rules (its `match` logic, date-suffixed ids, fallback providers, date-conditional
// prices) so that our answer is the one its `calcPrice` would give, but on a catalogue value we hold
// rather than the package's global data.
import type { ConditionalPrice, MatchLogic, ModelInfo, ModelPrice, Provider } from '@pydantic/genai-prices';
import type { PriceCatalog } from './catalog';
import { flatPrice, type ModelPricing, type TokenPrice } from './modelPricing';
import { parseModelRef, type ModelRef } from './modelRef';
import { modelLimitsFor } from './providerRules';
import type { PriceBook, PriceLookup } from './priceBook';

export type { PriceLookup } from './priceBook';

export interface LookupOptions {
  /** The moment prices are wanted for (date-conditional prices); defaults to now. */
  at?: Date;
}

// A workspace scan asks for the same few models thousands of times. Answers are kept per catalogue
// and minute (date- and time-of-day-conditional prices change at minute boundaries at the finest),
// and are shared: callers treat them as read-only.
const answers = new WeakMap<PriceCatalog, Map<string, PriceLookup>>();
const MAX_ANSWERS = 10_000;

export function lookupModel(catalog: PriceCatalog, written: string, options: LookupOptions = {}): PriceLookup {
  const at = options.at ?? new Date();
  const key = `${written}\u0000${at.toISOString().slice(0, 16)}`;
  let known = answers.get(catalog);
  if (!known) answers.set(catalog, (known = new Map()));
  let answer = known.get(key);
  if (!answer) {
    if (known.size >= MAX_ANSWERS) known.clear();
    answer = findPrices(catalog, written, at);
    known.set(key, answer);
  }
  return answer;
}

/** The catalogue as the cost model asks for prices. */
export function priceBookOf(catalog: PriceCatalog): PriceBook {
  return { dataSource: catalog.dataSource, asOf: catalog.asOf, lookup: (model, at) => lookupModel(catalog, model, at ? { at } : {}) };
}

function findPrices(catalog: PriceCatalog, written: string, at: Date): PriceLookup {
  if (!written.trim()) return { known: false, model: written, reason: 'no model given' };
  const ref = parseModelRef(written);

  const override = findOverride(catalog, written, ref);
  if (override) return { known: true, pricing: override };

  if (ref.copilot) {
    const copilot = priceIn(catalog, 'github-copilot', ref.model, at);
    if (copilot.known) {
      copilot.pricing.notes.push('GitHub Copilot bills these tokens in AI credits at its published per-model USD rate.');
      return copilot;
    }
    const vendor = priceFromModelName(catalog, ref.model, at);
    if (vendor.known) {
      vendor.pricing.notes.push(`GitHub Copilot publishes no per-token rate for "${ref.model}": priced at ${vendor.pricing.providerName}'s API rate.`);
    }
    return vendor.known
      ? vendor
      : { known: false, model: written, reason: `neither GitHub Copilot nor a model vendor in the price catalogue prices "${ref.model}"` };
  }

  const found = ref.provider ? priceIn(catalog, ref.provider, ref.model, at) : priceFromModelName(catalog, ref.model, at);
  return found.known ? found : { known: false, model: written, reason: found.reason };
}

function findOverride(catalog: PriceCatalog, written: string, ref: ModelRef): ModelPricing | undefined {
  if (!catalog.overrides.size) return undefined;
  const keys = [written.trim().toLowerCase(), ref.model, ref.provider ? `${ref.provider}/${ref.model}` : ''];
  for (const key of keys) {
    const found = key && catalog.overrides.get(key);
    if (found) return cloneOverride(found);
  }
  return undefined;
}

function cloneOverride(pricing: ModelPricing): ModelPricing {
  return { ...pricing, notes: [...pricing.notes] };
}

function priceFromModelName(catalog: PriceCatalog, model: string, at: Date): PriceLookup {
  const provider = catalog.providers.find((p) => p.model_match && matches(p.model_match, model));
  if (!provider) {
    return {
      known: false,
      model,
      reason: `could not tell which provider serves "${model}": write it as provider/model (e.g. openai/gpt-4o) or add it to your price file`,
    };
  }
  return priceIn(catalog, provider.id, model, at);
}

function priceIn(catalog: PriceCatalog, providerId: string, model: string, at: Date): PriceLookup {
  const provider = findProvider(catalog.providers, providerId);
  if (!provider) return { known: false, model, reason: `provider "${providerId}" is not in the price catalogue (${catalog.dataSource}, ${catalog.asOf})` };
  const found = findModel(catalog.providers, provider, model);
  if (!found) {
    return {
      known: false,
      model,
      reason: `${provider.name} has no model matching "${model}" in the price catalogue (${catalog.dataSource}, ${catalog.asOf}); add it to your price file`,
    };
  }
  return toPricing(catalog, found.provider, found.model, at);
}

function findProvider(providers: readonly Provider[], id: string): Provider | undefined {
  const wanted = id.toLowerCase();
  return providers.find((p) => p.id === wanted) ?? providers.find((p) => p.provider_match && matches(p.provider_match, wanted));
}

/** Model lookup as genai-prices does it: the provider's own models, a dated id written as YYYY-MM-DD, then fallback providers. */
function findModel(providers: readonly Provider[], provider: Provider, model: string): { provider: Provider; model: ModelInfo } | undefined {
  const direct = findModelWithFallbacks(providers, provider, model);
  if (direct) return direct;
  const dashedDate = model.replace(/-(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g, '-$1-$2-$3');
  return dashedDate !== model ? findModelWithFallbacks(providers, provider, dashedDate) : undefined;
}

function findModelWithFallbacks(providers: readonly Provider[], provider: Provider, model: string): { provider: Provider; model: ModelInfo } | undefined {
  const own = provider.models.find((m) => matches(m.match, model));
  if (own) return { provider, model: own };
  for (const fallbackId of provider.fallback_model_providers ?? []) {
    const fallback = providers.find((p) => p.id === fallbackId);
    const found = fallback?.models.find((m) => matches(m.match, model));
    // Priced by the fallback's list, served by the provider written: Claude on Vertex is billed by Google.
    if (found) return { provider, model: found };
  }
  return undefined;
}

export function matches(logic: MatchLogic, text: string): boolean {
  const value = text.toLowerCase();
  if ('or' in logic) return logic.or.some((l) => matches(l, text));
  if ('and' in logic) return logic.and.every((l) => matches(l, text));
  if ('equals' in logic) return value === logic.equals.toLowerCase();
  if ('starts_with' in logic) return value.startsWith(logic.starts_with.toLowerCase());
  if ('ends_with' in logic) return value.endsWith(logic.ends_with.toLowerCase());
  if ('contains' in logic) return value.includes(logic.contains.toLowerCase());
  if ('regex' in logic) return new RegExp(logic.regex).test(text);
  return false;
}

/** The prices in force at `at`, and the date of the next scheduled change if there is one. */
function pricesAt(model: ModelInfo, at: Date): { prices: ModelPrice; nextChange: string | null } {
  if (!Array.isArray(model.prices)) return { prices: model.prices, nextChange: null };
  const conditional = model.prices as ConditionalPrice[];
  const future = conditional
    .map((c) => (c.constraint?.type === 'start_date' ? c.constraint.start_date : null))
    .filter((d): d is string => d !== null && new Date(d) > at)
    .sort();
  for (const { constraint, prices } of [...conditional].reverse()) {
    if (!constraint) return { prices, nextChange: future[0] ?? null };
    if (constraint.type === 'start_date' && at >= new Date(constraint.start_date)) return { prices, nextChange: future[0] ?? null };
    if (constraint.type === 'time_of_date' && inTimeWindow(at, constraint.start_time, constraint.end_time)) return { prices, nextChange: future[0] ?? null };
  }
  // The first entry is the model's base price (genai-prices lists it unconditioned and first).
  return { prices: conditional[0]?.prices ?? {}, nextChange: future[0] ?? null };
}

function inTimeWindow(at: Date, start: string, end: string): boolean {
  const seconds = (time: string) => {
    const m = /^(\d{2}):(\d{2}):(\d{2})/.exec(time);
    return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
  };
  const now = at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds();
  const from = seconds(start);
  const to = seconds(end);
  return to < from ? now >= from || now < to : now >= from && now < to;
}

function tokenPrice(value: ModelPrice[string]): TokenPrice | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return flatPrice(value);
  return { perMTok: value.base, tiers: [...value.tiers].sort((a, b) => a.start - b.start).map((t) => ({ aboveInputTokens: t.start, perMTok: t.price })) };
}

function toPricing(catalog: PriceCatalog, provider: Provider, model: ModelInfo, at: Date): PriceLookup {
  const { prices, nextChange } = pricesAt(model, at);
  const input = tokenPrice(prices.input_mtok);
  const output = tokenPrice(prices.output_mtok);
  if (!input || !output) {
    return {
      known: false,
      model: model.id,
      reason: `the price catalogue has no per-token input and output price for ${provider.name} "${model.id}" (it may be priced per request, per second or per image)`,
    };
  }
  const limits = modelLimitsFor(model.id);
  const notes: string[] = [];
  if (nextChange) notes.push(`The catalogue lists a price change for this model on ${nextChange}.`);
  if (model.deprecated) notes.push('The catalogue marks this model as deprecated.');
  if (model.price_comments) notes.push(model.price_comments.trim());
  return {
    known: true,
    pricing: {
      model: model.id,
      name: model.name ?? model.id,
      provider: provider.id,
      providerName: provider.name,
      input,
      output,
      cacheRead: tokenPrice(prices.cache_read_mtok),
      cacheWrite: tokenPrice(prices.cache_write_mtok),
      cacheWrite1h: tokenPrice(prices.cache_write_1h_mtok),
      reasoningOutput: tokenPrice(prices.output_reasoning_mtok),
      batchInput: null,
      batchOutput: null,
      contextWindow: model.context_window ?? limits?.contextWindow ?? null,
      maxOutputTokens: limits?.maxOutputTokens ?? null,
      reasons: null,
      source: `${catalog.dataSource}: ${provider.pricing_urls?.[0] ?? provider.name}`,
      asOf: catalog.asOf,
      origin: 'catalog',
      notes,
    },
  };
}

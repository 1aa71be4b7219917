// Finding a model's prices: the user's own entries first, then the catalogue. The matching follows
// genai-prices' own rules (its `match` logic, date-suffixed ids, fallback providers, date-conditional
// prices) so that our answer is the one its `calcPrice` would give, but on a catalogue value we hold
// rather than the package's global data.
import type { ConditionalPrice, MatchLogic, ModelInfo, ModelPrice, Provider } from '@pydantic/genai-prices';
import { pricesOnDate, UNIFORM_DAY, type PricePeriod, type PricesOnDate, type TrafficProfile } from './priceSchedule';
import { overrideAssumption, ownPeriod, reviewedAliasFor, reviewedEntryFor, type ReviewedOverride } from './reviewedOverrides';
import type { PriceCatalog } from './catalog';
import { flatPrice, type ModelPricing, type TokenPrice } from './modelPricing';
import { isBedrockModelId, parseModelRef, type ModelRef } from './modelRef';
import { catalogueLimitsFor, modelLimitsFor } from './providerRules';
import type { PriceBook, PriceLookup } from './priceBook';

export type { PriceLookup } from './priceBook';

export interface LookupOptions {
  /** The moment prices are wanted for (date-conditional prices); defaults to now. */
  at?: Date;
  /** How a day's requests spread over the UTC hours, for prices that depend on the hour; uniform by default. */
  traffic?: TrafficProfile;
}

// A workspace scan asks for the same few models thousands of times. Answers are kept per catalogue,
// minute (a retirement can take effect mid-day) and traffic profile, and are shared: callers treat
// them as read-only.
const answers = new WeakMap<PriceCatalog, Map<string, PriceLookup>>();
const MAX_ANSWERS = 10_000;

export function lookupModel(catalog: PriceCatalog, written: string, options: LookupOptions = {}): PriceLookup {
  const at = options.at ?? new Date();
  const traffic = options.traffic ?? UNIFORM_DAY;
  const key = `${written}\u0000${at.toISOString().slice(0, 16)}\u0000${traffic.join()}`;
  let known = answers.get(catalog);
  if (!known) answers.set(catalog, (known = new Map()));
  let answer = known.get(key);
  if (!answer) {
    if (known.size >= MAX_ANSWERS) known.clear();
    answer = findPrices(catalog, written, at, traffic);
    known.set(key, answer);
  }
  return answer;
}

/** The catalogue as the cost model asks for prices. */
export function priceBookOf(catalog: PriceCatalog): PriceBook {
  return {
    dataSource: catalog.dataSource,
    asOf: catalog.asOf,
    lookup: (model, at, traffic) => lookupModel(catalog, model, { ...(at ? { at } : {}), ...(traffic ? { traffic } : {}) }),
  };
}

function findPrices(catalog: PriceCatalog, written: string, at: Date, traffic: TrafficProfile): PriceLookup {
  if (!written.trim()) return { known: false, model: written, reason: 'no model given' };
  const ref = parseModelRef(written);

  const override = findOverride(catalog, written, ref);
  if (override) return { known: true, pricing: override };

  const alias = ref.copilot ? undefined : reviewedAliasFor(ref.provider ?? null, ref.model);
  if (alias) return aliasPrices(catalog, alias, ref.model, at, traffic);

  if (ref.copilot) {
    const copilot = priceIn(catalog, 'github-copilot', ref.model, at, traffic);
    if (copilot.known) {
      copilot.pricing.notes.push('GitHub Copilot bills these tokens in AI credits at its published per-model USD rate.');
      return copilot;
    }
    const vendor = priceFromModelName(catalog, ref.model, at, traffic);
    if (vendor.known) {
      vendor.pricing.notes.push(`GitHub Copilot publishes no per-token rate for "${ref.model}": priced at ${vendor.pricing.providerName}'s API rate.`);
    }
    return vendor.known
      ? vendor
      : {
          known: false,
          model: written,
          // The vendor's own reason when it has one (a model it retired), else that nobody prices it.
          reason: `neither GitHub Copilot nor a model vendor in the price catalogue prices "${ref.model}"${/ is retired /.test(vendor.reason) ? `: ${vendor.reason}` : ''}`,
        };
  }

  // A Bedrock id written without a provider (`anthropic.claude-…-v1:0`) is Bedrock's: Anthropic's API has no such name.
  const provider = ref.provider ?? (isBedrockModelId(ref.model) ? 'aws' : null);
  const found = provider ? priceIn(catalog, provider, ref.model, at, traffic) : priceFromModelName(catalog, ref.model, at, traffic);
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
  return { ...pricing, notes: [...pricing.notes], assumptions: [...(pricing.assumptions ?? [])] };
}

function priceFromModelName(catalog: PriceCatalog, model: string, at: Date, traffic: TrafficProfile): PriceLookup {
  const provider = catalog.providers.find((p) => p.model_match && matches(p.model_match, model));
  if (!provider) {
    // `acme/large-1` is already written as provider/model: the provider is what is unknown.
    const prefix = /^([^:/]+)[:/]./.exec(model)?.[1];
    return {
      known: false,
      model,
      reason: prefix
        ? `"${prefix}" is not a provider in the price catalogue (${catalog.dataSource}, ${catalog.asOf}) and no provider there serves "${model}": add it to your price file`
        : `could not tell which provider serves "${model}": write it as provider/model (e.g. openai/gpt-4o) or add it to your price file`,
    };
  }
  return priceIn(catalog, provider.id, model, at, traffic);
}

function priceIn(catalog: PriceCatalog, providerId: string, model: string, at: Date, traffic: TrafficProfile): PriceLookup {
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
  return toPricing(catalog, found.provider, found.model, at, traffic);
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

/**
 * The catalogue's prices of a model as periods: the unconditioned base, then one period per start
 * date. Its time-of-day prices apply on every date (genai-prices checks them before dates), so they
 * become windows of every period.
 */
function cataloguePeriods(model: ModelInfo): PricePeriod[] {
  if (!Array.isArray(model.prices)) return [{ prices: model.prices, windows: [] }];
  const conditional = model.prices as ConditionalPrice[];
  const windows = conditional.flatMap(({ constraint, prices }) =>
    constraint?.type === 'time_of_date' ? [{ start: constraint.start_time, end: constraint.end_time, prices }] : [],
  );
  const periods: PricePeriod[] = [];
  for (const { constraint, prices } of conditional) {
    if (!constraint) periods.push({ prices, windows });
    else if (constraint.type === 'start_date') periods.push({ from: constraint.start_date, prices, windows });
  }
  return periods;
}

/** The catalogue's periods with a reviewed entry's periods after them (later periods win). */
function reviewedPeriods(catalogue: PricePeriod[], entry: ReviewedOverride | undefined, at: Date, traffic: TrafficProfile): PricePeriod[] {
  if (!entry?.schedule) return catalogue;
  return [
    ...catalogue,
    ...entry.schedule.map((period) => {
      if (!period.keepCataloguePrices) return ownPeriod(period);
      // The catalogue's prices of that day, changed as the entry says.
      const kept = pricesOnDate(catalogue, period.from ? new Date(Math.max(at.getTime(), Date.parse(period.from))) : at, traffic);
      const prices = kept ? (period.dropTiers ? withoutTiers(kept.prices) : kept.prices) : {};
      return { ...ownPeriod(period), prices, windows: [] };
    }),
  ];
}

/** `2026-11-30` for a retirement at midnight UTC, `2026-07-24 15:59 UTC` for one at an hour. */
function whenRetired(instant: string): string {
  const iso = new Date(instant).toISOString();
  return iso.slice(11, 16) === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The note of a model that retires later, with the entry that says so. */
function retiresOn(entry: ReviewedOverride, retiredFrom: string): string {
  return `Retires on ${whenRetired(retiredFrom)}: requests fail from then. ${overrideAssumption(entry)}`;
}

function changesFigures(entry: ReviewedOverride): boolean {
  return Boolean(entry.schedule || entry.contextWindow || entry.maxOutputTokens || entry.sameAs || entry.model);
}

function withoutTiers(prices: ModelPrice): ModelPrice {
  const flat: ModelPrice = {};
  for (const [key, value] of Object.entries(prices)) flat[key] = typeof value === 'object' && value !== null ? value.base : value;
  return flat;
}

function tokenPrice(value: ModelPrice[string]): TokenPrice | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return flatPrice(value);
  return { perMTok: value.base, tiers: [...value.tiers].sort((a, b) => a.start - b.start).map((t) => ({ aboveInputTokens: t.start, perMTok: t.price })) };
}

function toPricing(catalog: PriceCatalog, provider: Provider, model: ModelInfo, at: Date, traffic: TrafficProfile): PriceLookup {
  const entry = reviewedEntryFor(provider.id, model.id);
  if (entry?.retiredFrom && at.getTime() >= Date.parse(entry.retiredFrom)) {
    return {
      known: false,
      model: model.id,
      reason: `${provider.name} "${model.id}" is retired (since ${whenRetired(entry.retiredFrom)}): ${overrideAssumption(entry)}`,
    };
  }
  const onDate = pricesOnDate(reviewedPeriods(cataloguePeriods(model), entry, at, traffic), at, traffic);
  if (!onDate)
    return { known: false, model: model.id, reason: `the price catalogue has no price for ${provider.name} "${model.id}" on ${at.toISOString().slice(0, 10)}` };
  const limits = modelLimitsFor(model.id);
  // Reviewed limits (pricing/model-limits.json, each from the provider's page) win over the price catalogue's, which
  // win over the second catalogue's (models.dev): the only source of output limits for most models, and labelled so.
  const second = limits ? null : catalogueLimitsFor(provider.id, model.id);
  const firstHandContext = entry?.contextWindow ?? limits?.contextWindow ?? model.context_window ?? null;
  const firstHandOutput = entry?.maxOutputTokens ?? limits?.maxOutputTokens ?? null;
  const secondContext = firstHandContext === null ? (second?.contextWindow ?? null) : null;
  const secondOutput = firstHandOutput === null ? (second?.maxOutputTokens ?? null) : null;
  const contextWindow = firstHandContext ?? secondContext;
  const maxOutputTokens = firstHandOutput ?? secondOutput;
  const built = pricingFrom(catalog, onDate, { model: model.id, name: model.name ?? model.id, provider, contextWindow, maxOutputTokens });
  if (!built.known) return built;
  const pricing = built.pricing;
  const fromSecond = [
    ...(secondContext !== null ? [`context window ${secondContext.toLocaleString('en-US')} tokens`] : []),
    ...(secondOutput !== null ? [`output limit ${secondOutput.toLocaleString('en-US')} tokens`] : []),
  ];
  if (fromSecond.length > 0) assume(pricing, `Limits from ${second?.source}, not reviewed against the provider's page: ${fromSecond.join(', ')}.`);
  if (model.deprecated) pricing.notes.push('The catalogue marks this model as deprecated.');
  // A retirement announced for later: the price holds until then, and a projection past it does not.
  if (entry?.retiredFrom) pricing.notes.push(retiresOn(entry, entry.retiredFrom));
  if (model.price_comments) pricing.notes.push(model.price_comments.trim());
  // An entry that only dates a retirement changes no figure: its note says so, the assumptions need not.
  if (entry && changesFigures(entry)) assume(pricing, overrideAssumption(entry, onDate.period.note));
  return built;
}

/** A model the catalogue lacks, or an alias that now names another model, as a reviewed entry says. */
function aliasPrices(catalog: PriceCatalog, entry: ReviewedOverride, written: string, at: Date, traffic: TrafficProfile): PriceLookup {
  // A name retired on its own (a dated snapshot, a -chat-latest or -codex variant) while the catalogue
  // model it belongs to lives on: unknown from that instant, the catalogue's price with a note before.
  if (entry.retiredFrom && !entry.sameAs && !entry.schedule) {
    if (at.getTime() >= Date.parse(entry.retiredFrom)) {
      const provider = findProvider(catalog.providers, entry.provider);
      return {
        known: false,
        model: written,
        reason: `${provider?.name ?? entry.provider} "${written}" is retired (since ${whenRetired(entry.retiredFrom)}): ${overrideAssumption(entry)}`,
      };
    }
    const found = priceIn(catalog, entry.provider, written, at, traffic);
    if (found.known) found.pricing.notes.push(retiresOn(entry, entry.retiredFrom));
    return found;
  }
  if (entry.sameAs) {
    const found = priceIn(catalog, entry.provider, entry.sameAs, at, traffic);
    if (found.known) assume(found.pricing, overrideAssumption(entry));
    return found;
  }
  const provider = findProvider(catalog.providers, entry.provider);
  const onDate = entry.schedule ? pricesOnDate(entry.schedule.map(ownPeriod), at, traffic) : null;
  if (!provider || !onDate) {
    return {
      known: false,
      model: written,
      reason: `no reviewed price for "${written}" on ${at.toISOString().slice(0, 10)} (${entry.source}, checked ${entry.lastChecked})`,
    };
  }
  const built = pricingFrom(catalog, onDate, {
    model: entry.model ?? written,
    name: entry.name ?? written,
    provider,
    contextWindow: entry.contextWindow ?? null,
    maxOutputTokens: entry.maxOutputTokens ?? null,
  });
  if (built.known) {
    built.pricing.source = `pricing/price-overrides.json: ${entry.source}`;
    assume(built.pricing, overrideAssumption(entry, onDate.period.note));
  }
  return built;
}

function assume(pricing: ModelPricing, assumption: string): void {
  (pricing.assumptions ??= []).push(assumption);
}

function pricingFrom(
  catalog: PriceCatalog,
  onDate: PricesOnDate,
  model: { model: string; name: string; provider: Provider; contextWindow: number | null; maxOutputTokens: number | null },
): PriceLookup {
  const { prices, nextChange, period, timeOfDay } = onDate;
  const input = tokenPrice(prices.input_mtok);
  const output = tokenPrice(prices.output_mtok);
  const { provider } = model;
  if (!input || !output) {
    return {
      known: false,
      model: model.model,
      reason: `the price catalogue has no per-token input and output price for ${provider.name} "${model.model}" (it may be priced per request, per second or per image)`,
    };
  }
  const notes: string[] = [];
  const assumptions: string[] = [];
  if (nextChange) notes.push(`A price change for this model is scheduled on ${nextChange.slice(0, 10)}.`);
  if (period.promotion) assumptions.push(`Promotional price${period.until ? `, valid until ${period.until.slice(0, 10)} (exclusive)` : ''}.`);
  if (timeOfDay) assumptions.push(`${provider.name} ${timeOfDay}.`);
  return {
    known: true,
    pricing: {
      model: model.model,
      name: model.name,
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
      contextWindow: model.contextWindow,
      maxOutputTokens: model.maxOutputTokens,
      reasons: null,
      source: `${catalog.dataSource}: ${provider.pricing_urls?.[0] ?? provider.name}`,
      asOf: catalog.asOf,
      origin: 'catalog',
      notes,
      assumptions,
    },
  };
}

// The reviewed rules in `pricing/*.json` that the price catalogue lacks: prompt caching, batch
// discounts, tokenizer families and model limits. They are bundled at build time (JSON imports), so
// the core reads no file at run time and works in a browser.
import cachingData from '../../../pricing/caching.json';
import batchData from '../../../pricing/batch.json';
import tokenizerData from '../../../pricing/tokenizers.json';
import limitsData from '../../../pricing/model-limits.json';
import catalogueLimitsData from '../../../pricing/catalogue-limits.json';
import type { EncodingName } from '../tokens';
import { parseModelRef, vendorModelName } from './modelRef';

export interface CacheLifetime {
  /** `5m`, `1h` (Anthropic), `in-memory` (OpenAI), `implicit` (Gemini). */
  name: string;
  minutes: number;
  /** Cache write price as a multiple of the input price, used when the model has no write price of its own. */
  writeMultiplier: number;
  unverified?: boolean;
}

/** A provider's caching rule with the model family's particulars already applied. */
export interface CachingRule {
  provider: string;
  mode: 'automatic' | 'explicit';
  minPrefixTokens: number;
  /** Cache hits grow in steps of this many tokens (OpenAI: 128). */
  prefixStepTokens: number;
  lifetimes: CacheLifetime[];
  /** Cached read price as a multiple of input, used when the model has no cached-read price of its own. */
  readMultiplier: number;
  /**
   * Requests a minute one prefix can take before the provider spreads it over more machines (OpenAI
   * before GPT-5.6: about 15), lowering the hit rate; null when the provider routes it by itself.
   */
  overflowRequestsPerMinute: number | null;
  notes: string[];
  source: string;
  lastChecked: string;
  /** The model family's own entry, when one applies: its source, date and any other reading of the figure. */
  family: { source: string; lastChecked: string; otherReading?: string } | null;
}

/**
 * How cached input is billed inside a batch: `discounted` (the batch discount applies to cache reads
 * and writes too), `standard` (cached tokens at the non-batch cached price: Gemini), `unpublished`
 * (no published price: priced between the two readings, and said).
 */
export type CachedTokensInBatch = 'discounted' | 'standard' | 'unpublished';

export interface BatchRule {
  provider: string;
  /** Share taken off every token price, 0.5 = 50% off. */
  discount: number;
  cachedTokens: CachedTokensInBatch;
  /** Cache hits inside a batch are best effort (Anthropic: 30-98%); null when nothing is published. */
  batchHitRate: { low: number; high: number } | null;
  turnaroundHours: number;
  notes: string[];
  source: string;
  lastChecked: string;
}

interface BatchEntry extends Omit<BatchRule, 'batchHitRate'> {
  batchHitRate?: { low: number; high: number };
  families?: { match: string; cachedTokens?: CachedTokensInBatch; note?: string; source?: string; lastChecked?: string }[];
}

export interface TokenizerFamily {
  family: string;
  encoding: EncodingName;
  /** Estimated tokens = exact count in `encoding` x factor; the band is [x low, x high]. */
  factor: number;
  low: number;
  high: number;
  exact: boolean;
  /** Regex: models of the family that produce billed reasoning tokens. */
  reasons?: string;
  note?: string;
  unverified?: boolean;
  source: string;
  lastChecked: string;
}

export interface ModelLimits {
  contextWindow: number;
  maxOutputTokens: number;
  source: string;
  lastChecked: string;
}

interface CachingFamily {
  match: string;
  minPrefixTokens?: number;
  readMultiplier?: number;
  writeMultiplier?: number;
  /** Replaces the default lifetime's length (OpenAI: 30 minutes from GPT-5.6, and for 24h retention). */
  lifetimeMinutes?: number;
  lifetimeName?: string;
  /** The provider routes a prefix's traffic itself: no overflow above a request rate. */
  routesAutomatically?: boolean;
  note?: string;
  otherReading?: string;
  source?: string;
  lastChecked?: string;
}

interface CachingEntry extends Omit<CachingRule, 'lifetimes' | 'family' | 'overflowRequestsPerMinute'> {
  lifetimes: CacheLifetime[];
  overflowRequestsPerMinute?: number;
  families: CachingFamily[];
}

const cachingRules = cachingData.providers as CachingEntry[];
const batchRules = batchData.providers as BatchEntry[];
const tokenizerFamilies = tokenizerData.families as (TokenizerFamily & { match: string })[];
// The last family in tokenizers.json matches any model: the generic estimate with the widest band.
const FALLBACK_FAMILY: TokenizerFamily = tokenizerFamilies.at(-1) ?? {
  family: 'unknown',
  encoding: 'o200k_base',
  exact: false,
  factor: 1.1,
  low: 0.9,
  high: 1.4,
  source: 'no tokenizer data',
  lastChecked: '',
};
const modelLimits = limitsData.models as (ModelLimits & { match: string })[];

/** Which vendor's caching mechanics a model follows when its provider (a reseller) has no rule of its own. */
export function modelVendor(model: string): 'openai' | 'anthropic' | 'google' | null {
  const family = tokenizerFor(model).family;
  if (family.startsWith('openai')) return 'openai';
  if (family.startsWith('claude')) return 'anthropic';
  if (family === 'gemini') return 'google';
  return null;
}

/**
 * The caching rule for `model` served by `provider`. Caching mechanics follow the model, not the
 * reseller (Claude on Bedrock or Vertex caches like Claude on Anthropic), so the model's vendor's rule
 * comes first, then the provider's own; null when no rule is known.
 */
export function cachingRuleFor(provider: string, written: string): CachingRule | null {
  const model = vendorModelName(written);
  const vendor = modelVendor(model);
  const entry = cachingRules.find((r) => r.provider === vendor) ?? cachingRules.find((r) => r.provider === provider);
  if (!entry) return null;
  const { families, overflowRequestsPerMinute, ...rule } = entry;
  const resolved: CachingRule = {
    ...rule,
    lifetimes: rule.lifetimes.map((l) => ({ ...l })),
    notes: [...rule.notes],
    overflowRequestsPerMinute: overflowRequestsPerMinute ?? null,
    family: null,
  };
  // Families are listed most specific first: for each figure the first family that sets it wins.
  const matching = families.filter((family) => new RegExp(family.match).test(model));
  const first = <K extends keyof CachingFamily>(key: K) => matching.find((family) => family[key] !== undefined);
  const min = first('minPrefixTokens');
  if (min?.minPrefixTokens !== undefined) resolved.minPrefixTokens = min.minPrefixTokens;
  const read = first('readMultiplier')?.readMultiplier;
  if (read !== undefined) resolved.readMultiplier = read;
  const write = first('writeMultiplier')?.writeMultiplier;
  if (write !== undefined) for (const l of resolved.lifetimes) l.writeMultiplier = write;
  const lifetime = first('lifetimeMinutes');
  const defaultLifetime = resolved.lifetimes[0];
  if (lifetime?.lifetimeMinutes !== undefined && defaultLifetime) {
    defaultLifetime.minutes = lifetime.lifetimeMinutes;
    if (lifetime.lifetimeName) defaultLifetime.name = lifetime.lifetimeName;
  }
  if (first('routesAutomatically')?.routesAutomatically) resolved.overflowRequestsPerMinute = null;
  for (const family of matching) if (family.note) resolved.notes.push(family.note);
  const sourced = min ?? lifetime ?? matching.find((family) => family.source);
  if (sourced?.source && sourced.lastChecked) {
    resolved.family = { source: sourced.source, lastChecked: sourced.lastChecked, ...(sourced.otherReading ? { otherReading: sourced.otherReading } : {}) };
  }
  return resolved;
}

/** A batch API is a provider's product, so it is looked up by provider; the model may change how cached input is billed. */
export function batchRuleFor(provider: string, model = ''): BatchRule | null {
  const entry = batchRules.find((r) => r.provider === provider);
  if (!entry) return null;
  const { families = [], batchHitRate, ...rule } = entry;
  const resolved: BatchRule = { ...rule, notes: [...rule.notes], batchHitRate: batchHitRate ?? null };
  const family = families.find((f) => new RegExp(f.match).test(vendorModelName(model)));
  if (family?.cachedTokens) resolved.cachedTokens = family.cachedTokens;
  if (family?.note) resolved.notes.push(family.note);
  if (family?.source) resolved.source = family.source;
  if (family?.lastChecked) resolved.lastChecked = family.lastChecked;
  return resolved;
}

export function tokenizerFor(model: string): TokenizerFamily {
  const id = vendorModelName(model);
  return tokenizerFamilies.find((f) => new RegExp(f.match).test(id)) ?? FALLBACK_FAMILY;
}

export function familyReasons(model: string): boolean {
  const family = tokenizerFor(model);
  return family.reasons !== undefined && new RegExp(family.reasons).test(vendorModelName(model));
}

export function modelLimitsFor(model: string): ModelLimits | null {
  const id = vendorModelName(model);
  const found = modelLimits.find((m) => new RegExp(m.match).test(id));
  return found ? { contextWindow: found.contextWindow, maxOutputTokens: found.maxOutputTokens, source: found.source, lastChecked: found.lastChecked } : null;
}

/** Limits from the second catalogue (models.dev), for a model with no reviewed entry; never reviewed by hand. */
export interface CatalogueLimits {
  contextWindow: number | null;
  maxOutputTokens: number | null;
  source: string;
}

const catalogueLimits = new Map(
  Object.entries(catalogueLimitsData.models as Record<string, Record<string, { context?: number; output?: number }>>).map(([provider, models]) => [
    provider,
    new Map(Object.entries(models)),
  ]),
);

export function catalogueLimitsFor(provider: string, model: string): CatalogueLimits | null {
  const found = catalogueLimits.get(provider)?.get(model.toLowerCase());
  if (!found) return null;
  return { contextWindow: found.context ?? null, maxOutputTokens: found.output ?? null, source: catalogueLimitsData.source };
}

/** Every reviewed entry, for the data-file tests and the README. */
export const ALL_RULE_ENTRIES = { cachingRules, batchRules, tokenizerFamilies, modelLimits };

/**
 * The exact encodings to count so that every one of `models` (as written: files' models, the
 * scenario's, the defaults) is priced from its own tokenizer: o200k_base always, cl100k_base only when
 * one of them reads it. Decided before counting starts, so counts stay plain numbers.
 */
export function encodingsFor(models: Iterable<string | null | undefined>): EncodingName[] {
  for (const model of models) {
    if (model && tokenizerFor(parseModelRef(model).model).encoding === 'cl100k_base') return ['o200k_base', 'cl100k_base'];
  }
  return ['o200k_base'];
}

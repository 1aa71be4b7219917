// The reviewed rules in `pricing/*.json` that the price catalogue lacks: prompt caching, batch
// discounts, tokenizer families and model limits. They are bundled at build time (JSON imports), so
// the core reads no file at run time and works in a browser.
import cachingData from '../../../pricing/caching.json';
import batchData from '../../../pricing/batch.json';
import tokenizerData from '../../../pricing/tokenizers.json';
import limitsData from '../../../pricing/model-limits.json';
import type { EncodingName } from '../tokens';
import { parseModelRef } from './modelRef';

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
  notes: string[];
  source: string;
  lastChecked: string;
}

export interface BatchRule {
  provider: string;
  /** Share taken off every token price, 0.5 = 50% off. */
  discount: number;
  stacksWithCaching: boolean;
  stackingVerified: boolean;
  turnaroundHours: number;
  notes: string[];
  source: string;
  lastChecked: string;
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

interface CachingEntry extends Omit<CachingRule, 'lifetimes'> {
  lifetimes: CacheLifetime[];
  families: { match: string; minPrefixTokens?: number; readMultiplier?: number; writeMultiplier?: number }[];
}

const cachingRules = cachingData.providers as CachingEntry[];
const batchRules = batchData.providers as BatchRule[];
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
export function cachingRuleFor(provider: string, model: string): CachingRule | null {
  const vendor = modelVendor(model);
  const entry = cachingRules.find((r) => r.provider === vendor) ?? cachingRules.find((r) => r.provider === provider);
  if (!entry) return null;
  const { families, ...rule } = entry;
  const resolved: CachingRule = { ...rule, lifetimes: rule.lifetimes.map((l) => ({ ...l })), notes: [...rule.notes] };
  for (const family of families) {
    if (!new RegExp(family.match).test(model)) continue;
    if (family.minPrefixTokens !== undefined) resolved.minPrefixTokens = family.minPrefixTokens;
    if (family.readMultiplier !== undefined) resolved.readMultiplier = family.readMultiplier;
    if (family.writeMultiplier !== undefined) for (const l of resolved.lifetimes) l.writeMultiplier = family.writeMultiplier;
  }
  return resolved;
}

/** A batch API is a provider's product, so it is looked up by provider only. */
export function batchRuleFor(provider: string): BatchRule | null {
  return batchRules.find((r) => r.provider === provider) ?? null;
}

export function tokenizerFor(model: string): TokenizerFamily {
  const id = model.toLowerCase();
  return tokenizerFamilies.find((f) => new RegExp(f.match).test(id)) ?? FALLBACK_FAMILY;
}

export function familyReasons(model: string): boolean {
  const family = tokenizerFor(model);
  return family.reasons !== undefined && new RegExp(family.reasons).test(model.toLowerCase());
}

export function modelLimitsFor(model: string): ModelLimits | null {
  const id = model.toLowerCase();
  const found = modelLimits.find((m) => new RegExp(m.match).test(id));
  return found ? { contextWindow: found.contextWindow, maxOutputTokens: found.maxOutputTokens, source: found.source, lastChecked: found.lastChecked } : null;
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

// The price catalogue: @pydantic/genai-prices' provider data (bundled, or a refreshed copy the user
// opted into) plus the user's own price entries, which win. The catalogue is a plain value, so
// lookups never depend on a module-level "current data" that another caller could swap. Only types
// come from the package here: its data is loaded by `bundledCatalog.ts`, so what imports this module
// (the cost model, the webview) does not carry 800 KB of prices.
import type { Provider } from '@pydantic/genai-prices';
import type { ModelPricing } from './modelPricing';

/**
 * Models compared when neither the user nor the scenario names any. claude-sonnet-4-6 replaced
 * claude-sonnet-4-5 on 2026-11-30, the day Sonnet 4.5 retired (pricing/price-overrides.json).
 */
export const DEFAULT_COMPARISON_MODELS: readonly string[] = [
  'gpt-4o',
  'gpt-4o-mini',
  'claude-sonnet-4-6',
  'claude-haiku-4-5',
  'gemini-2.5-pro',
  'gemini-2.5-flash',
];

export interface PriceCatalog {
  providers: readonly Provider[];
  /** The user's entries, by lower-case key as written in their file. */
  overrides: ReadonlyMap<string, ModelPricing>;
  /** Where the provider data comes from and its date (YYYY-MM-DD), always shown to the user. */
  dataSource: string;
  asOf: string;
}

export function withOverrides(catalog: PriceCatalog, models: readonly ModelPricing[]): PriceCatalog {
  const overrides = new Map(catalog.overrides);
  for (const model of models) {
    // A price file names its provider by id ("openai"); sentences name it as the catalogue does ("OpenAI's batch API").
    const known = catalog.providers.find((provider) => provider.id === model.provider);
    overrides.set(model.model.toLowerCase(), known ? { ...model, providerName: known.name } : model);
  }
  return { ...catalog, overrides };
}

export type PublishedDataCheck = { ok: true; providers: Provider[] } | { ok: false; error: string };

/**
 * Checks the shape of genai-prices' published data file (`data.json`, an array of providers) before
 * it replaces the bundled data: a malformed download must never reach a price lookup.
 */
export function checkPublishedData(data: unknown): PublishedDataCheck {
  if (!Array.isArray(data)) return { ok: false, error: 'expected a JSON array of providers' };
  if (data.length < 5) return { ok: false, error: `expected dozens of providers, found ${data.length}` };
  for (const [i, provider] of data.entries()) {
    const where = `provider #${i + 1}`;
    if (!isObject(provider)) return { ok: false, error: `${where} is not an object` };
    if (typeof provider.id !== 'string' || typeof provider.name !== 'string') return { ok: false, error: `${where} has no id or name` };
    if (!Array.isArray(provider.models)) return { ok: false, error: `provider "${provider.id}" has no models list` };
    for (const model of provider.models) {
      if (!isObject(model) || typeof model.id !== 'string' || !isObject(model.match))
        return { ok: false, error: `provider "${provider.id}" has a model without id or match rule` };
      const prices = Array.isArray(model.prices) ? model.prices.map((p) => (isObject(p) ? p.prices : undefined)) : [model.prices];
      for (const price of prices) {
        if (!isObject(price)) return { ok: false, error: `model "${provider.id}/${model.id}" has malformed prices` };
        for (const [key, value] of Object.entries(price)) {
          if (!isPriceValue(value)) return { ok: false, error: `model "${provider.id}/${model.id}" has a malformed price "${key}"` };
        }
      }
    }
  }
  const providers = data as Provider[];
  const openai = providers.find((p) => p.id === 'openai');
  if (!openai || !openai.models.some((m) => m.id === 'gpt-4o')) return { ok: false, error: 'the data has no openai/gpt-4o: not the price file expected' };
  return { ok: true, providers };
}

export function catalogFromPublishedData(providers: Provider[], meta: { dataSource: string; asOf: string }): PriceCatalog {
  return { providers, overrides: new Map(), ...meta };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPriceValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0;
  if (!isObject(value) || typeof value.base !== 'number' || !Array.isArray(value.tiers)) return false;
  return value.tiers.every((t) => isObject(t) && typeof t.start === 'number' && typeof t.price === 'number' && t.price >= 0);
}

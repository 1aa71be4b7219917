// The price catalogue: @pydantic/genai-prices' provider data (bundled, or a refreshed copy the user
// opted into) plus the user's own price entries, which win. The catalogue is a plain value, so
// lookups never depend on a module-level "current data" that another caller could swap. Only types
// come from the package here: its data is loaded by `bundledCatalog.ts`, so what imports this module
// (the cost model, the webview) does not carry 800 KB of prices.
import type { Provider } from '@pydantic/genai-prices';
import type { ModelPricing } from './modelPricing';

/**
 * Models compared when neither the user nor the scenario names any: per provider a large and a small
 * model that are priced in the catalogue and, on what the providers had announced by 2026-11-30, still
 * served 90 days later (test/model-lifecycle.test.ts holds that against pricing/price-overrides.json).
 * - OpenAI: gpt-6-sol and gpt-6-luna, generally available since 2026-09-22; OpenAI gives at least six
 *   months' notice before retiring a GA model and none was given. gpt-4o and gpt-4o-mini (the previous
 *   defaults) shut down on 2027-01-14.
 * - Anthropic: claude-sonnet-5 (released 2026-06-30, "not sooner than" 2027-06-30), not claude-sonnet-4-6,
 *   whose published floor (2027-02-17) falls inside the 90 days; claude-haiku-4-5 is the only small
 *   Claude: no retirement announced, but its floor (2026-10-15) has passed, so one may come with the
 *   60 days' notice Anthropic gives.
 * - Google: gemini-3.8-flash (stable since 2026-09-02, Google's most capable non-preview model; 3.1 Pro
 *   is still a preview) and gemini-3.5-flash-lite (the named successor of 3.1 Flash-Lite). gemini-2.5-pro
 *   and gemini-2.5-flash shut down on 2026-12-01.
 */
export const DEFAULT_COMPARISON_MODELS: readonly string[] = [
  'gpt-6-sol',
  'gpt-6-luna',
  'claude-sonnet-5',
  'claude-haiku-4-5',
  'gemini-3.8-flash',
  'gemini-3.5-flash-lite',
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

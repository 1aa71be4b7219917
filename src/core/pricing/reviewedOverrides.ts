// Reviewed corrections to the price catalogue (pricing/price-overrides.json): a model alias that now
// points elsewhere, a model retired on a date, a promotion that ended, a tier that was removed, a model
// the catalogue lacks. Bundled at build time like the other reviewed rules; each names its source.
import type { ModelPrice } from '@pydantic/genai-prices';
import overrideData from '../../../pricing/price-overrides.json';
import type { PricePeriod, PriceWindow } from './priceSchedule';

export interface ReviewedPeriod {
  from?: string;
  until?: string;
  prices?: ModelPrice;
  windows?: PriceWindow[];
  promotion?: boolean;
  /** Keep the catalogue's prices of that date (only change something else, e.g. drop tiers). */
  keepCataloguePrices?: boolean;
  /** Long-context tiers no longer exist: every token at the base price (over the window is flagged by the fit check). */
  dropTiers?: boolean;
  note?: string;
}

export interface ReviewedOverride {
  id: string;
  provider: string;
  /** Names as written (aliases) this entry answers for, whatever the catalogue maps them to. */
  names?: string[];
  /** Catalogue model ids this entry corrects. */
  models?: string[];
  /** An alias resolved to this catalogue model of the same provider. */
  sameAs?: string;
  /** A model the catalogue lacks: its id and name. */
  model?: string;
  name?: string;
  retiredFrom?: string;
  schedule?: ReviewedPeriod[];
  contextWindow?: number;
  maxOutputTokens?: number;
  reason: string;
  source: string;
  confidence: 'primary' | 'secondary';
  lastChecked: string;
}

export const REVIEWED_OVERRIDES = overrideData.overrides as ReviewedOverride[];

/** The entry answering for a name as written (an alias, or a model the catalogue lacks). */
export function reviewedAliasFor(provider: string | null, model: string): ReviewedOverride | undefined {
  const name = model.toLowerCase();
  return REVIEWED_OVERRIDES.find((entry) => (!provider || provider === entry.provider) && entry.names?.includes(name));
}

/** The entry correcting a catalogue model of a provider. */
export function reviewedEntryFor(provider: string, modelId: string): ReviewedOverride | undefined {
  return REVIEWED_OVERRIDES.find((entry) => entry.provider === provider && entry.models?.includes(modelId));
}

/** How an override is named in a plan's assumptions. */
export function overrideAssumption(entry: ReviewedOverride, detail?: string): string {
  return `Reviewed override "${entry.id}" (pricing/price-overrides.json): ${detail ?? entry.reason} Source: ${entry.source}, checked ${entry.lastChecked}.`;
}

/** An override period with nothing to keep from the catalogue, as the schedule reads it. */
export function ownPeriod(period: ReviewedPeriod): PricePeriod {
  return {
    ...(period.from ? { from: period.from } : {}),
    ...(period.until ? { until: period.until } : {}),
    prices: period.prices ?? {},
    windows: period.windows ?? [],
    ...(period.promotion ? { promotion: true } : {}),
    ...(period.note ? { note: period.note } : {}),
  };
}

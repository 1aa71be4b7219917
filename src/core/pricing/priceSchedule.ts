// Prices as of a date: which of a model's dated prices is in force on the day, and, where the price
// depends on the hour (DeepSeek's peak hours), the average over a day's traffic: a monthly projection
// must not depend on the hour the tool happens to run.
import type { ModelPrice } from '@pydantic/genai-prices';

/** A higher-priced window of hours (UTC) on some weekdays (0 = Sunday; all days when absent). */
export interface PriceWindow {
  days?: number[];
  /** HH:MM or HH:MM:SS, UTC; `end` may be before `start` (the window crosses midnight). */
  start: string;
  end: string;
  prices: ModelPrice;
}

/** One period of a model's prices: from `from` (inclusive) until `until` (exclusive), UTC. */
export interface PricePeriod {
  from?: string;
  until?: string;
  prices: ModelPrice;
  windows: PriceWindow[];
  promotion?: boolean;
  note?: string;
}

/** Share of a day's requests in each UTC hour (24 numbers); a uniform day when absent. */
export type TrafficProfile = readonly number[];

export const UNIFORM_DAY: TrafficProfile = Array.from({ length: 24 }, () => 1 / 24);

export interface PricesOnDate {
  prices: ModelPrice;
  /** The period in force, for its note and promotion flag. */
  period: PricePeriod;
  /** The next date the prices change, if one is scheduled. */
  nextChange: string | null;
  /** When the price depends on the hour: how it was averaged, for the assumptions. */
  timeOfDay: string | null;
}

/** Checks a traffic profile: 24 non-negative numbers, not all zero. Returns the problem, or null. */
export function trafficProfileProblem(profile: readonly unknown[]): string | null {
  if (profile.length !== 24) return `a traffic profile has 24 hourly shares (UTC), got ${profile.length}`;
  if (!profile.every((share) => typeof share === 'number' && Number.isFinite(share) && share >= 0)) return 'every hourly share must be a number >= 0';
  if ((profile as number[]).reduce((a, b) => a + b, 0) <= 0) return 'the hourly shares add up to zero';
  return null;
}

/** The period in force at `at`, the prices of that day averaged over the traffic profile. */
export function pricesOnDate(periods: readonly PricePeriod[], at: Date, traffic: TrafficProfile = UNIFORM_DAY): PricesOnDate | null {
  const time = at.getTime();
  const inForce = periods.filter((p) => (!p.from || time >= Date.parse(p.from)) && (!p.until || time < Date.parse(p.until)));
  // Later periods in the list win (genai-prices lists a base price first, then dated changes).
  const period = inForce.at(-1);
  const changes = periods.flatMap((p) => [p.from, p.until]).filter((d): d is string => d !== undefined && Date.parse(d) > time);
  const nextChange = changes.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
  if (!period) return null;
  if (!period.windows.length) return { prices: period.prices, period, nextChange, timeOfDay: null };
  return { ...averageOverWeek(period, traffic), period, nextChange };
}

const SLOTS_PER_HOUR = 4;

/**
 * The period's prices averaged over a week of traffic: each quarter hour of each weekday weighs its
 * hour's share of the profile. Windows are matched on quarter hours, which every published window
 * boundary (on the hour or half hour) falls on.
 */
function averageOverWeek(period: PricePeriod, traffic: TrafficProfile): { prices: ModelPrice; timeOfDay: string } {
  const total = traffic.reduce((a, b) => a + b, 0);
  const weighted: { prices: ModelPrice; weight: number }[] = [];
  let windowWeight = 0;
  for (let day = 0; day < 7; day++) {
    for (let slot = 0; slot < 24 * SLOTS_PER_HOUR; slot++) {
      const hour = Math.floor(slot / SLOTS_PER_HOUR);
      const weight = (traffic[hour] ?? 0) / total / SLOTS_PER_HOUR / 7;
      if (weight === 0) continue;
      const minute = slot * (60 / SLOTS_PER_HOUR);
      const window = period.windows.find((w) => (!w.days || w.days.includes(day)) && inWindow(minute, w.start, w.end));
      if (window) windowWeight += weight;
      weighted.push({ prices: window?.prices ?? period.prices, weight });
    }
  }
  const uniform = traffic.every((share) => share === traffic[0]);
  const share = `${Math.round(windowWeight * 1000) / 10}%`;
  return {
    prices: averagePrices(weighted),
    timeOfDay:
      `prices depend on the hour (${describeWindows(period.windows)}): averaged over ${uniform ? 'a uniform day' : 'your daily traffic profile'} ` +
      `(${share} of requests in those hours), not the hour the plan was made`,
  };
}

function minutesOf(time: string): number {
  const m = /^(\d{2}):(\d{2})/.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

function inWindow(minute: number, start: string, end: string): boolean {
  const from = minutesOf(start);
  const to = minutesOf(end);
  return to < from ? minute >= from || minute < to : minute >= from && minute < to;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function describeWindows(windows: readonly PriceWindow[]): string {
  return windows
    .map((w) => {
      const days = !w.days || w.days.length === 7 ? 'every day' : w.days.join() === '1,2,3,4,5' ? 'Mon-Fri' : w.days.map((d) => DAY_NAMES[d]).join(', ');
      return `${w.start.slice(0, 5)}-${w.end.slice(0, 5)} UTC ${days}`;
    })
    .join('; ');
}

type PriceValue = ModelPrice[string];

/** Weighted average of each price field; a tiered price averages its base and each tier of the same start. */
function averagePrices(weighted: readonly { prices: ModelPrice; weight: number }[]): ModelPrice {
  const keys = new Set(weighted.flatMap((w) => Object.keys(w.prices)));
  const result: Record<string, PriceValue> = {};
  for (const key of keys) {
    const values = weighted.map((w) => ({ value: (w.prices as Record<string, PriceValue>)[key], weight: w.weight }));
    // A field missing in some hours (e.g. no cached price off-peak) has no average: left out.
    if (values.some((v) => v.value === undefined || v.value === null)) continue;
    const base = (v: PriceValue) => (typeof v === 'number' ? v : (v?.base ?? 0));
    const average = values.reduce((sum, v) => sum + base(v.value) * v.weight, 0);
    const tiered = values.find((v) => typeof v.value === 'object');
    if (!tiered || typeof tiered.value !== 'object' || tiered.value === null) {
      result[key] = average;
      continue;
    }
    const starts = [...new Set(values.flatMap((v) => (typeof v.value === 'object' && v.value ? v.value.tiers.map((t) => t.start) : [])))].sort((a, b) => a - b);
    const tiers = starts.map((start) => ({
      start,
      price: values.reduce((sum, v) => {
        const tier = typeof v.value === 'object' && v.value ? [...v.value.tiers].reverse().find((t) => t.start <= start) : undefined;
        return sum + (tier ? tier.price : base(v.value)) * v.weight;
      }, 0),
    }));
    result[key] = { base: average, tiers } as PriceValue;
  }
  return result as ModelPrice;
}

// Prices as of a date, on made-up periods whose answers are worked out here by hand: which period is
// in force at its boundaries, when the next change comes, and the average of hour-dependent prices
// over a day of traffic (a window's share of the day's quarter hours, weighted by the traffic).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  flatPrice,
  longContextThreshold,
  priceAt,
  pricesOnDate,
  trafficProfileProblem,
  UNIFORM_DAY,
  type ModelPricing,
  type PricePeriod,
} from '../src/core/pricing';
import { estimateTokens } from '../src/core/pricing/tokenEstimate';
import { priceBookFromModels } from '../src/core/pricing/priceBook';
import type { TokenizerFamily } from '../src/core/pricing/providerRules';
import { close } from './support/pricing';

const at = (iso: string) => new Date(iso);

test('a traffic profile is 24 shares, none negative or not a number, not all zero', () => {
  assert.equal(trafficProfileProblem(UNIFORM_DAY), null);
  assert.equal(trafficProfileProblem([1, ...Array<number>(23).fill(0)]), null);
  assert.equal(trafficProfileProblem(Array<number>(23).fill(1)), 'a traffic profile has 24 hourly shares (UTC), got 23');
  assert.equal(trafficProfileProblem(Array<number>(25).fill(1)), 'a traffic profile has 24 hourly shares (UTC), got 25');
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '1', null]) {
    assert.equal(trafficProfileProblem([bad, ...Array<number>(23).fill(1)]), 'every hourly share must be a number >= 0', String(bad));
  }
  assert.equal(trafficProfileProblem(Array<number>(24).fill(0)), 'the hourly shares add up to zero');
});

test('the period in force: from is inclusive, until exclusive, a later period in the list wins; the next change is the earliest date ahead', () => {
  const periods: PricePeriod[] = [
    { prices: { input_mtok: 1 }, windows: [] },
    // Listed before an earlier change: the next change must still be the earliest.
    { from: '2026-05-01T00:00:00Z', prices: { input_mtok: 4 }, windows: [] },
    { from: '2026-01-01T00:00:00Z', until: '2026-03-01T00:00:00Z', prices: { input_mtok: 2 }, windows: [], promotion: true },
  ];
  const before = pricesOnDate(periods, at('2025-12-31T23:59:59Z'))!;
  assert.deepEqual(before, { prices: { input_mtok: 1 }, period: periods[0], nextChange: '2026-01-01T00:00:00Z', timeOfDay: null });
  const onTheDay = pricesOnDate(periods, at('2026-01-01T00:00:00Z'))!;
  assert.equal(onTheDay.period, periods[2]);
  assert.equal(onTheDay.nextChange, '2026-03-01T00:00:00Z');
  const atTheEnd = pricesOnDate(periods, at('2026-03-01T00:00:00Z'))!;
  assert.equal(atTheEnd.period, periods[0]);
  assert.equal(atTheEnd.nextChange, '2026-05-01T00:00:00Z');
  const after = pricesOnDate(periods, at('2026-06-01T00:00:00Z'))!;
  assert.deepEqual(after.prices, { input_mtok: 4 });
  assert.equal(after.nextChange, null);
  // Nothing in force: no prices at all, never a price of 0.
  assert.equal(pricesOnDate([{ from: '2027-01-01T00:00:00Z', prices: { input_mtok: 1 }, windows: [] }], at('2026-06-01T00:00:00Z')), null);
  assert.equal(pricesOnDate([], at('2026-06-01T00:00:00Z')), null);
});

// Peak hours 16:30 to 00:30 UTC every day at twice the off-peak price: a window across midnight.
const peak: PricePeriod = {
  prices: { input_mtok: 1, output_mtok: 4, cache_read_mtok: 0.1 },
  windows: [{ start: '16:30:00', end: '00:30:00', prices: { input_mtok: 2, output_mtok: 8 } }],
};

test('hour-dependent prices over a uniform day: 8 of 24 hours at the peak price', () => {
  const result = pricesOnDate([peak], at('2026-06-01T12:00:00Z'))!;
  // input 1 x 2/3 + 2 x 1/3 = 4/3; output 4 x 2/3 + 8 x 1/3 = 16/3. No cached price in peak hours: no average.
  close(result.prices.input_mtok as number, 4 / 3);
  close(result.prices.output_mtok as number, 16 / 3);
  assert.equal('cache_read_mtok' in result.prices, false);
  assert.equal(
    result.timeOfDay,
    'prices depend on the hour (16:30-00:30 UTC every day): averaged over a uniform day (33.3% of requests in those hours), not the hour the plan was made',
  );
  assert.equal(result.period, peak);
});

test("hour-dependent prices over the user's traffic: all of it from 00:00 to 01:00, half of that hour at the peak", () => {
  const midnight = [1, ...Array<number>(23).fill(0)];
  const result = pricesOnDate([peak], at('2026-06-01T12:00:00Z'), midnight)!;
  // 00:00 and 00:15 are in the window, 00:30 and 00:45 are not: 1 x 1/2 + 2 x 1/2.
  close(result.prices.input_mtok as number, 1.5);
  assert.match(result.timeOfDay!, /averaged over your daily traffic profile \(50% of requests in those hours\)/);
  // All of it from 17:00 to 18:00: all at the peak price. Shares need not add up to 1.
  const evening = Array.from({ length: 24 }, (_, hour) => (hour === 17 ? 5 : 0));
  close(pricesOnDate([peak], at('2026-06-01T12:00:00Z'), evening)!.prices.input_mtok as number, 2);
  // All of it from 01:00 to 02:00: none at the peak price.
  const night = Array.from({ length: 24 }, (_, hour) => (hour === 1 ? 1 : 0));
  close(pricesOnDate([peak], at('2026-06-01T12:00:00Z'), night)!.prices.input_mtok as number, 1);
});

test('windows on some weekdays: 09:00-17:00 Mon-Fri is 8/24 x 5/7 of a uniform week; weekend days are named', () => {
  const weekdays: PricePeriod = { prices: { input_mtok: 1 }, windows: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', prices: { input_mtok: 2 } }] };
  const result = pricesOnDate([weekdays], at('2026-06-01T12:00:00Z'))!;
  // 1 + (2 - 1) x 5/21.
  close(result.prices.input_mtok as number, 1 + 5 / 21);
  assert.match(result.timeOfDay!, /\(09:00-17:00 UTC Mon-Fri\): averaged over a uniform day \(23\.8% of requests in those hours\)/);
  const named: PricePeriod = {
    prices: { input_mtok: 1 },
    windows: [
      { days: [0, 6], start: '10:00', end: '12:00', prices: { input_mtok: 3 } },
      { days: [0, 1, 2, 3, 4, 5, 6], start: '22:00', end: '23:00', prices: { input_mtok: 2 } },
    ],
  };
  const both = pricesOnDate([named], at('2026-06-01T12:00:00Z'))!;
  // Weekends 10:00-12:00 at 3: 2/24 x 2/7; every day 22:00-23:00 at 2: 1/24.
  close(both.prices.input_mtok as number, 1 + 2 * ((2 / 24) * (2 / 7)) + 1 * (1 / 24));
  assert.match(both.timeOfDay!, /\(10:00-12:00 UTC Sun, Sat; 22:00-23:00 UTC every day\)/);
  // 2/24 x 2/7 + 1/24 = 0.0655 of the week.
  assert.match(both.timeOfDay!, /\(6\.5% of requests in those hours\)/);
});

test('tiered prices are averaged tier by tier; a flat price in some hours counts as its own price above every tier start', () => {
  const tiered: PricePeriod = {
    prices: { input_mtok: { base: 1, tiers: [{ start: 200_000, price: 2 }] }, output_mtok: { base: 4, tiers: [{ start: 200_000, price: 6 }] } },
    windows: [{ start: '16:00', end: '00:00', prices: { input_mtok: { base: 3, tiers: [{ start: 200_000, price: 6 }] }, output_mtok: 8 } }],
  };
  const result = pricesOnDate([tiered], at('2026-06-01T12:00:00Z'))!;
  const input = result.prices.input_mtok as { base: number; tiers: { start: number; price: number }[] };
  // A third of the day at the peak: base 1 x 2/3 + 3 x 1/3 = 5/3; above 200k 2 x 2/3 + 6 x 1/3 = 10/3.
  close(input.base, 5 / 3);
  assert.equal(input.tiers.length, 1);
  assert.equal(input.tiers[0]!.start, 200_000);
  close(input.tiers[0]!.price, 10 / 3);
  const output = result.prices.output_mtok as { base: number; tiers: { start: number; price: number }[] };
  // base 4 x 2/3 + 8 x 1/3 = 16/3; above 200k 6 x 2/3 + 8 x 1/3 = 20/3.
  close(output.base, 16 / 3);
  assert.equal(output.tiers.length, 1);
  close(output.tiers[0]!.price, 20 / 3);
});

test('tiers starting at different sizes in different hours: each start averages the tier in force there', () => {
  const period: PricePeriod = {
    prices: { input_mtok: { base: 1, tiers: [{ start: 100_000, price: 2 }] } },
    windows: [{ start: '12:00', end: '00:00', prices: { input_mtok: { base: 1, tiers: [{ start: 200_000, price: 4 }] } } }],
  };
  const input = pricesOnDate([period], at('2026-06-01T12:00:00Z'))!.prices.input_mtok as { base: number; tiers: { start: number; price: number }[] };
  // Half a day each. Above 100k: 2 off-peak, the base 1 at the peak; above 200k: 2 off-peak, 4 at the peak.
  assert.deepEqual(
    input.tiers.map((t) => t.start),
    [100_000, 200_000],
  );
  close(input.base, 1);
  close(input.tiers[0]!.price, 1.5);
  close(input.tiers[1]!.price, 3);
});

test('a long-context tier applies above its threshold, not at it; the threshold is the lowest tier start of input and output', () => {
  const input = {
    perMTok: 3,
    tiers: [
      { aboveInputTokens: 200_000, perMTok: 6 },
      { aboveInputTokens: 1_000_000, perMTok: 9 },
    ],
  };
  assert.equal(priceAt(input, 200_000), 3);
  assert.equal(priceAt(input, 200_001), 6);
  assert.equal(priceAt(input, 1_000_000), 6);
  assert.equal(priceAt(input, 1_000_001), 9);
  assert.equal(priceAt(flatPrice(2.5), 5_000_000), 2.5);
  const pricing = (inputTiers: number[], outputTiers: number[]) =>
    ({
      input: { perMTok: 1, tiers: inputTiers.map((aboveInputTokens) => ({ aboveInputTokens, perMTok: 2 })) },
      output: { perMTok: 1, tiers: outputTiers.map((aboveInputTokens) => ({ aboveInputTokens, perMTok: 2 })) },
    }) as unknown as ModelPricing;
  assert.equal(longContextThreshold(pricing([], [])), null);
  assert.equal(longContextThreshold(pricing([200_000], [])), 200_000);
  assert.equal(longContextThreshold(pricing([272_000], [128_000, 500_000])), 128_000);
});

test('tokens for a model: exact in its own encoding, an estimate with its band for other families, o200k_base ±10% when its encoding was not counted', () => {
  const exact = { family: 'openai-cl100k', encoding: 'cl100k_base', factor: 1, low: 1, high: 1, exact: true } as TokenizerFamily;
  assert.deepEqual(estimateTokens({ o200k_base: 1000, cl100k_base: 1020 }, exact), { tokens: 1020, low: 1020, high: 1020, exact: true });
  // cl100k_base not counted for this run: o200k_base stands in, 10% either way.
  assert.deepEqual(estimateTokens({ o200k_base: 1005 }, exact), { tokens: 1005, low: 905, high: 1106, exact: false });
  // Claude Opus 4.7's family in pricing/tokenizers.json: x1.5, band x1.16-x1.8.
  const estimated = { family: 'claude-new-tokenizer', encoding: 'o200k_base', factor: 1.5, low: 1.16, high: 1.8, exact: false } as TokenizerFamily;
  assert.deepEqual(estimateTokens({ o200k_base: 333 }, estimated), { tokens: 500, low: 386, high: 599, exact: false });
});

test('the planner price book: names as sent and model ids, case and spaces ignored; answers are copies; an unknown name says how many models were sent', () => {
  const pricing = { model: 'gpt-4o', notes: ['a note'], assumptions: ['an assumption'] } as ModelPricing;
  const other = { model: 'gpt-4o-mini', notes: [], assumptions: undefined } as unknown as ModelPricing;
  const book = priceBookFromModels(
    [
      [' My Model ', pricing],
      ['gpt-4o-mini', other],
      // A name that is another model's id keeps the model it was sent for.
      ['GPT-4O', other],
    ],
    { dataSource: 'test data', asOf: '2026-11-26' },
  );
  assert.equal(book.dataSource, 'test data');
  assert.equal(book.asOf, '2026-11-26');
  const mine = book.lookup('my model');
  assert.ok(mine.known);
  assert.equal(mine.pricing.model, 'gpt-4o');
  mine.pricing.notes.push('changed');
  mine.pricing.assumptions!.push('changed');
  const again = book.lookup('  MY MODEL');
  assert.ok(again.known);
  assert.deepEqual(again.pricing.notes, ['a note']);
  assert.deepEqual(again.pricing.assumptions, ['an assumption']);
  const byId = book.lookup('gpt-4o');
  assert.ok(byId.known);
  assert.equal(byId.pricing.model, 'gpt-4o-mini');
  const mini = book.lookup('gpt-4o-mini');
  assert.ok(mini.known);
  assert.deepEqual(mini.pricing.assumptions, []);
  // A model sent under another name is found by its id too, unless that id was sent as a name for another model.
  const first = priceBookFromModels(
    [
      ['gpt-4o', other],
      ['My Model', pricing],
    ],
    { dataSource: 'test data', asOf: '2026-11-26' },
  ).lookup('gpt-4o');
  assert.ok(first.known);
  assert.equal(first.pricing.model, 'gpt-4o-mini');
  const onlyByName = priceBookFromModels([['My Model', pricing]], { dataSource: 'test data', asOf: '2026-11-26' }).lookup('GPT-4o');
  assert.ok(onlyByName.known);
  assert.equal(onlyByName.pricing.model, 'gpt-4o');
  assert.deepEqual(book.lookup('claude'), { known: false, model: 'claude', reason: 'no prices for "claude" among the 3 models sent to the planner' });
});

test('averaging edge cases: weekdays named one by one, a price missing (null) in some hours, tiers only in some hours, tiers listed out of order, two tiers', () => {
  const named: PricePeriod = {
    prices: { input_mtok: 1 },
    windows: [
      { days: [1, 3, 5], start: '10:00', end: '11:00', prices: { input_mtok: 2 } },
      { days: [2, 4], start: '10:00', end: '11:00', prices: { input_mtok: 2 } },
    ],
  };
  assert.match(pricesOnDate([named], at('2026-06-01T12:00:00Z'))!.timeOfDay!, /\(10:00-11:00 UTC Mon, Wed, Fri; 10:00-11:00 UTC Tue, Thu\)/);
  // A cached price that is null in peak hours has no average: left out.
  const nullPeak: PricePeriod = {
    prices: { input_mtok: 1, cache_read_mtok: 0.1 },
    windows: [{ start: '12:00', end: '00:00', prices: { input_mtok: 2, cache_read_mtok: null as unknown as number } }],
  };
  assert.equal('cache_read_mtok' in pricesOnDate([nullPeak], at('2026-06-01T12:00:00Z'))!.prices, false);
  // Flat off-peak (met first, from 00:00), two tiers at the peak: the average keeps the peak's tiers, with the
  // highest tier that applies at each start. Half a day each: above 100k (1 + 5) / 2; above 500k (1 + 9) / 2.
  const tieredPeak: PricePeriod = {
    prices: { input_mtok: 1 },
    windows: [
      {
        start: '12:00',
        end: '00:00',
        prices: {
          input_mtok: {
            base: 1,
            tiers: [
              { start: 100_000, price: 5 },
              { start: 500_000, price: 9 },
            ],
          },
        },
      },
    ],
  };
  const input = pricesOnDate([tieredPeak], at('2026-06-01T12:00:00Z'))!.prices.input_mtok as { base: number; tiers: { start: number; price: number }[] };
  assert.deepEqual(
    input.tiers.map((t) => t.start),
    [100_000, 500_000],
  );
  close(input.base, 1);
  close(input.tiers[0]!.price, 3);
  close(input.tiers[1]!.price, 5);
  // Tier starts met out of order (500k off-peak, first; 100k at the peak) are listed from the lowest.
  // Above 100k: the off-peak base 2 and the peak tier 4; above 500k: 8 and 4.
  const crossed: PricePeriod = {
    prices: { input_mtok: { base: 2, tiers: [{ start: 500_000, price: 8 }] } },
    windows: [{ start: '12:00', end: '00:00', prices: { input_mtok: { base: 2, tiers: [{ start: 100_000, price: 4 }] } } }],
  };
  const both = pricesOnDate([crossed], at('2026-06-01T12:00:00Z'))!.prices.input_mtok as { base: number; tiers: { start: number; price: number }[] };
  assert.deepEqual(
    both.tiers.map((t) => t.start),
    [100_000, 500_000],
  );
  close(both.tiers[0]!.price, 3);
  close(both.tiers[1]!.price, 6);
});

test('a window that starts where it ends holds no minute, as genai-prices reads it (start <= t < end, or across midnight when end < start)', () => {
  // genai-prices' own check (`c < s ? t >= s || t < c : t >= s && t < c`) never matches when start = end,
  // so a period with only such a window keeps its base price all day: 1, not the window's 5.
  const empty: PricePeriod = { prices: { input_mtok: 1 }, windows: [{ start: '08:00', end: '08:00', prices: { input_mtok: 5 } }] };
  const result = pricesOnDate([empty], at('2026-06-01T12:00:00Z'))!;
  close(result.prices.input_mtok as number, 1);
});

// Price lookups away from the plain case, with the prices the providers publish: DeepSeek's
// time-of-day prices (deepseek-chat $0.27 in / $1.10 out from 00:30 to 16:30 UTC, half that
// off-peak), a price change on a date (Claude Opus 4.6: long-context tiers until 2026-03-13, a flat
// $5 / $25 from then), dated model ids, and Claude served by Google priced from Anthropic's list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MatchLogic } from '@pydantic/genai-prices';
import { lookupModel } from '../src/core/pricing';
import { matches } from '../src/core/pricing/lookup';
import { costOfRequest } from '../src/core/cost';
import { catalog, close } from './support/pricing';

const utc = (iso: string) => new Date(iso);

async function pricesAt(model: string, at: string, traffic?: number[]) {
  const lookup = lookupModel(await catalog(), model, { at: utc(at), ...(traffic ? { traffic } : {}) });
  assert.ok(lookup.known, `${model}: ${lookup.known ? '' : lookup.reason}`);
  return lookup.pricing;
}

test('DeepSeek by the time of day: standard from 00:30 to 16:30 UTC, half price off-peak, boundaries included at the start only', async () => {
  // deepseek-chat was retired on 2026-07-24 15:59 UTC (pricing/price-overrides.json): its hours are checked on a day before.
  // Hour-dependent prices are averaged over the day's traffic (pricing/README.md): all of it in one UTC hour prices that hour.
  const day = '2026-07-01T12:00:00Z';
  const inHour = (hour: number) => Array.from({ length: 24 }, (_, h) => (h === hour ? 1 : 0));
  const peak = await pricesAt('deepseek-chat', day, inHour(12));
  closeAll([peak.input.perMTok, peak.output.perMTok, peak.cacheRead!.perMTok], [0.27, 1.1, 0.07]);
  const offPeak = await pricesAt('deepseek-chat', day, inHour(20));
  closeAll([offPeak.input.perMTok, offPeak.output.perMTok, offPeak.cacheRead!.perMTok], [0.135, 0.55, 0.035]);
  // 00:00-01:00: 00:00-00:30 off-peak, 00:30-01:00 standard (00:30 itself standard); 16:00-17:00: 16:30 itself off-peak.
  // A boundary counted on the wrong side would give 3 quarter hours of one price and 1 of the other (0.16875 or 0.23625).
  close((await pricesAt('deepseek-chat', day, inHour(0))).input.perMTok, (0.135 + 0.27) / 2);
  close((await pricesAt('deepseek-chat', day, inHour(16))).input.perMTok, (0.27 + 0.135) / 2);
  // A uniform day: 16 hours standard, 8 at half price.
  const uniform = await pricesAt('deepseek-chat', day);
  closeAll([uniform.input.perMTok, uniform.output.perMTok], [(16 * 0.27 + 8 * 0.135) / 24, (16 * 1.1 + 8 * 0.55) / 24]);
});

function closeAll(actual: number[], expected: number[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, i) => close(value, expected[i]!, `#${i}`));
}

test('a dated price change: before it, the old prices and a note of the change; from that day, the new prices', async () => {
  const rules = { caching: null, batch: null };
  const tokens = { uncached: 250_000, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, output: 1000, reasoning: 0 };
  const before = await pricesAt('claude-opus-4-6', '2026-03-12T12:00:00Z');
  assert.deepEqual(before.notes.slice(0, 1), ['A price change for this model is scheduled on 2026-03-13.']);
  // Above 200k input: $10 / $37.50.
  assert.equal(costOfRequest(before, tokens, rules).total, (250_000 * 10 + 1000 * 37.5) / 1e6);
  const after = await pricesAt('claude-opus-4-6', '2026-03-13T00:00:00Z');
  assert.ok(!after.notes.some((note) => /price change/.test(note)), after.notes.join('\n'));
  assert.equal(costOfRequest(after, tokens, rules).total, (250_000 * 5 + 1000 * 25) / 1e6);
});

test('a model id with a compact date (gpt-4o-20240806) finds the dated catalogue entry', async () => {
  const pricing = await pricesAt('gpt-4o-20240806', '2026-11-26T12:00:00Z');
  assert.equal(pricing.model, 'gpt-4o');
  assert.equal(pricing.input.perMTok, 2.5);
  const written = lookupModel(await catalog(), 'gpt-4o-20991301', { at: utc('2026-11-26T12:00:00Z') });
  assert.equal(written.known, false, 'month 13 is not a date');
});

test('Claude on Google is priced from the Anthropic list and reported as served by Google', async () => {
  const pricing = await pricesAt('google/claude-sonnet-4-5', '2026-11-26T12:00:00Z');
  assert.equal(pricing.provider, 'google');
  assert.equal(pricing.input.perMTok, 3);
  assert.equal(pricing.output.perMTok, 15);
});

test('an unknown model of a known provider, and a blank name, say what to do', async () => {
  const cat = await catalog();
  const at = utc('2026-11-26T12:00:00Z');
  const noModel = lookupModel(cat, 'openai/gpt-99', { at });
  assert.equal(noModel.known, false);
  if (!noModel.known)
    assert.equal(
      noModel.reason,
      'OpenAI has no model matching "gpt-99" in the price catalogue (@pydantic/genai-prices 0.1.8 (bundled data), 2026-09-23); add it to your price file',
    );
  const blank = lookupModel(cat, '  ', { at });
  assert.deepEqual(blank, { known: false, model: '  ', reason: 'no model given' });
});

test("genai-prices' match rules: equals, starts_with, ends_with, contains case-blind; regex as written; or, and", () => {
  assert.equal(matches({ equals: 'GPT-4o' }, 'gpt-4O'), true);
  assert.equal(matches({ equals: 'gpt-4o' }, 'gpt-4o-mini'), false);
  assert.equal(matches({ starts_with: 'Claude-3' }, 'claude-3-opus'), true);
  assert.equal(matches({ starts_with: 'claude-3' }, 'x-claude-3'), false);
  assert.equal(matches({ ends_with: '-LATEST' }, 'mistral-large-latest'), true);
  assert.equal(matches({ ends_with: '-latest' }, 'latest-mistral'), false);
  assert.equal(matches({ contains: 'Sonnet' }, 'claude-sonnet-4'), true);
  assert.equal(matches({ contains: 'sonnet' }, 'claude-opus-4'), false);
  assert.equal(matches({ regex: '^gpt-4(o|\\.1)$' }, 'gpt-4.1'), true);
  assert.equal(matches({ regex: '^gpt-4(o|\\.1)$' }, 'gpt-4.2'), false);
  assert.equal(matches({ or: [{ equals: 'a' }, { equals: 'b' }] }, 'b'), true);
  assert.equal(matches({ or: [{ equals: 'a' }, { equals: 'b' }] }, 'c'), false);
  assert.equal(matches({ and: [{ starts_with: 'gpt' }, { contains: 'mini' }] }, 'gpt-4o-mini'), true);
  assert.equal(matches({ and: [{ starts_with: 'gpt' }, { contains: 'mini' }] }, 'gpt-4o'), false);
  assert.equal(matches({} as MatchLogic, 'gpt-4o'), false);
});

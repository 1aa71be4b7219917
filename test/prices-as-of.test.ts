// Prices as of a date: dated prices, a promotion that ended, a retired model, reviewed overrides, and
// hour-dependent prices averaged over a day's traffic, never taken at the hour the plan is made.
// Expected prices are worked out by hand from the providers' pages (pricing/price-overrides.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookupModel, priceBookOf, REVIEWED_OVERRIDES } from '../src/core/pricing';
import { planReport, stalePriceData } from '../src/core/report';
import type { ModelPricing } from '../src/core/pricing';
import { DEFAULT_SCENARIO } from '../src/core/cost';
import { catalog, close } from './support/pricing';

const known = async (model: string, at: string, traffic?: number[]): Promise<ModelPricing> => {
  const found = lookupModel(await catalog(), model, { at: new Date(at), ...(traffic ? { traffic } : {}) });
  assert.ok(found.known, `${model} should be priced: ${found.known ? '' : found.reason}`);
  return found.pricing;
};

test('DeepSeek Flash peak hours (01-04 and 06-10 UTC, Mon-Fri) averaged over a uniform week: $0.18125 / $0.725', async () => {
  // Peak share of a uniform week: 5 days x 7 hours / 168 hours = 35/168; peak is twice off-peak.
  const flash = await known('deepseek/deepseek-flash', '2026-11-30T07:30:00Z');
  close(flash.input.perMTok, 0.15 + 0.15 * (35 / 168));
  close(flash.input.perMTok, 0.18125);
  close(flash.output.perMTok, 0.6 + 0.6 * (35 / 168));
  close(flash.cacheRead!.perMTok, 0.003 + 0.003 * (35 / 168));
  assert.ok(flash.assumptions?.some((a) => /averaged over a uniform day \(20\.8% of requests in those hours\)/.test(a)));
  // The hour of the day the plan is made changes nothing.
  const evening = await known('deepseek/deepseek-flash', '2026-11-30T20:00:00Z');
  assert.equal(evening.input.perMTok, flash.input.perMTok);
  // The legacy name is billed at the Flash price.
  close((await known('deepseek-v4-flash', '2026-11-30T12:00:00Z')).input.perMTok, 0.18125);
});

test('a traffic profile moves the average: all traffic at 02:00 UTC pays peak on 5 days of 7', async () => {
  const traffic = Array.from({ length: 24 }, (_, hour) => (hour === 2 ? 1 : 0));
  const flash = await known('deepseek/deepseek-flash', '2026-11-30T12:00:00Z', traffic);
  close(flash.input.perMTok, 0.3 * (5 / 7) + 0.15 * (2 / 7));
  assert.ok(flash.assumptions?.some((a) => /your daily traffic profile \(71\.4% of requests/.test(a)));
});

test('deepseek-chat: the catalogue window (00:30-16:30 UTC at $0.27) averaged before retirement, price unknown after', async () => {
  // 16 of 24 hours at $0.27, 8 at $0.135: 0.135 + 0.135 x 16/24 = $0.225; at 07:30 and at 20:00 alike.
  const morning = await known('deepseek-chat', '2026-06-01T07:30:00Z');
  const evening = await known('deepseek-chat', '2026-06-01T20:00:00Z');
  close(morning.input.perMTok, 0.225);
  close(morning.output.perMTok, 0.55 + 0.55 * (16 / 24));
  assert.equal(evening.input.perMTok, morning.input.perMTok);
  const retired = lookupModel(await catalog(), 'deepseek-chat', { at: new Date('2026-11-30T12:00:00Z') });
  assert.equal(retired.known, false);
  assert.match(retired.known ? '' : retired.reason, /retired \(since 2026-07-24 15:59 UTC\).*deepseek-flash or deepseek-v4-pro/);
  assert.equal(lookupModel(await catalog(), 'deepseek-reasoner', { at: new Date('2026-07-24T16:00:00Z') }).known, false);
});

test('gpt-5.6-sol: promotional $4 / $20 until 2026-11-21, list $5 / $30 from 2026-11-22, said in the assumptions', async () => {
  const during = await known('gpt-5.6-sol', '2026-10-01T00:00:00Z');
  assert.deepEqual([during.input.perMTok, during.output.perMTok, during.cacheRead?.perMTok], [4, 20, 0.4]);
  assert.ok(during.assumptions?.some((a) => /Promotional price, valid until 2026-11-22 \(exclusive\)/.test(a)));
  const lastDay = await known('gpt-5.6-sol', '2026-11-21T23:59:00Z');
  assert.equal(lastDay.input.perMTok, 4);
  const after = await known('gpt-5.6-sol', '2026-11-30T00:00:00Z');
  assert.deepEqual([after.input.perMTok, after.output.perMTok, after.cacheWrite?.perMTok], [5, 30, 6.25]);
  assert.deepEqual(after.input.tiers, [{ aboveInputTokens: 272000, perMTok: 10 }]);
  assert.ok(after.assumptions?.some((a) => /"gpt-5\.6-sol-promotion".*at least through November 21, 2026/.test(a)));
  // Before the promotion: the launch price from the catalogue.
  assert.equal((await known('gpt-5.6-sol', '2026-08-01T00:00:00Z')).input.perMTok, 5);
});

test('reviewed overrides: mistral-large-latest is Mistral Large 3; Sonnet 4.5 has no >200k tier after 2026-04-30 and retires on 2026-11-30', async () => {
  const large = await known('mistral/mistral-large-latest', '2026-11-30T00:00:00Z');
  assert.deepEqual([large.model, large.input.perMTok, large.output.perMTok], ['mistral-large-2512', 0.5, 1.5]);
  assert.ok(large.assumptions?.some((a) => /Reviewed override "mistral-large-latest".*checked 2026-11-30/.test(a)));
  const sonnet = await known('claude-sonnet-4-5', '2026-11-29T23:59:59Z');
  assert.deepEqual(sonnet.input, { perMTok: 3, tiers: [] });
  assert.deepEqual(sonnet.output, { perMTok: 15, tiers: [] });
  assert.equal(sonnet.contextWindow, 200000);
  const before = await known('claude-sonnet-4-5', '2026-03-01T00:00:00Z');
  assert.deepEqual(before.input.tiers, [{ aboveInputTokens: 200000, perMTok: 6 }]);
  assert.ok(
    sonnet.notes.some((n) => /Retires on 2026-11-30/.test(n)),
    'a model that retires says when',
  );
  const retired = lookupModel(await catalog(), 'claude-sonnet-4-5', { at: new Date('2026-11-30T00:00:00Z') });
  assert.equal(retired.known, false);
  assert.match(retired.known ? '' : retired.reason, /"claude-sonnet-4-5" is retired \(since 2026-11-30\b.*use claude-sonnet-4-6/);
  // Every override names its source, date and reason.
  for (const entry of REVIEWED_OVERRIDES) {
    assert.ok(entry.source && entry.reason && /^\d{4}-\d{2}-\d{2}$/.test(entry.lastChecked), entry.id);
  }
});

test('a plan warns when the price data is more than 60 days older than the date priced for', async () => {
  const prices = priceBookOf(await catalog());
  // 2026-09-23 to 2026-11-30 is 7 + 31 + 30 = 68 days.
  assert.match(stalePriceData('2026-09-23', new Date('2026-11-30T00:00:00Z'))!, /dated 2026-09-23, 68 days before 2026-11-30.*llm-cost prices update/);
  assert.equal(stalePriceData('2026-09-23', new Date('2026-11-22T00:00:00Z')), null);
  const setup = { prices, scenario: DEFAULT_SCENARIO, counters: {} as never, maxRequests: 1, batchShareChosen: false };
  const report = planReport([], { ...setup, at: new Date('2026-10-01T00:00:00Z') });
  assert.equal(report.pricedOn, '2026-10-01');
  assert.deepEqual(report.warnings, []);
});

test('llm-cost plan --as-of prices as of that date and shows it; a bad date is a usage error', () => {
  const root = join(__dirname, '..', '..');
  const env = { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'llm-cost-cache-')) };
  const folder = mkdtempSync(join(tmpdir(), 'llm-cost-asof-'));
  try {
    const file = join(folder, 'q.json');
    writeFileSync(file, JSON.stringify({ model: 'gpt-5.6-sol', max_tokens: 100, messages: [{ role: 'user', content: 'Hi.' }] }));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'plan', file, '--models', 'gpt-5.6-sol', ...args], { encoding: 'utf8', env });
    const october = run('--as-of', '2026-10-01', '--format', 'json');
    assert.equal(october.status, 0, october.stderr);
    const report = JSON.parse(october.stdout);
    assert.equal(report.pricedOn, '2026-10-01');
    assert.equal(report.files[0].requests[0].comparison.plans[0].prices.inputPerMTok, 4);
    const table = run('--as-of', '2026-12-01');
    assert.match(table.stdout, /priced for 2026-12-01/);
    assert.match(table.stdout + table.stderr, /69 days before 2026-12-01/);
    const bad = run('--as-of', '2026-02-30');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--as-of must be a date written YYYY-MM-DD, not "2026-02-30"/);
    const profile = run('--traffic-profile', '1,2,3');
    assert.equal(profile.status, 2);
    assert.match(profile.stderr, /--traffic-profile: a traffic profile has 24 hourly shares \(UTC\), got 3/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(env.XDG_CACHE_HOME, { recursive: true, force: true });
  }
});

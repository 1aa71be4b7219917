// Models that retire (pricing/price-overrides.json, `retiredFrom`): from that instant a model is "price
// unknown" with the reason and what replaces it; before it, its price holds with a "Retires on" note.
// Every date here is fixed, so a retirement that comes later never changes these tests; the prices
// are the catalogue's list prices of that date (gpt-4o $2.50 / $10, Claude Opus 4 $15 / $75).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_COMPARISON_MODELS, lookupModel, type ModelPricing, type PriceLookup } from '../src/core/pricing';
import { REVIEWED_OVERRIDES } from '../src/core/pricing/reviewedOverrides';
import { AT, catalog } from './support/pricing';

const at = (iso: string) => new Date(iso);
const lookup = async (model: string, when: Date = AT): Promise<PriceLookup> => lookupModel(await catalog(), model, { at: when });

async function known(model: string, when: Date = AT): Promise<ModelPricing> {
  const found = await lookup(model, when);
  assert.ok(found.known, `${model}: ${found.known ? '' : found.reason}`);
  return found.pricing;
}

async function retired(model: string, when: Date = AT): Promise<string> {
  const found = await lookup(model, when);
  assert.equal(found.known, false, `${model} is still priced on ${when.toISOString()}`);
  return found.known ? '' : found.reason;
}

test('a retired model is "price unknown" with the reason and its replacement: one per provider', async () => {
  // OpenAI: o3-mini shut down on 2026-10-23; the deprecations page names gpt-5.6-sol.
  assert.match(
    await retired('o3-mini'),
    /^OpenAI "o3-mini" is retired \(since 2026-10-23\): Reviewed override "openai-2026-10-23-to-gpt-5\.6-sol".*names gpt-5\.6-sol as the substitute.*Source: .*checked 2026-11-30\.$/,
  );
  assert.equal((await known('o3-mini', at('2026-10-22T23:59:00Z'))).input.perMTok, 1.1);
  // Anthropic: Claude Opus 4, written as its dated id, retired on 2026-06-15 at 9 AM PT (16:00 UTC).
  assert.match(
    await retired('claude-opus-4-20250514'),
    /^Anthropic "claude-opus-4-0" is retired \(since 2026-06-15 16:00 UTC\):.*names claude-opus-4-6 as the replacement/,
  );
  const opus4 = await known('claude-opus-4-20250514', at('2026-06-15T15:59:00Z'));
  assert.deepEqual([opus4.input.perMTok, opus4.output.perMTok], [15, 75]);
  assert.equal(await lookup('claude-opus-4-20250514', at('2026-06-15T16:00:00Z')).then((l) => l.known), false);
  // Google: Gemini 2.0 Flash shut down on 2026-06-01.
  assert.match(
    await retired('gemini-2.0-flash'),
    /^Google "gemini-2\.0-flash" is retired \(since 2026-06-01\):.*use gemini-3\.8-flash or gemini-3\.5-flash-lite/,
  );
  // Dates apply to the provider's own API: Claude on Vertex AI keeps Google's price (Google sets its own dates).
  assert.equal((await known('google/claude-opus-4-1')).input.perMTok, 15);
  assert.match(await retired('anthropic/claude-opus-4-1'), /retired \(since 2026-08-05 16:00 UTC\)/);
});

test('a model that retires later keeps its price, with a note saying when and what replaces it', async () => {
  const gpt4o = await known('gpt-4o');
  assert.deepEqual([gpt4o.input.perMTok, gpt4o.output.perMTok], [2.5, 10]);
  assert.deepEqual(
    gpt4o.notes.filter((n) => n.startsWith('Retires on')),
    [
      'Retires on 2027-01-14: requests fail from then. Reviewed override "openai-gpt-6-successors-of-gpt-4o" (pricing/price-overrides.json): ' +
        REVIEWED_OVERRIDES.find((e) => e.id === 'openai-gpt-6-successors-of-gpt-4o')!.reason +
        ` Source: ${REVIEWED_OVERRIDES.find((e) => e.id === 'openai-gpt-6-successors-of-gpt-4o')!.source}, checked 2026-11-30.`,
    ],
  );
  assert.match(
    gpt4o.notes.find((n) => n.startsWith('Retires on'))!,
    /gpt-6-luna/,
  );
  // A date changes no figure: the plan's assumptions do not repeat it.
  assert.ok(!(gpt4o.assumptions ?? []).some((a) => /openai-gpt-6-successors-of-gpt-4o/.test(a)), (gpt4o.assumptions ?? []).join('\n'));
  assert.match(await retired('gpt-4o', at('2027-01-14T00:00:00Z')), /retired \(since 2027-01-14\)/);
  // Gemini 2.5 Pro: priced on 2026-11-30, unknown from 2026-12-01, and the unconfirmed routing is said.
  assert.ok((await known('gemini-2.5-pro', at('2026-11-30T23:59:00Z'))).notes.some((n) => n.startsWith('Retires on 2026-12-01: requests fail from then.')));
  assert.match(await retired('googleai/gemini-2.5-pro', at('2026-12-01T00:00:00Z')), /is not confirmed, so no price is given from that date/);
});

test('a name retired on its own (a -codex or -chat-latest variant, a dated preview) while its catalogue model lives on', async () => {
  // gpt-5-codex is priced as gpt-5 by the catalogue; OpenAI shut it down on 2026-07-23, gpt-5 on 2026-12-11.
  assert.match(await retired('gpt-5-codex'), /^OpenAI "gpt-5-codex" is retired \(since 2026-07-23\):.*gpt-5\.6-sol/);
  assert.match(await retired('openai/gpt-5-codex'), /retired \(since 2026-07-23\)/);
  const codexBefore = await known('gpt-5-codex', at('2026-07-01T12:00:00Z'));
  assert.deepEqual([codexBefore.model, codexBefore.input.perMTok, codexBefore.output.perMTok], ['gpt-5', 1.25, 10]);
  assert.ok(
    codexBefore.notes.some((n) => n.startsWith('Retires on 2026-07-23: requests fail from then. Reviewed override "openai-2026-07-23-to-gpt-5.6-sol"')),
  );
  const gpt5 = await known('gpt-5');
  assert.ok(
    gpt5.notes.some((n) => n.startsWith('Retires on 2026-12-11:')),
    gpt5.notes.join('\n'),
  );
  // The search preview left on 2026-07-23; gpt-4o-mini, the catalogue model it belongs to, is priced.
  assert.match(await retired('gpt-4o-mini-search-preview'), /retired \(since 2026-07-23\)/);
  assert.equal((await known('gpt-4o-mini')).input.perMTok, 0.15);
  // A dated Gemini preview, inside the gemini-2.5-flash catalogue model.
  assert.match(await retired('gemini-2.5-flash-preview-09-2025'), /retired \(since 2026-02-17\)/);
  assert.equal((await known('gemini-2.5-flash')).input.perMTok, 0.3);
});

test("a retirement is the provider's own: gpt-4o on Azure or OpenRouter is still priced after OpenAI retires it", async () => {
  // OpenAI's notice shuts down its API's gpt-4o on 2027-01-14; Azure OpenAI and OpenRouter publish their own
  // schedules, so the same model id served by them keeps its list price ($2.50 input) after that date.
  const after = at('2027-03-01T00:00:00Z');
  assert.match(await retired('openai/gpt-4o', after), /is retired \(since 2027-01-14\)/);
  assert.equal((await known('azure/gpt-4o', after)).input.perMTok, 2.5);
  assert.equal((await known('openrouter/openai/gpt-4o', after)).input.perMTok, 2.5);
});

test('every retirement names a catalogue model or a name, a date, the replacement or the reason, and its source', async () => {
  const providers = (await catalog()).providers;
  const retirements = REVIEWED_OVERRIDES.filter((entry) => entry.retiredFrom);
  assert.ok(retirements.length >= 40, `${retirements.length} retirements`);
  for (const entry of retirements) {
    assert.ok(!Number.isNaN(Date.parse(entry.retiredFrom!)) && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(entry.retiredFrom!), entry.id);
    assert.ok((entry.models?.length ?? 0) + (entry.names?.length ?? 0) > 0, entry.id);
    assert.ok(entry.reason.length > 30 && entry.source.length > 10 && entry.lastChecked === '2026-11-30', entry.id);
    const provider = providers.find((p) => p.id === entry.provider);
    assert.ok(provider, `${entry.id}: provider ${entry.provider}`);
    // A catalogue model id that no longer exists would make the entry silently answer for nothing.
    for (const model of entry.models ?? [])
      assert.ok(
        provider.models.some((m) => m.id === model),
        `${entry.id}: ${entry.provider}/${model}`,
      );
    // A name is lower case (names are matched as written, lower-cased).
    for (const name of entry.names ?? []) assert.equal(name, name.toLowerCase(), entry.id);
  }
  // One model, one retirement: lookup takes the first entry that lists it.
  const listed = retirements.flatMap((entry) => (entry.models ?? []).map((m) => `${entry.provider}/${m}`));
  assert.equal(new Set(listed).size, listed.length);
});

test('the default comparison is priced and none of its models retires within 90 days of 2026-11-30', async () => {
  const today = at('2026-11-30T12:00:00Z');
  const in90Days = at('2027-02-28T12:00:00Z');
  for (const model of DEFAULT_COMPARISON_MODELS) {
    const now = await known(model, today);
    const later = await known(model, in90Days);
    assert.ok(!now.notes.some((n) => n.startsWith('Retires on')), `${model}: ${now.notes.join(' ')}`);
    assert.equal(later.model, now.model);
    const soon = REVIEWED_OVERRIDES.filter(
      (entry) =>
        entry.retiredFrom &&
        Date.parse(entry.retiredFrom) <= in90Days.getTime() &&
        entry.provider === now.provider &&
        (entry.models?.includes(now.model) || entry.names?.includes(model)),
    );
    assert.deepEqual(
      soon.map((e) => e.id),
      [],
      model,
    );
  }
  // A large and a small model from each of the three providers.
  const providers = await Promise.all(DEFAULT_COMPARISON_MODELS.map(async (m) => (await known(m, today)).provider));
  assert.deepEqual(providers, ['openai', 'openai', 'anthropic', 'anthropic', 'google', 'google']);
  // The models it replaced are the ones that retire within those 90 days.
  for (const [model, date] of [
    ['gpt-4o', '2027-01-14'],
    ['gpt-4o-mini', '2027-01-14'],
    ['gemini-2.5-pro', '2026-12-01'],
    ['gemini-2.5-flash', '2026-12-01'],
  ] as const) {
    assert.match(await retired(model, in90Days), new RegExp(`retired \\(since ${date}\\)`), model);
  }
});

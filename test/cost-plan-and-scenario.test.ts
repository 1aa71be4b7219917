// A plan's comparison and its scenario: which models are compared and which is current, what each
// assumption says, budgets at the boundary, long-context prices in the summary, and every way a
// scenario field can be wrong. Published prices: gpt-4o $2.50 / $10; gpt-4o-mini $0.15 / $0.60;
// Sonnet 4.5 $3 / $15, above 200k input $6 / $22.50.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { priceBookOf, priceBookFromModels, lookupModel, DEFAULT_COMPARISON_MODELS } from '../src/core/pricing';
import {
  DEFAULT_SCENARIO,
  mergeScenario,
  parseScenarioText,
  planComparison,
  planRequest,
  validateScenario,
  type KnownModelPlan,
  type Scenario,
} from '../src/core/cost';
import { AT, billed, catalog, close, profile } from './support/pricing';

const scenario = (fields: Partial<Scenario>): Scenario => ({ ...DEFAULT_SCENARIO, ...fields });

const BEFORE_GPT4_SHUTDOWN = new Date('2026-10-01T12:00:00Z');

async function context() {
  return { prices: priceBookOf(await catalog()), at: AT };
}

test("the file's model leads the comparison as current, names are compared without case, and the scenario's list follows", async () => {
  const comparison = planComparison(
    profile(1000, 0, { declaredModel: 'GPT-4o' }),
    scenario({ models: ['gpt-4o-mini', 'gpt-4o', 'GPT-4O-MINI'], outputTokens: 100, caching: false, requestsPerDay: 100 }),
    await context(),
  );
  assert.equal(comparison.currentModel, 'GPT-4o');
  assert.deepEqual(
    comparison.plans.map((p) => p.requestedAs),
    ['GPT-4o', 'gpt-4o-mini'],
  );
  const [gpt, mini] = comparison.plans;
  assert.equal(gpt.savingVsCurrentPerMonth, 0);
  close(mini.savingVsCurrentPerMonth!, ((1000 * 2.5 + 100 * 10 - (1000 * 0.15 + 100 * 0.6)) / 1e6) * 100 * 30);
  assert.equal(comparison.cheapestModel, 'gpt-4o-mini');
  assert.equal(comparison.label, 'test');
  assert.equal(comparison.dataSource, '@pydantic/genai-prices 0.1.8 (bundled data)');
});

test('without a declared model, the first compared is current; without a list, the configured then the standard models', async () => {
  const ctx = await context();
  const listed = planComparison(profile(1000), scenario({ models: ['gpt-4o-mini', 'gpt-4o'] }), ctx);
  assert.equal(listed.currentModel, 'gpt-4o-mini');
  const configured = planComparison(profile(1000), scenario({}), { ...ctx, defaultModels: ['claude-haiku-4-5'] });
  assert.deepEqual(
    configured.plans.map((p) => p.requestedAs),
    ['claude-haiku-4-5'],
  );
  const standard = planComparison(profile(1000), scenario({}), ctx);
  assert.deepEqual(
    standard.plans.map((p) => p.requestedAs),
    [...DEFAULT_COMPARISON_MODELS],
  );
  assert.equal(standard.currentModel, DEFAULT_COMPARISON_MODELS[0]);
  // An empty list from a caller (validateScenario refuses one) still compares the standard models.
  const empty = planComparison(profile(1000), scenario({ models: [] }), ctx);
  assert.equal(empty.plans.length, DEFAULT_COMPARISON_MODELS.length);
});

test('a current model with an unknown price: no saving is shown against it, and the cheapest known model still is', async () => {
  const comparison = planComparison(profile(1000, 0, { declaredModel: 'acme-9000' }), scenario({ models: ['gpt-4o'], outputTokens: 100 }), await context());
  const [current, gpt] = comparison.plans;
  assert.equal(current.known, false);
  assert.equal(gpt.savingVsCurrentPerMonth, null);
  assert.equal(comparison.cheapestModel, 'gpt-4o');
});

test('a budget equal to the cost is within it; a millionth of a cent less is over', async () => {
  const ctx = await context();
  const cost = (1000 * 2.5 + 100 * 10) / 1e6;
  const at = (budget: number) =>
    (planRequest(profile(1000), 'gpt-4o', scenario({ outputTokens: 100, caching: false, budgetPerRequest: budget }), ctx) as KnownModelPlan).overBudget;
  assert.equal(at(cost), false);
  assert.equal(at(cost - 1e-8), true);
  assert.equal((planRequest(profile(1000), 'gpt-4o', scenario({ outputTokens: 100 }), ctx) as KnownModelPlan).overBudget, null);
});

test('the price summary shows the long-context tier where there is one', async () => {
  const ctx = await context();
  // Sonnet 4.5's >200k tier ($6 / $22.50) ended on 2026-04-30 (pricing/price-overrides.json): shown on a day before, gone after.
  const april = planRequest(profile(1000), 'claude-sonnet-4-5', scenario({ outputTokens: 100 }), {
    ...ctx,
    at: new Date('2026-04-01T12:00:00Z'),
  }) as KnownModelPlan;
  assert.deepEqual(april.prices.longContext, { aboveInputTokens: 200_000, inputPerMTok: 6, outputPerMTok: 22.5 });
  const sonnet = planRequest(profile(1000), 'claude-sonnet-4-5', scenario({ outputTokens: 100 }), ctx) as KnownModelPlan;
  assert.equal(sonnet.prices.longContext, null);
  assert.equal(sonnet.prices.cacheWritePerMTok, 3.75);
  assert.equal(sonnet.prices.cacheWrite1hPerMTok, 6);
  assert.equal(sonnet.prices.cacheReadPerMTok, 0.3);
  const gpt = planRequest(profile(1000), 'gpt-4o', scenario({ outputTokens: 100 }), ctx) as KnownModelPlan;
  assert.equal(gpt.prices.longContext, null);
});

test('what a plan assumes, in the words the report prints', async () => {
  const ctx = await context();
  const shorter = planRequest(
    profile(4000),
    'gpt-4o',
    scenario({ outputTokens: 100, shorten: 0.25, reasoningTokens: 300, requestsPerDay: 10 }),
    ctx,
  ) as KnownModelPlan;
  assert.deepEqual(shorter.assumptions, ['100 output tokens per request (expected output set by you).', 'Prompt 25% shorter, every part of the input alike.']);
  assert.deepEqual(shorter.shortening, { share: 0.25, basis: 'scenario' });
  // gpt-4o shuts down on 2027-01-14: priced on 2026-11-26, it carries that note besides the reasoning one.
  assert.deepEqual(
    shorter.notes.filter((note) => !note.startsWith('Retires on 2027-01-14: requests fail from then.')),
    ["This model does not produce billed reasoning tokens; the scenario's reasoning tokens are not counted."],
  );
  assert.equal(shorter.notes.length, 2);
  close(shorter.costPerRequest, (3000 * 2.5 + 100 * 10) / 1e6);
  close(shorter.savings.shortening, ((1000 * 2.5) / 1e6) * 10 * 30);
  assert.deepEqual((planRequest(profile(4000), 'gpt-4o', scenario({ outputTokens: 100, requestsPerDay: 10 }), ctx) as KnownModelPlan).shortening, {
    share: 0,
    basis: 'none',
  });
  const o3 = planRequest(profile(1000), 'o3', scenario({ outputTokens: 100, reasoningTokens: 300, requestsPerDay: 10 }), ctx) as KnownModelPlan;
  assert.ok(o3.assumptions.includes('300 reasoning tokens per request, billed as output.'), o3.assumptions.join('\n'));
  assert.deepEqual(
    o3.notes.map((note) => note.slice(0, 50)),
    ['Retires on 2026-12-11: requests fail from then. Re'],
  );
  // A cl100k_base model reached when only o200k_base was counted: estimated, and said so. gpt-4, the
  // last cl100k_base model, shut down on 2026-10-23 (pricing/price-overrides.json): priced before that.
  const gpt4 = planRequest({ ...profile(1000), inputTokens: { o200k_base: 1000 } }, 'gpt-4', scenario({ outputTokens: 100, requestsPerDay: 10 }), {
    ...ctx,
    at: BEFORE_GPT4_SHUTDOWN,
  }) as KnownModelPlan;
  assert.equal(gpt4.tokensExact, false);
  assert.deepEqual(gpt4.inputTokensRange, { low: 900, high: 1100 });
  assert.ok(
    gpt4.assumptions.includes('cl100k_base was not counted for this run: tokens estimated from o200k_base, may be off by about 10%.'),
    gpt4.assumptions.join('\n'),
  );
});

test('shortening suggestions are priced per month at the plan volume', async () => {
  const { count } = { count: (text: string) => text.split(/\s+/).filter(Boolean).length };
  const base = profile(2000);
  const withText = { ...base, messages: [{ role: 'system', text: 'Be   brief.\n\n\n\nBe kind and   brief, always.' }] };
  const plan = planRequest(withText, 'gpt-4o', scenario({ outputTokens: 100, caching: false, requestsPerDay: 10 }), {
    ...(await context()),
    count,
  }) as KnownModelPlan;
  // The counter here counts words: whitespace edits save none, so every suggestion is $0.
  assert.deepEqual(
    plan.potentialSavings.shortening.map((s) => [s.kind, s.tokensSaved, s.perMonth]),
    [
      ['collapse-whitespace', 0, 0],
      ['strip-markdown', 0, 0],
      ['remove-duplicate-lines', 0, 0],
    ],
  );
  // A duplicated long line is one a word counter sees: 5 of 13 words, so 5/13 of the 2,000 input tokens.
  const dup = { ...base, messages: [{ role: 'system', text: 'Always answer in plain English.\nKeep it short.\nAlways answer in plain English.' }] };
  const dupPlan = planRequest(dup, 'gpt-4o', scenario({ outputTokens: 100, caching: false, requestsPerDay: 10 }), {
    ...(await context()),
    count,
  }) as KnownModelPlan;
  const saved = dupPlan.potentialSavings.shortening.find((s) => s.kind === 'remove-duplicate-lines')!;
  assert.equal(saved.tokensSaved, 5);
  close(saved.perMonth, ((Math.round(2000 * (5 / 13)) * 2.5) / 1e6) * 10 * 30);
});

test('a model whose context window is unknown says so', async () => {
  const lookup = lookupModel(await catalog(), 'gpt-4o', { at: AT });
  assert.ok(lookup.known);
  const prices = priceBookFromModels([['mystery-4o', { ...lookup.pricing, contextWindow: null, maxOutputTokens: null }]], {
    dataSource: 'test',
    asOf: '2026-11-30',
  });
  const plan = planRequest(profile(1000), 'mystery-4o', scenario({ outputTokens: 100 }), { prices }) as KnownModelPlan;
  assert.deepEqual(plan.fit, { contextWindow: null, maxOutputTokens: null, fitsContext: null, fitsOutput: null, problems: ['context window unknown'] });
});

test('every wrong scenario field is named with what it must be, and left at its default', () => {
  const {
    scenario: result,
    errors,
    warnings,
  } = validateScenario(
    {
      $schema: 'https://example.com/scenario.json',
      $comment: 'ignored',
      requestsPerDay: -1,
      activeUsers: Number.POSITIVE_INFINITY,
      cacheHitRate: 1.5,
      shorten: -0.1,
      pricePerUserPerMonth: '12',
      budgetPerRequest: -0.01,
      caching: 'yes',
      models: ['gpt-4o', ' '],
      conversationTurns: 0,
      outputTokens: null,
      constructor: 1,
    },
    'plan.json',
  );
  assert.deepEqual(
    errors.map((e) => [e.field, e.message]),
    [
      ['requestsPerDay', 'plan.json: "requestsPerDay" must be a number >= 0, got -1'],
      ['activeUsers', 'plan.json: "activeUsers" must be a number >= 0, got null'],
      ['cacheHitRate', 'plan.json: "cacheHitRate" must be a share between 0 and 1 (0.3 = 30%), got 1.5'],
      ['shorten', 'plan.json: "shorten" must be a share between 0 and 1 (0.3 = 30%), got -0.1'],
      ['pricePerUserPerMonth', 'plan.json: "pricePerUserPerMonth" must be an amount in USD >= 0, got "12"'],
      ['budgetPerRequest', 'plan.json: "budgetPerRequest" must be an amount in USD >= 0, got -0.01'],
      ['caching', 'plan.json: "caching" must be true or false, got "yes"'],
      ['models', 'plan.json: "models" must be a non-empty list of model names, got ["gpt-4o"," "]'],
      ['conversationTurns', 'plan.json: "conversationTurns" must be at least 1'],
    ],
  );
  assert.deepEqual(
    warnings.map((w) => w.field),
    ['constructor'],
  );
  assert.equal(result.caching, true);
  assert.equal(result.outputTokens, null);
  assert.equal(result.models, null);
  // The edges of a share are allowed; model names are trimmed.
  const edges = validateScenario({ cacheHitRate: 0, batchShare: 1, models: [' gpt-4o '], cacheTtl: '1h', requestsPerDay: 0 });
  assert.deepEqual(edges.errors, []);
  assert.deepEqual(edges.scenario.models, ['gpt-4o']);
  assert.equal(edges.scenario.cacheTtl, '1h');
  assert.equal(edges.scenario.batchShare, 1);
  // Consistent traffic is fine.
  assert.deepEqual(validateScenario({ requestsPerDay: 1000, activeUsers: 100, requestsPerUserPerDay: 10 }).errors, []);
});

test('flags over a scenario file: only the fields given replace the file', () => {
  const base = scenario({ requestsPerDay: 10, outputTokens: 50, caching: false });
  assert.deepEqual(mergeScenario(base, { requestsPerDay: 100, outputTokens: undefined }), { ...base, requestsPerDay: 100 });
});

test('every bound of a scenario: the bound itself is accepted, one past it is refused with the bound in words', () => {
  // The bounds written out in full, so a change to any of them (or to its words) shows here.
  const bounds: [keyof Scenario, number, string][] = [
    ['requestsPerDay', 1e12, '1,000,000,000,000 (a trillion requests a day)'],
    ['activeUsers', 1e10, '10,000,000,000 (ten billion users)'],
    ['requestsPerUserPerDay', 1e6, '1,000,000 (a million requests per user a day)'],
    ['outputTokens', 1e7, "10,000,000 (ten million tokens, past every model's output limit)"],
    ['reasoningTokens', 1e7, "10,000,000 (ten million tokens, past every model's output limit)"],
    ['maxExamples', 1e4, '10,000 (ten thousand examples)'],
    ['conversationTurns', 1e4, '10,000 (ten thousand turns)'],
    ['pricePerUserPerMonth', 1e9, '1,000,000,000 (a billion USD)'],
    ['budgetPerRequest', 1e9, '1,000,000,000 (a billion USD)'],
  ];
  for (const [field, max, words] of bounds) {
    const atBound = validateScenario({ [field]: max }, 'plan.json');
    assert.deepEqual(atBound.errors, [], field);
    assert.equal(atBound.scenario[field], max, field);
    const past = validateScenario({ [field]: max + 1 }, 'plan.json');
    assert.deepEqual(past.errors, [{ field, message: `plan.json: "${field}" must be at most ${words}, got ${max + 1}` }], field);
    assert.equal(past.scenario[field], DEFAULT_SCENARIO[field], field);
  }
});

test('scenario models: at most 100 names of at most 200 characters; a ttl, a file that is not an object or not JSON, traffic that disagrees', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `model-${i}`);
  assert.deepEqual(validateScenario({ models: names(100) }).errors, []);
  assert.deepEqual(validateScenario({ models: names(101) }, 'plan.json').errors, [
    { field: 'models', message: `plan.json: "models" must list at most 100 models, got ${JSON.stringify(names(101))}` },
  ]);
  assert.deepEqual(validateScenario({ models: ['m'.repeat(200)] }).errors, []);
  // One name too long among short ones is enough.
  assert.deepEqual(
    validateScenario({ models: ['gpt-4o', 'm'.repeat(201)] }).errors.map((e) => e.field),
    ['models'],
  );
  // An empty list, or a name that is not a string, is no list of models.
  for (const models of [[], [1], ['gpt-4o', null]]) {
    assert.deepEqual(validateScenario({ models }, 'plan.json').errors, [
      { field: 'models', message: `plan.json: "models" must be a non-empty list of model names, got ${JSON.stringify(models)}` },
    ]);
  }
  // Money: zero is a value; an infinite amount is no amount (JSON writes it as null).
  assert.deepEqual(validateScenario({ budgetPerRequest: 0, pricePerUserPerMonth: 0 }).errors, []);
  assert.equal(validateScenario({ budgetPerRequest: 0 }).scenario.budgetPerRequest, 0);
  assert.deepEqual(validateScenario({ budgetPerRequest: Number.POSITIVE_INFINITY }, 'plan.json').errors, [
    { field: 'budgetPerRequest', message: 'plan.json: "budgetPerRequest" must be an amount in USD >= 0, got null' },
  ]);
  assert.deepEqual(validateScenario({ models: ['m'.repeat(201)] }, 'plan.json').errors, [
    { field: 'models', message: `plan.json: "models" must hold model names of at most 200 characters, got ["${'m'.repeat(201)}"]` },
  ]);
  assert.deepEqual(validateScenario({ cacheTtl: '10m' }, 'plan.json').errors, [
    { field: 'cacheTtl', message: 'plan.json: "cacheTtl" must be "auto", "5m" or "1h", got "10m"' },
  ]);
  assert.deepEqual(validateScenario({ cacheTtl: '5m' }).scenario.cacheTtl, '5m');
  assert.deepEqual(validateScenario({ caching: false }).scenario.caching, false);
  for (const data of [null, [1], 'text', 3]) {
    const result = validateScenario(data, 'plan.json');
    assert.deepEqual(result.errors, [{ field: null, message: 'plan.json: expected a JSON object such as {"requestsPerDay": 5000, "models": ["gpt-4o"]}' }]);
    assert.deepEqual(result.scenario, DEFAULT_SCENARIO);
  }
  assert.equal(validateScenario({}).errors.length, 0);
  const unknown = validateScenario({ requestPerDay: 5 }, 'plan.json');
  assert.deepEqual(unknown.warnings, [
    {
      field: 'requestPerDay',
      message:
        'plan.json: unknown field "requestPerDay" ignored (known: models, requestsPerDay, activeUsers, requestsPerUserPerDay, outputTokens, reasoningTokens, cacheHitRate, cacheTtl, caching, batchShare, shorten, maxExamples, pricePerUserPerMonth, budgetPerRequest, conversationTurns)',
    },
  ]);
  assert.deepEqual(validateScenario({ requestsPerDay: 999, activeUsers: 100, requestsPerUserPerDay: 10 }, 'plan.json').errors, [
    {
      field: 'requestsPerDay',
      message: 'plan.json: "requestsPerDay" (999) disagrees with activeUsers x requestsPerUserPerDay (100 x 10 = 1000); give one or the other',
    },
  ]);
  // Two of the three are no disagreement.
  assert.deepEqual(validateScenario({ requestsPerDay: 999, activeUsers: 100 }).errors, []);
  assert.deepEqual(validateScenario({ requestsPerDay: 999, requestsPerUserPerDay: 10 }).errors, []);
  const notJson = parseScenarioText('{ "requestsPerDay": ', 'plan.json');
  assert.equal(notJson.errors.length, 1);
  assert.match(notJson.errors[0]!.message, /^plan\.json: not valid JSON \(.+\)$/);
  assert.deepEqual(notJson.scenario, DEFAULT_SCENARIO);
  assert.deepEqual(notJson.warnings, []);
  // Without a file name, messages say "scenario".
  assert.deepEqual(validateScenario(null).errors, [
    { field: null, message: 'scenario: expected a JSON object such as {"requestsPerDay": 5000, "models": ["gpt-4o"]}' },
  ]);
  assert.deepEqual(parseScenarioText('{"requestsPerDay": 5000}', 'plan.json').scenario.requestsPerDay, 5000);
});

test('trimming few-shot examples is suggested when the scenario keeps a number of them; without a counter, no suggestion at all', async () => {
  const count = (text: string) => text.split(/\s+/).filter(Boolean).length;
  const examples = { ...profile(2000), messages: [{ role: 'system', text: 'Example 1: one two\n\nExample 2: three four\n\nAnswer now.' }] };
  const fields = { outputTokens: 100, caching: false, requestsPerDay: 10 };
  const plan = planRequest(examples, 'gpt-4o', scenario({ ...fields, maxExamples: 1 }), { ...(await context()), count }) as KnownModelPlan;
  // Keeping one example drops "Example 2: three four": 4 of 10 words, so 800 of the 2,000 input tokens at $2.50 per million, 300 requests a month.
  const trim = plan.potentialSavings.shortening.find((s) => s.kind === 'trim-examples')!;
  assert.equal(trim.tokensSaved, 4);
  assert.equal(trim.description, 'Keep the first 1 few-shot example');
  close(trim.perMonth, ((800 * 2.5) / 1e6) * 10 * 30);
  const noCounter = planRequest(examples, 'gpt-4o', scenario({ ...fields, maxExamples: 1 }), await context()) as KnownModelPlan;
  assert.deepEqual(noCounter.potentialSavings.shortening, []);
});

test('reasoning tokens count against the context window with the output (o3: 200,000 tokens)', async () => {
  const plan = planRequest(profile(150_000), 'o3', scenario({ outputTokens: 10_000, reasoningTokens: 45_000 }), await context()) as KnownModelPlan;
  assert.equal(plan.fit.contextWindow, 200_000);
  assert.equal(plan.fit.fitsContext, false);
  assert.deepEqual(plan.fit.problems, ['input 150000 + output 55000 tokens exceed the 200000-token context window']);
});

test('the cheapest model is the cheapest that fits the prompt; none when no model does', async () => {
  // 150,000 input tokens: past gpt-4o-mini's 128,000-token window, within gpt-4.1's.
  const both = scenario({ models: ['gpt-4o-mini', 'gpt-4.1'], outputTokens: 100 });
  assert.equal(planComparison(profile(150_000), both, await context()).cheapestModel, 'gpt-4.1');
  // 2,000,000 tokens fit neither.
  assert.equal(planComparison(profile(2_000_000), both, await context()).cheapestModel, null);
});

test('batch on Claude with an online hit rate below the middle of the best-effort range: the batch keeps the online rate', async () => {
  const plan = planRequest(
    profile(3000, 2048),
    'claude-sonnet-4-5',
    scenario({ batchShare: 0.5, cacheHitRate: 0.5, outputTokens: 100 }),
    await context(),
  ) as KnownModelPlan;
  const batch = plan.assumptions.find((a) => a.startsWith('Cache hits inside a batch are best effort'));
  assert.ok(batch, plan.assumptions.join('\n'));
  assert.match(batch, /\(30-98% per .+\): batch requests priced at a 50% hit rate\.$/);
});

test('tools widen the token band of an estimated model at both ends', async () => {
  const tools = billed({ toolCount: 1, openAiToolTokens: { o200k_base: 60 }, toolJsonTokens: { o200k_base: 50 } });
  const plain = planRequest(profile(1000), 'claude-sonnet-4-5', scenario({ outputTokens: 100 }), await context()) as KnownModelPlan;
  const withTools = planRequest(profile(1000, 0, { billed: tools }), 'claude-sonnet-4-5', scenario({ outputTokens: 100 }), await context()) as KnownModelPlan;
  assert.equal(plain.tokensExact, false);
  assert.ok(withTools.inputTokensRange.low > plain.inputTokensRange.low, `${withTools.inputTokensRange.low} > ${plain.inputTokensRange.low}`);
  assert.ok(withTools.inputTokensRange.high > plain.inputTokensRange.high, `${withTools.inputTokensRange.high} > ${plain.inputTokensRange.high}`);
  assert.ok(withTools.inputTokens > plain.inputTokens);
});

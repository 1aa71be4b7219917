// Defaults a user never typed, edges a user can hit, and how dollars read: each pinned with figures
// worked out here from published prices (gpt-4o $2.50 / $10, gpt-4 $30 / $60, gpt-3.5-turbo
// $0.50 / $1.50) and token counts from tiktoken, the reference tokenizer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import { priceBookOf } from '../src/core/pricing';
import { DEFAULT_SCENARIO, planComparison, planRequest, resolveVolume, validateScenario, type KnownModelPlan, type Scenario } from '../src/core/cost';
import { encodingsForPlan, formatUsd, parsePromptFile, planReport, profileRequests, type Counters } from '../src/core';
import { loadCounter as loadTokenCounter } from '../src/node/counters';
import { AT, catalog, close, profile } from './support/pricing';

const scenario = (fields: Partial<Scenario>): Scenario => ({ ...DEFAULT_SCENARIO, ...fields });

async function plan(model: string, fields: Partial<Scenario>, input: number, extra: Parameters<typeof profile>[2] = {}): Promise<KnownModelPlan> {
  const result = planRequest(profile(input, 0, extra), model, scenario(fields), { prices: priceBookOf(await catalog()), at: AT });
  assert.ok(result.known, model);
  return result;
}

test('the default scenario: 1,000 requests a day and 500 output tokens, both shown as assumptions', async () => {
  assert.deepEqual(DEFAULT_SCENARIO, {
    models: null,
    requestsPerDay: null,
    activeUsers: null,
    requestsPerUserPerDay: null,
    outputTokens: null,
    reasoningTokens: null,
    cacheHitRate: null,
    cacheTtl: 'auto',
    caching: true,
    batchShare: 0,
    shorten: 0,
    maxExamples: null,
    pricePerUserPerMonth: null,
    budgetPerRequest: null,
    conversationTurns: null,
  });
  assert.deepEqual(validateScenario({}).scenario, DEFAULT_SCENARIO);
  assert.deepEqual(resolveVolume(DEFAULT_SCENARIO), { requestsPerDay: 1000, activeUsers: null, basis: 'default' });
  const result = await plan('gpt-4o', {}, 1000);
  assert.equal(result.outputTokens, 500);
  assert.equal(result.volume.requestsPerDay, 1000);
  close(result.costPerRequest, (1000 * 2.5 + 500 * 10) / 1e6);
  close(result.costPerDay, 7.5);
  close(result.costPerMonth, 225);
  assert.equal(result.costPerActiveUserPerMonth, null);
  assert.deepEqual(result.assumptions, [
    '500 output tokens per request (nothing set; a default). Set an expected output for a closer figure.',
    '1000 requests a day (no volume given).',
  ]);
});

test("the file's output limit stands in for the output when the scenario gives none, and the scenario's wins over it", async () => {
  const limited = await plan('gpt-4o', {}, 1000, { declaredMaxOutputTokens: 250 });
  assert.equal(limited.outputTokens, 250);
  close(limited.costPerRequest, (1000 * 2.5 + 250 * 10) / 1e6);
  assert.match(limited.assumptions[0], /^250 output tokens per request: the file's output limit, an upper bound/);
  const set = await plan('gpt-4o', { outputTokens: 80 }, 1000, { declaredMaxOutputTokens: 250 });
  assert.equal(set.outputTokens, 80);
  assert.equal(set.assumptions[0], '80 output tokens per request (expected output set by you).');
});

test('traffic from users: active users x requests each, and the cost per user', async () => {
  const result = await plan('gpt-4o', { activeUsers: 40, requestsPerUserPerDay: 5, outputTokens: 100, pricePerUserPerMonth: 2 }, 1000);
  assert.deepEqual(result.volume, { requestsPerDay: 200, activeUsers: 40, basis: 'users' });
  const perRequest = (1000 * 2.5 + 100 * 10) / 1e6;
  close(result.costPerMonth, perRequest * 200 * 30);
  close(result.costPerActiveUserPerMonth!, (perRequest * 200 * 30) / 40);
  close(result.margin!.marginPerUserPerMonth, 2 - (perRequest * 200 * 30) / 40);
  close(result.margin!.marginShare, (2 - 0.525) / 2);
  assert.ok(!result.assumptions.some((a) => /requests a day/.test(a)), 'no default-volume assumption');
});

test('the context window is a limit one can reach: input + output equal to it fits, one token more does not (gpt-4o: 128,000)', async () => {
  const exactly = await plan('gpt-4o', { outputTokens: 100 }, 127_900);
  assert.equal(exactly.fit.contextWindow, 128_000);
  assert.equal(exactly.fit.fitsContext, true);
  assert.deepEqual(exactly.fit.problems, []);
  const over = await plan('gpt-4o', { outputTokens: 100 }, 127_901);
  assert.equal(over.fit.fitsContext, false);
  assert.deepEqual(over.fit.problems, ['input 127901 + output 100 tokens exceed the 128000-token context window']);
  // The output limit likewise: 16,384 fits, 16,385 does not.
  assert.equal((await plan('gpt-4o', { outputTokens: 16_384 }, 1000)).fit.fitsOutput, true);
  const long = await plan('gpt-4o', { outputTokens: 16_385 }, 1000);
  assert.equal(long.fit.fitsOutput, false);
  assert.deepEqual(long.fit.problems, ["output 16385 tokens exceed the model's 16384-token output limit"]);
});

// gpt-4 and gpt-3.5-turbo, the cl100k_base models, shut down on 2026-10-23 (pricing/price-overrides.json):
// the tests that need them price the month before.
const BEFORE_CL100K_SHUTDOWN = new Date('2026-10-01T12:00:00Z');

test('a model that does not fit is never the cheapest', async () => {
  const comparison = planComparison(profile(10_000), scenario({ models: ['gpt-4', 'gpt-4o'], outputTokens: 100, caching: false }), {
    prices: priceBookOf(await catalog()),
    at: BEFORE_CL100K_SHUTDOWN,
  });
  // gpt-4's 8,192-token window cannot hold 10,100 tokens; gpt-4o is dearer than nothing else here.
  const [gpt4, gpt4o] = comparison.plans;
  assert.ok(gpt4.known && gpt4o.known);
  assert.equal(gpt4.fit.fitsContext, false);
  assert.equal(comparison.cheapestModel, 'gpt-4o');
});

test("two models at the same price: the cheapest is the one listed first (the user's order decides a tie)", async () => {
  // gpt-4o on OpenAI and on Azure: both $2.50 / $10 in the catalogue, so the same cost for the same request.
  const prices = priceBookOf(await catalog());
  for (const models of [
    ['openai/gpt-4o', 'azure/gpt-4o'],
    ['azure/gpt-4o', 'openai/gpt-4o'],
  ]) {
    const comparison = planComparison(profile(1000), scenario({ models, outputTokens: 100, caching: false }), { prices, at: AT });
    const [first, second] = comparison.plans;
    assert.ok(first?.known && second?.known);
    close(first.costPerRequest, (1000 * 2.5 + 100 * 10) / 1e6);
    close(second.costPerRequest, first.costPerRequest);
    assert.equal(comparison.cheapestModel, models[0]);
  }
});

test("the price's own assumptions reach the plan: a reviewed override is said where the figure is shown", async () => {
  // pricing/price-overrides.json "mistral-large-latest": the alias now means Mistral Large 3 at $0.50 / $1.50.
  // Mistral's tokens are estimated as o200k_base x1.1 (the generic family of pricing/tokenizers.json): 1,100 input tokens.
  const mistral = await plan('mistral-large-latest', { outputTokens: 100 }, 1000);
  assert.equal(mistral.inputTokens, 1100);
  close(mistral.costPerRequest, (1100 * 0.5 + 100 * 1.5) / 1e6);
  assert.ok(
    mistral.assumptions.some((a) =>
      a.startsWith('Reviewed override "mistral-large-latest" (pricing/price-overrides.json): The alias mistral-large-latest now points to Mistral Large 3'),
    ),
  );
});

const CHAT = {
  system: 'You are a careful assistant. Answer in two sentences.',
  user: 'Explain the tides of the océano Atlántico    in 2 lines.',
};

test('gpt-4 and gpt-3.5-turbo are priced on exact cl100k_base counts with the chat framing: 3 per message plus its role, 3 for the reply', async () => {
  const file = (await parsePromptFile(
    'legacy.json',
    JSON.stringify({
      model: 'gpt-4',
      messages: [
        { role: 'system', content: CHAT.system },
        { role: 'user', content: CHAT.user },
      ],
    }),
  ))!;
  const cl100k = get_encoding('cl100k_base');
  const o200k = get_encoding('o200k_base');
  // Each message: its text, 3 tokens of framing and its role ('system', 'user'); 3 to prime the reply.
  const roles = (encoding: typeof cl100k) => encoding.encode_ordinary('system').length + encoding.encode_ordinary('user').length;
  const input = cl100k.encode_ordinary(CHAT.system).length + cl100k.encode_ordinary(CHAT.user).length + 3 * 2 + roles(cl100k) + 3;
  const inputO200k = o200k.encode_ordinary(CHAT.system).length + o200k.encode_ordinary(CHAT.user).length + 3 * 2 + roles(o200k) + 3;
  cl100k.free();
  o200k.free();
  assert.notEqual(input, inputO200k, 'the two encodings differ on this text, so the test tells them apart');

  // The CLI's path: the encodings are decided from the models before counting.
  const models = ['gpt-3.5-turbo', 'gpt-4o'];
  const setupScenario = scenario({ models, outputTokens: 100, caching: false, requestsPerDay: 10 });
  assert.deepEqual(encodingsForPlan([file], setupScenario), ['o200k_base', 'cl100k_base']);
  const counters: Counters = { o200k_base: await loadTokenCounter('o200k_base'), cl100k_base: await loadTokenCounter('cl100k_base') };
  const report = planReport([file], {
    prices: priceBookOf(await catalog()),
    scenario: setupScenario,
    counters,
    maxRequests: 5,
    batchShareChosen: false,
    at: BEFORE_CL100K_SHUTDOWN,
  });
  const plans = report.files[0].requests[0].comparison.plans;
  const byModel = new Map(plans.map((p) => [p.requestedAs, p]));
  const gpt4 = byModel.get('gpt-4') as KnownModelPlan;
  const gpt35 = byModel.get('gpt-3.5-turbo') as KnownModelPlan;
  const gpt4o = byModel.get('gpt-4o') as KnownModelPlan;
  assert.equal(gpt4.tokensExact, true);
  assert.equal(gpt4.inputTokens, input);
  close(gpt4.costPerRequest, (input * 30 + 100 * 60) / 1e6);
  close(gpt4.costPerMonth, ((input * 30 + 100 * 60) / 1e6) * 10 * 30);
  assert.equal(gpt35.inputTokens, input);
  close(gpt35.costPerRequest, (input * 0.5 + 100 * 1.5) / 1e6);
  assert.equal(gpt4o.inputTokens, inputO200k);
  close(gpt4o.costPerRequest, (inputO200k * 2.5 + 100 * 10) / 1e6);
  // And the profile itself, as the scan sees it.
  const [requestProfile] = profileRequests(file, counters);
  assert.deepEqual(requestProfile.inputTokens, { o200k_base: inputO200k, cl100k_base: input });
});

test('dollars read with three significant digits under $1, cents from $1, whole dollars from $1,000; unknown is never $0', () => {
  assert.equal(formatUsd(0.0077275), '$0.00773');
  assert.equal(formatUsd(0.000313125), '$0.000313');
  assert.equal(formatUsd(0.1), '$0.100');
  assert.equal(formatUsd(0.999), '$0.999');
  assert.equal(formatUsd(1), '$1.00');
  assert.equal(formatUsd(12.4), '$12.40');
  assert.equal(formatUsd(999.994), '$999.99');
  assert.equal(formatUsd(1000), '$1,000');
  assert.equal(formatUsd(2318.25), '$2,318');
  assert.equal(formatUsd(1234567.8), '$1,234,568');
  assert.equal(formatUsd(0), '$0');
  assert.equal(formatUsd(null), 'price unknown');
  assert.equal(formatUsd(undefined), 'price unknown');
  assert.equal(formatUsd(Number.NaN), 'price unknown');
  assert.equal(formatUsd(Number.POSITIVE_INFINITY), 'price unknown');
});

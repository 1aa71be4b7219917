// Scenarios, volume, shortening, conversations and model comparison, with hand-worked dollars.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupModel, priceBookOf } from '../src/core/pricing';
import { batchRuleFor, cachingRuleFor } from '../src/core/pricing/providerRules';
import { loadCounter as loadTokenCounter } from '../src/node/counters';
import {
  DEFAULT_SCENARIO,
  analyseShortening,
  collapseWhitespace,
  parseScenarioText,
  planComparison,
  planRequest,
  removeDuplicateLines,
  simulateConversation,
  stripMarkdown,
  trimExamples,
  unitEconomics,
  validateScenario,
  type KnownModelPlan,
  type Scenario,
} from '../src/core/cost';
import { AT, catalog, close, profile } from './support/pricing';

const scenario = (fields: Partial<Scenario>): Scenario => ({ ...DEFAULT_SCENARIO, ...fields });

test('scenario files are validated with clear messages, bad fields left at defaults', () => {
  const good = parseScenarioText(
    JSON.stringify({ models: ['gpt-4o'], activeUsers: 200, requestsPerUserPerDay: 5, cacheHitRate: 0.6, batchShare: 0.3 }),
    'plan.json',
  );
  assert.deepEqual(good.errors, []);
  assert.equal(good.scenario.cacheHitRate, 0.6);
  const bad = validateScenario({ batchShare: 30, cacheTtl: '2h', models: 'gpt-4o', requestPerDay: 5 }, 'plan.json');
  assert.deepEqual(bad.errors.map((e) => e.field).sort(), ['batchShare', 'cacheTtl', 'models']);
  assert.match(bad.errors.find((e) => e.field === 'batchShare')!.message, /plan.json: "batchShare" must be a share between 0 and 1 \(0.3 = 30%\), got 30/);
  assert.equal(bad.scenario.batchShare, 0);
  assert.match(bad.warnings[0].message, /unknown field "requestPerDay"/);
  const inconsistent = validateScenario({ requestsPerDay: 5000, activeUsers: 100, requestsPerUserPerDay: 10 });
  assert.match(inconsistent.errors[0].message, /disagrees with activeUsers x requestsPerUserPerDay \(100 x 10 = 1000\)/);
  assert.match(parseScenarioText('{', 'plan.json').errors[0].message, /plan.json: not valid JSON/);
  assert.match(validateScenario([]).errors[0].message, /expected a JSON object/);
});

test('unit economics: per 1k, per day, per month (30 days), per active user, margin', () => {
  const economics = unitEconomics(0.002, { requestsPerDay: 5000, activeUsers: 250, basis: 'scenario' }, 3);
  close(economics.costPer1kRequests, 0.002 * 1000);
  close(economics.costPerDay, 0.002 * 5000);
  close(economics.costPerMonth, 0.002 * 5000 * 30);
  close(economics.costPerActiveUserPerMonth!, (0.002 * 5000 * 30) / 250);
  close(economics.margin!.marginPerUserPerMonth, 3 - (0.002 * 5000 * 30) / 250);
  close(economics.margin!.marginShare, (3 - 1.2) / 3);
  assert.equal(unitEconomics(0.002, { requestsPerDay: 10, activeUsers: null, basis: 'default' }, 3).costPerActiveUserPerMonth, null);
});

test('a plan composes caching, batch and shortening, and reports what each saves per month', async () => {
  // gpt-4o, 4000 input of which 2048 static, 100% cache hits, half the traffic batched, prompt 25% shorter.
  const plan = planRequest(
    profile(4000, 2048),
    'gpt-4o',
    scenario({ outputTokens: 400, activeUsers: 100, requestsPerUserPerDay: 20, cacheHitRate: 1, batchShare: 0.5, shorten: 0.25 }),
    { prices: priceBookOf(await catalog()), at: AT },
  ) as KnownModelPlan;
  const list = (4000 * 2.5 + 400 * 10) / 1e6;
  const cached = (1952 * 2.5 + 2048 * 1.25 + 400 * 10) / 1e6;
  const mixed = 0.5 * cached + 0.5 * cached * 0.5;
  // Shorter: 3000 input, 1536 static (1536 = 12 x 128, cacheable in full).
  const shortCached = (1464 * 2.5 + 1536 * 1.25 + 400 * 10) / 1e6;
  const shortMixed = 0.5 * shortCached + 0.5 * shortCached * 0.5;
  const month = 100 * 20 * 30;
  close(plan.listCostPerRequest, list);
  close(plan.costPerRequest, shortMixed);
  close(plan.costPer1kRequests, shortMixed * 1000);
  close(plan.costPerMonth, shortMixed * month);
  close(plan.costPerActiveUserPerMonth!, (shortMixed * month) / 100);
  close(plan.savings.caching, (list - cached) * month);
  close(plan.savings.batch, (cached - mixed) * month);
  close(plan.savings.shortening, (mixed - shortMixed) * month);
  close(plan.potentialSavings.batchAllTraffic!, (shortCached - shortCached * 0.5) * month);
  assert.deepEqual(plan.prices, {
    inputPerMTok: 2.5,
    outputPerMTok: 10,
    cacheReadPerMTok: 1.25,
    cacheWritePerMTok: null,
    cacheWrite1hPerMTok: null,
    longContext: null,
    source: plan.prices.source,
    asOf: '2026-09-23',
  });
});

test('budget per request flags a plan over it', async () => {
  const ctx = { prices: priceBookOf(await catalog()), at: AT };
  const cost = (1000 * 2.5 + 100 * 10) / 1e6;
  assert.equal((planRequest(profile(1000), 'gpt-4o', scenario({ outputTokens: 100, budgetPerRequest: cost * 0.99 }), ctx) as KnownModelPlan).overBudget, true);
  assert.equal((planRequest(profile(1000), 'gpt-4o', scenario({ outputTokens: 100, budgetPerRequest: cost * 1.01 }), ctx) as KnownModelPlan).overBudget, false);
});

test('model swap: the same prompt on each model, with the saving versus the current model and fit flags', async () => {
  const declared = profile(1000, 0, { declaredModel: 'gpt-4o', declaredMaxOutputTokens: 20_000 });
  const comparison = planComparison(
    declared,
    scenario({ models: ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'mystery-model'], requestsPerDay: 100, caching: false }),
    { prices: priceBookOf(await catalog()), at: AT },
  );
  assert.equal(comparison.currentModel, 'gpt-4o');
  const [gpt, mini, sonnet, unknown] = comparison.plans;
  const month = 100 * 30;
  const gptCost = (1000 * 2.5 + 20_000 * 10) / 1e6;
  const miniCost = (1000 * 0.15 + 20_000 * 0.6) / 1e6;
  const sonnetCost = (1150 * 3 + 20_000 * 15) / 1e6;
  assert.ok(gpt.known && mini.known && sonnet.known);
  close(gpt.costPerMonth, gptCost * month);
  close(mini.savingVsCurrentPerMonth!, (gptCost - miniCost) * month);
  close(sonnet.savingVsCurrentPerMonth!, (gptCost - sonnetCost) * month);
  // The file asks for 20,000 output tokens: over gpt-4o's 16,384 limit, within Sonnet 4.5's 64,000.
  assert.equal(gpt.fit.fitsOutput, false);
  assert.match(gpt.fit.problems[0], /16384-token output limit/);
  assert.equal(sonnet.fit.fitsOutput, true);
  assert.equal(unknown.known, false);
  assert.equal(unknown.savingVsCurrentPerMonth, null);
  // gpt-4o-mini has the same 16,384 limit, so the cheapest model that fits is Sonnet.
  assert.equal(comparison.cheapestModel, 'claude-sonnet-4-5');
  assert.equal(comparison.asOf, '2026-09-23');
});

test('a prompt larger than the context window is flagged', async () => {
  const plan = planRequest(profile(130_000), 'gpt-4o', scenario({ outputTokens: 100 }), { prices: priceBookOf(await catalog()), at: AT }) as KnownModelPlan;
  assert.equal(plan.fit.fitsContext, false);
  assert.match(plan.fit.problems[0], /exceed the 128000-token context window/);
});

test('conversation: history resent each turn, cached where the provider caches it (gpt-4o, 3 turns)', async () => {
  const lookup = lookupModel(await catalog(), 'gpt-4o', { at: AT });
  assert.ok(lookup.known);
  const rules = { caching: cachingRuleFor('openai', 'gpt-4o'), batch: batchRuleFor('openai') };
  const plan = simulateConversation(
    { fixedTokens: 2000, perTurnUserTokens: 100, outputTokensPerTurn: 200, reasoningTokensPerTurn: 0, turns: 3 },
    lookup.pricing,
    rules,
    { enabled: true, firstTurnHitRate: 0 },
  );
  // Inputs: 2000 + 100 = 2100; 2100 + 200 + 100 = 2400; 2700. Cacheable in 128-token steps: 2048, 2304, 2688.
  assert.deepEqual(
    plan.perTurn.map((t) => t.inputTokens),
    [2100, 2400, 2700],
  );
  const turn1 = (2100 * 2.5 + 200 * 10) / 1e6;
  const turn2 = ((2400 - 2048) * 2.5 + 2048 * 1.25 + 200 * 10) / 1e6;
  const turn3 = ((2700 - 2304) * 2.5 + 2304 * 1.25 + 200 * 10) / 1e6;
  close(plan.costPerConversation, turn1 + turn2 + turn3);
  close(plan.costPerConversationWithoutCaching, ((2100 + 2400 + 2700) * 2.5 + 3 * 200 * 10) / 1e6);
});

test('conversation on Claude: each turn writes the new history at $3.75 and reads the old at $0.30', async () => {
  const lookup = lookupModel(await catalog(), 'claude-sonnet-4-5', { at: AT });
  assert.ok(lookup.known);
  const rules = { caching: cachingRuleFor('anthropic', 'claude-sonnet-4-5'), batch: null };
  const plan = simulateConversation(
    { fixedTokens: 1500, perTurnUserTokens: 100, outputTokensPerTurn: 300, reasoningTokensPerTurn: 0, turns: 2 },
    lookup.pricing,
    rules,
    { enabled: true, firstTurnHitRate: 1 },
  );
  // Turn 1: 1600 input, fixed 1500 read, 100 written. Turn 2: 2000 input, 1600 read, 400 written.
  const turn1 = (1500 * 0.3 + 100 * 3.75 + 300 * 15) / 1e6;
  const turn2 = (1600 * 0.3 + 400 * 3.75 + 300 * 15) / 1e6;
  close(plan.costPerConversation, turn1 + turn2);
  assert.equal(plan.cachingApplies, true);
});

test('shortening edits: whitespace, markdown, duplicate lines, few-shot examples', () => {
  assert.equal(collapseWhitespace('a    b  \n\n\n\nc\n    indented'), 'a b\n\nc\n    indented');
  assert.equal(collapseWhitespace('```\nx    y\n```'), '```\nx    y\n```');
  assert.equal(stripMarkdown('## Rules\n**Be** brief, *very* brief.\n---\n| a | b |\n|---|---|\n* item'), 'Rules\nBe brief, very brief.\n| a | b |\n* item');
  const deduped = removeDuplicateLines([
    { role: 'system', text: 'Always answer in English please.\n}\n}' },
    { role: 'user', text: 'Always answer in English please.\nQuestion?' },
  ]);
  assert.deepEqual(
    deduped.map((m) => m.text),
    ['Always answer in English please.\n}\n}', 'Question?'],
  );
  const examples = trimExamples([{ role: 'system', text: 'Classify.\n<example>one</example>\n<example>two</example>\n<example>three</example>\nNow go.' }], 1);
  assert.equal(examples[0].text, 'Classify.\n<example>one</example>\nNow go.');
  const headed = trimExamples([{ role: 'system', text: 'Intro\n\nExample 1:\nInput: a\nOutput: b\n\nExample 2:\nInput: c\nOutput: d\n\nAnswer now.' }], 1);
  assert.equal(headed[0].text, 'Intro\n\nExample 1:\nInput: a\nOutput: b\n\nAnswer now.');
  const pairs = trimExamples(
    [
      { role: 'system', text: 'S' },
      { role: 'user', text: 'q1' },
      { role: 'assistant', text: 'a1' },
      { role: 'user', text: 'q2' },
      { role: 'assistant', text: 'a2' },
      { role: 'user', text: 'real' },
    ],
    1,
  );
  assert.deepEqual(
    pairs.map((m) => m.text),
    ['S', 'q1', 'a1', 'real'],
  );
});

test('shortening reports the tokens each edit saves, counted with the real tokenizer', async () => {
  const counter = await loadTokenCounter('o200k_base');
  const messages = [{ role: 'system', text: '# Role\n\n\n\nYou are **very** helpful.    Be   brief.\nYou are **very** helpful.    Be   brief.' }];
  const report = analyseShortening(messages, (t) => counter.count(t), { maxExamples: null });
  assert.equal(report.tokensBefore, counter.count(messages[0].text));
  const byKind = Object.fromEntries(report.transforms.map((t) => [t.kind, t.tokensSaved]));
  assert.equal(byKind['collapse-whitespace'], report.tokensBefore - counter.count(collapseWhitespace(messages[0].text)));
  assert.equal(byKind['strip-markdown'], report.tokensBefore - counter.count(stripMarkdown(messages[0].text)));
  assert.ok(byKind['remove-duplicate-lines'] > 0);
  assert.ok(report.combined.tokensSaved >= Math.max(...Object.values(byKind)));
  assert.equal(
    report.transforms.some((t) => t.kind === 'trim-examples'),
    false,
  );
});

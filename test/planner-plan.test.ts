// The planner's figures in plain Node: the webview's price book gives what the full catalogue gives,
// a workspace sums its prompts by traffic share, and the chart data and exports agree with the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupModel, priceBookOf } from '../src/core/pricing';
import { analyseShortening, parseScenarioText, planComparison, validateScenario, DEFAULT_SCENARIO, type RequestProfile, type Scenario } from '../src/core/cost';
import { catalogueModels } from '../src/core/planner/plannerData';
import { shorteningOptionsFor, countFromTable } from '../src/core/planner/shorteningOptions';
import { CURRENT_MIX, evaluate, planReportOf, preparePlanner } from '../src/core/planner/evaluate';
import { initialState, plannerReducer, type PlannerAction } from '../src/core/planner/state';
import { costByHitRate, costByTraffic, monthlyCostByPart, savingsWaterfall, HIT_RATES, TRAFFIC_POINTS } from '../src/core/planner/charts';
import { sortRows } from '../src/core/planner/table';
import { exportCsv, scenarioFileText, scenarioToSave } from '../src/core/planner/exports';
import type { PlannerData, PlannerPrompt, ResolvedPrice } from '../src/core/planner/protocol';
import { loadCounters } from '../src/node/counters';
import { AT, catalog, close, profile } from './support/pricing';

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'gemini-2.5-flash', 'acme/no-such-model'];

async function plannerData(prompts: { profile: RequestProfile; format?: string }[], models = MODELS): Promise<PlannerData> {
  const cat = await catalog();
  const names = new Set([...models, ...prompts.flatMap((p) => (p.profile.declaredModel ? [p.profile.declaredModel] : []))]);
  const resolved: ResolvedPrice[] = [...names].map((written) => {
    const lookup = lookupModel(cat, written, { at: AT });
    return lookup.known ? { written, known: true, pricing: lookup.pricing } : { written, known: false, reason: lookup.reason };
  });
  return {
    target: { kind: 'workspace' },
    title: 'test',
    dataSource: cat.dataSource,
    asOf: cat.asOf,
    defaultModels: models,
    catalogue: catalogueModels(cat, AT),
    resolved,
    prompts: prompts.map((p, i): PlannerPrompt => ({
      id: `p${i}`,
      path: `f${i}`,
      format: (p.format ?? 'prompty') as PlannerPrompt['format'],
      label: `f${i}`,
      profile: { ...p.profile, label: `f${i}` },
      shortening: null,
      diagnostics: [],
      omittedRequests: 0,
    })),
    warnings: [],
  };
}

function stateFor(data: PlannerData, scenario: Partial<Scenario> = {}, ...actions: PlannerAction[]) {
  const init = plannerReducer(initialState(), {
    type: 'init',
    target: data.target,
    defaultModels: data.defaultModels,
    promptIds: data.prompts.map((p) => p.id),
    scenario: validateScenario({ models: MODELS, ...scenario }).scenario,
  });
  return actions.reduce(plannerReducer, init);
}

test('the webview price book prices every model exactly as the full catalogue does, and unknown models as unknown', async () => {
  const cat = await catalog();
  const p = profile(3000, 2048, { declaredModel: 'claude-sonnet-4-5', declaredMaxOutputTokens: 400 });
  const data = await plannerData([{ profile: p }]);
  const scenario = validateScenario({ models: MODELS, requestsPerDay: 20000, activeUsers: 500, pricePerUserPerMonth: 9, batchShare: 0.3 }).scenario;
  const evaluation = evaluate(preparePlanner(data), stateFor(data, scenario));
  const reference = planComparison({ ...p, label: 'f0' }, scenario, { prices: priceBookOf(cat), at: AT });
  assert.equal(evaluation.rows.length, reference.plans.length);
  for (const plan of reference.plans) {
    const row = evaluation.rows.find((r) => r.model === plan.requestedAs)!;
    assert.equal(row.known, plan.known, plan.requestedAs);
    if (!plan.known) {
      assert.equal(row.costPerMonth, null);
      assert.match(row.reason ?? '', /acme/);
      continue;
    }
    assert.equal(row.costPerRequest, plan.costPerRequest, plan.requestedAs);
    assert.equal(row.costPerMonth, plan.costPerMonth, plan.requestedAs);
    assert.equal(row.costPerActiveUserPerMonth, plan.costPerActiveUserPerMonth, plan.requestedAs);
  }
  assert.equal(evaluation.currentModel, 'claude-sonnet-4-5');
  assert.equal(evaluation.rows.find((r) => r.isCheapest)?.model, reference.cheapestModel);
});

test('the picker offers only models the CLI finds by the same provider/model name', async () => {
  const cat = await catalog();
  const models = catalogueModels(cat, AT);
  assert.ok(models.length > 500, `${models.length} models`);
  for (const m of models.filter((_, i) => i % 50 === 0)) {
    const lookup = lookupModel(cat, `${m.provider}/${m.model}`, { at: AT });
    assert.ok(lookup.known && lookup.pricing.model === m.model, `${m.provider}/${m.model}`);
  }
});

test('a workspace: each prompt gets its traffic share, the table sums them, and mixed current models get their own row', async () => {
  const cat = await catalog();
  const a = profile(2000, 1500, { declaredModel: 'gpt-4o' });
  const b = profile(800, 0, { declaredModel: 'claude-sonnet-4-5' });
  const data = await plannerData([{ profile: a }, { profile: b }]);
  const state = stateFor(data, { requestsPerDay: 10000, activeUsers: 1000, pricePerUserPerMonth: 5 }, { type: 'setShare', id: 'p0', weight: 3 });
  const evaluation = evaluate(preparePlanner(data), state);
  const part = (p: RequestProfile, requestsPerDay: number) =>
    planComparison(p, { ...evaluation.scenario, requestsPerDay, activeUsers: null, pricePerUserPerMonth: null }, { prices: priceBookOf(cat), at: AT });
  const ca = part(a, 7500);
  const cb = part(b, 2500);
  for (const model of ['gpt-4o-mini', 'gemini-2.5-flash']) {
    const expected = [ca, cb].reduce((sum, c) => sum + (c.plans.find((p) => p.requestedAs === model) as { costPerMonth: number }).costPerMonth, 0);
    const row = evaluation.rows.find((r) => r.model === model)!;
    close(row.costPerMonth!, expected, model);
    close(row.costPerActiveUserPerMonth!, expected / 1000, model);
    close(row.marginPerUser!, 5 - expected / 1000, model);
    close(row.costPerRequest!, expected / (10000 * 30), model);
  }
  const mix = evaluation.rows.find((r) => r.model === CURRENT_MIX)!;
  const current = (ca.plans[0] as { costPerMonth: number }).costPerMonth + (cb.plans[0] as { costPerMonth: number }).costPerMonth;
  assert.ok(mix.isCurrent);
  close(mix.costPerMonth!, current);
  close(
    evaluation.rows.find((r) => r.model === 'gpt-4o-mini')!.savingVsCurrentPerMonth!,
    current - evaluation.rows.find((r) => r.model === 'gpt-4o-mini')!.costPerMonth!,
  );
  const unknown = evaluation.rows.find((r) => r.model === 'acme/no-such-model')!;
  assert.equal(unknown.known, false);
  assert.equal(unknown.costPerMonth, null);
  for (const descending of [false, true])
    assert.equal(sortRows(evaluation.rows, 'costPerMonth', descending).at(-1)?.model, 'acme/no-such-model', 'unknown sorts last');
});

test('a Batch API file is priced as batch traffic unless a batch share is chosen, as the CLI does', async () => {
  const p = profile(1000, 0, { declaredModel: 'gpt-4o' });
  const data = await plannerData([{ profile: p, format: 'batch-jsonl' }]);
  const asBatch = evaluate(preparePlanner(data), stateFor(data));
  assert.equal(asBatch.prompts[0].scenario.batchShare, 1);
  const chosen = evaluate(preparePlanner(data), stateFor(data, {}, { type: 'setField', field: 'batchShare', value: 0.2 }));
  assert.equal(chosen.prompts[0].scenario.batchShare, 0.2);
});

test('chart data: parts add up to the monthly cost, the curves are the cost model at each point, the waterfall chains', async () => {
  const cat = await catalog();
  const p = profile(5000, 4500, { declaredModel: 'claude-sonnet-4-5' });
  const data = await plannerData([{ profile: p }]);
  const prepared = preparePlanner(data);
  const state = stateFor(data, { requestsPerDay: 3000, batchShare: 0.5, budgetPerRequest: 0.01, shorten: 0.1 });
  const evaluation = evaluate(prepared, state);
  const monthly = monthlyCostByPart(prepared, evaluation);
  monthly.labels.forEach((model, i) => {
    const total = monthly.series.reduce((sum, s) => sum + (s.data[i] as number), 0);
    close(total, evaluation.rows.find((r) => r.model === model)!.costPerMonth!, model);
  });
  assert.ok(!monthly.labels.includes('acme/no-such-model'));
  const hits = costByHitRate(prepared, state);
  const sonnet = hits.series.find((s) => s.label === 'claude-sonnet-4-5')!;
  HIT_RATES.forEach((h, i) => {
    const plan = planComparison({ ...p, label: 'f0' }, { ...evaluation.scenario, caching: true, cacheHitRate: h }, { prices: priceBookOf(cat), at: AT })
      .plans[0] as { costPerRequest: number };
    close(sonnet.data[i]!, plan.costPerRequest, `hit rate ${h}`);
  });
  assert.ok((hits.breakEven[hits.series.indexOf(sonnet)] ?? 0) > 0, 'cache writes cost more than input on Anthropic: break-even above 0');
  const traffic = costByTraffic(prepared, state);
  assert.deepEqual(traffic.x, TRAFFIC_POINTS);
  assert.deepEqual(traffic.series.at(-1), { label: 'Budget', data: TRAFFIC_POINTS.map((x) => 0.01 * x * 30) });
  const steps = savingsWaterfall(prepared, state, evaluation)!;
  assert.deepEqual(
    steps.map((s) => s.label),
    ['List price today', 'Caching', 'Batch', 'Shortening', 'Model swap', 'Optimised'],
  );
  for (let i = 1; i < steps.length - 1; i++) assert.equal(steps[i].from, i === 1 ? steps[0].to : steps[i - 1].to);
  assert.equal(steps.at(-1)!.to, steps.at(-2)!.to);
  close(steps[3].to, evaluation.rows.find((r) => r.isCurrent)!.costPerMonth!);
  close(steps.at(-1)!.to, Math.min(...evaluation.rows.filter((r) => r.isCheapest || r.isCurrent).map((r) => r.costPerMonth!)));
  assert.ok(steps[2].to < steps[2].from, 'batch saves');
});

test('shortening: the edits counted by the extension replay exactly in the webview, and ticked edits set the share', async () => {
  const counters = await loadCounters();
  const count = (text: string) => counters.o200k_base.count(text);
  const text = '# Rules\n\n\n**Be   brief.**   \nAnswer the question in one sentence please.\nAnswer the question in one sentence please.\n';
  const p = profile(100, 0, {
    declaredModel: 'gpt-4o',
    messages: [
      { role: 'system', text },
      { role: 'user', text: 'Hi   there' },
    ],
  });
  const options = shorteningOptionsFor(p, count, null);
  assert.deepEqual(analyseShortening(p.messages, countFromTable(options.counts)), analyseShortening(p.messages, count));
  const combined = analyseShortening(p.messages, count).combined.share;
  close(options.subsetShares[2 ** options.transforms.length - 1], combined);
  const data = await plannerData([{ profile: p }]);
  data.prompts[0].shortening = options;
  const state = stateFor(data, {}, { type: 'toggleEdit', kind: 'strip-markdown' }, { type: 'toggleEdit', kind: 'collapse-whitespace' });
  const evaluation = evaluate(preparePlanner(data), state, { suggestions: true });
  const mask = options.transforms.reduce((m, t, i) => (t.kind === 'strip-markdown' || t.kind === 'collapse-whitespace' ? m | (1 << i) : m), 0);
  assert.ok(options.subsetShares[mask] > 0);
  assert.equal(evaluation.prompts[0].scenario.shorten, options.subsetShares[mask]);
  const current = evaluation.prompts[0].comparison.plans[0];
  assert.ok(current.known && current.potentialSavings.shortening.length === 3, 'suggestions made with the counted texts');
  assert.equal(scenarioToSave(preparePlanner(data), state).shorten, Math.round(options.subsetShares[mask] * 10_000) / 10_000);
});

test("exports: the CLI's CSV (formulas defused); the scenario file is read back by the CLI parser; JSON is the plan report", async () => {
  const p = profile(1000, 0, { declaredModel: '=HYPERLINK("http://x","y")' });
  const data = await plannerData([{ profile: p }]);
  const prepared = preparePlanner(data);
  const state = stateFor(data, { requestsPerDay: 700, cacheHitRate: 0.25 });
  const evaluation = evaluate(prepared, state);
  const csv = exportCsv(prepared, evaluation);
  assert.ok(csv.includes(`"'=HYPERLINK(""http://x"",""y"")"`), csv.split('\r\n')[1]);
  assert.ok(!/(^|,)=/m.test(csv));
  const saved = scenarioFileText(scenarioToSave(prepared, state), DEFAULT_SCENARIO);
  const parsed = parseScenarioText(saved, 'scenario.json');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.scenario, state.controls);
  assert.deepEqual(Object.keys(JSON.parse(saved)).sort(), ['cacheHitRate', 'models', 'requestsPerDay']);
  const report = planReportOf(prepared, evaluation);
  assert.equal(report.version, 1);
  assert.equal(report.files[0].requests[0].comparison, evaluation.prompts[0].comparison);
});

test('no prompt files: an empty table and no charts, not a crash', async () => {
  const data = await plannerData([]);
  const prepared = preparePlanner(data);
  const state = stateFor(data);
  const evaluation = evaluate(prepared, state, { suggestions: true });
  assert.deepEqual(evaluation.rows, []);
  assert.equal(savingsWaterfall(prepared, state, evaluation), null);
  assert.deepEqual(monthlyCostByPart(prepared, evaluation).labels, []);
  assert.deepEqual(costByHitRate(prepared, state).series, []);
  assert.deepEqual(costByTraffic(prepared, state).series, []);
});

// Properties of the cost model over generated profiles and scenarios (fast-check): cost is monotonic
// in tokens, traffic and price; batch plus cache never costs more than either alone; caching never
// costs more than no caching. Fixed seed, so a run is repeatable; counterexamples are printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_SCENARIO, planRequest, type KnownModelPlan, type Scenario } from '../src/core/cost';
import { priceBookOf } from '../src/core/pricing';
import { AT, catalog, profile } from './support/pricing';

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'gemini-2.5-pro', 'gemini-2.5-flash'];
const SEED = 20261130;

const scenario = fc.record({
  requestsPerDay: fc.integer({ min: 1, max: 1_000_000 }),
  outputTokens: fc.integer({ min: 0, max: 8000 }),
  cacheHitRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  batchShare: fc.double({ min: 0, max: 1, noNaN: true }),
});
const shape = fc.record({ input: fc.integer({ min: 1, max: 150_000 }), staticShare: fc.double({ min: 0, max: 1, noNaN: true }) });

async function planner() {
  const prices = priceBookOf(await catalog());
  return (model: string, input: number, staticPrefix: number, settings: Partial<Scenario>) => {
    const plan = planRequest(profile(input, staticPrefix), model, { ...DEFAULT_SCENARIO, ...settings }, { prices, at: AT });
    assert.ok(plan.known, `${model} is in the catalogue`);
    return plan as KnownModelPlan;
  };
}

const EPSILON = 1e-9;

test('cost per month never falls when tokens or traffic grow', async () => {
  const plan = await planner();
  fc.assert(
    fc.property(
      fc.constantFrom(...MODELS),
      shape,
      scenario,
      fc.integer({ min: 1, max: 50_000 }),
      fc.integer({ min: 1, max: 100_000 }),
      (model, { input, staticShare }, settings, moreTokens, moreTraffic) => {
        const staticPrefix = Math.floor(input * staticShare);
        const base = plan(model, input, staticPrefix, settings).costPerMonth;
        // More input, all of it after the static prefix: nothing becomes cheaper.
        assert.ok(plan(model, input + moreTokens, staticPrefix, settings).costPerMonth >= base - EPSILON);
        assert.ok(plan(model, input, staticPrefix, { ...settings, outputTokens: settings.outputTokens + moreTokens }).costPerMonth >= base - EPSILON);
        assert.ok(
          plan(model, input, staticPrefix, { ...settings, requestsPerDay: settings.requestsPerDay + moreTraffic, cacheHitRate: settings.cacheHitRate ?? 0.5 })
            .costPerMonth >=
            plan(model, input, staticPrefix, { ...settings, cacheHitRate: settings.cacheHitRate ?? 0.5 }).costPerMonth - EPSILON,
        );
      },
    ),
    { seed: SEED, numRuns: 300 },
  );
});

test('batch plus caching never costs more than either alone, nor caching more than none', async () => {
  const plan = await planner();
  fc.assert(
    fc.property(fc.constantFrom(...MODELS), shape, scenario, (model, { input, staticShare }, settings) => {
      const staticPrefix = Math.floor(input * staticShare);
      const both = plan(model, input, staticPrefix, settings).costPerMonth;
      const cacheOnly = plan(model, input, staticPrefix, { ...settings, batchShare: 0 }).costPerMonth;
      const batchOnly = plan(model, input, staticPrefix, { ...settings, caching: false }).costPerMonth;
      const neither = plan(model, input, staticPrefix, { ...settings, batchShare: 0, caching: false }).costPerMonth;
      assert.ok(both <= cacheOnly + EPSILON, `batch+cache ${both} > cache ${cacheOnly}`);
      assert.ok(both <= batchOnly + EPSILON, `batch+cache ${both} > batch ${batchOnly}`);
      assert.ok(cacheOnly <= neither + EPSILON, `cache ${cacheOnly} > none ${neither}`);
      for (const figure of [both, cacheOnly, batchOnly, neither]) assert.ok(Number.isFinite(figure) && figure >= 0);
    }),
    { seed: SEED, numRuns: 300 },
  );
});

// The planner's state reducer and its message protocol, in plain Node: what each control does to
// the state, what is refused and why, and which messages are dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SCENARIO, validateScenario } from '../src/core/cost';
import { initialState, plannerReducer, trafficShares, type PlannerAction, type PlannerState } from '../src/core/planner/state';
import { validateFromWebview, validateToWebview } from '../src/core/planner/protocol';
import { flatPrice, type ModelPricing } from '../src/core/pricing';
import { profile } from './support/pricing';

const DEFAULTS = ['gpt-4o', 'claude-haiku-4-5'];
const target = { kind: 'workspace' } as const;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Runs actions from a frozen state, so a reducer that mutates its input throws. */
function run(...actions: PlannerAction[]): PlannerState {
  return actions.reduce((state, action) => plannerReducer(deepFreeze(state), action), initialState());
}

const init = (ids = ['p0', 'p1'], scenario = null as Parameters<typeof validateScenario>[0] | null): PlannerAction => ({
  type: 'init',
  target,
  defaultModels: DEFAULTS,
  promptIds: ids,
  scenario: scenario === null ? null : validateScenario(scenario).scenario,
});

test('init: the default models, the whole set in scope for several prompts, the prompt itself for one', () => {
  const several = run(init());
  assert.deepEqual(several.controls.models, DEFAULTS);
  assert.equal(several.scope, 'all');
  assert.equal(run(init(['p0'])).scope, 'p0');
  const fromScenario = run(init(['p0'], { models: ['gpt-4o-mini'], activeUsers: 10, requestsPerUserPerDay: 3, batchShare: 0.2 }));
  assert.deepEqual(fromScenario.controls.models, ['gpt-4o-mini']);
  assert.equal(fromScenario.trafficFrom, 'users');
  assert.equal(fromScenario.batchShareChosen, true);
});

test('a control value out of range is refused with the field and the reason; the figures keep the last good value', () => {
  const good = run(init(), { type: 'setField', field: 'batchShare', value: 0.5 });
  assert.equal(good.controls.batchShare, 0.5);
  assert.equal(good.batchShareChosen, true);
  assert.equal(good.problem, null);
  const bad = plannerReducer(good, { type: 'setField', field: 'batchShare', value: 1.5 });
  assert.equal(bad.controls.batchShare, 0.5);
  assert.equal(bad.problem?.field, 'batchShare');
  assert.match(bad.problem?.message ?? '', /share between 0 and 1/);
  const text = plannerReducer(good, { type: 'setField', field: 'requestsPerDay', value: 'lots' });
  assert.equal(text.problem?.field, 'requestsPerDay');
  assert.equal(plannerReducer(bad, { type: 'setField', field: 'batchShare', value: 0.25 }).problem, null);
});

test('traffic from users: requests a day follow from users x requests, so they can never disagree', () => {
  const users = run(
    init(),
    { type: 'setField', field: 'requestsPerDay', value: 5000 },
    { type: 'setTrafficFrom', from: 'users' },
    { type: 'setField', field: 'activeUsers', value: 200 },
    { type: 'setField', field: 'requestsPerUserPerDay', value: 4 },
  );
  assert.equal(users.controls.requestsPerDay, null);
  assert.equal(users.problem, null);
  assert.equal(users.controls.activeUsers! * users.controls.requestsPerUserPerDay!, 800);
  const back = plannerReducer(users, { type: 'setTrafficFrom', from: 'requests' });
  assert.equal(back.controls.requestsPerDay, 800);
  assert.equal(back.controls.requestsPerUserPerDay, null);
});

test('the model set: added once whatever the case, removed by name', () => {
  const state = run(
    init(),
    { type: 'addModel', model: 'mistral/mistral-large-latest' },
    { type: 'addModel', model: 'GPT-4o' },
    { type: 'addModel', model: '  ' },
    { type: 'removeModel', model: 'claude-haiku-4-5' },
  );
  assert.deepEqual(state.controls.models, ['gpt-4o', 'mistral/mistral-large-latest']);
});

test('sorting toggles direction on the same column and starts ascending on another', () => {
  const once = run(init(), { type: 'sort', column: 'costPerRequest' });
  assert.deepEqual(once.sort, { column: 'costPerRequest', descending: false });
  assert.deepEqual(plannerReducer(once, { type: 'sort', column: 'costPerRequest' }).sort, { column: 'costPerRequest', descending: true });
  assert.deepEqual(plannerReducer(plannerReducer(once, { type: 'sort', column: 'costPerRequest' }), { type: 'sort', column: 'model' }).sort, {
    column: 'model',
    descending: false,
  });
});

test('shortening edits: ticking one switches to edits, unticking keeps the others', () => {
  const state = run(
    init(),
    { type: 'toggleEdit', kind: 'strip-markdown' },
    { type: 'toggleEdit', kind: 'collapse-whitespace' },
    { type: 'toggleEdit', kind: 'strip-markdown' },
  );
  assert.equal(state.shortenFrom, 'edits');
  assert.deepEqual(state.edits, ['collapse-whitespace']);
});

test('traffic shares: even by default, by weight when given, all of it for a single prompt in scope', () => {
  const even = trafficShares(run(init(['a', 'b', 'c'])), ['a', 'b', 'c']);
  assert.deepEqual([...even.values()], [1 / 3, 1 / 3, 1 / 3]);
  const weighted = run(init(['a', 'b']), { type: 'setShare', id: 'a', weight: 3 });
  assert.deepEqual(Object.fromEntries(trafficShares(weighted, ['a', 'b'])), { a: 0.75, b: 0.25 });
  const refused = plannerReducer(weighted, { type: 'setShare', id: 'b', weight: -1 });
  assert.ok(refused.problem);
  assert.deepEqual(Object.fromEntries(trafficShares(plannerReducer(weighted, { type: 'setScope', scope: 'b' }), ['a', 'b'])), { b: 1 });
  const zero = run(init(['a', 'b']), { type: 'setShare', id: 'a', weight: 0 }, { type: 'setShare', id: 'b', weight: 0 });
  assert.deepEqual([...trafficShares(zero, ['a', 'b']).values()], [0.5, 0.5]);
});

test('scenarios: load into the controls or as B, pin as A, clear', () => {
  const loaded = validateScenario({ requestsPerDay: 100, cacheHitRate: 0.4 }).scenario;
  const state = run(init(), { type: 'toggleEdit', kind: 'strip-markdown' }, { type: 'loadScenario', slot: 'controls', name: 'today.json', scenario: loaded });
  assert.equal(state.controls.requestsPerDay, 100);
  assert.deepEqual(state.controls.models, DEFAULTS, 'a scenario without models keeps the model set');
  assert.equal(state.shortenFrom, 'share');
  const compared = plannerReducer(plannerReducer(state, { type: 'pin', slot: 'a', name: 'A' }), {
    type: 'loadScenario',
    slot: 'b',
    name: 'swap.json',
    scenario: { ...loaded, models: ['gpt-4o-mini'] },
  });
  assert.equal(compared.compare.a?.scenario.requestsPerDay, 100);
  assert.deepEqual(compared.compare.b?.scenario.models, ['gpt-4o-mini']);
  assert.deepEqual(plannerReducer(compared, { type: 'clearCompare' }).compare, { a: null, b: null });
});

test('restore: a saved state comes back; a tampered or older one is ignored or cleaned', () => {
  const saved = JSON.parse(
    JSON.stringify(run(init(['p0', 'p1']), { type: 'setField', field: 'requestsPerDay', value: 42 }, { type: 'sort', column: 'margin' })),
  );
  const fresh = run(init(['p0', 'p1']));
  const back = plannerReducer(fresh, { type: 'restore', state: saved, promptIds: ['p0', 'p1'] });
  assert.equal(back.controls.requestsPerDay, 42);
  assert.equal(back.sort.column, 'margin');
  assert.equal(plannerReducer(fresh, { type: 'restore', state: { ...saved, version: 0 }, promptIds: ['p0'] }), fresh);
  assert.equal(plannerReducer(fresh, { type: 'restore', state: { ...saved, controls: { batchShare: 9 } }, promptIds: ['p0'] }), fresh);
  assert.equal(plannerReducer(fresh, { type: 'restore', state: 'nonsense', promptIds: ['p0'] }), fresh);
  const cleaned = plannerReducer(fresh, {
    type: 'restore',
    state: {
      ...saved,
      scope: 'p9',
      shares: [
        { id: 'p9', weight: 1 },
        { id: 'p1', weight: 2 },
        { id: 'p0', weight: -3 },
      ],
      edits: ['strip-markdown', '__proto__'],
      sort: { column: 'constructor' },
    },
    promptIds: ['p0', 'p1'],
  });
  assert.equal(cleaned.scope, 'all');
  assert.deepEqual(cleaned.shares, [{ id: 'p1', weight: 2 }]);
  assert.deepEqual(cleaned.edits, ['strip-markdown']);
  assert.equal(cleaned.sort.column, 'costPerMonth');
});

// ---- protocol ----

const PRICING: ModelPricing = {
  model: 'gpt-4o',
  name: 'gpt 4o',
  provider: 'openai',
  providerName: 'OpenAI',
  input: flatPrice(2.5),
  output: flatPrice(10),
  cacheRead: flatPrice(1.25),
  cacheWrite: null,
  cacheWrite1h: null,
  reasoningOutput: null,
  batchInput: null,
  batchOutput: null,
  contextWindow: 128000,
  maxOutputTokens: 16384,
  reasons: null,
  source: 'test',
  asOf: '2026-09-23',
  origin: 'catalog',
  notes: [],
};

function initMessage(): Record<string, unknown> {
  return structuredClone({
    t: 'init',
    scenario: null,
    data: {
      target: { kind: 'file', uri: 'file:///w/a.prompty' },
      title: 'a.prompty',
      dataSource: 'test',
      asOf: '2026-09-23',
      defaultModels: ['gpt-4o'],
      catalogue: [PRICING],
      resolved: [
        { written: 'gpt-4o', known: true, pricing: PRICING },
        { written: 'nope', known: false, reason: 'not in the catalogue' },
      ],
      prompts: [
        {
          id: 'p0',
          path: 'a.prompty',
          format: 'prompty',
          label: 'a.prompty',
          profile: profile(1000, 500),
          shortening: null,
          diagnostics: [{ severity: 'warning', code: 'invalid-yaml', line: 3, range: { start: 10, end: 20 }, message: 'x' }],
          omittedRequests: 0,
        },
      ],
      warnings: [],
    },
  });
}

test('protocol: a well-formed init message validates, and survives structured cloning', () => {
  const message = structuredClone(initMessage());
  const checked = validateToWebview(message);
  assert.ok(checked.ok, checked.ok ? '' : checked.error);
  assert.equal(checked.message.t, 'init');
});

test('protocol: messages to the webview that do not validate are refused with the place of the fault', () => {
  // Each case breaks one field of a well-formed message, reached through loosely typed paths.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const cases: [string, (m: Record<string, any>) => unknown, RegExp][] = [
    ['not an object', () => 'init', /message: expected an object/],
    ['unknown type', (m) => ({ ...m, t: 'constructor' }), /unknown message type/],
    ['negative price', (m) => ((m.data.catalogue[0].input.perMTok = -1), m), /catalogue\[0\]\.input\.perMTok/],
    ['NaN tokens', (m) => ((m.data.prompts[0].profile.inputTokens.o200k_base = NaN), m), /inputTokens\.o200k_base/],
    ['duplicate ids', (m) => (m.data.prompts.push({ ...m.data.prompts[0] }), m), /prompts\[1\]\.id/],
    [
      'wrong subset count',
      (m) => (
        (m.data.prompts[0].shortening = {
          maxExamples: null,
          tokensBefore: 10,
          transforms: [{ kind: 'strip-markdown', description: 'd', tokensSaved: 1, share: 0.1 }],
          subsetShares: [0],
          counts: [],
        }),
        m
      ),
      /subsetShares/,
    ],
    [
      'unknown edit',
      (m) => (
        (m.data.prompts[0].shortening = {
          maxExamples: null,
          tokensBefore: 10,
          transforms: [{ kind: 'rm -rf', description: 'd', tokensSaved: 1, share: 0.1 }],
          subsetShares: [0, 0.1],
          counts: [],
        }),
        m
      ),
      /kind/,
    ],
    ['bad scenario', (m) => ({ ...m, scenario: { batchShare: 2 } }), /batchShare/],
    ['bad target', (m) => ((m.data.target = { kind: 'url', uri: 'https://x' }), m), /target\.kind/],
    ['unknown diagnostic code', (m) => ((m.data.prompts[0].diagnostics[0].code = '__proto__'), m), /diagnostics\[0\]\.code/],
  ];
  for (const [name, make, error] of cases) {
    const checked = validateToWebview(make(initMessage()));
    assert.equal(checked.ok, false, name);
    assert.match((checked as { error: string }).error, error, name);
  }
});

test('protocol: messages from the webview are checked before the extension acts on them', () => {
  const valid = [
    { t: 'ready' },
    { t: 'saveScenario', scenario: { ...DEFAULT_SCENARIO, models: ['gpt-4o'] } },
    { t: 'loadScenario', slot: 'b' },
    { t: 'export', format: 'csv', suggestedName: 'support-agent.prompty-cost-plan.csv', content: 'a,b\r\n' },
    { t: 'export', format: 'png', suggestedName: 'chart.png', content: 'data:image/png;base64,iVBORw0KGgo=' },
    { t: 'shorteningFor', promptId: 'p0', maxExamples: 2 },
  ];
  for (const message of valid) assert.ok(validateFromWebview(message).ok, JSON.stringify(message));
  const invalid = [
    { t: 'export', format: 'csv', suggestedName: '../../.bashrc', content: 'x' },
    { t: 'export', format: 'csv', suggestedName: '/etc/passwd', content: 'x' },
    { t: 'export', format: 'exe', suggestedName: 'a.exe', content: 'x' },
    { t: 'export', format: 'png', suggestedName: 'a.png', content: 'javascript:alert(1)' },
    { t: 'saveScenario', scenario: { requestsPerDay: -5 } },
    { t: 'loadScenario', slot: 'c' },
    { t: 'shorteningFor', promptId: 'p0', maxExamples: 1.5 },
    { t: 'runCommand', command: 'rm' },
    null,
    [],
  ];
  for (const message of invalid) assert.equal(validateFromWebview(message).ok, false, JSON.stringify(message));
});

// The check on genai-prices' published data before it can replace the bundled prices: each way a
// download can be malformed is refused with what is wrong, on a small data set written here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPublishedData } from '../src/core/pricing';

type Data = Record<string, unknown>[];

/** Five providers, OpenAI first with gpt-4o: the smallest data the check accepts. */
function data(): Data {
  return [
    { id: 'openai', name: 'OpenAI', models: [{ id: 'gpt-4o', match: { equals: 'gpt-4o' }, prices: { input_mtok: 2.5, output_mtok: 10 } }] },
    ...['a', 'b', 'c', 'd'].map((id) => ({ id, name: id.toUpperCase(), models: [] })),
  ];
}

function refused(value: unknown): string {
  const result = checkPublishedData(value);
  assert.equal(result.ok, false, JSON.stringify(value).slice(0, 200));
  return result.ok ? '' : result.error;
}

function withModel(change: (model: Record<string, unknown>) => void): Data {
  const d = data();
  const models = d[0]!.models as Record<string, unknown>[];
  change(models[0]!);
  return d;
}

test('the smallest acceptable data: five providers, OpenAI with gpt-4o; prices of 0, null or missing are allowed', () => {
  assert.deepEqual(checkPublishedData(data()), { ok: true, providers: data() });
  const zero = withModel((m) => (m.prices = { input_mtok: 0, output_mtok: null, cache_read_mtok: { base: 0, tiers: [{ start: 1000, price: 0 }] } }));
  assert.equal(checkPublishedData(zero).ok, true);
  const dated = withModel((m) => (m.prices = [{ prices: { input_mtok: 1 } }, { constraint: { start_date: '2026-01-01' }, prices: { input_mtok: 2 } }]));
  assert.equal(checkPublishedData(dated).ok, true);
});

test('malformed providers are refused with the provider named', () => {
  assert.equal(refused({ providers: [] }), 'expected a JSON array of providers');
  assert.equal(refused(data().slice(0, 4)), 'expected dozens of providers, found 4');
  const notObject = data();
  notObject[2] = 'b' as unknown as Record<string, unknown>;
  assert.equal(refused(notObject), 'provider #3 is not an object');
  const list = data();
  list[1] = [] as unknown as Record<string, unknown>;
  assert.equal(refused(list), 'provider #2 is not an object');
  const noId = data();
  delete noId[0]!.id;
  assert.equal(refused(noId), 'provider #1 has no id or name');
  const noName = data();
  noName[1]!.name = 7;
  assert.equal(refused(noName), 'provider #2 has no id or name');
  const noModels = data();
  noModels[0]!.models = {};
  assert.equal(refused(noModels), 'provider "openai" has no models list');
});

test('malformed models and prices are refused with the model named', () => {
  assert.equal(refused(withModel((m) => delete m.id)), 'provider "openai" has a model without id or match rule');
  assert.equal(refused(withModel((m) => (m.match = 'gpt-4o'))), 'provider "openai" has a model without id or match rule');
  const notObject = data();
  (notObject[0]!.models as unknown[])[0] = 'gpt-4o';
  assert.equal(refused(notObject), 'provider "openai" has a model without id or match rule');
  assert.equal(refused(withModel((m) => (m.prices = 2.5))), 'model "openai/gpt-4o" has malformed prices');
  assert.equal(refused(withModel((m) => (m.prices = [{ prices: null }]))), 'model "openai/gpt-4o" has malformed prices');
  const bad: [string, unknown][] = [
    ['input_mtok', -1],
    ['input_mtok', Number.NaN],
    ['input_mtok', Number.POSITIVE_INFINITY],
    ['input_mtok', '2.5'],
    ['input_mtok', [2.5]],
    ['input_mtok', { base: '1', tiers: [] }],
    ['input_mtok', { base: 1, tiers: {} }],
    ['input_mtok', { base: 1, tiers: ['x'] }],
    ['input_mtok', { base: 1, tiers: [{ start: '1000', price: 1 }] }],
    ['input_mtok', { base: 1, tiers: [{ start: 1000, price: '1' }] }],
    ['input_mtok', { base: 1, tiers: [{ start: 1000, price: -1 }] }],
    // One bad tier among good ones is enough.
    [
      'output_mtok',
      {
        base: 1,
        tiers: [
          { start: 1000, price: 2 },
          { start: 2000, price: -2 },
        ],
      },
    ],
  ];
  for (const [key, value] of bad) {
    assert.equal(
      refused(withModel((m) => (m.prices = { input_mtok: 1, [key]: value }))),
      `model "openai/gpt-4o" has a malformed price "${key}"`,
      JSON.stringify(value),
    );
  }
});

test('data without OpenAI, or OpenAI without gpt-4o, is not the price file expected', () => {
  const noOpenAi = data();
  noOpenAi[0]!.id = 'open-ai';
  assert.equal(refused(noOpenAi), 'the data has no openai/gpt-4o: not the price file expected');
  assert.equal(refused(withModel((m) => (m.id = 'gpt-4o-mini'))), 'the data has no openai/gpt-4o: not the price file expected');
});

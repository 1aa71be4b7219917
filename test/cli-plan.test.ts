// `llm-cost plan` and `llm-cost check` as a user and a CI job run them. Expected dollars are
// computed here from the providers' published list prices and tokens from the reference tokenizer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get_encoding } from 'tiktoken';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
// An empty cache folder: a refreshed price file on this machine must not change the results.
const env = { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'llm-cost-cache-')) };
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, cwd: ROOT });
const o200k = get_encoding('o200k_base');

function withPrompt(name: string, text: string, body: (path: string, folder: string) => void): void {
  const folder = mkdtempSync(join(tmpdir(), 'llm-cost-plan-'));
  try {
    writeFileSync(join(folder, name), text);
    body(join(folder, name), folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const CHAT = JSON.stringify({
  model: 'gpt-4o',
  max_tokens: 200,
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Name three primes.' },
  ],
});
// Input tokens: both messages plus 3 per message and its role, and 3 to prime the reply.
const INPUT =
  o200k.encode_ordinary('You are terse.').length +
  o200k.encode_ordinary('Name three primes.').length +
  3 * 2 +
  o200k.encode_ordinary('system').length +
  o200k.encode_ordinary('user').length +
  3;

test('plan prices gpt-4o, claude-sonnet-4-6 and gemini-2.5-pro at their published list prices', () => {
  withPrompt('primes.json', CHAT, (path) => {
    const result = run(
      'plan',
      path,
      '--models',
      'gpt-4o,claude-sonnet-4-6,gemini-2.5-pro',
      // A fixed date: a model that retires later must not change this test's figures.
      '--as-of',
      '2026-11-26',
      '--output-tokens',
      '100',
      '--requests-per-day',
      '2000',
      '--no-caching',
      '--format',
      'json',
    );
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    const plans = report.files[0].requests[0].comparison.plans;
    const byModel = Object.fromEntries(plans.map((plan: { requestedAs: string }) => [plan.requestedAs, plan]));
    const published = { 'gpt-4o': [2.5, 10], 'claude-sonnet-4-6': [3, 15], 'gemini-2.5-pro': [1.25, 10] } as const;
    for (const [model, [input, output]] of Object.entries(published)) {
      assert.equal(byModel[model].prices.inputPerMTok, input, model);
      assert.equal(byModel[model].prices.outputPerMTok, output, model);
    }
    const gpt4o = byModel['gpt-4o'];
    assert.equal(gpt4o.tokensExact, true);
    assert.equal(gpt4o.inputTokens, INPUT);
    const perRequest = (INPUT * 2.5 + 100 * 10) / 1e6;
    assert.ok(Math.abs(gpt4o.costPerRequest - perRequest) < 1e-12);
    assert.ok(Math.abs(gpt4o.costPer1kRequests - perRequest * 1000) < 1e-9);
    assert.ok(Math.abs(gpt4o.costPerMonth - perRequest * 2000 * 30) < 1e-6);
    // Claude's tokens are estimated, and say so.
    // Claude's tokens are o200k_base x 1.15, within x1.1 to x1.3 (pricing/tokenizers.json).
    const sonnet = byModel['claude-sonnet-4-6'];
    assert.equal(sonnet.tokensExact, false);
    assert.equal(sonnet.inputTokens, Math.round(INPUT * 1.15));
    assert.deepEqual(sonnet.inputTokensRange, { low: Math.round(INPUT * 1.1), high: Math.round(INPUT * 1.3) });
    assert.ok(Math.abs(sonnet.costPerRequest - (Math.round(INPUT * 1.15) * 3 + 100 * 15) / 1e6) < 1e-12);
  });
});

test('the table for a product manager names the models, the dollars and the price date', () => {
  const result = run(
    'plan',
    'examples/support-bot/support-agent.prompty',
    '--models',
    'gpt-4o,claude-sonnet-4-6,gemini-2.5-pro',
    '--as-of',
    '2026-11-26',
    '--active-users',
    '500',
    '--requests-per-user',
    '4',
    '--price-per-user',
    '5',
  );
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /gpt-4o \(current\)/);
  assert.match(result.stdout, /claude-sonnet-4-6 +~/, 'estimated tokens are marked');
  assert.match(result.stdout, /Margin at \$5\.00\/user\/month/);
  assert.match(result.stdout, /as of \d{4}-\d{2}-\d{2}/);
});

test('an unknown model is "price unknown" with a reason, never $0', () => {
  withPrompt('primes.json', CHAT, (path) => {
    const json = JSON.parse(run('plan', path, '--models', 'gpt-4o,imaginary-model-9000', '--format', 'json').stdout);
    const unknown = json.files[0].requests[0].comparison.plans.find((plan: { requestedAs: string }) => plan.requestedAs === 'imaginary-model-9000');
    assert.equal(unknown.known, false);
    assert.equal(unknown.costPerRequest, null);
    assert.ok(unknown.reason.length > 10);
    const table = run('plan', path, '--models', 'imaginary-model-9000').stdout;
    assert.match(table, /imaginary-model-9000 .*price unknown/);
    assert.doesNotMatch(table, /\$0(\s|$)/);
  });
});

test('a user price file overrides the catalogue', () => {
  withPrompt('primes.json', CHAT, (path) => {
    const result = run(
      'plan',
      path,
      '--models',
      'gpt-4o',
      '--prices',
      'test/fixtures/pricing/my-prices.json',
      '--output-tokens',
      '100',
      '--no-caching',
      '--format',
      'json',
    );
    assert.equal(result.status, 0, result.stderr);
    const [plan] = JSON.parse(result.stdout).files[0].requests[0].comparison.plans;
    assert.equal(plan.prices.inputPerMTok, 2);
    assert.ok(Math.abs(plan.costPerRequest - (INPUT * 2 + 100 * 8) / 1e6) < 1e-12);
  });
});

test('a scenario file sets the plan, and flags win over it', () => {
  withPrompt('primes.json', CHAT, (path, folder) => {
    const scenario = join(folder, 'scenario.json');
    writeFileSync(scenario, JSON.stringify({ models: ['gpt-4o'], requestsPerDay: 10, outputTokens: 50, caching: false, batchShare: 0.5 }));
    const [plan] = JSON.parse(run('plan', path, '--scenario', scenario, '--requests-per-day', '100', '--as-of', '2026-11-26', '--format', 'json').stdout)
      .files[0].requests[0].comparison.plans;
    const list = (INPUT * 2.5 + 50 * 10) / 1e6;
    // Half the traffic at the batch API's 50% discount.
    assert.ok(Math.abs(plan.costPerRequest - (0.5 * list + 0.5 * list * 0.5)) < 1e-12, `${plan.costPerRequest}`);
    assert.ok(Math.abs(plan.costPerMonth - (0.5 * list + 0.5 * list * 0.5) * 100 * 30) < 1e-9);
    assert.equal(plan.outputTokens, 50);
  });
});

test('check fails over budget, passes under it, and fails on an unknown price', () => {
  withPrompt('primes.json', CHAT, (path) => {
    const perRequest = (INPUT * 2.5 + 200 * 10) / 1e6; // the file's 200-token limit as output
    // A fixed date: gpt-4o retires on 2027-01-14 (pricing/price-overrides.json).
    const over = run('check', path, '--budget-per-request', String(perRequest / 2), '--no-caching', '--as-of', '2026-11-26');
    assert.equal(over.status, 1, over.stdout + over.stderr);
    assert.match(over.stdout, /FAIL .*over the budget/);
    const under = run('check', path, '--budget-per-request', String(perRequest * 2), '--no-caching', '--as-of', '2026-11-26');
    assert.equal(under.status, 0, under.stdout + under.stderr);
    // The budget applies to the model the file declares.
    withPrompt('imaginary.json', CHAT.replace('"gpt-4o"', '"imaginary-model-9000"'), (imaginary) => {
      const unknown = run('check', imaginary, '--budget-per-request', '1');
      assert.equal(unknown.status, 1);
      assert.match(unknown.stdout, /price unknown for imaginary-model-9000/);
    });
    const noBudget = run('check', path);
    assert.equal(noBudget.status, 2);
    assert.match(noBudget.stderr, /needs a budget/);
  });
});

test('check fails when it cannot price what it was asked to check', () => {
  withPrompt('broken.prompty', '---\nmodel: [unclosed\n---\nuser:\nHi\n', (_path, folder) => {
    const broken = run('check', folder, '--budget-per-request', '1');
    assert.equal(broken.status, 1, broken.stdout + broken.stderr);
    assert.match(broken.stdout, /FAIL +broken\.prompty: cannot be priced reliably, 1 error/);
  });
  const empty = mkdtempSync(join(tmpdir(), 'llm-cost-empty-'));
  try {
    const nothing = run('check', empty, '--budget-per-request', '1');
    assert.equal(nothing.status, 1);
    assert.match(nothing.stdout, /No prompt files found/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('bad plan options are usage errors that say what is wrong', () => {
  const rate = run('plan', 'examples', '--cache-hit-rate', '1.5');
  assert.equal(rate.status, 2);
  assert.match(rate.stderr, /cache-hit-rate/);
  const empty = run('plan', 'examples', '--requests-per-day', '');
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /--requests-per-day must be a number/);
  const notPrompt = run('plan', 'package.json');
  assert.equal(notPrompt.status, 2);
  assert.match(notPrompt.stderr, /not a prompt file/);
  // A file that names no model, compared with no models: nothing to price, so say so.
  const noModels = run('plan', 'examples/prompts/translate-reply.txt', '--models', ',');
  assert.equal(noModels.status, 2, noModels.stderr);
  assert.match(noModels.stderr, /--models \(models\): .*non-empty list of model names/);
  const csvCheck = run('check', 'examples', '--budget-per-request', '1', '--format', 'csv');
  assert.equal(csvCheck.status, 2);
});

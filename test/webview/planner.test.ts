// The planner webview in a real browser (Debian's Chromium), under the panel's CSP, fed what the
// extension would send for a real prompt file. Its figures are checked against `llm-cost plan
// --format json` for the same scenario; then a chart, a control, the keyboard, hostile file content
// and bad messages. Screenshots of both themes go to $PLANNER_SCREENSHOTS (default out/screenshots).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadPlannerData } from '../../src/node/plannerData';
import { formatUsd } from '../../src/core/report/money';
import type { Scenario } from '../../src/core/cost';
import { validateScenario } from '../../src/core/cost';
import { TABLE_COLUMNS } from '../../src/core/planner/table';
import { CHROMIUM, ROOT, THEMES, initPlanner, postToPlanner, startHarness, type Harness } from './harness';

const FILE = 'examples/support-bot/support-agent.prompty';
const CLI = join(ROOT, 'dist', 'cli.js');
const env = { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'llm-cost-cache-')) };
const SCREENSHOTS = process.env.PLANNER_SCREENSHOTS ?? join(ROOT, 'out', 'screenshots');
// Prices are looked up for a fixed moment on both sides, so a scheduled price change cannot split them,
// and a model that retires later (claude-sonnet-4-5 on 2026-11-30, gemini-2.5-flash on 2026-12-01,
// gpt-4o-mini on 2027-01-14: pricing/price-overrides.json) cannot change what the tests read.
const AT = new Date('2026-11-26T12:00:00Z');
const SCENARIO_FIELDS = {
  requestsPerDay: 5000,
  activeUsers: 2000,
  pricePerUserPerMonth: 12,
  models: ['gpt-4o-mini', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'gemini-2.5-flash', 'acme/no-such-model'],
};
const SCENARIO: Scenario = validateScenario(SCENARIO_FIELDS).scenario;

interface CliPlan {
  requestedAs: string;
  known: boolean;
  costPerRequest: number | null;
  costPer1kRequests?: number;
  costPerMonth: number | null;
  costPerActiveUserPerMonth?: number | null;
}

function cliPlans(extra: Record<string, unknown> = {}): CliPlan[] {
  const folder = mkdtempSync(join(tmpdir(), 'planner-scenario-'));
  try {
    const file = join(folder, 'scenario.json');
    writeFileSync(file, JSON.stringify({ ...SCENARIO_FIELDS, ...extra }));
    const run = spawnSync(process.execPath, [CLI, 'plan', FILE, '--scenario', file, '--as-of', AT.toISOString().slice(0, 10), '--format', 'json'], {
      encoding: 'utf8',
      env,
      cwd: ROOT,
    });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout).files[0].requests[0].comparison.plans;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function tableRows(page: Page): Promise<string[][]> {
  // The page's DOM is reached through an expression: these tests type-check without the DOM library.
  return (await page.evaluate(`Array.from(document.querySelectorAll('main table.comparison')[0].querySelectorAll('tbody tr')).map((row) =>
    Array.from(row.children).map((cell, i) => (i === 0 ? (cell.querySelector('.model-name')?.textContent ?? '') : (cell.textContent ?? ''))))`)) as string[][];
}

const column = (key: string) => TABLE_COLUMNS.findIndex((c) => c.key === key);

let harness: Harness;
let data: Awaited<ReturnType<typeof loadPlannerData>>;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`);
  assert.ok(existsSync(join(ROOT, 'dist', 'webview', 'planner.js')), 'dist/webview/planner.js is missing: run npm run build');
  harness = await startHarness();
  data = await loadPlannerData(join(ROOT, FILE), { target: { kind: 'file', uri: `file://${join(ROOT, FILE)}` }, title: FILE, scenario: SCENARIO, at: AT });
});

after(async () => {
  await harness?.close();
});

/** Opens the planner, records CSP violations, dialogs and page errors; fails the test on any. */
async function openPlanner(options: Parameters<Harness['open']>[0] = {}, message: unknown = { t: 'init', data, scenario: SCENARIO }) {
  const page = await harness.open(options);
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await initPlanner(page, message);
  const check = async () => {
    const violations = (await page.evaluate('window.plannerViolations')) as string[];
    assert.deepEqual([...problems, ...violations.map((v) => `CSP violation: ${v}`)], []);
  };
  return { page, check };
}

test('the table shows the figures llm-cost plan prints for the same scenario, unknown prices as such', async () => {
  const { page, check } = await openPlanner();
  const rows = await tableRows(page);
  const plans = cliPlans();
  assert.equal(rows.length, plans.length);
  for (const plan of plans) {
    const row = rows.find((r) => r[0] === plan.requestedAs);
    assert.ok(row, `no row for ${plan.requestedAs}`);
    if (!plan.known) {
      assert.equal(row[column('costPerRequest')], 'price unknown');
      assert.equal(row[column('costPerMonth')], '—');
      continue;
    }
    assert.equal(row[column('costPerRequest')], formatUsd(plan.costPerRequest), plan.requestedAs);
    assert.equal(row[column('costPer1k')], formatUsd(plan.costPer1kRequests), plan.requestedAs);
    assert.equal(row[column('costPerMonth')], formatUsd(plan.costPerMonth), plan.requestedAs);
    assert.equal(row[column('costPerUser')], formatUsd(plan.costPerActiveUserPerMonth), plan.requestedAs);
  }
  // The file's own model is marked current, and the cheapest model that fits is marked.
  const marks = (await page.evaluate(
    `Array.from(document.querySelectorAll('tbody tr')).map((tr) => tr.querySelector('.model-name').textContent + ':' + tr.className)`,
  )) as string[];
  assert.ok(marks.includes('gpt-4o:current'), marks.join(', '));
  const cheapest = plans.filter((p) => p.known).sort((a, b) => (a.costPerMonth as number) - (b.costPerMonth as number))[0];
  assert.ok(marks.includes(`${cheapest.requestedAs}:cheapest`), marks.join(', '));
  await check();
  await page.close();
});

test('a chart draws the cost model: monthly parts add up to the CLI figure, and 100% hits match the CLI', async () => {
  const { page, check } = await openPlanner();
  const charts = (await page.evaluate('window.plannerChartData()')) as Record<
    string,
    { labels: (string | number)[]; datasets: { label: string; data: (number | null)[] }[] }
  >;
  const plans = cliPlans();
  const monthly = charts.monthly;
  assert.deepEqual(
    monthly.datasets.map((d) => d.label),
    ['Input', 'Cached input', 'Cache writes', 'Output'],
  );
  for (const plan of plans.filter((p) => p.known)) {
    const i = monthly.labels.indexOf(plan.requestedAs);
    assert.ok(i >= 0, `${plan.requestedAs} missing from the monthly chart`);
    const total = monthly.datasets.reduce((sum, d) => sum + (d.data[i] as number), 0);
    assert.ok(Math.abs(total - (plan.costPerMonth as number)) < 1e-9 * (plan.costPerMonth as number), `${plan.requestedAs}: ${total} vs ${plan.costPerMonth}`);
  }
  assert.ok(!monthly.labels.includes('acme/no-such-model'), 'an unknown price is not drawn as $0');
  const allHits = cliPlans({ cacheHitRate: 1 });
  const hitRate = charts.hitRate;
  for (const plan of allHits.filter((p) => p.known)) {
    const series = hitRate.datasets.find((d) => d.label === plan.requestedAs || d.label.startsWith(`${plan.requestedAs} (`));
    assert.ok(series, `${plan.requestedAs} missing from the hit-rate chart`);
    assert.equal(series.data.at(-1), plan.costPerRequest, plan.requestedAs);
  }
  await check();
  await page.close();
});

test('a control recomputes the table at once: batch share 50% gives the CLI figures for --batch-share 0.5', async () => {
  const { page, check } = await openPlanner();
  const before = await tableRows(page);
  await page.getByLabel('Batch share (%)').fill('50');
  const plans = cliPlans({ batchShare: 0.5 });
  await page.waitForFunction(`document.querySelector('tbody tr .model-name') && window.plannerTimings.some((t) => t.action === 'setField')`);
  const after = await tableRows(page);
  let changed = 0;
  for (const plan of plans.filter((p) => p.known)) {
    const row = after.find((r) => r[0] === plan.requestedAs)!;
    assert.equal(row[column('costPerMonth')], formatUsd(plan.costPerMonth), plan.requestedAs);
    if (row[column('costPerMonth')] !== before.find((r) => r[0] === plan.requestedAs)![column('costPerMonth')]) changed++;
  }
  assert.ok(changed > 0, 'the batch share changed no figure');
  // A value out of range is refused with the reason, and the figures stay.
  await page.getByLabel('Batch share (%)').fill('150');
  await page.waitForFunction(`document.querySelector('.problem').textContent.includes('batchShare')`);
  assert.deepEqual(await tableRows(page), after);
  await check();
  await page.close();
});

test('the view keeps its state when hidden and shown again (setState), and compares a loaded scenario B with A', async () => {
  const { page, check } = await openPlanner();
  await page.getByLabel('Batch share (%)').fill('50');
  await page.getByRole('button', { name: 'Pin the current controls as scenario A' }).click();
  const before = await tableRows(page);
  // VS Code reloads a hidden webview when it is shown again; the extension answers `ready` with `init`.
  await page.reload();
  await initPlanner(page, { t: 'init', data, scenario: SCENARIO });
  assert.equal(await page.getByLabel('Batch share (%)').inputValue(), '50');
  assert.deepEqual(await tableRows(page), before);
  // A scenario file loaded as B names a model the data had no price for: the extension sends its price.
  const cli = cliPlans({ models: ['gpt-4.1'], batchShare: 0 });
  const extra = await loadPlannerData(join(ROOT, FILE), {
    target: { kind: 'file', uri: 'x' },
    title: 'x',
    scenario: validateScenario({ models: ['gpt-4.1'] }).scenario,
    at: AT,
  });
  const resolved = extra.resolved.filter((r) => r.written === 'gpt-4.1');
  await postToPlanner(page, {
    t: 'scenarioLoaded',
    slot: 'b',
    name: 'swap.json',
    scenario: validateScenario({ ...SCENARIO_FIELDS, models: ['gpt-4.1'], batchShare: 0 }).scenario,
    resolved,
  });
  await page.waitForSelector('.compare table');
  const compared = (await page.evaluate(
    `Array.from(document.querySelectorAll('.compare tbody tr')).map((tr) => Array.from(tr.children).map((c) => c.textContent))`,
  )) as string[][];
  const row = compared.find((r) => r[0] === 'gpt-4.1');
  assert.ok(row, JSON.stringify(compared));
  assert.equal(row[2], formatUsd(cli.find((p) => p.requestedAs === 'gpt-4.1')!.costPerMonth));
  assert.equal(row[1], 'not in A (pinned)', 'A did not compare gpt-4.1: no figure, and not $0');
  await check();
  await page.close();
});

test('charts take the theme chart colours and redraw when the theme changes', async () => {
  const { page, check } = await openPlanner({ theme: 'dark' });
  const colours = async () =>
    ((await page.evaluate('window.plannerChartData()')) as Record<string, { datasets: { backgroundColor: unknown }[] }>).monthly.datasets.map(
      (d) => d.backgroundColor,
    );
  assert.deepEqual(await colours(), ['#3794ff', '#d18616', '#89d185', '#b180d7']);
  // What VS Code does on a theme switch: new variables on <html>'s style, and a new class on <body>.
  const light = Object.entries(THEMES.light.vars).map(([name, value]) => [`--vscode-${name}`, value]);
  await page.evaluate(
    `(() => { for (const [name, value] of ${JSON.stringify(light)}) document.body.style.setProperty(name, value); document.body.className = 'vscode-light'; })()`,
  );
  await page.waitForFunction(`window.plannerChartData().monthly.datasets[0].backgroundColor === '#1a85ff'`);
  assert.deepEqual(await colours(), ['#1a85ff', '#d18616', '#388a34', '#652d90']);
  await check();
  await page.close();
});

test('everything is reachable by keyboard, and a sort header works with Enter', async () => {
  const { page, check } = await openPlanner();
  const seen: string[] = [];
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const name = (await page.evaluate(
      `(() => { const e = document.activeElement; if (!e) return ''; return e.tagName.toLowerCase() + ':' + (e.getAttribute('aria-label') || e.id || e.textContent.trim().slice(0, 40)); })()`,
    )) as string;
    seen.push(name);
  }
  for (const wanted of [
    'button:Per request',
    'button:Per month',
    'button:Remove gpt-4o-mini',
    'vscode-button:Save the controls',
    'vscode-button:Export the table as CSV',
  ]) {
    assert.ok(
      seen.some((s) => s.startsWith(wanted)),
      `${wanted} never gets focus (${[...new Set(seen)].join(' | ')})`,
    );
  }
  const fieldLabels = (await page.evaluate(`Array.from(document.querySelectorAll('vscode-label')).map((l) => l.textContent)`)) as string[];
  assert.ok(fieldLabels.includes('Batch share (%)'));
  // Focus the "Per request" header by keyboard and sort with Enter.
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    if (((await page.evaluate('document.activeElement && document.activeElement.textContent')) as string)?.startsWith('Per request')) break;
  }
  await page.keyboard.press('Enter');
  const sort = (await page.evaluate(
    `Array.from(document.querySelector('main table.comparison thead').querySelectorAll('th')).map((th) => th.getAttribute('aria-sort'))`,
  )) as string[];
  assert.equal(sort[column('costPerRequest')], 'ascending');
  assert.ok(((await page.evaluate('document.activeElement.textContent')) as string).startsWith('Per request'), 'focus stays on the header after sorting');
  await check();
  await page.close();
});

test('hostile file and model names and prompt text render as text; no script or dialog runs', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'planner-hostile-'));
  const evil = '<img src=x onerror=alert(1)>';
  try {
    mkdirSync(join(folder, 'prompts'));
    writeFileSync(
      join(folder, 'prompts', `${evil}.prompt.md`),
      `---\nmodel: "${evil}</script>"\ndescription: "</script>${evil}"\n---\nSummarise </script>${evil} \${input:topic}\n`,
    );
    writeFileSync(
      join(folder, 'promptfooconfig.yaml'),
      `prompts:\n  - "Answer {{ question }} </script>${evil}"\nproviders:\n  - id: "openai:${evil}"\ntests:\n  - vars:\n      question: "</script><script>alert(2)</script>${evil}"\n      "${evil}": "x"\n`,
    );
    const hostile = await loadPlannerData(folder, { target: { kind: 'workspace' }, title: `${evil}</script>` });
    const { page, check } = await openPlanner({}, { t: 'init', data: hostile, scenario: null });
    const text = (await page.evaluate('document.body.innerText')) as string;
    assert.ok(text.includes(`${evil}</script>`), 'the hostile model name is shown as text');
    assert.ok(text.includes(`prompts/${evil}.prompt.md`), 'the hostile file name is shown as text');
    assert.equal(await page.evaluate(`document.querySelectorAll('img, script:not([src])').length`), 0);
    assert.equal(await page.evaluate('window.pwned'), undefined);
    // The scope list shows the file names too: open it and look again.
    await page.getByRole('combobox', { name: 'Scope' }).click();
    await page.getByRole('option', { name: `prompts/${evil}.prompt.md` }).waitFor();
    assert.equal(await page.evaluate(`document.querySelectorAll('img, script:not([src])').length`), 0);
    await check();
    await page.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a message that does not validate is dropped and logged; the planner keeps working', async () => {
  const { page, check } = await openPlanner();
  const logged: string[] = [];
  page.on('console', (m) => logged.push(m.text()));
  const before = await tableRows(page);
  await postToPlanner(page, { t: 'init', data: { prompts: 'not a list' }, scenario: null });
  await postToPlanner(page, { t: 'scenarioLoaded', slot: 'controls', name: 'x', scenario: { batchShare: 7 } });
  await postToPlanner(page, { t: 'evil', html: '<img src=x onerror=alert(1)>' });
  await page.waitForTimeout(100);
  assert.equal(logged.filter((l) => l.includes('dropped a message')).length, 3, logged.join('\n'));
  assert.deepEqual(await tableRows(page), before);
  await check();
  await page.close();
});

test('the CSP check itself catches a violation (so a clean run means something)', async () => {
  const { page } = await openPlanner();
  await page.evaluate(`document.body.setAttribute('style', 'color: red')`);
  await page.waitForFunction('window.plannerViolations.length > 0');
  const violations = (await page.evaluate('window.plannerViolations')) as string[];
  assert.ok(
    violations.some((v) => v.startsWith('style-src')),
    violations.join(', '),
  );
  await page.close();
});

test('screenshots of the planner in the dark and light themes, wide and narrow', async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const theme of ['dark', 'light'] as const) {
    const { page, check } = await openPlanner({ theme, width: 1600, height: 1000 });
    await page.screenshot({ path: join(SCREENSHOTS, `planner-${theme}.png`), fullPage: true });
    await check();
    await page.close();
  }
  const { page, check } = await openPlanner({ theme: 'dark', width: 420, height: 900 });
  await page.screenshot({ path: join(SCREENSHOTS, 'planner-narrow-dark.png') });
  const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  assert.ok((overflow as number) <= 0, `the narrow layout scrolls sideways by ${overflow}px`);
  await check();
  await page.close();
});

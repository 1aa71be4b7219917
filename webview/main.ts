// The planner webview: one prompt or the whole workspace priced across models, with controls that
// recompute at once. The cost model runs here (the core's planComparison, fed the profiles and prices
// the extension sent), so a control change never waits for the extension.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import { validateToWebview, type PlannerData, type ResolvedPrice, type ShorteningOptions, type ToWebview } from '../src/core/planner/protocol';
import { evaluate, preparePlanner, type Evaluation, type PreparedPlanner } from '../src/core/planner/evaluate';
import { initialState, plannerReducer, trafficShares, type ColumnKey, type PlannerAction, type PlannerState } from '../src/core/planner/state';
import { TABLE_COLUMNS, cellText, sortRows } from '../src/core/planner/table';
import { costByHitRate, costByTraffic, monthlyCostByPart, savingsWaterfall } from '../src/core/planner/charts';
import { exportCsv, exportJson, exportMarkdown, scenarioToSave } from '../src/core/planner/exports';
import { catalogueId } from '../src/core/planner/priceBook';
import { formatUsd } from '../src/core/report/money';
import type { Scenario } from '../src/core/cost/scenario';
import type { ShorteningKind } from '../src/core/cost/shortening';
import { clear, custom, el } from './dom';
import { PlannerCharts, type ChartName } from './chartViews';
import { onThemeChange } from './theme';
import { vscode } from './vscodeApi';

interface Timing {
  action: string;
  /** Reducer, evaluation and table, in the same task as the input event. */
  tableMs: number;
  /** The four charts' data and drawing, on the next animation frame (null until drawn). */
  chartsMs: number | null;
  /** tableMs + chartsMs: the work a change costs (the wait for the frame itself is not counted). */
  totalMs: number | null;
  started: number;
}

const timings: Timing[] = [];
(window as unknown as { plannerTimings: Timing[] }).plannerTimings = timings;
// What each chart is drawing, for the browser test (read-only copies).
(window as unknown as { plannerChartData: () => unknown }).plannerChartData = () =>
  Object.fromEntries(
    [...(charts?.charts ?? [])].map(([name, chart]) => [
      name,
      JSON.parse(
        JSON.stringify({
          labels: chart.data.labels,
          datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data, backgroundColor: d.backgroundColor })),
        }),
      ),
    ]),
  );

let prepared: PreparedPlanner | null = null;
let state: PlannerState = initialState();
let evaluation: Evaluation | null = null;
const shortening = new Map<string, ShorteningOptions>();
/** Prices of models named by scenarios loaded since the data came. */
const extraPrices: ResolvedPrice[] = [];
let charts: PlannerCharts | null = null;
const view = {} as Record<string, HTMLElement>;

// ---- messages ----------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent) => {
  const checked = validateToWebview(event.data);
  if (!checked.ok) {
    console.warn(`LLM cost planner: dropped a message that does not validate (${checked.error})`);
    return;
  }
  receive(checked.message);
});

function receive(message: ToWebview): void {
  switch (message.t) {
    case 'init':
      start(message.data, message.scenario);
      break;
    case 'shortening':
      shortening.set(message.promptId, message.options);
      buildShortening();
      refresh('shortening counted');
      break;
    case 'scenarioLoaded':
      if (prepared && message.resolved.length) prepared = { ...prepared, prices: preparePlanner(prepared.data, [...extraPrices, ...message.resolved]).prices };
      extraPrices.push(...message.resolved);
      dispatch({ type: 'loadScenario', slot: message.slot, name: message.name, scenario: message.scenario });
      if (message.slot === 'controls') syncControls();
      announce(message.slot === 'controls' ? `Scenario ${message.name} loaded.` : `Scenario ${message.name} loaded as ${message.slot.toUpperCase()}.`);
      break;
    case 'notice':
      announce(message.message, message.level === 'error');
      break;
  }
}

function start(data: PlannerData, scenario: Scenario | null): void {
  prepared = preparePlanner(data);
  shortening.clear();
  extraPrices.length = 0;
  const saved = vscode.getState() as { planner?: unknown } | undefined;
  const savedTarget = (saved?.planner as PlannerState | undefined)?.target;
  state = plannerReducer(initialState(), { type: 'init', target: data.target, defaultModels: data.defaultModels, promptIds: prepared.promptIds, scenario });
  if (saved?.planner && JSON.stringify(savedTarget) === JSON.stringify(data.target)) {
    state = plannerReducer(state, { type: 'restore', state: saved.planner, promptIds: prepared.promptIds });
  }
  buildPage(data);
  syncControls();
  refresh('open');
}

// ---- state and recompute -----------------------------------------------------------------------

function dispatch(action: PlannerAction): void {
  const t0 = performance.now();
  state = plannerReducer(state, action);
  vscode.setState({ planner: state });
  refresh(action.type, t0);
  if ((action.type === 'setField' && action.field === 'maxExamples') || action.type === 'setScope' || action.type === 'loadScenario') askForShortening();
  if (action.type === 'setScope') {
    buildShortening();
    renderShares();
  }
}

function refresh(action: string, t0 = performance.now()): void {
  if (!prepared) return;
  evaluation = evaluate(prepared, state, { suggestions: true, shortening });
  renderTable();
  renderProblem();
  renderScopeNotes();
  renderCompare();
  const timing: Timing = { action, tableMs: performance.now() - t0, chartsMs: null, totalMs: null, started: t0 };
  timings.push(timing);
  if (timings.length > 200) timings.shift();
  scheduleCharts();
}

// The table is redrawn at once; the charts on the next frame, so typing in a control never waits for
// them, and several changes within one frame draw the charts once.
let chartsPending = false;
function scheduleCharts(): void {
  if (chartsPending) return;
  chartsPending = true;
  requestAnimationFrame(() => {
    chartsPending = false;
    const t1 = performance.now();
    renderCharts();
    const t2 = performance.now();
    for (const timing of timings) {
      if (timing.chartsMs !== null) continue;
      timing.chartsMs = t2 - t1;
      timing.totalMs = timing.tableMs + (t2 - t1);
    }
  });
}

// ---- page --------------------------------------------------------------------------------------

function buildPage(data: PlannerData): void {
  const app = document.getElementById('app')!;
  clear(app);
  app.removeAttribute('aria-busy');
  view.title = el('h1', {}, `Cost planner: ${data.title}`);
  view.source = el('p', { class: 'source' }, `Prices: ${data.dataSource}, as of ${data.asOf}. A month is 30 days.`);
  view.status = el('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  view.problem = el('div', { class: 'problem', role: 'alert' });
  view.table = el('table', { class: 'comparison', 'aria-describedby': 'table-caption-note' });
  view.scopeNotes = el('div', { class: 'notes' });
  view.compare = el('div', { class: 'compare' });
  const canvases = {
    monthly: el('canvas', { role: 'img', 'aria-label': 'Monthly cost per model by part of the bill' }),
    hitRate: el('canvas', { role: 'img', 'aria-label': 'Cost per request as the cache hit rate goes from 0 to 100%' }),
    traffic: el('canvas', { role: 'img', 'aria-label': 'Monthly cost as traffic grows, log scale, with the budget' }),
    waterfall: el('canvas', { role: 'img', 'aria-label': "From today's monthly cost to the optimised one, lever by lever" }),
  };
  const figure = (name: ChartName, caption: string) =>
    el(
      'figure',
      { class: 'chart' },
      el(
        'figcaption',
        {},
        caption,
        ' ',
        exportButton(`Save chart "${caption}" as PNG`, 'PNG', () => exportPng(name, caption)),
      ),
      el('div', { class: 'canvas-box' }, canvases[name]),
    );
  app.append(
    el('header', {}, view.title, view.source),
    el(
      'div',
      { class: 'layout' },
      el('section', { class: 'controls', 'aria-label': 'What-if controls' }, ...buildControls(data)),
      el(
        'main',
        {},
        el(
          'section',
          { 'aria-labelledby': 'table-heading' },
          el('h2', { id: 'table-heading' }, 'Comparison'),
          el(
            'p',
            { id: 'table-caption-note', class: 'hint' },
            'Sort by any column with its header button. ~ marks tokens estimated from the model family\u2019s tokenizer, with the range. Prices are list prices per million tokens; hover one for its source and date. Per 1k: per 1,000 requests.',
          ),
          el('div', { class: 'table-scroll', tabindex: '0', 'aria-label': 'Comparison table, scrolls sideways' }, view.table),
          view.scopeNotes,
        ),
        el(
          'section',
          { 'aria-labelledby': 'charts-heading' },
          el('h2', { id: 'charts-heading' }, 'Charts'),
          el(
            'div',
            { class: 'charts' },
            figure('monthly', 'Monthly cost by part'),
            figure('hitRate', 'Cost per request vs cache hit rate'),
            figure('traffic', 'Monthly cost as traffic grows'),
            figure('waterfall', 'From today to optimised'),
          ),
        ),
        el('section', { 'aria-labelledby': 'compare-heading' }, el('h2', { id: 'compare-heading' }, 'Scenarios side by side'), view.compare),
      ),
    ),
    view.problem,
    view.status,
  );
  charts?.charts.forEach((c) => c.destroy());
  charts = new PlannerCharts(canvases);
}

function exportButton(label: string, text: string, action: () => void): HTMLElement {
  const button = custom('vscode-button', { 'aria-label': label, secondary: '' }, text);
  button.addEventListener('click', action);
  return button;
}

// ---- controls ----------------------------------------------------------------------------------

type FieldKind = 'count' | 'percent' | 'usd';
const fields = new Map<string, { input: HTMLElement & { value: string }; field: keyof Scenario; kind: FieldKind }>();
let fieldIds = 0;

function numberField(label: string, field: Exclude<keyof Scenario, 'models'>, kind: FieldKind, placeholder: string): HTMLElement {
  const id = `field-${fieldIds++}`;
  const input = custom<HTMLElement & { value: string }>('vscode-textfield', { id, type: 'text', inputmode: 'decimal', placeholder });
  input.addEventListener('input', () => dispatch({ type: 'setField', field, value: parseField(input.value, kind) }));
  fields.set(id, { input, field, kind });
  return el('div', { class: 'field' }, custom('vscode-label', { for: id }, label), input);
}

/** Text typed into a control as a scenario value: empty is "not set", a percentage is a share; anything else is passed on for the reducer to refuse with a reason. */
function parseField(text: string, kind: FieldKind): unknown {
  const trimmed = text.trim().replace(/^\$/, '').replace(/%$/, '').replace(/,/g, '');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return text;
  return kind === 'percent' ? value / 100 : value;
}

function showField(value: unknown, kind: FieldKind): string {
  if (value === null || value === undefined) return '';
  return kind === 'percent' ? String(Math.round((value as number) * 10_000) / 100) : String(value);
}

function select(label: string, options: [string, string][], onChange: (value: string) => void): HTMLElement & { value: string } {
  const id = `field-${fieldIds++}`;
  const s = custom<HTMLElement & { value: string }>(
    'vscode-single-select',
    { id, 'aria-label': label },
    ...options.map(([value, text]) => custom('vscode-option', { value }, text)),
  );
  s.addEventListener('change', () => onChange(s.value));
  view[`select:${label}`] = el('div', { class: 'field' }, custom('vscode-label', { for: id }, label), s);
  return s;
}

function checkbox(label: string, onChange: (checked: boolean) => void): HTMLElement & { checked: boolean } {
  const box = custom<HTMLElement & { checked: boolean }>('vscode-checkbox', {}, label);
  box.addEventListener('change', () => onChange(box.checked));
  return box;
}

function group(heading: string, ...children: HTMLElement[]): HTMLElement {
  const id = `group-${fieldIds++}`;
  return el('fieldset', { 'aria-labelledby': id }, el('legend', { id }, heading), ...children);
}

let scopeSelect: (HTMLElement & { value: string }) | null = null;
let trafficSelect: (HTMLElement & { value: string }) | null = null;
let ttlSelect: (HTMLElement & { value: string }) | null = null;
let cachingBox: (HTMLElement & { checked: boolean }) | null = null;

function buildControls(data: PlannerData): HTMLElement[] {
  fields.clear();
  const prompts = data.prompts;
  scopeSelect = select(
    'Scope',
    [
      ...(prompts.length > 1 ? [['all', `All ${prompts.length} prompts, traffic shared`] as [string, string]] : []),
      ...prompts.map((p) => [p.id, p.label] as [string, string]),
    ],
    (value) => dispatch({ type: 'setScope', scope: value }),
  );
  view.shares = el('div', { class: 'shares' });
  trafficSelect = select(
    'Traffic given as',
    [
      ['requests', 'Requests per day'],
      ['users', 'Active users × requests per user'],
    ],
    (value) => {
      dispatch({ type: 'setTrafficFrom', from: value === 'users' ? 'users' : 'requests' });
      syncControls();
    },
  );
  ttlSelect = select(
    'Cache lifetime',
    [
      ['auto', 'Auto (cheaper)'],
      ['5m', '5 minutes'],
      ['1h', '1 hour'],
    ],
    (value) => dispatch({ type: 'setField', field: 'cacheTtl', value }),
  );
  cachingBox = checkbox('Prompt caching', (checked) => dispatch({ type: 'setField', field: 'caching', value: checked }));
  view.shortening = el('div', { class: 'edits' });
  view.models = el('ul', { class: 'model-set', 'aria-label': 'Models compared' });
  view.found = el('ul', { class: 'model-results', 'aria-label': 'Matching models' });
  const search = custom<HTMLElement & { value: string }>('vscode-textfield', {
    id: 'model-search',
    type: 'search',
    placeholder: 'name or provider, e.g. claude, mistral',
  });
  search.addEventListener('input', () => showMatches(search.value));
  const actions = (...buttons: HTMLElement[]) => el('div', { class: 'actions' }, ...buttons);
  return [
    group('Scope', view['select:Scope'], view.shares),
    group(
      'Traffic and price',
      view['select:Traffic given as'],
      numberField('Requests per day', 'requestsPerDay', 'count', 'default 1,000'),
      numberField('Active users', 'activeUsers', 'count', 'none'),
      numberField('Requests per user per day', 'requestsPerUserPerDay', 'count', 'none'),
      numberField('Price per user per month (USD)', 'pricePerUserPerMonth', 'usd', 'none'),
      numberField('Budget per request (USD)', 'budgetPerRequest', 'usd', 'none'),
    ),
    group(
      'Tokens',
      numberField('Expected output tokens', 'outputTokens', 'count', "file's limit, else 500"),
      numberField('Reasoning tokens', 'reasoningTokens', 'count', '0'),
      numberField('Conversation turns', 'conversationTurns', 'count', 'single request'),
    ),
    group(
      'Caching and batch',
      cachingBox,
      numberField('Cache hit rate (%)', 'cacheHitRate', 'percent', 'derived from traffic'),
      view['select:Cache lifetime'],
      numberField('Batch share (%)', 'batchShare', 'percent', '0'),
    ),
    group(
      'Shorter prompt',
      numberField('Shorter by (%)', 'shorten', 'percent', '0'),
      numberField('Maximum few-shot examples', 'maxExamples', 'count', 'not trimmed'),
      view.shortening,
    ),
    group('Models', view.models, el('div', { class: 'field' }, custom('vscode-label', { for: 'model-search' }, 'Add a model'), search), view.found),
    group(
      'Scenario and export',
      actions(
        exportButton(
          'Save the controls as a scenario file for llm-cost plan --scenario',
          'Save scenario…',
          () => prepared && vscode.postMessage({ t: 'saveScenario', scenario: scenarioToSave(prepared, state) }),
        ),
        exportButton('Load a scenario file into the controls', 'Load scenario…', () => vscode.postMessage({ t: 'loadScenario', slot: 'controls' })),
      ),
      actions(
        exportButton('Pin the current controls as scenario A', 'Pin as A', () => dispatch({ type: 'pin', slot: 'a', name: 'A (pinned)' })),
        exportButton('Pin the current controls as scenario B', 'Pin as B', () => dispatch({ type: 'pin', slot: 'b', name: 'B (pinned)' })),
        exportButton('Load scenario B from a file', 'Load B…', () => vscode.postMessage({ t: 'loadScenario', slot: 'b' })),
      ),
      actions(
        exportButton('Export the table as Markdown', 'Markdown', () => exportText('markdown')),
        exportButton('Export the table as CSV', 'CSV', () => exportText('csv')),
        exportButton('Export the plan as JSON', 'JSON', () => exportText('json')),
      ),
    ),
  ];
}

/** Puts the state's values into the controls (on open, restore, a loaded scenario, a traffic mode switch). */
function syncControls(): void {
  for (const { input, field, kind } of fields.values()) input.value = showField(state.controls[field], kind);
  if (scopeSelect) scopeSelect.value = state.scope;
  if (trafficSelect) trafficSelect.value = state.trafficFrom;
  if (ttlSelect) ttlSelect.value = state.controls.cacheTtl;
  if (cachingBox) cachingBox.checked = state.controls.caching;
  for (const { input, field } of fields.values()) {
    const disabled = (field === 'requestsPerDay' && state.trafficFrom === 'users') || (field === 'requestsPerUserPerDay' && state.trafficFrom === 'requests');
    input.toggleAttribute('disabled', disabled);
  }
  buildShortening();
  renderModelSet();
  renderShares();
}

function buildShortening(): void {
  if (!prepared || !view.shortening) return;
  clear(view.shortening);
  const inScope = [...trafficShares(state, prepared.promptIds).keys()];
  const found = new Map<ShorteningKind, { description: string; tokensSaved: number }>();
  for (const id of inScope) {
    const options = shortening.get(id) ?? prepared.data.prompts.find((p) => p.id === id)?.shortening;
    for (const t of options?.transforms ?? []) {
      const seen = found.get(t.kind);
      found.set(t.kind, { description: t.description, tokensSaved: (seen?.tokensSaved ?? 0) + t.tokensSaved });
    }
  }
  if (found.size === 0) {
    view.shortening.append(el('p', { class: 'hint' }, 'No shortening edits found for this scope.'));
    return;
  }
  view.shortening.append(el('p', { class: 'hint' }, 'Or tick the edits the engine found (exact token savings):'));
  for (const [kind, { description, tokensSaved }] of found) {
    const box = checkbox(`${description}: ${tokensSaved.toLocaleString('en-US')} tokens`, () => dispatch({ type: 'toggleEdit', kind }));
    box.checked = state.shortenFrom === 'edits' && state.edits.includes(kind);
    if (tokensSaved === 0) box.toggleAttribute('disabled', true);
    view.shortening.append(box);
  }
}

function renderModelSet(): void {
  if (!view.models) return;
  clear(view.models);
  for (const model of state.controls.models ?? []) {
    const remove = el('button', { type: 'button', class: 'remove', 'aria-label': `Remove ${model}` }, '×');
    remove.addEventListener('click', () => {
      dispatch({ type: 'removeModel', model });
      renderModelSet();
    });
    view.models.append(el('li', {}, el('span', {}, model), remove));
  }
}

function showMatches(query: string): void {
  if (!prepared) return;
  clear(view.found);
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return;
  const matches = prepared.data.catalogue
    .filter((m) => {
      const text = `${catalogueId(m)} ${m.name} ${m.providerName}`.toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .slice(0, 30);
  if (!matches.length) view.found.append(el('li', { class: 'hint' }, 'No model matches.'));
  for (const m of matches) {
    const id = catalogueId(m);
    const add = el('button', { type: 'button', class: 'add', 'aria-label': `Add ${id} (${m.providerName})` }, `+ ${id}`);
    add.addEventListener('click', () => {
      dispatch({ type: 'addModel', model: id });
      renderModelSet();
      announce(`${id} added.`);
    });
    view.found.append(el('li', {}, add, el('span', { class: 'hint' }, ` ${m.providerName}, $${m.input.perMTok}/$${m.output.perMTok} per M`)));
  }
}

function renderShares(): void {
  if (!prepared || !view.shares) return;
  clear(view.shares);
  if (state.scope !== 'all' || prepared.data.prompts.length < 2) return;
  view.shares.append(el('p', { class: 'hint' }, 'Traffic weight per prompt (even by default):'));
  for (const prompt of prepared.data.prompts) {
    const id = `share-${prompt.id}`;
    const input = custom<HTMLElement & { value: string }>('vscode-textfield', { id, type: 'text', inputmode: 'decimal' });
    input.value = String(state.shares.find((s) => s.id === prompt.id)?.weight ?? 1);
    input.addEventListener('input', () => dispatch({ type: 'setShare', id: prompt.id, weight: Number(input.value.trim() === '' ? NaN : input.value) }));
    view.shares.append(el('div', { class: 'field share' }, custom('vscode-label', { for: id }, prompt.label), input));
  }
}

// ---- table -------------------------------------------------------------------------------------

function renderTable(): void {
  if (!evaluation) return;
  const table = view.table;
  clear(table);
  const caption = el('caption', {}, tableCaption());
  const headRow = el('tr');
  for (const column of TABLE_COLUMNS) {
    const sorted = state.sort.column === column.key;
    const th = el('th', {
      scope: 'col',
      class: column.numeric ? 'num' : '',
      'aria-sort': sorted ? (state.sort.descending ? 'descending' : 'ascending') : 'none',
    });
    const button = el(
      'button',
      { type: 'button', class: 'sort', 'data-column': column.key },
      column.header,
      sorted ? (state.sort.descending ? ' ▼' : ' ▲') : '',
    );
    button.addEventListener('click', () => {
      dispatch({ type: 'sort', column: column.key as ColumnKey });
      (view.table.querySelector(`button[data-column="${column.key}"]`) as HTMLElement | null)?.focus();
    });
    th.append(button);
    headRow.append(th);
  }
  const body = el('tbody');
  for (const row of sortRows(evaluation.rows, state.sort.column, state.sort.descending)) {
    const tr = el('tr', { class: [row.isCurrent ? 'current' : '', row.isCheapest ? 'cheapest' : '', row.known ? '' : 'unknown'].join(' ').trim() });
    for (const column of TABLE_COLUMNS) {
      const text = cellText(row, column.key);
      if (column.key === 'model') {
        const marks = [row.isCurrent ? 'current' : '', row.isCheapest ? 'cheapest that fits' : '', row.overBudget ? 'over budget' : ''].filter(Boolean);
        const th = el(
          'th',
          { scope: 'row' },
          el('span', { class: 'model-name' }, text),
          ...marks.map((m) => el('span', { class: `badge ${m.split(' ')[0]}` }, m)),
        );
        if (row.provider && row.prices) {
          // Where each price comes from: the catalogue's date, or the user's own price file by name.
          const fromCatalogue = prepared !== null && row.prices.source.startsWith(prepared.data.dataSource);
          th.append(
            el(
              'span',
              { class: 'provider', title: row.prices.source },
              `${row.provider} · prices ${fromCatalogue ? '' : `from ${row.prices.source}, `}as of ${row.prices.asOf}`,
            ),
          );
        }
        if (!row.known && row.reason) th.append(el('span', { class: 'reason' }, `price unknown: ${row.reason}`));
        tr.append(th);
        continue;
      }
      const td = el('td', { class: column.numeric ? 'num' : '' }, text);
      if (column.key === 'inputPrice' && row.prices) td.setAttribute('title', `${row.prices.source}, as of ${row.prices.asOf}`);
      if (column.key === 'fit' && row.fitProblems.length) td.setAttribute('title', row.fitProblems.join('; '));
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(caption, el('thead', {}, headRow), body);
}

function tableCaption(): string {
  if (!evaluation) return '';
  if (evaluation.prompts.length === 0) return 'No prompt files found: nothing to price.';
  const users = evaluation.activeUsers ? `, ${evaluation.activeUsers.toLocaleString('en-US')} active users` : '';
  const scope = evaluation.prompts.length === 1 ? evaluation.prompts[0].prompt.label : `${evaluation.prompts.length} prompts`;
  return `${scope}: ${Math.round(evaluation.requestsPerDay).toLocaleString('en-US')} requests a day${users}`;
}

function renderScopeNotes(): void {
  if (!evaluation || !prepared) return;
  const box = view.scopeNotes;
  clear(box);
  const lines = new Set<string>();
  for (const p of evaluation.prompts) {
    const current = p.comparison.plans.find((plan) => plan.requestedAs === p.comparison.currentModel);
    for (const a of [...p.comparison.assumptions, ...(current?.known ? current.assumptions : [])]) lines.add(`Assumed: ${a}`);
    if (current?.known) {
      lines.add(`Caching on ${current.requestedAs}: ${current.caching.reason}`);
      for (const n of current.notes) lines.add(`Note: ${n}`);
    }
    for (const d of p.prompt.diagnostics.filter((x) => x.severity !== 'info')) lines.add(`${p.prompt.path}:${d.line}: ${d.severity}: ${d.message}`);
    if (p.prompt.omittedRequests) lines.add(`${p.prompt.path}: ${p.prompt.omittedRequests} more requests not priced.`);
  }
  for (const w of prepared.data.warnings) lines.add(`Warning: ${w}`);
  box.append(el('h3', {}, 'Assumptions and notes'), el('ul', {}, ...[...lines].map((line) => el('li', {}, line))));
}

function renderProblem(): void {
  view.problem.textContent = state.problem ? `${state.problem.field}: ${state.problem.message}` : '';
}

function renderCompare(): void {
  if (!prepared) return;
  const box = view.compare;
  clear(box);
  const { a, b } = state.compare;
  if (!a || !b) {
    box.append(
      el(
        'p',
        { class: 'hint' },
        `Pin the controls as A and B (or load B from a scenario file) to compare two scenarios. ${a ? 'A is pinned.' : ''}${b ? ' B is set.' : ''}`,
      ),
    );
    return;
  }
  const ea = evaluate(prepared, state, { scenario: a.scenario });
  const eb = evaluate(prepared, state, { scenario: b.scenario });
  const models = [...new Set([...ea.rows, ...eb.rows].map((r) => r.model))];
  const rows = models.map((model) => {
    const ra = ea.rows.find((r) => r.model === model);
    const rb = eb.rows.find((r) => r.model === model);
    const delta = typeof ra?.costPerMonth === 'number' && typeof rb?.costPerMonth === 'number' ? rb.costPerMonth - ra.costPerMonth : null;
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, model),
      el('td', { class: 'num' }, ra ? formatUsd(ra.costPerMonth) : `not in ${a.name}`),
      el('td', { class: 'num' }, rb ? formatUsd(rb.costPerMonth) : `not in ${b.name}`),
      el('td', { class: 'num' }, delta === null ? '—' : `${delta <= 0 ? '−' : '+'}${formatUsd(Math.abs(delta))}`),
    );
  });
  const clearButton = exportButton('Stop comparing scenarios', 'Clear', () => dispatch({ type: 'clearCompare' }));
  box.append(
    el(
      'table',
      { class: 'comparison' },
      el('caption', {}, `Per month: ${a.name} vs ${b.name}`),
      el('thead', {}, el('tr', {}, ...['Model', a.name, b.name, 'B − A'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows),
    ),
    clearButton,
  );
}

// ---- charts ------------------------------------------------------------------------------------

function renderCharts(): void {
  if (!charts || !prepared || !evaluation) return;
  charts.showMonthly(monthlyCostByPart(prepared, evaluation));
  charts.showHitRate(costByHitRate(prepared, state));
  charts.showTraffic(costByTraffic(prepared, state));
  charts.showWaterfall(savingsWaterfall(prepared, state, evaluation));
}

onThemeChange(() => {
  charts?.retheme();
  renderCharts();
});

// ---- exports -----------------------------------------------------------------------------------

function baseName(): string {
  const title = prepared?.data.title ?? 'plan';
  return (title.split('/').pop() ?? 'plan').replace(/[^\w.-]+/g, '-').slice(0, 80) || 'plan';
}

function exportText(format: 'markdown' | 'csv' | 'json'): void {
  if (!prepared || !evaluation) return;
  const content =
    format === 'markdown' ? exportMarkdown(prepared, evaluation) : format === 'csv' ? exportCsv(prepared, evaluation) : exportJson(prepared, evaluation);
  const extension = format === 'markdown' ? 'md' : format;
  vscode.postMessage({ t: 'export', format, suggestedName: `${baseName()}-cost-plan.${extension}`, content });
}

function exportPng(name: ChartName, caption: string): void {
  if (!charts) return;
  vscode.postMessage({
    t: 'export',
    format: 'png',
    suggestedName: `${baseName()}-${caption.replace(/[^\w]+/g, '-').toLowerCase()}.png`,
    content: charts.png(name),
  });
}

function announce(text: string, error = false): void {
  if (!view.status) return;
  view.status.textContent = text;
  view.status.classList.toggle('error', error);
}

/** When max examples or the scope changes, asks the extension for the edits counted at the new setting. */
function askForShortening(): void {
  if (!prepared) return;
  const wanted = state.controls.maxExamples;
  for (const id of trafficShares(state, prepared.promptIds).keys()) {
    const have = shortening.get(id) ?? prepared.data.prompts.find((p) => p.id === id)?.shortening;
    if (have && have.maxExamples !== wanted) vscode.postMessage({ t: 'shorteningFor', promptId: id, maxExamples: wanted });
  }
}

vscode.postMessage({ t: 'ready' });

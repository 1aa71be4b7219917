// The planner's state as a pure reducer: what the controls say, which prompts are in scope, the
// model set, sorting and the scenarios being compared. Small and serialisable, so the webview keeps
// it with `setState` and gets it back after being hidden or reloaded; the prompts and prices
// themselves come from the extension and are not part of it.
import { DEFAULT_SCENARIO, validateScenario, type Scenario } from '../cost/scenario';
import type { ShorteningKind } from '../cost/shortening';
import type { PlannerTarget } from './protocol';

export const PLANNER_STATE_VERSION = 1;

export type ColumnKey = 'model' | 'inputTokens' | 'inputPrice' | 'costPerRequest' | 'costPer1k' | 'costPerMonth' | 'costPerUser' | 'margin' | 'fit' | 'saving';

export interface NamedScenario {
  name: string;
  scenario: Scenario;
}

export interface PlannerState {
  version: number;
  target: PlannerTarget | null;
  /** The scenario the controls show; `models` is the model set (never null once initialised). */
  controls: Scenario;
  /** Whether traffic is given as requests a day or as active users x requests per user. */
  trafficFrom: 'requests' | 'users';
  /** Whether the user set a batch share (else a Batch API file is priced as batch traffic, as the CLI does). */
  batchShareChosen: boolean;
  /** 'all' = every prompt, each with its share of the traffic; else one prompt's id. */
  scope: string;
  /** Traffic weights per prompt id (normalised when used); prompts not listed weigh 1. */
  shares: { id: string; weight: number }[];
  /** "What if shorter": a share typed in, or the engine's edits ticked one by one. */
  shortenFrom: 'share' | 'edits';
  edits: ShorteningKind[];
  sort: { column: ColumnKey; descending: boolean };
  compare: { a: NamedScenario | null; b: NamedScenario | null };
  /** The last control value refused, with why; cleared by the next accepted change. */
  problem: { field: string; message: string } | null;
}

export type PlannerAction =
  | { type: 'init'; target: PlannerTarget; defaultModels: string[]; promptIds: string[]; scenario: Scenario | null }
  | { type: 'restore'; state: unknown; promptIds: string[] }
  | { type: 'setField'; field: Exclude<keyof Scenario, 'models'>; value: unknown }
  | { type: 'setTrafficFrom'; from: 'requests' | 'users' }
  | { type: 'addModel'; model: string }
  | { type: 'removeModel'; model: string }
  | { type: 'setScope'; scope: string }
  | { type: 'setShare'; id: string; weight: number }
  | { type: 'setShortenFrom'; from: 'share' | 'edits' }
  | { type: 'toggleEdit'; kind: ShorteningKind }
  | { type: 'sort'; column: ColumnKey }
  | { type: 'loadScenario'; slot: 'controls' | 'a' | 'b'; name: string; scenario: Scenario }
  | { type: 'pin'; slot: 'a' | 'b'; name: string }
  | { type: 'clearCompare' };

export function initialState(): PlannerState {
  return {
    version: PLANNER_STATE_VERSION,
    target: null,
    controls: { ...DEFAULT_SCENARIO, models: [] },
    trafficFrom: 'requests',
    batchShareChosen: false,
    scope: 'all',
    shares: [],
    shortenFrom: 'share',
    edits: [],
    sort: { column: 'costPerMonth', descending: false },
    compare: { a: null, b: null },
    problem: null,
  };
}

const COLUMNS: readonly ColumnKey[] = [
  'model',
  'inputTokens',
  'inputPrice',
  'costPerRequest',
  'costPer1k',
  'costPerMonth',
  'costPerUser',
  'margin',
  'fit',
  'saving',
];
const EDITS: readonly ShorteningKind[] = ['collapse-whitespace', 'strip-markdown', 'remove-duplicate-lines', 'trim-examples'];

export function plannerReducer(state: PlannerState, action: PlannerAction): PlannerState {
  switch (action.type) {
    case 'init': {
      const base = initialState();
      const scenario = action.scenario ?? DEFAULT_SCENARIO;
      return {
        ...base,
        target: action.target,
        controls: { ...scenario, models: scenario.models ?? [...action.defaultModels] },
        trafficFrom: trafficFromOf(scenario),
        batchShareChosen: action.scenario !== null && action.scenario.batchShare !== DEFAULT_SCENARIO.batchShare,
        scope: action.promptIds.length === 1 ? (action.promptIds[0] ?? 'all') : 'all',
      };
    }
    case 'restore':
      return restored(action.state, action.promptIds) ?? state;
    case 'setField': {
      const next = { ...state.controls, [action.field]: action.value };
      // Traffic from users: requests a day follow from them, so the two can never disagree.
      if (state.trafficFrom === 'users') next.requestsPerDay = null;
      const checked = validateScenario(next, 'controls');
      const problem = checked.errors.find((e) => e.field === action.field) ?? checked.errors[0];
      if (problem) return { ...state, problem: { field: problem.field ?? action.field, message: problem.message.replace(/^controls: /, '') } };
      return { ...state, controls: checked.scenario, problem: null, batchShareChosen: state.batchShareChosen || action.field === 'batchShare' };
    }
    case 'setTrafficFrom': {
      const controls = { ...state.controls };
      if (action.from === 'users') {
        controls.requestsPerDay = null;
        controls.requestsPerUserPerDay ??= 1;
        controls.activeUsers ??= 1000;
      } else {
        controls.requestsPerDay = resolvedRequestsPerDay(state.controls);
        controls.requestsPerUserPerDay = null;
      }
      return { ...state, trafficFrom: action.from, controls, problem: null };
    }
    case 'addModel': {
      const model = action.model.trim();
      const models = state.controls.models ?? [];
      if (!model || models.some((m) => m.toLowerCase() === model.toLowerCase())) return state;
      return { ...state, controls: { ...state.controls, models: [...models, model] } };
    }
    case 'removeModel':
      return { ...state, controls: { ...state.controls, models: (state.controls.models ?? []).filter((m) => m !== action.model) } };
    case 'setScope':
      return { ...state, scope: action.scope };
    case 'setShare': {
      if (!Number.isFinite(action.weight) || action.weight < 0)
        return { ...state, problem: { field: `share:${action.id}`, message: 'a traffic share must be a number >= 0' } };
      return { ...state, shares: [...state.shares.filter((s) => s.id !== action.id), { id: action.id, weight: action.weight }], problem: null };
    }
    case 'setShortenFrom':
      return { ...state, shortenFrom: action.from };
    case 'toggleEdit': {
      const edits = state.edits.includes(action.kind) ? state.edits.filter((k) => k !== action.kind) : [...state.edits, action.kind];
      return { ...state, shortenFrom: 'edits', edits };
    }
    case 'sort':
      return { ...state, sort: { column: action.column, descending: state.sort.column === action.column ? !state.sort.descending : false } };
    case 'loadScenario': {
      if (action.slot !== 'controls') return { ...state, compare: { ...state.compare, [action.slot]: { name: action.name, scenario: action.scenario } } };
      const scenario = action.scenario;
      return {
        ...state,
        controls: { ...scenario, models: scenario.models ?? state.controls.models },
        trafficFrom: trafficFromOf(scenario),
        batchShareChosen: scenario.batchShare !== DEFAULT_SCENARIO.batchShare,
        shortenFrom: 'share',
        edits: [],
        problem: null,
      };
    }
    case 'pin':
      return { ...state, compare: { ...state.compare, [action.slot]: { name: action.name, scenario: { ...state.controls } } } };
    case 'clearCompare':
      return { ...state, compare: { a: null, b: null } };
  }
}

function trafficFromOf(scenario: Scenario): 'requests' | 'users' {
  return scenario.requestsPerDay === null && scenario.activeUsers !== null && scenario.requestsPerUserPerDay !== null ? 'users' : 'requests';
}

function resolvedRequestsPerDay(s: Scenario): number | null {
  if (s.requestsPerDay !== null) return s.requestsPerDay;
  if (s.activeUsers !== null && s.requestsPerUserPerDay !== null) return s.activeUsers * s.requestsPerUserPerDay;
  return null;
}

/** A state read back from `getState()`: untrusted (an older version, or tampered), so checked field by field. */
function restored(value: unknown, promptIds: string[]): PlannerState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<PlannerState>;
  if (v.version !== PLANNER_STATE_VERSION) return null;
  const controls = validateScenario(v.controls, 'state');
  if (controls.errors.length || controls.scenario.models === null) return null;
  const base = initialState();
  const ids = new Set(promptIds);
  const named = (n: unknown): NamedScenario | null => {
    if (typeof n !== 'object' || n === null) return null;
    const { name, scenario } = n as NamedScenario;
    const checked = validateScenario(scenario, 'state');
    return typeof name === 'string' && !checked.errors.length ? { name, scenario: checked.scenario } : null;
  };
  return {
    ...base,
    target: v.target ?? null,
    controls: controls.scenario,
    trafficFrom: v.trafficFrom === 'users' ? 'users' : 'requests',
    batchShareChosen: v.batchShareChosen === true,
    scope: typeof v.scope === 'string' && (v.scope === 'all' || ids.has(v.scope)) ? v.scope : base.scope,
    shares: Array.isArray(v.shares)
      ? v.shares.filter((s) => ids.has(s?.id) && Number.isFinite(s?.weight) && s.weight >= 0).map((s) => ({ id: s.id, weight: s.weight }))
      : [],
    shortenFrom: v.shortenFrom === 'edits' ? 'edits' : 'share',
    edits: Array.isArray(v.edits) ? v.edits.filter((k) => EDITS.includes(k)) : [],
    sort: v.sort && COLUMNS.includes(v.sort.column) ? { column: v.sort.column, descending: v.sort.descending === true } : base.sort,
    compare: { a: named(v.compare?.a), b: named(v.compare?.b) },
  };
}

/** Each prompt's share of the traffic (0-1, summing to 1): even by default, else by the weights given. */
export function trafficShares(state: PlannerState, promptIds: readonly string[]): Map<string, number> {
  const inScope = state.scope === 'all' ? promptIds : promptIds.filter((id) => id === state.scope);
  const weighted = inScope.map((id) => ({ id, weight: state.shares.find((s) => s.id === id)?.weight ?? 1 }));
  const total = weighted.reduce((sum, { weight }) => sum + weight, 0);
  return new Map(weighted.map(({ id, weight }) => [id, total > 0 ? weight / total : 1 / inScope.length]));
}

// A scenario: the volume a product runs at and the levers being tried (caching, batch, a shorter
// prompt). It arrives from a JSON file, command-line flags or the editor, so it is validated as
// untrusted input, and every problem says which field and what is expected.

export interface Scenario {
  /** Models to compare; null = the configured default list. */
  models: string[] | null;
  requestsPerDay: number | null;
  activeUsers: number | null;
  requestsPerUserPerDay: number | null;
  /** Expected output tokens per request; null = the file's declared limit, else a default. */
  outputTokens: number | null;
  /** Reasoning tokens per request, billed as output on models that reason. */
  reasoningTokens: number | null;
  /** Share of requests whose cacheable prefix is found in the cache (0-1); null = derived from traffic. */
  cacheHitRate: number | null;
  /** Which cache lifetime to use where the provider offers a choice (Anthropic). */
  cacheTtl: 'auto' | '5m' | '1h';
  /** Simulate prompt caching at all. */
  caching: boolean;
  /** Share of traffic sent through the provider's batch API (0-1). */
  batchShare: number;
  /** "What if the prompt were this much shorter" (0-1 of input tokens). */
  shorten: number;
  /** Trim few-shot examples beyond this many (for the shortening suggestions); null = not tried. */
  maxExamples: number | null;
  pricePerUserPerMonth: number | null;
  budgetPerRequest: number | null;
  /** For chat prompts: price a conversation of this many turns. */
  conversationTurns: number | null;
}

export const DEFAULT_SCENARIO: Scenario = {
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
};

/** When nothing says how much traffic there is, plans are made for this many requests a day. */
export const DEFAULT_REQUESTS_PER_DAY = 1000;
/** When neither the user nor the file says how long answers are. */
export const DEFAULT_OUTPUT_TOKENS = 500;
export const DAYS_PER_MONTH = 30;

export interface ScenarioProblem {
  /** The field, e.g. `batchShare`, or null for the file as a whole. */
  field: string | null;
  message: string;
}

export interface ParsedScenario {
  scenario: Scenario;
  errors: ScenarioProblem[];
  warnings: ScenarioProblem[];
}

type FieldKind = 'count' | 'share' | 'usd' | 'models' | 'ttl' | 'boolean';

/**
 * Upper bounds, far past any real use, so that a typo (or a hostile scenario file) gives a clear
 * error instead of hours of work or figures that overflow: a conversation is simulated turn by turn.
 */
const MAXIMA: Partial<Record<keyof Scenario, { max: number; why: string }>> = {
  requestsPerDay: { max: 1e12, why: 'a trillion requests a day' },
  activeUsers: { max: 1e10, why: 'ten billion users' },
  requestsPerUserPerDay: { max: 1e6, why: 'a million requests per user a day' },
  outputTokens: { max: 1e7, why: "ten million tokens, past every model's output limit" },
  reasoningTokens: { max: 1e7, why: "ten million tokens, past every model's output limit" },
  maxExamples: { max: 1e4, why: 'ten thousand examples' },
  conversationTurns: { max: 1e4, why: 'ten thousand turns' },
  pricePerUserPerMonth: { max: 1e9, why: 'a billion USD' },
  budgetPerRequest: { max: 1e9, why: 'a billion USD' },
};

/** A list of models longer than this is not a comparison anyone reads. */
const MAX_MODELS = 100;

const FIELDS: Record<keyof Scenario, FieldKind> = {
  models: 'models',
  requestsPerDay: 'count',
  activeUsers: 'count',
  requestsPerUserPerDay: 'count',
  outputTokens: 'count',
  reasoningTokens: 'count',
  cacheHitRate: 'share',
  cacheTtl: 'ttl',
  caching: 'boolean',
  batchShare: 'share',
  shorten: 'share',
  maxExamples: 'count',
  pricePerUserPerMonth: 'usd',
  budgetPerRequest: 'usd',
  conversationTurns: 'count',
};

/** Parses a scenario file's text. `file` is used in messages. Never throws. */
export function parseScenarioText(text: string, file: string): ParsedScenario {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { scenario: { ...DEFAULT_SCENARIO }, errors: [{ field: null, message: `${file}: not valid JSON (${(error as Error).message})` }], warnings: [] };
  }
  return validateScenario(data, file);
}

/**
 * Checks an untrusted value (a parsed JSON file, flags) and returns a complete scenario: fields that
 * are wrong are reported and left at their defaults, never guessed.
 */
export function validateScenario(data: unknown, source = 'scenario'): ParsedScenario {
  const scenario: Scenario = { ...DEFAULT_SCENARIO };
  const errors: ScenarioProblem[] = [];
  const warnings: ScenarioProblem[] = [];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    errors.push({ field: null, message: `${source}: expected a JSON object such as {"requestsPerDay": 5000, "models": ["gpt-4o"]}` });
    return { scenario, errors, warnings };
  }
  const record = scenario as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    if (key === '$schema' || key === '$comment') continue;
    // `Object.hasOwn`: a key such as "constructor" must not find Object's own properties.
    const kind = Object.hasOwn(FIELDS, key) ? FIELDS[key as keyof Scenario] : undefined;
    if (!kind) {
      warnings.push({ field: key, message: `${source}: unknown field "${key}" ignored (known: ${Object.keys(FIELDS).join(', ')})` });
      continue;
    }
    if (value === null) continue;
    const problem = checkField(kind, value) ?? checkBound(key as keyof Scenario, value);
    if (problem) errors.push({ field: key, message: `${source}: "${key}" ${problem}, got ${JSON.stringify(value)}` });
    else record[key] = kind === 'models' ? (value as string[]).map((m) => m.trim()) : value;
  }
  const { requestsPerDay, activeUsers, requestsPerUserPerDay } = scenario;
  if (requestsPerDay !== null && activeUsers !== null && requestsPerUserPerDay !== null && requestsPerDay !== activeUsers * requestsPerUserPerDay) {
    errors.push({
      field: 'requestsPerDay',
      message: `${source}: "requestsPerDay" (${requestsPerDay}) disagrees with activeUsers x requestsPerUserPerDay (${activeUsers} x ${requestsPerUserPerDay} = ${activeUsers * requestsPerUserPerDay}); give one or the other`,
    });
  }
  if (scenario.conversationTurns === 0) errors.push({ field: 'conversationTurns', message: `${source}: "conversationTurns" must be at least 1` });
  return { scenario, errors, warnings };
}

/** Scenario fields given on top of a base scenario (command-line flags over a scenario file). */
export function mergeScenario(base: Scenario, overrides: Partial<Scenario>): Scenario {
  const merged = { ...base };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  return merged;
}

function checkBound(field: keyof Scenario, value: unknown): string | null {
  const bound = MAXIMA[field];
  if (bound && typeof value === 'number' && value > bound.max) return `must be at most ${bound.max.toLocaleString('en-US')} (${bound.why})`;
  if (field === 'models' && Array.isArray(value) && value.length > MAX_MODELS) return `must list at most ${MAX_MODELS} models`;
  if (field === 'models' && Array.isArray(value) && value.some((model) => typeof model === 'string' && model.length > 200))
    return 'must hold model names of at most 200 characters';
  return null;
}

function checkField(kind: FieldKind, value: unknown): string | null {
  switch (kind) {
    case 'count':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : 'must be a number >= 0';
    case 'share':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1 ? null : 'must be a share between 0 and 1 (0.3 = 30%)';
    case 'usd':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : 'must be an amount in USD >= 0';
    case 'models':
      // An empty list would compare nothing: say so rather than fall back silently.
      return Array.isArray(value) && value.length > 0 && value.every((m) => typeof m === 'string' && m.trim() !== '')
        ? null
        : 'must be a non-empty list of model names';
    case 'ttl':
      return value === 'auto' || value === '5m' || value === '1h' ? null : 'must be "auto", "5m" or "1h"';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
  }
}

// `llm-cost plan` and `llm-cost check`: price the prompts of a file or folder under a scenario.
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_PROFILE_OPTIONS,
  PLAN_REPORT_VERSION,
  encodingsForPlan,
  stalePriceData,
  planFile,
  type ParsedPromptFile,
  type PlannedFile,
  type PlanReport,
  type PlanReportTail,
  type SkippedFile,
} from '../core';
import { validateScenario, type Scenario } from '../core/cost';
import { priceBookOf, trafficProfileProblem } from '../core/pricing';
import { scanFolder } from './scanFolder';
import { folderReader, readPromptFile, singleFileLocation } from './promptFiles';
import { loadPrices } from './prices';
import { readRegularFile } from './regularFile';
import { loadCounters } from './counters';
import { UsageError, outputFormat, type OutputFormat } from './usageError';
import { LIMIT_OPTIONS, inputLimitsFrom } from './limitFlags';
import type { InputLimits } from '../core/inputLimits';

/** Command-line flags and the scenario fields they set. */
const SCENARIO_FLAGS = {
  'requests-per-day': 'requestsPerDay',
  'active-users': 'activeUsers',
  'requests-per-user': 'requestsPerUserPerDay',
  'output-tokens': 'outputTokens',
  'reasoning-tokens': 'reasoningTokens',
  'cache-hit-rate': 'cacheHitRate',
  'cache-ttl': 'cacheTtl',
  'batch-share': 'batchShare',
  shorten: 'shorten',
  'max-examples': 'maxExamples',
  'price-per-user': 'pricePerUserPerMonth',
  'budget-per-request': 'budgetPerRequest',
  turns: 'conversationTurns',
} as const;

const STRING_FLAGS = new Set(['cache-ttl']);

/** A scenario is a few lines of JSON; anything far larger is not one. */
const MAX_SCENARIO_BYTES = 1024 * 1024;

export const PLAN_OPTIONS_HELP = `  --models a,b,c                 Models to compare (default: the file's model and a standard list).
  --requests-per-day N           Traffic (default 1,000/day, shown as an assumption).
  --active-users N               Active users; with --requests-per-user gives the traffic.
  --requests-per-user N          Requests per active user per day.
  --output-tokens N              Expected output tokens per request (default: the file's limit, else 500).
  --reasoning-tokens N           Reasoning tokens per request, billed as output on reasoning models.
  --cache-hit-rate R             Share of requests that hit the prompt cache, 0–1 (default: from traffic).
  --cache-ttl auto|5m|1h         Cache lifetime where the provider offers a choice (Anthropic).
  --no-caching                   Price without prompt caching.
  --batch-share S                Share of traffic sent through the batch API, 0–1.
  --shorten P                    What if the prompt were P shorter, 0–1.
  --max-examples N               Suggest trimming few-shot examples beyond N.
  --price-per-user USD           Price per active user per month, for the margin.
  --budget-per-request USD       Budget; plan flags models over it, check fails on it.
  --turns N                      Also price a conversation of N turns.
  --scenario FILE                A JSON scenario with any of the fields above (flags win).
  --prices FILE                  Your own prices, in LiteLLM's model_prices_and_context_window.json format.
  --assume-variable-tokens N     Tokens assumed for a variable with no sample (default ${DEFAULT_PROFILE_OPTIONS.assumedVariableTokens}).
  --max-requests N               Requests priced per file, for Batch API files (default 20).
  --as-of YYYY-MM-DD             Price as of this date (dated prices, promotions, retirements; default today).
  --traffic-profile h0,...,h23   Share of a day's requests in each UTC hour, for prices that depend on the hour (default: uniform).
  --text-globs GLOB[,GLOB]       Which .txt/.md files in the folder are prompts (as for scan).
  --format table|json|markdown|csv  Output format (default: table; csv for plan only).`;

const PARSE_OPTIONS = {
  format: { type: 'string' },
  models: { type: 'string' },
  scenario: { type: 'string' },
  prices: { type: 'string' },
  'no-caching': { type: 'boolean' },
  'assume-variable-tokens': { type: 'string' },
  'max-requests': { type: 'string' },
  'as-of': { type: 'string' },
  'traffic-profile': { type: 'string' },
  'text-globs': { type: 'string' },
  ...LIMIT_OPTIONS,
  ...Object.fromEntries(Object.keys(SCENARIO_FLAGS).map((flag) => [flag, { type: 'string' }])),
} as const;

export interface PlanInputs {
  target: string;
  format: OutputFormat;
  scenario: Scenario;
  pricesFile: string | undefined;
  assumedVariableTokens: number;
  maxRequests: number;
  /** Whether --max-requests was given (else `check` checks every request). */
  maxRequestsChosen: boolean;
  /** Whether the user chose a batch share (else a Batch API file is priced as batch traffic). */
  batchShareChosen: boolean;
  /** `--as-of`: the date priced for; undefined = today. */
  at: Date | undefined;
  traffic: number[] | undefined;
  /** `--text-globs`: which .txt/.md files of a folder are prompts; undefined = the default globs. */
  textPromptGlobs: string[] | undefined;
  /** `--max-file-size`, `--max-line-length`. */
  limits: InputLimits;
}

function asOfDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? new Date(`${value.trim()}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value.trim())
    throw new UsageError(`--as-of must be a date written YYYY-MM-DD, not "${value}".`);
  return date;
}

function trafficProfile(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const shares = value.split(',').map((share) => (/^\s*\d+(\.\d+)?\s*$/.test(share) ? Number(share) : Number.NaN));
  const problem = shares.some(Number.isNaN) ? 'every hourly share must be a number >= 0' : trafficProfileProblem(shares);
  if (problem) throw new UsageError(`--traffic-profile: ${problem}, e.g. 24 comma-separated numbers for the UTC hours 0-23.`);
  return shares;
}

function wholeNumber(value: string | undefined, flag: string, fallback: number, least: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < least) throw new UsageError(`--${flag} must be a whole number of at least ${least}, not "${value}".`);
  return Number(value);
}

export function readPlanInputs(args: string[]): PlanInputs {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: PARSE_OPTIONS as never });
  const flags = values as Record<string, string | boolean | undefined>;
  if (positionals.length > 1) throw new UsageError('Give one file or folder.');
  const target = positionals[0] ?? '.';
  if (!existsSync(target)) throw new UsageError(`${target}: no such file or folder.`);
  const format = outputFormat(flags.format as string | undefined);

  // The scenario file first, then flags on top; one validation for both, so errors read the same.
  let data: Record<string, unknown> = {};
  const scenarioFile = flags.scenario as string | undefined;
  if (scenarioFile) {
    const read = readRegularFile(scenarioFile, MAX_SCENARIO_BYTES);
    if (!read.ok) throw new UsageError(`${scenarioFile}: cannot read the scenario file: ${read.reason}.`);
    const text = new TextDecoder().decode(read.bytes);
    try {
      const parsed = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
      data = parsed;
    } catch (error) {
      throw new UsageError(`${scenarioFile}: not a valid scenario (${(error as Error).message}).`);
    }
  }
  for (const [flag, field] of Object.entries(SCENARIO_FLAGS)) {
    const value = flags[flag];
    if (typeof value !== 'string') continue;
    if (STRING_FLAGS.has(flag)) data[field] = value;
    else if (/^\$?\d+(\.\d+)?$/.test(value.trim())) data[field] = Number(value.trim().replace(/^\$/, ''));
    else throw new UsageError(`--${flag} must be a number, not "${value}".`);
  }
  if (typeof flags.models === 'string')
    data.models = flags.models
      .split(',')
      .map((model) => model.trim())
      .filter(Boolean);
  if (flags['no-caching']) data.caching = false;
  const { scenario, errors } = validateScenario(data, scenarioFile ?? 'options');
  if (errors.length > 0) throw new UsageError(errors.map((error) => `${error.field ? `${fieldToFlag(error.field)}: ` : ''}${error.message}`).join('\n'));
  return {
    target,
    format,
    scenario,
    pricesFile: flags.prices as string | undefined,
    assumedVariableTokens: wholeNumber(
      flags['assume-variable-tokens'] as string | undefined,
      'assume-variable-tokens',
      DEFAULT_PROFILE_OPTIONS.assumedVariableTokens,
      0,
    ),
    maxRequests: wholeNumber(flags['max-requests'] as string | undefined, 'max-requests', 20, 1),
    maxRequestsChosen: flags['max-requests'] !== undefined,
    batchShareChosen: data.batchShare !== undefined,
    at: asOfDate(flags['as-of'] as string | undefined),
    traffic: trafficProfile(flags['traffic-profile'] as string | undefined),
    textPromptGlobs: typeof flags['text-globs'] === 'string' ? flags['text-globs'].split(',') : undefined,
    limits: inputLimitsFrom(flags),
  };
}

function fieldToFlag(field: string): string {
  if (field === 'models') return '--models (models)';
  const flag = Object.entries(SCENARIO_FLAGS).find(([, name]) => name === field)?.[0];
  return flag ? `--${flag} (${field})` : field;
}

/**
 * Plans the files of `inputs.target` one at a time, handing each planned file to `onFile` as soon as
 * it is done: a workspace of 10,000 files is never held whole, neither as parsed files nor as plans.
 * Returns what is printed after the files.
 */
export async function streamPlan(
  inputs: PlanInputs,
  /** Awaited before the next file is planned, so a slow reader of the output holds the planning back. */
  onFile: (file: PlannedFile) => void | Promise<void>,
  onStart?: (head: Pick<PlanReport, 'version' | 'dataSource' | 'asOf' | 'pricedOn' | 'scenario'>) => void,
  at: Date = inputs.at ?? new Date(),
): Promise<PlanReportTail> {
  const { catalog, warnings } = await loadPrices(inputs.pricesFile);
  // One date for the whole report, so every file is priced on the same day.
  const pricedOn = at.toISOString().slice(0, 10);
  onStart?.({ version: PLAN_REPORT_VERSION, dataSource: catalog.dataSource, asOf: catalog.asOf, pricedOn, scenario: { ...inputs.scenario } });
  const stale = stalePriceData(catalog.asOf, at);
  if (stale) warnings.push(stale);
  const setup = {
    prices: priceBookOf(catalog),
    scenario: inputs.scenario,
    maxRequests: inputs.maxRequests,
    batchShareChosen: inputs.batchShareChosen,
    profile: { assumedVariableTokens: inputs.assumedVariableTokens },
    at,
    ...(inputs.traffic ? { traffic: inputs.traffic } : {}),
  };
  let fileCount = 0;
  // Counters load once per process; asking per file costs a lookup, and loads cl100k_base only if a file needs it.
  const plan = async (file: ParsedPromptFile) => {
    fileCount++;
    await onFile(planFile(file, { ...setup, counters: await loadCounters(encodingsForPlan([file], inputs.scenario)) }));
  };
  const skipped: SkippedFile[] = [];
  if (statSync(inputs.target).isDirectory()) {
    // The folder named (or the current one) is the user's choice: its own name counts for the text
    // globs, so `plan prompts/` takes its files, and the .txt/.md files left out are listed.
    const scanned = await scanFolder(inputs.target, { onFile: plan, namedByUser: true, textPromptGlobs: inputs.textPromptGlobs, limits: inputs.limits });
    skipped.push(...scanned.skipped);
    warnings.push(...scanned.warnings);
  } else {
    // A file named on the command line is a prompt even as plain .txt/.md outside a prompts folder.
    const { root, path } = singleFileLocation(inputs.target);
    const result = await readPromptFile(root, path, {
      reader: folderReader(root, inputs.limits),
      textPromptGlobs: ['**/*.txt', '**/*.md'],
      limits: inputs.limits,
    });
    if (result === null) throw new UsageError(`${inputs.target} is not a prompt file this tool understands (see the README for the formats).`);
    if ('skipped' in result) throw new UsageError(`${inputs.target}: ${result.skipped}.`);
    await plan(result.parsed);
  }
  return {
    version: PLAN_REPORT_VERSION,
    dataSource: catalog.dataSource,
    asOf: catalog.asOf,
    pricedOn,
    scenario: { ...inputs.scenario },
    skipped,
    warnings,
    fileCount,
  };
}

/**
 * The whole report at once (tests, small folders): `streamPlan` collected. `at` is when prices are
 * wanted (default: `--as-of`, else now); the golden reports fix it so they never drift.
 */
export async function buildPlanReport(inputs: PlanInputs, at?: Date): Promise<PlanReport> {
  const files: PlannedFile[] = [];
  const { fileCount: _count, ...tail } = await streamPlan(inputs, (file) => void files.push(file), undefined, at);
  return { ...tail, files };
}

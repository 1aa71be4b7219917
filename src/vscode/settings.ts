// What the user configured: the extension's settings, with the workspace's scenario file
// (`.llm-cost/scenario.json`, the file CI passes to `llm-cost plan --scenario`) on top, so the editor
// and CI agree on every number. Validated by the core like any scenario.
import * as vscode from 'vscode';
import { validateScenario, type Scenario } from '../core/cost';
import { DEFAULT_COMPARISON_MODELS } from '../core/pricing';
import { DEFAULT_TEXT_PROMPT_GLOBS } from '../core';
import { DEFAULT_INPUT_LIMITS, MAX_FILE_SIZE_MB_CEILING, type InputLimits } from '../core/inputLimits';
import { SCENARIO_FILE, SETTINGS_SECTION } from './commands';

export interface EditorSettings {
  scenario: Scenario;
  /** Models compared after each file's own. */
  comparisonModels: string[];
  textPromptGlobs: string[];
  /** A LiteLLM-format price file (user or machine setting only: it is read from disk). */
  priceFile: string | null;
  /** Problems with the scenario file or settings, shown once in the output channel and the view. */
  problems: string[];
  /** Whether `.llm-cost/scenario.json` was found and used. */
  scenarioFileUsed: boolean;
  /** Documents at least this long (characters) are counted off the extension host's thread (desktop). */
  largeFileChars: number;
  /** Whether a batch share was set (else a Batch API file is priced as batch traffic, as `llm-cost plan` does). */
  batchShareChosen: boolean;
  /** File size and line length past which a scanned file is skipped (machine settings, as `--max-file-size`, `--max-line-length`). */
  limits: InputLimits;
}

/** Settings whose names match the scenario's fields (`llmCost.requestsPerDay` → `requestsPerDay`). */
const SCENARIO_SETTINGS = [
  'outputTokens',
  'requestsPerDay',
  'activeUsers',
  'requestsPerUserPerDay',
  'pricePerUserPerMonth',
  'budgetPerRequest',
  'cacheTtl',
] as const;

/** `llmCost.largeFileThresholdKB`'s default. */
export const DEFAULT_LARGE_FILE_KB = 200;

export async function readEditorSettings(folder: vscode.Uri | undefined): Promise<EditorSettings> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder);
  const problems: string[] = [];
  const data: Record<string, unknown> = {};
  for (const name of SCENARIO_SETTINGS) {
    const value = config.get<unknown>(name);
    if (value !== null && value !== undefined) data[name] = value;
  }
  let scenarioFileUsed = false;
  // In an untrusted workspace only the user's own settings count: the scenario file is the workspace's.
  if (folder && vscode.workspace.isTrusted) {
    const fromFile = await readScenarioFile(vscode.Uri.joinPath(folder, SCENARIO_FILE), problems);
    if (fromFile) {
      scenarioFileUsed = true;
      Object.assign(data, fromFile);
    }
  }
  const comparisonModels = stringList(config.get('comparisonModels')) ?? [...DEFAULT_COMPARISON_MODELS];
  if (!Array.isArray(data.models)) data.models = comparisonModels;
  const { scenario, errors, warnings } = validateScenario(data, scenarioFileUsed ? SCENARIO_FILE : 'settings');
  for (const problem of [...errors, ...warnings]) problems.push(`${problem.field ? `${problem.field}: ` : ''}${problem.message}`);
  return {
    scenario,
    comparisonModels: scenario.models ?? comparisonModels,
    textPromptGlobs: stringList(config.get('textPromptGlobs')) ?? [...DEFAULT_TEXT_PROMPT_GLOBS],
    // `inspect` so that only the user's own (global) value counts, never a workspace's.
    priceFile: nonEmpty(config.inspect<string>('priceFile')?.globalValue),
    problems,
    scenarioFileUsed,
    largeFileChars: largeFileKb(config.get('largeFileThresholdKB')) * 1024,
    batchShareChosen: data.batchShare !== undefined,
    limits: inputLimits(config),
  };
}

async function readScenarioFile(uri: vscode.Uri, problems: string[]): Promise<Record<string, unknown> | null> {
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    return null;
  }
  if (bytes.byteLength > 1024 * 1024) {
    problems.push(`${SCENARIO_FILE}: larger than 1 MB, ignored.`);
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    problems.push(`${SCENARIO_FILE}: not a valid scenario (${(error as Error).message}); the settings are used instead.`);
    return null;
  }
}

function stringList(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const list = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
  return list.length > 0 ? list : null;
}

/**
 * Only the user's own values count (`inspect`, as for the price file): a workspace must not be able to
 * raise the limits and have the editor read 500 MB files. Out-of-range values fall back to the default.
 */
function inputLimits(config: vscode.WorkspaceConfiguration): InputLimits {
  const megabytes = config.inspect<unknown>('maxFileSizeMB')?.globalValue;
  const lineLength = config.inspect<unknown>('maxLineLength')?.globalValue;
  return {
    maxFileBytes:
      typeof megabytes === 'number' && megabytes > 0 && megabytes <= MAX_FILE_SIZE_MB_CEILING
        ? Math.floor(megabytes * 1024 * 1024)
        : DEFAULT_INPUT_LIMITS.maxFileBytes,
    maxLineLength: typeof lineLength === 'number' && Number.isInteger(lineLength) && lineLength >= 0 ? lineLength : DEFAULT_INPUT_LIMITS.maxLineLength,
  };
}

function largeFileKb(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? value : DEFAULT_LARGE_FILE_KB;
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

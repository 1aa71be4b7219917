// The planner's data for a file or folder on disk, found and priced as `llm-cost plan` finds and
// prices them (the same prices, counters and files), for the extension on the desktop and the tests.
import { statSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { encodingsForPlan, type ParsedPromptFile } from '../core';
import { DEFAULT_SCENARIO, type Scenario } from '../core/cost';
import { DEFAULT_COMPARISON_MODELS } from '../core/pricing';
import { plannerSource, type PlannerSource } from '../core/planner/plannerData';
import type { PlannerData, PlannerTarget } from '../core/planner/protocol';
import { loadCounters } from './counters';
import { loadPrices } from './prices';
import { folderReader, readPromptFile, singleFileLocation } from './promptFiles';
import { scanFolder } from './scanFolder';

export interface PlannerLoadOptions {
  target: PlannerTarget;
  title: string;
  scenario?: Scenario | null;
  pricesFile?: string;
  defaultModels?: readonly string[];
  at?: Date;
  /** The workspace folder a single file belongs to, so its folders (`prompts/`, `.github/agents/`) still say what it is. */
  root?: string;
}

export async function loadPlannerData(path: string, options: PlannerLoadOptions): Promise<PlannerData> {
  return (await loadPlannerSource(path, options)).data;
}

export async function loadPlannerSource(path: string, options: PlannerLoadOptions): Promise<PlannerSource> {
  const { catalog, warnings } = await loadPrices(options.pricesFile);
  const files: ParsedPromptFile[] = [];
  if (statSync(path).isDirectory()) {
    const { skipped } = await scanFolder(path, { onFile: (file) => files.push(file) });
    for (const file of skipped) warnings.push(`${file.path} was not priced: ${file.reason}.`);
  } else {
    // As `llm-cost plan FILE`: a file named explicitly is a prompt even as plain .txt/.md.
    const inside = options.root ? relative(options.root, path) : null;
    const { root, path: relativePath } =
      options.root && inside && !inside.startsWith('..') && !isAbsolute(inside)
        ? { root: options.root, path: inside.split(sep).join('/') }
        : singleFileLocation(path);
    const result = await readPromptFile(root, relativePath, { reader: folderReader(root), textPromptGlobs: ['**/*.txt', '**/*.md'] });
    if (result === null) throw new Error(`${path} is not a prompt file this tool understands.`);
    if ('skipped' in result) throw new Error(`${path} ${result.skipped}.`);
    files.push(result.parsed);
  }
  const defaultModels = options.defaultModels ?? DEFAULT_COMPARISON_MODELS;
  // cl100k_base too, so a model that reads it can be added in the planner without a recount.
  const counters = await loadCounters([...encodingsForPlan(files, options.scenario ?? DEFAULT_SCENARIO, defaultModels), 'cl100k_base']);
  return plannerSource({
    target: options.target,
    title: options.title,
    files,
    catalog,
    counters,
    defaultModels,
    scenario: options.scenario ?? null,
    warnings,
    at: options.at,
  });
}

// The planner's data read through `vscode.workspace.fs` only, for the web extension (vscode.dev,
// code-server's web worker host), where there is no Node: the files parsed by the core as the
// editor parses them, counted with the extension's own counters (vocabularies from dist/vocab),
// priced with its catalogue, and handed to the core's `plannerSource`, as the desktop planner's are.
import * as vscode from 'vscode';
import { detectFormat, encodingsForPlan, type ParsedPromptFile } from '../core';
import { DEFAULT_SCENARIO, parseScenarioText, type Scenario } from '../core/cost';
import { plannerSource, type PlannerSource } from '../core/planner/plannerData';
import type { PlannerTarget } from '../core/planner/protocol';
import { SCENARIO_FILE } from './commands';
import type { PlannerDeps } from './plannerPanel';
import type { PricingContext } from './pricingContext';
import { parseInWorkspace } from './promptAnalysis';
import { locate, readPromptText } from './workspaceFiles';

// As `llm-cost plan FILE`: a file named explicitly is a prompt even as plain .txt/.md.
const NAMED_FILE_GLOBS = ['**/*.txt', '**/*.md'];

/** The scenario file of the first workspace folder, or null when there is none or it does not validate (logged). */
export async function readWorkspaceScenario(log: (message: string) => void): Promise<Scenario | null> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  // In an untrusted workspace only the user's own settings count, as for every other figure (settings.ts).
  if (!folder || !vscode.workspace.isTrusted) return null;
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, SCENARIO_FILE)));
  } catch {
    return null;
  }
  const parsed = parseScenarioText(text, SCENARIO_FILE);
  for (const problem of [...parsed.errors, ...parsed.warnings]) log(`Planner: ${problem.message}`);
  return parsed.errors.length ? null : parsed.scenario;
}

export function workspacePlannerDeps(log: (message: string) => void, defaultModels: () => readonly string[], pricing: PricingContext): PlannerDeps {
  return {
    log,
    scenario: () => readWorkspaceScenario(log),
    load: (target, scenario) => loadWorkspacePlannerSource(pricing, target, scenario, defaultModels()),
  };
}

export async function loadWorkspacePlannerSource(
  pricing: PricingContext,
  target: PlannerTarget,
  scenario: Scenario | null,
  defaultModels: readonly string[],
): Promise<PlannerSource> {
  const [settings, { catalog, warnings: priceWarnings }] = await Promise.all([pricing.settings(), pricing.prices()]);
  const warnings = [...priceWarnings];
  const files: ParsedPromptFile[] = [];
  let title: string;
  if (target.kind === 'workspace') {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('Open a folder to plan the whole workspace.');
    title = folder.name;
    const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), '{**/node_modules/**,**/.git/**}', 100_000);
    uris.sort((a, b) => a.path.localeCompare(b.path));
    for (const uri of uris) {
      const path = uri.path.slice(base.length);
      if (detectFormat(path, undefined, { textPromptGlobs: settings.textPromptGlobs }) === null) continue;
      const read = await readPromptText(uri);
      if ('skipped' in read) {
        warnings.push(`${path} was not priced: ${read.skipped}.`);
        continue;
      }
      const parsed = await parseInWorkspace(path, read.text, folder.uri, settings.textPromptGlobs);
      if (parsed) files.push(parsed);
    }
  } else {
    const uri = vscode.Uri.parse(target.uri, true);
    const { folder, path } = locate(uri);
    if (!folder) throw new Error('The planner only opens prompt files inside the open workspace.');
    title = vscode.workspace.asRelativePath(uri);
    const read = await readPromptText(uri);
    if ('skipped' in read) throw new Error(`${title} ${read.skipped}.`);
    const parsed = await parseInWorkspace(path, read.text, folder, NAMED_FILE_GLOBS);
    if (!parsed) throw new Error(`${title} is not a prompt file this tool understands.`);
    files.push(parsed);
  }
  // cl100k_base too, so a model that reads it can be added in the planner without a recount.
  const counters = await pricing.counters([...encodingsForPlan(files, scenario ?? DEFAULT_SCENARIO, defaultModels), 'cl100k_base']);
  return plannerSource({ target, title, files, catalog, counters, defaultModels, scenario, warnings });
}

// The planner's data on the desktop: the same files, prices and counters `llm-cost plan` uses, read
// with Node from inside the workspace only. (A web extension passes its own `PlannerDeps.load`,
// built with the core's `plannerSource` over the workspace file system.)
import * as vscode from 'vscode';
import { parseScenarioText, type Scenario } from '../core/cost';
import type { PlannerTarget } from '../core/planner/protocol';
import { loadPlannerSource } from '../node/plannerData';
import type { PlannerDeps } from './plannerPanel';

/** The workspace's scenario file: the one CI passes to `llm-cost plan --scenario`. */
export const PLANNER_SCENARIO_FILE = '.llm-cost/scenario.json';

export function desktopPlannerDeps(log: (message: string) => void, defaultModels?: () => readonly string[]): PlannerDeps {
  return {
    log,
    async scenario(): Promise<Scenario | null> {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!folder) return null;
      const uri = vscode.Uri.joinPath(folder, PLANNER_SCENARIO_FILE);
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        return null;
      }
      const parsed = parseScenarioText(text, PLANNER_SCENARIO_FILE);
      for (const problem of [...parsed.errors, ...parsed.warnings]) log(`Planner: ${problem.message}`);
      return parsed.errors.length ? null : parsed.scenario;
    },
    async load(target: PlannerTarget, scenario: Scenario | null) {
      const { path, title, root } = locate(target);
      return loadPlannerSource(path, { target, title, scenario, root, ...(defaultModels ? { defaultModels: defaultModels() } : {}) });
    },
  };
}

/** A target's path on disk, refused unless it is inside an open workspace folder. */
function locate(target: PlannerTarget): { path: string; title: string; root: string } {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (target.kind === 'workspace') {
    const folder = folders[0];
    if (!folder || folder.uri.scheme !== 'file') throw new Error('Open a folder to plan the whole workspace.');
    return { path: folder.uri.fsPath, title: folder.name, root: folder.uri.fsPath };
  }
  const uri = vscode.Uri.parse(target.uri, true);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (uri.scheme !== 'file' || !folder) throw new Error('The planner only opens prompt files inside the open workspace.');
  return { path: uri.fsPath, title: vscode.workspace.asRelativePath(uri), root: folder.uri.fsPath };
}

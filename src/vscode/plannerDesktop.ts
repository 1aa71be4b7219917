// The planner's data on the desktop: the same files, prices and counters `llm-cost plan` uses, read
// with Node from inside the workspace only. (The web extension's, in plannerWorkspace.ts, reads the
// same files through the workspace file system and hands them to the same core `plannerSource`.)
import * as vscode from 'vscode';
import type { Scenario } from '../core/cost';
import type { PlannerTarget } from '../core/planner/protocol';
import { loadPlannerSource } from '../node/plannerData';
import type { PlannerDeps } from './plannerPanel';
import { readWorkspaceScenario } from './plannerWorkspace';

export function desktopPlannerDeps(log: (message: string) => void, defaultModels?: () => readonly string[]): PlannerDeps {
  return {
    log,
    scenario: () => readWorkspaceScenario(log),
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

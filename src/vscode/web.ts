// The web extension's entry (package.json `browser`, vscode.dev and code-server's web worker host):
// no Node built-ins (the build fails if one sneaks in), files through `vscode.workspace.fs` only,
// the bundled price data, the workspace scan in a Web Worker, the planner fed through the workspace file system.
import * as vscode from 'vscode';
import { activateExtension, type ExtensionApi } from './extension';
import { loadBundledCatalog } from '../core/pricing';
import { webWorkerScanner } from './webScan';
import type { Platform } from './pricingContext';
import { workspacePlannerDeps } from './plannerWorkspace';

const platform: Platform = {
  kind: 'web',
  async loadPrices(priceFile) {
    const catalog = await loadBundledCatalog();
    return {
      catalog,
      warnings: priceFile ? ['The price file setting is read by the desktop extension only; the web extension uses the bundled price data.'] : [],
    };
  },
  // The core's plannerSource over the workspace file system and the extension's own counters.
  plannerDeps: workspacePlannerDeps,
  // The web extension has no worker per document yet: big files are counted in the host (the workspace scan uses a Web Worker).
  bigFiles: null,
  refreshPrices: null,
};

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  return activateExtension(context, platform, webWorkerScanner(context.extensionUri));
}

export function deactivate(): void {}

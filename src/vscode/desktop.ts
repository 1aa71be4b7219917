// The desktop extension's entry (package.json `main`): Node built-ins allowed, the workspace scan on
// worker threads, the refreshed price data shared with the command-line tool.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { activateExtension, type ExtensionApi } from './extension';
import { desktopScanner } from './desktopScan';
import { priceCacheFile } from '../node/prices';
import { loadDesktopPrices } from './desktopPrices';
import { bigFileAnalyser } from './bigFiles';
import { refreshPrices } from '../node/priceUpdate';
import type { Platform } from './pricingContext';
import { desktopPlannerDeps } from './plannerDesktop';

const platform: Platform = {
  kind: 'desktop',
  loadPrices: loadDesktopPrices,
  plannerDeps: desktopPlannerDeps,
  bigFiles: bigFileAnalyser(join(__dirname, 'bigFileWorker.js')),
  // The same cache file as `llm-cost prices update`, so the editor and the command line agree.
  refreshPrices: async () => {
    const result = await refreshPrices({ cacheFile: priceCacheFile() });
    return result.ok ? { ok: true, asOf: result.asOf } : { ok: false, error: result.error };
  },
};

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  return activateExtension(context, platform, desktopScanner(join(__dirname, 'scanWorker.js')));
}

export function deactivate(): void {}

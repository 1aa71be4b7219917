// The desktop scan: the command-line tool's worker threads read, parse, count and price the files,
// so the extension host only walks the folder and receives summaries.
import * as vscode from 'vscode';
import { scanInParallel, WORKER_STOPPED } from '../node/parallelScan';
import { estimateTokens, parseModelRef, tokenizerFor } from '../core/pricing';
import { analyseFile, notPricedEntry, scanInHost, type FolderScanner, type PromptCostEntry } from './workspaceScan';

export function desktopScanner(workerScript: string): FolderScanner {
  return async (folder, context, token, progress, observer) => {
    if (folder.scheme !== 'file') return scanInHost(folder, context, token, progress);
    const settings = await context.settings();
    const chosen = context.chosenModel;
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      progress.report('scanning on worker threads');
      const report = await scanInParallel(folder.fsPath, {
        textPromptGlobs: settings.textPromptGlobs,
        limits: settings.limits,
        pricing: {
          scenario: { ...settings.scenario, models: [chosen ?? settings.comparisonModels[0]] },
          maxRequests: 200,
          userPriceFile: settings.priceFile ?? undefined,
        },
        signal: abort.signal,
        workerScript,
        observer,
      });
      const entries: PromptCostEntry[] = [];
      const { prices } = await context.prices();
      for (const file of report.files) {
        const uri = vscode.Uri.joinPath(folder, file.path);
        // A Batch API file is priced as batch traffic by the editor and `llm-cost plan`; the worker's
        // summary does not know that rule yet, so those few files are priced here.
        if (file.format === 'batch-jsonl' && !settings.batchShareChosen) {
          const entry = await analyseFile(uri, context);
          if (entry && !('skipped' in entry)) entries.push(entry);
          continue;
        }
        const costs = file.costs ?? [];
        const shown = costs.map(
          (request) => request.models.find((model) => chosen === null || model.model.toLowerCase() === chosen.toLowerCase()) ?? request.models[0],
        );
        const worstIndex = shown.reduce((best, model, index) => ((model?.costPerRequest ?? -1) > (shown[best]?.costPerRequest ?? -1) ? index : best), 0);
        const worst = shown[worstIndex];
        const unknown = shown.some((model) => !model || model.costPerRequest === null);
        const o200k = costs[worstIndex]?.inputTokens ?? 0;
        // The worker's summary does not say whether a request fits its model's context window: a file
        // within reach of it (half the window and more) is analysed again by the editor's own code
        // (on the big-file worker when large), which says "over the context window" rather than a price.
        const lookup = worst ? prices.lookup(worst.model) : null;
        const window = lookup?.known ? lookup.pricing.contextWindow : null;
        if (window !== null && window !== undefined && o200k * 2 >= window) {
          const entry = await analyseFile(uri, context);
          if (entry && !('skipped' in entry)) entries.push(entry);
          continue;
        }
        const family = tokenizerFor(parseModelRef(worst?.model ?? '').model);
        entries.push({
          uri,
          path: file.path,
          format: file.format,
          model: worst?.model ?? '—',
          tokens: family.exact ? o200k : estimateTokens({ o200k_base: o200k, cl100k_base: o200k }, family).tokens,
          tokensExact: family.exact,
          costPerRequest: unknown ? null : (worst?.costPerRequest ?? null),
          costPerMonth: unknown ? null : (worst?.costPerMonth ?? null),
          requests: file.requests,
          unknownReason: unknown ? `${worst?.model ?? 'model'}: price unknown` : costs.length === 0 ? 'no request in the file' : null,
          overContextWindow: null,
          problems: file.diagnostics.length,
        });
      }
      // A file its worker stopped on twice is listed with the reason, as a file that could not be priced.
      const stoppedOn = report.skipped.filter((file) => file.reason.startsWith(WORKER_STOPPED));
      for (const file of stoppedOn) entries.push(notPricedEntry(vscode.Uri.joinPath(folder, file.path), file.path, file.reason));
      return { entries, skipped: report.skipped.filter((file) => !stoppedOn.includes(file)), mode: 'worker-threads' };
    } catch (error) {
      if (token.isCancellationRequested) return null;
      throw error;
    } finally {
      cancel.dispose();
    }
  };
}

// The workspace scan behind the Prompt Costs view: every prompt file with its tokens and cost on the
// shown model. Off the extension host's thread: the command-line tool's worker threads on desktop, a
// Web Worker in the browser; in the host, a file at a time, only where neither can run. Cancellable.
import * as vscode from 'vscode';
import { detectFormat } from '../core';
import { analyseText, type PromptAnalysis } from './promptAnalysis';
import type { PricingContext } from './pricingContext';
import { readPromptText } from './workspaceFiles';
import { costFigures, type CostFigures } from './filePricing';

export interface PromptCostEntry extends CostFigures {
  uri: vscode.Uri;
  /** Why the scan could not price the file at all (its worker stopped on it twice), or absent. */
  notPriced?: string;
}

/** Told when scan workers start and stop and when work is handed to one (the integration suite stops one through it). */
export interface ScanObserver {
  workerStarted?(): void;
  workerExited?(): void;
  /** `stopWorker` stops the worker the files were handed to, as a crash would. */
  batchSent?(paths: readonly string[], stopWorker: () => void): void;
}

export interface ScanResult {
  entries: PromptCostEntry[];
  skipped: { path: string; reason: string }[];
  /** Where the work ran: worker threads (desktop), a Web Worker (web), or the extension host. */
  mode: 'worker-threads' | 'web-worker' | 'in-host';
}

export interface ScanProgress {
  report(message: string): void;
}

/** How a platform scans a folder; the desktop one uses worker threads. */
export type FolderScanner = (
  folder: vscode.Uri,
  context: PricingContext,
  token: vscode.CancellationToken,
  progress: ScanProgress,
  observer?: ScanObserver,
) => Promise<ScanResult | null>;

/** A file's entry from its analysis. */
export function entryOf(analysis: PromptAnalysis): PromptCostEntry {
  return { uri: analysis.uri, ...costFigures(analysis.path, analysis.parsed, analysis.requests, analysis.omittedRequests) };
}

/** Reads and analyses one file on disk (a file-system watcher event, or the in-host scan). */
export async function analyseFile(uri: vscode.Uri, context: PricingContext): Promise<PromptCostEntry | { skipped: string } | null> {
  const read = await readPromptText(uri);
  if ('skipped' in read) return read;
  const analysis = await analyseText(context, uri, read.text, -1);
  return analysis ? entryOf(analysis) : null;
}

/** The in-host scan (web, or a folder that is not on a local disk): yields between files. */
export const scanInHost: FolderScanner = async (folder, context, token, progress) => {
  const settings = await context.settings();
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), '{**/node_modules/**,**/.git/**}', 100_000, token);
  const result: ScanResult = { entries: [], skipped: [], mode: 'in-host' };
  const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  const candidates = files.filter((uri) => detectFormat(uri.path.slice(base.length), undefined, { textPromptGlobs: settings.textPromptGlobs }) !== null);
  let done = 0;
  for (const uri of candidates) {
    if (token.isCancellationRequested) return null;
    const entry = await analyseFile(uri, context);
    if (entry && 'skipped' in entry) result.skipped.push({ path: uri.path.slice(base.length), reason: entry.skipped });
    else if (entry) result.entries.push(entry);
    if (++done % 10 === 0) progress.report(`${done} of ${candidates.length} files`);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return result;
};

/** A file the scan could not price (its worker stopped on it twice), listed with the reason. */
export function notPricedEntry(uri: vscode.Uri, path: string, reason: string): PromptCostEntry {
  return {
    uri,
    path,
    format: detectFormat(path, undefined) ?? 'text',
    model: '—',
    tokens: 0,
    tokensExact: true,
    costPerRequest: null,
    costPerMonth: null,
    requests: 0,
    unknownReason: reason,
    overContextWindow: null,
    problems: 0,
    notPriced: reason,
  };
}

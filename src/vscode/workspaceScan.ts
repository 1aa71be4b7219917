// The workspace scan behind the Prompt Costs view: every prompt file with its tokens and cost on the
// shown model. Off the extension host's main thread on desktop (the command-line tool's worker-thread
// scan); in the browser, in the host in small steps that yield between files. Cancellable.
import * as vscode from 'vscode';
import { detectFormat } from '../core';
import { analyseText, type PromptAnalysis } from './promptAnalysis';
import type { PricingContext } from './pricingContext';
import { readPromptText } from './workspaceFiles';

export interface PromptCostEntry {
  uri: vscode.Uri;
  /** Relative to its workspace folder, with `/`. */
  path: string;
  format: string;
  model: string;
  tokens: number;
  tokensExact: boolean;
  /** USD per request of the file's most expensive request; null when the price is unknown. */
  costPerRequest: number | null;
  costPerMonth: number | null;
  requests: number;
  unknownReason: string | null;
  problems: number;
}

export interface ScanResult {
  entries: PromptCostEntry[];
  skipped: { path: string; reason: string }[];
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
) => Promise<ScanResult | null>;

/** A file's entry from its analysis: the most expensive priced request is what a budget cares about. */
export function entryOf(analysis: PromptAnalysis): PromptCostEntry {
  const known = analysis.requests.map((request) => request.shown).filter((plan) => plan.known);
  const unknown = analysis.requests.map((request) => request.shown).find((plan) => !plan.known);
  const worst = known.reduce<(typeof known)[number] | undefined>(
    (best, plan) => (best && best.known && plan.known && best.costPerRequest >= plan.costPerRequest ? best : plan),
    undefined,
  );
  const first = analysis.requests[0];
  return {
    uri: analysis.uri,
    path: analysis.path,
    format: analysis.parsed.format,
    model: (worst ?? first?.shown)?.requestedAs ?? '—',
    tokens: worst && worst.known ? worst.inputTokens : (first?.profile.inputTokens.o200k_base ?? 0),
    tokensExact: worst && worst.known ? worst.tokensExact : true,
    costPerRequest: unknown || !worst || !worst.known ? null : worst.costPerRequest,
    costPerMonth: unknown || !worst || !worst.known ? null : worst.costPerMonth,
    requests: analysis.requests.length + analysis.omittedRequests,
    unknownReason: unknown && !unknown.known ? `${unknown.requestedAs}: ${unknown.reason}` : first ? null : 'no request in the file',
    problems: analysis.parsed.diagnostics.length,
  };
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
  const result: ScanResult = { entries: [], skipped: [] };
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

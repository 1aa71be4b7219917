// One prompt file as the editor sees it: parsed, profiled and priced by the core, once per version
// of the document and of the settings. Hover, CodeLens, status bar, diagnostics and the view all read
// the same analysis, so they always agree.
import * as vscode from 'vscode';
import { parsePromptFile, detectFormat, encodingsForPlan, type ParsedPromptFile, type Counters } from '../core';
import type { Scenario } from '../core/cost';
import { editorScenario, priceRequests, type PricingChoices, type RequestAnalysis } from './filePricing';
import type { PriceBook, PriceCatalog } from '../core/pricing';
import type { PricingContext } from './pricingContext';
import { now } from './timings';
import type { EditorSettings } from './settings';
import { locate, readTextInside } from './workspaceFiles';

export { MAX_PRICED_REQUESTS, type RequestAnalysis } from './filePricing';

export interface PromptAnalysis {
  uri: vscode.Uri;
  version: number;
  generation: number;
  path: string;
  parsed: ParsedPromptFile;
  requests: RequestAnalysis[];
  omittedRequests: number;
  scenario: Scenario;
  settings: EditorSettings;
  catalog: PriceCatalog;
  prices: PriceBook;
  counters: Counters;
  /** Whether the parse, count and pricing ran on the big-file worker (a large document, desktop). */
  countedOffThread: boolean;
}

/** Parses with promptfoo `file://` references read through the workspace (inside its folder only). */
export function parseInWorkspace(
  path: string,
  text: string,
  folder: vscode.Uri | undefined,
  textPromptGlobs: readonly string[],
): Promise<ParsedPromptFile | null> {
  const reader = { readText: (reference: string) => (folder ? readTextInside(folder, reference) : Promise.resolve(undefined)) };
  return parsePromptFile(path, text, { reader, textPromptGlobs });
}

export function isPromptDocument(document: vscode.TextDocument, textPromptGlobs: readonly string[]): boolean {
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'vscode-remote' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-vfs')
    return false;
  const { path } = locate(document.uri);
  return detectFormat(path, undefined, { textPromptGlobs }) !== null;
}

export async function analyseText(context: PricingContext, uri: vscode.Uri, text: string, version: number): Promise<PromptAnalysis | null> {
  const generation = context.generation;
  const begun = now();
  const settings = await context.settings();
  context.timings.record('analysis:settings', now() - begun);
  const { path, folder } = locate(uri);
  const choices: PricingChoices = { ...settings, chosenModel: context.chosenModel };
  const bigFiles = context.platform.bigFiles;
  if (bigFiles && text.length >= settings.largeFileChars) {
    // A big document: parsed, counted and priced on the worker; the host only loads what hovers and
    // the selection count need (the catalogue and vocabularies, once).
    const readReference = (reference: string) => (folder ? readTextInside(folder, reference) : Promise.resolve(undefined));
    const started = now();
    const result = await bigFiles.analyse({ path, text, choices, textPromptGlobs: settings.textPromptGlobs, priceFile: settings.priceFile, readReference });
    context.timings.record('offThreadAnalysis', now() - started);
    if (!result) return null;
    const [{ catalog, prices }, counters] = await Promise.all([
      context.prices(),
      context.counters(encodingsForPlan([result.parsed], result.scenario, settings.comparisonModels)),
    ]);
    return { uri, version, generation, path, ...result, settings, catalog, prices, counters, countedOffThread: true };
  }
  const parsing = now();
  const parsed = await parseInWorkspace(path, text, folder, settings.textPromptGlobs);
  context.timings.record('analysis:parse', now() - parsing);
  if (!parsed) return null;
  const scenario = editorScenario(choices);
  const waiting = now();
  const [{ catalog, prices }, counters] = await Promise.all([
    context.prices(),
    context.counters(encodingsForPlan([parsed], scenario, settings.comparisonModels)),
  ]);
  // Waiting for the prices and vocabularies: nothing once the warm-up has loaded them.
  context.timings.record('analysis:loads', now() - waiting);
  const started = now();
  const priced = priceRequests(parsed, choices, prices, counters);
  context.timings.record('priceRequests', now() - started);
  return { uri, version, generation, path, parsed, ...priced, settings, catalog, prices, counters, countedOffThread: false };
}

/** The latest analysis of each open prompt document, computed once per document version. */
export class PromptAnalyses implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; generation: number; settled: boolean; result: Promise<PromptAnalysis | null> }>();
  private readonly changed = new vscode.EventEmitter<PromptAnalysis>();
  /** Fires when a document's analysis is ready (after an edit, a setting change, a model choice). */
  readonly onDidAnalyse = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    readonly context: PricingContext,
    /** A document whose file was deleted while it stayed open is not analysed (no figure stays on it). */
    private readonly isGone: (uri: vscode.Uri) => boolean = () => false,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())),
      context.onDidChange(() => this.cache.clear()),
    );
  }

  /** The analysis of this document version; null when it is not a prompt file. */
  analyse(document: vscode.TextDocument): Promise<PromptAnalysis | null> {
    if (this.isGone(document.uri)) return Promise.resolve(null);
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version && cached.generation === this.context.generation) return cached.result;
    const entry = { version: document.version, generation: this.context.generation, settled: false, result: Promise.resolve<PromptAnalysis | null>(null) };
    entry.result = analyseText(this.context, document.uri, document.getText(), document.version).then(
      (analysis) => {
        entry.settled = true;
        if (analysis) this.changed.fire(analysis);
        return analysis;
      },
      (error: unknown) => {
        entry.settled = true;
        throw error;
      },
    );
    this.cache.set(key, entry);
    return entry.result;
  }

  /** Drops what is known about a document (its file went away or came back). */
  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }

  /**
   * Whether this document version is about to be (or is being) counted on the big-file worker: the
   * status bar says "counting…" meanwhile rather than showing the previous version's figure.
   */
  countsOffThread(document: vscode.TextDocument): boolean {
    if (!this.context.platform.bigFiles) return false;
    const cached = this.cache.get(document.uri.toString());
    if (cached && cached.settled && cached.version === document.version && cached.generation === this.context.generation) return false;
    return document.offsetAt(new vscode.Position(document.lineCount, 0)) >= this.context.largeFileChars;
  }

  dispose(): void {
    this.changed.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

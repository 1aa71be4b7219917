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
  const settings = await context.settings();
  const { path, folder } = locate(uri);
  const parsed = await parseInWorkspace(path, text, folder, settings.textPromptGlobs);
  if (!parsed) return null;
  const choices: PricingChoices = { ...settings, chosenModel: context.chosenModel };
  const scenario = editorScenario(choices);
  const [{ catalog, prices }, counters] = await Promise.all([
    context.prices(),
    context.counters(encodingsForPlan([parsed], scenario, settings.comparisonModels)),
  ]);
  const started = now();
  const priced = priceRequests(parsed, choices, prices, counters);
  context.timings.record('priceRequests', now() - started);
  return { uri, version, generation, path, parsed, ...priced, settings, catalog, prices, counters };
}

/** The latest analysis of each open prompt document, computed once per document version. */
export class PromptAnalyses implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; generation: number; result: Promise<PromptAnalysis | null> }>();
  private readonly changed = new vscode.EventEmitter<PromptAnalysis>();
  /** Fires when a document's analysis is ready (after an edit, a setting change, a model choice). */
  readonly onDidAnalyse = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(readonly context: PricingContext) {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())),
      context.onDidChange(() => this.cache.clear()),
    );
  }

  /** The analysis of this document version; null when it is not a prompt file. */
  analyse(document: vscode.TextDocument): Promise<PromptAnalysis | null> {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version && cached.generation === this.context.generation) return cached.result;
    const result = analyseText(this.context, document.uri, document.getText(), document.version).then((analysis) => {
      if (analysis) this.changed.fire(analysis);
      return analysis;
    });
    this.cache.set(key, { version: document.version, generation: this.context.generation, result });
    return result;
  }

  dispose(): void {
    this.changed.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

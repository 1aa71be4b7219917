// What every figure in the editor is computed with: the token counters, the price catalogue, the
// settings with the workspace's scenario file, and the model the user chose. Loaded on first use
// (never in activate()), reloaded when a setting or the scenario file changes.
import * as vscode from 'vscode';
import { loadTokenCounter, type Counters, type EncodingName, type TokenCounter } from '../core';
import { now, type Timings } from './timings';
import { priceBookOf, type PriceBook, type PriceCatalog } from '../core/pricing';
import { DEFAULT_LARGE_FILE_KB, readEditorSettings, type EditorSettings } from './settings';
import type { PlannerDeps } from './plannerPanel';
import type { BigFileAnalyser } from './bigFileProtocol';

export interface LoadedPrices {
  catalog: PriceCatalog;
  warnings: string[];
}

/** The catalogue with the price book the cost model reads it through. */
export interface EditorPrices extends LoadedPrices {
  prices: PriceBook;
}

/** What differs between the desktop and the web extension. */
export interface Platform {
  kind: 'desktop' | 'web';
  /** The bundled catalogue, the refreshed copy where there is one, and the user's own price file. */
  loadPrices(priceFile: string | null): Promise<LoadedPrices>;
  /** The planner webview's data source: Node's file system and the CLI's loaders on desktop, the workspace file system and this context's counters on the web. */
  plannerDeps: ((log: (message: string) => void, defaultModels: () => readonly string[], pricing: PricingContext) => PlannerDeps) | null;
  /** Analyses big documents off the extension host's thread (desktop: a worker thread), or null. */
  bigFiles: BigFileAnalyser | null;
  /** Downloads the latest price data (opt-in), or null when this platform cannot. */
  refreshPrices: ((storage: vscode.Uri) => Promise<{ ok: true; asOf: string } | { ok: false; error: string }>) | null;
}

const MODEL_KEY = 'llmCost.chosenModel';

export class PricingContext implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when settings, the scenario file, prices or the chosen model change. */
  readonly onDidChange = this.changed.event;
  private settingsPromise: Promise<EditorSettings> | undefined;
  private pricesPromise: Promise<EditorPrices> | undefined;
  private readonly vocabularies = new Map<EncodingName, Promise<TokenCounter>>();
  generation = 0;
  /** Documents at least this long (characters) are analysed off the thread where the platform can; kept from the last settings read. */
  largeFileChars = DEFAULT_LARGE_FILE_KB * 1024;

  constructor(
    readonly platform: Platform,
    private readonly workspaceState: vscode.Memento,
    readonly storageUri: vscode.Uri,
    private readonly extensionUri: vscode.Uri,
    readonly timings: Timings,
  ) {}

  /** Times a one-off load (prices, a vocabulary) for the start-up figures. */
  private timed<T>(name: string, load: Promise<T>): Promise<T> {
    const started = now();
    return load.then((value) => {
      this.timings.record(name, now() - started);
      return value;
    });
  }

  /** The model chosen in the status bar's quick pick for this workspace, or null (each file's own). */
  get chosenModel(): string | null {
    return this.workspaceState.get<string>(MODEL_KEY) ?? null;
  }

  async chooseModel(model: string | null): Promise<void> {
    await this.workspaceState.update(MODEL_KEY, model ?? undefined);
    this.invalidate(false);
  }

  settings(): Promise<EditorSettings> {
    return (this.settingsPromise ??= readEditorSettings(vscode.workspace.workspaceFolders?.[0]?.uri).then((settings) => {
      this.largeFileChars = settings.largeFileChars;
      return settings;
    }));
  }

  prices(): Promise<EditorPrices> {
    return (this.pricesPromise ??= this.timed(
      'loadPrices',
      this.settings()
        .then((settings) => this.platform.loadPrices(settings.priceFile))
        .then((loaded) => ({ ...loaded, prices: priceBookOf(loaded.catalog) })),
    ));
  }

  /** The vocabulary files the build writes into dist/vocab, read the same way on desktop and web. */
  readonly readVocabulary = (fileName: string): Promise<Uint8Array> =>
    Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'dist', 'vocab', fileName)));

  /** Exact counters for `encodings` (decided up front by the core's `encodingsFor`), each vocabulary loaded once. */
  async counters(encodings: readonly EncodingName[]): Promise<Counters> {
    const load = (encoding: EncodingName) => {
      let counter = this.vocabularies.get(encoding);
      if (!counter) this.vocabularies.set(encoding, (counter = this.timed(`load:${encoding}`, loadTokenCounter(encoding, this.readVocabulary))));
      return counter;
    };
    const [o200k_base, cl100k_base] = await Promise.all([load('o200k_base'), encodings.includes('cl100k_base') ? load('cl100k_base') : undefined]);
    return cl100k_base ? { o200k_base, cl100k_base } : { o200k_base };
  }

  /** Settings or the scenario file changed: read them again (prices too when the price file may have). */
  invalidate(reloadSettings = true, reloadPrices = false): void {
    if (reloadSettings) this.settingsPromise = undefined;
    if (reloadPrices || reloadSettings) this.pricesPromise = undefined;
    this.generation++;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

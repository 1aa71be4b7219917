// What every figure in the editor is computed with: the token counters, the price catalogue, the
// settings with the workspace's scenario file, and the model the user chose. Loaded on first use
// (never in activate()), reloaded when a setting or the scenario file changes.
import * as vscode from 'vscode';
import { loadTokenCounter, type Counters, type TokenCounter, type EncodingName } from '../core';
import { parseModelRef, tokenizerFor, type PriceCatalog } from '../core/pricing';
import { readEditorSettings, type EditorSettings } from './settings';

export interface LoadedPrices {
  catalog: PriceCatalog;
  warnings: string[];
}

/** What differs between the desktop and the web extension. */
export interface Platform {
  kind: 'desktop' | 'web';
  /** The bundled catalogue, the refreshed copy where there is one, and the user's own price file. */
  loadPrices(priceFile: string | null): Promise<LoadedPrices>;
  /** Downloads the latest price data (opt-in), or null when this platform cannot. */
  refreshPrices: ((storage: vscode.Uri) => Promise<{ ok: true; asOf: string } | { ok: false; error: string }>) | null;
}

/** Raised by the cl100k_base stand-in: the caller loads the vocabulary and tries again. */
export class VocabularyNotLoaded extends Error {}

const MODEL_KEY = 'llmCost.chosenModel';

export class PricingContext implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when settings, the scenario file, prices or the chosen model change. */
  readonly onDidChange = this.changed.event;
  private settingsPromise: Promise<EditorSettings> | undefined;
  private pricesPromise: Promise<LoadedPrices> | undefined;
  private readonly counters: Counters;
  private o200kPromise: Promise<TokenCounter> | undefined;
  private cl100kPromise: Promise<TokenCounter> | undefined;
  generation = 0;

  constructor(
    readonly platform: Platform,
    private readonly workspaceState: vscode.Memento,
    readonly storageUri: vscode.Uri,
  ) {
    const notLoaded = (encoding: EncodingName): TokenCounter => ({
      encoding,
      count: () => {
        throw new VocabularyNotLoaded(encoding);
      },
      countInSteps: () => {
        throw new VocabularyNotLoaded(encoding);
      },
    });
    this.counters = { o200k_base: notLoaded('o200k_base'), cl100k_base: notLoaded('cl100k_base') };
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
    return (this.settingsPromise ??= readEditorSettings(vscode.workspace.workspaceFolders?.[0]?.uri));
  }

  prices(): Promise<LoadedPrices> {
    return (this.pricesPromise ??= this.settings().then((settings) => this.platform.loadPrices(settings.priceFile)));
  }

  /** o200k_base loaded (every model needs it); cl100k_base only once something reads it. */
  async loadedCounters(): Promise<Counters> {
    if (!this.o200kPromise) this.o200kPromise = loadTokenCounter('o200k_base').then((counter) => (this.counters.o200k_base = counter));
    await this.o200kPromise;
    return this.counters;
  }

  async loadVocabulary(encoding: EncodingName): Promise<void> {
    if (encoding === 'o200k_base') return void (await this.loadedCounters());
    if (!this.cl100kPromise) this.cl100kPromise = loadTokenCounter('cl100k_base').then((counter) => (this.counters.cl100k_base = counter));
    await this.cl100kPromise;
  }

  /** Loads cl100k_base up front when one of these models reads it (gpt-4, gpt-3.5). */
  async prepareFor(models: readonly (string | null)[]): Promise<void> {
    if (models.some((model) => model && tokenizerFor(parseModelRef(model).model).encoding === 'cl100k_base')) await this.loadVocabulary('cl100k_base');
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

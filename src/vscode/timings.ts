// The extension's own timing, kept so the speed figures in the README come from the real extension
// host (read through the extension's API by the integration suite and `npm run bench:editor`; no
// test asserts a time). Off unless a test turns it on with a command only tests call
// (`TEST_COMMANDS.recordTimings`): a user's editor keeps no timings. It only ever holds numbers.
export class Timings {
  enabled = false;
  private readonly samples = new Map<string, number[]>();
  /** When each document was opened, until its first figure is shown. */
  private readonly openedAt = new Map<string, number>();
  /** When each document opened since became the active editor, until its first figure is shown. */
  private readonly activeAt = new Map<string, number>();
  /** Documents whose first analysis since they opened has been timed. */
  private readonly analysed = new Set<string>();
  private static readonly KEEP = 5000;

  record(name: string, milliseconds: number): void {
    if (!this.enabled) return;
    let list = this.samples.get(name);
    if (!list) this.samples.set(name, (list = []));
    if (list.length >= Timings.KEEP) list.shift();
    list.push(milliseconds);
  }

  /** A document was opened (`onDidOpenTextDocument`): its first figure is timed from now. */
  opened(uri: string): void {
    if (this.enabled && !this.openedAt.has(uri)) this.openedAt.set(uri, now());
  }

  /** The editor of a document opened since timings were on became active: the workbench's part ends here. */
  becameActive(uri: string): void {
    if (this.openedAt.has(uri) && !this.activeAt.has(uri)) this.activeAt.set(uri, now());
  }

  /** A document's analysis is ready: the first since it opened is `firstAnalysis` (our part before the status bar's). */
  analysisReady(uri: string): void {
    const opened = this.openedAt.get(uri);
    if (opened === undefined || this.analysed.has(uri)) return;
    this.analysed.add(uri);
    this.record('firstAnalysis', now() - opened);
  }

  closed(uri: string): void {
    this.openedAt.delete(uri);
    this.activeAt.delete(uri);
    this.analysed.delete(uri);
  }

  /**
   * The status bar shows a figure for this document. The first time since it opened is `firstFigure`
   * (from `onDidOpenTextDocument`) and `firstFigureFromActive` (from its editor becoming active).
   */
  figureShown(uri: string): void {
    const opened = this.openedAt.get(uri);
    if (opened === undefined) return;
    const active = this.activeAt.get(uri);
    this.closed(uri);
    this.record('firstFigure', now() - opened);
    if (active !== undefined) this.record('firstFigureFromActive', now() - active);
  }

  get(name: string): readonly number[] {
    return this.samples.get(name) ?? [];
  }

  clear(name?: string): void {
    if (name) this.samples.delete(name);
    else this.samples.clear();
  }
}

export const now: () => number = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

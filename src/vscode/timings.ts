// The extension's own timing, kept so the speed figures in the README come from the real extension
// host (read through the extension's API by the integration suite and `npm run bench:editor`; no
// test asserts a time). Off unless a test turns it on with a command only tests call
// (`TEST_COMMANDS.recordTimings`): a user's editor keeps no timings. It only ever holds numbers.
export class Timings {
  enabled = false;
  private readonly samples = new Map<string, number[]>();
  /** When each document was opened, until its first figure is shown. */
  private readonly openedAt = new Map<string, number>();
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

  closed(uri: string): void {
    this.openedAt.delete(uri);
  }

  /** The status bar shows a figure for this document: the first time since it opened is `firstFigure`. */
  figureShown(uri: string): void {
    const opened = this.openedAt.get(uri);
    if (opened === undefined) return;
    this.openedAt.delete(uri);
    this.record('firstFigure', now() - opened);
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

// The providers' own timing, kept so the speed figures in the README come from the real extension
// host (read through the extension's API by the measurement run; no test asserts a time).
export class Timings {
  private readonly samples = new Map<string, number[]>();
  private static readonly KEEP = 5000;

  record(name: string, milliseconds: number): void {
    let list = this.samples.get(name);
    if (!list) this.samples.set(name, (list = []));
    if (list.length >= Timings.KEEP) list.shift();
    list.push(milliseconds);
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

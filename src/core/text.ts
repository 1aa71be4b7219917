// Line bookkeeping shared by every format parser: prompt files are reported by line, and editors
// need offsets. Lines are 1-based; offsets are UTF-16 indexes into the file text.
import type { TextRange } from './types';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line holding the character at `offset`. */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  /** Offset of the first character of 1-based `line`. */
  offsetOf(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1] ?? 0;
  }

  /** The text of 1-based `line` without its leading and trailing white space (what an editor underlines). */
  lineRange(line: number): TextRange {
    const clamped = Math.min(Math.max(line, 1), this.starts.length);
    let start = this.offsetOf(clamped);
    let end = clamped < this.starts.length ? this.offsetOf(clamped + 1) - 1 : this.text.length;
    while (start < end && isBlank(this.text.charCodeAt(start))) start++;
    while (end > start && isBlank(this.text.charCodeAt(end - 1))) end--;
    return { start, end };
  }

  /** From `start` to `end`, or to the end of `start`'s line when no end is known. */
  rangeFrom(start: number, end?: number): TextRange {
    const from = Math.min(Math.max(start, 0), this.text.length);
    if (end !== undefined) return { start: from, end: Math.min(Math.max(end, from), this.text.length) };
    return { start: from, end: Math.max(from, this.lineRange(this.lineAt(from)).end) };
  }
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a || code === 0xfeff;
}

/** Removes a leading byte-order mark, which editors hide but which would break frontmatter detection. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

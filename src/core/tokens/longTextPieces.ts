// Pre-tokenizing a text of millions of characters without overflowing V8's regular-expression stack.
//
// V8 keeps one backtracking entry for each character a loop such as `[\p{Ll}\p{Lm}\p{Lo}\p{M}]+`
// consumes, and throws "Maximum call stack size exceeded" past 2^22 of them (measured: 4,194,304
// characters of `я`, `中`, `。` or a combining mark, in both encodings' patterns; ASCII classes
// compile to loops without entries). So one unbroken run of 4.2 million letters (10 MB of `я`,
// 12 MB of Chinese) cannot be matched as one piece. Instead, the pattern runs on a copy of the text
// in which every long run of characters it cannot tell apart — the same character classes, and
// none of the characters it names one by one — keeps only its first and last RUN_ENDS characters.
// The pattern's loops consume such a run whole whatever its length; where a piece ends depends on
// what comes before and after the run, which the copy keeps, so each piece end in the copy maps back
// to one in the text. A piece end in the middle of a shortened run would mean that does not hold:
// it throws rather than give a wrong count (the caller reports the file as not counted).

/** Texts longer than this are pre-tokenized on a shortened copy: below it no loop can reach 2^22 entries. */
export const LONG_TEXT_CHARS = 1 << 21;

// Characters kept at each end of a shortened run: the patterns look at most 3 characters past a
// loop (a contraction such as 'll) and end pieces at most 1 character from a run's end.
const RUN_ENDS = 16;

// Character classes the patterns tell apart (see PATTERNS in counter.ts).
const UPPER = 1; // Lu, Lt
const LOWER = 2; // Ll
const OTHER_LETTER = 4; // Lm, Lo
const MARK = 8;
const NUMBER = 16;
const SPACE = 32; // Unicode White_Space, as the patterns spell it
// The characters the patterns name one by one (line breaks, space, `/`, the apostrophe and the
// letters of contractions) each get a class of their own, above every combination of the bits.
const NAMED = "\r\n /'sStTrReEvVmMlLdD\u017f";

const CLASS_TESTS: readonly (readonly [number, RegExp])[] = [
  [UPPER, /^[\p{Lu}\p{Lt}]$/u],
  [LOWER, /^\p{Ll}$/u],
  [OTHER_LETTER, /^[\p{Lm}\p{Lo}]$/u],
  [MARK, /^\p{M}$/u],
  [NUMBER, /^\p{N}$/u],
  [SPACE, /^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u],
];

const classes = new Map<number, number>();

function classOf(codePoint: number): number {
  let found = classes.get(codePoint);
  if (found === undefined) {
    const character = String.fromCodePoint(codePoint);
    const named = NAMED.indexOf(character);
    found = named !== -1 ? 64 + named : 0;
    if (named === -1) for (const [bit, test] of CLASS_TESTS) if (test.test(character)) found |= bit;
    // Classes are few; the map only grows with the distinct characters of the texts seen.
    classes.set(codePoint, found);
  }
  return found;
}

/**
 * The end offset of every pre-tokenizer piece of text[start, end), found with `pattern` (the
 * encoding's, with the `gu` flags) on a copy with long runs shortened.
 */
export function pieceEndsOfLongText(pattern: RegExp, text: string, start: number, end: number): number[] {
  // The copy, and for each shortened run where it sits in the copy and in the text.
  let copy = '';
  const runCopyStarts: number[] = [];
  const runTextStarts: number[] = [];
  const runTextEnds: number[] = [];
  const runHeadLengths: number[] = [];
  const runCopyEnds: number[] = [];
  let copied = start;
  let i = start;
  while (i < end) {
    const runStart = i;
    const runClass = classOf(text.codePointAt(i)!);
    let length = 0;
    let headEnd = -1;
    while (i < end) {
      const codePoint = text.codePointAt(i)!;
      if (classOf(codePoint) !== runClass) break;
      i += codePoint > 0xffff ? 2 : 1;
      if (++length === RUN_ENDS) headEnd = i;
    }
    // Digits make pieces of three whatever the run's length: never shortened.
    if (length <= 4 * RUN_ENDS || runClass & NUMBER) continue;
    let tailStart = i;
    for (let kept = 0; kept < RUN_ENDS; kept++) tailStart -= (text.charCodeAt(tailStart - 1) & 0xfc00) === 0xdc00 && tailStart - 2 >= runStart ? 2 : 1;
    copy += text.slice(copied, headEnd);
    runCopyStarts.push(copy.length - (headEnd - runStart));
    runTextStarts.push(runStart);
    runHeadLengths.push(headEnd - runStart);
    copy += text.slice(tailStart, i);
    runCopyEnds.push(copy.length);
    runTextEnds.push(i);
    copied = i;
  }
  copy += text.slice(copied, end);

  // Piece ends in the copy, in order, mapped back through the runs (also in order).
  const ends: number[] = [];
  let run = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(copy); match !== null; match = pattern.exec(copy)) {
    const at = match.index + match[0].length;
    while (run < runCopyEnds.length && runCopyEnds[run]! < at) run++;
    // Text offset = copy offset + delta, where delta is what the shortened runs before left out.
    let delta: number;
    if (run === runCopyEnds.length || at <= runCopyStarts[run]!) {
      delta = run === 0 ? start : runTextEnds[run - 1]! - runCopyEnds[run - 1]!;
    } else {
      const intoRun = at - runCopyStarts[run]!;
      const head = runHeadLengths[run]!;
      if (intoRun === head) throw new Error('A pre-tokenizer piece ends inside a long run of alike characters');
      delta = intoRun < head ? runTextStarts[run]! - runCopyStarts[run]! : runTextEnds[run]! - runCopyEnds[run]!;
    }
    ends.push(at + delta);
  }
  return ends;
}

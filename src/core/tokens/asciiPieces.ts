// The o200k_base pre-tokenizer for ASCII text, written out by hand, with a piece cache that needs
// no string per lookup. Most prompt text is ASCII, and on it this does what the regular expression
// does (the tests hold both to tiktoken) without a match object and a new string for every piece,
// which is where the regular-expression path spends most of its time.
//
// The pattern, alternative by alternative, restricted to ASCII (no Lt/Lm/Lo/M characters exist):
//   1. [^\r\n\p{L}\p{N}]? [A-Z]* [a-z]+ contraction?
//   2. [^\r\n\p{L}\p{N}]? [A-Z]+ [a-z]* contraction?
//   3. [0-9]{1,3}
//   4. ' '? [^\s\p{L}\p{N}]+ [\r\n/]*
//   5. \s* [\r\n]+          (a whitespace run up to and including its last line break)
//   6. \s+ (?!\S)           (a whitespace run, less its last character when text follows)
//   7. \s+                  (one whitespace character before text)
// The first alternative that matches at a position wins, as in the regular expression.
//
// Reads of the class table and the piece cache carry a non-null assertion (`a[i]!`, no runtime cost)
// rather than a check: indexes are in bounds by construction (character codes of ASCII text are below
// 128, cache slots are masked to the cache size, which every cache array is filled to), these are the tokenizer's hot loops and must not branch on it,
// and the exactness tests against tiktoken and the seeded random-text tests cover it.

const OTHER = 0; // punctuation, symbols and control characters
const UPPER = 1;
const LOWER = 2;
const DIGIT = 3;
const SPACE = 4; // \t \v \f and space: whitespace that is not a line break
const NEWLINE = 5; // \r \n

const CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  if (code >= 0x41 && code <= 0x5a) CLASS[code] = UPPER;
  else if (code >= 0x61 && code <= 0x7a) CLASS[code] = LOWER;
  else if (code >= 0x30 && code <= 0x39) CLASS[code] = DIGIT;
  else if (code === 0x0a || code === 0x0d) CLASS[code] = NEWLINE;
  else if (code === 0x09 || code === 0x0b || code === 0x0c || code === 0x20) CLASS[code] = SPACE;
  else CLASS[code] = OTHER;
}

const NON_ASCII = /[^\x00-\x7f]/;

export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

const CACHE_SLOTS = 1 << 16;

/**
 * Counts the tokens of an ASCII text: splits it into o200k_base pieces and looks each up in a
 * direct-mapped cache keyed by a hash of its characters, compared in place; only a miss makes a
 * string and asks `countPiece`.
 */
export class AsciiPieceCounter {
  private readonly hashes = new Int32Array(CACHE_SLOTS);
  private readonly counts = new Int32Array(CACHE_SLOTS).fill(-1);
  private readonly keys: string[] = new Array(CACHE_SLOTS).fill('');

  constructor(private readonly countPiece: (piece: string) => number) {}

  count(text: string): number {
    const end = text.length;
    let total = 0;
    let i = 0;
    while (i < end) {
      const next = pieceEnd(text, i, end);
      total += this.lookup(text, i, next);
      i = next;
    }
    return total;
  }

  private lookup(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const slot = (hash >>> 0) & (CACHE_SLOTS - 1);
    if (this.counts[slot]! >= 0 && this.hashes[slot] === hash) {
      const key = this.keys[slot]!;
      if (key.length === end - start && equalsAt(key, text, start)) return this.counts[slot]!;
    }
    const piece = text.slice(start, end);
    const count = this.countPiece(piece);
    this.hashes[slot] = hash;
    this.counts[slot] = count;
    this.keys[slot] = piece;
    return count;
  }
}

function equalsAt(key: string, text: string, start: number): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

function classAt(text: string, i: number, end: number): number {
  return i < end ? CLASS[text.charCodeAt(i)]! : -1;
}

/** End of the o200k_base piece that starts at `i` (ASCII text, `end` is the end of the input). */
export function pieceEnd(text: string, i: number, end: number): number {
  const first = CLASS[text.charCodeAt(i)];
  // Alternatives 1 and 2, with the optional prefix character when there is one.
  const lettersAt = first === OTHER || first === SPACE ? i + 1 : i;
  const letters = lettersEnd(text, lettersAt, end);
  if (letters !== -1) return letters;
  // 3. Up to three digits.
  if (first === DIGIT) {
    let j = i + 1;
    while (j < end && j < i + 3 && CLASS[text.charCodeAt(j)] === DIGIT) j++;
    return j;
  }
  // 4. Punctuation, after an optional space, then any line breaks and slashes.
  const punctuationAt = text.charCodeAt(i) === 0x20 ? i + 1 : i;
  if (classAt(text, punctuationAt, end) === OTHER) {
    let j = punctuationAt + 1;
    while (j < end && CLASS[text.charCodeAt(j)] === OTHER) j++;
    while (j < end) {
      const code = text.charCodeAt(j);
      if (code !== 0x0a && code !== 0x0d && code !== 0x2f) break;
      j++;
    }
    return j;
  }
  // 5–7. Whitespace (the only class left).
  let runEnd = i;
  let lastBreak = -1;
  while (runEnd < end) {
    const cls = CLASS[text.charCodeAt(runEnd)];
    if (cls === NEWLINE) lastBreak = runEnd;
    else if (cls !== SPACE) break;
    runEnd++;
  }
  if (lastBreak !== -1) return lastBreak + 1;
  if (runEnd === end || runEnd - i === 1) return runEnd;
  return runEnd - 1;
}

/** Alternatives 1 and 2 at `i`: [A-Z]*[a-z]+ or [A-Z]+[a-z]*, then a contraction; -1 if neither. */
function lettersEnd(text: string, i: number, end: number): number {
  let j = i;
  while (j < end && CLASS[text.charCodeAt(j)] === UPPER) j++;
  const upperEnd = j;
  while (j < end && CLASS[text.charCodeAt(j)] === LOWER) j++;
  if (j === upperEnd && upperEnd === i) return -1;
  return contractionEnd(text, j, end);
}

/** After letters: 's 't 're 've 'm 'll 'd in any case, when present. */
function contractionEnd(text: string, j: number, end: number): number {
  if (j + 1 >= end || text.charCodeAt(j) !== 0x27) return j;
  const a = text.charCodeAt(j + 1) | 0x20;
  if (a === 0x73 || a === 0x74 || a === 0x6d || a === 0x64) return j + 2; // s t m d
  if (j + 2 < end) {
    const b = text.charCodeAt(j + 2) | 0x20;
    if ((a === 0x72 && b === 0x65) || (a === 0x76 && b === 0x65) || (a === 0x6c && b === 0x6c)) return j + 3; // re ve ll
  }
  return j;
}

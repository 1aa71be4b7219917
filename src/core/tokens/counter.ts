// The token counter the whole product uses: exact counts, cached by line so that recounting a
// prompt after an edit only tokenizes what changed.
import type { EncodingName, TokenCounter } from './index';
import { BytePairRanks, latin1Utf8 } from './bytePairCounter';
import { Vocabulary } from './vocabulary';
import { AsciiPieceCounter, isAscii } from './asciiPieces';
import { LONG_TEXT_CHARS, pieceEndsOfLongText } from './longTextPieces';

// OpenAI's pre-tokenizer patterns (tiktoken_ext/openai_public.py), in JavaScript syntax:
// `(?i:'s|…)` is spelled out because Node 20 has no inline flags; possessive quantifiers are
// dropped where, as here, backtracking cannot change the match; and `\s` is spelled out as Unicode
// White_Space, which is what tiktoken's Rust regex means by it (JavaScript's `\s` adds U+FEFF and
// leaves out U+0085, and either would change counts).
const WHITESPACE = '\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const S = `[${WHITESPACE}]`;
const NOT_S = `[^${WHITESPACE}]`;
const CONTRACTIONS = "'(?:[sS\u017f]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])";
const PATTERNS: Record<EncodingName, string> = {
  o200k_base: [
    `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?:${CONTRACTIONS})?`,
    `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?:${CONTRACTIONS})?`,
    `\\p{N}{1,3}`,
    ` ?[^${WHITESPACE}\\p{L}\\p{N}]+[\\r\\n/]*`,
    `${S}*[\\r\\n]+`,
    `${S}+(?!${NOT_S})`,
    `${S}+`,
  ].join('|'),
  cl100k_base: [
    CONTRACTIONS,
    `[^\\r\\n\\p{L}\\p{N}]?\\p{L}+`,
    `\\p{N}{1,3}`,
    ` ?[^${WHITESPACE}\\p{L}\\p{N}]+[\\r\\n]*`,
    `${S}+$`,
    `${S}*[\\r\\n]`,
    `${S}+(?!${NOT_S})`,
    S,
  ].join('|'),
};

/** The encoding's pre-tokenizer, as a global regular expression (tests compare against it). */
export function piecePattern(encoding: EncodingName): RegExp {
  return new RegExp(PATTERNS[encoding], 'gu');
}

/** The vocabulary file of each encoding, as the build writes it (`dist/vocab/…`). */
export const VOCABULARY_FILES: Readonly<Record<EncodingName, string>> = {
  o200k_base: 'o200k_base.bin',
  cl100k_base: 'cl100k_base.bin',
};

/**
 * The exact counter for an encoding, from the bytes of its vocabulary file: ready after one pass
 * over them (a few milliseconds). Throws `VocabularyFileError` on a file that is not one.
 */
export function tokenCounterFromVocabulary(encoding: EncodingName, file: Uint8Array): TokenCounter {
  return new ExactTokenCounter(encoding, new BytePairRanks(new Vocabulary(file)));
}

/** Reads a vocabulary file by its name (see `VOCABULARY_FILES`): from disk, an extension's folder or a URL. */
export type ReadVocabulary = (fileName: string) => Uint8Array | PromiseLike<Uint8Array>;

const loaded = new Map<EncodingName, Promise<TokenCounter>>();

/**
 * The counter for an encoding, loaded once per process (or page) on first use with `read`; later
 * calls share it whatever they pass. A failed read is not remembered, so it can be tried again.
 */
export function loadTokenCounter(encoding: EncodingName, read: ReadVocabulary): Promise<TokenCounter> {
  let counter = loaded.get(encoding);
  if (!counter) {
    counter = (async () => tokenCounterFromVocabulary(encoding, await read(VOCABULARY_FILES[encoding])))();
    counter.catch(() => loaded.delete(encoding));
    loaded.set(encoding, counter);
  }
  return counter;
}

// Cache sizes: lines are keyed by their text, so a workspace of similar prompts and an edited
// prompt both hit. Two generations give LRU-like behaviour without bookkeeping per hit.
const MAX_CACHED_LINE = 4096;
const LONG_SPAN = 1024;
const MAX_CACHE_ENTRIES = 200_000;
const MAX_PIECE_CACHE_ENTRIES = 20_000;

export class ExactTokenCounter implements TokenCounter {
  private readonly pattern: RegExp;
  private recentLines = new Map<string, number>();
  private olderLines = new Map<string, number>();
  private pieces = new Map<string, number>();
  /** o200k_base's hand-written pre-tokenizer for ASCII text (see asciiPieces.ts); null for cl100k_base. */
  private readonly ascii: AsciiPieceCounter | null;

  /**
   * `longTextChars`: texts (and regions counted in steps) longer than this are pre-tokenized on a
   * shortened copy (longTextPieces.ts). A parameter so that tests run that path on small texts.
   */
  constructor(
    readonly encoding: EncodingName,
    private readonly ranks: BytePairRanks,
    private readonly longTextChars = LONG_TEXT_CHARS,
  ) {
    this.pattern = new RegExp(PATTERNS[encoding], 'gu');
    this.ascii = encoding === 'o200k_base' ? new AsciiPieceCounter((piece) => ranks.countPiece(piece)) : null;
  }

  /** A counter with empty caches, sharing this one's vocabulary (benchmarks, isolated workers). */
  fresh(): ExactTokenCounter {
    this.ranks.resetCaches();
    return new ExactTokenCounter(this.encoding, this.ranks, this.longTextChars);
  }

  count(text: string): number {
    let total = 0;
    let start = 0;
    for (let end = safeBoundaryAfter(text, 0); end !== -1; end = safeBoundaryAfter(text, end)) {
      total += this.countSpan(text, start, end);
      start = end;
    }
    if (start < text.length) total += this.countSpan(text, start, text.length);
    return total;
  }

  /**
   * Counts `text` in steps of about `stepChars`, each cut where counts add up exactly, yielding the
   * running total after each step: an editor can pause between steps so that a large file never
   * holds up its event loop. Where no such cut is near (a megabyte-long single piece), counts piece
   * by piece, and long pieces in steps of their own. Returns the exact total.
   */
  *countInSteps(text: string, stepChars = 16_384): Generator<number, number> {
    let total = 0;
    for (let start = 0; start < text.length; ) {
      const target = start + stepChars;
      let end = text.length;
      if (target < text.length) {
        const lineCut = safeBoundaryAfter(text, target);
        end = lineCut !== -1 && lineCut - target <= stepChars ? lineCut : safeCutInside(text, target, Math.min(text.length, target + stepChars));
        if (end === -1) {
          // Nothing to cut at nearby: count up to the next cut, wherever it is, piece by piece. The
          // search for it is made in steps too (a megabyte-long piece has none).
          let next = -1;
          for (let from = target; next === -1 && from < text.length; from += CUT_SEARCH_STEP) {
            next = safeCutInside(text, from, Math.min(text.length, from + CUT_SEARCH_STEP));
            yield total;
          }
          const regionEnd = next !== -1 ? next : text.length;
          total = yield* this.countPiecesInSteps(text, start, regionEnd, total, stepChars);
          start = regionEnd;
          continue;
        }
      }
      total += this.count(text.slice(start, end));
      start = end;
      yield total;
    }
    return total;
  }

  /** Counts text[start, end) piece by piece (no caching by line), yielding every `stepChars` and inside long pieces. */
  private *countPiecesInSteps(text: string, start: number, end: number, total: number, stepChars: number): Generator<number, number> {
    // A pattern of its own: `count` may run on this counter between two steps.
    const pattern = new RegExp(this.pattern.source, 'gu');
    pattern.lastIndex = start;
    // A region of millions of characters: its pieces are found first (see longTextPieces.ts).
    const ends = end - start > this.longTextChars ? pieceEndsOfLongText(pattern, text, start, end) : null;
    let counted = 0;
    for (let k = 0, at = start; ; k++) {
      let piece: string;
      if (ends) {
        if (k === ends.length) break;
        piece = text.slice(at, ends[k]);
        at = ends[k]!;
      } else {
        const match = pattern.exec(text);
        if (match === null || match.index >= end) break;
        piece = match[0];
      }
      if (piece.length > stepChars / 4) {
        // Finding the piece, and making its bytes, are steps of their own (milliseconds each for a megabyte).
        yield total;
        const bytes = latin1Utf8(piece);
        yield total;
        const steps = this.ranks.countLongInSteps(bytes, bytes.length !== piece.length);
        for (let step = steps.next(); ; step = steps.next()) {
          if (step.done) {
            total += step.value;
            break;
          }
          yield total + step.value;
        }
        counted = 0;
        yield total;
        continue;
      }
      total += this.countPiece(piece);
      counted += piece.length;
      if (counted >= stepChars) {
        counted = 0;
        yield total;
      }
    }
    return total;
  }

  // A span longer than a typical line (minified JSON, an indented YAML block with no cut between
  // lines) is cut further inside, so it is cached in pieces too.
  private countSpan(text: string, start: number, end: number): number {
    let total = 0;
    while (end - start > LONG_SPAN) {
      const cut = safeCutInside(text, start + LONG_SPAN / 2, end);
      if (cut === -1) break;
      total += this.countLine(text, start, cut);
      start = cut;
    }
    return total + this.countLine(text, start, end);
  }

  private countLine(text: string, start: number, end: number): number {
    if (end - start > MAX_CACHED_LINE) return this.countPieces(text.slice(start, end));
    const line = start === 0 && end === text.length ? text : text.slice(start, end);
    let count = this.recentLines.get(line);
    if (count !== undefined) return count;
    count = this.olderLines.get(line);
    if (count === undefined) count = this.countPieces(line);
    if (this.recentLines.size >= MAX_CACHE_ENTRIES) {
      this.olderLines = this.recentLines;
      this.recentLines = new Map();
    }
    this.recentLines.set(line, count);
    return count;
  }

  private countPieces(text: string): number {
    if (this.ascii && isAscii(text)) return this.ascii.count(text);
    if (text.length > this.longTextChars) {
      let total = 0;
      let at = 0;
      for (const end of pieceEndsOfLongText(this.pattern, text, 0, text.length)) {
        total += this.countPiece(text.slice(at, end));
        at = end;
      }
      return total;
    }
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    let total = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      total += this.countPiece(match[0]);
    }
    return total;
  }

  private countPiece(piece: string): number {
    // A small cache of recent pieces answers most of them (common words) without touching the
    // 200,000-entry vocabulary, whose lookups miss the processor's caches.
    let count = this.pieces.get(piece);
    if (count === undefined) {
      count = this.ranks.countPiece(piece);
      if (piece.length <= 256) {
        if (this.pieces.size >= MAX_PIECE_CACHE_ENTRIES) this.pieces = new Map();
        this.pieces.set(piece, count);
      }
    }
    return count;
  }
}

/**
 * The next offset after `from` where the text can be cut without changing its token count: just
 * after a line break that is followed by a character no pre-tokenizer piece can continue into
 * (not whitespace, not `/`, which o200k's punctuation rule may pull onto the previous line).
 * Both encodings end every piece there, so the count of the whole is the sum of the parts.
 * Returns -1 when there is none.
 */
export function safeBoundaryAfter(text: string, from: number): number {
  for (let i = text.indexOf('\n', from); i !== -1 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next !== 0x2f && !isWhitespace(next)) return i + 1;
  }
  return -1;
}

/**
 * The first offset in [from, end) where the text can be cut inside a line: a whitespace character
 * other than a line break, right after a character that is not whitespace. No pre-tokenizer piece
 * runs from non-whitespace into such a character (letter, digit and punctuation pieces end before
 * it; only a line break can trail punctuation), and the piece starting there does not depend on
 * what came before. Returns -1 when there is none.
 */
export function safeCutBefore(text: string, from: number, end: number): number {
  for (let i = Math.max(from, 1); i < end; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x0a && code !== 0x0d && isWhitespace(code) && !isWhitespace(text.charCodeAt(i - 1))) return i;
  }
  return -1;
}

/**
 * The first offset in [from, end) where the text can be cut after a letter: the next character is
 * not a letter, a combining mark or an apostrophe. Every piece holding a letter is a letter piece
 * (or, in cl100k_base, a contraction such as `'s`), and such a piece ends with its run of letters
 * and marks unless a contraction follows; the piece starting there does not depend on what came
 * before. Finds cuts in text without whitespace (minified JSON). Returns -1 when there is none.
 */
const LETTER_BEFORE_CUT = /\p{L}(?=[^\p{L}\p{M}'])/u;

export function letterCutBefore(text: string, from: number, end: number): number {
  // Searched in a window, so that a text without such a cut is not scanned to its end each time.
  const windowStart = Math.max(0, from - 1);
  const match = LETTER_BEFORE_CUT.exec(text.slice(windowStart, end + 1));
  if (match === null) return -1;
  const cut = windowStart + match.index + match[0].length;
  return cut < end ? cut : -1;
}

/** The first cut in [from, end), before whitespace or after a letter (see above); -1 if none. */
export function safeCutInside(text: string, from: number, end: number): number {
  // In windows that double in size, so that the work is proportional to how far the cut is, not
  // to `end`, and a text without any cut is searched in a few passes.
  for (let windowStart = from, size = CUT_WINDOW; windowStart < end; windowStart += size, size *= 2) {
    const windowEnd = Math.min(end, windowStart + size);
    const spaceCut = safeCutBefore(text, windowStart, windowEnd);
    const letterCut = letterCutBefore(text, windowStart, spaceCut === -1 ? windowEnd : spaceCut);
    if (letterCut !== -1) return letterCut;
    if (spaceCut !== -1) return spaceCut;
  }
  return -1;
}

const CUT_WINDOW = 256;
const CUT_SEARCH_STEP = 65_536;

/** Unicode White_Space, as in WHITESPACE above. */
function isWhitespace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x20 || code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

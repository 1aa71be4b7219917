// Exact byte-pair-encoding token counts for tiktoken-style encodings (o200k_base, cl100k_base).
//
// Why our own merge loop rather than a library's: every JavaScript tokenizer we measured merges a
// pre-tokenized piece with a quadratic loop, so one long run of a single character (100 KB of `a`,
// a minified JSON line) stalls for seconds. Here long pieces merge through a priority queue
// (O(n log n)), with the same rule as tiktoken's `_byte_pair_merge` — always the lowest-ranked
// adjacent pair, the leftmost one on a tie — so counts stay identical to the reference.
// The vocabularies come from gpt-tokenizer's data, which mirrors OpenAI's published files, in the
// compact form of vocabulary.ts.
//
// Typed-array reads here carry a non-null assertion (`a[i]!`, no runtime cost) rather than a check:
// every index is in bounds by construction (loop bounds, cache slots masked to the table size, token
// positions below the piece length, a heap popped only when not empty, bytes of a Latin-1 string
// below 256), the hot loops must not branch on it, and the exactness tests against tiktoken and the seeded
// random-text tests (test/tokens*.test.ts) cover it.
import type { Vocabulary } from './vocabulary';

const POSITION_BITS = 2 ** 24; // heap keys pack (rank, position); pieces longer than 16 MiB never reach here
const SHORT_PIECE_BYTES = 64;
// Direct-mapped caches: a collision just overwrites, so memory stays fixed whatever the input.
const PAIR_CACHE_BITS = 15;
const COMPATIBLE_CACHE_BITS = 14;
const CHARACTER_CACHE_BITS = 12;
const UNKNOWN_RANK = -2;
const MAX_CHARACTER_MERGE_BYTES = 96;
// Below this, merging byte by byte is as quick as going character by character.
const MIN_CHARACTER_BYTES = 12;
// Long pieces are encoded in blocks of this many bytes; a multiple of 1, 2, 3 and 4 so that a run of
// one character of any UTF-8 width gives identical, cacheable blocks.
export const BLOCK_BYTES = 768;
// A long piece yields its count so far about this often (a few milliseconds of work at most).
const STEP_BYTES = 16_384;
// Stretches of at most BLOCK_BYTES, already encoded, kept by their bytes (≤ ~15 MB of keys).
const MAX_CACHED_STRETCHES = 20_000;
// No token is longer (the file format's limit); longer pieces need no whole-piece lookup.
const MAX_TOKEN_BYTES = 255;

// How many token boundaries at the end of an encoded stretch are kept, to re-encode from there
// when the next stretch does not join (see `rejoinFromTail`).
const TAIL_TOKENS = 8;

interface EncodedBlock {
  count: number;
  first: number;
  last: number;
  /** Where the stretch's last tokens start (offsets from its start), null for a single token. */
  tail: StretchTail | null;
}

/**
 * The last `starts.length` tokens of an encoded stretch: `starts[i]`, the offset (from the
 * stretch's start) of one of them, and `before[i]`, the token just before it. Never changed once
 * made (cached blocks share it); a shorter tail is a view of the same arrays.
 */
interface StretchTail {
  starts: Int32Array;
  before: Int32Array;
}

export class BytePairRanks {
  /** Rank of the token made of two adjacent tokens (-1: none), cached. */
  private readonly pairLeft = new Int32Array(1 << PAIR_CACHE_BITS).fill(-1);
  private readonly pairRight = new Int32Array(1 << PAIR_CACHE_BITS);
  private readonly pairValue = new Int32Array(1 << PAIR_CACHE_BITS);
  /** Whether two tokens side by side are how BPE encodes their bytes (see `countLong`), cached. */
  private readonly compatibleLeft = new Int32Array(1 << COMPATIBLE_CACHE_BITS).fill(-1);
  private readonly compatibleRight = new Int32Array(1 << COMPATIBLE_CACHE_BITS);
  private readonly compatibleValue = new Uint8Array(1 << COMPATIBLE_CACHE_BITS);
  /** Characters and blocks already encoded (see `countByCharacter`, `countLong`): bytes → count and end tokens. */
  private stretches = new Map<string, EncodedBlock>();

  constructor(private readonly vocabulary: Vocabulary) {}

  /** Forgets what was learnt from past inputs (for benchmarks that must start cold). */
  resetCaches(): void {
    this.pairLeft.fill(-1);
    this.compatibleLeft.fill(-1);
    this.characterValues.fill(UNKNOWN_RANK);
    this.stretches = new Map();
    this.vocabulary.forgetParts();
  }

  /** Tokens in one pre-tokenized piece. */
  countPiece(piece: string): number {
    const bytes = latin1Utf8(piece);
    if (bytes.length <= MAX_TOKEN_BYTES && this.vocabulary.rankOfLatin1(bytes, 0, bytes.length) !== -1) return 1;
    if (bytes.length < MIN_CHARACTER_BYTES || (bytes.length < SHORT_PIECE_BYTES && bytes.length === piece.length)) return this.mergeShort(bytes).length;
    return finish(this.countLongInSteps(bytes, bytes.length !== piece.length));
  }

  /**
   * The count of a long piece (its UTF-8 bytes as Latin-1; `multiByte` when it is not all ASCII),
   * yielding the count so far every STEP_BYTES, so that a megabyte-long piece can be counted
   * without holding an event loop.
   */
  *countLongInSteps(bytes: string, multiByte: boolean): Generator<number, number> {
    // Text in scripts without spaces (Chinese, Japanese, Thai) makes pieces of hundreds of bytes,
    // and merging them byte by byte is the slow part of counting such text. Most of their
    // characters are tokens of their own, so they are joined character by character; when that
    // merges long stretches (runs BPE merges heavily), blocks are quicker.
    if (multiByte) {
      const count = yield* this.joinAll(bytes, true);
      if (count !== -1) return count;
    }
    if (bytes.length <= BLOCK_BYTES) return this.merge(bytes).length;
    return yield* this.joinAll(bytes, false);
  }

  private *joinAll(bytes: string, byCharacter: boolean): Generator<number, number> {
    // Most long pieces need no step: they share one stack, emptied each time.
    if (bytes.length <= STEP_BYTES) {
      this.scratchStack.size = this.scratchStack.total = 0;
      return this.joinStretches(bytes, byCharacter, this.scratchStack, 0, bytes.length) === -1 ? -1 : this.scratchStack.total;
    }
    // A stack of its own: between steps, the counter may count other text.
    const stack = new StretchStack();
    for (let at = 0; at < bytes.length; ) {
      at = this.joinStretches(bytes, byCharacter, stack, at, Math.min(bytes.length, at + STEP_BYTES));
      if (at === -1) return -1;
      if (at < bytes.length) yield stack.total;
    }
    return stack.total;
  }

  private readonly scratchStack = new StretchStack();

  /** The rank of the token that is exactly the character bytes[at, end) (1 to 4 bytes), or -1; cached by the bytes. */
  private characterRank(bytes: string, at: number, end: number): number {
    let key = 0;
    for (let i = at; i < end; i++) key = (key << 8) | bytes.charCodeAt(i);
    const slot = Math.imul(key, 0x9e3779b1) >>> (32 - CHARACTER_CACHE_BITS);
    if (this.characterKeys[slot] === key && this.characterValues[slot] !== UNKNOWN_RANK) return this.characterValues[slot]!;
    const rank = this.vocabulary.rankOfLatin1(bytes, at, end);
    this.characterKeys[slot] = key;
    this.characterValues[slot] = rank;
    return rank;
  }

  private readonly characterKeys = new Int32Array(1 << CHARACTER_CACHE_BITS);
  private readonly characterValues = new Int32Array(1 << CHARACTER_CACHE_BITS).fill(UNKNOWN_RANK);

  /**
   * Long pieces (a minified JSON line, 100 KB of one letter, a page of Chinese) are encoded stretch
   * by stretch — a character or a block of BLOCK_BYTES — and the stretches' counts added where that
   * is provably exact. It rests on two properties of BPE (github/rust-gems, crates/bpe): a token
   * sequence is the BPE encoding of its bytes when every adjacent pair of tokens is ("compatible":
   * BPE of the two tokens' bytes gives back those two tokens), and every stretch of a BPE encoding
   * is itself the encoding of its bytes. So where the token ending one stretch and the token
   * starting the next are compatible, their encodings join into the encoding of both; where they
   * are not, the two are encoded as one, and that one checked against the stretch before it.
   * Identical stretches (a character seen before, runs of one character) are encoded once.
   * Joins the stretches from `at` to `until` onto `stack` and returns where it stopped (a
   * stretch's end at or after `until`), or -1 when, by character, a merged stretch grows past
   * MAX_CHARACTER_MERGE_BYTES.
   */
  private joinStretches(bytes: string, byCharacter: boolean, stack: StretchStack, at: number, until: number): number {
    while (at < until) {
      const end = byCharacter ? Math.min(bytes.length, at + utf8Length(bytes.charCodeAt(at))) : Math.min(bytes.length, at + BLOCK_BYTES);
      const token = byCharacter ? this.characterRank(bytes, at, end) : -1;
      if (token !== -1) stack.push(at, 1, token, token, null);
      else {
        const block = this.encodeStretch(bytes, at, end);
        stack.push(at, block.count, block.first, block.last, block.tail);
      }
      at = end;
      for (let top = stack.size - 1; top > 0 && !this.compatible(stack.lasts[top - 1]!, stack.firsts[top]!); top--) {
        // By character, stretches stay short (MAX_CHARACTER_MERGE_BYTES): only blocks need it.
        if (!byCharacter && this.rejoinFromTail(bytes, stack, end)) break;
        const from = stack.starts[top - 1]!;
        if (byCharacter && end - from > MAX_CHARACTER_MERGE_BYTES) return -1;
        stack.size -= 2;
        stack.total -= stack.counts[top - 1]! + stack.counts[top]!;
        const block = this.encodeStretch(bytes, from, end);
        stack.push(from, block.count, block.first, block.last, block.tail);
      }
    }
    return at;
  }

  /**
   * When the top two stretches do not join, re-encodes the top one together with only the last few
   * tokens of the one before, rather than with all of it: a stretch of a BPE encoding is the
   * encoding of its bytes, so the stretch before, cut at one of its token boundaries, is still
   * encoded, and if its new last token and the re-encoded part's first are compatible, the two
   * join. Without this, a run of one character cut into blocks out of step with its tokens (`((((`
   * after other text) merged each block with everything before it: quadratic. Returns whether it
   * joined; the stack is unchanged when it did not.
   */
  private rejoinFromTail(bytes: string, stack: StretchStack, end: number): boolean {
    const top = stack.size - 1;
    const tail = stack.tails[top - 1];
    if (!tail) return false;
    const base = stack.starts[top - 1]!;
    for (let i = tail.starts.length - 1; i >= 0; i--) {
      const from = base + tail.starts[i]!;
      const block = this.encodeStretch(bytes, from, end);
      if (!this.compatible(tail.before[i]!, block.first)) continue;
      const dropped = tail.starts.length - i;
      const kept = i > 0 ? { starts: tail.starts.subarray(0, i), before: tail.before.subarray(0, i) } : null;
      stack.total -= dropped + stack.counts[top]!;
      stack.counts[top - 1] = stack.counts[top - 1]! - dropped;
      stack.lasts[top - 1] = tail.before[i]!;
      stack.tails[top - 1] = kept;
      stack.size = top;
      stack.push(from, block.count, block.first, block.last, block.tail);
      return true;
    }
    return false;
  }

  /** The tokens of `bytes` (as Latin-1), by whichever merge loop is quicker for its length; valid until the next call. */
  merge(bytes: string): ArrayLike<number> {
    return bytes.length < SHORT_PIECE_BYTES ? this.mergeShort(bytes) : this.mergeLong(bytes);
  }

  private pairRank(left: number, right: number): number {
    const slot = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) >>> (32 - PAIR_CACHE_BITS);
    if (this.pairLeft[slot] === left && this.pairRight[slot] === right) return this.pairValue[slot]!;
    const rank = this.vocabulary.rankOfPair(left, right);
    this.pairLeft[slot] = left;
    this.pairRight[slot] = right;
    this.pairValue[slot] = rank;
    return rank;
  }

  /** The encoding of `bytes.slice(start, end)`, summed up; stretches up to a block long are cached. */
  private encodeStretch(bytes: string, start: number, end: number): EncodedBlock {
    const text = bytes.slice(start, end);
    const cacheable = end - start <= BLOCK_BYTES;
    if (cacheable) {
      const cached = this.stretches.get(text);
      if (cached) return cached;
    }
    const tokens = this.merge(text);
    // A stretch is never empty (start < end), so it has a first and a last token.
    const block = { count: tokens.length, first: tokens[0]!, last: tokens[tokens.length - 1]!, tail: text.length > MAX_CHARACTER_MERGE_BYTES ? this.tailOf(tokens, text.length) : null };
    if (cacheable) {
      if (this.stretches.size >= MAX_CACHED_STRETCHES) this.stretches = new Map();
      this.stretches.set(text, block);
    }
    return block;
  }

  /** The last TAIL_TOKENS token boundaries of an encoding of `length` bytes (see StretchTail). */
  private tailOf(tokens: ArrayLike<number>, length: number): StretchTail | null {
    const kept = Math.min(TAIL_TOKENS, tokens.length - 1);
    if (kept <= 0) return null;
    const starts = new Int32Array(kept);
    const before = new Int32Array(kept);
    let at = length;
    for (let i = kept - 1, t = tokens.length - 1; i >= 0; i--, t--) {
      at -= this.vocabulary.tokenLength(tokens[t]!);
      starts[i] = at;
      before[i] = tokens[t - 1]!;
    }
    return { starts, before };
  }

  private compatible(left: number, right: number): boolean {
    const slot = (Math.imul(left, 0x85ebca6b) ^ Math.imul(right, 0xc2b2ae35)) >>> (32 - COMPATIBLE_CACHE_BITS);
    if (this.compatibleLeft[slot] === left && this.compatibleRight[slot] === right) return this.compatibleValue[slot] === 1;
    const compatible = this.isValidPair(left, right);
    this.compatibleLeft[slot] = left;
    this.compatibleRight[slot] = right;
    this.compatibleValue[slot] = compatible ? 1 : 0;
    return compatible;
  }

  /**
   * Whether BPE encodes the bytes of `left` followed by `right` as exactly these two tokens, both
   * being encodings of their own bytes: the merge-tree check of github/rust-gems `bpe`
   * (`is_valid_token_pair`), done with table lookups instead of merging the bytes again. Going back
   * in time through both tokens' merges, undoing whichever of the two was made later, each pair of
   * tokens that ever stood on either side of the boundary is looked up: if they make a token
   * before the boundary's tokens were themselves made, BPE would have merged across the boundary.
   */
  isValidPair(left: number, right: number): boolean {
    const vocabulary = this.vocabulary;
    // The time (rank) until which the current boundary pair stands; a merge across it must come later.
    let limit = 0x7fffffff;
    for (;;) {
      const across = this.pairRank(left, right);
      if (across !== -1 && across < limit) return false;
      // Undo the later of the two merges; a single byte has nothing to undo.
      const undoLeft = left > right ? vocabulary.leftPart(left) !== -1 : vocabulary.leftPart(right) === -1;
      if (undoLeft) {
        const part = vocabulary.rightPart(left);
        if (part === -1) return true;
        // The merge that made `left` sits left of the boundary pair and wins a tie.
        limit = left;
        left = part;
      } else {
        const part = vocabulary.leftPart(right);
        if (part === -1) return true;
        // The merge that made `right` sits right of the boundary pair and loses a tie.
        limit = right + 1;
        right = part;
      }
    }
  }

  private byteRank(byte: number): number {
    const rank = this.vocabulary.byteRanks[byte]!;
    if (rank < 0) throw new Error(`Encoding has no token for byte ${byte}`);
    return rank;
  }

  // Short pieces: tiktoken's own loop (scan for the lowest pair, merge, repeat), in two scratch
  // arrays so that the commonest case allocates nothing. The result is a view of the scratch array,
  // valid until the next merge.
  private readonly scratchTokens = new Int32Array(SHORT_PIECE_BYTES);
  private readonly scratchPairs = new Int32Array(SHORT_PIECE_BYTES);

  private mergeShort(bytes: string): Int32Array {
    const tokens = this.scratchTokens;
    const pairs = this.scratchPairs;
    let n = bytes.length;
    for (let i = 0; i < n; i++) tokens[i] = this.byteRank(bytes.charCodeAt(i));
    for (let i = 0; i + 1 < n; i++) pairs[i] = this.pairRank(tokens[i]!, tokens[i + 1]!);
    for (;;) {
      let best = -1;
      let bestRank = 0x7fffffff;
      for (let i = 0; i + 1 < n; i++) {
        const rank = pairs[i]!;
        if (rank >= 0 && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) return tokens.subarray(0, n);
      tokens[best] = bestRank;
      tokens.copyWithin(best + 1, best + 2, n);
      pairs.copyWithin(best, best + 1, n - 1);
      n--;
      if (best > 0) pairs[best - 1] = this.pairRank(tokens[best - 1]!, tokens[best]!);
      if (best + 1 < n) pairs[best] = this.pairRank(tokens[best]!, tokens[best + 1]!);
    }
  }

  // Long pieces: a linked list of tokens and a min-heap of candidate merges keyed by (rank, position).
  // Stale heap entries are skipped when popped by re-checking the pair they describe.
  private mergeLong(bytes: string): Int32Array {
    const n = bytes.length;
    const token = new Int32Array(n);
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    const alive = new Uint8Array(n).fill(1);
    for (let i = 0; i < n; i++) {
      token[i] = this.byteRank(bytes.charCodeAt(i));
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    const heap = new MinHeap(n);
    for (let i = 0; i + 1 < n; i++) {
      const rank = this.pairRank(token[i]!, token[i + 1]!);
      if (rank >= 0) heap.push(rank * POSITION_BITS + i);
    }
    while (heap.size > 0) {
      const key = heap.pop();
      const rank = Math.floor(key / POSITION_BITS);
      const i = key - rank * POSITION_BITS;
      const j = next[i]!;
      if (!alive[i] || j < 0 || this.pairRank(token[i]!, token[j]!) !== rank) continue;
      token[i] = rank;
      alive[j] = 0;
      const after = next[j]!;
      next[i] = after;
      if (after >= 0) prev[after] = i;
      const before = prev[i]!;
      if (before >= 0) {
        const leftRank = this.pairRank(token[before]!, token[i]!);
        if (leftRank >= 0) heap.push(leftRank * POSITION_BITS + before);
      }
      if (after >= 0) {
        const rightRank = this.pairRank(token[i]!, token[after]!);
        if (rightRank >= 0) heap.push(rightRank * POSITION_BITS + i);
      }
    }
    const tokens: number[] = [];
    for (let i = 0; i >= 0; i = next[i]!) tokens.push(token[i]!);
    return Int32Array.from(tokens);
  }
}

/** A binary min-heap of non-negative numbers below 2^53, stored in a growable Float64Array. */
class MinHeap {
  private items: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.items = new Float64Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.size === this.items.length) {
      const grown = new Float64Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    const items = this.items;
    let index = this.size++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (items[parent]! <= value) break;
      items[index] = items[parent]!;
      index = parent;
    }
    items[index] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items[--this.size]!;
    let index = 0;
    const half = this.size >> 1;
    while (index < half) {
      let child = 2 * index + 1;
      if (child + 1 < this.size && items[child + 1]! < items[child]!) child++;
      if (items[child]! >= last) break;
      items[index] = items[child]!;
      index = child;
    }
    items[index] = last;
    return top;
  }
}

/** Stretches already joined, as a stack: start offset, count, first and last token of each. */
class StretchStack {
  starts = new Int32Array(256);
  counts = new Int32Array(256);
  firsts = new Int32Array(256);
  lasts = new Int32Array(256);
  tails: (StretchTail | null | undefined)[] = [];
  size = 0;
  total = 0;

  push(start: number, count: number, first: number, last: number, tail: StretchTail | null): void {
    if (this.size === this.starts.length) {
      const capacity = this.size * 2;
      this.starts = grow(this.starts, capacity);
      this.counts = grow(this.counts, capacity);
      this.firsts = grow(this.firsts, capacity);
      this.lasts = grow(this.lasts, capacity);
    }
    const i = this.size++;
    this.starts[i] = start;
    this.counts[i] = count;
    this.firsts[i] = first;
    this.lasts[i] = last;
    // Most entries (characters) have no tail: the array is only written where it has one, or
    // may hold a stale one, so a piece of millions of characters does not grow it.
    if (tail !== null || i < this.tails.length) this.tails[i] = tail;
    this.total += count;
  }
}

/** Runs a counting generator to its end. */
export function finish(steps: Generator<number, number>): number {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function grow(array: Int32Array<ArrayBuffer>, capacity: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(capacity);
  grown.set(array);
  return grown;
}

/** Bytes of the UTF-8 sequence that starts with `lead` (1 for a stray continuation byte). */
function utf8Length(lead: number): number {
  return lead < 0xc0 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

/** The UTF-8 bytes of `text` as a Latin-1 string (one char per byte); ASCII text is returned as is. */
export function latin1Utf8(text: string): string {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text;
  // Appending char by char is quickest for a word; for a long piece, filling an array of codes and
  // making the string a chunk at a time is several times quicker.
  return text.length > LONG_TEXT ? latin1Utf8Long(text) : latin1Utf8Short(text);
}

const LONG_TEXT = 256;
const CHUNK = 8192;

function latin1Utf8Short(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out += text[i];
    } else if (code < 0x800) {
      out += String.fromCharCode(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      code = 0x10000 + ((code - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
      out += String.fromCharCode(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    } else {
      // A lone surrogate becomes U+FFFD, as tiktoken receives it from a UTF-8 encoder.
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
      out += String.fromCharCode(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    }
  }
  return out;
}

function latin1Utf8Long(text: string): string {
  const bytes = new Uint16Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      bytes[n++] = code;
    } else if (code < 0x800) {
      bytes[n++] = 0xc0 | (code >> 6);
      bytes[n++] = 0x80 | (code & 0x3f);
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      code = 0x10000 + ((code - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
      bytes[n++] = 0xf0 | (code >> 18);
      bytes[n++] = 0x80 | ((code >> 12) & 0x3f);
      bytes[n++] = 0x80 | ((code >> 6) & 0x3f);
      bytes[n++] = 0x80 | (code & 0x3f);
    } else {
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
      bytes[n++] = 0xe0 | (code >> 12);
      bytes[n++] = 0x80 | ((code >> 6) & 0x3f);
      bytes[n++] = 0x80 | (code & 0x3f);
    }
  }
  let out = '';
  for (let at = 0; at < n; at += CHUNK) out += String.fromCharCode.apply(null, bytes.subarray(at, Math.min(n, at + CHUNK)) as unknown as number[]);
  return out;
}

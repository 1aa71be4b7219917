// An encoding's vocabulary in compact form: every token's bytes in one array, found through an
// open-addressing hash table in typed arrays.
//
// Why: held as hundreds of thousands of JavaScript strings in Maps, o200k_base took 300–400 ms to
// load and tens of MB of heap in every process (and every editor window). The file below is built
// at build time from the maintained source (gpt-tokenizer's copy of OpenAI's ranks, see
// `vocabularyFile`), is read as one Uint8Array, and its hash table is used in place: a process
// is ready to count after a pass over the tokens' lengths.
//
// File layout (little-endian), one file per encoding:
//   0   "LCPV"                      magic
//   4   u8 version (2), 3 bytes 0
//   8   u32 token count N           ranks are 0 … N-1
//   12  u32 total token bytes B
//   16  N × u8   byte length of each token, by rank (0: no token of that rank)
//   +N  N × u8   byte length of the left part of the token's last BPE merge (0: a single byte)
//   +2N B bytes  the tokens' bytes, concatenated in rank order
//   then 0–3 bytes of padding to a multiple of 4, and the hash table: S × i32, S the smallest
//   power of two ≥ 2N, each slot a rank or -1; a token's first slot is its bytes' FNV-1a hash
//   modulo S, then the next free one (linear probing, tokens inserted in rank order).
//
// Typed-array reads here carry a non-null assertion (`a[i]!`, no runtime cost) rather than a check:
// indexes are in bounds by construction (ranks below `size`, slots masked to the table size, byte
// offsets within a token's bytes; the constructor checks the file's lengths add up and spot-checks
// the table), the lookups are the tokenizer's hot loops and must not branch on it, and the
// exactness tests against tiktoken and the seeded random-text tests (test/tokens*.test.ts) cover it.

const MAGIC = [0x4c, 0x43, 0x50, 0x56];
const VERSION = 2;
export const HEADER_BYTES = 16;
// Tokens checked at load, spread over the file: a damaged table or token list fails here, clearly.
const SPOT_CHECK_EVERY = 997;

/** Where each part of a vocabulary file of `size` tokens and `byteCount` bytes starts, and its length. */
export function vocabularyLayout(size: number, byteCount: number): { slotsAt: number; slotCount: number; total: number } {
  // Load factor at most 1/2 keeps misses (most pair lookups are misses) to a probe or two.
  let slotCount = 1;
  while (slotCount < size * 2) slotCount *= 2;
  const slotsAt = Math.ceil((HEADER_BYTES + 2 * size + byteCount) / 4) * 4;
  return { slotsAt, slotCount, total: slotsAt + 4 * slotCount };
}

/** FNV-1a of bytes[start, end): the hash the table is built with. */
export function hashOfBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const PART_CACHE_MASK = (1 << 14) - 1;

/**
 * The hash table of a vocabulary file (S little-endian i32 from `slotsAt`): the file's own bytes on a
 * little-endian machine, else a copy read value by value. `littleEndian` is the machine's order
 * (a parameter so that tests run the big-endian reading too).
 */
export function slotTable(file: Uint8Array, slotsAt: number, slotCount: number, littleEndian = LITTLE_ENDIAN): Int32Array {
  if (littleEndian) return new Int32Array(file.buffer, file.byteOffset + slotsAt, slotCount);
  const slots = new Int32Array(slotCount);
  const table = new DataView(file.buffer, file.byteOffset + slotsAt, 4 * slotCount);
  for (let slot = 0; slot < slotCount; slot++) slots[slot] = table.getInt32(4 * slot, true);
  return slots;
}

/** What a vocabulary file says about itself, or why it cannot be read. */
export class VocabularyFileError extends Error {}

export class Vocabulary {
  /** Number of ranks (0 … size-1). */
  readonly size: number;
  /** Rank of each single byte. */
  readonly byteRanks = new Int32Array(256).fill(-1);
  private readonly lengths: Uint8Array;
  private readonly leftLengths: Uint8Array;
  private readonly bytes: Uint8Array;
  private readonly starts: Uint32Array;
  /** Open addressing with linear probing; a slot holds a rank, or -1. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(file: Uint8Array) {
    if (file.length < HEADER_BYTES || MAGIC.some((byte, i) => file[i] !== byte)) throw new VocabularyFileError('not a vocabulary file (wrong magic number)');
    if (file[4] !== VERSION) throw new VocabularyFileError(`vocabulary file version ${file[4]}, expected ${VERSION}: rebuild it (npm run build)`);
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    const size = view.getUint32(8, true);
    const byteCount = view.getUint32(12, true);
    const { slotsAt, slotCount, total } = vocabularyLayout(size, byteCount);
    if (file.length !== total) throw new VocabularyFileError(`vocabulary file is ${file.length} bytes, its header says ${total}`);
    // The table is used in place when it is aligned, as a file read whole is.
    if ((file.byteOffset + slotsAt) % 4 !== 0) file = new Uint8Array(file);
    this.size = size;
    this.lengths = file.subarray(HEADER_BYTES, HEADER_BYTES + size);
    this.leftLengths = file.subarray(HEADER_BYTES + size, HEADER_BYTES + 2 * size);
    this.bytes = file.subarray(HEADER_BYTES + 2 * size, HEADER_BYTES + 2 * size + byteCount);
    this.mask = slotCount - 1;
    this.slots = slotTable(file, slotsAt, slotCount);
    this.starts = new Uint32Array(size + 1);
    const { lengths, bytes, starts } = this;
    let at = 0;
    // On a damaged file `at` can pass the end of `bytes` here; the check after the loop then throws.
    for (let rank = 0; rank < size; rank++) {
      starts[rank] = at;
      if (lengths[rank] === 1) this.byteRanks[bytes[at]!] = rank;
      at += lengths[rank]!;
    }
    starts[size] = at;
    if (at !== byteCount) throw new VocabularyFileError('vocabulary file token lengths do not add up to its byte count');
    for (let rank = 0; rank < size; rank += SPOT_CHECK_EVERY) {
      if (lengths[rank]! > 0 && this.rankOfBytes(starts[rank]!, starts[rank + 1]!) !== rank) throw new VocabularyFileError(`vocabulary file's hash table does not find token ${rank}: the file is damaged`);
    }
  }

  /** Byte length of a token. */
  tokenLength(rank: number): number {
    return this.lengths[rank]!;
  }

  /** The rank of the token whose bytes are `text`'s characters from `start` to `end` (one char per byte), or -1. */
  rankOfLatin1(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const { slots, mask, lengths, bytes, starts } = this;
    const length = end - start;
    for (let slot = hash & mask, probes = 0; probes <= mask; slot = (slot + 1) & mask, probes++) {
      const rank = slots[slot]!;
      if (rank === -1) return -1;
      if (lengths[rank] !== length) continue;
      const at = starts[rank]!;
      let i = 0;
      while (i < length && bytes[at + i] === text.charCodeAt(start + i)) i++;
      if (i === length) return rank;
    }
    // Only a damaged table is full.
    return -1;
  }

  /** The rank of the token whose bytes are `left`'s followed by `right`'s, or -1. */
  rankOfPair(left: number, right: number): number {
    const { slots, mask, lengths, bytes, starts } = this;
    const leftAt = starts[left]!;
    const leftLength = lengths[left]!;
    const rightAt = starts[right]!;
    const rightLength = lengths[right]!;
    let hash = 0x811c9dc5;
    for (let i = leftAt; i < leftAt + leftLength; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    for (let i = rightAt; i < rightAt + rightLength; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const length = leftLength + rightLength;
    for (let slot = hash & mask, probes = 0; probes <= mask; slot = (slot + 1) & mask, probes++) {
      const rank = slots[slot]!;
      if (rank === -1) return -1;
      if (lengths[rank] !== length) continue;
      const at = starts[rank]!;
      let i = 0;
      while (i < leftLength && bytes[at + i] === bytes[leftAt + i]) i++;
      if (i < leftLength) continue;
      while (i < length && bytes[at + i] === bytes[rightAt + i - leftLength]) i++;
      if (i === length) return rank;
    }
    // Only a damaged table is full.
    return -1;
  }

  /** The left token of the merge that made `rank`, or -1 for a single byte. */
  leftPart(rank: number): number {
    return this.parts(rank) === -1 ? -1 : this.partLeft[rank & PART_CACHE_MASK]!;
  }

  /** The right token of the merge that made `rank`, or -1 for a single byte. */
  rightPart(rank: number): number {
    return this.parts(rank) === -1 ? -1 : this.partRight[rank & PART_CACHE_MASK]!;
  }

  // The two parts of tokens looked up lately, in a small direct-mapped cache: only long pieces'
  // pair checks need them, and the tokens near the top of merge trees (bytes, pieces of
  // characters) come up again and again.
  private readonly partRank = new Int32Array(PART_CACHE_MASK + 1).fill(-1);
  private readonly partLeft = new Int32Array(PART_CACHE_MASK + 1);
  private readonly partRight = new Int32Array(PART_CACHE_MASK + 1);

  /** Fills the cache slot of `rank`; -1 when it is a single byte (no parts). */
  private parts(rank: number): number {
    const slot = rank & PART_CACHE_MASK;
    if (this.partRank[slot] === rank) return 0;
    const split = this.leftLengths[rank]!;
    if (split === 0) return -1;
    const at = this.starts[rank]!;
    this.partRank[slot] = rank;
    this.partLeft[slot] = this.rankOfBytes(at, at + split);
    this.partRight[slot] = this.rankOfBytes(at + split, at + this.lengths[rank]!);
    return 0;
  }

  /** Empties the cache of parts (benchmarks that must start cold). */
  forgetParts(): void {
    this.partRank.fill(-1);
  }

  /** A token's bytes as a Latin-1 string (one char per byte). */
  latin1(rank: number): string {
    const at = this.starts[rank]!;
    return String.fromCharCode(...this.bytes.subarray(at, at + this.lengths[rank]!));
  }

  private rankOfBytes(start: number, end: number): number {
    const { slots, mask, lengths, bytes, starts } = this;
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const length = end - start;
    for (let slot = hash & mask, probes = 0; probes <= mask; slot = (slot + 1) & mask, probes++) {
      const rank = slots[slot]!;
      if (rank === -1) return -1;
      if (lengths[rank] !== length) continue;
      const at = starts[rank]!;
      let i = 0;
      while (i < length && bytes[at + i] === bytes[start + i]) i++;
      if (i === length) return rank;
    }
    // Only a damaged table is full.
    return -1;
  }
}

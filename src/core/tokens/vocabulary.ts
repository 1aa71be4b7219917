// An encoding's vocabulary in compact form: every token's bytes in one array, found through an
// open-addressing hash table in typed arrays.
//
// Why: held as hundreds of thousands of JavaScript strings in Maps, o200k_base took 300–400 ms to
// load and tens of MB of heap in every process (and every editor window). The file below is built
// at build time from the maintained source (gpt-tokenizer's copy of OpenAI's ranks, see
// `vocabularyFile`), is read as one Uint8Array, and is ready after one pass over its bytes.
//
// File layout (little-endian), one file per encoding:
//   0   "LCPV"                      magic
//   4   u8 version (1), 3 bytes 0
//   8   u32 token count N           ranks are 0 … N-1
//   12  u32 total token bytes B
//   16  N × u8   byte length of each token, by rank (0: no token of that rank)
//   +N  N × u8   byte length of the left part of the token's last BPE merge (0: a single byte)
//   +2N B bytes  the tokens' bytes, concatenated in rank order

const MAGIC = [0x4c, 0x43, 0x50, 0x56];
const VERSION = 1;
export const HEADER_BYTES = 16;
const UNKNOWN = -2;

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
    if (file[4] !== VERSION) throw new VocabularyFileError(`vocabulary file version ${file[4]}, expected ${VERSION}`);
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    const size = view.getUint32(8, true);
    const byteCount = view.getUint32(12, true);
    if (file.length !== HEADER_BYTES + 2 * size + byteCount) throw new VocabularyFileError(`vocabulary file is ${file.length} bytes, its header says ${HEADER_BYTES + 2 * size + byteCount}`);
    this.size = size;
    this.lengths = file.subarray(HEADER_BYTES, HEADER_BYTES + size);
    this.leftLengths = file.subarray(HEADER_BYTES + size, HEADER_BYTES + 2 * size);
    this.bytes = file.subarray(HEADER_BYTES + 2 * size);
    // Load factor at most 1/2 keeps misses (most pair lookups are misses) to a probe or two.
    let slotCount = 1;
    while (slotCount < size * 2) slotCount *= 2;
    this.mask = slotCount - 1;
    this.slots = new Int32Array(slotCount).fill(-1);
    this.starts = new Uint32Array(size + 1);
    const { lengths, bytes, slots, mask, starts } = this;
    let at = 0;
    for (let rank = 0; rank < size; rank++) {
      starts[rank] = at;
      const end = at + lengths[rank];
      if (end === at) continue;
      let hash = 0x811c9dc5;
      for (let i = at; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
      let slot = hash & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = rank;
      if (end - at === 1) this.byteRanks[bytes[at]] = rank;
      at = end;
    }
    starts[size] = at;
    if (at !== byteCount) throw new VocabularyFileError('vocabulary file token lengths do not add up to its byte count');
  }

  /** Byte length of a token. */
  tokenLength(rank: number): number {
    return this.lengths[rank];
  }

  /** The rank of the token whose bytes are `text`'s characters from `start` to `end` (one char per byte), or -1. */
  rankOfLatin1(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const { slots, mask, lengths, bytes, starts } = this;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const rank = slots[slot];
      if (rank === -1) return -1;
      if (lengths[rank] !== length) continue;
      const at = starts[rank];
      let i = 0;
      while (i < length && bytes[at + i] === text.charCodeAt(start + i)) i++;
      if (i === length) return rank;
    }
  }

  /** The rank of the token whose bytes are `left`'s followed by `right`'s, or -1. */
  rankOfPair(left: number, right: number): number {
    const { slots, mask, lengths, bytes, starts } = this;
    const leftAt = starts[left];
    const leftLength = lengths[left];
    const rightAt = starts[right];
    const rightLength = lengths[right];
    let hash = 0x811c9dc5;
    for (let i = leftAt; i < leftAt + leftLength; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    for (let i = rightAt; i < rightAt + rightLength; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const length = leftLength + rightLength;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const rank = slots[slot];
      if (rank === -1) return -1;
      if (lengths[rank] !== length) continue;
      const at = starts[rank];
      let i = 0;
      while (i < leftLength && bytes[at + i] === bytes[leftAt + i]) i++;
      if (i < leftLength) continue;
      while (i < length && bytes[at + i] === bytes[rightAt + i - leftLength]) i++;
      if (i === length) return rank;
    }
  }

  /** The left token of the merge that made `rank`, or -1 for a single byte. */
  leftPart(rank: number): number {
    const parts = this.parts ?? this.allocateParts();
    let part = parts[2 * rank];
    if (part === UNKNOWN) part = parts[2 * rank] = this.findPart(rank, true);
    return part;
  }

  /** The right token of the merge that made `rank`, or -1 for a single byte. */
  rightPart(rank: number): number {
    const parts = this.parts ?? this.allocateParts();
    let part = parts[2 * rank + 1];
    if (part === UNKNOWN) part = parts[2 * rank + 1] = this.findPart(rank, false);
    return part;
  }

  // The two parts of each token, looked up on first use: only long pieces' pair checks need them,
  // so the table (8 bytes a token) is not allocated before one does.
  private parts: Int32Array | null = null;

  /** Drops the parts looked up so far (benchmarks that must start cold). */
  forgetParts(): void {
    this.parts = null;
  }

  private allocateParts(): Int32Array {
    this.parts = new Int32Array(2 * this.size).fill(UNKNOWN);
    return this.parts;
  }

  private findPart(rank: number, left: boolean): number {
    const split = this.leftLengths[rank];
    if (split === 0) return -1;
    const at = this.starts[rank];
    return left ? this.rankOfBytes(at, at + split) : this.rankOfBytes(at + split, at + this.lengths[rank]);
  }

  /** A token's bytes as a Latin-1 string (one char per byte). */
  latin1(rank: number): string {
    const at = this.starts[rank];
    return String.fromCharCode(...this.bytes.subarray(at, at + this.lengths[rank]));
  }

  private rankOfBytes(start: number, end: number): number {
    const { slots, mask, lengths, bytes, starts } = this;
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const rank = slots[slot];
      if (rank === -1) return -1;
      if (lengths[rank] !== length) continue;
      const at = starts[rank];
      let i = 0;
      while (i < length && bytes[at + i] === bytes[start + i]) i++;
      if (i === length) return rank;
    }
  }
}

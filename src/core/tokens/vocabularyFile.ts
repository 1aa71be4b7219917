// Writes the compact vocabulary file (layout in vocabulary.ts) from a rank table as gpt-tokenizer
// ships it. Runs at build time (scripts/build.mjs), never in the product: the data comes from the
// maintained package each build, not from a file kept by hand.
import { HEADER_BYTES, hashOfBytes, vocabularyLayout } from './vocabulary';
import { latin1Utf8 } from './bytePairCounter';

/** A rank table entry as gpt-tokenizer ships it: the token's text, or its raw bytes when not valid UTF-8. */
export type RankTableEntry = string | number[];

export interface BuiltVocabulary {
  file: Uint8Array;
  /** Tokens whose own bytes BPE does not encode as that token (they can never appear in a count). */
  unreachable: number;
}

export function buildVocabularyFile(table: readonly (RankTableEntry | undefined)[]): BuiltVocabulary {
  const tokens: Uint8Array[] = table.map((entry) => (entry === undefined ? new Uint8Array(0) : typeof entry === 'string' ? latin1Bytes(latin1Utf8(entry)) : Uint8Array.from(entry)));
  const ranks = new Map<string, number>();
  tokens.forEach((bytes, rank) => {
    if (bytes.length > 255) throw new Error(`token ${rank} is ${bytes.length} bytes long; the file format allows 255`);
    if (bytes.length > 0) ranks.set(latin1(bytes), rank);
  });
  const byteCount = tokens.reduce((sum, bytes) => sum + bytes.length, 0);
  const size = tokens.length;
  const { slotsAt, slotCount, total } = vocabularyLayout(size, byteCount);
  const file = new Uint8Array(total);
  file.set([0x4c, 0x43, 0x50, 0x56, 2, 0, 0, 0]);
  const view = new DataView(file.buffer);
  view.setUint32(8, size, true);
  view.setUint32(12, byteCount, true);
  let unreachable = 0;
  let at = HEADER_BYTES + 2 * size;
  tokens.forEach((bytes, rank) => {
    file[HEADER_BYTES + rank] = bytes.length;
    if (bytes.length > 1) {
      const last = lastMerge(latin1(bytes), ranks);
      if (last && last.rank === rank) file[HEADER_BYTES + size + rank] = last.leftLength;
      else unreachable++;
    }
    file.set(bytes, at);
    at += bytes.length;
  });
  // The hash table, as the loader uses it in place (layout in vocabulary.ts).
  const slots = new Int32Array(slotCount).fill(-1);
  tokens.forEach((bytes, rank) => {
    if (bytes.length === 0) return;
    let slot = hashOfBytes(bytes, 0, bytes.length) & (slotCount - 1);
    while (slots[slot] !== -1) slot = (slot + 1) & (slotCount - 1);
    slots[slot] = rank;
  });
  slots.forEach((rank, slot) => view.setInt32(slotsAt + 4 * slot, rank, true));
  return { file, unreachable };
}

/**
 * tiktoken's merge rule (lowest-ranked adjacent pair first, leftmost on a tie) run on a token's
 * own bytes: the last merge says which two tokens make it, which the pair check needs.
 */
function lastMerge(bytes: string, ranks: ReadonlyMap<string, number>): { rank: number; leftLength: number } | undefined {
  const parts = [...bytes];
  let last: { rank: number; leftLength: number } | undefined;
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < parts.length; i++) {
      const rank = ranks.get(parts[i] + parts[i + 1]);
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        best = i;
      }
    }
    if (best < 0) return parts.length === 1 ? last : undefined;
    last = { rank: bestRank, leftLength: parts[best].length };
    parts.splice(best, 2, parts[best] + parts[best + 1]);
  }
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

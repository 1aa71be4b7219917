// Bytes to text for prompt files: which files are not text at all (binaries), which encoding a text
// file is in (UTF-8, or UTF-16 when it starts with a byte-order mark), and how many bytes were not
// valid UTF-8. Pure (TextDecoder exists in Node and in browsers): the CLI, the scan workers and the
// editor decode alike, and every surprise is said rather than priced silently.

// The core is type-checked without DOM or Node types; TextDecoder is in both runtimes.
declare const TextDecoder: new (label?: string, options?: { ignoreBOM?: boolean }) => { decode(input: Uint8Array): string };

export type DecodedFile =
  { kind: 'text'; text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; invalidBytes: number } | { kind: 'binary'; reason: string };

// How much of the start of a file is looked at to tell a binary from text (git looks at 8,000 bytes).
const SNIFF_BYTES = 8192;
// A text file in any language has few control characters besides tab, newline, carriage return and form feed.
const MAX_CONTROL_SHARE = 0.1;

export function decodeFileBytes(bytes: Uint8Array): DecodedFile {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be');
  const head = bytes.subarray(0, SNIFF_BYTES);
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return { kind: 'binary', reason: 'a binary file (it holds NUL bytes), not text: not priced' };
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) controls++;
  }
  if (head.length > 0 && controls / head.length > MAX_CONTROL_SHARE)
    return { kind: 'binary', reason: `a binary file (${Math.round((controls / head.length) * 100)}% control characters), not text: not priced` };
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  return { kind: 'text', text, encoding: 'utf-8', invalidBytes: countInvalidUtf8(bytes) };
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedFile {
  // ignoreBOM: false drops the mark itself, so offsets match what an editor shows.
  const text = new TextDecoder(encoding).decode(bytes);
  if (text.includes('\u0000')) return { kind: 'binary', reason: `a binary file (NUL characters after a ${encoding.toUpperCase()} byte-order mark), not text` };
  let invalid = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) invalid++;
  return { kind: 'text', text, encoding, invalidBytes: invalid * 2 };
}

/**
 * Bytes that are not part of a well-formed UTF-8 sequence (each is shown as U+FFFD). One linear pass,
 * following the well-formed table of Unicode 15, ch. 3 (table 3-7): no overlongs, no surrogates.
 */
export function countInvalidUtf8(bytes: Uint8Array): number {
  let invalid = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else {
      invalid++;
      i++;
      continue;
    }
    let j = 1;
    for (; j <= need && i + j < n; j++) {
      const c = bytes[i + j]!;
      if (c < (j === 1 ? low : 0x80) || c > (j === 1 ? high : 0xbf)) break;
    }
    if (j > need) i += need + 1;
    else {
      // A truncated or broken sequence: its lead and the continuation bytes read so far are invalid.
      invalid += j;
      i += j;
    }
  }
  return invalid;
}

/**
 * Lone carriage returns (old Mac line ends) as line feeds. Same length, so offsets into the result are
 * offsets into the file, and parsers only ever need to split on `\n`.
 */
export function normaliseLoneCarriageReturns(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

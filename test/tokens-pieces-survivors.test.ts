// The pre-tokenizers' edges that mutation testing found untested: the hand-written o200k_base
// pre-tokenizer for ASCII text and its piece cache (asciiPieces.ts), and the long-text one that
// shortens runs of alike characters (longTextPieces.ts). Pieces are held to the encodings' regular
// expressions, counts to tiktoken. Counts alone miss most of these: `it's` as one piece or as `it`
// and `'s` is two tokens either way, so the pieces themselves are compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { loadCounter } from '../src/node/counters';
import { ENCODINGS, type EncodingName } from '../src/core/tokens';
import { AsciiPieceCounter, isAscii, pieceEnd } from '../src/core/tokens/asciiPieces';
import { piecePattern } from '../src/core/tokens/counter';
import { pieceEndsOfLongText } from '../src/core/tokens/longTextPieces';

const reference = new Map<EncodingName, Tiktoken>(ENCODINGS.map((name) => [name, get_encoding(name)]));
const referenceCount = (encoding: EncodingName, text: string): number => reference.get(encoding)!.encode_ordinary(text).length;

/** The pieces the encoding's regular expression cuts `text` into. */
function patternPieces(encoding: EncodingName, text: string): string[] {
  return [...text.matchAll(piecePattern(encoding))].map((match) => match[0]);
}

/** Where each of those pieces ends. */
function patternEnds(encoding: EncodingName, text: string): number[] {
  return [...text.matchAll(piecePattern(encoding))].map((match) => match.index + match[0].length);
}

/** The pieces `pieceEnd` cuts text[0, end) into, reading `text` as one string that may go on past `end`. */
function asciiPieces(text: string, end = text.length): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < end; ) {
    const next = pieceEnd(text, i, end);
    if (next <= i || next > end) throw new Error(`pieceEnd(${JSON.stringify(text)}, ${i}, ${end}) = ${next}`);
    pieces.push(text.slice(i, next));
    i = next;
  }
  return pieces;
}

test('isAscii tells ASCII text from text with any other character', () => {
  assert.equal(isAscii(''), true);
  assert.equal(isAscii("Hello, world! It's 42 \t\r\n\u0000\u007f"), true);
  assert.equal(isAscii('caf\u00e9'), false);
  assert.equal(isAscii('\u0080'), false);
  assert.equal(isAscii('party 🎉'), false);
});

// Every quote-like character after every kind of word, then every pair of letters the contractions
// are spelled with (and a few others), at the end of the text or not: `'re`, `'ve` and `'ll` in any
// case, `'r` or `'v` followed by another letter, `'x` followed by `e` or `l`, and letters after a
// word with no apostrophe (`abCd`).
const WORDS = ['x', 'X', 'xY', 'Xy', ' x', '!x', '1', ' '];
const QUOTES = ["'", '"', 'C', '-'];
const AFTER = [...'sStTmMdDrReEvVlLxA', "'", ''];
const CONTRACTION_TEXTS: string[] = [];
for (const word of WORDS) {
  for (const quote of QUOTES) {
    for (const a of AFTER) for (const b of AFTER) for (const tail of ['', 'z', ' q']) CONTRACTION_TEXTS.push(word + quote + a + b + tail);
  }
}

test("o200k_base ASCII pieces: contractions ('s 't 'm 'd 're 've 'll in any case) and near-misses are the pattern's pieces", () => {
  for (const text of CONTRACTION_TEXTS) assert.deepEqual(asciiPieces(text), patternPieces('o200k_base', text), JSON.stringify(text));
  // 're, 've and 'll after a word, and apostrophes a contraction does not follow, spelled out.
  assert.deepEqual(asciiPieces("they're here, we've been, you'll see"), ["they're", ' here', ',', " we've", ' been', ',', " you'll", ' see']);
  assert.deepEqual(asciiPieces("x'rx x'ae x'vx x'lx x'al"), ['x', "'rx", ' x', "'ae", ' x', "'vx", ' x', "'lx", ' x', "'al"]);
});

test('o200k_base ASCII pieces: counts of the contraction texts are the reference tokenizer’s', async () => {
  const counter = await loadCounter('o200k_base');
  for (const text of CONTRACTION_TEXTS) assert.equal(counter.count(text), referenceCount('o200k_base', text), JSON.stringify(text));
});

// `pieceEnd` reads nothing at or past `end`: the pieces of every prefix of a text, found in the whole
// text with the prefix's end as `end`, are the prefix's own. (The counter passes the text's length;
// a caller with a window of a longer string relies on this.)
const WINDOW_TEXTS = [
  '12345',
  'a1234b',
  '!!!\n/x',
  '!!\r\n//z',
  'a !!!b',
  '   \nx',
  '  \t\n\n y',
  '    x',
  'ABCdef',
  'abcDEF',
  "x's",
  "we're",
  "WE'LL",
  "I've",
  "ab'sx",
  "it'd'x",
  ' !x',
  '\t\t\n',
  'x \t \n',
  '$$//\n',
];

test('o200k_base ASCII pieces of every prefix of a text, read in the whole text, are the prefix’s own', () => {
  for (const text of [...WINDOW_TEXTS, ...CONTRACTION_TEXTS.filter((_, i) => i % 7 === 0)]) {
    for (let end = 1; end <= text.length; end++) {
      assert.deepEqual(asciiPieces(text, end), patternPieces('o200k_base', text.slice(0, end)), `${JSON.stringify(text)} up to ${end}`);
    }
  }
});

// The piece cache is keyed by a 32-bit FNV-1a hash of the piece and checks the stored piece before
// answering. These pairs of pieces have equal hashes (found offline by brute force; checked here with
// a copy of the hash) and different token counts, so a cache that trusted the hash, or compared the
// pieces wrongly, would answer the second with the first one's count.
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

const COLLISIONS: readonly { why: string; first: string; then: string; piece: string }[] = [
  // Same length, different at every position.
  { why: 'same length', first: 'nujhwnra', then: 'uktlbctp', piece: 'uktlbctp' },
  // The first piece is the start of the second.
  { why: 'a prefix', first: 'wkoqpafa', then: 'wkoqpafazz', piece: 'wkoqpafazz' },
  // Nine spaces (the run before ` x`) after `betyivqp`: the stored ` pqviyteb` is the first space
  // followed by the text before it, read backwards.
  { why: 'the text before it, backwards', first: ' pqviyteb', then: `betyivqp${' '.repeat(10)}x`, piece: ' '.repeat(9) },
];

test('the ASCII piece cache never answers for another piece with the same hash', async () => {
  const product = await loadCounter('o200k_base');
  for (const { why, first, then, piece } of COLLISIONS) {
    assert.equal(fnv1a(first), fnv1a(piece), `${why}: the pair collides`);
    assert.notEqual(referenceCount('o200k_base', first), referenceCount('o200k_base', piece), `${why}: the counts differ`);
    assert.deepEqual(patternPieces('o200k_base', first), [first], `${why}: ${JSON.stringify(first)} is one piece`);
    assert.ok(patternPieces('o200k_base', then).includes(piece), `${why}: ${JSON.stringify(piece)} is a piece of ${JSON.stringify(then)}`);
    // A fresh cache answering each piece with the reference's count of it.
    const counter = new AsciiPieceCounter((text) => referenceCount('o200k_base', text));
    assert.equal(counter.count(first), referenceCount('o200k_base', first), why);
    assert.equal(counter.count(then), referenceCount('o200k_base', then), why);
    // And the product's counter, in the same order.
    assert.equal(product.count(first), referenceCount('o200k_base', first), why);
    assert.equal(product.count(then), referenceCount('o200k_base', then), why);
  }
});

// Characters of every class the long-text pre-tokenizer tells apart, each character the patterns
// name one by one, astral ones and U+FFFF (the last code point of one UTF-16 unit).
const NAMED = "\r\n /'sStTrReEvVmMlLdD\u017f";
const OTHERS = ['я', 'Я', 'ǅ', 'ʰ', '中', '\u0301', '1', '١', '\u3000', '\t', '(', '🎉', '𝐚', '𝐀', '𠀀', '\uffff'];
const CHARACTERS = [...NAMED, ...OTHERS];

for (const encoding of ENCODINGS) {
  test(`${encoding}: long runs of two characters in turn are shortened only where the pattern cannot tell them apart`, () => {
    for (const a of CHARACTERS) {
      for (const b of CHARACTERS) {
        if (a === b) continue;
        const text = a.repeat(40) + b.repeat(40) + a.repeat(40);
        assert.deepEqual(pieceEndsOfLongText(piecePattern(encoding), text, 0, text.length), patternEnds(encoding, text), JSON.stringify(text));
      }
    }
  });

  // Runs of one class that mix characters of one and two UTF-16 units: the kept end of a run is
  // counted in characters, never splitting a surrogate pair.
  test(`${encoding}: runs mixing one- and two-unit characters of one class keep whole characters`, () => {
    const pairs = [
      ['я', '𝐚'],
      ['Я', '𝐀'],
      ['中', '𠀀'],
      ['(', '🎉'],
    ];
    for (const [one, two] of pairs) {
      for (const unit of [one + two, two + one, one + one + two, two + two + one]) {
        for (let extra = 0; extra < 3; extra++) {
          const run = unit.repeat(40) + one.repeat(extra);
          for (const text of [run, `x${run}1`, `1${run} `, `${two}${run}`]) {
            assert.deepEqual(pieceEndsOfLongText(piecePattern(encoding), text, 0, text.length), patternEnds(encoding, text), JSON.stringify(text));
          }
        }
      }
    }
    // U+FFFF is one unit: it never takes the character after it into its run.
    const text = '\uffffa'.repeat(100);
    assert.deepEqual(pieceEndsOfLongText(piecePattern(encoding), text, 0, text.length), patternEnds(encoding, text));
  });

  // Past 2^22 characters in one loop, V8's regular expressions throw "Maximum call stack size
  // exceeded" (measured for non-ASCII letters, one or two units each): the run must be shortened.
  // The regular expression cannot run on this text, so the pieces are spelled out: `Hi`, the run
  // after its space (one letter piece), `!`.
  test(`${encoding}: a run of 4.2 million two-unit letters is pre-tokenized without overflowing`, () => {
    const letters = 2 ** 22 + 50_000;
    const text = `Hi ${'𝐚'.repeat(letters)}!`;
    assert.deepEqual(pieceEndsOfLongText(piecePattern(encoding), text, 0, text.length), [2, 3 + 2 * letters, 4 + 2 * letters]);
  });
}

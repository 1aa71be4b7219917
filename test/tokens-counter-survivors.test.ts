// The counter's edges that the generated-text tests do not reach (mutation testing found them): the
// exact steps of `countInSteps`, the cuts at the edges of their ranges, every Unicode White_Space
// character, texts over LONG_TEXT_CHARS, and the compact vocabulary on small hand-made rank tables.
// Expected values come from tiktoken (counts, and where its tokens end), from Unicode's own
// White_Space property, or from the rank table a test writes; never from the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { ENCODINGS, type EncodingName } from '../src/core/tokens';
import {
  ExactTokenCounter,
  VOCABULARY_FILES,
  letterCutBefore,
  loadTokenCounter,
  piecePattern,
  safeBoundaryAfter,
  safeCutBefore,
  safeCutInside,
  tokenCounterFromVocabulary,
} from '../src/core/tokens/counter';
import { BytePairRanks, finish } from '../src/core/tokens/bytePairCounter';
import { seededRandom } from './support/random';
import { readVocabularyFile } from '../src/node/counters';
import { Vocabulary, slotTable, vocabularyLayout } from '../src/core/tokens/vocabulary';
import { buildVocabularyFile } from '../src/core/tokens/vocabularyFile';
import { endianness } from 'node:os';

const reference = new Map<EncodingName, Tiktoken>(ENCODINGS.map((name) => [name, get_encoding(name)]));
const referenceCount = (encoding: EncodingName, text: string) => reference.get(encoding)!.encode_ordinary(text).length;

// Made on first use, inside a test: a vocabulary that fails to load fails that test, not the file.
const counters = new Map<EncodingName, ExactTokenCounter>();
function counterFor(encoding: EncodingName): ExactTokenCounter {
  let counter = counters.get(encoding);
  if (!counter) counters.set(encoding, (counter = tokenCounterFromVocabulary(encoding, readVocabularyFile(VOCABULARY_FILES[encoding])) as ExactTokenCounter));
  return counter;
}

/**
 * The running total a step that ends at `offset` must report: how many of tiktoken's tokens for the
 * whole text end at or before it. Checks that a token ends exactly there (a step never splits one).
 */
function referenceTotalAt(encoding: EncodingName, text: string, offset: number): number {
  const ends = referenceTokenEnds(encoding, text);
  const byteOffset = Buffer.byteLength(text.slice(0, offset));
  const total = offset === 0 ? 0 : ends.indexOf(byteOffset) + 1;
  assert.ok(offset === 0 || total > 0, `a token ends at offset ${offset}`);
  return total;
}

let endsOf: { encoding: EncodingName; text: string; ends: number[] } | undefined;

/** The UTF-8 byte offset where each of tiktoken's tokens for `text` ends (kept for the last text). */
function referenceTokenEnds(encoding: EncodingName, text: string): number[] {
  if (endsOf?.encoding !== encoding || endsOf.text !== text) {
    const encoder = reference.get(encoding)!;
    const lengths = new Map<number, number>();
    const ends: number[] = [];
    let at = 0;
    for (const token of encoder.encode_ordinary(text)) {
      let length = lengths.get(token);
      if (length === undefined) lengths.set(token, (length = encoder.decode_single_token_bytes(token).length));
      ends.push((at += length));
    }
    endsOf = { encoding, text, ends };
  }
  return endsOf.ends;
}

/** Every value `countInSteps` yields, then the value it returns. */
function stepsAndTotal(encoding: EncodingName, text: string, stepChars: number): number[] {
  const steps = counterFor(encoding).countInSteps(text, stepChars);
  const values: number[] = [];
  for (let step = steps.next(); ; step = steps.next()) {
    values.push(step.value);
    if (step.done) return values;
  }
}

// Steps, by the rule of `countInSteps`: from each step's start, the first safe line cut (after a line
// break) at most `stepChars` past start + stepChars, else the first cut inside a line in
// [start + stepChars, start + 2 × stepChars). Each case below names the offsets where its steps end.
test('counting in steps: each step ends at the cut the rule picks, with the running total there', () => {
  const encoding: EncodingName = 'o200k_base';
  const at = (text: string, ...offsets: number[]) => offsets.map((offset) => referenceTotalAt(encoding, text, offset));

  // A line cut 4 characters past the target (14 after 10, 28 after 24): taken over the cut inside the
  // line at 13 (after "three"), which would leave the line break to the next step.
  const lines = 'one two three\nfour five six\nseven';
  assert.deepEqual(stepsAndTotal(encoding, lines, 10), [...at(lines, 14, 28, 33), referenceCount(encoding, lines)]);

  // The line cut exactly `stepChars` past the target (20 = 10 + 10) is still taken; one character
  // further (21) it is not, and the step ends before the space at 14.
  const justNear = 'aaaa bbbb cccc dddd\nxyz';
  assert.deepEqual(stepsAndTotal(encoding, justNear, 10), [...at(justNear, 20, 23), referenceCount(encoding, justNear)]);
  const justFar = 'aaaa bbbb cccc ddddd\nxyz';
  assert.deepEqual(stepsAndTotal(encoding, justFar, 10), [...at(justFar, 14, 24), referenceCount(encoding, justFar)]);

  // No line break at all: cuts inside the line, before a space (10, 22) or after a letter before
  // punctuation (35, after "zeta", before the space at 36).
  const oneLine = 'alpha beta gamma delta epsilon zeta, eta';
  assert.deepEqual(stepsAndTotal(encoding, oneLine, 10), [...at(oneLine, 10, 22, 35, 40), referenceCount(encoding, oneLine)]);

  // A text exactly one step long is one step.
  const oneStep = 'a'.repeat(100);
  assert.deepEqual(stepsAndTotal(encoding, oneStep, 100), [referenceCount(encoding, oneStep), referenceCount(encoding, oneStep)]);
});

// Where no cut is near (digits and punctuation have none: no whitespace, no letter), the counter
// looks for the next cut in windows of 65,536 characters from the step's target, yielding once per
// window, then counts up to the cut (or the end) piece by piece, yielding after every `stepChars`
// characters of pieces.
test('counting in steps: text without cuts is searched window by window, then counted piece by piece', () => {
  const encoding: EncodingName = 'o200k_base';
  const at = (text: string, ...offsets: number[]) => offsets.map((offset) => referenceTotalAt(encoding, text, offset));

  // One cut, before the space at 81,920: just past the first window [16,384, 81,920), so found in the
  // second, which the text goes on past. From there the next search window [98,304, 163,840) ends
  // exactly at the end of the text, with no cut in it. Pieces of 2 and 62 characters ("12", "!$…"),
  // so steps fall every 16,384 characters in the first region, and after 16,384 or more in the second.
  const unit = `12${'!$'.repeat(31)}`;
  const oneCut = `${unit.repeat(1_280)} ${unit.repeat(1_280).slice(0, 81_919)}`;
  assert.equal(oneCut.length, 163_840);
  const firstRegion = [16_384, 32_768, 49_152, 65_536, 81_920];
  const secondRegion = [98_305, 114_689, 131_073, 147_457];
  assert.deepEqual(stepsAndTotal(encoding, oneCut, 16_384), [
    0,
    0,
    ...at(oneCut, ...firstRegion, 81_920, ...secondRegion),
    referenceCount(encoding, oneCut),
  ]);

  // A piece of exactly stepChars / 4 characters ("====") is an ordinary piece: the steps fall every
  // 16 characters of pieces.
  const quarter = '1,'.repeat(19) + '1====1' + ',1'.repeat(19);
  assert.deepEqual(stepsAndTotal(encoding, quarter, 16), [0, ...at(quarter, 16, 32, 48, 64, 80), referenceCount(encoding, quarter)]);
});

// A piece longer than stepChars / 4 is counted in steps of its own: a step before it, one after its
// bytes are made, then the count of its first 16,384 bytes or more (where the merge pauses: after a
// character for text outside ASCII, after a block of 768 bytes for ASCII), and the total after it.
// The pieces here merge no two characters (tiktoken gives one token a byte), so tiktoken is quick on them.
test('counting in steps: a long piece yields the count of its first part on top of the total before it', () => {
  const encoding: EncodingName = 'cl100k_base';
  // U+0375 (two bytes, no token of its own): the merge pauses after 8,192 of them (16,384 bytes).
  const run = '\u0375'.repeat(8_200);
  assert.equal(referenceCount(encoding, run), 16_400, 'one token a byte');
  const twoBytes = `12${run}`;
  const before = referenceTotalAt(encoding, twoBytes, 2);
  const total = referenceCount(encoding, twoBytes);
  assert.deepEqual(stepsAndTotal(encoding, twoBytes, 4_096), [0, before, before, before + referenceCount(encoding, run.slice(0, 8_192)), total, total]);

  // ASCII: the merge pauses after 22 blocks of 768 bytes (16,896).
  const marks = '!$'.repeat(8_500);
  const ascii = `12${marks}`;
  const asciiTotal = referenceCount(encoding, ascii);
  assert.deepEqual(stepsAndTotal(encoding, ascii, 4_096), [0, before, before, before + referenceCount(encoding, marks.slice(0, 16_896)), asciiTotal, asciiTotal]);
});

// Unicode's White_Space property, from the JavaScript engine's own tables: what tiktoken's `\s` means.
const whiteSpace = /^\p{White_Space}$/u;

test('a text is cut after a line break only before a character that is not White_Space (nor "/"), for every UTF-16 code unit', () => {
  for (let code = 0; code <= 0xffff; code++) {
    const character = String.fromCharCode(code);
    const cuttable = !whiteSpace.test(character) && character !== '/';
    assert.equal(safeBoundaryAfter(`a\n${character}`, 0), cuttable ? 2 : -1, `U+${code.toString(16).padStart(4, '0')} after a line break`);
  }
});

test('a line is cut only before White_Space other than a line break, after a character that is not White_Space, for every UTF-16 code unit', () => {
  for (let code = 0; code <= 0xffff; code++) {
    const character = String.fromCharCode(code);
    const space = whiteSpace.test(character);
    const name = `U+${code.toString(16).padStart(4, '0')}`;
    assert.equal(safeCutBefore(`a${character}`, 0, 2), space && character !== '\n' && character !== '\r' ? 1 : -1, `${name} after a letter`);
    assert.equal(safeCutBefore(`${character} `, 0, 2), space ? -1 : 1, `a space after ${name}`);
  }
});

for (const encoding of ENCODINGS) {
  test(`${encoding}: a line break followed by any White_Space character is not a cut: counts stay exact`, () => {
    const counter = counterFor(encoding);
    for (let code = 0; code <= 0x3000; code++) {
      const character = String.fromCharCode(code);
      if (!whiteSpace.test(character)) continue;
      // A line break, the space, another line break: tiktoken makes one piece of the three.
      const text = `x\n${character}\ny`;
      assert.equal(counter.count(text), referenceCount(encoding, text), JSON.stringify(text));
    }
  });
}

test('cuts are searched only in [from, end)', () => {
  assert.equal(safeCutBefore('ab cd', 0, 2), -1, 'the space at 2 is outside [0, 2)');
  assert.equal(letterCutBefore('ab"cd', 0, 2), -1, 'the cut after "b" is at 2, outside [0, 2)');
  assert.equal(safeCutInside('ab cd', 0, 1), -1, 'the space at 2 is outside [0, 1)');
  // Before a space or after a letter, whichever comes first.
  assert.equal(safeCutInside('1 a"', 0, 4), 1, 'before the space at 1, not after the "a" at 3');
  assert.equal(safeCutInside('a" b', 0, 4), 1, 'after the "a" at 1, not before the space at 2');
});

test("each encoding's pre-tokenizer pattern makes tiktoken's pieces", () => {
  const text = "Hello world's 1234!\n\n  x";
  const pieces = (encoding: EncodingName) => text.match(piecePattern(encoding));
  assert.deepEqual(pieces('o200k_base'), ['Hello', " world's", ' ', '123', '4', '!\n\n', ' ', ' x']);
  assert.deepEqual(pieces('cl100k_base'), ['Hello', ' world', "'s", ' ', '123', '4', '!\n\n', ' ', ' x']);
});

test('a counter is loaded once per encoding: a later call shares it and reads nothing', async () => {
  let reads = 0;
  const first = loadTokenCounter('o200k_base', (fileName) => {
    reads++;
    return readVocabularyFile(fileName);
  });
  const second = loadTokenCounter('o200k_base', () => {
    throw new Error('read a second time');
  });
  assert.equal(second, first);
  assert.equal((await second).count('hello world'), referenceCount('o200k_base', 'hello world'));
  assert.equal(reads, 1);
});

test('a fresh counter (empty caches, the same vocabulary) counts exactly', () => {
  const text = 'Fresh caches, the same counts: 日本語のテキスト and 🎉.';
  for (const encoding of ENCODINGS) assert.equal(counterFor(encoding).fresh().count(text), referenceCount(encoding, text));
});

// Past LONG_TEXT_CHARS (2 MiB) the pieces are found on a shortened copy of the text (longTextPieces.ts):
// on the text itself, a run of about 2^22 alike characters overflows V8's regular-expression stack.
// The counter takes that threshold as a parameter: 64 here, so that texts of a few hundred characters
// take that path, with long runs of alike characters (which the copy shortens) of every class. The
// multi-megabyte texts themselves are in tokens-pathological.test.ts (seconds, too slow to run for
// every mutant).
const RUN_UNITS = ['я', 'Я', '中', 'a', 'A', ' ', '\n', '/', "'", 's', '。', '\u0301', '1', '🎉', '\u3000', '(', 'ǅ', ',', '!$'];

for (const encoding of ENCODINGS) {
  test(`${encoding}: texts past the long-text threshold count exactly, whole and in steps`, () => {
    const counter = new ExactTokenCounter(encoding, new BytePairRanks(new Vocabulary(readVocabularyFile(VOCABULARY_FILES[encoding]))), 64);
    const next = seededRandom(encoding === 'o200k_base' ? 81 : 82);
    for (let i = 0; i < 60; i++) {
      let text = i % 2 === 0 ? 'Hi, ' : '';
      for (let parts = 1 + Math.floor(next() * 5); parts > 0; parts--) {
        const unit = RUN_UNITS[Math.floor(next() * RUN_UNITS.length)]!;
        text += unit.repeat(next() < 0.7 ? 70 + Math.floor(next() * 200) : 1 + Math.floor(next() * 3));
      }
      const expected = referenceCount(encoding, text);
      assert.equal(counter.count(text), expected, `text #${i}: ${JSON.stringify(text)}`);
      assert.equal(finish(counter.countInSteps(text, 16)), expected, `text #${i} in steps: ${JSON.stringify(text)}`);
    }
  });
}

// ---- The compact vocabulary (vocabulary.ts, vocabularyFile.ts) on small hand-made rank tables ----

/** FNV-1a of a Latin-1 string, as the file format defines the hash table: a copy of our own. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Every string of one to three of `alphabet`'s characters. */
function stringsOf(alphabet: string): string[] {
  const found: string[] = [];
  for (const x of alphabet) {
    found.push(x);
    for (const y of alphabet) {
      found.push(x + y);
      for (const z of alphabet) found.push(x + y + z);
    }
  }
  return found;
}

// Six tokens, 16 slots. Found by a search over small tables of a–d for one where each check a lookup
// makes (the length, every byte, the left token's bytes before the right's) changes an answer if
// skipped: "c", "bbc" and "bc" all hash to slot 2, so a lookup there passes "c", "d", "bbc" and "b"
// before it finds "bc" or an empty slot.
const SMALL_TABLE = ['a', 'b', 'c', 'd', 'bbc', 'bc'];
const SMALL_SLOTS = [-1, -1, 2, 3, 4, 1, 5, -1, -1, -1, -1, -1, 0, -1, -1, -1];

test('a small vocabulary finds each token, by its bytes, as a pair and by its parts, and nothing else', () => {
  assert.deepEqual(
    SMALL_TABLE.map((token) => fnv1a(token) % 16),
    [12, 5, 2, 3, 2, 2],
  );
  const { file, unreachable } = buildVocabularyFile(SMALL_TABLE);
  assert.equal(unreachable, 0);
  const vocabulary = new Vocabulary(file);
  assert.equal(vocabulary.size, SMALL_TABLE.length);
  // A single byte has no parts (checked first, while the cache of parts is empty).
  for (let rank = 0; rank < 4; rank++) assert.deepEqual([vocabulary.leftPart(rank), vocabulary.rightPart(rank)], [-1, -1], SMALL_TABLE[rank]);
  // BPE on "bbc" merges "bc" (the only pair that is a token), then "b" + "bc"; on "bc", "b" + "c".
  assert.deepEqual([vocabulary.leftPart(4), vocabulary.rightPart(4)], [1, 5]);
  assert.deepEqual([vocabulary.leftPart(5), vocabulary.rightPart(5)], [1, 2]);
  vocabulary.forgetParts();
  assert.deepEqual([vocabulary.leftPart(1), vocabulary.rightPart(1), vocabulary.leftPart(4)], [-1, -1, 1]);
  // Any string of up to three of a–d, alone or inside a longer text (what comes before and after
  // it must not be read).
  for (const text of stringsOf('abcd')) {
    for (const before of ['', 'd']) {
      for (const after of ['', 'a', 'b', 'c', 'd']) {
        const rank = vocabulary.rankOfLatin1(before + text + after, before.length, before.length + text.length);
        assert.equal(rank, SMALL_TABLE.indexOf(text), `${before}[${text}]${after}`);
      }
    }
  }
  for (let left = 0; left < SMALL_TABLE.length; left++) {
    for (let right = 0; right < SMALL_TABLE.length; right++) {
      const merged = SMALL_TABLE[left]! + SMALL_TABLE[right]!;
      assert.equal(vocabulary.rankOfPair(left, right), SMALL_TABLE.indexOf(merged), merged);
    }
  }
  for (let byte = 0; byte < 256; byte++) assert.equal(vocabulary.byteRanks[byte], SMALL_TABLE.indexOf(String.fromCharCode(byte)), `byte ${byte}`);
  SMALL_TABLE.forEach((token, rank) => assert.equal(vocabulary.latin1(rank), token));
});

test('the hash table is read in place on a little-endian machine, and copied value by value on a big-endian one', () => {
  const { file } = buildVocabularyFile(SMALL_TABLE);
  const { slotsAt, slotCount } = vocabularyLayout(SMALL_TABLE.length, 9);
  assert.equal(slotCount, SMALL_SLOTS.length);
  // Each token in its slot (its hash modulo 16), or the next free one, in rank order.
  const expected = new Array<number>(slotCount).fill(-1);
  SMALL_TABLE.forEach((token, rank) => {
    let slot = fnv1a(token) % slotCount;
    while (expected[slot] !== -1) slot = (slot + 1) % slotCount;
    expected[slot] = rank;
  });
  assert.deepEqual(expected, SMALL_SLOTS);
  // At an offset inside a larger buffer, as a file can come.
  const buffer = new Uint8Array(file.length + 8);
  buffer.set(file, 8);
  const inside = buffer.subarray(8);
  const bigEndian = slotTable(inside, slotsAt, slotCount, false);
  assert.deepEqual([...bigEndian], SMALL_SLOTS);
  assert.notEqual(bigEndian.buffer, buffer.buffer, 'a copy');
  assert.equal(endianness(), 'LE');
  const here = slotTable(inside, slotsAt, slotCount);
  assert.deepEqual([...here], SMALL_SLOTS);
  assert.equal(here.buffer, buffer.buffer, 'the file itself');
});

test('a vocabulary file is refused with a message that says what is wrong', () => {
  const { file } = buildVocabularyFile(SMALL_TABLE);
  for (let i = 0; i < 4; i++) {
    const wrongMagic = Uint8Array.from(file);
    wrongMagic[i] ^= 0x20;
    assert.throws(() => new Vocabulary(wrongMagic), /not a vocabulary file \(wrong magic number\)/, `byte ${i}`);
  }
  assert.throws(() => new Vocabulary(file.subarray(0, 12)), /not a vocabulary file/, 'shorter than a header, its magic number right');
  // A header of no tokens: such a file is 20 bytes (a table of one slot), not 16.
  const empty = buildVocabularyFile([]).file;
  assert.equal(new Vocabulary(empty).size, 0);
  assert.throws(() => new Vocabulary(empty.subarray(0, 16)), /vocabulary file is 16 bytes, its header says 20/);
  const wrongLengths = Uint8Array.from(file);
  wrongLengths[16 + 5] += 1;
  assert.throws(() => new Vocabulary(wrongLengths), /token lengths do not add up to its byte count/);
});

test('rank tables with an empty rank, a single token, a token of 255 bytes, or tokens BPE cannot make', () => {
  // An empty rank: no bytes, not in the hash table, and skipped by the load-time check.
  const gap = new Vocabulary(buildVocabularyFile([undefined, 'a', 'b', 'ab']).file);
  assert.equal(gap.tokenLength(0), 0);
  assert.equal(gap.rankOfLatin1('', 0, 0), -1);
  assert.equal(gap.rankOfLatin1('ab', 0, 2), 3);
  assert.deepEqual([gap.leftPart(3), gap.rightPart(3)], [1, 2]);
  const one = new Vocabulary(buildVocabularyFile(['a']).file);
  assert.equal(one.rankOfLatin1('a', 0, 1), 0);
  // 255 bytes is the longest a token can be: one byte of length each.
  const long = 'x'.repeat(255);
  const built = buildVocabularyFile(['x', long]);
  assert.equal(new Vocabulary(built.file).rankOfLatin1(long, 0, 255), 1);
  assert.equal(built.unreachable, 1, 'no pair of x is a token');
  assert.throws(() => buildVocabularyFile(['x', `${long}x`]), /token 1 is 256 bytes long; the file format allows 255/);
  // "abc" with no token for any pair: BPE never makes it. No parts are written for it.
  const stuck = buildVocabularyFile(['a', 'b', 'c', 'abc']);
  assert.equal(stuck.unreachable, 1);
  assert.deepEqual([new Vocabulary(stuck.file).leftPart(3), new Vocabulary(stuck.file).rightPart(3)], [-1, -1]);
  // The same bytes at two ranks: BPE makes the later one (the rank table's map keeps the last), never the first.
  const twice = buildVocabularyFile(['a', 'b', 'ab', 'ab']);
  assert.equal(twice.unreachable, 1);
  const vocabulary = new Vocabulary(twice.file);
  assert.deepEqual([vocabulary.leftPart(2), vocabulary.leftPart(3), vocabulary.rightPart(3)], [-1, 0, 1]);
});

// A damaged file can have a hash table with no empty slot (the build leaves at least half of them
// empty). Lookups then stop after probing every slot: -1 for bytes that are no token, and a token
// in the very last slot probed is still found.
test('a hash table with no empty slot: every lookup ends, and finds a token in the last slot it probes', () => {
  const table = ['a', 'b', 'ab'];
  const { slotsAt, slotCount } = vocabularyLayout(3, 4);
  const withSlots = (slotOf: (slot: number) => number) => {
    const { file } = buildVocabularyFile(table);
    const view = new DataView(file.buffer, file.byteOffset);
    for (let slot = 0; slot < slotCount; slot++) view.setInt32(slotsAt + 4 * slot, slotOf(slot), true);
    return new Vocabulary(file);
  };
  const lastProbe = (token: string) => (fnv1a(token) + slotCount - 1) % slotCount;

  // "b" everywhere but in the last slot "a" probes: "a" is found there (also by the load-time check).
  const aLast = withSlots((slot) => (slot === lastProbe('a') ? 0 : 1));
  assert.equal(aLast.rankOfLatin1('a', 0, 1), 0);
  assert.equal(aLast.rankOfLatin1('c', 0, 1), -1);
  assert.equal(aLast.rankOfPair(1, 1), -1, 'bb');
  assert.deepEqual([aLast.leftPart(2), aLast.rightPart(2)], [0, 1]);

  // "a" everywhere but in the last slot "ab" probes: the pair is found there; "b" nowhere.
  const abLast = withSlots((slot) => (slot === lastProbe('ab') ? 2 : 0));
  assert.equal(abLast.rankOfPair(0, 1), 2);
  assert.equal(abLast.rankOfLatin1('ab', 0, 2), 2);
  assert.equal(abLast.rankOfPair(1, 0), -1, 'ba');
  assert.deepEqual([abLast.leftPart(2), abLast.rightPart(2)], [0, -1]);
});

test('a token missing from the hash table (a damaged file) is not found, nor as a part of another', () => {
  const table = ['a', 'b', 'ab'];
  const { file } = buildVocabularyFile(table);
  const { slotsAt, slotCount } = vocabularyLayout(3, 4);
  // "b" sits in its own slot (nothing before it hashes there); emptied, the load-time check (of rank 0) still passes.
  const slotOfB = fnv1a('b') % slotCount;
  const view = new DataView(file.buffer, file.byteOffset);
  assert.equal(view.getInt32(slotsAt + 4 * slotOfB, true), 1);
  view.setInt32(slotsAt + 4 * slotOfB, -1, true);
  const vocabulary = new Vocabulary(file);
  assert.equal(vocabulary.rankOfLatin1('b', 0, 1), -1);
  assert.deepEqual([vocabulary.leftPart(2), vocabulary.rightPart(2)], [0, -1]);
});

test('the file layout: a hash table of the smallest power of two at least twice the tokens, after the tokens padded to 4 bytes', () => {
  assert.deepEqual(vocabularyLayout(0, 0), { slotsAt: 16, slotCount: 1, total: 20 });
  assert.deepEqual(vocabularyLayout(3, 4), { slotsAt: 28, slotCount: 8, total: 60 });
  assert.deepEqual(vocabularyLayout(4, 4), { slotsAt: 28, slotCount: 8, total: 60 });
  assert.deepEqual(vocabularyLayout(5, 5), { slotsAt: 32, slotCount: 16, total: 96 });
});

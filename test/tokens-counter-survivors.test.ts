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
import { LONG_TEXT_CHARS } from '../src/core/tokens/longTextPieces';
import { readVocabularyFile } from '../src/node/counters';

const reference = new Map<EncodingName, Tiktoken>(ENCODINGS.map((name) => [name, get_encoding(name)]));
const referenceCount = (encoding: EncodingName, text: string) => reference.get(encoding)!.encode_ordinary(text).length;

const counters = new Map<EncodingName, ExactTokenCounter>(
  ENCODINGS.map((encoding) => [encoding, tokenCounterFromVocabulary(encoding, readVocabularyFile(VOCABULARY_FILES[encoding])) as ExactTokenCounter]),
);

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
  const steps = counters.get(encoding)!.countInSteps(text, stepChars);
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
    const counter = counters.get(encoding)!;
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
  for (const encoding of ENCODINGS) assert.equal(counters.get(encoding)!.fresh().count(text), referenceCount(encoding, text));
});

// Past LONG_TEXT_CHARS the pieces are found on a shortened copy (longTextPieces.ts): on the text
// itself, a run of 2^22 alike characters overflows V8's regular-expression stack (it throws from
// about 4,193,600 on). One such run is the smallest text that tells the two apart. The quickest to
// count: combining acute accents in cl100k_base, one punctuation piece to its pattern, and one token
// each to tiktoken.
test('cl100k_base: one run of 4.2 million combining marks (past the regular-expression stack) counts exactly, whole and in steps', () => {
  const encoding: EncodingName = 'cl100k_base';
  const withRun = (marks: number) => `Hi, ${'\u0301'.repeat(marks)} end`;
  for (const marks of [1, 1_000, 1_001, 4_000]) assert.equal(referenceCount(encoding, withRun(marks)), marks + 4, 'one token a mark');
  const marks = 2 ** 22 + 2;
  assert.ok(marks > 2 * LONG_TEXT_CHARS);
  const text = withRun(marks);
  assert.equal(counters.get(encoding)!.count(text), marks + 4);
  const steps = stepsAndTotal(encoding, text, 16_384);
  assert.equal(steps[steps.length - 1], marks + 4);
});

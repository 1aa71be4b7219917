// The compact vocabulary files: rejected clearly when
// damaged; and the two exactness tools that rest on them — the merge-tree pair check and the cuts
// that let a long text be counted in parts and in steps — held to tiktoken or to plain merging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { ENCODINGS, VOCABULARY_FILES, VocabularyFileError, loadTokenCounter, tokenCounterFromVocabulary, type EncodingName } from '../src/core/tokens';
import { Vocabulary } from '../src/core/tokens/vocabulary';
import { BytePairRanks } from '../src/core/tokens/bytePairCounter';
import { letterCutBefore, safeCutInside } from '../src/core/tokens/counter';
import { readVocabularyFile } from '../src/node/counters';
import { seededRandom } from './support/random';
import { scaled } from './support/scale';

const reference = new Map<EncodingName, Tiktoken>(ENCODINGS.map((name) => [name, get_encoding(name)]));
const referenceCount = (encoding: EncodingName, text: string) => reference.get(encoding)!.encode_ordinary(text).length;


// A seeded generator, so a failure can be replayed.
const random = seededRandom;


for (const encoding of ENCODINGS) {
  test(`${encoding}: the merge-tree pair check agrees with merging the two tokens' bytes again`, () => {
    const ranks = new BytePairRanks(new Vocabulary(readVocabularyFile(VOCABULARY_FILES[encoding])));
    const vocabulary = new Vocabulary(readVocabularyFile(VOCABULARY_FILES[encoding]));
    const next = random(encoding === 'o200k_base' ? 5 : 6);
    // Tokens as they occur in encodings (each the encoding of its own bytes), so that both answers occur.
    const alphabet = [...'abcdefghijklmnopqrstuvwxyz  ,.!?\'"=-_/0123456789中文字词语句日本語のテキストкиїΑΒγé🎉\n'];
    const pool: number[] = [];
    for (let i = 0; i < 400; i++) {
      let text = '';
      for (let j = 0; j < 12; j++) text += alphabet[Math.floor(next() * alphabet.length)];
      pool.push(...reference.get(encoding)!.encode_ordinary(text));
    }
    let valid = 0;
    const pairs = scaled(20_000);
    for (let i = 0; i < pairs; i++) {
      const left = pool[Math.floor(next() * pool.length)];
      const right = pool[Math.floor(next() * pool.length)];
      const merged = Array.from(ranks.merge(vocabulary.latin1(left) + vocabulary.latin1(right)));
      const expected = merged.length === 2 && merged[0] === left && merged[1] === right;
      assert.equal(ranks.isValidPair(left, right), expected, `${JSON.stringify(vocabulary.latin1(left))} + ${JSON.stringify(vocabulary.latin1(right))}`);
      if (expected) valid++;
    }
    assert.ok(valid > pairs / 20 && valid < pairs * 0.95, `${valid} of ${pairs} pairs valid: both answers must be exercised`);
  });
}

test('a damaged vocabulary file is refused with a clear error, and a failed load can be retried', async () => {
  const good = readVocabularyFile(VOCABULARY_FILES.cl100k_base);
  assert.throws(() => tokenCounterFromVocabulary('cl100k_base', good.subarray(0, good.length - 1)), VocabularyFileError);
  assert.throws(() => tokenCounterFromVocabulary('cl100k_base', new Uint8Array(3)), /not a vocabulary file/);
  const wrongVersion = Uint8Array.from(good);
  wrongVersion[4] = 99;
  assert.throws(() => tokenCounterFromVocabulary('cl100k_base', wrongVersion), /version 99/);
  const wrongLengths = Uint8Array.from(good);
  wrongLengths[16] += 1;
  assert.throws(() => tokenCounterFromVocabulary('cl100k_base', wrongLengths), VocabularyFileError);
  // The hash table is used as the file has it; one that does not find the tokens is refused, not trusted.
  const emptiedTable = Uint8Array.from(good);
  emptiedTable.fill(0, good.length - 400_000);
  assert.throws(() => tokenCounterFromVocabulary('cl100k_base', emptiedTable), /hash table does not find token/);
  // A copy at an odd offset (the table unaligned) is read as well as the file itself.
  const shifted = new Uint8Array(good.length + 1);
  shifted.set(good, 1);
  assert.equal(tokenCounterFromVocabulary('cl100k_base', shifted.subarray(1)).count('hello world'), referenceCount('cl100k_base', 'hello world'));

  // The core's own loader, as a browser or the extension calls it: a failing read is not cached.
  await assert.rejects(
    loadTokenCounter('cl100k_base', () => Promise.reject(new Error('offline'))),
    /offline/,
  );
  let reads = 0;
  const counter = await loadTokenCounter('cl100k_base', async (fileName) => {
    reads++;
    return readFileSync(join(__dirname, 'vocab', fileName));
  });
  assert.equal(reads, 1);
  assert.equal(counter.count('hello world'), referenceCount('cl100k_base', 'hello world'));
});

test('a text is cut after a letter only before a character no letter piece can take', () => {
  assert.equal(letterCutBefore('ab"cd', 0, 5), 2);
  assert.equal(letterCutBefore('ab1', 0, 3), 2, 'digits start a piece of their own');
  assert.equal(letterCutBefore("ab's", 0, 4), -1, 'a contraction may follow');
  // o200k_base keeps a mark in the letter piece, cl100k_base puts it in the punctuation piece with the quote.
  assert.equal(letterCutBefore('ae\u0301"', 0, 4), -1, 'neither before a combining mark nor after it');
  assert.equal(letterCutBefore('中文', 0, 2), -1);
  assert.equal(letterCutBefore('x𝐀"', 0, 4), 3, 'after a letter outside the BMP, never between its halves');
  assert.equal(letterCutBefore('ab"cd', 3, 5), -1, 'only cuts at or after `from`');
  assert.equal(safeCutInside('{"a":1,"b":2}', 1, 13), 3);
});

const NO_SPACE_FRAGMENTS = ['{"', '":', '",', '"}', 'id', 'Name', 'URL', 'x1', '42', '3.14', "'s", "'T", 'e\u0301', 'ñ', '中文', '日本語', '🎉', '[', ']', '/', '\\n', 'ab', 'ABC', 'ſ', '\u00a0', '-', '_'];

for (const encoding of ENCODINGS) {
  test(`${encoding}: text without whitespace (minified JSON) is cut after letters and stays exact, whole and in steps`, async () => {
    const counter = tokenCounterFromVocabulary(encoding, readVocabularyFile(VOCABULARY_FILES[encoding]));
    const next = random(encoding === 'o200k_base' ? 61 : 62);
    for (let i = 0; i < scaled(30); i++) {
      let text = '';
      const parts = 400 + Math.floor(next() * 800);
      for (let j = 0; j < parts; j++) text += NO_SPACE_FRAGMENTS[Math.floor(next() * NO_SPACE_FRAGMENTS.length)];
      const expected = referenceCount(encoding, text);
      assert.equal(counter.count(text), expected, `text #${i}: ${JSON.stringify(text.slice(0, 200))}…`);
      const steps = [...counter.countInSteps(text, 200)];
      assert.ok(steps.length > 3, `${steps.length} steps`);
      assert.equal(steps[steps.length - 1], expected, `text #${i} in steps`);
    }
  });

  test(`${encoding}: a single piece longer than a step is counted in several steps, exactly`, () => {
    const counter = tokenCounterFromVocabulary(encoding, readVocabularyFile(VOCABULARY_FILES[encoding]));
    const next = random(encoding === 'o200k_base' ? 71 : 72);
    let chinese = '';
    // At a smaller scale, pieces of three steps or more.
    const length = Math.max(12_288, scaled(40_000));
    for (let i = 0; i < Math.max(12_000, scaled(14_000)); i++) chinese += '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定'[Math.floor(next() * 60)];
    for (const text of ['a'.repeat(length), '='.repeat(length), ' '.repeat(length), chinese, `x${'ab'.repeat(length / 2)}!`]) {
      const steps = [...counter.countInSteps(text, 4_096)];
      assert.ok(steps.length > 2, `${steps.length} steps for one piece of ${text.length} characters`);
      assert.equal(steps[steps.length - 1], counter.count(text));
    }
    // The reference is quadratic on one long piece; held to it at a size it still manages.
    const text = chinese.slice(0, 12_000);
    const steps = [...counter.countInSteps(text, 4_096)];
    assert.ok(steps.length > 2);
    assert.equal(steps[steps.length - 1], referenceCount(encoding, text));
  });
}

// The byte-pair counter (src/core/tokens/bytePairCounter.ts) where mutation testing found no test
// looking (issue 13): UTF-8 of lone surrogates and 4-byte characters, a long piece that character
// joining gives up on, the running totals of a piece counted in steps, the pair check on runs of one
// character, and the direct-mapped caches, which must answer for their own key and no other (two
// keys that share a slot, found offline and checked here with a copy of each hash). Expected token
// counts and ids come from tiktoken (the WASM build of OpenAI's Rust code); expected bytes from
// Node's own UTF-8 encoder. The mutants left as equivalent are in test/mutation/equivalent-mutants.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { ENCODINGS, VOCABULARY_FILES, tokenCounterFromVocabulary, type EncodingName } from '../src/core/tokens';
import { BytePairRanks, finish, latin1Utf8 } from '../src/core/tokens/bytePairCounter';
import { piecePattern } from '../src/core/tokens/counter';
import { Vocabulary } from '../src/core/tokens/vocabulary';
import { readVocabularyFile } from '../src/node/counters';

const reference = new Map<EncodingName, Tiktoken>(ENCODINGS.map((name) => [name, get_encoding(name)]));
const referenceIds = (encoding: EncodingName, text: string) => Array.from(reference.get(encoding)!.encode_ordinary(text));
const referenceCount = (encoding: EncodingName, text: string) => reference.get(encoding)!.encode_ordinary(text).length;

/** A counter, or ranks, with empty caches: each cache test must start from a known state. */
const freshCounter = (encoding: EncodingName) => tokenCounterFromVocabulary(encoding, readVocabularyFile(VOCABULARY_FILES[encoding]));
const freshRanks = (encoding: EncodingName) => new BytePairRanks(new Vocabulary(readVocabularyFile(VOCABULARY_FILES[encoding])));

/** Node's UTF-8 encoder (lone surrogates become U+FFFD, as tiktoken receives them), as one char per byte. */
const nodeUtf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/** The pre-tokenizer's pieces of `text` (the reference pattern). */
function pieces(encoding: EncodingName, text: string): string[] {
  return [...text.matchAll(piecePattern(encoding))].map((match) => match[0]);
}

/** Counts a text that is one pre-tokenizer piece with `ranks` directly, checking that it is one. */
function countOnePiece(encoding: EncodingName, ranks: BytePairRanks, piece: string): number {
  assert.deepEqual(pieces(encoding, piece), [piece], `${JSON.stringify(piece)} is one piece`);
  return ranks.countPiece(piece);
}

// Characters at each edge of UTF-8's lengths, surrogate pairs at both ends of their range, and
// lone surrogates in every position: at the end, before a character that is not a low surrogate,
// a low one after a character that is not a high one.
const UTF8_EDGES = [
  '\u007f',
  '\u0080',
  'é',
  '\u07ff',
  '\u0800',
  '中',
  '\ud7ff',
  '\ue000',
  '\uffff',
  '\ud800\udc00',
  '\udbff\udc00',
  '\udbff\udfff',
  '🎉',
  '\ud800x',
  '\udbffx',
  '\ud800\ud800\udc00',
  '\udc00',
  '\udfff',
  '中\udc00',
  'é\udc00',
  '\ue000\udc00',
  '\udc00\udc00',
  '\ud800',
  '\udbff',
];

test('UTF-8 bytes of short and long texts are what Node encodes, lone surrogates as U+FFFD', () => {
  for (const edge of UTF8_EDGES) {
    // After a non-ASCII character (ASCII text is returned as it is); also at the very end.
    for (const text of [`é${edge}x`, `é${edge}`]) assert.equal(latin1Utf8(text), nodeUtf8(text), `short ${JSON.stringify(text)}`);
    // Past 256 characters, long texts take another path.
    for (const text of [`${'é'.repeat(200)}${edge}${'x'.repeat(100)}`, `${'x'.repeat(300)}é${edge}`]) {
      assert.ok(text.length > 256);
      assert.equal(latin1Utf8(text), nodeUtf8(text), `long ${JSON.stringify(edge)}`);
    }
  }
});

for (const encoding of ENCODINGS) {
  test(`${encoding}: lone surrogates and 4-byte characters count as tiktoken counts them, in short and long pieces`, () => {
    const counter = freshCounter(encoding);
    for (const text of [
      '\ud800',
      'a\udc00b',
      '\ud83c🎉\udf89',
      '🎉'.repeat(4),
      '\u{10ffff}\u{10000}\u{1f600}',
      '\ud800'.repeat(100),
      `${'🎉'.repeat(150)}\ud83c`,
      `\udfff${'𝐀'.repeat(300)}`,
      `${'中'.repeat(120)}\udc00${'中'.repeat(120)}`,
      `x${'\u{1f44d}\u{1f3fb}'.repeat(200)}`,
    ]) {
      assert.equal(counter.count(text), referenceCount(encoding, text), JSON.stringify(text.slice(0, 40)));
    }
  });
}

for (const encoding of ENCODINGS) {
  test(`${encoding}: a piece whose characters keep merging is counted exactly once joining character by character gives up`, () => {
    // Runs of '・' merge into long tokens: joined character by character, a stretch grows past the
    // 96 bytes allowed, and the piece is counted block by block instead.
    const ranks = freshRanks(encoding);
    for (const piece of ['・'.repeat(40), '・'.repeat(333), `${'・'.repeat(50)}→${'・'.repeat(50)}`]) {
      assert.equal(countOnePiece(encoding, ranks, piece), referenceCount(encoding, piece), `${piece.length} characters`);
    }
  });
}

test('a piece longer than a step yields the count of each whole step, then the exact total', () => {
  const encoding = 'o200k_base';
  const ranks = freshRanks(encoding);
  // 18,000 bytes: character joining gives up early, then blocks of 768 bytes (256 characters) are
  // joined, a step ending at the first block end past 16,384 bytes: 22 blocks, 5,632 characters.
  const piece = '・'.repeat(6000);
  assert.deepEqual(pieces(encoding, piece), [piece]);
  const steps = ranks.countLongInSteps(latin1Utf8(piece), true);
  const yielded: number[] = [];
  let step = steps.next();
  for (; !step.done; step = steps.next()) yielded.push(step.value);
  assert.deepEqual(yielded, [referenceCount(encoding, '・'.repeat(5632))]);
  assert.equal(step.value, referenceCount(encoding, piece));
});

test('characters are cached by their own bytes: two that share a cache slot get their own counts', () => {
  // A copy of the character cache's hash: the key is the character's UTF-8 bytes, big-endian.
  const slot = (character: string) => Math.imul([...Buffer.from(character, 'utf8')].reduce((key, byte) => (key << 8) | byte, 0), 0x9e3779b1) >>> 20;
  assert.equal(slot('一'), slot('娷'), 'the two characters share a slot');
  for (const encoding of ENCODINGS) {
    const counter = freshCounter(encoding);
    // '一' is a token; '娷' is not: it must not be answered with '一'.
    for (const text of ['一'.repeat(6), '娷'.repeat(6)]) assert.equal(counter.count(text), referenceCount(encoding, text), `${encoding} ${text}`);
  }
});

test('a character is never answered with the token of another character that shares bytes with it', () => {
  const encoding = 'o200k_base';
  // U+1F600 (one token) and U+5F600 (three) differ only in their first byte (F0 9F 98 80, F1 9F 98 80).
  const counter = freshCounter(encoding);
  for (const text of ['😀😀😀😀', '\u{5f600}😀😀😀']) assert.equal(counter.count(text), referenceCount(encoding, text), JSON.stringify(text));
  // A NUL byte before a character: a key of the two bytes would be the key of the character alone.
  const second = freshCounter(encoding);
  for (const text of ['→→→→!', '→→→→\u0000!', '→→→→\u0000\u0000']) assert.equal(second.count(text), referenceCount(encoding, text), JSON.stringify(text));
  // A NUL first, on empty caches ("\0\0" is one token in o200k_base).
  const third = freshCounter(encoding);
  assert.equal(third.count('→→→→\u0000\u0000'), referenceCount(encoding, '→→→→\u0000\u0000'));
  // A whole piece that is a token, then a longer piece that ends with the same bytes.
  const ranks = freshRanks(encoding);
  for (const piece of ['・・・', '・'.repeat(7)]) assert.equal(finish(ranks.countLongInSteps(latin1Utf8(piece), true)), referenceCount(encoding, piece), piece);
});

test('two token pairs that share a slot of the pair-check cache each get their own answer', () => {
  // A copy of that cache's hash.
  const slot = (left: number, right: number) => (Math.imul(left, 0x85ebca6b) ^ Math.imul(right, 0xc2b2ae35)) >>> 18;
  const encoding = 'o200k_base';
  const ids = (text: string) => referenceIds(encoding, text);
  // '版' '票' stay two tokens; '彩票' is one. Same right token, lefts in the same slot.
  const [ban, piao] = ids('版票');
  const [cai] = ids('彩');
  assert.equal(slot(ban!, piao!), slot(cai!, piao!));
  // '视' '并' stay two tokens; '视频' is one. Same left token, rights in the same slot.
  const [shi, bing] = ids('视并');
  const [pin] = ids('频');
  assert.equal(slot(shi!, bing!), slot(shi!, pin!));
  const counter = freshCounter(encoding);
  for (const text of ['版票版票', '彩票彩票', '视并视并', '视频视频']) assert.equal(counter.count(text), referenceCount(encoding, text), text);
});

test('caches emptied for a cold start answer as before, not with what a slot held', () => {
  // The pair-rank cache: a pair is looked up, the caches are emptied, and a pair sharing its slot
  // with the same right token is merged.
  const pairSlot = (left: number, right: number) => (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) >>> 17;
  const o200k = freshRanks('o200k_base');
  const [quote] = referenceIds('o200k_base', '"');
  const [a] = referenceIds('o200k_base', 'a');
  const [either] = referenceIds('o200k_base', ' Either');
  assert.equal(pairSlot(either!, a!), pairSlot(quote!, a!), "' Either' and '\"' share a slot with 'a' on the right");
  o200k.isValidPair(either!, a!);
  o200k.resetCaches();
  assert.deepEqual(Array.from(o200k.merge('"a')), referenceIds('o200k_base', '"a'));

  // The pair-check cache: '】' then '>' stay two tokens, '">' is one; '】' and '"' share a slot
  // with '>' on the right.
  const compatibleSlot = (left: number, right: number) => (Math.imul(left, 0x85ebca6b) ^ Math.imul(right, 0xc2b2ae35)) >>> 18;
  const encoding = 'cl100k_base';
  const [bracket, greater] = referenceIds(encoding, '】>');
  assert.equal(compatibleSlot(bracket!, greater!), compatibleSlot(referenceIds(encoding, '"')[0]!, greater!));
  const ranks = freshRanks(encoding);
  assert.equal(countOnePiece(encoding, ranks, '→→→→】>'), referenceCount(encoding, '→→→→】>'));
  ranks.resetCaches();
  assert.equal(countOnePiece(encoding, ranks, '→→→→">'), referenceCount(encoding, '→→→→">'));
});

for (const encoding of ENCODINGS) {
  test(`${encoding}: the pair check on tokens of runs of one character agrees with tiktoken`, () => {
    const ranks = freshRanks(encoding);
    let valid = 0;
    let pairs = 0;
    for (const unit of ['a', '-', '=', ' ', '.', '・', '中', '0']) {
      // The runs of 1 to 16 characters that are one token.
      const runs = new Map<number, number>();
      for (let n = 1; n <= 16; n++) {
        const ids = referenceIds(encoding, unit.repeat(n));
        if (ids.length === 1) runs.set(n, ids[0]!);
      }
      for (const [n, left] of runs) {
        for (const [m, right] of runs) {
          const text = unit.repeat(n + m);
          if (pieces(encoding, text).length !== 1) continue;
          const expected = referenceIds(encoding, text).join() === `${left},${right}`;
          assert.equal(ranks.isValidPair(left, right), expected, `${JSON.stringify(unit)} × ${n} then × ${m}`);
          pairs++;
          if (expected) valid++;
        }
      }
    }
    assert.ok(valid > 0 && valid < pairs, `${valid} of ${pairs} pairs valid: both answers must occur`);
  });
}

for (const encoding of ENCODINGS) {
  test(`${encoding}: merging pieces of every length leaves no wrong pair rank behind for the next piece`, () => {
    // Token 0 is '!': a lookup made past either end of a piece must not be remembered as a pair of
    // '!' and a token, which the pieces after these ('!!!', '!==') then merge.
    const ranks = freshRanks(encoding);
    for (const text of ['x'.repeat(63), '='.repeat(20), '='.repeat(100), '!'.repeat(100), '!!!', '!==', '!=', '!!', '==!', '==!!', '='.repeat(64), '!'.repeat(64), '!'.repeat(63)]) {
      assert.deepEqual(pieces(encoding, text), [text]);
      assert.deepEqual(Array.from(ranks.merge(text)), referenceIds(encoding, text), JSON.stringify(text));
    }
  });
}

test('o200k_base: long pieces where a block boundary changes the tokens far back are joined exactly', () => {
  // In `lxpjdzdmcbbsyrlniob` each adjacent pair of letters is a token ranked before the pair to its
  // left, so what follows a block boundary inside it changes the tokens before the boundary further
  // back than the last 8 a stretch keeps: the rejoin from the tail fails and the two blocks are
  // encoded as one. In `djcwjyzdhdsytihoy` the rejoin succeeds only at the first of those 8. Found
  // by a search over such chains; each filler puts a block boundary (every 768 bytes) inside one,
  // after the same letters as in the search.
  const encoding = 'o200k_base';
  const fillEnd = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(unit.length * Math.ceil(length / unit.length) - length);
  const fails = (before: string, at: number) => before + fillEnd('aoinet', at - 16 - before.length) + 'lxpjdzdmcbbsyrlniob';
  const firstBoundary = (before: string, at: number) => before + fillEnd('ab', at - 14 - before.length) + 'djcwjyzdhdsytihoy';
  const texts = [
    fails('', 768),
    firstBoundary('', 768),
    fails(fails('', 768), 1536),
    firstBoundary(fails('', 768), 1536),
    fails(firstBoundary('', 768), 1536),
    fails(fails(firstBoundary('', 768), 1536), 2304),
    fails(firstBoundary(fails('', 768), 1536), 2304),
  ];
  const counter = freshCounter(encoding);
  const ranks = freshRanks(encoding);
  for (const [i, text] of texts.entries()) {
    assert.deepEqual(pieces(encoding, text), [text]);
    const expected = referenceCount(encoding, text);
    assert.equal(counter.count(text), expected, `text #${i}`);
    assert.equal(finish(ranks.countLongInSteps(text, false)), expected, `text #${i}, by blocks`);
  }
});

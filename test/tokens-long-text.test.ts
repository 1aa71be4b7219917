// How the counter pre-tokenizes texts of millions of characters (longTextPieces.ts): the pattern runs
// on a copy with long runs of alike characters shortened, and each piece end maps back to the text.
// Held to the pattern's own pieces on generated texts of every character class; quick, so mutation
// testing runs it (the multi-megabyte counts are in tokens-pathological.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENCODINGS } from '../src/core/tokens';
import { piecePattern } from '../src/core/tokens/counter';
import { pieceEndsOfLongText } from '../src/core/tokens/longTextPieces';
import { seededRandom } from './support/random';

// A seeded generator, so a failure can be replayed.
const random = seededRandom;

// Characters of every class the patterns tell apart, and the ones they name one by one.
const UNITS = ['я', 'Я', '中', '文', 'a', 'A', ' ', '\n', '\r', '/', "'", 's', 'll', '。', '\u0301', '1', '١', '🎉', '\u3000', '(', 'ǅ', 'ʰ', "'re", 'ſ', '\t'];

for (const encoding of ENCODINGS) {
  test(`${encoding}: pieces found on a copy with long runs shortened are the pattern's own, on 2,000 generated texts`, () => {
    const next = random(encoding === 'o200k_base' ? 3 : 4);
    for (let i = 0; i < 2_000; i++) {
      let text = '';
      for (let parts = 1 + Math.floor(next() * 8); parts > 0; parts--) {
        const unit = UNITS[Math.floor(next() * UNITS.length)]!;
        const other = UNITS[Math.floor(next() * UNITS.length)]!;
        const times = next() < 0.5 ? 60 + Math.floor(next() * 300) : 1 + Math.floor(next() * 4);
        const mixed = next() < 0.3;
        for (let j = 0; j < times; j++) text += mixed && next() < 0.5 ? other : unit;
      }
      const pattern = piecePattern(encoding);
      const expected: number[] = [];
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) expected.push(match.index + match[0].length);
      // Also from an offset inside a longer text, as the counter calls it.
      const before = 'x'.repeat(i % 3);
      const ends = pieceEndsOfLongText(piecePattern(encoding), before + text, before.length, before.length + text.length);
      assert.deepEqual(
        ends.map((end) => end - before.length),
        expected,
        `text #${i}: ${JSON.stringify(text)}`,
      );
    }
  });
}

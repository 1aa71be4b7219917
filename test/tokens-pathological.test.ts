// Inputs that once made counting quadratic or overflow the stack (issue 11), at sizes where that
// showed, each count checked: against OpenAI's reference tokenizer where it is quick enough, and
// against the whole piece merged in one pass (exact BPE, no joining of stretches) where it is not.
// No timing is asserted: `npm run hostile` and `npm run bench` measure speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import { loadCounter, readVocabularyFile } from '../src/node/counters';
import { ENCODINGS } from '../src/core/tokens';
import { VOCABULARY_FILES } from '../src/core/tokens/counter';
import { BytePairRanks, finish, latin1Utf8 } from '../src/core/tokens/bytePairCounter';
import { Vocabulary } from '../src/core/tokens/vocabulary';

// Runs of one character that start out of step with the blocks the counter cuts long pieces into:
// each block boundary falls inside a token. Each is one pre-tokenizer piece.
const RUNS: readonly (readonly [string, (n: number) => string])[] = [
  ['((…))', (n) => '('.repeat(n) + ')'.repeat(n)],
  ['[[…]]', (n) => '['.repeat(n) + ']'.repeat(n)],
  ['nested JSON after "a"', (n) => `":${'['.repeat(n)}${']'.repeat(n)}}`],
  ['. then ====', (n) => '.' + '='.repeat(2 * n)],
  ['{ then }}}', (n) => '{' + '}'.repeat(2 * n)],
  ['-+ then ---', (n) => '-+' + '-'.repeat(n) + '+'.repeat(n)],
];

const make200k = () => RUNS[2]![1](200_000);

for (const encoding of ENCODINGS) {
  const ranks = new BytePairRanks(new Vocabulary(readVocabularyFile(VOCABULARY_FILES[encoding])));
  const wholePiece = (piece: string) => ranks.merge(latin1Utf8(piece)).length;

  test(`${encoding}: runs out of step with the counter's blocks count as the reference does`, async () => {
    const counter = await loadCounter(encoding);
    const reference = get_encoding(encoding);
    try {
      for (const [name, make] of RUNS) {
        for (const n of [1, 2, 3, 5, 700, 1_000, 1_537]) {
          const text = make(n);
          assert.equal(counter.count(text), reference.encode_ordinary(text).length, `${name}, n = ${n}`);
        }
      }
    } finally {
      reference.free();
    }
  });

  test(`${encoding}: 400 KB of brackets in one piece count exactly (was quadratic)`, async () => {
    const counter = await loadCounter(encoding);
    for (const [name, make] of RUNS) {
      const text = make(200_000);
      assert.equal(counter.count(text), wholePiece(text), name);
    }
    // A chat file's JSON: the text before the brackets ends with a letter, a cut where counts add up.
    const json = `{"role":"user","content":"x","a${make200k()}`;
    assert.equal(counter.count(json), counter.count('{"role":"user","content":"x","a') + wholePiece(make200k()));
  });
}

for (const encoding of ENCODINGS) {
  test(`${encoding}: one run of 4.2 million letters (past V8's regular-expression stack) counts exactly, whole and in steps`, async () => {
    const counter = await loadCounter(encoding);
    const ranks = new BytePairRanks(new Vocabulary(readVocabularyFile(VOCABULARY_FILES[encoding])));
    const run = 'я'.repeat(2 ** 22 + 50_000);
    const text = `Привет, ${run} мир`;
    // The run after its space is one piece: counted by the byte-pair merge alone, no pre-tokenizer.
    const expected = counter.count('Привет,') + ranks.countPiece(` ${run}`) + counter.count(' мир');
    assert.equal(counter.count(text), expected);
    assert.equal(finish(counter.countInSteps(text)), expected);
  });
}

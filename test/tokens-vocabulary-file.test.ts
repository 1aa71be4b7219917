// The shipped vocabulary files: built from the maintained source (gpt-tokenizer's copy of OpenAI's
// ranks) on every build, complete, and read back token by token. Apart from the other vocabulary
// tests because it loads the whole rank table (seconds when instrumented for mutation testing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENCODINGS, VOCABULARY_FILES, type EncodingName } from '../src/core/tokens';
import { Vocabulary } from '../src/core/tokens/vocabulary';
import { buildVocabularyFile, type RankTableEntry } from '../src/core/tokens/vocabularyFile';
import { latin1Utf8 } from '../src/core/tokens/bytePairCounter';
import { readVocabularyFile } from '../src/node/counters';
import { scaled } from './support/scale';

function rankTable(encoding: EncodingName): RankTableEntry[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`gpt-tokenizer/bpeRanks/${encoding}`).default as RankTableEntry[];
}

const latin1Of = (entry: RankTableEntry) => (typeof entry === 'string' ? latin1Utf8(entry) : String.fromCharCode(...entry));

for (const encoding of ENCODINGS) {
  test(`${encoding}: the shipped vocabulary file is what gpt-tokenizer's ranks build, and finds every token`, () => {
    const table = rankTable(encoding);
    const shipped = readVocabularyFile(VOCABULARY_FILES[encoding]);
    const built = buildVocabularyFile(table);
    assert.equal(built.unreachable, 0);
    assert.ok(Buffer.from(shipped).equals(Buffer.from(built.file)), 'the file in the build output differs from one built from the source');
    const vocabulary = new Vocabulary(shipped);
    assert.equal(vocabulary.size, table.length);
    // Every token at full scale; a regular sample of them at a smaller one (see support/scale.ts).
    const every = Math.round(table.length / scaled(table.length));
    for (let rank = 0; rank < table.length; rank += every) {
      const bytes = latin1Of(table[rank]);
      assert.equal(vocabulary.rankOfLatin1(bytes, 0, bytes.length), rank, `token ${rank}`);
      assert.equal(vocabulary.latin1(rank), bytes);
      const left = vocabulary.leftPart(rank);
      const right = vocabulary.rightPart(rank);
      if (bytes.length === 1) {
        assert.equal(left, -1);
        assert.equal(vocabulary.byteRanks[bytes.charCodeAt(0)], rank);
      } else {
        // Each token is the merge of two earlier tokens, the last merge BPE makes on its bytes.
        assert.ok(left >= 0 && left < rank && right >= 0 && right < rank, `token ${rank}: parts ${left}, ${right}`);
        assert.equal(vocabulary.latin1(left) + vocabulary.latin1(right), bytes);
        assert.equal(vocabulary.rankOfPair(left, right), rank);
      }
    }
    assert.equal(vocabulary.rankOfLatin1('\u00ff\u00fe\u00fd\u00fc', 0, 4), -1, 'bytes that are no token');
  });
}

// Exact counts: our counter against OpenAI's reference tokenizer (tiktoken's WASM build of the
// Rust code) on fixed and generated text, including the inputs that break other JS tokenizers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { loadCounter as loadTokenCounter } from '../src/node/counters';
import { safeBoundaryAfter, safeCutBefore } from '../src/core/tokens/counter';
import { ENCODINGS, countWithoutBlocking, type EncodingName } from '../src/core/tokens';
import { seededRandom } from './support/random';
import { scaled } from './support/scale';

const reference = new Map<EncodingName, Tiktoken>(ENCODINGS.map((name) => [name, get_encoding(name)]));

/** The reference count, with special-token text treated as ordinary text (as a prompt file is). */
function referenceCount(encoding: EncodingName, text: string): number {
  return reference.get(encoding)!.encode_ordinary(text).length;
}

// A seeded generator, so a failure can be replayed.
const random = seededRandom;

const FRAGMENTS = [
  'the', ' quick', ' Brown', 'FOX', "'s", "'LL", "'ſ", ' ', '  ', '\t', '\n', '\n\n', '\r\n', '\r', ' \n ', '/', '//', '\n/', '\n//x',
  '0', '42', '12345', '3.14', '{{ name }}', '{% if x %}', '${input:topic}', '<|endoftext|>', '<|im_start|>', '```', '**bold**',
  '"key": [1, 2]', '==', '->', '()', '!?', '日本語', 'のテキスト', '中文没有标点符号', '한국어', 'Ünïcödé', 'e\u0301', '🎉', '👩‍💻', '🇫🇷',
  '\u0085', '\ufeff', '\u00a0', '\u2028', '\u3000', '\u200b', 'K', '\ud800', '\udc00x', 'ΑΒΓ', 'кириллица', 'عربى', 'हिन्दी',
];

function generate(next: () => number, pieces: number): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
  return text;
}

for (const encoding of ENCODINGS) {
  test(`${encoding}: counts equal the reference tokenizer on 600 generated texts`, async () => {
    const counter = await loadTokenCounter(encoding);
    const next = random(encoding === 'o200k_base' ? 1 : 2);
    for (let i = 0; i < scaled(600); i++) {
      const text = generate(next, 1 + Math.floor(next() * 200));
      assert.equal(counter.count(text), referenceCount(encoding, text), `text #${i}: ${JSON.stringify(text)}`);
    }
  });

  test(`${encoding}: ASCII text of every character class equals the reference`, async () => {
    const counter = await loadTokenCounter(encoding);
    const next = random(encoding === 'o200k_base' ? 41 : 42);
    const words = ["'s", "'T", "'re", "'VE", "'m", "'Ll", "'d", "'x", 'Hello', 'HELLO', 'hello', 'HeLLo', 'aB', '123456', ' 7', ' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '/', '//', '\n/', '(', '."', ' (', '\u0000', '\u001f', '\u007f', '~~', ' \n ', '\'', 'x'];
    for (let i = 0; i < scaled(800); i++) {
      let text = '';
      const parts = 1 + Math.floor(next() * 60);
      for (let j = 0; j < parts; j++) {
        text += next() < 0.5 ? words[Math.floor(next() * words.length)] : String.fromCharCode(Math.floor(next() * 128));
      }
      assert.equal(counter.count(text), referenceCount(encoding, text), `text #${i}: ${JSON.stringify(text)}`);
    }
  });

  test(`${encoding}: long runs of one character stay exact`, async () => {
    const counter = await loadTokenCounter(encoding);
    for (const [unit, times] of [['a', 20_000], [' ', 20_000], ['=', 20_000], ['中', 5_000], ['ab', 8_000], ['\n', 5_000], ['🎉', 2_000]] as const) {
      // At a smaller scale, still runs of a few blocks (BLOCK_BYTES is 768).
      const text = unit.repeat(Math.max(600, scaled(times)));
      assert.equal(counter.count(text), referenceCount(encoding, text), `${JSON.stringify(unit)} × ${times}`);
    }
  });

  test(`${encoding}: long pieces joined block by block stay exact`, async () => {
    const counter = await loadTokenCounter(encoding);
    const next = random(encoding === 'o200k_base' ? 11 : 12);
    // Alphabets that make single pre-tokenizer pieces of thousands of bytes.
    const alphabets = ['ab', 'aab', 'abcdefghij', 'zyxwvu', '=-+*', '中文字词语句', 'ぁあぃいぅう', '🎉👍', 'aA', 'é', 'ſs', ' \t'];
    for (let i = 0; i < Math.max(alphabets.length, scaled(120)); i++) {
      const alphabet = [...alphabets[i % alphabets.length]];
      const length = 700 + Math.floor(next() * 4000);
      let text = '';
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(next() * alphabet.length)];
      assert.equal(counter.count(text), referenceCount(encoding, text), `piece #${i} from ${JSON.stringify(alphabet.join(''))}`);
    }
  });

  test(`${encoding}: special-token text is ordinary text and never throws`, async () => {
    const counter = await loadTokenCounter(encoding);
    const text = 'Stop at <|endoftext|> and <|im_start|>user<|im_end|> or <|fim_prefix|>.';
    assert.equal(counter.count(text), referenceCount(encoding, text));
    assert.ok(counter.count(text) > 8);
  });

  test(`${encoding}: recounting after an edit gives the same count as a fresh count`, async () => {
    const counter = await loadTokenCounter(encoding);
    const next = random(7);
    let text = generate(next, 400);
    for (let edit = 0; edit < scaled(50); edit++) {
      const at = Math.floor(next() * text.length);
      text = text.slice(0, at) + generate(next, 3) + text.slice(at + Math.floor(next() * 10));
      assert.equal(counter.count(text), referenceCount(encoding, text), `after edit ${edit}`);
    }
  });
}

test('a long line is cut only before whitespace that follows non-whitespace', () => {
  assert.equal(safeCutBefore('ab cd', 0, 5), 2);
  assert.equal(safeCutBefore('ab  cd', 3, 6), -1, 'the second space follows whitespace');
  assert.equal(safeCutBefore('a}\n/b', 0, 5), -1, 'a line break may trail punctuation');
  assert.equal(safeCutBefore('x\u00a0y', 0, 3), 1, 'no-break space is whitespace to tiktoken');
});

for (const encoding of ENCODINGS) {
  test(`${encoding}: long lines (minified JSON, indented YAML) are cut and still exact`, async () => {
    const counter = await loadTokenCounter(encoding);
    const next = random(encoding === 'o200k_base' ? 21 : 22);
    for (let i = 0; i < Math.max(2, scaled(40)); i++) {
      // No line breaks at all, or lines that all start with indentation: cuts fall inside lines.
      const text = i % 2 === 0 ? generate(next, 900).replace(/[\r\n]/g, ' ') : generate(next, 900).replace(/\n/g, '\n    ');
      assert.equal(counter.count(text), referenceCount(encoding, text), `text #${i}`);
    }
  });
}

test('counting in steps gives the exact total, step by step', async () => {
  const counter = await loadTokenCounter('o200k_base');
  const next = random(31);
  const text = generate(next, 5000);
  const totals = [...counter.countInSteps(text, 500)];
  assert.ok(totals.length > 5, `${totals.length} steps`);
  assert.equal(totals[totals.length - 1], referenceCount('o200k_base', text));
  let pauses = 0;
  const total = await countWithoutBlocking(counter, text, async () => void pauses++, 500);
  assert.equal(total, referenceCount('o200k_base', text));
  assert.equal(pauses, totals.length);
});

test('a text is only cut where no pre-tokenizer piece crosses the cut', () => {
  assert.equal(safeBoundaryAfter('a\nb', 0), 2);
  assert.equal(safeBoundaryAfter('a\n b', 0), -1, 'a space may join the line break');
  assert.equal(safeBoundaryAfter('}\n/x', 0), -1, "o200k pulls '/' after a line break into the punctuation piece");
  assert.equal(safeBoundaryAfter('a\n\u0085b', 0), -1, 'U+0085 is whitespace to tiktoken');
  assert.equal(safeBoundaryAfter('a\n', 0), -1, 'nothing to cut at the very end');
});

// Which .txt/.md files count as prompts: the default globs and the user's own (`--text-globs`, the
// editor's setting), matched by picomatch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFormat, DEFAULT_TEXT_PROMPT_GLOBS } from '../src/core';

const isPrompt = (path: string, globs?: string[]) => detectFormat(path, undefined, globs ? { textPromptGlobs: globs } : {}) === 'text';

test('default globs: text and markdown under a prompts or prompt folder, and *.prompt.txt', () => {
  assert.ok(isPrompt('prompts/welcome.txt'));
  assert.ok(isPrompt('app/prompts/system/welcome.md'));
  assert.ok(isPrompt('prompt/a.txt'));
  assert.ok(isPrompt('.github/prompts/x.txt'), 'dot folders are matched too');
  assert.ok(isPrompt('docs/intro.prompt.txt'));
  assert.ok(!isPrompt('docs/readme.md'));
  assert.ok(!isPrompt('myprompts/a.txt'), 'a folder named prompts, not one ending in it');
  assert.ok(!isPrompt('prompts.txt'));
  assert.deepEqual(DEFAULT_TEXT_PROMPT_GLOBS.length, 5);
});

test('user globs: character classes, brace lists with folders, a leading ./', () => {
  assert.ok(isPrompt('b7.txt', ['b[0-9].txt']));
  assert.ok(!isPrompt('bx.txt', ['b[0-9].txt']));
  assert.ok(isPrompt('a/x.txt', ['{a/*.txt,b/*.md}']));
  assert.ok(isPrompt('b/y.md', ['{a/*.txt,b/*.md}']));
  assert.ok(!isPrompt('b/y.txt', ['{a/*.txt,b/*.md}']));
  assert.ok(isPrompt('a/b.txt', ['./a/b.txt']));
  assert.ok(isPrompt('a/b.txt', ['a/b.txt']));
  assert.ok(!isPrompt('c/a/b.txt', ['a/b.txt']), 'globs are anchored at the scanned folder');
  assert.ok(isPrompt('deep/er/x.md', ['**/*.md']));
  assert.ok(!isPrompt('x.md', [' ']), 'a blank glob matches nothing');
  assert.ok(!isPrompt('x.md', []), 'no globs, no text prompts');
});

test('llm-cost scan --text-globs decides which text files are scanned', () => {
  const root = mkdtempSync(join(tmpdir(), 'globs-'));
  try {
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'prompts'));
    writeFileSync(join(root, 'a', 'b1.txt'), 'Say hello to {name}.');
    writeFileSync(join(root, 'a', 'bx.txt'), 'Not a prompt.');
    writeFileSync(join(root, 'prompts', 'p.txt'), 'Default prompt.');
    const scan = (...flags: string[]) =>
      (
        JSON.parse(execFileSync(process.execPath, ['dist/cli.js', 'scan', root, '--format', 'json', ...flags], { encoding: 'utf8' })) as {
          files: { path: string }[];
        }
      ).files.map((f) => f.path);
    assert.deepEqual(scan(), ['prompts/p.txt']);
    assert.deepEqual(scan('--text-globs', 'a/b[0-9].txt'), ['a/b1.txt']);
    assert.deepEqual(scan('--text-globs', './a/*.txt,prompts/**'), ['a/b1.txt', 'a/bx.txt', 'prompts/p.txt']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

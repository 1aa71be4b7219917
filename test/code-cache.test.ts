// The V8 code cache the command-line tool starts from (src/node/codeCache.ts): used when it was made
// from this very bundle, ignored when the bundle changed or V8 runs under other flags, and the
// bundle's behaviour the same either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCachePath, requireBundle, writeCodeCache } from '../src/node/codeCache';

const ROOT = join(__dirname, '..', '..');

function withBundle(run: (bundle: string) => Promise<void>): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'llm-cost-code-cache-'));
  const bundle = join(folder, 'bundle.js');
  // A module that uses what a bundle uses: exports, require, __dirname and a function called later.
  writeFileSync(bundle, "const { basename } = require('node:path');\nexports.where = () => basename(__dirname);\nexports.twice = (n) => n * 2;\n");
  return run(bundle).finally(() => rmSync(folder, { recursive: true, force: true }));
}

test('a bundle without a cache beside it is compiled as usual', () =>
  withBundle(async (bundle) => {
    const { exports, cache } = requireBundle(bundle);
    assert.equal(cache, 'none');
    assert.equal((exports as { twice(n: number): number }).twice(21), 42);
  }));

test('the cache made from a bundle is used for it, and the bundle behaves the same', () =>
  withBundle(async (bundle) => {
    let warmedUp = 0;
    const bytes = await writeCodeCache(bundle, (exports) => (warmedUp = (exports as { twice(n: number): number }).twice(2)));
    assert.equal(warmedUp, 4, 'the warm-up ran on the bundle’s exports');
    assert.equal(statSync(codeCachePath(bundle)).size, bytes);
    const { exports, cache } = requireBundle(bundle);
    assert.equal(cache, 'used');
    const loaded = exports as { twice(n: number): number; where(): string };
    assert.equal(loaded.twice(21), 42);
    assert.match(loaded.where(), /^llm-cost-code-cache-/, '__dirname is the bundle’s folder');
  }));

test('a cache is not used once its bundle changed, even to a source of the same length', () =>
  withBundle(async (bundle) => {
    await writeCodeCache(bundle);
    appendFileSync(bundle, 'exports.added = true;\n');
    const grown = requireBundle(bundle);
    assert.equal(grown.cache, 'stale');
    assert.equal((grown.exports as { added?: boolean }).added, true, 'the new source runs, not the cached one');

    await writeCodeCache(bundle);
    // Same length, other code: V8 alone would take the cache (it compares lengths); the recorded
    // modification time does not match.
    writeFileSync(
      bundle,
      "const { basename } = require('node:path');\nexports.where = () => basename(__dirname);\nexports.twice = (n) => n * 3;\nexports.added = true;\n",
    );
    const later = new Date(statSync(bundle).mtimeMs + 5_000);
    utimesSync(bundle, later, later);
    const changed = requireBundle(bundle);
    assert.equal(changed.cache, 'stale');
    assert.equal((changed.exports as { twice(n: number): number }).twice(2), 6);
  }));

test('V8 rejects a cache made under other flags, and the bundle is compiled as usual', () =>
  withBundle(async (bundle) => {
    await writeCodeCache(bundle);
    const script = `const { requireBundle } = require(${JSON.stringify(join(ROOT, 'out', 'build', 'codeCache.cjs'))});
      const { exports, cache } = requireBundle(${JSON.stringify(bundle)}); console.log(cache, exports.twice(5));`;
    const env = { ...process.env, NODE_OPTIONS: '' };
    const plain = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
    const flagged = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', env });
    assert.equal(plain.stdout.trim(), 'used 10', plain.stderr);
    assert.equal(flagged.stdout.trim(), 'rejected-by-v8 10', flagged.stderr);
  }));

test('the build writes a cache that fits the command-line tool’s bundle', () => {
  const bundle = join(ROOT, 'dist', 'cli.main.js');
  assert.ok(existsSync(codeCachePath(bundle)), 'dist/cli.main.js.v8cache exists');
  const script = `const { requireBundle } = require(${JSON.stringify(join(ROOT, 'out', 'build', 'codeCache.cjs'))});
    console.log(requireBundle(${JSON.stringify(bundle)}).cache);`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  assert.equal(result.stdout.trim(), 'used', result.stderr);
});

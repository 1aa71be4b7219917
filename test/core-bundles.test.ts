// What the core's entry points pull in when bundled for a browser: the planner webview runs the cost
// model itself, so the cost arithmetic must not carry the price catalogue (hundreds of KB of data
// the extension sends a few entries of instead), nor anything Node-only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

async function browserBundle(entry: string): Promise<{ inputs: string[]; bytes: number }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { inputs: Object.keys(result.metafile.inputs), bytes: result.outputFiles.reduce((total, file) => total + file.contents.length, 0) };
}

test('the cost model bundles for the browser without the price catalogue', async () => {
  const { inputs, bytes } = await browserBundle('src/core/cost/index.ts');
  assert.deepEqual(
    inputs.filter((input) => input.includes('node_modules')),
    [],
    'no package at all: prices come in as values',
  );
  assert.ok(inputs.includes('src/core/pricing/priceBook.ts') || inputs.some((input) => input.endsWith('cost/plan.ts')));
  assert.ok(bytes < 100_000, `cost model is ${bytes} bytes minified`);
});

test('the price book for the webview is a small module of its own', async () => {
  const { inputs } = await browserBundle('src/core/pricing/priceBook.ts');
  assert.deepEqual(inputs, ['src/core/pricing/priceBook.ts']);
});

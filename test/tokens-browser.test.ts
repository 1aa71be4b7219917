// The browser build in a real browser (Debian's Chromium, headless): the core bundle holds no
// vocabulary, fetches o200k_base's file on the first count and only then, and counts exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get_encoding } from 'tiktoken';

const CHROMIUM = '/usr/bin/chromium';
const SAMPLE = 'Summarise the customer\'s invoice in two sentences. 中文没有标点符号 🎉 {"id": 42, "ok": true}\n\n- item one\n- item two';

const PAGE = `<!doctype html><meta charset="utf-8"><body><script type="module">
  import { loadTokenCounter } from '/core.browser.js';
  const sample = ${JSON.stringify(SAMPLE)};
  document.body.dataset.loaded = 'yes';
  const read = (fileName) => fetch('/vocab/' + fileName).then((response) => response.arrayBuffer()).then((buffer) => new Uint8Array(buffer));
  loadTokenCounter('o200k_base', read).then(
    (counter) => { document.body.dataset.count = String(counter.count(sample)); },
    (error) => { document.body.dataset.error = String(error); },
  );
</script>`;

test('the browser build fetches o200k_base on the first count, and counts exactly in Chromium', { skip: !existsSync(CHROMIUM) && 'no /usr/bin/chromium' }, async () => {
  const files: Record<string, { path: string; type: string }> = {
    '/core.browser.js': { path: 'dist/core.browser.js', type: 'text/javascript' },
    '/vocab/o200k_base.bin': { path: 'dist/vocab/o200k_base.bin', type: 'application/octet-stream' },
    '/vocab/cl100k_base.bin': { path: 'dist/vocab/cl100k_base.bin', type: 'application/octet-stream' },
  };
  const requested: string[] = [];
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    requested.push(url);
    if (url === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    const file = files[url];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type }).end(readFileSync(file.path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const profile = mkdtempSync(join(tmpdir(), 'llm-cost-chromium-'));
  try {
    const { port } = server.address() as AddressInfo;
    const dom = await new Promise<string>((resolve, reject) =>
      execFile(
        CHROMIUM,
        ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, '--virtual-time-budget=20000', '--dump-dom', `http://127.0.0.1:${port}/`],
        { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    assert.match(dom, /data-loaded="yes"/, dom);
    assert.doesNotMatch(dom, /data-error/, dom);
    const count = /data-count="(\d+)"/.exec(dom);
    assert.ok(count, `no count in the page: ${dom}`);
    const encoding = get_encoding('o200k_base');
    assert.equal(Number(count[1]), encoding.encode_ordinary(SAMPLE).length);
    encoding.free();
    assert.deepEqual(
      requested.filter((url) => url.startsWith('/vocab/')),
      ['/vocab/o200k_base.bin'],
      'only the encoding counted in is fetched, once',
    );
    assert.ok(statSize('dist/core.browser.js') < 1_000_000, 'the browser core holds no vocabulary');
  } finally {
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

function statSize(path: string): number {
  return readFileSync(path).length;
}

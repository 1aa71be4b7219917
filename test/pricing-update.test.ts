// The opt-in price refresh, against a server on 127.0.0.1 only: good data is kept with its date,
// anything else (HTTP error, broken JSON, the wrong shape, no server) keeps the previous data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadBundledCatalog, lookupModel } from '../src/core/pricing';
import { PRICE_DATA_URL, loadCachedCatalog, refreshPrices } from '../src/node/priceUpdate';

async function serve(handler: (path: string) => { status: number; body: string }): Promise<{ server: Server; url: (path: string) => string }> {
  const server = createServer((req, res) => {
    const { status, body } = handler(req.url ?? '/');
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: (path) => `http://127.0.0.1:${port}${path}` };
}

test("the download address is genai-prices' published data file, fixed in code", () => {
  assert.equal(PRICE_DATA_URL, 'https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json');
});

test('refresh: good data is cached with its date; failures keep the previous data', async () => {
  const bundled = await loadBundledCatalog();
  // A newer price for gpt-4o, so the test can tell the refreshed data from the bundled one.
  const newer = structuredClone(bundled.providers) as unknown as { id: string; models: { id: string; prices: unknown }[] }[];
  newer.find((p) => p.id === 'openai')!.models.find((m) => m.id === 'gpt-4o')!.prices = { input_mtok: 2, output_mtok: 8 };
  const bodies: Record<string, { status: number; body: string }> = {
    '/good.json': { status: 200, body: JSON.stringify(newer) },
    '/broken.json': { status: 200, body: '[{"id": "openai", "models": [' },
    '/wrong-shape.json': { status: 200, body: JSON.stringify({ providers: [] }) },
    '/bad-price.json': {
      status: 200,
      body: JSON.stringify(newer.map((p) => (p.id === 'openai' ? { ...p, models: [{ ...p.models[0], prices: { input_mtok: 'free' } }, ...p.models] } : p))),
    },
    '/error.json': { status: 500, body: 'oops' },
  };
  const { server, url } = await serve((path) => bodies[path] ?? { status: 404, body: '' });
  try {
    const cacheFile = join(mkdtempSync(join(tmpdir(), 'llm-cost-prices-')), 'nested', 'prices.json');
    assert.equal(await loadCachedCatalog(cacheFile), null);

    const failedFirst = await refreshPrices({ cacheFile, dataUrl: url('/error.json') });
    assert.deepEqual(failedFirst, { ok: false, error: `download failed: HTTP 500 from ${url('/error.json')}`, keptAsOf: null });

    const good = await refreshPrices({ cacheFile, dataUrl: url('/good.json'), now: new Date('2026-11-20T08:00:00Z') });
    assert.ok(good.ok);
    assert.equal(good.asOf, '2026-11-20');
    assert.equal(good.providers, newer.length);
    const refreshed = await loadCachedCatalog(cacheFile);
    assert.ok(refreshed);
    assert.equal(refreshed.asOf, '2026-11-20');
    assert.match(refreshed.dataSource, /downloaded/);
    // A fixed date: gpt-4o retires on 2027-01-14 (pricing/price-overrides.json applies to refreshed data too).
    const gpt = lookupModel(refreshed, 'gpt-4o', { at: new Date('2026-11-26T12:00:00Z') });
    assert.ok(gpt.known);
    assert.equal(gpt.pricing.input.perMTok, 2);
    assert.equal(gpt.pricing.asOf, '2026-11-20');

    const before = readFileSync(cacheFile, 'utf8');
    for (const [path, error] of [
      ['/broken.json', /not valid JSON/],
      ['/wrong-shape.json', /malformed \(expected a JSON array of providers\)/],
      ['/bad-price.json', /malformed price "input_mtok"/],
      ['/error.json', /HTTP 500/],
      ['/missing.json', /HTTP 404/],
    ] as const) {
      const result = await refreshPrices({ cacheFile, dataUrl: url(path), now: new Date('2026-11-25T08:00:00Z') });
      assert.equal(result.ok, false, path);
      if (!result.ok) {
        assert.match(result.error, error, path);
        assert.equal(result.keptAsOf, '2026-11-20', path);
      }
      assert.equal(readFileSync(cacheFile, 'utf8'), before, path);
    }
    assert.equal(existsSync(`${cacheFile}.${process.pid}.tmp`), false);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('refresh: no server at the address keeps the previous data', async () => {
  const { server, url } = await serve(() => ({ status: 200, body: '' }));
  const closedUrl = url('/data.json');
  await new Promise((resolve) => server.close(resolve));
  const cacheFile = join(mkdtempSync(join(tmpdir(), 'llm-cost-prices-')), 'prices.json');
  const result = await refreshPrices({ cacheFile, dataUrl: closedUrl, timeoutMs: 2000 });
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.error, /download failed/);
  assert.equal(existsSync(cacheFile), false);
});

test('a damaged cache file is ignored (the bundled data is used instead)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-cost-prices-'));
  const cacheFile = join(dir, 'prices.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(cacheFile, '{"fetchedAt": "2026-11-20T00:00:00Z", "data": "nope"}');
  assert.equal(await loadCachedCatalog(cacheFile), null);
});

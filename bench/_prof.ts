import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTokenCounter, profileRequests, type Counters } from '../src/core';
import { scanFolder } from '../src/node/scanFolder';
import { writeWorkspaceCorpus } from './workspaceCorpus';
import { planForHover, preparePricing } from './pricingPath';
(async () => {
  await preparePricing();
  const counters: Counters = { o200k_base: await loadTokenCounter('o200k_base'), cl100k_base: await loadTokenCounter('cl100k_base') };
  const root = mkdtempSync(join(tmpdir(), 'prof-'));
  writeWorkspaceCorpus(root, 1000);
  const mode = process.argv[2];
  const t = performance.now();
  let parseT = 0, profT = 0, planT = 0, n = 0;
  await scanFolder(root, counters, { onFile: (f) => { n++; let a = performance.now(); const ps = mode === 'noprofile' ? [] : profileRequests(f, counters); profT += performance.now() - a; a = performance.now(); if (mode === 'plan') for (const p of ps) planForHover(p); planT += performance.now() - a; } });
  console.log(mode, 'total', (performance.now() - t).toFixed(0), 'profile', profT.toFixed(0), 'plan', planT.toFixed(0), n);
})();
process.on('exit', () => console.log('count() chars', (globalThis as any).__in, 'countPieces chars', (globalThis as any).__pieces));

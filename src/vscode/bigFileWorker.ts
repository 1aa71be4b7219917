// The desktop extension's big-file worker thread (dist/bigFileWorker.js): parses, counts and prices a
// large document's text with the same code as the extension host (filePricing.ts), its vocabularies
// read from beside the bundle and its prices loaded as the host loads them.
import { parentPort } from 'node:worker_threads';
import { encodingsForPlan, parsePromptFile } from '../core';
import { priceBookOf, type PriceBook } from '../core/pricing';
import { loadCounters } from '../node/counters';
import type { FromBigFileWorker, ToBigFileWorker } from './bigFileProtocol';
import { loadDesktopPrices } from './desktopPrices';
import { editorScenario, priceRequests } from './filePricing';

const port = parentPort!;
const post = (message: FromBigFileWorker) => port.postMessage(message);
// One price book per price file setting; the catalogue is loaded once.
const books = new Map<string, Promise<PriceBook>>();
const pendingReads = new Map<number, (text: string | undefined) => void>();
let nextRead = 0;

function pricesFor(priceFile: string | null): Promise<PriceBook> {
  const key = priceFile ?? '';
  let book = books.get(key);
  if (!book) books.set(key, (book = loadDesktopPrices(priceFile).then((loaded) => priceBookOf(loaded.catalog))));
  return book;
}

async function analyse(job: Extract<ToBigFileWorker, { t: 'analyse' }>): Promise<void> {
  // promptfoo `file://` references: asked of the host, which reads them inside the workspace folder only.
  const reader = {
    readText: (path: string) =>
      new Promise<string | undefined>((resolve) => {
        const requestId = ++nextRead;
        pendingReads.set(requestId, resolve);
        post({ t: 'read', id: job.id, requestId, path });
      }),
  };
  const parsed = await parsePromptFile(job.path, job.text, { reader, textPromptGlobs: job.textPromptGlobs });
  if (!parsed) return post({ t: 'analysed', id: job.id, result: null });
  const encodings = encodingsForPlan([parsed], editorScenario(job.choices), job.choices.comparisonModels);
  const [book, counters] = await Promise.all([pricesFor(job.priceFile), loadCounters(encodings)]);
  const { requests, omittedRequests, scenario } = priceRequests(parsed, job.choices, book, counters);
  post({ t: 'analysed', id: job.id, result: { parsed, requests, omittedRequests, scenario } });
}

port.on('message', (message: ToBigFileWorker) => {
  if (message.t === 'read-result') {
    pendingReads.get(message.requestId)?.(message.text ?? undefined);
    pendingReads.delete(message.requestId);
    return;
  }
  analyse(message).catch((error: unknown) => post({ t: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }));
});

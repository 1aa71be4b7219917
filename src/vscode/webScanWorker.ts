// The web extension's scan worker (a Web Worker started by the extension host): parses, counts and
// prices the files the host sends, so the extension host's thread stays free while a workspace is
// scanned in the browser. The same pricing code as the host (filePricing.ts).
import { encodingsForPlan, loadTokenCounter, parsePromptFile, type Counters, type EncodingName, type TokenCounter } from '../core';
import { loadBundledCatalog, priceBookOf, type PriceBook } from '../core/pricing';
import { costFigures, editorScenario, priceRequests } from './filePricing';
import type { FromScanWorker, ToScanWorker } from './webScanProtocol';

const scope = globalThis as unknown as { postMessage(message: FromScanWorker): void; onmessage: ((event: { data: ToScanWorker }) => void) | null };
const post = (message: FromScanWorker) => scope.postMessage(message);

let setup: Extract<ToScanWorker, { t: 'setup' }> | undefined;
let prices: Promise<PriceBook> | undefined;
const vocabularies = new Map<EncodingName, Promise<TokenCounter>>();
const pendingReads = new Map<number, (text: string | undefined) => void>();
let nextRead = 0;

const pendingVocabularies = new Map<number, (bytes: Uint8Array | null) => void>();

function readVocabulary(fileName: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const requestId = ++nextRead;
    pendingVocabularies.set(requestId, (bytes) => (bytes ? resolve(bytes) : reject(new Error(`cannot read the vocabulary ${fileName}`))));
    post({ t: 'read-vocabulary', requestId, fileName });
  });
}

function load(encoding: EncodingName): Promise<TokenCounter> {
  let counter = vocabularies.get(encoding);
  if (!counter) vocabularies.set(encoding, (counter = loadTokenCounter(encoding, readVocabulary)));
  return counter;
}

async function counters(encodings: readonly EncodingName[]): Promise<Counters> {
  const [o200k_base, cl100k_base] = await Promise.all([load('o200k_base'), encodings.includes('cl100k_base') ? load('cl100k_base') : undefined]);
  return cl100k_base ? { o200k_base, cl100k_base } : { o200k_base };
}

// promptfoo `file://` references: asked of the host, which reads them inside the workspace folder only.
const reader = {
  readText: (path: string) =>
    new Promise<string | undefined>((resolve) => {
      const requestId = ++nextRead;
      pendingReads.set(requestId, resolve);
      post({ t: 'read', requestId, path });
    }),
};

async function priceFile(id: number, path: string, text: string): Promise<void> {
  if (!setup || !prices) throw new Error('the scan worker was not set up');
  const { choices, textPromptGlobs } = setup;
  const parsed = await parsePromptFile(path, text, { reader, textPromptGlobs });
  if (!parsed) return post({ t: 'figures', id, figures: null });
  const [book, counted] = await Promise.all([prices, counters(encodingsForPlan([parsed], editorScenario(choices), choices.comparisonModels))]);
  const { requests, omittedRequests } = priceRequests(parsed, choices, book, counted);
  post({ t: 'figures', id, figures: costFigures(path, parsed, requests, omittedRequests) });
}

scope.onmessage = ({ data }) => {
  if (data.t === 'setup') {
    setup = data;
    prices = loadBundledCatalog().then(priceBookOf);
    prices.then(
      () => post({ t: 'ready' }),
      (error: unknown) => post({ t: 'failed', id: null, message: String(error) }),
    );
  } else if (data.t === 'vocabulary') {
    pendingVocabularies.get(data.requestId)?.(data.bytes);
    pendingVocabularies.delete(data.requestId);
  } else if (data.t === 'read-result') {
    pendingReads.get(data.requestId)?.(data.text ?? undefined);
    pendingReads.delete(data.requestId);
  } else {
    priceFile(data.id, data.path, data.text).catch((error: unknown) =>
      post({ t: 'failed', id: data.id, message: error instanceof Error ? error.message : String(error) }),
    );
  }
};

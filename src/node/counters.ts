import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadTokenCounter, type Counters, type EncodingName, type TokenCounter } from '../core';

// The build writes the vocabulary files into a `vocab` folder beside each Node bundle.
const vocabularyPath = (fileName: string) => join(__dirname, 'vocab', fileName);

/** Reads a vocabulary file synchronously: a command-line run has nothing else to do meanwhile. */
export function readVocabularyFile(fileName: string): Uint8Array {
  return readFileSync(vocabularyPath(fileName));
}

/** Reads a vocabulary file without blocking (an extension host's event loop). */
export async function readVocabularyFileAsync(fileName: string): Promise<Uint8Array> {
  return readFile(vocabularyPath(fileName));
}

/** The counter for one encoding, its vocabulary read from beside this bundle on first use. */
export function loadCounter(encoding: EncodingName): Promise<TokenCounter> {
  return loadTokenCounter(encoding, readVocabularyFile);
}

/** The exact counters for `encodings` (o200k_base always), each vocabulary loaded once per process. */
export async function loadCounters(encodings: readonly EncodingName[] = ['o200k_base']): Promise<Counters> {
  const [o200k_base, cl100k_base] = await Promise.all([loadCounter('o200k_base'), encodings.includes('cl100k_base') ? loadCounter('cl100k_base') : undefined]);
  return cl100k_base ? { o200k_base, cl100k_base } : { o200k_base };
}

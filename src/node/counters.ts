import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadTokenCounter, type Counters, type EncodingName, type TokenCounter } from '../core';

// The build writes the vocabulary files into a `vocab` folder beside the Node bundles (dist/vocab,
// out/test/vocab, out/bench/vocab); a bundle in a subfolder uses the nearest one above it.
let vocabularyFolder: string | undefined;
function vocabularyPath(fileName: string): string {
  if (vocabularyFolder === undefined) {
    let folder = __dirname;
    while (!existsSync(join(folder, 'vocab', fileName)) && dirname(folder) !== folder) folder = dirname(folder);
    vocabularyFolder = existsSync(join(folder, 'vocab', fileName)) ? join(folder, 'vocab') : join(__dirname, 'vocab');
  }
  return join(vocabularyFolder, fileName);
}

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

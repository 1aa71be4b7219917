// Token counting: exact OpenAI encodings, their vocabularies loaded on first use so activation stays cheap.
export type EncodingName = 'o200k_base' | 'cl100k_base';
export const ENCODINGS: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];

export interface TokenCounter {
  readonly encoding: EncodingName;
  /** Exact token count of `text`, special-token text counted as ordinary text. Never throws. */
  count(text: string): number;
  /** The same count in steps, yielding the running total between them (see `countWithoutBlocking`). */
  countInSteps(text: string, stepChars?: number): Generator<number, number>;
}

/**
 * Counts a large text without holding the event loop for long: `pause` is awaited between steps
 * (an editor passes a `setImmediate`/`setTimeout(0)` promise).
 */
export async function countWithoutBlocking(counter: TokenCounter, text: string, pause: () => Promise<void>, stepChars?: number): Promise<number> {
  const steps = counter.countInSteps(text, stepChars);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await pause();
  }
}

export { loadTokenCounter, tokenCounterFromVocabulary, VOCABULARY_FILES, type ReadVocabulary } from './counter';
export { VocabularyFileError } from './vocabulary';

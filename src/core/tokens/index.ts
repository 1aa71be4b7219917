// Token counting: exact OpenAI encodings, loaded lazily so activation stays cheap.
export type EncodingName = 'o200k_base' | 'cl100k_base';
export const ENCODINGS: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];

export interface TokenCounter {
  readonly encoding: EncodingName;
  /** Exact token count of `text`, special-token text counted as ordinary text. Never throws. */
  count(text: string): number;
}

export { loadTokenCounter } from './counter';

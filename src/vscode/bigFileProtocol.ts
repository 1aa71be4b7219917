// Messages between the desktop extension host and its big-file worker thread: the worker parses,
// counts and prices one document's text, so typing in a large prompt never waits on the tokenizer.
// The host answers the worker's requests for files a prompt refers to (promptfoo `file://`), inside
// the document's workspace folder only. No editor API here: the worker cannot load `vscode`.
import type { ParsedPromptFile } from '../core';
import type { Scenario } from '../core/cost';
import type { PricingChoices, RequestAnalysis } from './filePricing';

export interface OffThreadJob {
  path: string;
  text: string;
  choices: PricingChoices;
  textPromptGlobs: string[];
  /** The user's own LiteLLM price file, as the host loads it. */
  priceFile: string | null;
  /** Reads a file the prompt refers to, inside its workspace folder (undefined when it may not). */
  readReference(path: string): Promise<string | undefined>;
}

/** What the host needs to build a PromptAnalysis: the parse and the priced requests. */
export interface OffThreadResult {
  parsed: ParsedPromptFile;
  requests: RequestAnalysis[];
  omittedRequests: number;
  scenario: Scenario;
}

/** Analyses a document's text off the extension host's thread; null when it is not a prompt file. */
export type OffThreadAnalyser = (job: OffThreadJob) => Promise<OffThreadResult | null>;

/** The platform's big-file analyser (desktop: a worker thread), disposed with the extension. */
export interface BigFileAnalyser {
  analyse: OffThreadAnalyser;
  dispose(): void;
}

export type ToBigFileWorker =
  | { t: 'analyse'; id: number; path: string; text: string; choices: PricingChoices; textPromptGlobs: string[]; priceFile: string | null }
  | { t: 'read-result'; requestId: number; text: string | null };

export type FromBigFileWorker =
  | { t: 'analysed'; id: number; result: OffThreadResult | null }
  | { t: 'read'; id: number; requestId: number; path: string }
  | { t: 'failed'; id: number; message: string };

// Messages between the scan coordinator and its worker threads.
import type { Scenario } from '../core/cost';
import type { FileSummary } from '../core/workspaceSummary';

export interface WorkerSetup {
  root: string;
  textPromptGlobs?: readonly string[];
  /** When set, each file is also priced on these models under this scenario. */
  pricing?: { scenario: Scenario; maxRequests: number; userPriceFile?: string };
}

/** Each batch has an id: a worker may answer its batches in any order. */
export type ToWorker = { t: 'files'; id: number; paths: string[] };

export type FromWorker =
  { t: 'ready' } | { t: 'results'; id: number; files: FileSummary[]; skipped: { path: string; reason: string }[] } | { t: 'failed'; message: string };

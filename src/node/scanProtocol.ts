// Messages between the scan coordinator and its worker threads.
import type { Scenario } from '../core/cost';
import type { FileSummary } from '../core/workspaceSummary';
import type { InputLimits } from '../core/inputLimits';

export interface WorkerSetup {
  root: string;
  textPromptGlobs?: readonly string[];
  /** The name of the folder scanned, when the user named it: the text globs see it (`ParseOptions.namedFolder`). */
  namedFolder?: string;
  /** File size and line length past which a file is skipped (default: DEFAULT_INPUT_LIMITS). */
  limits?: InputLimits;
  /** When set, each file is also priced on these models under this scenario. */
  pricing?: { scenario: Scenario; maxRequests: number; userPriceFile?: string };
}

/** Each batch has an id: a worker may answer its batches in any order. */
export type ToWorker = { t: 'files'; id: number; paths: string[] };

export type FromWorker =
  | { t: 'ready' }
  | { t: 'results'; id: number; files: FileSummary[]; skipped: { path: string; reason: string; notAPrompt?: true }[] }
  | { t: 'failed'; message: string };

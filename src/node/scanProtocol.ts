// Messages between the scan coordinator and its worker threads.
import type { Scenario } from '../core/cost';
import type { FileSummary } from '../core/workspaceSummary';
import type { InputLimits } from '../core/inputLimits';

export interface WorkerSetup {
  root: string;
  textPromptGlobs?: readonly string[];
  /** File size and line length past which a file is skipped (default: DEFAULT_INPUT_LIMITS). */
  limits?: InputLimits;
  /** When set, each file is also priced on these models under this scenario. */
  pricing?: { scenario: Scenario; maxRequests: number; userPriceFile?: string };
}

export type ToWorker = { t: 'files'; paths: string[] };

export type FromWorker =
  { t: 'ready' } | { t: 'results'; files: FileSummary[]; skipped: { path: string; reason: string }[] } | { t: 'failed'; message: string };

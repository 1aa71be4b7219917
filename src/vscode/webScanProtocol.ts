// Messages between the web extension's scan and its Web Worker. The worker parses, counts and prices;
// the extension host reads the files (only it has `vscode.workspace.fs`) and answers the worker's
// requests for files a prompt refers to (promptfoo `file://`), inside the workspace folder only.
import type { CostFigures, PricingChoices } from './filePricing';

export type ToScanWorker =
  | { t: 'setup'; choices: PricingChoices; textPromptGlobs: string[] }
  | { t: 'file'; id: number; path: string; text: string }
  | { t: 'read-result'; requestId: number; text: string | null }
  | { t: 'vocabulary'; requestId: number; bytes: Uint8Array | null };

export type FromScanWorker =
  | { t: 'ready' }
  | { t: 'figures'; id: number; figures: CostFigures | null }
  | { t: 'read'; requestId: number; path: string }
  /** A vocabulary file from the extension's dist/vocab (only the host can read the extension's files). */
  | { t: 'read-vocabulary'; requestId: number; fileName: string }
  | { t: 'failed'; id: number | null; message: string };

// The `scan` pipeline on the main thread: walk, read, parse, count, keeping only summaries. The
// command-line tool's `plan` uses it; `scan` and the editor use the worker-thread version.
import { resolve } from 'node:path';
import { detectFormat, inventoryOf, SCAN_REPORT_VERSION, type Counters, type ParsedPromptFile, type ScanReport } from '../core';
import { walkFiles } from './walk';
import { folderReader, readPromptFile } from './promptFiles';

export interface ScanOptions {
  textPromptGlobs?: readonly string[];
  /** Called with each parsed file before it is summarised (the plan command keeps them). */
  onFile?: (file: ParsedPromptFile) => void;
  /** Parse only, no summary (callers that only want `onFile`). */
  skipSummary?: boolean;
}

export async function scanFolder(root: string, counters: Counters, options: ScanOptions = {}): Promise<ScanReport> {
  const report: ScanReport = { version: SCAN_REPORT_VERSION, root: resolve(root), files: [], skipped: [] };
  const parseOptions = { reader: folderReader(root), textPromptGlobs: options.textPromptGlobs };
  for await (const path of walkFiles(root)) {
    if (detectFormat(path, undefined, parseOptions) === null) continue;
    const result = readPromptFile(root, path, parseOptions);
    if (result === null) continue;
    if ('skipped' in result) {
      report.skipped.push({ path, reason: result.skipped });
      continue;
    }
    options.onFile?.(result.parsed);
    if (!options.skipSummary) report.files.push(inventoryOf(result.parsed, counters));
  }
  return report;
}

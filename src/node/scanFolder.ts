// The `scan` pipeline on a real folder: walk, read, parse, count. Files are read a few at a time and
// only their summaries are kept, so memory stays bounded on large workspaces.
import { readFileSync, statSync, realpathSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve, relative, sep } from 'node:path';
import {
  detectFormat,
  parsePromptFile,
  inventoryOf,
  SCAN_REPORT_VERSION,
  type Counters,
  type FileReader,
  type ParsedPromptFile,
  type ScanReport,
} from '../core';
import { walkFiles } from './walk';

export const MAX_PROMPT_FILE_BYTES = 20 * 1024 * 1024;

export interface ScanOptions {
  textPromptGlobs?: readonly string[];
  /** Called with each parsed file before it is summarised (the plan command keeps them). */
  onFile?: (file: ParsedPromptFile) => void;
  /** Walk and read only (the benchmark's baseline for the file-system share of a scan). */
  skipParse?: boolean;
}

/** A reader for promptfoo `file://` references that never leaves the scanned folder. */
export function folderReader(root: string): FileReader {
  const realRoot = realpathSync(root);
  return {
    readText(path: string): string | undefined {
      try {
        const full = realpathSync(resolve(realRoot, path));
        const inside = relative(realRoot, full);
        if (inside.startsWith('..') || inside.startsWith(sep) || statSync(full).size > MAX_PROMPT_FILE_BYTES) return undefined;
        return readFileSync(full, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

export async function scanFolder(root: string, counters: Counters, options: ScanOptions = {}): Promise<ScanReport> {
  const report: ScanReport = { version: SCAN_REPORT_VERSION, root: resolve(root), files: [], skipped: [] };
  const parseOptions = { reader: folderReader(root), textPromptGlobs: options.textPromptGlobs };
  for await (const path of walkFiles(root)) {
    if (detectFormat(path, undefined, parseOptions) === null) continue;
    const full = resolve(root, path);
    try {
      const size = (await stat(full)).size;
      if (size > MAX_PROMPT_FILE_BYTES) {
        report.skipped.push({ path, reason: `larger than ${MAX_PROMPT_FILE_BYTES / 1024 / 1024} MB` });
        continue;
      }
      const text = await readFile(full, 'utf8');
      if (options.skipParse) continue;
      const parsed = parsePromptFile(path, text, parseOptions);
      if (!parsed) continue;
      options.onFile?.(parsed);
      report.files.push(inventoryOf(parsed, counters));
    } catch (error) {
      report.skipped.push({ path, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}

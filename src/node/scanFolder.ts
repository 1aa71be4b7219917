// Reading a folder's prompt files on the main thread: walk, read, parse. The command-line tool's
// `plan` uses it; `scan` and the editor use the worker-thread scan, which also counts and summarises.
import { resolve } from 'node:path';
import { detectFormat, type ParsedPromptFile } from '../core';
import { walkFiles } from './walk';
import { folderReader, readPromptFile } from './promptFiles';
import type { InputLimits } from '../core/inputLimits';

export interface ScanOptions {
  textPromptGlobs?: readonly string[];
  /** File size and line length past which a file is skipped (default: DEFAULT_INPUT_LIMITS). */
  limits?: InputLimits;
  /** Called with each parsed file, awaited before the next is read (so files are never all held at once). */
  onFile: (file: ParsedPromptFile) => unknown;
}

export async function scanFolder(
  root: string,
  options: ScanOptions,
): Promise<{ root: string; skipped: { path: string; reason: string }[]; warnings: string[] }> {
  const skipped: { path: string; reason: string }[] = [];
  const warnings: string[] = [];
  const parseOptions = { reader: folderReader(root, options.limits), textPromptGlobs: options.textPromptGlobs, limits: options.limits };
  for await (const path of walkFiles(root, { warning: (message) => warnings.push(message), unreadable: (path, reason) => skipped.push({ path, reason }) })) {
    if (detectFormat(path, undefined, parseOptions) === null) continue;
    const result = await readPromptFile(root, path, parseOptions);
    if (result === null) continue;
    if ('skipped' in result) skipped.push({ path, reason: result.skipped });
    else await options.onFile(result.parsed);
  }
  return { root: resolve(root), skipped, warnings };
}

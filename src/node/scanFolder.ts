// Reading a folder's prompt files on the main thread: walk, read, parse. The command-line tool's
// `plan` uses it; `scan` and the editor use the worker-thread scan, which also counts and summarises.
import { basename, resolve } from 'node:path';
import { detectFormat, textFileLeftOut, type ParsedPromptFile } from '../core';
import type { SkippedFile } from '../core/report';
import { walkFiles } from './walk';
import { folderReader, readPromptFile } from './promptFiles';
import type { InputLimits } from '../core/inputLimits';

export interface ScanOptions {
  textPromptGlobs?: readonly string[];
  /**
   * The user named this folder (`llm-cost plan prompts/`): its own name counts for the text globs, and
   * the `.txt`/`.md` files they leave out are listed with the reason.
   */
  namedByUser?: boolean;
  /** File size and line length past which a file is skipped (default: DEFAULT_INPUT_LIMITS). */
  limits?: InputLimits;
  /** Called with each parsed file, awaited before the next is read (so files are never all held at once). */
  onFile: (file: ParsedPromptFile) => unknown;
}

export async function scanFolder(root: string, options: ScanOptions): Promise<{ root: string; skipped: SkippedFile[]; warnings: string[] }> {
  const skipped: SkippedFile[] = [];
  const warnings: string[] = [];
  const parseOptions = {
    reader: folderReader(root, options.limits),
    textPromptGlobs: options.textPromptGlobs,
    limits: options.limits,
    ...(options.namedByUser ? { namedFolder: namedFolderOf(root) } : {}),
  };
  for await (const path of walkFiles(root, { warning: (message) => warnings.push(message), unreadable: (path, reason) => skipped.push({ path, reason }) })) {
    if (detectFormat(path, undefined, parseOptions) === null) {
      const leftOut = options.namedByUser ? textFileLeftOut(path, parseOptions) : null;
      if (leftOut) skipped.push({ path, reason: leftOut, notAPrompt: true });
      continue;
    }
    const result = await readPromptFile(root, path, parseOptions);
    if (result === null) continue;
    if ('skipped' in result) skipped.push({ path, reason: result.skipped });
    else await options.onFile(result.parsed);
  }
  return { root: resolve(root), skipped, warnings };
}

/** The name of a folder as the text globs see it: `prompts` for `prompts/`, `./prompts` or `.` inside it. */
export function namedFolderOf(root: string): string {
  return basename(resolve(root));
}

// Reading prompt files from disk for the core: one place that decides what may be read and how a
// file that cannot be read is reported, for the main-thread scan, the scan workers and `plan FILE`.
import { readFileSync, statSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { parsePromptFile, type FileReader, type ParseOptions, type ParsedPromptFile } from '../core';

export const MAX_PROMPT_FILE_BYTES = 20 * 1024 * 1024;

/**
 * A reader for promptfoo `file://` references: never outside the scanned folder, never a dotfile
 * (`.env`, `.npmrc`: a prompt config must not be able to pull secrets into a report), never a file
 * too large to be a prompt. It reads synchronously behind the asynchronous interface: its callers
 * are the CLI and scan workers, where a blocking read of a small file is the fastest kind.
 */
export function folderReader(root: string): FileReader {
  const realRoot = realpathSync(root);
  const readText = (path: string): string | undefined => {
    try {
      const full = realpathSync(resolve(realRoot, path));
      const inside = relative(realRoot, full);
      if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined;
      if (inside.split(sep).some((part) => part.startsWith('.') && part !== '.github')) return undefined;
      const stat = statSync(full);
      if (!stat.isFile() || stat.size > MAX_PROMPT_FILE_BYTES) return undefined;
      return readFileSync(full, 'utf8');
    } catch {
      return undefined;
    }
  };
  return { readText: (path) => Promise.resolve(readText(path)) };
}

export type ReadResult = { parsed: ParsedPromptFile } | { skipped: string } | null;

/**
 * Reads and parses `path` (relative to `root`, with `/`): the parsed file, why it was skipped, or
 * null when it is not a prompt file. Blocking reads: callers are a command-line tool or a worker.
 */
export async function readPromptFile(root: string, path: string, options: ParseOptions): Promise<ReadResult> {
  const full = resolve(root, path);
  let text: string;
  try {
    const stat = statSync(full);
    if (!stat.isFile()) return { skipped: 'not a regular file' };
    if (stat.size > MAX_PROMPT_FILE_BYTES) return { skipped: `larger than ${MAX_PROMPT_FILE_BYTES / 1024 / 1024} MB` };
    text = readFileSync(full, 'utf8');
  } catch (error) {
    return { skipped: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  const parsed = await parsePromptFile(path, text, options);
  return parsed ? { parsed } : null;
}

/**
 * Where `plan FILE` reads a single file from: the current folder when the file is inside it, so
 * that the folders in its path (`.github/agents/`, `prompts/`) still say what kind of file it is;
 * else its own folder.
 */
export function singleFileLocation(file: string): { root: string; path: string } {
  const fromHere = relative(process.cwd(), resolve(file));
  if (fromHere !== '' && !fromHere.startsWith(`..${sep}`) && fromHere !== '..' && !isAbsolute(fromHere)) {
    return { root: process.cwd(), path: fromHere.split(sep).join('/') };
  }
  return { root: resolve(file, '..'), path: basename(file) };
}

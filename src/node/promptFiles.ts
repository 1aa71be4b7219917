// Reading prompt files from disk for the core: one place that decides what may be read and how a
// file that cannot be read is reported, for the main-thread scan, the scan workers and `plan FILE`.
import { realpathSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { parsePromptFile, type FileReader, type NotRead, type ParseOptions, type ParsedPromptFile } from '../core';
import { decodeFileBytes, type DecodedFile } from '../core/decoding';
import { DEFAULT_INPUT_LIMITS, RAISE_FILE_SIZE_HINT, firstLongLine, longLineReason, type InputLimits } from '../core/inputLimits';
import { errorReason, readRegularFile } from './regularFile';

/**
 * A reader for promptfoo `file://` references: never outside the scanned folder, never a dotfile
 * (`.env`, `.npmrc`: a prompt config must not be able to pull secrets into a report), never a file
 * too large to be a prompt, never anything but a regular file (a FIFO is not even opened). What is
 * there but not read comes back as `{ notRead }` with what it is, so the user is not told "not found"
 * about a FIFO or a folder. It reads synchronously behind the asynchronous interface: its callers are
 * the CLI and scan workers, where a blocking read of a small file is the fastest kind.
 */
export function folderReader(root: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): FileReader {
  const realRoot = realpathSync(root);
  const readText = (path: string): string | NotRead | undefined => {
    let full: string;
    try {
      full = realpathSync(resolve(realRoot, path));
    } catch (error) {
      // The path itself (or a link on the way) cannot be followed: a loop is said, a missing file is not found.
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : { notRead: errorReason(error) };
    }
    const inside = relative(realRoot, full);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
      return { notRead: 'a symbolic link to outside the scanned folder: never read' };
    if (inside.split(sep).some((part) => part.startsWith('.') && part !== '.github'))
      return { notRead: 'a hidden file or folder (its name starts with a dot), which may hold secrets: never read' };
    const read = readRegularFile(full, limits.maxFileBytes);
    if (!read.ok) return read.missing ? undefined : { notRead: read.reason };
    const decoded = decodeFileBytes(read.bytes);
    if (decoded.kind !== 'text') return { notRead: decoded.reason };
    const long = firstLongLine(decoded.text, limits.maxLineLength);
    return long ? { notRead: longLineReason(long, limits.maxLineLength) } : decoded.text;
  };
  return { readText: (path) => Promise.resolve(readText(path)) };
}

export const VANISHED = 'vanished during the scan (listed, then not found when read)';

/** `skipped` is why, said after the path: "is larger than 20 MB", "is a binary file …". */
export type ReadResult = { parsed: ParsedPromptFile } | { skipped: string } | null;

/**
 * Reads and parses `path` (relative to `root`, with `/`): the parsed file, why it was skipped, or
 * null when it is not a prompt file. Blocking reads: callers are a command-line tool or a worker.
 */
export async function readPromptFile(root: string, path: string, options: ParseOptions & { limits?: InputLimits }): Promise<ReadResult> {
  const limits = options.limits ?? DEFAULT_INPUT_LIMITS;
  const read = readRegularFile(resolve(root, path), limits.maxFileBytes);
  if (!read.ok) {
    // Callers name files they have just seen listed: a file not there now vanished in between.
    if (read.missing) return { skipped: VANISHED };
    return { skipped: read.tooLarge ? `${read.reason}: ${RAISE_FILE_SIZE_HINT}` : read.reason };
  }
  const decoded = decodeFileBytes(read.bytes);
  if (decoded.kind === 'binary') return { skipped: decoded.reason };
  const long = firstLongLine(decoded.text, limits.maxLineLength);
  if (long) return { skipped: longLineReason(long, limits.maxLineLength) };
  let parsed: ParsedPromptFile | null;
  try {
    parsed = await parsePromptFile(path, decoded.text, options);
  } catch (error) {
    // A parser bug must cost one file, not the whole report; the gate then fails on the skipped file.
    return { skipped: `could not be parsed (internal error: ${error instanceof Error ? error.message : String(error)}; please report it)` };
  }
  if (parsed) noteEncoding(parsed, decoded);
  return parsed ? { parsed } : null;
}

/** Says what decoding changed: the count of invalid UTF-8 bytes shown as U+FFFD. */
function noteEncoding(parsed: ParsedPromptFile, decoded: Extract<DecodedFile, { kind: 'text' }>): void {
  if (decoded.invalidBytes === 0) return;
  parsed.diagnostics.unshift({
    severity: 'warning',
    code: 'invalid-encoding',
    line: 1,
    range: { start: 0, end: 0 },
    message: `${decoded.invalidBytes} byte${decoded.invalidBytes === 1 ? ' is' : 's are'} not valid ${decoded.encoding === 'utf-8' ? 'UTF-8' : decoded.encoding.toUpperCase()}: counted as the replacement character U+FFFD. Save the file as UTF-8.`,
  });
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

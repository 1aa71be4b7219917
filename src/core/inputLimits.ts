// How much of a file the tool takes on: a whole file up to a size, each line up to a length. Both bound
// the work one untrusted file can cause (a 20 MB line of base64 is seconds of tokenizing and tells
// nothing about a prompt). A file past either is skipped with the reason and the setting that raises
// the limit, never cut short silently: a count of part of a file would be a figure nobody can vouch
// for, so `check` fails on the skipped file instead. Sampling was weighed and left out for that reason.

export interface InputLimits {
  /** Bytes read from one file; larger files are skipped unread. */
  maxFileBytes: number;
  /** Characters in one line; a file with a longer line is skipped. 0: no limit, every line is counted in full. */
  maxLineLength: number;
}

export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = {
  maxFileBytes: 20 * 1024 * 1024,
  // Longer than any line a person writes, and than a Batch API request that fits a 200k-token context
  // window; shorter than a whole minified document or an inlined image, which cost seconds to count.
  maxLineLength: 1_000_000,
};

/** What the settings may ask for: past 512 MB a file's text no longer fits in one JavaScript string. */
export const MAX_FILE_SIZE_MB_CEILING = 512;

/**
 * The first line of `text` longer than `maxLineLength` characters (UTF-16 units), or null (also when
 * the limit is 0). Lines end at LF, CRLF or a lone CR (old Mac files), as the parsers read them. Linear.
 */
export function firstLongLine(text: string, maxLineLength: number): { line: number; length: number } | null {
  if (maxLineLength <= 0 || text.length <= maxLineLength) return null;
  let line = 1;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x0a && code !== 0x0d) {
      run++;
      continue;
    }
    if (run > maxLineLength) return { line, length: run };
    run = 0;
    line++;
    if (code === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
  }
  return run > maxLineLength ? { line, length: run } : null;
}

/** Why a file with a long line is skipped, said after its path. */
export function longLineReason(found: { line: number; length: number }, maxLineLength: number): string {
  return `line ${found.line} is ${found.length.toLocaleString('en-US')} characters long, past the line-length limit of ${maxLineLength.toLocaleString('en-US')}: not read. Raise the limit (--max-line-length, or the llmCost.maxLineLength setting; 0 counts every line in full) to have it priced`;
}

/** How to raise the size limit, added to "larger than the limit of 20 MB (21.0 MB)". */
export const RAISE_FILE_SIZE_HINT = 'raise the limit (--max-file-size MB, or the llmCost.maxFileSizeMB setting) to have it priced';

// `--max-file-size` and `--max-line-length`, the same for scan, plan and check.
import { DEFAULT_INPUT_LIMITS, MAX_FILE_SIZE_MB_CEILING, type InputLimits } from '../core/inputLimits';
import { UsageError } from './usageError';

export const LIMIT_OPTIONS = {
  'max-file-size': { type: 'string' },
  'max-line-length': { type: 'string' },
} as const;

export const LIMIT_OPTIONS_HELP = `  --max-file-size MB             Skip (and say so) files larger than this (default ${DEFAULT_INPUT_LIMITS.maxFileBytes / 1024 / 1024}; at most ${MAX_FILE_SIZE_MB_CEILING}).
  --max-line-length N            Skip (and say so) files with a line longer than N characters
                                 (default ${DEFAULT_INPUT_LIMITS.maxLineLength.toLocaleString('en-US')}; 0 counts every line in full).`;

const MAX_LINE_LENGTH_CEILING = 1_000_000_000;

export function inputLimitsFrom(values: { 'max-file-size'?: string | boolean; 'max-line-length'?: string | boolean }): InputLimits {
  const limits = { ...DEFAULT_INPUT_LIMITS };
  const size = values['max-file-size'];
  if (typeof size === 'string') {
    const megabytes = /^\s*\d+(\.\d+)?\s*$/.test(size) ? Number(size) : Number.NaN;
    if (!(megabytes > 0 && megabytes <= MAX_FILE_SIZE_MB_CEILING))
      throw new UsageError(`--max-file-size must be a number of megabytes above 0 and at most ${MAX_FILE_SIZE_MB_CEILING}, not "${size}".`);
    limits.maxFileBytes = Math.floor(megabytes * 1024 * 1024);
  }
  const length = values['max-line-length'];
  if (typeof length === 'string') {
    if (!/^\s*\d+\s*$/.test(length) || Number(length) > MAX_LINE_LENGTH_CEILING)
      throw new UsageError(
        `--max-line-length must be a whole number of characters from 0 (no limit) to ${MAX_LINE_LENGTH_CEILING.toLocaleString('en-US')}, not "${length}".`,
      );
    limits.maxLineLength = Number(length);
  }
  return limits;
}

/** A mistake in how the command was called: printed with a pointer to the help, exit code 2. */
export class UsageError extends Error {}

export type OutputFormat = 'table' | 'json' | 'markdown' | 'csv';

export function outputFormat(value: string | undefined): OutputFormat {
  const format = value ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'markdown' && format !== 'csv')
    throw new UsageError(`--format must be table, json, markdown or csv, not "${format}".`);
  return format;
}

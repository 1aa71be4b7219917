// `llm-cost`: the command-line face of the core, for people and for CI.
import { parseArgs } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { loadTokenCounter, type Counters } from '../core';
import { scanReportAsMarkdown, scanReportAsTable } from '../core/scanReportText';
import { scanFolder } from './scanFolder';

const USAGE = `Usage: llm-cost <command> [options]

Commands:
  scan [DIR]              List the prompt files under DIR (default: .) with their tokens.

Options:
  --format table|json|markdown   Output format (default: table).
  --text-globs GLOB[,GLOB]       Which .txt/.md files are prompts (default: **/prompts/**).
  -h, --help                     Show this help.
`;

export class UsageError extends Error {}

async function loadCounters(): Promise<Counters> {
  const [o200k_base, cl100k_base] = await Promise.all([loadTokenCounter('o200k_base'), loadTokenCounter('cl100k_base')]);
  return { o200k_base, cl100k_base };
}

function outputFormat(value: string | undefined): 'table' | 'json' | 'markdown' {
  const format = value ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be table, json or markdown, not "${format}".`);
  return format;
}

function existingFolder(path: string): string {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file or folder.`);
  if (!statSync(path).isDirectory()) throw new UsageError(`${path} is not a folder.`);
  return path;
}

async function scanCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, 'text-globs': { type: 'string' } },
  });
  if (positionals.length > 1) throw new UsageError('scan takes one folder.');
  const format = outputFormat(values.format);
  const root = existingFolder(positionals[0] ?? '.');
  const report = await scanFolder(root, await loadCounters(), { textPromptGlobs: values['text-globs']?.split(',') });
  if (format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${format === 'markdown' ? scanReportAsMarkdown(report) : scanReportAsTable(report)}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    switch (command) {
      case 'scan':
        return await scanCommand(rest);
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`llm-cost: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`llm-cost: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);

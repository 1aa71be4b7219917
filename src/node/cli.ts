// `llm-cost`: the command-line face of the core, for people and for CI.
import { parseArgs } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import {
  checkFile,
  checkTail,
  formatUsd,
  PLAN_AS_CSV,
  PLAN_AS_MARKDOWN,
  PLAN_AS_TABLE,
  scanReportAsMarkdown,
  scanReportAsTable,
  printable,
  printableJson,
  type BudgetCheck,
  type PlanRendering,
} from '../core/report';
import { scanInParallel } from './parallelScan';
import { PLAN_OPTIONS_HELP, readPlanInputs, streamPlan } from './planCommand';
import { PriceFileError, loadPrices, priceCacheFile } from './prices';
import { refreshPrices, PRICE_DATA_URL } from './priceUpdate';
import { UsageError, outputFormat, type OutputFormat } from './usageError';
import { LIMIT_OPTIONS, LIMIT_OPTIONS_HELP, inputLimitsFrom } from './limitFlags';
import { version } from '../../package.json';
import { DEFAULT_COMPARISON_MODELS } from '../core/pricing/catalog';

// Up to this many candidate files, `scan` works on its own thread: two workers each loading a vocabulary
// cost more than counting a few dozen prompts (issue 12's small runs).
const SMALL_SCAN_FILES = 64;

const USAGE = `Usage: llm-cost <command> [options]

Commands:
  scan [DIR]                 List the prompt files under DIR (default: .) with their tokens.
  plan [FILE|DIR]            Cost per request, per 1,000 requests, per month and per user on each
                             model, and what caching, batching and a shorter prompt would save.
  check [FILE|DIR]           Exit 1 when a prompt costs more per request than the budget
                             (--budget-per-request, or budgetPerRequest in --scenario).
  prices                     Show which price data is in use, and its date.
  prices update              Download the latest price data (opt-in; the only command that uses the network).

scan options:
  --format table|json|markdown   Output format (default: table).
  --text-globs GLOB[,GLOB]       Which .txt/.md files are prompts (default: .txt/.md under a folder
                                 named prompts or prompt, and *.prompt.txt).
${LIMIT_OPTIONS_HELP}

plan and check options:
${PLAN_OPTIONS_HELP}
${LIMIT_OPTIONS_HELP}

Exit codes: 0 done; 1 a check failed (over budget, price unknown, a file with errors, nothing
found) or a price update failed; 2 a usage error; 70 an internal error (please report it).
`;

/** A message of ours, which may hold several lines, with the file names in it made printable. */
function printableLines(message: string): string {
  return message.split('\n').map(printable).join('\n');
}

/**
 * Writes to stdout and waits while the pipe's buffer is full: stdout to a pipe is asynchronous here, so
 * 10,000 planned files written without waiting pile up in memory (over 1 GB) when the reader is slower.
 */
function writeInTurn(text: string): Promise<void> | void {
  if (process.stdout.write(text)) return;
  return new Promise((resolve) => {
    const done = () => {
      process.stdout.off('drain', done);
      process.stdout.off('close', done);
      resolve();
    };
    process.stdout.once('drain', done);
    // A reader that goes away (`| head`) must not leave the plan waiting for ever.
    process.stdout.once('close', done);
  });
}

function write(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function scanCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, 'text-globs': { type: 'string' }, ...LIMIT_OPTIONS },
  });
  if (positionals.length > 1) throw new UsageError('scan takes one folder.');
  const format = outputFormat(values.format);
  if (format === 'csv') throw new UsageError('scan prints table, json or markdown; csv is for plan.');
  const root = positionals[0] ?? '.';
  if (!existsSync(root)) throw new UsageError(`${root}: no such file or folder.`);
  if (!statSync(root).isDirectory()) throw new UsageError(`${root} is not a folder.`);
  // A folder of a few prompts is scanned on this thread: workers would cost more than they save.
  // The folder named is the user's choice: its own name counts for the text globs (`scan prompts/`).
  const limits = inputLimitsFrom(values);
  const report = await scanInParallel(root, {
    textPromptGlobs: values['text-globs']?.split(','),
    limits,
    onThisThreadUpTo: SMALL_SCAN_FILES,
    namedByUser: true,
  });
  write(format === 'json' ? printableJson(report) : format === 'markdown' ? scanReportAsMarkdown(report) : scanReportAsTable(report));
  return 0;
}

const PLAN_RENDERINGS: Record<Exclude<OutputFormat, 'json'>, PlanRendering> = {
  table: PLAN_AS_TABLE,
  markdown: PLAN_AS_MARKDOWN,
  csv: PLAN_AS_CSV,
};

async function planCommand(args: string[]): Promise<number> {
  const inputs = readPlanInputs(args);
  if (inputs.format === 'json') {
    // Streamed too (10,000 files make 360 MB of JSON), yet valid or nothing: nothing is printed before
    // the first file is planned, so a usage error leaves stdout empty, and a fault in one file becomes
    // that file's diagnostic, never a break in the JSON.
    let head = '';
    let opened = false;
    const open = () => {
      if (opened) return;
      opened = true;
      process.stdout.write(head);
    };
    const indent = (json: string) => json.replace(/\n/g, '\n    ');
    const tail = await streamPlan(
      inputs,
      (file) => {
        const first = !opened;
        open();
        return writeInTurn(`${first ? '\n    ' : ',\n    '}${indent(printableJson(file))}`);
      },
      (start) => {
        // The report's own key order: version … scenario, files, skipped, warnings.
        const json = printableJson({ ...start, files: [] });
        head = json.slice(0, json.lastIndexOf('[]')) + '[';
      },
    );
    const hadFiles = opened;
    open();
    const after = printableJson({ skipped: tail.skipped, warnings: tail.warnings });
    process.stdout.write(`${hadFiles ? '\n  ' : ''}],\n  ${after.slice(after.indexOf('\n') + 3)}\n`);
    return 0;
  }
  // Text formats are printed file by file, as each is planned.
  const rendering = PLAN_RENDERINGS[inputs.format];
  const end = rendering.lineEnd ?? '\n';
  const print = (lines: string[]) => (lines.length > 0 ? writeInTurn(lines.join(end) + end) : undefined);
  await print(rendering.head());
  const tail = await streamPlan(inputs, (file) => print(rendering.file(file)));
  await print(rendering.tail(tail));
  return 0;
}

async function checkCommand(args: string[]): Promise<number> {
  const inputs = readPlanInputs(args);
  const budget = inputs.scenario.budgetPerRequest;
  if (budget === null) throw new UsageError('check needs a budget: --budget-per-request USD, or budgetPerRequest in --scenario.');
  if (inputs.format === 'csv') throw new UsageError('check prints table, json or markdown; csv is for plan.');
  // A gate checks every request, or fails on those it left out (when --max-requests was given).
  const check: BudgetCheck = { failures: [], passes: [] };
  // Only the current model (the file's, else the first compared) is checked, so only it is priced:
  // a gate over 10,000 files should not simulate six models for each.
  const currentOnly = { ...inputs.scenario, models: [(inputs.scenario.models ?? DEFAULT_COMPARISON_MODELS)[0]!] };
  const tail = await streamPlan({ ...inputs, scenario: currentOnly, ...(inputs.maxRequestsChosen ? {} : { maxRequests: Number.POSITIVE_INFINITY }) }, (file) =>
    checkFile(file, budget, check),
  );
  checkTail(tail, check);
  const { failures, passes } = check;
  const report = tail;
  if (inputs.format === 'json') {
    write(printableJson({ budgetPerRequest: budget, ok: failures.length === 0, failures, passes, asOf: report.asOf, dataSource: report.dataSource }));
  } else {
    for (const line of passes) write(`ok    ${line}`);
    for (const line of failures) write(`FAIL  ${line}`);
    const within = `${passes.length} request${passes.length === 1 ? ' is' : 's are'} within ${formatUsd(budget)} per request`;
    write(
      failures.length === 0
        ? `All ${passes.length} requests are within ${formatUsd(budget)} per request. Prices as of ${report.asOf}.`
        : `Check failed: ${failures.length} problem${failures.length === 1 ? '' : 's'} (above); ${within}. Prices as of ${report.asOf}.`,
    );
  }
  return failures.length === 0 ? 0 : 1;
}

async function pricesCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (rest.length > 0 || (action !== undefined && action !== 'update')) throw new UsageError('Use "llm-cost prices" or "llm-cost prices update".');
  if (action === 'update') {
    write(`Downloading ${PRICE_DATA_URL} …`);
    const result = await refreshPrices({ cacheFile: priceCacheFile() });
    if (!result.ok) {
      process.stderr.write(
        `llm-cost: price update failed: ${result.error}. Keeping ${result.keptAsOf ? `the data of ${result.keptAsOf}` : 'the bundled data'}.\n`,
      );
      return 1;
    }
    write(`Prices updated: ${result.providers} providers, ${result.models} models, as of ${result.asOf}, kept in ${result.cacheFile}.`);
    return 0;
  }
  const { catalog } = await loadPrices(undefined);
  write(`Prices in use: ${catalog.dataSource}, as of ${catalog.asOf}.\nRefreshed data, when present, is read from ${priceCacheFile()}.`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help' || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    write(version);
    return 0;
  }
  try {
    switch (command) {
      case 'scan':
        return await scanCommand(rest);
      case 'plan':
        return await planCommand(rest);
      case 'check':
        return await checkCommand(rest);
      case 'prices':
        return await pricesCommand(rest);
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`llm-cost: ${printableLines((error as Error).message)}\n\nRun "llm-cost --help" for the commands and options.\n`);
      return 2;
    }
    if (error instanceof PriceFileError) {
      process.stderr.write(`llm-cost: ${printableLines(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}

/**
 * Runs the command line of this process. `dist/cli.js` (cliEntry.ts) calls it after loading this
 * bundle with its code cache; loading the bundle alone does nothing, so the build can cache it.
 */
export function runCli(): void {
  // `llm-cost plan | head` closes the pipe early: that is the reader's choice, not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      // One line, no stack trace: the input is named by the user's command, and LLM_COST_DEBUG=1 shows the trace.
      const detail = process.env.LLM_COST_DEBUG
        ? String(error instanceof Error ? error.stack : error)
        : printable(error instanceof Error ? error.message : String(error));
      process.stderr.write(`llm-cost: internal error: ${detail}. Please report it with the command you ran (LLM_COST_DEBUG=1 shows where it happened).\n`);
      process.exitCode = 70;
    },
  );
}

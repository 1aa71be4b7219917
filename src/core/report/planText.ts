// The `plan` report for people: one comparison table per request, the savings each lever would
// bring, and every assumption behind the numbers. The JSON form is the plan itself.
import type { ComparisonPlan, KnownModelPlan, ModelPlan } from '../cost';
import { leftOutSentence, type PlannedFile, type PlannedRequest, type PlanReport, type SkippedFile } from './planReport';
import { formatUsd } from './money';
import { formatInteger, markdownTable, textTable, type Column } from './textTable';
import { printableData } from './printable';

const COLUMNS: Column[] = [
  { header: 'Model' },
  { header: 'Input tokens', align: 'right' },
  { header: 'Output', align: 'right' },
  { header: 'Per request', align: 'right' },
  { header: 'Per 1k requests', align: 'right' },
  { header: 'Per month', align: 'right' },
  { header: 'Per user/month', align: 'right' },
  { header: 'vs current/month', align: 'right' },
  { header: 'Notes' },
];

function tokensCell(plan: KnownModelPlan): string {
  if (plan.tokensExact) return formatInteger(plan.inputTokens);
  return `~${formatInteger(plan.inputTokens)} (${formatInteger(plan.inputTokensRange.low)}–${formatInteger(plan.inputTokensRange.high)})`;
}

function row(plan: ModelPlan & { savingVsCurrentPerMonth: number | null }, current: string): string[] {
  const name = `${plan.requestedAs}${plan.requestedAs === current ? ' (current)' : ''}`;
  if (!plan.known) return [name, '—', '—', 'price unknown', '—', '—', '—', '—', plan.reason];
  const notes = [...plan.fit.problems];
  if (plan.overBudget) notes.push('over budget');
  const saving = plan.savingVsCurrentPerMonth;
  return [
    name,
    tokensCell(plan),
    formatInteger(plan.outputTokens + plan.reasoningTokens),
    formatUsd(plan.costPerRequest),
    formatUsd(plan.costPer1kRequests),
    formatUsd(plan.costPerMonth),
    plan.costPerActiveUserPerMonth === null ? '—' : formatUsd(plan.costPerActiveUserPerMonth),
    saving === null || plan.requestedAs === current ? '—' : saving >= 0 ? `saves ${formatUsd(saving)}` : `costs ${formatUsd(-saving)} more`,
    notes.join('; '),
  ];
}

function currentPlan(comparison: ComparisonPlan): KnownModelPlan | undefined {
  const plan = comparison.plans.find((candidate) => candidate.requestedAs === comparison.currentModel);
  return plan && plan.known ? plan : undefined;
}

/** Sentences under each table: what the levers save on the current model, and what was assumed. */
function findings(comparison: ComparisonPlan): string[] {
  const lines: string[] = [];
  const current = currentPlan(comparison);
  if (current) {
    const { savings, potentialSavings: potential } = current;
    const inScenario = [
      savings.caching > 0 ? `caching saves ${formatUsd(savings.caching)}/month` : null,
      savings.batch > 0 ? `batch saves ${formatUsd(savings.batch)}/month` : null,
      savings.shortening > 0 ? `the shorter prompt saves ${formatUsd(savings.shortening)}/month` : null,
    ].filter(Boolean);
    if (inScenario.length) lines.push(`On ${current.requestedAs}: ${inScenario.join(', ')}.`);
    lines.push(`Caching: ${current.caching.reason}`);
    if (potential.reorderForCaching)
      lines.push(`Reordering the prompt to put variable content last would save a further ${formatUsd(potential.reorderForCaching)}/month.`);
    if (potential.batchAllTraffic && current.batch.share < 1)
      lines.push(`Sending all traffic through the batch API (results within 24 h) would save ${formatUsd(potential.batchAllTraffic)}/month.`);
    for (const edit of potential.shortening) {
      if (edit.tokensSaved > 0)
        lines.push(`Shortening: ${edit.description} saves ${formatInteger(edit.tokensSaved)} tokens, ${formatUsd(edit.perMonth)}/month.`);
    }
    if (current.margin) {
      lines.push(
        `Margin at ${formatUsd(current.margin.pricePerUserPerMonth)}/user/month: ${formatUsd(current.margin.marginPerUserPerMonth)} per user (${(current.margin.marginShare * 100).toFixed(1)}%).`,
      );
    }
    if (current.conversation) {
      lines.push(
        `A conversation of ${current.conversation.turns} turns costs ${formatUsd(current.conversation.costPerConversation)} on ${current.requestedAs}.`,
      );
    }
  }
  if (comparison.cheapestModel && comparison.cheapestModel !== comparison.currentModel) lines.push(`Cheapest model that fits: ${comparison.cheapestModel}.`);
  const assumptions = new Set([...comparison.assumptions, ...(current?.assumptions ?? [])]);
  for (const assumption of assumptions) lines.push(`Assumed: ${assumption}`);
  for (const note of current?.notes ?? []) lines.push(`Note: ${note}`);
  return lines;
}

function header(file: PlannedFile, request: PlannedRequest): string {
  return file.requests.length > 1 || file.omittedRequests > 0 ? `${request.label}` : file.path;
}

function footer(report: PlanReportTail): string[] {
  return [
    `Prices: ${report.dataSource}, as of ${report.asOf}; priced for ${report.pricedOn}. A month is 30 days. ~ marks a token count estimated from the model family's tokenizer calibration, with its range.`,
    ...report.skipped.filter((file) => !file.notAPrompt).map((file) => `Not priced: ${file.path}: ${file.reason}.`),
    ...leftOutLines(report.skipped),
    ...report.warnings.map((warning) => `Warning: ${warning}`),
  ];
}

/** The `.txt`/`.md` files the text globs left out, in one line (a repository's docs can be many). */
function leftOutLines(skipped: readonly SkippedFile[]): string[] {
  const paths = skipped.filter((file) => file.notAPrompt).map((file) => file.path);
  return paths.length ? [leftOutSentence(paths)] : [];
}

/** What is printed after the files: the report without them. */
export type PlanReportTail = Omit<PlanReport, 'files' | 'skipped'> & { skipped: SkippedFile[]; fileCount: number };

/**
 * A rendering in three parts, so that a plan of 10,000 files is printed file by file as each is
 * planned, never held whole. Every part makes the text from files printable (control characters
 * shown as escapes, never sent to a terminal).
 */
export interface PlanRendering {
  /** Between lines (CSV: CRLF, as RFC 4180 says); default LF. */
  lineEnd?: '\n' | '\r\n';
  head(): string[];
  file(file: PlannedFile): string[];
  tail(report: PlanReportTail): string[];
}

export const PLAN_AS_TABLE: PlanRendering = {
  head: () => [],
  file(unsafeFile) {
    const file = printableData(unsafeFile);
    const out: string[] = [];
    for (const request of file.requests) {
      out.push(`${header(file, request)} (${file.format})`);
      out.push(
        textTable(
          COLUMNS,
          request.comparison.plans.map((plan) => row(plan, request.comparison.currentModel)),
        ),
      );
      for (const line of findings(request.comparison)) out.push(`  ${line}`);
      out.push('');
    }
    if (file.omittedRequests > 0) out.push(`  … and ${file.omittedRequests} more requests in ${file.path} (all are in --format json).`, '');
    for (const d of file.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info')) out.push(`  ${file.path}:${d.line}: ${d.severity}: ${d.message}`);
    return out;
  },
  tail: (report) => [...(report.fileCount === 0 ? ['No prompt files found.'] : []), ...footer(printableData(report))],
};

export const PLAN_AS_MARKDOWN: PlanRendering = {
  head: () => ['## LLM cost plan', ''],
  file(unsafeFile) {
    const file = printableData(unsafeFile);
    const out: string[] = [];
    for (const request of file.requests) {
      out.push(`### \`${header(file, request).replace(/`/g, "'")}\``, '');
      out.push(
        markdownTable(
          COLUMNS,
          request.comparison.plans.map((plan) => row(plan, request.comparison.currentModel)),
        ),
        '',
      );
      for (const line of findings(request.comparison)) out.push(`- ${line}`);
      out.push('');
    }
    if (file.omittedRequests > 0) out.push(`… and ${file.omittedRequests} more requests in \`${file.path}\`.`, '');
    return out;
  },
  tail: (report) => [...(report.fileCount === 0 ? ['No prompt files found.', ''] : []), ...footer(printableData(report)).map((line) => `_${line}_`)],
};

function renderWhole(rendering: PlanRendering, report: PlanReport): string {
  const { files, skipped = [], ...rest } = report;
  return [...rendering.head(), ...files.flatMap((file) => rendering.file(file)), ...rendering.tail({ ...rest, skipped, fileCount: files.length })].join(
    rendering.lineEnd ?? '\n',
  );
}

export function planReportAsTable(report: PlanReport): string {
  return renderWhole(PLAN_AS_TABLE, report);
}

export function planReportAsMarkdown(report: PlanReport): string {
  return renderWhole(PLAN_AS_MARKDOWN, report);
}

const CSV_COLUMNS = [
  'file',
  'request',
  'model',
  'current',
  'provider',
  'priceKnown',
  'tokensExact',
  'inputTokens',
  'outputTokens',
  'costPerRequest',
  'costPer1kRequests',
  'costPerMonth',
  'costPerActiveUserPerMonth',
  'savingVsCurrentPerMonth',
  'note',
] as const;

/**
 * One row per file, request and model, with figures as plain numbers (USD, unrounded) for a
 * spreadsheet; an unknown price is an empty cell with the reason in `note`, never 0.
 */
export const PLAN_AS_CSV: PlanRendering = {
  lineEnd: '\r\n',
  head: () => [CSV_COLUMNS.join(',')],
  file(unsafeFile) {
    const file = printableData(unsafeFile);
    const rows: (string | number | boolean | null)[][] = [];
    for (const request of file.requests) {
      const { comparison } = request;
      for (const plan of comparison.plans) {
        const current = plan.requestedAs === comparison.currentModel;
        if (!plan.known) {
          rows.push([file.path, request.label, plan.requestedAs, current, null, false, null, null, null, null, null, null, null, null, plan.reason]);
          continue;
        }
        rows.push([
          file.path,
          request.label,
          plan.requestedAs,
          current,
          plan.provider,
          true,
          plan.tokensExact,
          plan.inputTokens,
          plan.outputTokens + plan.reasoningTokens,
          plan.costPerRequest,
          plan.costPer1kRequests,
          plan.costPerMonth,
          plan.costPerActiveUserPerMonth,
          current ? null : plan.savingVsCurrentPerMonth,
          plan.fit.problems.join('; '),
        ]);
      }
    }
    return rows.map((row) => row.map(csvCell).join(','));
  },
  tail: () => [],
};

export function planReportAsCsv(report: PlanReport): string {
  return renderWhole(PLAN_AS_CSV, report) + '\r\n';
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  // Twelve significant digits: exact to a millionth of a cent, without binary noise (0.017025000000000002).
  if (typeof value === 'number') return String(Number(value.toPrecision(12)));
  if (typeof value !== 'string') return String(value);
  // A cell a spreadsheet would run as a formula (file and model names are untrusted) is kept as text.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

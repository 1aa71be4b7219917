// The `scan` report for people: a terminal table, or markdown for a pull-request comment.
import type { ScanReport } from '../inventory';
import { leftOutSentence } from './planReport';
import { formatInteger, markdownTable, textTable, type Column } from './textTable';
import { printableData } from './printable';

const COLUMNS: Column[] = [
  { header: 'File' },
  { header: 'Format' },
  { header: 'Model' },
  { header: 'Messages', align: 'right' },
  { header: 'Variables', align: 'right' },
  { header: 'Tokens o200k', align: 'right' },
  { header: 'Tokens cl100k', align: 'right' },
  { header: 'Problems', align: 'right' },
];

// cl100k_base is counted only for files whose model reads it (gpt-4, gpt-3.5): its column shows only then.
const withCl100k = (report: ScanReport) => report.files.some((file) => file.textTokens.cl100k_base !== undefined);

function columns(report: ScanReport): Column[] {
  return withCl100k(report) ? COLUMNS : COLUMNS.filter((column) => column.header !== 'Tokens cl100k');
}

function rows(report: ScanReport): string[][] {
  const cl100k = withCl100k(report);
  return report.files.map((file) => [
    file.path,
    file.format,
    file.model ?? '—',
    String(file.messages.length),
    String(file.variables.length),
    tokens(file.textTokens.o200k_base),
    ...(cl100k ? [file.textTokens.cl100k_base === undefined ? '—' : formatInteger(file.textTokens.cl100k_base)] : []),
    problemCount(file.diagnostics),
  ]);
}

function tokens(count: number | undefined): string {
  return count === undefined ? 'not counted' : formatInteger(count);
}

function problemCount(diagnostics: { severity: string }[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (errors + warnings === 0) return '';
  return [errors ? `${errors} error${errors > 1 ? 's' : ''}` : '', warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : ''].filter(Boolean).join(', ');
}

function diagnosticLines(report: ScanReport, bullet: string): string[] {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) lines.push(`${bullet}${file.path}:${d.line}: ${d.severity}: ${d.message}`);
  }
  for (const skipped of report.skipped) if (!skipped.notAPrompt) lines.push(`${bullet}${skipped.path}: skipped: ${skipped.reason}`);
  for (const warning of report.warnings ?? []) lines.push(`${bullet}warning: ${warning}`);
  return lines;
}

/** The .txt/.md files the text globs left out: a note after the summary, not a problem (the globs say they are not prompts). */
function leftOutNote(report: ScanReport): string[] {
  const leftOut = report.skipped.filter((file) => file.notAPrompt).map((file) => file.path);
  return leftOut.length ? [leftOutSentence(leftOut)] : [];
}

function summary(report: ScanReport): string {
  const total = report.files.reduce((sum, file) => sum + (file.textTokens.o200k_base ?? 0), 0);
  return `${report.files.length} prompt file${report.files.length === 1 ? '' : 's'}, ${formatInteger(total)} tokens (o200k_base) as written.`;
}

export function scanReportAsTable(unsafeReport: ScanReport): string {
  // Names and messages come from files: control characters are shown as escapes, never sent to a terminal.
  const report = printableData(unsafeReport);
  if (report.files.length === 0) return [`No prompt files found under ${report.root}.`, ...leftOutNote(report), ...diagnosticLines(report, '  ')].join('\n');
  const notes = diagnosticLines(report, '  ');
  return [textTable(columns(report), rows(report)), '', summary(report), ...leftOutNote(report), ...(notes.length ? ['', 'Problems:', ...notes] : [])].join(
    '\n',
  );
}

export function scanReportAsMarkdown(unsafeReport: ScanReport): string {
  // Names and messages come from files: control characters are shown as escapes, never sent to a terminal.
  const report = printableData(unsafeReport);
  const lines = ['## Prompt files', ''];
  if (report.files.length === 0) return [...lines, 'No prompt files found.', ...leftOutNote(report).map((note) => `\n${note}`)].join('\n');
  lines.push(
    markdownTable(
      columns(report),
      rows(report).map((row) => [`\`${row[0]}\``, ...row.slice(1)]),
    ),
    '',
    summary(report),
    ...leftOutNote(report),
  );
  const notes = diagnosticLines(report, '- ');
  if (notes.length) lines.push('', '<details><summary>Problems</summary>', '', ...notes, '', '</details>');
  return lines.join('\n');
}

// Small builders every format parser uses, so each parser only says what is particular to its format.
import type { DiagnosticCode, ParsedPromptFile, PromptFormat, PromptMessage, Severity, TextRange } from '../types';
import type { LineIndex } from '../text';
import { findVariables, type TemplateSyntax, type VariableUse } from './variables';

export function newResult(path: string, format: PromptFormat): ParsedPromptFile {
  return {
    path,
    format,
    model: null,
    maxOutputTokens: null,
    body: { text: '', startLine: 1, startOffset: 0 },
    messages: [],
    variables: [],
    requests: [],
    diagnostics: [],
    references: [],
  };
}

/** Sets the body to `text.slice(startOffset, endOffset)`. */
export function setBody(result: ParsedPromptFile, text: string, lines: LineIndex, startOffset: number, endOffset = text.length): void {
  result.body = { text: text.slice(startOffset, endOffset), startLine: lines.lineAt(startOffset), startOffset };
}

/** A message whose text is exactly `text.slice(startOffset, endOffset)` of the file. */
export function messageAt(text: string, lines: LineIndex, role: string, startOffset: number, endOffset: number, request = 0): PromptMessage {
  return {
    role,
    text: text.slice(startOffset, endOffset),
    startLine: lines.lineAt(startOffset),
    endLine: lines.lineAt(Math.max(startOffset, endOffset - 1)),
    startOffset,
    endOffset,
    request,
  };
}

/** Where a diagnostic points: its 1-based line and the range to highlight. */
export interface Place {
  line: number;
  range: TextRange;
}

/** A whole line (its text without surrounding blanks). */
export function atLine(lines: LineIndex, line: number): Place {
  return { line, range: lines.lineRange(line) };
}

/** From `start` to `end` (or to the end of the line when the end is not known). */
export function atOffset(lines: LineIndex, start: number, end?: number): Place {
  return { line: lines.lineAt(start), range: lines.rangeFrom(start, end) };
}

export function report(result: ParsedPromptFile, severity: Severity, code: DiagnosticCode, place: Place, message: string): void {
  result.diagnostics.push({ severity, code, line: place.line, range: place.range, message });
}

/** Diagnostics in the order of the file: by line, then by where their range starts. */
export function sortDiagnostics(result: ParsedPromptFile): ParsedPromptFile {
  result.diagnostics.sort((a, b) => a.line - b.line || a.range.start - b.range.start);
  return result;
}

/**
 * Finds the template variables in `text.slice(startOffset, endOffset)` and records each once, with the
 * sample value the file provides for it, if any.
 */
export function collectVariables(
  result: ParsedPromptFile,
  text: string,
  lines: LineIndex,
  syntax: TemplateSyntax,
  startOffset: number,
  endOffset: number,
  samples: ReadonlyMap<string, string> = new Map(),
): void {
  addVariables(result, findVariables(text.slice(startOffset, endOffset), syntax), (use) => lines.lineAt(startOffset + use.offset), samples);
}

/** Records each variable of `uses` not yet known, at the line `lineOf` gives, with its sample. */
export function addVariables(
  result: ParsedPromptFile,
  uses: readonly VariableUse[],
  lineOf: (use: VariableUse) => number,
  samples: ReadonlyMap<string, string>,
): void {
  const known = new Set(result.variables.map((variable) => variable.name));
  for (const use of uses) {
    if (known.has(use.name)) continue;
    known.add(use.name);
    result.variables.push({ name: use.name, line: lineOf(use), sample: samples.get(use.name) ?? null });
  }
}

/** Turns a sample value of any JSON type into the text a template would render for it. */
export function sampleText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? null;
}

/**
 * Keeps the sample values that are not text (lists, objects, numbers, booleans) as data on their
 * variables, so the template engine loops over a list as it is sent.
 */
export function attachSampleValues(result: ParsedPromptFile, values: ReadonlyMap<string, unknown>): void {
  for (const variable of result.variables) {
    const value = values.get(variable.name);
    if (value !== null && value !== undefined && typeof value !== 'string' && variable.sample !== null && variable.sampleFrom === undefined)
      variable.sampleValue = value;
  }
}

/** Fills `requests[0]` and the file-level model/limit from what the file declares. */
export function declareSingleRequest(result: ParsedPromptFile, label: string, line: number, model: string | null, maxOutputTokens: number | null): void {
  result.model = model;
  result.maxOutputTokens = maxOutputTokens;
  result.requests = [{ label, line, model, maxOutputTokens }];
}

/** The file name at the end of a `/`-separated path: a request's label when the file names none. */
export function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

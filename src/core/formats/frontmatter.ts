// YAML frontmatter shared by Prompty, Dotprompt and the VS Code / Copilot prompt files.
import { isMap, isSeq, type Document, type YAMLError } from 'yaml';
import type { ParsedPromptFile, PromptDiagnostic, PromptFormat } from '../types';
import { LineIndex } from '../text';
import { atLine, atOffset, newResult, report, setBody } from './result';
import { parseYamlDocument, tooDeepMessage } from './yamlDocument';

export interface Frontmatter {
  /** The parsed YAML value (usually an object), or undefined when absent or unparseable. */
  data: unknown;
  /** 1-based line of the opening `---`, or 0 when the file has no frontmatter. */
  startLine: number;
  /**
   * Offset where the body begins: just after the closing `---` line; at the start of the file (past a
   * byte-order mark) when there is no frontmatter or it is never closed, because the runtimes then
   * send the whole file as the prompt.
   */
  bodyOffset: number;
  diagnostics: PromptDiagnostic[];
  /**
   * 1-based file line of the key at `path` (`keyLine('model', 'options', 'maxOutputTokens')`; a number
   * indexes a list), or null when the key is absent. Lets a parser point a diagnostic or a declared
   * variable at the line that declares it.
   */
  keyLine(...path: (string | number)[]): number | null;
}

const FENCE = /^\uFEFF?---[ \t]*\r?$/;
const noKeys = (): null => null;

/**
 * Finds and parses a frontmatter block. It must open on the first line that is not a `#` comment
 * (Dotprompt allows a comment header; other formats pass `allowCommentHeader: false`), so a `---`
 * further down a markdown file stays a horizontal rule.
 */
export function readFrontmatter(text: string, lines: LineIndex, options: { allowCommentHeader: boolean }): Frontmatter {
  const fileStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const none: Frontmatter = { data: undefined, startLine: 0, bodyOffset: fileStart, diagnostics: [], keyLine: noKeys };
  let line = 1;
  if (options.allowCommentHeader) {
    while (line <= lines.lineCount && /^\s*(#.*)?\r?$/.test(lineText(text, lines, line)) && !FENCE.test(lineText(text, lines, line))) {
      line++;
    }
  }
  if (line > lines.lineCount || !FENCE.test(lineText(text, lines, line))) return none;
  const openLine = line;
  for (let close = openLine + 1; close <= lines.lineCount; close++) {
    if (!FENCE.test(lineText(text, lines, close))) continue;
    const yamlStart = lines.offsetOf(openLine + 1);
    const yamlEnd = lines.offsetOf(close);
    const bodyOffset = close < lines.lineCount ? lines.offsetOf(close + 1) : text.length;
    const parsed = readYaml(text.slice(yamlStart, yamlEnd), yamlStart, lines);
    const doc = parsed.doc;
    const keyLine = (...path: (string | number)[]): number | null => {
      const offset = doc ? keyOffset(doc, path) : null;
      return offset === null ? null : lines.lineAt(yamlStart + offset);
    };
    return { data: parsed.data, startLine: openLine, bodyOffset, diagnostics: parsed.diagnostics, keyLine };
  }
  return {
    ...none,
    startLine: openLine,
    diagnostics: [
      {
        severity: 'error',
        code: 'unclosed-frontmatter',
        ...atLine(lines, openLine),
        message: 'Frontmatter opened with `---` is never closed: add a `---` line after the YAML header. Until then the whole file is counted as the prompt.',
      },
    ],
  };
}

/** What a file with frontmatter looks like once its header is read: the part every such format shares. */
export interface FrontmatterFile {
  result: ParsedPromptFile;
  lines: LineIndex;
  frontmatter: Frontmatter;
  /** The frontmatter as a mapping (empty when absent or not a mapping). */
  meta: Record<string, unknown>;
  /** Offset where the body begins, and the body itself. */
  bodyStart: number;
  body: string;
}

/**
 * Starts the result of a file that may open with YAML frontmatter (Prompty, Dotprompt, Copilot files):
 * reads the header, reports its problems, and sets the body. `expected` names a few keys the format
 * takes, for the message when the header is not a mapping.
 */
export function readFrontmatterFile(
  path: string,
  text: string,
  format: PromptFormat,
  options: { allowCommentHeader: boolean; expected: string; ignoredBy: string },
): FrontmatterFile {
  const result = newResult(path, format);
  const lines = new LineIndex(text);
  const frontmatter = readFrontmatter(text, lines, options);
  result.diagnostics.push(...frontmatter.diagnostics);
  const data = frontmatter.data;
  if (data !== undefined && data !== null && !isRecord(data)) {
    report(
      result,
      'warning',
      'frontmatter-not-mapping',
      atLine(lines, frontmatter.startLine + 1),
      `The frontmatter should be a YAML mapping (${options.expected}); ${options.ignoredBy} ignores it.`,
    );
  }
  const bodyStart = frontmatter.bodyOffset;
  setBody(result, text, lines, bodyStart);
  return { result, lines, frontmatter, meta: isRecord(data) ? data : {}, bodyStart, body: text.slice(bodyStart) };
}

const MAX_YAML_ERRORS = 3;

/** `yamlStart` is where the YAML source begins in the file, so positions are reported in the file. */
function readYaml(source: string, yamlStart: number, lines: LineIndex): { data: unknown; diagnostics: PromptDiagnostic[]; doc: Document | null } {
  const parsed = parseYamlDocument(source);
  if (parsed.tooDeep) {
    const place = atOffset(lines, yamlStart + parsed.tooDeep.offset);
    return {
      data: undefined,
      diagnostics: [{ severity: 'error', code: 'too-complex', ...place, message: tooDeepMessage('The frontmatter', parsed.tooDeep.limit) }],
      doc: null,
    };
  }
  const doc = parsed.doc;
  const diagnostics = yamlErrors(doc, yamlStart, lines);
  if (diagnostics.length > 0) return { data: undefined, diagnostics, doc: null };
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }), diagnostics, doc };
  } catch (error) {
    // toJS throws on alias bombs (more aliases than maxAliasCount): the same too-complex as in a promptfoo config.
    const message = error instanceof Error ? error.message : String(error);
    const bomb = /alias/i.test(message);
    const line = lines.lineAt(yamlStart);
    return {
      data: undefined,
      diagnostics: [
        {
          severity: 'error',
          code: bomb ? 'too-complex' : 'invalid-yaml',
          ...atLine(lines, line),
          message: bomb
            ? `The frontmatter cannot be expanded (${firstLine(message)}): it is not read. Use fewer YAML aliases.`
            : `Invalid YAML: ${firstLine(message)}`,
        },
      ],
      doc: null,
    };
  }
}

/** Where a YAML error really is, when that is not where the parser noticed it (an unclosed quote). */
export type YamlErrorPlace = (error: YAMLError) => { offset: number; why: string } | undefined;

/**
 * The errors of a YAML document, each once per line (one error often sets off others on the same
 * line; the first says what to fix), and only the first few: a block broken near its top makes every
 * later line an error too. Shared by frontmatter and promptfoo configs.
 */
export function yamlErrors(doc: Document, yamlStart: number, lines: LineIndex, placeOf?: YamlErrorPlace): PromptDiagnostic[] {
  const diagnostics: PromptDiagnostic[] = [];
  for (const error of doc.errors) {
    const moved = placeOf?.(error);
    const start = yamlStart + (moved?.offset ?? error.pos[0]);
    const line = lines.lineAt(start);
    if (diagnostics.some((diagnostic) => diagnostic.line === line)) continue;
    const end = yamlStart + error.pos[1];
    diagnostics.push({
      severity: 'error',
      code: 'invalid-yaml',
      line,
      range: lines.rangeFrom(start, !moved && end > start ? end : undefined),
      message: `Invalid YAML: ${firstLine(error.message)}${moved ? `: ${moved.why}` : ''}`,
    });
  }
  const last = diagnostics[MAX_YAML_ERRORS - 1];
  if (last && diagnostics.length > MAX_YAML_ERRORS) {
    const more = diagnostics.length - MAX_YAML_ERRORS;
    diagnostics.length = MAX_YAML_ERRORS;
    last.message += ` (and ${more} more YAML error${more > 1 ? 's' : ''} below, which may follow from these)`;
  }
  return diagnostics;
}

/** Offset (in the YAML source) of the key or list item at `path`. */
function keyOffset(doc: Document, path: (string | number)[]): number | null {
  let node: unknown = doc.contents;
  let offset: number | null = null;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === step);
      if (!pair) return null;
      offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as { range?: [number, number, number] } | undefined;
      if (!item) return null;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return null;
    }
  }
  return offset;
}

function lineText(text: string, lines: LineIndex, line: number): string {
  const start = lines.offsetOf(line);
  const end = line < lines.lineCount ? lines.offsetOf(line + 1) - 1 : text.length;
  return text.slice(start, end);
}

/** The first line of a YAML error, without its position (relative to the YAML, not the file). */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

/** Reads `object.a.b.c` from untrusted YAML/JSON data without throwing. */
export function pick(data: unknown, ...path: string[]): unknown {
  let current = data;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = Object.hasOwn(current, key) ? current[key] : undefined;
  }
  return current;
}

/** A plain mapping (not a list, not null): the shape frontmatter must have. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** No model writes more than this many tokens in one answer; a limit past it (`1e308`) is a mistake, not a limit. */
export const MAX_OUTPUT_LIMIT = 100_000_000;

export function asPositiveInteger(value: unknown): number | null {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : null;
  return number !== null && Number.isInteger(number) && number > 0 && number <= MAX_OUTPUT_LIMIT ? number : null;
}

/**
 * A field that names a model: text, or nothing. Anything else (`model: 123`, `true`, a list where one
 * name is expected) is reported where it is written and ignored, never turned into a name by guessing.
 */
export function modelNameField(result: ParsedPromptFile, value: unknown, line: number, lines: LineIndex, field = 'model'): string | null {
  if (value === undefined || value === null) return null;
  const name = asString(value);
  if (name !== null) return name;
  const shown =
    typeof value === 'string' ? 'empty text' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : `${typeof value} ${String(value)}`;
  report(
    result,
    'error',
    'invalid-value',
    atLine(lines, line),
    `\`${field}\` should be a model name such as \`gpt-4o\`, not ${shown}: it is ignored, so the file's model is unknown. Write the name as text.`,
  );
  return null;
}

/**
 * The output limit a frontmatter declares under the first of `keyPaths` present; a value that is not a
 * positive whole number is reported at its key and ignored.
 */
export function declaredOutputLimit(
  result: ParsedPromptFile,
  meta: Record<string, unknown>,
  frontmatter: Frontmatter,
  lines: LineIndex,
  keyPaths: string[][],
): number | null {
  for (const keyPath of keyPaths) {
    const value = pick(meta, ...keyPath);
    if (value === undefined || value === null) continue;
    const limit = asPositiveInteger(value);
    if (limit === null) {
      const line = frontmatter.keyLine(...keyPath) ?? frontmatter.startLine;
      report(
        result,
        'warning',
        'invalid-output-limit',
        atLine(lines, line),
        `\`${keyPath.join('.')}\` should be a positive whole number of tokens (at most ${MAX_OUTPUT_LIMIT.toLocaleString('en-US')}); it is ignored.`,
      );
    }
    return limit;
  }
  return null;
}

// The `scan` report: what prompt files a folder holds and how many tokens each is, as a stable JSON
// document (documented in the README) and as a table or markdown for people.
import type { ParsedPromptFile, PromptDiagnostic, PromptFormat, TemplateVariable } from './types';
import type { Counters } from './requests';
import { ENCODINGS, type EncodingName } from './tokens';

export const SCAN_REPORT_VERSION = 1;

export interface FileInventory {
  path: string;
  format: PromptFormat;
  model: string | null;
  maxOutputTokens: number | null;
  /** The prompt text as written (frontmatter excluded, template syntax kept), per encoding counted. */
  textTokens: Partial<Record<EncodingName, number>>;
  /** Per message, `textTokens` in o200k_base (the encoding of current OpenAI models). */
  messages: { role: string; line: number; endLine: number; request: number; textTokens: number }[];
  variables: TemplateVariable[];
  requests: number;
  /** Files this one pulled in (promptfoo `file://` prompts), relative to the scanned folder. */
  references: string[];
  diagnostics: PromptDiagnostic[];
}

export interface ScanReport {
  version: number;
  root: string;
  files: FileInventory[];
  /**
   * Files that could not be read at all (too large, unreadable), with why; and `.txt`/`.md` files the
   * text globs leave out of the folder named (`notAPrompt`).
   */
  skipped: { path: string; reason: string; notAPrompt?: true }[];
  /** What the scan itself could not do as asked, e.g. a .gitignore too large to apply. */
  warnings: string[];
}

/** The summary of a file; its prompt text is counted in each of `encodings` that `counters` holds. */
export function inventoryOf(file: ParsedPromptFile, counters: Counters, encodings: readonly EncodingName[] = ENCODINGS): FileInventory {
  const textTokens: FileInventory['textTokens'] = {};
  for (const encoding of encodings) {
    const counter = counters[encoding];
    if (counter) textTokens[encoding] = counter.count(file.body.text);
  }
  return {
    path: file.path,
    format: file.format,
    model: file.model,
    maxOutputTokens: file.maxOutputTokens,
    textTokens,
    messages: file.messages.map((message) => ({
      role: message.role,
      line: message.startLine,
      endLine: message.endLine,
      request: message.request,
      textTokens: counters.o200k_base.count(message.text),
    })),
    // A sample read from another file is shown by its path, not its text.
    // A sample given as data (a list) is shown as its JSON text, `sample`, once.
    variables: file.variables.map(({ sampleValue: _data, ...variable }) => (variable.sampleFrom ? { ...variable, sample: null } : variable)),
    requests: file.requests.length,
    references: file.references,
    diagnostics: file.diagnostics,
  };
}

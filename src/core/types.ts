// The shapes every part of the product shares: what a prompt file is once understood.
// Pure data, serialisable as JSON, so the extension host, a webview and the command-line tool
// can pass them around unchanged.
import type { DiagnosticCode } from './diagnosticCodes';

export type { DiagnosticCode } from './diagnosticCodes';

export type PromptFormat =
  | 'prompty'
  | 'dotprompt'
  | 'copilot-prompt'
  | 'copilot-instructions'
  | 'copilot-chatmode'
  | 'copilot-agent'
  | 'promptfoo'
  | 'chat-json'
  | 'batch-jsonl'
  | 'text';

export type Severity = 'error' | 'warning' | 'info';

/** A stretch of a file's text: UTF-16 offsets, `end` exclusive (VS Code's `document.positionAt` takes them as they are). */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * Something wrong (or worth knowing) in a prompt file. `code` says which kind of problem it is (the
 * list, with what each means, is `DIAGNOSTIC_CODES` in `diagnosticCodes.ts`); `line` is 1-based and
 * `range` covers what to highlight, both in the file the diagnostic belongs to (a promptfoo config's
 * diagnostics about a referenced file point at the `file://` line in the config).
 */
export interface PromptDiagnostic {
  severity: Severity;
  code: DiagnosticCode;
  line: number;
  range: TextRange;
  message: string;
}

export type MessageRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | string;

/**
 * One message of a prompt as written in the file. `text` is the content with template syntax kept.
 * Offsets index into the file's full text (so an editor can map an edit to the message it touched);
 * lines are 1-based and inclusive.
 */
export interface PromptMessage {
  role: MessageRole;
  text: string;
  startLine: number;
  endLine: number;
  startOffset: number;
  endOffset: number;
  /** Which request of the file this message belongs to (index into `requests`). */
  request: number;
}

/** A template variable found in the prompt text. */
export interface TemplateVariable {
  name: string;
  /** 1-based line of its first use (or declaration, when it is only declared). */
  line: number;
  /** A sample value the file itself provides (Prompty `sample`, Dotprompt `input.default`, promptfoo `tests[].vars`...). */
  sample: string | null;
  /** When the sample was read from another file (promptfoo `file://` test vars): that file's path. */
  sampleFrom?: string;
  /**
   * The sample as plain JSON data when it is not text (a list, an object, a number): what the
   * template engine's loops and conditions see. `sample` holds it as JSON text.
   */
  sampleValue?: unknown;
}

/**
 * One request the file describes. Most files describe one; a Batch API JSONL file has one per line,
 * a promptfoo config one per prompt.
 */
/** A tool (function) definition a request sends: billed as input. */
export interface ToolDefinition {
  name: string;
  description: string;
  /** The JSON schema of its parameters (plain JSON data), or null. */
  parameters: unknown;
}

/** `tool_choice`, in Anthropic's words (OpenAI `required` = `any`, a named function = `tool`). */
export type ToolChoice = 'auto' | 'none' | 'any' | 'tool';

/** An image part of a request. Its size is known only when the image is inline (base64). */
export interface ImagePart {
  detail: 'low' | 'high' | 'auto' | 'original';
  width: number | null;
  height: number | null;
  /** Offset of the part in the file (-1 when it is in another file). */
  offset: number;
  /** Index of the message holding it among its request's messages, when the parser knows it (else found by `offset`). */
  message?: number;
}

/** What a request bills as input besides its messages' text. */
export interface BilledParts {
  tools: ToolDefinition[];
  toolChoice: ToolChoice | null;
  /** A structured-output JSON schema, as compact JSON text. */
  responseSchema: string | null;
  images: ImagePart[];
  /** Tools named but defined elsewhere (Dotprompt `tools:` lists names of tools registered in code): sizes unknown. */
  toolsDefinedElsewhere?: string[];
}

export interface PromptRequest {
  label: string;
  line: number;
  /** Tools, a structured-output schema and images the request sends, when it has any. */
  billed?: BilledParts;
  /** Model declared for this request, as written (e.g. `gpt-4o`, `openai:gpt-4o`, `googleai/gemini-2.5-pro`). */
  model: string | null;
  maxOutputTokens: number | null;
}

export interface ParsedPromptFile {
  /** Path as given to the parser (the scanner passes it relative to the scanned folder, with `/`). */
  path: string;
  format: PromptFormat;
  /** The model the file declares (the first request's), or null. */
  model: string | null;
  /** The output limit the file declares (the first request's), or null. */
  maxOutputTokens: number | null;
  /** The prompt text as written: frontmatter excluded, template syntax kept. */
  body: { text: string; startLine: number; startOffset: number };
  messages: PromptMessage[];
  variables: TemplateVariable[];
  requests: PromptRequest[];
  diagnostics: PromptDiagnostic[];
  /** Other files this one pulled in (promptfoo `file://` prompts), relative to the scanned folder. */
  references: string[];
}

/**
 * How the core reads other files (promptfoo `file://` references) without touching the file system
 * itself: the command-line tool passes a Node reader, the extension one over `vscode.workspace.fs`
 * (which is asynchronous, and the only file access a web extension has). Paths are relative to the
 * scanned folder, with `/`. Resolves to the text; to undefined when there is no such file; to
 * `{ notRead }` when something is there that is not read (a FIFO, a folder, a symbolic link loop, a
 * dotfile, a binary file), so the user is told what it is rather than "not found". Never rejects.
 */
export interface FileReader {
  readText(path: string): Promise<string | NotRead | undefined>;
}

/** Why a file that is there was not read, said after its path: "a named pipe (FIFO), not a file: never opened". */
export interface NotRead {
  notRead: string;
}

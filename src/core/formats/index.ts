// Which format a file is in, and the parser for it.
import type { FileReader, NotRead, ParsedPromptFile, PromptFormat } from '../types';
import { stripBom } from '../text';
import { normaliseLoneCarriageReturns } from '../decoding';
import { parsePrompty } from './prompty';
import { parseDotprompt } from './dotprompt';
import { parseCopilotFile } from './copilot';
import { parsePromptfooConfig, type ReadFiles } from './promptfoo';
import { parseChatJson } from './chatJsonFile';
import { parseBatchJsonl } from './batchJsonl';
import { parsePlainText } from './plainText';
import { matchesAnyGlob } from './glob';
import { sortDiagnostics } from './result';

export interface ParseOptions {
  /** Reads files a prompt file refers to (promptfoo `file://`). Paths are relative to the scanned folder. */
  reader?: FileReader;
  /** Globs (relative, `/`-separated) for plain `.txt`/`.md` prompt files. */
  textPromptGlobs?: readonly string[];
  /**
   * The name of the folder the paths are relative to, when the user named that folder (`llm-cost plan
   * prompts/`): the text globs also see each path with it in front, so a prompts folder named directly
   * takes its own files, as it would if its parent were scanned.
   */
  namedFolder?: string;
}

export const DEFAULT_TEXT_PROMPT_GLOBS = ['**/prompts/**/*.txt', '**/prompts/**/*.md', '**/prompt/**/*.txt', '**/prompt/**/*.md', '**/*.prompt.txt'];

/**
 * The format a file is in, judged from its path and, for JSON, a look at its content; null when it is
 * not a prompt file we understand. Cheap: the scanner calls it on every file of a workspace.
 */
export function detectFormat(path: string, text: string | undefined, options: ParseOptions = {}): PromptFormat | null {
  const lower = path.toLowerCase();
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  if (name.endsWith('.prompty')) return 'prompty';
  if (name.endsWith('.prompt.md')) return 'copilot-prompt';
  if (name.endsWith('.instructions.md') || name === 'copilot-instructions.md') return 'copilot-instructions';
  if (name.endsWith('.chatmode.md')) return 'copilot-chatmode';
  if (name.endsWith('.agent.md')) return 'copilot-agent';
  // Files in the folders VS Code reads them from, named without the kind suffix.
  if (name.endsWith('.md')) {
    if (lower.includes('.github/agents/')) return 'copilot-agent';
    if (lower.includes('.github/chatmodes/')) return 'copilot-chatmode';
    if (lower.includes('.github/instructions/')) return 'copilot-instructions';
  }
  if (name.endsWith('.prompt')) return 'dotprompt';
  if (/^promptfooconfig([.-][\w.-]+)?\.ya?ml$/.test(name)) return 'promptfoo';
  if (name.endsWith('.jsonl')) return text === undefined || looksLikeBatchJsonl(text) ? 'batch-jsonl' : null;
  if (name.endsWith('.json')) return text === undefined || looksLikeChatJson(text) ? 'chat-json' : null;
  if (isTextFileName(name)) return matchesTextGlobs(path, options) ? 'text' : null;
  return null;
}

function isTextFileName(lowerName: string): boolean {
  return lowerName.endsWith('.txt') || lowerName.endsWith('.md');
}

function matchesTextGlobs(path: string, options: ParseOptions): boolean {
  const globs = options.textPromptGlobs ?? DEFAULT_TEXT_PROMPT_GLOBS;
  return (
    matchesAnyGlob(path, globs) || (options.namedFolder !== undefined && options.namedFolder !== '' && matchesAnyGlob(`${options.namedFolder}/${path}`, globs))
  );
}

/**
 * Why a `.txt`/`.md` file of a folder the user named is not taken as a prompt, or null when it is one
 * (or is not a text file): a scan lists these, so a prompt the globs miss is seen, not silently dropped.
 */
export function textFileLeftOut(path: string, options: ParseOptions = {}): string | null {
  const name = path.toLowerCase().slice(path.lastIndexOf('/') + 1);
  if (!isTextFileName(name) || detectFormat(path, undefined, options) !== null) return null;
  const globs = options.textPromptGlobs ?? DEFAULT_TEXT_PROMPT_GLOBS;
  return `not a prompt by the text globs (${globs.join(', ')}): plan the file by name, or widen --text-globs, to price it`;
}

/**
 * Parses a prompt file; null when `detectFormat` says it is not one. Never throws on bad input.
 * Asynchronous because a file may refer to others (promptfoo `file://`), read through `options.reader`.
 * Diagnostics come sorted by position.
 */
export async function parsePromptFile(path: string, rawText: string, options: ParseOptions = {}): Promise<ParsedPromptFile | null> {
  // Lone CRs become LFs (same length, so offsets still point into the editor's text): every parser splits on LF.
  const text = normaliseLoneCarriageReturns(stripBom(rawText));
  const format = detectFormat(path, text, options);
  if (format === null) return null;
  if (format === 'promptfoo') return sortDiagnostics(await parseWithReferences(path, text, options.reader, parsePromptfooConfig));
  // A Prompty file may take its tools or output schema from a file (`${file:functions.json}`).
  if (format === 'prompty') return sortDiagnostics(await parseWithReferences(path, text, options.reader, parsePrompty));
  return sortDiagnostics(parseSelfContained(path, text, format));
}

// Referenced files don't refer further (they are prompts, not configs), so two passes read them all;
// the bound only guards against a parser change that would make references chain.
const MAX_READING_PASSES = 3;

/**
 * Parses a file that names other files (a promptfoo config, a Prompty file's `${file:…}`): a first pass notes the files it asks for, they are read
 * (concurrently), and the config is parsed again with them at hand. The parser itself stays
 * synchronous and pure; only this loop awaits the reader.
 */
async function parseWithReferences(
  path: string,
  text: string,
  reader: FileReader | undefined,
  parse: (path: string, text: string, files?: ReadFiles) => ParsedPromptFile,
): Promise<ParsedPromptFile> {
  const read = new Map<string, string | NotRead | undefined>();
  for (let pass = 1; ; pass++) {
    const wanted = new Set<string>();
    const files: ReadFiles | undefined = reader
      ? (file) => {
          if (!read.has(file)) wanted.add(file);
          return read.get(file);
        }
      : undefined;
    const result = parse(path, text, files);
    if (!reader || wanted.size === 0 || pass === MAX_READING_PASSES) return result;
    await Promise.all(
      [...wanted].map(async (file) => {
        read.set(file, await reader.readText(file).catch(() => undefined));
      }),
    );
  }
}

function parseSelfContained(path: string, text: string, format: Exclude<PromptFormat, 'promptfoo' | 'prompty'>): ParsedPromptFile {
  switch (format) {
    case 'dotprompt':
      return parseDotprompt(path, text);
    case 'copilot-prompt':
    case 'copilot-instructions':
    case 'copilot-chatmode':
    case 'copilot-agent':
      return parseCopilotFile(path, text, format);
    case 'chat-json':
      return parseChatJson(path, text);
    case 'batch-jsonl':
      return parseBatchJsonl(path, text);
    case 'text':
      return parsePlainText(path, text);
  }
}

// A chat JSON prompt names roles; a template one may not parse until rendered, so look at the text.
// A LangChain prompt says `"_type": "prompt"|"chat"`, which `prompt.save()` writes last, after the
// template, so the end of the file is looked at too; `dumpd()` names the class in `"id"` up front.
// A bare map of strings (`{"SYSTEM_PROMPT": "…"}`) has none of these: it is an app's data, not a prompt.
function looksLikeChatJson(text: string): boolean {
  const head = text.slice(0, 4096);
  if (/"role"\s*:/.test(head) && /"content"\s*:/.test(head)) return true;
  if (/"lc"\s*:\s*1\b/.test(head) && /"(?:Chat)?PromptTemplate"\s*\]/.test(head)) return true;
  const ends = text.length > 8192 ? `${head}\n${text.slice(-4096)}` : text;
  return /"_type"\s*:\s*"(?:prompt|chat)"/.test(ends) && /"template"\s*:/.test(ends);
}

function looksLikeBatchJsonl(text: string): boolean {
  const firstLine =
    text
      .slice(0, 8192)
      .split('\n')
      .find((line) => line.trim() !== '') ?? '';
  return /"custom_id"\s*:/.test(firstLine) || /"messages"\s*:/.test(firstLine);
}

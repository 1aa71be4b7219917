// promptfoo configs (`promptfooconfig.yaml`): each prompt is one request, priced for the first
// provider, with sample variable values taken from the test cases.
//
// Where messages point:
// - An inline prompt's message points at its YAML scalar in the config: `text` is the decoded value
//   (what promptfoo renders), the offsets span the scalar as written (a block scalar from its first
//   content character to its last, without the `|` header).
// - A `file://` prompt's message text is the referenced file's text, and its lines and offsets are
//   positions in THAT file (listed in `references`), because that is where the words are and where an
//   edit changes the count. Diagnostics stay in the config, at the line of the `file://` reference,
//   and so do the variables found in a referenced file: a variable has a line but no file, and a
//   line is only meaningful in the file being reported.
// - A `{label, messages: [{role, content}]}` prompt is one request whose messages point at their
//   `content` scalars, or, for `content: file://…`, into the referenced file, as above.
// - A bare path (`prompts.txt`, `./p.md`) is read like `file://` when the reader finds the file, since
//   promptfoo takes anything that looks like a path for one.
import { isMap, isScalar, isSeq, visit, type Document, type Node, type Scalar, type YAMLError, type YAMLMap } from 'yaml';
import type { BilledParts, ImagePart, NotRead, ParsedPromptFile } from '../types';
import { LineIndex, stripBom } from '../text';
import { addVariables, atLine, atOffset, attachSampleValues, collectVariables, newResult, report, sampleText, setBody, type Place } from './result';
import { asPositiveInteger, asString, pick, yamlErrors } from './frontmatter';
import { findVariables } from './variables';
import { jinjaTemplateProblems } from '../templates/jinja';
import { reportOversizedRenders } from '../templates/oversize';
import { parseJsonLocated, toValue } from './jsonLocate';
import { parseYamlDocument, referencedFileData, tooDeepMessage } from './yamlDocument';
import { extensionOf, resolvePath } from './paths';
import { contentText, messagesFrom, scanChatPairs, toPromptMessage, type ChatNote, type LocatedMessage } from './chatMessages';
import { billedParts, imageOfPart, imagesOfChat, type BilledPartsData } from './billedParts';

/**
 * The files a config refers to, as far as they have been read: the text, undefined when there is
 * no such file (or it has not been read yet), `{ notRead }` when something is there that is not read. `parsePromptFile` reads what a first pass asked for and parses again, so this parser
 * stays synchronous while the reading underneath (a workspace file system) is not.
 */
export type ReadFiles = (path: string) => string | NotRead | undefined;

type PromptEntry = TextEntry | MessagesEntry;

/** A prompt written as one scalar: text, a `file://` reference or a bare path. */
interface TextEntry {
  kind: 'text';
  node: Scalar;
  value: string;
  label: string | null;
}

/** A prompt written as `{label, messages: [{role, content}]}`. */
interface MessagesEntry {
  kind: 'messages';
  node: YAMLMap;
  label: string | null;
}

interface Provider {
  model: string | null;
  maxOutputTokens: number | null;
  /** The provider's `config` as written: its `tools`, `tool_choice` and `response_format` are billed with every prompt. */
  config?: unknown;
}

/** Everything the prompt readers share while one config is parsed. */
interface Context {
  result: ParsedPromptFile;
  text: string;
  lines: LineIndex;
  configDir: string;
  reader: ReadFiles | undefined;
  provider: Provider;
  samples: Map<string, string>;
  /** The samples as data (a test's object or list value), for the template engine. */
  sampleData: Map<string, unknown>;
  /** Variables whose sample was read from a file, with that file's path. */
  sampleFiles: Map<string, string>;
  /** Files read so far: a config often names the same file twice (once per label). */
  files: Map<string, string | NotRead | undefined>;
  /** Characters of referenced prompt text taken so far, against MAX_REFERENCED_CHARACTERS. */
  referencedCharacters: number;
  /** Prompts left out past the bounds, reported once at the end. */
  omitted: { prompts: number; firstLine: number | null };
  /** What the provider config adds to every request (tools, tool_choice, an output schema). */
  billed: BilledPartsData;
}

/**
 * Bounds on what one config makes us price: prompts x files is the combinatorial part of promptfoo
 * (3,000 `file://` lines to one 2 MB file would be 6 GB of text). Past them the rest are counted as
 * omitted and said, and `check` fails rather than pass what it did not see.
 */
export const MAX_PROMPTFOO_PROMPTS = 500;
export const MAX_REFERENCED_CHARACTERS = 4 * 1024 * 1024;

/** A `file://` target once looked at: read, a script we cannot run, or not readable (and reported). */
type Reference = { kind: 'file'; path: string; content: string; extension: string } | { kind: 'script' } | { kind: 'unread' };

const SCRIPT_EXTENSIONS = new Set(['py', 'js', 'mjs', 'cjs', 'ts', 'mts', 'cts']);
const FILE_PREFIX = 'file://';
// What promptfoo would take for a path although it lacks `file://`: one word ending in a prompt file's
// extension (with an optional `:function`). Sentences, templates and quotes are never paths.
const BARE_PATH = /^[^\s{}'"`<>|]+\.(?:txt|md|markdown|j2|jinja2?|njk|json|jsonl|ya?ml|prompty|py|js|mjs|cjs|ts)(?::[A-Za-z_$][\w$]*)?$/i;
const GLOB_CHARS = /[*?[\]{}]/;
// Prompt-management services (`pf://`, `langfuse://`...) hold the text elsewhere; a bare web address
// is left to be the text it is.
const SERVICE_REFERENCE = /^(?!https?:)[a-z][a-z0-9+.-]*:\/\/\S*$/i;

export function parsePromptfooConfig(path: string, text: string, reader?: ReadFiles): ParsedPromptFile {
  const result = newResult(path, 'promptfoo');
  const lines = new LineIndex(text);
  setBody(result, text, lines, 0);

  const parsed = parseYamlDocument(text);
  if (parsed.tooDeep) {
    report(result, 'error', 'too-complex', atOffset(lines, parsed.tooDeep.offset), tooDeepMessage('The config', parsed.tooDeep.limit));
    return result;
  }
  const doc = parsed.doc;
  result.diagnostics.push(...yamlErrors(doc, 0, lines, (error) => unclosedQuote(doc, error, lines)));
  const root = doc.contents;
  if (!isMap(root)) {
    if (doc.errors.length === 0)
      report(result, 'error', 'config-structure', atLine(lines, 1), 'A promptfoo config is a YAML mapping with `prompts`, `providers` and `tests`.');
    return result;
  }

  const data = plainData(doc, result, lines);
  const configDir = resolvePath('', path.slice(0, Math.max(path.lastIndexOf('/'), 0))) ?? '';
  const context: Context = {
    result,
    text,
    lines,
    configDir,
    reader,
    provider: firstProvider(result, root, data, lines),
    sampleFiles: new Map(),
    samples: new Map(),
    sampleData: new Map(),
    files: new Map(),
    referencedCharacters: 0,
    omitted: { prompts: 0, firstLine: null },
    billed: {},
  };
  context.samples = sampleValues(result, root, data, lines, configDir, reader, context.sampleFiles, context.sampleData);
  context.billed = providerBilled(context, keyLine(root, pick(data, 'providers') !== undefined ? 'providers' : 'targets', lines));

  promptEntries(result, root, lines).forEach((entry, index) => {
    if (result.requests.length >= MAX_PROMPTFOO_PROMPTS) return omit(context, entry.node);
    if (entry.kind === 'messages') addMessagesPrompt(context, entry, index);
    else addTextPrompt(context, entry, index);
  });
  if (context.omitted.prompts > 0) {
    report(
      result,
      'warning',
      'too-large',
      atLine(lines, context.omitted.firstLine ?? 1),
      `${context.omitted.prompts} prompt${context.omitted.prompts === 1 ? ' is' : 's are'} not priced: past ${MAX_PROMPTFOO_PROMPTS.toLocaleString('en-US')} prompts or ${MAX_REFERENCED_CHARACTERS / 1024 / 1024} MB of referenced prompt text in one config. Split the config to have them all priced.`,
    );
  }

  // A sample read from a file counts at its size, but its text stays out of reports: a test file may
  // hold data nobody meant to print.
  for (const variable of result.variables) {
    const from = context.sampleFiles.get(variable.name);
    if (from !== undefined && variable.sample !== null) variable.sampleFrom = from;
  }
  attachSampleValues(result, context.sampleData);
  reportOversizedRenders(result, 'jinja', (message) => atLine(lines, result.requests[message.request]?.line ?? 1));

  result.model = result.requests[0]?.model ?? context.provider.model;
  result.maxOutputTokens = result.requests[0]?.maxOutputTokens ?? context.provider.maxOutputTokens;
  return result;
}

/**
 * An unclosed quote is reported by the YAML parser where the file ends; the line the quote opens on
 * is the one the user has to fix, so point there.
 */
function unclosedQuote(doc: Document, error: YAMLError, lines: LineIndex): { offset: number; why: string } | undefined {
  if (error.code !== 'MISSING_CHAR' || !/quote/.test(error.message)) return undefined;
  let offset: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      const range = node.range;
      if (range && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && range[0] < error.pos[0] && error.pos[0] <= range[2]) {
        offset = range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (offset === undefined || lines.lineAt(offset) === lines.lineAt(error.pos[0])) return undefined;
  return { offset, why: `the quote opened on line ${lines.lineAt(offset)} is never closed.` };
}

function plainData(doc: Document, result: ParsedPromptFile, lines: LineIndex): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias bomb ("billion laughs") or the like: not expanded, and said, since providers and
    // tests are then unread.
    report(
      result,
      'error',
      'too-complex',
      atLine(lines, 1),
      `The config cannot be expanded (${error instanceof Error ? error.message : String(error)}): its providers and test values are not read. Use fewer YAML aliases.`,
    );
    return undefined;
  }
}

function omit(context: Context, node: Node): void {
  context.omitted.prompts++;
  context.omitted.firstLine ??= lineOf(node, context.lines);
}

function keyLine(root: YAMLMap, key: string, lines: LineIndex): number {
  for (const pair of root.items) {
    if (isScalar(pair.key) && pair.key.value === key && pair.key.range) return lines.lineAt(pair.key.range[0]);
  }
  return 1;
}

function lineOf(node: Node, lines: LineIndex): number {
  return node.range ? lines.lineAt(node.range[0]) : 1;
}

/** Where a YAML node is written, as a place to point a diagnostic at. */
function placeOf(node: Node, lines: LineIndex): Place {
  return node.range ? { line: lines.lineAt(node.range[0]), range: lines.rangeFrom(node.range[0], node.range[1]) } : atLine(lines, 1);
}

// --- providers ---------------------------------------------------------------------------------

/** The first provider (promptfoo runs every prompt on each; we price the first as written). */
function firstProvider(result: ParsedPromptFile, root: YAMLMap, data: unknown, lines: LineIndex): Provider {
  const key = pick(data, 'providers') !== undefined ? 'providers' : 'targets';
  const raw = pick(data, key);
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  if (list.length === 0) return { model: null, maxOutputTokens: null };
  const line = keyLine(root, key, lines);

  let id: string | null = null;
  let config: unknown;
  const first: unknown = list[0];
  if (typeof first === 'string') {
    id = asString(first);
  } else if (first !== null && typeof first === 'object') {
    if ('id' in first) {
      id = asString(pick(first, 'id'));
      config = pick(first, 'config');
    } else {
      // Older form: `- openai:gpt-4o: {config: {...}}`, the id being the only key.
      const [onlyKey = ''] = Object.keys(first);
      id = asString(onlyKey);
      config = pick(first, onlyKey, 'config');
    }
  }
  if (id?.startsWith(FILE_PREFIX)) {
    report(
      result,
      'info',
      'external-content',
      atLine(lines, line),
      `Providers defined in ${id} are not read: write the provider id (e.g. \`openai:gpt-4o\`) in the config to price the prompts.`,
    );
    id = null;
  }
  if (list.length > 1 && id) {
    report(
      result,
      'info',
      'several-providers',
      atLine(lines, line),
      `${list.length} providers: every prompt runs on each, but requests are priced for the first one (${id}).`,
    );
  }
  return { model: id, maxOutputTokens: providerLimit(config), config };
}

/**
 * The provider config's `tools`, `tool_choice` and `response_format`, each written inline or as a
 * `file://` JSON/YAML file (as promptfoo loads them): sent with every prompt, so billed with each.
 */
function providerBilled(context: Context, line: number): BilledPartsData {
  const config = context.provider.config;
  const value = (key: string) => {
    const written = pick(config, key);
    return typeof written === 'string' && written.trim().startsWith(FILE_PREFIX) ? dataFile(context, written.trim(), key, line) : written;
  };
  return { tools: value('tools'), toolChoice: pick(config, 'tool_choice'), responseFormats: [value('response_format')] };
}

/** A `file://` JSON or YAML file's data, or undefined (and said) when it cannot be read. */
function dataFile(context: Context, written: string, key: string, line: number): unknown {
  const { result, lines } = context;
  const place = atLine(lines, line);
  const reference = readReference(context, written, place);
  if (reference.kind !== 'file') {
    if (reference.kind === 'script')
      report(result, 'info', 'not-counted', place, `\`${key}\` comes from ${written}, a script, which cannot be run here: its tokens are not counted.`);
    return undefined;
  }
  const { content, extension, path } = reference;
  const read = referencedFileData(content, extension, `${path} (\`${key}\`)`);
  if ('error' in read) {
    report(result, 'error', read.code, place, read.error);
    return undefined;
  }
  return read.data;
}

function providerLimit(config: unknown): number | null {
  for (const key of ['max_tokens', 'max_output_tokens', 'maxOutputTokens', 'max_completion_tokens']) {
    const limit = asPositiveInteger(pick(config, key));
    if (limit !== null) return limit;
  }
  return asPositiveInteger(pick(config, 'generationConfig', 'maxOutputTokens'));
}

// --- test variables --------------------------------------------------------------------------

/**
 * The value each variable takes in the first test case that has one: the first test's own vars,
 * then `defaultTest.vars` (which every test inherits), then later tests. A list value is expanded by
 * promptfoo into several cases; its first item stands for them. A `file://` value is the file's text.
 */
function sampleValues(
  result: ParsedPromptFile,
  root: YAMLMap,
  data: unknown,
  lines: LineIndex,
  configDir: string,
  reader: ReadFiles | undefined,
  sampleFiles: Map<string, string>,
  sampleData: Map<string, unknown>,
): Map<string, string> {
  const samples = new Map<string, string>();
  const tests = pick(data, 'tests');
  if (typeof tests === 'string' || (Array.isArray(tests) && tests.some((test) => typeof test === 'string'))) {
    report(
      result,
      'info',
      'external-content',
      atLine(lines, keyLine(root, 'tests', lines)),
      'Test cases loaded from files are not read, so variables they define have no sample value.',
    );
  }
  const testVars = Array.isArray(tests) ? tests.map((test) => pick(test, 'vars')) : [];
  const sources = [testVars[0], pick(data, 'defaultTest', 'vars'), ...testVars.slice(1)];
  for (const vars of sources) {
    if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) continue;
    for (const [name, value] of Object.entries(vars)) {
      if (samples.has(name)) continue;
      const first: unknown = Array.isArray(value) ? value[0] : value;
      const sample = sampleText(first);
      if (sample === null) continue;
      sampleData.set(name, first);
      const fromFile = fileSample(sample, configDir, reader);
      if (fromFile && 'notRead' in fromFile) {
        report(
          result,
          'warning',
          'unreadable-reference',
          atLine(lines, keyLine(root, 'tests', lines)),
          `The sample for {{${name}}}, ${fromFile.path} (${sample}), is not read: ${fromFile.notRead}. Its literal text is counted instead.`,
        );
      }
      samples.set(name, fromFile && 'text' in fromFile ? fromFile.text : sample);
      if (fromFile && 'text' in fromFile) sampleFiles.set(name, fromFile.path);
    }
  }
  return samples;
}

/**
 * The text of a `file://` sample value and the file it came from, why that file is not read, or null
 * when it is not one (or there is no such file).
 */
function fileSample(sample: string, configDir: string, reader: ReadFiles | undefined): { text: string; path: string } | (NotRead & { path: string }) | null {
  if (!sample.startsWith(FILE_PREFIX) || !reader) return null;
  const target = sample.slice(FILE_PREFIX.length);
  if (SCRIPT_EXTENSIONS.has(extensionOf(target))) return null;
  const resolved = resolvePath(configDir, target);
  const content = resolved === null ? undefined : reader(resolved);
  if (content === undefined || resolved === null) return null;
  return typeof content === 'string' ? { text: stripBom(content), path: resolved } : { notRead: content.notRead, path: resolved };
}

// --- prompts ---------------------------------------------------------------------------------

function promptEntries(result: ParsedPromptFile, root: YAMLMap, lines: LineIndex): PromptEntry[] {
  const node = root.get('prompts', true) as Node | undefined;
  if (node === undefined || node === null) {
    report(result, 'warning', 'config-structure', atLine(lines, 1), 'The config has no `prompts`: add a list of prompts (text or `file://` paths).');
    return [];
  }
  const entries: PromptEntry[] = [];
  const add = (scalar: unknown, label: string | null, where: Node) => {
    if (isScalar(scalar) && (typeof scalar.value === 'string' || typeof scalar.value === 'number')) {
      entries.push({ kind: 'text', node: scalar, value: String(scalar.value), label });
    } else {
      report(
        result,
        'warning',
        'config-structure',
        placeOf(where, lines),
        'Skipped a prompt that is neither text, a `file://` path, `{raw|id, label}` nor `{label, messages}`.',
      );
    }
  };
  if (isScalar(node)) add(node, null, node);
  else if (isSeq(node)) {
    for (const item of node.items as Node[]) {
      if (!isMap(item)) add(item, null, item ?? node);
      else if (item.has('messages') && !item.has('raw'))
        entries.push({ kind: 'messages', node: item, label: asString(item.get('label')) ?? asString(item.get('id')) });
      else {
        // promptfoo takes `raw`, else `id`, as the text: a `content` key is ignored, which surprises.
        if (!item.has('raw') && item.has('content')) {
          report(
            result,
            'warning',
            'config-structure',
            placeOf(item, lines),
            'promptfoo ignores `content` in a prompt and sends its `id` as the text: rename `content` to `raw`.',
          );
        }
        add(item.get('raw', true) ?? item.get('id', true), asString(item.get('label')), item);
      }
    }
  } else if (isMap(node)) {
    // Older form: `prompts: {file://a.txt: label_a}`.
    for (const pair of node.items) add(pair.key, isScalar(pair.value) ? asString(pair.value.value) : null, (pair.key as Node) ?? node);
  } else {
    report(result, 'warning', 'config-structure', placeOf(node, lines), '`prompts` should be a prompt or a list of prompts.');
  }
  return entries;
}

/** Sorts a scalar prompt into a `file://` reference, a path written without it, a service reference or text. */
function addTextPrompt(context: Context, entry: TextEntry, index: number): void {
  const { result, lines } = context;
  const written = entry.value.trim();
  const line = lineOf(entry.node, lines);
  const place = placeOf(entry.node, lines);
  if (written.startsWith(FILE_PREFIX)) return addReferencedPrompt(context, entry, written);
  if (/^file:\/(?!\/)/i.test(written)) {
    // promptfoo looks for a file literally named `file:/…` and fails; the intent is plain, so price it.
    const intended = FILE_PREFIX + written.slice('file:/'.length);
    report(
      result,
      'error',
      'reference-syntax',
      place,
      `${written} is not a file reference promptfoo can load (it needs two slashes): write ${intended}. Priced as that file.`,
    );
    return addReferencedPrompt(context, entry, intended);
  }
  if (SERVICE_REFERENCE.test(written)) {
    pushRequest(context, entry.label ?? written, line);
    report(result, 'info', 'external-content', place, `${written} is kept in a prompt-management service, which is not read here: its tokens are not counted.`);
    return;
  }
  if (BARE_PATH.test(written) && context.reader) {
    const target = written.replace(/:[A-Za-z_$][\w$]*$/, '');
    const resolved = resolvePath(context.configDir, target);
    if (GLOB_CHARS.test(target) || (resolved !== null && readFile(context, resolved) !== undefined))
      return addReferencedPrompt(context, entry, FILE_PREFIX + written, entry.label ?? written);
    report(
      result,
      'warning',
      'missing-reference',
      place,
      `${written} looks like a prompt file, but ${resolved ?? target} was not found: promptfoo would fail to load it. Counted as the literal text; fix the path (relative to the config's folder) or reword the prompt.`,
    );
  }
  addInlinePrompt(context, entry, index);
}

function addInlinePrompt(context: Context, entry: TextEntry, index: number): void {
  const { result, text, lines } = context;
  const span = scalarSpan(entry.node, text);
  // promptfoo sends a prompt that is a JSON list of messages as a chat; each message gets the
  // scalar's span, since mapping JSON inside YAML quoting back to the file is not worth its cost.
  const chat = inlineChat(entry.value) ?? [{ role: 'user', text: entry.value, images: [] }];
  const images = chat.flatMap((message, at) => message.images.map((image) => ({ ...image, message: at })));
  const request = pushRequest(context, entry.label ?? `prompt ${index + 1}`, lineOf(entry.node, lines), images);
  for (const message of chat) result.messages.push(toPromptMessage({ role: message.role, text: message.text, ...span }, lines, request));
  collectVariables(result, text, lines, 'jinja', span.start, span.end, context.samples);
  // promptfoo renders prompts with Nunjucks: an unclosed block fails there, as it does in Prompty.
  for (const problem of jinjaTemplateProblems(entry.value))
    report(result, 'error', 'template-syntax', placeOf(entry.node, lines), `${problem.message} The template will not render.`);
}

/** Where a scalar's text is in the file: quotes included, a block scalar's header excluded. */
function scalarSpan(node: Scalar, text: string): { start: number; end: number } {
  const [start, valueEnd] = node.range ?? [0, 0];
  if (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') return { start, end: valueEnd };
  const headerEnd = text.indexOf('\n', start);
  let contentStart = headerEnd === -1 || headerEnd >= valueEnd ? valueEnd : headerEnd + 1;
  let end = valueEnd;
  while (end > contentStart && /\s/.test(text.charAt(end - 1))) end--;
  while (contentStart < end && /\s/.test(text.charAt(contentStart))) contentStart++;
  return { start: contentStart, end };
}

function inlineChat(value: string): { role: string; text: string; images: ImagePart[] }[] | null {
  if (!value.trim().startsWith('[')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((item) => typeof pick(item, 'role') === 'string')) return null;
  return parsed.map((item) => {
    const content = pick(item, 'content');
    const role = pick(item, 'role') as string;
    if (!Array.isArray(content)) return { role, text: typeof content === 'string' ? content : (sampleText(content) ?? ''), images: [] };
    // A list of parts: the text parts are text; image parts are billed by the image rule, not as their JSON.
    const images = content.map((part) => imageOfPart(part, -1)).filter((image): image is ImagePart => image !== null);
    const texts = content
      .filter((part) => imageOfPart(part, -1) === null)
      .map((part) => (typeof part === 'string' ? part : (sampleText(pick(part, 'text')) ?? sampleText(part) ?? '')));
    return { role, text: texts.join('\n'), images };
  });
}

function addReferencedPrompt(context: Context, entry: TextEntry, written: string, label = entry.label ?? written): void {
  const { result, lines } = context;
  const line = lineOf(entry.node, lines);
  const place = placeOf(entry.node, lines);
  const reference = readReference(context, written, place);
  if (reference.kind === 'unread') return;
  if (reference.kind === 'script') {
    pushRequest(context, label, line);
    report(
      result,
      'info',
      'not-counted',
      place,
      `${written} is a prompt function, which cannot be evaluated here: its tokens are not counted. Save a rendered example as a .txt or .json prompt to price it.`,
    );
    return;
  }
  const { content, path, extension } = reference;
  if (context.referencedCharacters + content.length > MAX_REFERENCED_CHARACTERS) return omit(context, entry.node);
  context.referencedCharacters += content.length;
  const fileLines = new LineIndex(content);
  for (const problem of jinjaTemplateProblems(content))
    report(result, 'error', 'template-syntax', place, `${path} line ${fileLines.lineAt(problem.offset)}: ${problem.message} The template will not render.`);
  const notes: ChatNote[] = [];
  const prompts = promptsInFile(content, extension, notes);
  for (const note of notes) report(result, note.severity, note.code, place, `${path} line ${fileLines.lineAt(note.offset)}: ${note.message}`);

  const images = imagesInFile(content, extension, prompts.length);
  prompts.forEach((messages, index) => {
    const request = pushRequest(context, prompts.length > 1 ? `${label} (${index + 1}/${prompts.length})` : label, line, images[index]);
    for (const message of messages) result.messages.push(toPromptMessage(message, fileLines, request));
  });
  addVariablesAt(result, content, line, context.samples);
}

/**
 * Resolves and reads a `file://` reference, reporting at `place` why it cannot be read. A script is
 * returned unread, for the caller to say what is left uncounted.
 */
function readReference(context: Context, written: string, place: Place): Reference {
  const { result } = context;
  // `file://prompt.py:make_prompt` names a function inside the file.
  const target = written.slice(FILE_PREFIX.length).replace(/:[A-Za-z_$][\w$]*$/, '');
  const extension = extensionOf(target);
  if (SCRIPT_EXTENSIONS.has(extension)) return { kind: 'script' };
  if (GLOB_CHARS.test(target)) {
    report(
      result,
      'warning',
      'reference-not-expanded',
      place,
      `${written} is a glob, which is not expanded here: list the prompt files one by one to have them priced.`,
    );
    return { kind: 'unread' };
  }
  const resolved = resolvePath(context.configDir, target);
  if (resolved === null) {
    report(result, 'error', 'reference-outside-folder', place, `${written} points outside the scanned folder: use a path relative to the config's folder.`);
    return { kind: 'unread' };
  }
  if (!context.reader) {
    report(result, 'warning', 'reference-not-read', place, `${written} was not read (no file reader was provided), so it is not counted.`);
    return { kind: 'unread' };
  }
  const raw = readFile(context, resolved);
  if (raw === undefined) {
    report(
      result,
      'error',
      'missing-reference',
      place,
      `Prompt file ${resolved} (${written}) not found: fix the path, which is relative to the config's folder.`,
    );
    return { kind: 'unread' };
  }
  if (typeof raw !== 'string') {
    report(
      result,
      'error',
      'unreadable-reference',
      place,
      `Prompt file ${resolved} (${written}) is not read: ${raw.notRead}. Point the reference at a text file.`,
    );
    return { kind: 'unread' };
  }
  if (!result.references.includes(resolved)) result.references.push(resolved);
  return { kind: 'file', path: resolved, content: stripBom(raw), extension };
}

function readFile(context: Context, path: string): string | NotRead | undefined {
  if (!context.files.has(path)) context.files.set(path, context.reader?.(path));
  return context.files.get(path);
}

// --- chat prompts written in the config ------------------------------------------------------

function addMessagesPrompt(context: Context, entry: MessagesEntry, index: number): void {
  const { result, text, lines } = context;
  const list = entry.node.get('messages', true) as Node | undefined;
  if (!isSeq(list)) {
    report(
      result,
      'warning',
      'config-structure',
      placeOf(list ?? entry.node, lines),
      '`messages` should be a list of `{role, content}` mappings: this prompt is skipped.',
    );
    return;
  }
  const request = pushRequest(context, entry.label ?? `prompt ${index + 1}`, lineOf(entry.node, lines));
  for (const item of list.items as Node[]) {
    const body = isMap(item) ? item.get('content', true) : undefined;
    if (!isMap(item) || !isScalar(body) || typeof body.value !== 'string') {
      report(
        result,
        'warning',
        'invalid-message',
        placeOf(item ?? list, lines),
        'Skipped a message that is not `{role, content}` with text or a `file://` path as its content.',
      );
      continue;
    }
    let role = asString(item.get('role'));
    if (!role) {
      report(
        result,
        'warning',
        'invalid-message',
        placeOf(item, lines),
        'Message has no `role`; counted as a user message. Add `role: user` (or system/assistant).',
      );
      role = 'user';
    }
    const value = body.value.trim();
    if (value.startsWith(FILE_PREFIX)) {
      addReferencedMessage(context, body, value, role, request);
      continue;
    }
    const span = scalarSpan(body, text);
    result.messages.push(toPromptMessage({ role, text: body.value, ...span }, lines, request));
    collectVariables(result, text, lines, 'jinja', span.start, span.end, context.samples);
  }
}

/** A message whose content is a file: its text, located in that file (see the header). */
function addReferencedMessage(context: Context, node: Scalar, written: string, role: string, request: number): void {
  const { result, lines } = context;
  const line = lineOf(node, lines);
  const place = placeOf(node, lines);
  const reference = readReference(context, written, place);
  if (reference.kind === 'unread') return;
  if (reference.kind === 'script') {
    report(
      result,
      'info',
      'not-counted',
      place,
      `${written} is a script, which cannot be evaluated here: this ${role} message is not counted. Save its output as a .txt or .json file to price it.`,
    );
    return;
  }
  const { content, path, extension } = reference;
  if (context.referencedCharacters + content.length > MAX_REFERENCED_CHARACTERS) return omit(context, node);
  context.referencedCharacters += content.length;
  const fileLines = new LineIndex(content);
  for (const problem of jinjaTemplateProblems(content))
    report(result, 'error', 'template-syntax', place, `${path} line ${fileLines.lineAt(problem.offset)}: ${problem.message} The template will not render.`);
  const notes: ChatNote[] = [];
  const message = { role, ...contentInFile(content, extension, notes) };
  for (const note of notes) report(result, note.severity, note.code, place, `${path} line ${fileLines.lineAt(note.offset)}: ${note.message}`);
  // Image parts of a content file are billed by the image rule, placed at this message.
  if (extension === 'json') {
    const at = result.messages.filter((m) => m.request === request).length;
    const parts = parseJsonLocated(content).root;
    const images = parts?.kind === 'array' ? parts.items.map((part) => imageOfPart(toValue(part), -1)) : [];
    addImages(
      context,
      request,
      images.filter((image): image is ImagePart => image !== null).map((image) => ({ ...image, message: at })),
    );
  }
  result.messages.push(toPromptMessage(message, fileLines, request));
  addVariablesAt(result, content, line, context.samples);
}

/**
 * A file used as one message's content: a JSON string or list of content parts is that content, any
 * other file (JSON objects included) is sent as written.
 */
function contentInFile(content: string, extension: string, notes: ChatNote[]): { text: string; start: number; end: number } {
  if (extension === 'json') {
    const root = parseJsonLocated(content).root;
    if (root?.kind === 'string') return { text: root.value, start: root.start, end: root.end };
    if (
      root?.kind === 'array' &&
      root.items.every((part) => part.kind === 'string' || (part.kind === 'object' && part.entries.some((e) => e.key === 'type')))
    ) {
      return { text: contentText(root, content, notes), start: root.start, end: root.end };
    }
  }
  return { text: content, start: 0, end: content.length };
}

/**
 * The images of each prompt a referenced JSON or JSONL chat file holds (in `promptsInFile`'s order):
 * placed by message index, since their offsets are in that file.
 */
function imagesInFile(content: string, extension: string, promptCount: number): ImagePart[][] {
  const none = Array.from({ length: promptCount }, (): ImagePart[] => []);
  if (extension === 'json') {
    const root = parseJsonLocated(content).root;
    return root?.kind === 'array' ? [imagesOfChat(root, true)] : none;
  }
  if (extension !== 'jsonl') return none;
  const images: ImagePart[][] = [];
  const lineStart = /[^\n]*\n?/g;
  for (let m = lineStart.exec(content); m && m[0] !== ''; m = lineStart.exec(content)) {
    if (!/\S/.test(m[0])) continue;
    const root = parseJsonLocated(content, m.index, m.index + m[0].replace(/\r?\n$/, '').length).root;
    images.push(root?.kind === 'array' ? imagesOfChat(root, true) : []);
  }
  return images.length === promptCount ? images : none;
}

/** The prompts a referenced file holds, each a list of messages located in that file. */
function promptsInFile(content: string, extension: string, notes: ChatNote[]): LocatedMessage[][] {
  const wholeFile: LocatedMessage[] = [{ role: 'user', text: content, start: 0, end: content.length }];
  switch (extension) {
    case 'json':
      return [jsonChat(content, 0, content.length, notes) ?? wholeFile];
    case 'jsonl': {
      const prompts: LocatedMessage[][] = [];
      const lineStart = /[^\n]*\n?/g;
      for (let m = lineStart.exec(content); m && m[0] !== ''; m = lineStart.exec(content)) {
        const end = m.index + m[0].replace(/\r?\n$/, '').length;
        if (/\S/.test(m[0])) prompts.push(jsonChat(content, m.index, end, notes) ?? [{ role: 'user', text: content.slice(m.index, end), start: m.index, end }]);
      }
      return prompts;
    }
    case 'yaml':
    case 'yml':
      return [yamlChat(content) ?? wholeFile];
    case 'txt':
      return splitTextPrompts(content);
    default:
      return [wholeFile];
  }
}

/** A JSON chat prompt; promptfoo renders Nunjucks before parsing, so a template falls back to a scan. */
function jsonChat(content: string, start: number, end: number, notes: ChatNote[]): LocatedMessage[] | undefined {
  const parsed = parseJsonLocated(content, start, end);
  if (!parsed.root) {
    const scanned = scanChatPairs(content.slice(start, end)).map((message) => ({ ...message, start: message.start + start, end: message.end + start }));
    if (scanned.length === 0) return undefined;
    notes.push({
      severity: 'info',
      code: 'json-template',
      offset: parsed.error?.offset ?? start,
      message: `not JSON until rendered (${parsed.error?.message ?? 'unreadable'}); messages were found by a rough scan.`,
    });
    return scanned;
  }
  if (parsed.root.kind === 'array') return messagesFrom(parsed.root, content, notes);
  return undefined;
}

/** A YAML chat prompt: a list of `{role, content}` mappings. */
function yamlChat(content: string): LocatedMessage[] | undefined {
  // Too deep to be a chat: sent as written, like any file that is not a list of messages.
  const doc = parseYamlDocument(content).doc;
  if (!doc || doc.errors.length > 0 || !isSeq(doc.contents)) return undefined;
  const messages: LocatedMessage[] = [];
  for (const item of doc.contents.items) {
    if (!isMap(item)) return undefined;
    const role = asString(item.get('role'));
    const body = item.get('content', true);
    if (!role || !isScalar(body) || typeof body.value !== 'string') return undefined;
    const span = scalarSpan(body, content);
    messages.push({ role, text: body.value, start: span.start, end: span.end });
  }
  return messages.length > 0 ? messages : undefined;
}

/** promptfoo splits a .txt prompt file into several prompts at lines holding only `---`. */
function splitTextPrompts(content: string): LocatedMessage[][] {
  const prompts: LocatedMessage[][] = [];
  const delimiter = /^---[ \t]*\r?$/gm;
  let pieceStart = 0;
  const addPiece = (end: number) => {
    let start = pieceStart;
    while (start < end && /\s/.test(content.charAt(start))) start++;
    while (end > start && /\s/.test(content.charAt(end - 1))) end--;
    if (end > start) prompts.push([{ role: 'user', text: content.slice(start, end), start, end }]);
  };
  for (let m = delimiter.exec(content); m; m = delimiter.exec(content)) {
    addPiece(m.index);
    pieceStart = m.index + m[0].length;
  }
  addPiece(content.length);
  return prompts.length > 0 ? prompts : [[{ role: 'user', text: content, start: 0, end: content.length }]];
}

function pushRequest(context: Context, label: string, line: number, images: ImagePart[] = []): number {
  const billed: BilledParts | null = billedParts({ ...context.billed, images });
  context.result.requests.push({
    label,
    line,
    model: context.provider.model,
    maxOutputTokens: context.provider.maxOutputTokens,
    ...(billed ? { billed } : {}),
  });
  return context.result.requests.length - 1;
}

/** Adds images found after the request was opened (a message read from a file). */
function addImages(context: Context, request: number, images: ImagePart[]): void {
  const entry = context.result.requests[request];
  if (!entry || images.length === 0) return;
  const billed = billedParts({ ...context.billed, images: [...(entry.billed?.images ?? []), ...images] });
  if (billed) entry.billed = billed;
}

/** Variables of a referenced file, recorded at the line of its `file://` reference (see the header). */
function addVariablesAt(result: ParsedPromptFile, content: string, line: number, samples: ReadonlyMap<string, string>): void {
  addVariables(result, findVariables(content, 'jinja'), () => line, samples);
}

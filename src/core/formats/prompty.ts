// Prompty (`.prompty`, microsoft/prompty): YAML frontmatter describing the model and inputs, then a
// Jinja2 (or Mustache) template cut into messages by role lines such as `system:` or `# user:`.
// Both the v1 shape (model.configuration / model.parameters / inputs map / sample) and the v2 shape
// (model.id / model.options / inputs or inputSchema.properties lists) are read.
import type { ImagePart, NotRead, ParsedPromptFile } from '../types';
import type { LineIndex } from '../text';
import { asString, declaredOutputLimit, isRecord, modelNameField, pick, readFrontmatterFile, type Frontmatter } from './frontmatter';
import { checkHandlebarsBlocks } from './variables';
import { jinjaTemplateProblems } from '../templates/jinja';
import { reportOversizedRenders } from '../templates/oversize';
import { atLine, atOffset, attachSampleValues, collectVariables, declareSingleRequest, fileNameOf, report, sampleText } from './result';
import { splitIntoMessages, type RoleMarker } from './plainText';
import { billedParts, imageAt } from './billedParts';
import { extensionOf, resolvePath } from './paths';
import { referencedFileData } from './yamlDocument';

/** Reads a file the Prompty file names (path relative to the scanned folder); undefined when it cannot be had. */
export type ReadFiles = (path: string) => string | NotRead | undefined;

// `${file:functions.json}`: the runtime loads the value from that file, relative to the .prompty file.
const FILE_REFERENCE = /^\$\{file:([^}]+)\}$/;

// The Prompty runtime's role boundary: a line holding only the role, optionally `#`-prefixed and
// with `[key=value]` attributes, then a colon. `developer` and `tool` are accepted by newer runtimes.
const ROLE_LINE = /^[ \t]*#?[ \t]*(system|user|assistant|developer|function|tools?)(?:\[[^\]\n]*\])?[ \t]*:[ \t]*\r?$/gim;

// An input declared as a bare type (`question: string`) carries no sample value.
const TYPE_NAMES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'list', 'thread', 'image', 'file']);

export function parsePrompty(path: string, text: string, reader?: ReadFiles): ParsedPromptFile {
  const { result, lines, frontmatter, meta, bodyStart, body } = readFrontmatterFile(path, text, 'prompty', {
    allowCommentHeader: false,
    expected: '`model:`, `inputs:`, ...',
    ignoredBy: 'Prompty',
  });
  const markers: RoleMarker[] = [];
  for (const m of body.matchAll(ROLE_LINE)) {
    const offset = bodyStart + m.index + (m[0].length - m[0].trimStart().length);
    markers.push({ offset, end: bodyStart + m.index + m[0].length, role: (m[1] ?? '').toLowerCase() });
  }
  splitIntoMessages(result, text, lines, bodyStart, text.length, markers, 'system');

  const mustache = templateFormat(meta) === 'mustache';
  const sampleValues = new Map<string, unknown>();
  collectVariables(result, text, lines, mustache ? 'handlebars' : 'jinja', bodyStart, text.length, samples(result, meta, frontmatter, lines, sampleValues));
  attachSampleValues(result, sampleValues);
  if (!mustache) reportOversizedRenders(result, 'jinja', (message) => atLine(lines, message.startLine));
  const problems = mustache ? checkHandlebarsBlocks(body) : jinjaTemplateProblems(body);
  for (const problem of problems) {
    report(result, 'error', 'template-syntax', atOffset(lines, bodyStart + problem.offset), `${problem.message} The template will not render.`);
  }

  const model = modelName(result, meta, frontmatter, lines);
  const maxOutputTokens = declaredOutputLimit(result, meta, frontmatter, lines, OUTPUT_LIMIT_KEYS);
  declareSingleRequest(result, asString(meta.name) ?? fileNameOf(path), frontmatter.keyLine('model') ?? 1, model, maxOutputTokens);

  const images: ImagePart[] = [];
  for (const image of markdownImages(body)) images.push(imageAt(image.url, null, bodyStart + image.offset));
  const parameter = (key: string) => {
    const keyPath = ['model', 'parameters', key];
    const value = pick(meta, ...keyPath);
    return typeof value === 'string'
      ? referencedData(result, path, value, reader, atLine(lines, frontmatter.keyLine(...keyPath) ?? frontmatter.startLine))
      : value;
  };
  const billed = billedParts({
    tools: parameter('tools') ?? pick(meta, 'model', 'options', 'tools') ?? (Array.isArray(meta.tools) ? meta.tools : undefined),
    toolChoice: pick(meta, 'model', 'parameters', 'tool_choice'),
    responseFormats: [parameter('response_format')],
    images,
  });
  if (billed && result.requests[0]) result.requests[0].billed = billed;
  return result;
}

/**
 * The markdown images of a body (`![alt](url "title")`), which the Prompty runtime sends as image parts
 * (a local file inline). One pass: each search below starts where the last one ended, so a file of
 * `![` without closers stays linear.
 */
export function markdownImages(body: string): { url: string; offset: number; end: number }[] {
  const images: { url: string; offset: number; end: number }[] = [];
  const next = (pattern: RegExp, from: number, cached: number) => {
    if (cached >= from) return cached;
    pattern.lastIndex = from;
    const m = pattern.exec(body);
    return m ? m.index : body.length;
  };
  let bracket = -1;
  let newline = -1;
  let urlEnd = -1;
  let close = -1;
  let lineEnd = -1;
  for (let at = body.indexOf('!['); at !== -1; at = body.indexOf('![', at + 2)) {
    bracket = next(/\]/g, at + 2, bracket);
    newline = next(/\n/g, at + 2, newline);
    if (bracket >= newline || body[bracket + 1] !== '(') continue;
    urlEnd = next(/[)\s]/g, bracket + 2, urlEnd);
    if (urlEnd === bracket + 2) continue;
    // As the runtime's pattern: the image ends with a `)` (after an optional title) on the same line.
    close = next(/\)/g, urlEnd, close);
    lineEnd = next(/\n/g, urlEnd, lineEnd);
    if (close >= lineEnd) continue;
    images.push({ url: body.slice(bracket + 2, urlEnd), offset: at, end: close + 1 });
  }
  return images;
}

/** A message's text as the runtime sends it: its markdown images are image parts, not text. */
export function withoutMarkdownImages(text: string): string {
  const images = markdownImages(text);
  if (images.length === 0) return text;
  let kept = '';
  let from = 0;
  for (const image of images) {
    if (image.offset < from) continue;
    kept += text.slice(from, image.offset);
    from = image.end;
  }
  return kept + text.slice(from);
}

/**
 * A parameter written as `${file:functions.json}`: the JSON (or YAML) of that file, read relative to
 * the .prompty file; undefined, and said, when it cannot be read. Any other text is not data.
 */
function referencedData(result: ParsedPromptFile, path: string, value: string, reader: ReadFiles | undefined, place: ReturnType<typeof atLine>): unknown {
  const m = FILE_REFERENCE.exec(value.trim());
  if (!m) return undefined;
  const written = (m[1] ?? '').trim();
  const resolved = resolvePath(path.slice(0, Math.max(path.lastIndexOf('/'), 0)), written);
  if (resolved === null) {
    report(result, 'error', 'reference-outside-folder', place, `${value} points outside the scanned folder: use a path relative to the .prompty file.`);
    return undefined;
  }
  if (!reader) {
    report(result, 'warning', 'reference-not-read', place, `${value} was not read (no file reader was provided), so it is not counted.`);
    return undefined;
  }
  const content = reader(resolved);
  if (content === undefined) {
    report(result, 'error', 'missing-reference', place, `${resolved} (${value}) not found: fix the path, which is relative to the .prompty file.`);
    return undefined;
  }
  if (typeof content !== 'string') {
    report(
      result,
      'error',
      'unreadable-reference',
      place,
      `${resolved} (${value}) is not read: ${content.notRead}. Point the reference at a JSON or YAML file.`,
    );
    return undefined;
  }
  if (!result.references.includes(resolved)) result.references.push(resolved);
  const read = referencedFileData(content, extensionOf(resolved), resolved);
  if ('error' in read) {
    report(result, 'error', read.code, place, read.error);
    return undefined;
  }
  return read.data;
}

/** `template: mustache`, `template: {format: mustache}` (v1) or `template: {format: {kind: mustache}}` (v2). */
function templateFormat(meta: Record<string, unknown>): string {
  const template = meta.template;
  const format = asString(template) ?? asString(pick(template, 'format')) ?? asString(pick(template, 'format', 'kind')) ?? asString(pick(template, 'type'));
  return (format ?? 'jinja2').toLowerCase();
}

/**
 * The deployment or model the request goes to. Azure deployments are named by the user and often
 * match the model (`gpt-4o`); they are the best name the file gives.
 */
function modelName(result: ParsedPromptFile, meta: Record<string, unknown>, frontmatter: Frontmatter, lines: LineIndex): string | null {
  const model = meta.model;
  const candidates: [unknown, (string | number)[]][] = [
    [pick(model, 'configuration', 'azure_deployment'), ['model', 'configuration', 'azure_deployment']],
    [pick(model, 'configuration', 'name'), ['model', 'configuration', 'name']],
    [pick(model, 'configuration', 'model'), ['model', 'configuration', 'model']],
    [pick(model, 'connection', 'azure_deployment'), ['model', 'connection', 'azure_deployment']],
    [pick(model, 'connection', 'model'), ['model', 'connection', 'model']],
    [pick(model, 'id'), ['model', 'id']],
    [model, ['model']],
  ];
  for (const [value, keyPath] of candidates) {
    // The top-level `model:` is a mapping in most files; only a name or a mapping is accepted there.
    if (keyPath.length === 1 && isRecord(value)) continue;
    const name = modelNameField(result, value, frontmatter.keyLine(...keyPath) ?? frontmatter.startLine, lines, keyPath.join('.'));
    if (name === null) continue;
    const env = /^\$\{env:([^:}]+)(?::([^}]*))?\}$/.exec(name);
    if (!env) return name;
    if (env[2]?.trim()) return env[2].trim();
    report(
      result,
      'info',
      'external-content',
      atLine(lines, frontmatter.keyLine(...keyPath) ?? frontmatter.startLine),
      `The model comes from the environment variable \`${env[1]}\`, which is only known at run time: choose a model to price this prompt.`,
    );
    return null;
  }
  return null;
}

/** v1 `model.parameters.max_tokens`, v2 `model.options.maxOutputTokens`. */
const OUTPUT_LIMIT_KEYS: string[][] = [
  ['model', 'options', 'maxOutputTokens'],
  ['model', 'parameters', 'max_completion_tokens'],
  ['model', 'parameters', 'max_tokens'],
  ['model', 'options', 'max_tokens'],
];

/**
 * Sample values for the template's variables: the top-level `sample` map wins, then each input's
 * `sample`, `example` or `default` (or the input's value itself when it is given as a bare value).
 */
function samples(
  result: ParsedPromptFile,
  meta: Record<string, unknown>,
  frontmatter: Frontmatter,
  lines: LineIndex,
  values: Map<string, unknown>,
): Map<string, string> {
  const found = new Map<string, string>();
  const offer = (name: unknown, value: unknown): void => {
    const text = sampleText(value);
    if (typeof name === 'string' && text !== null && !found.has(name)) {
      found.set(name, text);
      values.set(name, value);
    }
  };
  for (const key of ['sample', 'inputs']) {
    if (typeof meta[key] === 'string') {
      report(
        result,
        'info',
        'external-content',
        atLine(lines, frontmatter.keyLine(key) ?? frontmatter.startLine),
        `\`${key}\` points to another file (\`${String(meta[key])}\`), which is not read here: its sample values are not used.`,
      );
    }
  }
  if (isRecord(meta.sample)) for (const [name, value] of Object.entries(meta.sample)) offer(name, value);

  const inputs = [meta.inputs, pick(meta, 'inputSchema', 'properties')];
  for (const declared of inputs) {
    if (Array.isArray(declared)) {
      for (const input of declared) if (isRecord(input)) offer(input.name, input.sample ?? input.example ?? input.default);
    } else if (isRecord(declared)) {
      for (const [name, input] of Object.entries(declared)) {
        if (isRecord(input)) offer(name, input.sample ?? input.example ?? input.default);
        else if (!(typeof input === 'string' && TYPE_NAMES.has(input))) offer(name, input);
      }
    }
  }
  return found;
}

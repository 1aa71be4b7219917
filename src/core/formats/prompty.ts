// Prompty (`.prompty`, microsoft/prompty): YAML frontmatter describing the model and inputs, then a
// Jinja2 (or Mustache) template cut into messages by role lines such as `system:` or `# user:`.
// Both the v1 shape (model.configuration / model.parameters / inputs map / sample) and the v2 shape
// (model.id / model.options / inputs or inputSchema.properties lists) are read.
import type { ParsedPromptFile } from '../types';
import type { LineIndex } from '../text';
import { asString, declaredOutputLimit, isRecord, modelNameField, pick, readFrontmatterFile, type Frontmatter } from './frontmatter';
import { checkHandlebarsBlocks } from './variables';
import { jinjaTemplateProblems } from '../templates/jinja';
import { reportOversizedRenders } from '../templates/oversize';
import { atLine, atOffset, attachSampleValues, collectVariables, declareSingleRequest, fileNameOf, report, sampleText } from './result';
import { splitIntoMessages, type RoleMarker } from './plainText';

// The Prompty runtime's role boundary: a line holding only the role, optionally `#`-prefixed and
// with `[key=value]` attributes, then a colon. `developer` and `tool` are accepted by newer runtimes.
const ROLE_LINE = /^[ \t]*#?[ \t]*(system|user|assistant|developer|function|tools?)(?:\[[^\]\n]*\])?[ \t]*:[ \t]*\r?$/gim;

// An input declared as a bare type (`question: string`) carries no sample value.
const TYPE_NAMES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'list', 'thread', 'image', 'file']);

export function parsePrompty(path: string, text: string): ParsedPromptFile {
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
  return result;
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

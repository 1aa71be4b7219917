// Dotprompt (`.prompt`, Firebase Genkit / google/dotprompt): an optional `#` comment header, YAML
// frontmatter (model, config, input schema and defaults), then a Handlebars template whose
// `{{role "..."}}` and `{{history}}` helpers cut it into messages.
import type { ImagePart, ParsedPromptFile } from '../types';
import type { LineIndex } from '../text';
import { asString, declaredOutputLimit, isRecord, modelNameField, pick, readFrontmatterFile, type Frontmatter } from './frontmatter';
import { checkHandlebarsBlocks } from './variables';
import { handlebarsProblem } from './handlebarsCheck';
import { reportOversizedRenders } from '../templates/oversize';
import { atLine, atOffset, attachSampleValues, collectVariables, declareSingleRequest, fileNameOf, report, sampleText } from './result';
import { splitIntoMessages, type RoleMarker } from './plainText';
import { billedParts, imageAt, jsonOf } from './billedParts';
import { picoschemaToJsonSchema } from './picoschema';

// Bounded repetitions ({0,N}) keep these linear on untrusted text with an opener and no closer.
const ROLE_HELPER = /\{\{~?\s*role\s+(?:"([^"\n]{0,100})"|'([^'\n]{0,100})')\s*~?\}\}/g;
const HISTORY_HELPER = /\{\{~?\s*history\s*~?\}\}/g;
const PARTIAL = /\{\{~?\s*>\s*([\w./-]+)[^}]{0,500}\}\}/g;
const MEDIA_HELPER = /\{\{~?\s*media\b[^}]{0,500}\}\}/g;

// Genkit's roles; `model` is the assistant. Anything else fails when the prompt runs.
const ROLES: ReadonlyMap<string, string> = new Map([
  ['system', 'system'],
  ['user', 'user'],
  ['model', 'assistant'],
  ['tool', 'tool'],
]);

export function parseDotprompt(path: string, text: string): ParsedPromptFile {
  const { result, lines, frontmatter, meta, bodyStart, body } = readFrontmatterFile(path, text, 'dotprompt', {
    allowCommentHeader: true,
    expected: '`model:`, `config:`, `input:`, ...',
    ignoredBy: 'Dotprompt',
  });
  // A match of `body` as a place in the file.
  const at = (m: RegExpMatchArray) => atOffset(lines, bodyStart + (m.index ?? 0), bodyStart + (m.index ?? 0) + m[0].length);

  const markers: RoleMarker[] = [];
  for (const m of body.matchAll(ROLE_HELPER)) {
    const written = m[1] ?? m[2] ?? '';
    if (!/^[a-z]+$/.test(written)) {
      // The runtime only recognises lowercase role names: anything else stays in the text as written.
      report(
        result,
        'warning',
        'unknown-role',
        at(m),
        `\`${m[0]}\` is not a role switch: Dotprompt role names are lowercase (\`system\`, \`user\`, \`model\`, \`tool\`).`,
      );
      continue;
    }
    const role = ROLES.get(written);
    if (role === undefined) {
      report(
        result,
        'warning',
        'unknown-role',
        at(m),
        `\`${m[0]}\`: Genkit roles are \`system\`, \`user\`, \`model\` and \`tool\`; a request with role \`${written}\` is rejected.`,
      );
    }
    markers.push({ offset: bodyStart + m.index, end: bodyStart + m.index + m[0].length, role: role ?? written });
  }
  for (const m of body.matchAll(HISTORY_HELPER)) {
    // The runtime inserts the conversation here and continues in a `model` message.
    markers.push({ offset: bodyStart + m.index, end: bodyStart + m.index + m[0].length, role: 'assistant' });
    report(result, 'info', 'not-counted', at(m), '`{{history}}` inserts the conversation so far at run time; those messages are not counted here.');
  }
  markers.sort((a, b) => a.offset - b.offset);
  // Text before any role helper is a user message, as in the Dotprompt runtime.
  splitIntoMessages(result, text, lines, bodyStart, text.length, markers, 'user');

  for (const m of body.matchAll(PARTIAL)) {
    report(result, 'info', 'not-counted', at(m), `The partial \`${m[1]}\` is inserted at run time (from \`_${m[1]}.prompt\`); its text is not counted here.`);
  }
  const images: ImagePart[] = [];
  for (const m of body.matchAll(MEDIA_HELPER)) {
    const contentType = mediaArgument(m[0], 'contentType');
    if (contentType && !/^image\//i.test(contentType.value)) {
      report(
        result,
        'info',
        'not-counted',
        at(m),
        `Media of type ${contentType.value} is not counted: only images are priced (audio and video tokens depend on their length).`,
      );
      continue;
    }
    // An image: its size is known only from an inline data: URL, written here or as the variable's default.
    const url = mediaArgument(m[0], 'url');
    const source = url === null ? '' : url.quoted ? url.value : (sampleText(pick(meta, 'input', 'default', url.value)) ?? '');
    const image = imageAt(source, null, bodyStart + m.index);
    images.push(image);
    if (image.width === null)
      report(
        result,
        'info',
        'external-content',
        at(m),
        "Media (`{{media}}`) is priced as an image by each provider's rule; its size is not in the file, so 1024x1024 px is assumed (shown in the plan's assumptions).",
      );
  }
  // An unbalanced block is reported where it opens (the engine only notices at the end of the file);
  // anything else Handlebars rejects is reported with the engine's own message and line.
  const blocks = checkHandlebarsBlocks(body);
  for (const problem of blocks) {
    report(result, 'error', 'template-syntax', atOffset(lines, bodyStart + problem.offset), `${problem.message} The template will not render.`);
  }
  const engine = blocks.length ? null : handlebarsProblem(body);
  if (engine) {
    const line = Math.min(lines.lineAt(bodyStart) + engine.line - 1, lines.lineAt(text.length));
    if (engine.notChecked) report(result, 'warning', 'too-complex', atLine(lines, line), engine.message);
    else report(result, 'error', 'template-syntax', atLine(lines, line), `${engine.message} The template will not render.`);
  }

  const defaults = pick(meta, 'input', 'default');
  const samples = new Map<string, string>();
  if (isRecord(defaults)) {
    for (const [name, value] of Object.entries(defaults)) {
      const sample = sampleText(value);
      if (sample !== null) samples.set(name, sample);
    }
  }
  collectVariables(result, text, lines, 'handlebars', bodyStart, text.length, samples);
  addDeclaredOnlyInputs(result, meta, frontmatter, samples);
  if (isRecord(defaults)) attachSampleValues(result, new Map(Object.entries(defaults)));
  result.variables.sort((a, b) => a.line - b.line);
  reportOversizedRenders(result, 'handlebars', (message) => atLine(lines, message.startLine));

  const model = modelNameField(result, meta.model, frontmatter.keyLine('model') ?? frontmatter.startLine, lines);
  const maxOutputTokens = outputLimit(result, meta, frontmatter, lines);
  declareSingleRequest(result, asString(meta.name) ?? fileNameOf(path), frontmatter.keyLine('model') ?? 1, model, maxOutputTokens);
  const billed = billedParts({ ...toolsDeclared(meta), responseSchema: outputSchema(result, meta, frontmatter, lines), images });
  if (billed && result.requests[0]) result.requests[0].billed = billed;
  return result;
}

/** `{{media url=… contentType=…}}`: an argument's value, and whether it was written as a quoted literal (else it names a variable). */
function mediaArgument(tag: string, name: string): { value: string; quoted: boolean } | null {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]{0,100000})"|'([^']{0,100000})'|([\\w.@-]{1,200}))`).exec(tag);
  if (!m) return null;
  const quoted = m[1] ?? m[2];
  return quoted !== undefined ? { value: quoted, quoted: true } : { value: m[3] ?? '', quoted: false };
}

/**
 * `tools:` lists the names of tools registered in code (Genkit), whose definitions are sent with the
 * request but are not in this file; a tool written out in full (name, description, schema) is read.
 */
function toolsDeclared(meta: Record<string, unknown>): { tools: unknown[]; toolsDefinedElsewhere: string[] } {
  const declared = Array.isArray(meta.tools) ? (meta.tools as unknown[]) : [];
  return {
    tools: declared.filter(isRecord),
    toolsDefinedElsewhere: declared.map((tool) => asString(tool)).filter((name): name is string => name !== null),
  };
}

/**
 * `output.schema` as the JSON Schema Genkit sends for structured output (Picoschema expanded). A
 * schema named rather than written (registered in code) cannot be sized here, and is said.
 */
function outputSchema(result: ParsedPromptFile, meta: Record<string, unknown>, frontmatter: Frontmatter, lines: LineIndex): string | null {
  const schema = pick(meta, 'output', 'schema');
  if (schema === undefined || schema === null) return null;
  const json = picoschemaToJsonSchema(schema);
  const text = json === null ? null : jsonOf(json);
  if (text === null) {
    report(
      result,
      'info',
      'not-counted',
      atLine(lines, frontmatter.keyLine('output', 'schema') ?? frontmatter.startLine),
      'The output schema is defined in code (or is not Picoschema): the tokens it adds to each request are not counted.',
    );
    return null;
  }
  return text;
}

/**
 * Inputs the schema declares but the template never uses still belong to the prompt's interface
 * (a partial may use them); they are listed at the line that declares them.
 */
function addDeclaredOnlyInputs(result: ParsedPromptFile, meta: Record<string, unknown>, frontmatter: Frontmatter, samples: ReadonlyMap<string, string>): void {
  const schema = pick(meta, 'input', 'schema');
  if (!isRecord(schema)) return; // absent, or the name of a schema registered in code
  const isJsonSchema = isRecord(schema.properties) && (schema.type === 'object' || schema.type === undefined);
  const fields = isJsonSchema ? (schema.properties as Record<string, unknown>) : schema;
  const known = new Set(result.variables.map((variable) => variable.name));
  for (const key of Object.keys(fields)) {
    const name = isJsonSchema ? key : picoschemaFieldName(key);
    if (name === null || known.has(name)) continue;
    known.add(name);
    const keyPath = isJsonSchema ? ['input', 'schema', 'properties', key] : ['input', 'schema', key];
    result.variables.push({ name, line: frontmatter.keyLine(...keyPath) ?? frontmatter.startLine, sample: samples.get(name) ?? null });
  }
}

/** `name`, `name?`, `name(array)`, `name?(object, a description)` → `name`; the `(*)` wildcard → null. */
function picoschemaFieldName(key: string): string | null {
  const m = /^([A-Za-z_$][\w$]*)\??(?:\(.*\))?$/.exec(key.trim());
  return m?.[1] ?? null;
}

function outputLimit(result: ParsedPromptFile, meta: Record<string, unknown>, frontmatter: Frontmatter, lines: LineIndex): number | null {
  return declaredOutputLimit(result, meta, frontmatter, lines, [['config', 'maxOutputTokens']]);
}

// What a template looks like once rendered, for counting: template syntax removed, each variable
// replaced by its sample value where the file gives one. Variables without a sample are left empty
// here and counted separately at an assumed size, which the report shows as an assumption.
// Jinja (Prompty, promptfoo) and Handlebars (Dotprompt) are rendered by their engines, so loops
// and conditions over samples come out as sent (templates/jinja.ts, templates/handlebars.ts); a
// template an engine cannot render is rendered as written, and the reason is kept in `notes`.
import type { PromptFormat } from './types';
import { codeRanges, type TemplateSyntax } from './formats/variables';
import { HANDLEBARS_TAGS, JINJA_TAGS, replaceTags } from './formats/templateTags';
import { deepestBlock } from './templates/depth';
import { parseJinja, renderJinja } from './templates/jinja';
import { parseHandlebars, renderHandlebars } from './templates/handlebars';
import { markersFor, takeMarkers } from './templates/markers';
import { MAX_ENGINE_TEMPLATE_CHARS, MAX_RENDER_DEPTH, RenderStopped } from './templates/limits';

export interface RenderedText {
  text: string;
  /** Uses of variables that have no sample, by name: each is counted at the assumed size. */
  unsampledUses: Map<string, number>;
  /** Why the engine did not render this text (it is then counted as written), for the assumptions. */
  notes: string[];
  /** True when the engine stopped because the text would be larger than any context window. */
  tooLarge?: true;
}

/** The template language each format's text is written in; null when the text is sent as is. */
export function templateSyntaxOf(format: PromptFormat): TemplateSyntax | null {
  switch (format) {
    case 'prompty':
    case 'promptfoo':
      return 'jinja';
    case 'dotprompt':
      return 'handlebars';
    case 'copilot-prompt':
    case 'copilot-instructions':
    case 'copilot-chatmode':
    case 'copilot-agent':
      return 'copilot';
    case 'chat-json':
    case 'text':
      return 'plain';
    case 'batch-jsonl':
      return null;
  }
}

/**
 * Renders `text` with `samples` (variable name → sample value as plain JSON data, or null when the
 * file has none). Names not in `samples` (loop locals, helpers) render as the engine renders an
 * undefined name (nothing) and are not counted. `engine: false` renders by hand (tags removed, loops
 * not run): the static text around the variables, and fragments of a template.
 */
export function renderTemplate(text: string, syntax: TemplateSyntax | null, samples: ReadonlyMap<string, unknown>, engine = true): RenderedText {
  if (engine && (syntax === 'jinja' || syntax === 'handlebars')) {
    const rendered = renderWithEngine(text, syntax, samples);
    if (!('stopped' in rendered)) return rendered;
    const byHand = renderByHand(text, syntax, samples);
    if (rendered.stopped) byHand.notes.push(rendered.stopped);
    if (rendered.tooLarge) byHand.tooLarge = true;
    return byHand;
  }
  return renderByHand(text, syntax, samples);
}

/**
 * The engine's rendering, or why there is none: `stopped` is a reason worth showing (a bound
 * reached, the engine refusing the data), or null when the text is not a whole template on its own
 * (a fragment cut at a role marker or a variable; it is reported at parse time if the file's
 * template is invalid).
 */
function renderWithEngine(
  text: string,
  syntax: 'jinja' | 'handlebars',
  samples: ReadonlyMap<string, unknown>,
): RenderedText | { stopped: string | null; tooLarge?: boolean } {
  if (text.length > MAX_ENGINE_TEMPLATE_CHARS) return { stopped: null };
  // Handlebars' parser takes seconds on thousands of nested blocks: such a template is refused before it is parsed.
  if (deepestBlock(text, syntax).depth > MAX_RENDER_DEPTH)
    return { stopped: `not rendered (it nests more than ${MAX_RENDER_DEPTH} blocks deep): counted as written` };
  const unsampled = [...samples].filter(([, value]) => value === null || value === undefined).map(([name]) => name);
  const markers = markersFor(unsampled, text, sampleChars(samples));
  if (markers === null) return { stopped: null };
  const values = new Map<string, unknown>();
  for (const [name, value] of samples) values.set(name, value === null || value === undefined ? markers.byName.get(name) : value);
  const opaqueUses = new Map<string, number>();
  const countOpaque = (value: unknown) => {
    const name = typeof value === 'string' ? markers.byMarker.get(value) : undefined;
    if (name !== undefined) opaqueUses.set(name, (opaqueUses.get(name) ?? 0) + 1);
  };
  const isOpaque = (value: unknown) => typeof value === 'string' && markers.byMarker.has(value);
  let rendered: string;
  try {
    if (syntax === 'jinja') {
      const parsed = parseJinja(text);
      if ('problem' in parsed)
        return { stopped: parsed.problem.unsupported ? `not rendered: ${parsed.problem.message}; counted as written` : cutBlock(text, syntax) };
      rendered = renderJinja(parsed.program, values, { isOpaque, onOpaqueUse: countOpaque });
    } else {
      let program;
      try {
        program = parseHandlebars(text);
      } catch {
        return { stopped: cutBlock(text, syntax) };
      }
      rendered = withoutDotpromptMarkers(renderHandlebars(program, Object.fromEntries(values), { isOpaque, onOpaqueUse: countOpaque }));
    }
  } catch (error) {
    if (error instanceof RenderStopped) return { stopped: `not rendered (${error.message}): counted as written`, tooLarge: error.tooLarge };
    throw error;
  }
  const { text: sent, uses } = takeMarkers(rendered, markers);
  for (const [name, count] of opaqueUses) uses.set(name, (uses.get(name) ?? 0) + count);
  return { text: sent, unsampledUses: uses, notes: [] };
}

/**
 * Why a message that does not parse on its own is counted as written. The file's template is checked
 * whole when it is parsed (an invalid one is a template-syntax error there); a message that holds a
 * block tag and still fails is most likely cut out of a loop or condition that spans messages (a role
 * line inside `{% for %}`): the engine only renders whole templates, so that loop is counted once.
 */
function cutBlock(text: string, syntax: 'jinja' | 'handlebars'): string | null {
  const block = syntax === 'jinja' ? /\{%-?\s*(?:for|if|endfor|endif)\b/ : /\{\{~?\s*[#^/]/;
  return block.test(text) ? 'not rendered by the engine (a loop or condition in it spans more than one message): counted as written, loops once' : null;
}

// Dotprompt's helpers write markers that its runtime turns into message boundaries and media
// parts; none of them is text sent to the model (the parser splits messages at the role helpers).
const DOTPROMPT_MARKER = /<<<dotprompt:(?:role:[a-z]+|history|(?:media:url|section)[^>\n]{0,2000}?)>>>/g;

function withoutDotpromptMarkers(rendered: string): string {
  return rendered.includes('<<<dotprompt:') ? rendered.replace(DOTPROMPT_MARKER, '') : rendered;
}

/** Every character of the string samples, so no marker is one of them. */
function sampleChars(samples: ReadonlyMap<string, unknown>): string {
  let all = '';
  for (const value of samples.values()) if (value !== null && value !== undefined) all += typeof value === 'string' ? value : JSON.stringify(value);
  return all;
}

/** Today's renderer by hand: tags removed, each variable's first name replaced by its sample; loops and conditions are not run. */
function renderByHand(text: string, syntax: TemplateSyntax | null, samplesAsData: ReadonlyMap<string, unknown>): RenderedText {
  const unsampledUses = new Map<string, number>();
  const notes: string[] = [];
  if (syntax === null) return { text, unsampledUses, notes };
  const samples = new Map([...samplesAsData].map(([name, value]) => [name, sampleAsText(value)]));
  const valueOf = (name: string): string => {
    if (!samples.has(name)) return '';
    const sample = samples.get(name);
    if (sample !== null && sample !== undefined) return sample;
    unsampledUses.set(name, (unsampledUses.get(name) ?? 0) + 1);
    return '';
  };
  if (syntax === 'plain') {
    // Code in a plain-text prompt (fenced blocks, inline code) is sent as written: only the text around it is rendered.
    let out = '';
    let at = 0;
    for (const range of codeRanges(text)) {
      out += renderPlain(text.slice(at, range.start), valueOf) + text.slice(range.start, range.end);
      at = range.end;
    }
    return { text: out + renderPlain(text.slice(at), valueOf), unsampledUses, notes };
  }
  let out = text;
  if (syntax === 'jinja') {
    // Comments and statements render as nothing; an expression as its variable's sample.
    out = replaceTags(out, JINJA_TAGS, (tag) => {
      if (!tag.startsWith('{{')) return '';
      const name = /^\{\{-?\s*([A-Za-z_]\w*)/.exec(tag)?.[1];
      return name ? valueOf(name) : '';
    });
  }
  if (syntax === 'handlebars') {
    // Comments, blocks, partials and Dotprompt's own helpers render as nothing here.
    out = replaceTags(out, HANDLEBARS_TAGS, (tag) => {
      if (/^\{\{~?\s*[!#/^>]/.test(tag) || /^\{\{\{?~?\s*(role|history|media|section|else)\b/.test(tag)) return '';
      const name = /^\{\{\{?~?\s*([A-Za-z_]\w*)/.exec(tag)?.[1];
      return name ? valueOf(name) : '';
    });
  }
  if (syntax === 'copilot') {
    out = out.replace(/\$\{(input:)?([A-Za-z_][\w-]*)(?::[^}\n]{0,200})?\}/g, (_match, input: string | undefined, name: string) =>
      valueOf(input ? `input:${name}` : name),
    );
  }
  return { text: out, unsampledUses, notes };
}

function sampleAsText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? null);
}

/** Plain text outside code: Jinja-style tags, `${name}` and `{name}` are taken as variables. */
function renderPlain(text: string, valueOf: (name: string) => string): string {
  return replaceTags(text, JINJA_TAGS, (tag) => {
    if (!tag.startsWith('{{')) return '';
    const name = /^\{\{-?\s*([A-Za-z_]\w*)/.exec(tag)?.[1];
    return name ? valueOf(name) : '';
  })
    .replace(/\$\{\s*([A-Za-z_]\w*)\s*\}/g, (_match, name: string) => valueOf(name))
    .replace(/(?<![{$])\{([A-Za-z_]\w*)\}(?!\})/g, (_match, name: string) => valueOf(name));
}

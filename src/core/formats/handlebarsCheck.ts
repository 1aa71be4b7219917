// Dotprompt templates checked by Handlebars itself (the engine Dotprompt renders with), with
// Dotprompt's options: only its helpers are known (`knownHelpersOnly`), so `{{#if age >= 18}}` or an
// unknown helper is reported as the runtime would reject it. `precompile` parses and compiles to
// source text without running anything (no eval, no template code executed), so it is safe on
// untrusted files and works where a strict CSP forbids eval.
import Handlebars from 'handlebars';
import { deepestBlock } from '../templates/depth';
import { MAX_RENDER_DEPTH } from '../templates/limits';

/** Dotprompt's helpers (google/dotprompt js/src/helpers.ts) besides Handlebars' built-ins. */
const DOTPROMPT_HELPERS = ['role', 'history', 'section', 'media', 'json', 'ifEquals', 'unlessEquals'];

// Handlebars' parser recurses per nesting level: a hostile file of thousands of nested blocks would
// overflow the stack (caught below), and a huge template takes seconds: past this size only the
// hand-written block check runs.
export const MAX_HANDLEBARS_CHECK_CHARS = 256 * 1024;

export interface TemplateProblem {
  /** 1-based line within the template text given. */
  line: number;
  /** 0-based column, when the engine gives one. */
  column: number | null;
  message: string;
  /** True when the template was too deeply nested to be given to the engine (it may still render). */
  notChecked?: true;
}

/** The engine's objection to `template`, or null when it compiles (or is too large to check). */
export function handlebarsProblem(template: string): TemplateProblem | null {
  if (template.length > MAX_HANDLEBARS_CHECK_CHARS) return null;
  const deepest = deepestBlock(template, 'handlebars');
  if (deepest.depth > MAX_RENDER_DEPTH) {
    const line = template.slice(0, deepest.offset).split('\n').length;
    return {
      line,
      column: null,
      message: `Handlebars: blocks nest ${deepest.depth} deep here, more than the ${MAX_RENDER_DEPTH} checked: the template is neither checked nor rendered (Dotprompt's own runtime overflows its stack near 2,000).`,
      notChecked: true,
    };
  }
  try {
    Handlebars.precompile(template, {
      knownHelpers: Object.fromEntries(DOTPROMPT_HELPERS.map((name) => [name, true])),
      knownHelpersOnly: true,
    });
    return null;
  } catch (error) {
    if (error instanceof RangeError) return { line: 1, column: null, message: 'Handlebars: the template nests too deeply to compile.' };
    const { message, lineNumber, column } = error as Error & { lineNumber?: number; column?: number };
    const parse = /^Parse error on line (\d+):\n([^\n]*)\n[^\n]*\n(?:Expecting [^\n]*?, )?(got '[^']*')/.exec(message);
    if (parse) {
      return { line: Number(parse[1]), column: null, message: `Handlebars: parse error on line ${parse[1]} near \`${parse[2]?.trim()}\` (${parse[3]}).` };
    }
    const located = / - (\d+):(\d+)$/.exec(message);
    return {
      line: lineNumber ?? (located ? Number(located[1]) : 1),
      column: column ?? (located ? Number(located[2]) : null),
      message: `Handlebars: ${message.replace(/ - \d+:\d+$/, '')}.`,
    };
  }
}

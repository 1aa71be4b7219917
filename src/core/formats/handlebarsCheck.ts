// Dotprompt templates checked by Handlebars itself (the engine Dotprompt renders with), with
// Dotprompt's options: only its helpers are known (`knownHelpersOnly`), so `{{#if age >= 18}}` or an
// unknown helper is reported as the runtime would reject it. `precompile` parses and compiles to
// source text without running anything (no eval, no template code executed), so it is safe on
// untrusted files and works where a strict CSP forbids eval.
import Handlebars from 'handlebars';

/** Dotprompt's helpers (google/dotprompt js/src/helpers.ts) besides Handlebars' built-ins. */
const DOTPROMPT_HELPERS = ['role', 'history', 'section', 'media', 'json', 'ifEquals', 'unlessEquals'];

// Handlebars' parser recurses per nesting level: a hostile file of thousands of nested blocks would
// overflow the stack (caught below), and a huge template takes seconds: past this size only the
// hand-written block check runs.
export const MAX_HANDLEBARS_CHECK_CHARS = 256 * 1024;

// Where the stack runs out depends on the thread (2,000 nested blocks fail on the CLI's main thread and
// compile on a scan worker's larger stack), so the depth is counted first: a template nested deeper
// than any hand-written one gets the same answer everywhere.
export const MAX_HANDLEBARS_NESTING = 100;

// A block opens with `{{#name`, `{{#>partial`, `{{#*inline` or `{{^name` (a lone `{{^}}` is an else) and
// closes with `{{/name}}`.
const BLOCK_TAG = /\{\{\{?~?\s*(#|\^(?=\s*[^\s}~])|\/)/g;

export interface TemplateProblem {
  /** 1-based line within the template text given. */
  line: number;
  /** 0-based column, when the engine gives one. */
  column: number | null;
  message: string;
  /** Set when the template was not checked because it nests too deeply (a `too-complex` file, not a syntax error). */
  tooDeep?: true;
}

/** The engine's objection to `template`, or null when it compiles (or is too large to check). */
export function handlebarsProblem(template: string): TemplateProblem | null {
  if (template.length > MAX_HANDLEBARS_CHECK_CHARS) return null;
  const deep = tooDeepBlock(template);
  if (deep !== null)
    return {
      line: deep,
      column: null,
      message: `The template nests more than ${MAX_HANDLEBARS_NESTING} blocks deep: it is not checked (a hand-written template never nests this deep). Flatten it.`,
      tooDeep: true,
    };
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

/** The 1-based line where block nesting first goes past the limit, or null. Linear. */
function tooDeepBlock(template: string): number | null {
  let depth = 0;
  let line = 1;
  for (const tag of template.matchAll(BLOCK_TAG)) {
    if (tag[1] === '/') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (++depth <= MAX_HANDLEBARS_NESTING) continue;
    for (let at = template.indexOf('\n'); at !== -1 && at < tag.index; at = template.indexOf('\n', at + 1)) line++;
    return line;
  }
  return null;
}

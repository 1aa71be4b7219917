// Jinja templates (Prompty's default engine, and promptfoo's Nunjucks, which reads the same syntax
// for what prompts use) checked and rendered by @huggingface/jinja: an interpreter of its own
// syntax tree, with no code generation (no eval, so it runs under the webview's strict CSP) and no
// way from a template to JavaScript objects' prototypes or functions (`"".constructor` is
// undefined). Nunjucks itself is not used: it compiles templates to JavaScript and a template can
// run arbitrary code (its documentation says so). The interpreter is bounded here: steps, depth
// and the size of every value it builds (see limits.ts).
import { Environment, Interpreter, parse, tokenize } from '@huggingface/jinja';
import { JINJA_TAGS, scanTags } from '../formats/templateTags';
import { checkJinjaBlocks } from '../formats/variables';
import { MAX_ENGINE_TEMPLATE_CHARS, MAX_LIST_ITEMS, MAX_RENDER_DEPTH, MAX_RENDER_STEPS, MAX_RENDERED_CHARS, RenderStopped, tooLarge } from './limits';

type Program = ReturnType<typeof parse>;

export interface JinjaProblem {
  /** Offset in the template of the tag the engine objects to (0 when it cannot be told). */
  offset: number;
  message: string;
  /**
   * True when the template is valid Jinja the engine does not implement (`{% raw %}`, `{% include %}`):
   * not the file's fault, so not reported; the text is then counted as written.
   */
  unsupported: boolean;
}

// Jinja2 and Nunjucks statements @huggingface/jinja does not implement (it says "Unknown statement type").
const UNSUPPORTED_STATEMENT = /^Unknown statement type: (\w+)/;

/** The parsed template, or what the engine objects to. Jinja2's defaults: no block trimming, one trailing newline dropped. */
export function parseJinja(template: string): { program: Program } | { problem: JinjaProblem } {
  try {
    return { program: parse(tokenize(template, {})) };
  } catch (error) {
    if (error instanceof RangeError) return { problem: { offset: 0, message: 'Jinja: the template nests too deeply to parse.', unsupported: false } };
    const message = engineMessage(error);
    const unsupported = UNSUPPORTED_STATEMENT.exec(message);
    if (unsupported) return { problem: { offset: 0, message: `the Jinja engine does not implement \`{% ${unsupported[1]} %}\``, unsupported: true } };
    return { problem: { offset: offendingTag(template), message: `Jinja: ${message}`, unsupported: false } };
  }
}

/**
 * What keeps `template` from rendering: unbalanced blocks (found by hand, where they open: the
 * engine only notices at the end), else the engine's own objection.
 */
export function jinjaTemplateProblems(template: string): { offset: number; message: string }[] {
  const blocks = checkJinjaBlocks(template);
  if (blocks.length) return blocks;
  const problem = jinjaProblem(template);
  return problem ? [{ offset: problem.offset, message: problem.message.endsWith('.') ? problem.message : `${problem.message}.` }] : [];
}

/** What the engine objects to in `template`, or null when it parses (or is too large to check, or uses what the engine lacks). */
export function jinjaProblem(template: string): JinjaProblem | null {
  if (template.length > MAX_ENGINE_TEMPLATE_CHARS) return null;
  const parsed = parseJinja(template);
  return 'problem' in parsed && !parsed.problem.unsupported ? parsed.problem : null;
}

/**
 * Renders a parsed template with `values` (variable name → plain JSON data). Throws RenderStopped
 * when a bound is reached or the engine stops (an unknown filter, a loop over something that is not
 * a list).
 */
export function renderJinja(program: Program, values: ReadonlyMap<string, unknown>, options: OpaqueValues = {}): string {
  const env = new Environment();
  // Jinja2's globals that prompts use; `range` is bounded (the engine's own would build any list asked for).
  for (const [name, value] of [
    ['true', true],
    ['false', false],
    ['none', null],
    ['True', true],
    ['False', false],
    ['None', null],
  ] as const) {
    env.set(name, value);
  }
  env.set('range', boundedRange);
  for (const [name, value] of values) env.set(name, value);
  const interpreter = new BoundedInterpreter(env, options);
  let result;
  try {
    result = interpreter.run(program);
  } catch (error) {
    if (error instanceof RenderStopped) throw error;
    if (error instanceof RangeError) throw /string length/i.test(error.message) ? tooLarge() : new RenderStopped('the template nests too deeply to render');
    throw new RenderStopped(`the Jinja engine stopped: ${engineMessage(error)}`);
  }
  const text = typeof result.value === 'string' ? result.value : '';
  if (text.length > MAX_RENDERED_CHARS) throw tooLarge();
  return text;
}

/** Values that stand for a variable with no sample: looping over one or looking into one counts one use of it. */
export interface OpaqueValues {
  isOpaque?: (value: unknown) => boolean;
  onOpaqueUse?: (value: unknown) => void;
}

type Statement = Parameters<Interpreter['evaluate']>[0];
type Scope = Parameters<Interpreter['evaluate']>[1];

/** The engine's interpreter with a step count, a depth limit and a size check on every value it returns. */
class BoundedInterpreter extends Interpreter {
  private steps = 0;
  private depth = 0;
  /**
   * Characters of every string the engine built. A loop's text is only seen when the loop ends, so
   * this running total (which counts nested text once per level) is what stops a loop building
   * gigabytes before it returns.
   */
  private built = 0;

  constructor(
    env: Environment,
    private readonly opaque: OpaqueValues,
  ) {
    super(env);
  }

  override evaluate(statement: Statement, scope: Scope): ReturnType<Interpreter['evaluate']> {
    if (++this.steps > MAX_RENDER_STEPS) throw new RenderStopped(`rendering took more than ${MAX_RENDER_STEPS.toLocaleString('en-US')} steps`);
    if (++this.depth > MAX_RENDER_DEPTH) throw new RenderStopped(`the template nests more than ${MAX_RENDER_DEPTH} levels deep`);
    try {
      // `{% for x in v %}` and `{{ v.name }}` where `v` has no sample: one use of `v`, nothing rendered.
      const inner =
        statement?.type === 'For'
          ? (statement as unknown as { iterable: Statement }).iterable
          : statement?.type === 'MemberExpression'
            ? (statement as unknown as { object: Statement }).object
            : undefined;
      if (inner?.type === 'Identifier' && this.opaque.isOpaque) {
        const value = scope.lookupVariable((inner as unknown as { value: string }).value).value;
        if (this.opaque.isOpaque(value)) {
          this.opaque.onOpaqueUse?.(value);
          return super.evaluate(undefined, scope);
        }
      }
      const value = super.evaluate(statement, scope);
      if (typeof value.value === 'string') {
        this.built += value.value.length;
        if (value.value.length > MAX_RENDERED_CHARS || this.built > MAX_BUILT_CHARS) throw tooLarge();
      }
      if (Array.isArray(value.value) && value.value.length > MAX_LIST_ITEMS)
        throw new RenderStopped(`the template builds a list of more than ${MAX_LIST_ITEMS} items`);
      return value;
    } finally {
      this.depth--;
    }
  }
}

// Text counted once per nesting level: 8 levels of a request just under the limit stay within this.
const MAX_BUILT_CHARS = 8 * MAX_RENDERED_CHARS;

/** Jinja2's `range`, refusing lists longer than MAX_LIST_ITEMS. */
function boundedRange(...args: unknown[]): number[] {
  const [a, b, c] = args.map((arg) => (typeof arg === 'number' && Number.isFinite(arg) ? Math.trunc(arg) : Number.NaN));
  const [start, stop, step] = args.length === 1 ? [0, a ?? 0, 1] : [a ?? 0, b ?? 0, c ?? 1];
  if (![start, stop, step].every(Number.isFinite) || step === 0) throw new RenderStopped('`range` needs whole numbers and a step other than 0');
  const length = Math.max(0, Math.ceil((stop - start) / step));
  if (length > MAX_LIST_ITEMS) throw new RenderStopped(`\`range\` of more than ${MAX_LIST_ITEMS} items`);
  return Array.from({ length }, (_, i) => start + i * step);
}

function engineMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

// The engine's errors carry no position. The tag it objects to is found by parsing each tag on its
// own (a block opener with its closer added): the first that fails is the one to point at.
const BLOCK_CLOSERS: ReadonlyMap<string, string> = new Map([
  ['for', '{% endfor %}'],
  ['if', '{% endif %}'],
  ['macro', '{% endmacro %}'],
  ['call', '{% endcall %}'],
  ['filter', '{% endfilter %}'],
  ['generation', '{% endgeneration %}'],
]);

function offendingTag(template: string): number {
  for (const tag of scanTags(template, JINJA_TAGS)) {
    const text = template.slice(tag.start, tag.end);
    if (text.startsWith('{#')) continue;
    const keyword = /^\{%-?\s*(\w+)/.exec(text)?.[1] ?? '';
    if (keyword.startsWith('end') || keyword === 'else' || keyword === 'elif' || keyword === 'break' || keyword === 'continue') continue;
    // `{% set x %}…{% endset %}` (a block) versus `{% set x = … %}`.
    const closer = keyword === 'set' && !text.includes('=') ? '{% endset %}' : (BLOCK_CLOSERS.get(keyword) ?? '');
    try {
      parse(tokenize(text + closer, {}));
    } catch {
      return tag.start;
    }
  }
  return 0;
}

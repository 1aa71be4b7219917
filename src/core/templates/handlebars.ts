// Dotprompt templates rendered as Dotprompt renders them, without compiling them. Dotprompt runs
// Handlebars' `compile`, which generates JavaScript (eval), which the core must not need: it also
// runs in the browser and in webviews under a strict CSP. So the template is parsed by Handlebars
// itself (`Handlebars.parse`: the engine's parser and its whitespace control, no code generated)
// and this module walks the tree with the semantics Dotprompt's options give (`knownHelpersOnly`,
// `noEscape`, prototype access off): paths, `../`, `@index/@first/@last/@key/@root`, block
// parameters, `if/unless/else`, `each`, `with`, `lookup`, sections over a value, and Dotprompt's
// helpers `role`, `history`, `section`, `media`, `json`, `ifEquals`, `unlessEquals`.
// test/template-engines.test.ts renders the same templates with the real `dotprompt` package and
// asserts the same text. Rendering is bounded (limits.ts): linear in the output, which is capped.
import Handlebars from 'handlebars';
import { MAX_RENDER_DEPTH, MAX_RENDER_STEPS, MAX_RENDERED_CHARS, RenderStopped, tooLarge } from './limits';

type Node = hbs.AST.Node;
type Program = hbs.AST.Program;
type Expression = hbs.AST.Expression;
type PathExpression = hbs.AST.PathExpression;
type Hash = hbs.AST.Hash;

/** Handlebars' parse tree of `template` (whitespace control applied); throws the engine's error. */
export function parseHandlebars(template: string): Program {
  return Handlebars.parse(template);
}

/** One frame of what a path can see: the context, `@data` variables and block parameters. */
interface Frame {
  context: unknown;
  data: ReadonlyMap<string, unknown>;
  blockParams: ReadonlyMap<string, unknown>;
}

interface Options {
  /** Called when a variable given as an unsampled marker is iterated or looked into: its use is counted once. */
  onOpaqueUse?: (value: unknown) => void;
  isOpaque?: (value: unknown) => boolean;
}

/** Renders `program` with `root` (plain JSON data) as Dotprompt would, markers included. Throws RenderStopped. */
export function renderHandlebars(program: Program, root: unknown, options: Options = {}): string {
  const renderer = new Renderer(root, options);
  renderer.program(program, [{ context: root, data: new Map([['root', root]]), blockParams: new Map() }], [root]);
  return renderer.output();
}

class Renderer {
  private readonly parts: string[] = [];
  private length = 0;
  private steps = 0;
  private depth = 0;

  constructor(
    private readonly root: unknown,
    private readonly options: Options,
  ) {}

  output(): string {
    return this.parts.join('');
  }

  private emit(text: string): void {
    this.length += text.length;
    if (this.length > MAX_RENDERED_CHARS) throw tooLarge();
    if (text) this.parts.push(text);
  }

  private step(): void {
    if (++this.steps > MAX_RENDER_STEPS) throw new RenderStopped(`rendering took more than ${MAX_RENDER_STEPS.toLocaleString('en-US')} steps`);
  }

  /** `frames[0]` is the innermost; `depths` the distinct contexts for `../` (as Handlebars' runtime keeps them). */
  program(program: Program | undefined, frames: Frame[], depths: unknown[]): void {
    if (!program) return;
    if (++this.depth > MAX_RENDER_DEPTH) throw new RenderStopped(`the template nests more than ${MAX_RENDER_DEPTH} blocks deep`);
    try {
      for (const statement of program.body) this.statement(statement, frames, depths);
    } finally {
      this.depth--;
    }
  }

  private statement(node: Node, frames: Frame[], depths: unknown[]): void {
    this.step();
    switch (node.type) {
      case 'ContentStatement':
        this.emit((node as hbs.AST.ContentStatement).value);
        return;
      case 'CommentStatement':
        return;
      case 'MustacheStatement': {
        const mustache = node as hbs.AST.MustacheStatement;
        this.emit(toText(this.call(mustache.path, mustache.params, mustache.hash, frames, depths)));
        return;
      }
      case 'BlockStatement':
        this.block(node as hbs.AST.BlockStatement, frames, depths);
        return;
      case 'PartialStatement':
      case 'PartialBlockStatement':
        // Partials come from other files Dotprompt is given at run time: not known here (the parser reports it).
        return;
      default:
        throw new RenderStopped(`Handlebars \`${node.type}\` is not used by Dotprompt`);
    }
  }

  /** A mustache or subexpression: a helper call when it names one of Dotprompt's helpers, else a value. */
  private call(path: Expression, params: Expression[], hash: Hash | undefined, frames: Frame[], depths: unknown[]): unknown {
    // `{{"name"}}`: Handlebars takes a literal in a mustache's place as the name to look up.
    if (path.type !== 'PathExpression' && path.type !== 'SubExpression' && params.length === 0) {
      return lookupProperty((frames[0] as Frame).context, String((path as hbs.AST.StringLiteral).value));
    }
    const helper = path.type === 'PathExpression' ? helperName(path as PathExpression) : null;
    if (helper === null) {
      if (params.length > 0 || (hash?.pairs.length ?? 0) > 0) throw new RenderStopped(`\`${describe(path)}\` is not a Dotprompt helper`);
      return this.value(path, frames, depths);
    }
    const args = params.map((param) => this.value(param, frames, depths));
    const named = new Map((hash?.pairs ?? []).map((pair) => [pair.key, this.value(pair.value, frames, depths)]));
    switch (helper) {
      case 'role':
        return `<<<dotprompt:role:${toText(args.length ? args[0] : '[object Object]')}>>>`;
      case 'history':
        return '<<<dotprompt:history>>>';
      case 'section':
        return `<<<dotprompt:section ${toText(args.length ? args[0] : '[object Object]')}>>>`;
      case 'media': {
        const contentType = named.get('contentType');
        return `<<<dotprompt:media:url ${toText(named.get('url'), 'undefined')}${contentType ? ` ${toText(contentType)}` : ''}>>>`;
      }
      case 'json': {
        const indent = named.get('indent');
        // Dotprompt wraps the result in a SafeString, which writes `undefined` for a missing value.
        const json = String(JSON.stringify(args[0], null, (indent as number | string | undefined) || 0));
        if (json.length > MAX_RENDERED_CHARS) throw tooLarge();
        return json;
      }
      case 'lookup':
        return lookupProperty(args[0], args[1]);
      case 'log':
        return undefined;
      default:
        // Block helpers (if, each, ...) used as a plain mustache.
        throw new RenderStopped(`\`{{${helper}}}\` without a block`);
    }
  }

  private block(node: hbs.AST.BlockStatement, frames: Frame[], depths: unknown[]): void {
    const helper = helperName(node.path);
    const frame = frames[0] as Frame;
    const args = node.params.map((param) => this.value(param, frames, depths));
    const named = new Map((node.hash?.pairs ?? []).map((pair) => [pair.key, this.value(pair.value, frames, depths)]));
    const same = () => this.program(node.program, frames, depths);
    const inverse = () => this.program(node.inverse, frames, depths);
    const withContext = (context: unknown, data: ReadonlyMap<string, unknown>, params: unknown[]) => {
      const names = node.program?.blockParams ?? [];
      const blockParams = new Map(names.map((name, i) => [name, params[i]]));
      const nextDepths = context !== depths[0] ? [context, ...depths] : depths;
      this.program(node.program, [{ context, data, blockParams }, ...frames], nextDepths);
    };
    switch (helper) {
      case 'if':
      case 'unless': {
        if (args.length !== 1) throw new RenderStopped(`#${helper} requires exactly one argument`);
        const truthy = !isEmptyForIf(args[0], named.get('includeZero') === true);
        if (truthy === (helper === 'if')) same();
        else inverse();
        return;
      }
      case 'ifEquals':
      case 'unlessEquals': {
        const equal = args[0] === args[1];
        if (equal === (helper === 'ifEquals')) same();
        else inverse();
        return;
      }
      case 'with': {
        if (args.length !== 1) throw new RenderStopped('#with requires exactly one argument');
        const context = args[0];
        if (this.opaque(context)) return;
        if (isEmpty(context)) inverse();
        else withContext(context, frame.data, [context]);
        return;
      }
      case 'each': {
        if (args.length !== 1) throw new RenderStopped('Must pass iterator to #each');
        this.each(args[0], node, frame, withContext, inverse);
        return;
      }
      case null: {
        // A section over a value (`{{#items}}…{{/items}}`): Handlebars' blockHelperMissing.
        const value = this.value(node.path, frames, depths);
        if (this.opaque(value)) return;
        if (value === true) same();
        else if (value === false || value === null || value === undefined) inverse();
        else if (Array.isArray(value)) {
          if (value.length > 0) this.each(value, node, frame, withContext, inverse);
          else inverse();
        } else withContext(value, frame.data, [value]);
        return;
      }
      default:
        throw new RenderStopped(`\`{{#${helper}}}\` is not a block helper`);
    }
  }

  private each(
    value: unknown,
    node: hbs.AST.BlockStatement,
    frame: Frame,
    withContext: (context: unknown, data: ReadonlyMap<string, unknown>, params: unknown[]) => void,
    inverse: () => void,
  ): void {
    if (this.opaque(value)) return;
    let count = 0;
    const item = (key: string | number, index: number, last: boolean, context: unknown) => {
      count++;
      const data = new Map(frame.data);
      data
        .set('key', key)
        .set('index', index)
        .set('first', index === 0)
        .set('last', last);
      withContext(context, data, [context, key]);
    };
    if (Array.isArray(value)) {
      value.forEach((element, index) => item(index, index, index === value.length - 1, element));
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      keys.forEach((key, index) => item(key, index, index === keys.length - 1, (value as Record<string, unknown>)[key]));
    }
    if (count === 0) inverse();
    void node;
  }

  /** A variable with no sample, iterated or used as a context: counted once, its block not rendered. */
  private opaque(value: unknown): boolean {
    if (!this.options.isOpaque?.(value)) return false;
    this.options.onOpaqueUse?.(value);
    return true;
  }

  private value(expression: Expression, frames: Frame[], depths: unknown[]): unknown {
    switch (expression.type) {
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral':
        return (expression as hbs.AST.StringLiteral).value;
      case 'UndefinedLiteral':
        return undefined;
      case 'NullLiteral':
        return null;
      case 'SubExpression': {
        const sub = expression as hbs.AST.SubExpression;
        return this.call(sub.path, sub.params, sub.hash, frames, depths);
      }
      case 'PathExpression':
        return this.path(expression as PathExpression, frames, depths);
      default:
        throw new RenderStopped(`Handlebars \`${expression.type}\` is not supported`);
    }
  }

  private path(path: PathExpression, frames: Frame[], depths: unknown[]): unknown {
    const frame = frames[0] as Frame;
    const [head, ...rest] = path.parts;
    let value: unknown;
    if (path.data) {
      // `@root`, `@index`...; `@../index` looks in an outer block's data.
      const data = (frames[path.depth] ?? frame).data;
      value = head === undefined ? undefined : data.get(head);
      return this.follow(value, rest);
    }
    const scoped = path.depth > 0 || /^(?:\.|this\b)/.test(path.original);
    if (!scoped && head !== undefined) {
      for (const outer of frames) {
        if (outer.blockParams.has(head)) return this.follow(outer.blockParams.get(head), rest);
      }
    }
    const context = path.depth > 0 ? depths[path.depth] : frame.context;
    return this.follow(context, path.parts);
  }

  private follow(start: unknown, parts: readonly string[]): unknown {
    let value = start;
    for (const part of parts) {
      if (this.opaque(value)) return undefined;
      if (value === null || value === undefined) return undefined;
      value = lookupProperty(value, part);
    }
    return value;
  }
}

/** Handlebars' `lookupProperty` with prototype access off: own properties only. */
function lookupProperty(parent: unknown, name: unknown): unknown {
  if (parent === null || parent === undefined || (typeof name !== 'string' && typeof name !== 'number')) return undefined;
  return Object.prototype.hasOwnProperty.call(parent, name) ? (parent as Record<string | number, unknown>)[name] : undefined;
}

// Dotprompt registers these helpers; with `knownHelpersOnly` only these and Handlebars' built-ins are helpers.
const HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log', 'role', 'history', 'section', 'media', 'json', 'ifEquals', 'unlessEquals']);

/** The helper a path names (`{{role "user"}}`, `{{#each}}`), or null for a value. */
function helperName(path: PathExpression): string | null {
  if (path.data || path.depth > 0 || path.parts.length !== 1 || /^(?:\.|this\b)/.test(path.original)) return null;
  const name = path.parts[0] ?? '';
  return HELPERS.has(name) ? name : null;
}

/** What `{{value}}` writes with `noEscape`: nothing for null/undefined, else JavaScript's string of it. */
function toText(value: unknown, ifMissing = ''): string {
  if (value === null || value === undefined) return ifMissing;
  if (typeof value === 'object')
    return Array.isArray(value) ? value.map((item) => (item === null || item === undefined ? '' : toText(item))).join(',') : '[object Object]';
  return String(value);
}

/** Handlebars' `Utils.isEmpty`. */
function isEmpty(value: unknown): boolean {
  if (!value && value !== 0) return true;
  return Array.isArray(value) && value.length === 0;
}

/** `{{#if}}`: falsy (0 too, unless `includeZero=true`) or an empty list. */
function isEmptyForIf(value: unknown, includeZero: boolean): boolean {
  return (!includeZero && !value) || isEmpty(value);
}

function describe(expression: Expression): string {
  return expression.type === 'PathExpression' ? (expression as PathExpression).original : expression.type;
}

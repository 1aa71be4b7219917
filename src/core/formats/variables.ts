// Template variables by template language. Each finder returns the variables in order of first use,
// with the offset of that use (relative to the text it was handed).

import { HANDLEBARS_TAGS, JINJA_TAGS, firstUnclosedTag, matchTags } from './templateTags';

export type TemplateSyntax = 'jinja' | 'handlebars' | 'copilot' | 'plain';

export interface VariableUse {
  name: string;
  offset: number;
}

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';

// Words that are template language, not data: Jinja/Nunjucks literals and loop helpers,
// Handlebars/Dotprompt helpers and block keywords.
const JINJA_RESERVED = new Set([
  'true',
  'false',
  'none',
  'True',
  'False',
  'None',
  'null',
  'loop',
  'self',
  'super',
  'range',
  'not',
  'in',
  'is',
  'and',
  'or',
  'if',
  'else',
]);
const HANDLEBARS_HELPERS = new Set([
  'role',
  'history',
  'media',
  'section',
  'json',
  'else',
  'this',
  'if',
  'unless',
  'each',
  'with',
  'lookup',
  'log',
  'ifEquals',
  'unlessEquals',
]);

export function findVariables(text: string, syntax: TemplateSyntax): VariableUse[] {
  switch (syntax) {
    case 'jinja':
      return dedupe(findJinja(text));
    case 'handlebars':
      return dedupe(findHandlebars(text));
    case 'copilot':
      return dedupe(findCopilot(text));
    case 'plain':
      return dedupe([...findJinja(text), ...findCopilotStyle(text), ...findPythonFormat(text)].sort((a, b) => a.offset - b.offset));
  }
}

function findJinja(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  const loopLocals = new Set<string>();
  const setLocals = new Set<string>();
  for (const m of matchTags(text, JINJA_TAGS, /\{%-?\s*(\w+)([\s\S]*?)-?%\}|\{\{-?([\s\S]*?)-?\}\}|\{#[\s\S]*?#\}/)) {
    if (m[1] !== undefined) {
      const keyword = m[1] ?? '';
      const rest = m[2] ?? '';
      const restOffset = m.index + m[0].indexOf(rest, 2 + keyword.length);
      if (keyword === 'for') {
        const loop = new RegExp(`^\\s*(${IDENT}(?:\\s*,\\s*${IDENT})*)\\s+in\\s+(${IDENT})`).exec(rest);
        if (loop) {
          for (const local of (loop[1] ?? '').split(',')) loopLocals.add(local.trim());
          uses.push({ name: loop[2] ?? '', offset: restOffset + rest.indexOf(loop[2] ?? '', (loop[1] ?? '').length) });
        }
      } else if (keyword === 'set') {
        const assigned = new RegExp(`^\\s*(${IDENT})\\s*(=?)`).exec(rest);
        if (assigned) {
          setLocals.add(assigned[1] ?? '');
          // `{% set greeting = user.name %}` reads `user`.
          if (assigned[2] ?? '') uses.push(...identifiersIn(rest.slice(assigned[0].length), restOffset + assigned[0].length));
        }
      } else if (keyword === 'if' || keyword === 'elif') {
        uses.push(...identifiersIn(rest, restOffset));
      }
    } else if (m[3] !== undefined) {
      const expr = m[3] ?? '';
      const exprOffset = m.index + m[0].indexOf(expr);
      const root = new RegExp(`^\\s*(${IDENT})`).exec(expr);
      if (root) uses.push({ name: root[1] ?? '', offset: exprOffset + expr.indexOf(root[1] ?? '') });
    }
  }
  return uses.filter((use) => !JINJA_RESERVED.has(use.name) && !loopLocals.has(use.name) && !setLocals.has(use.name));
}

/** Roots of dotted names in a Jinja condition, skipping string literals, attributes and filters. */
function identifiersIn(expr: string, baseOffset: number): VariableUse[] {
  const uses: VariableUse[] = [];
  // `x is defined` / `x is not none`: the word after `is` names a test, not data.
  const token = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[.|]\s*[A-Za-z_]\w*|\bis\s+(?:not\s+)?[A-Za-z_]\w*|([A-Za-z_]\w*)/g;
  for (let m = token.exec(expr); m; m = token.exec(expr)) {
    if (m[1] !== undefined) uses.push({ name: m[1] ?? '', offset: baseOffset + m.index });
  }
  return uses;
}

// Blocks whose body runs against another object: inside `{{#each items}}`, `{{name}}` is a field of
// the item, not a template input (Handlebars does not fall back to the outer context).
const CONTEXT_BLOCKS = new Set(['each', 'with']);

function findHandlebars(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  const blockLocals = new Set<string>();
  const blocks: boolean[] = [];
  const insideContextBlock = (): boolean => blocks.includes(true);
  for (const m of matchTags(text, HANDLEBARS_TAGS, /\{\{\{?~?\s*([#^/>!&]?)\s*([\s\S]*?)~?\}?\}\}/)) {
    const kind = m[1] ?? '';
    const inner = m[2] ?? '';
    if (kind === '/') blocks.pop();
    if (kind === '!' || kind === '/' || kind === '>') continue;
    const innerOffset = m.index + m[0].indexOf(inner);
    if (kind === '#' || kind === '^') {
      // {{#each items as |item|}}, {{#if cond}}, {{#section}} (a Mustache section is itself data).
      const block = new RegExp(`^(${IDENT})(?:\\s+((?:@root\\.|(?:\\.\\./)+)?@?${IDENT}(?:\\.${IDENT})*))?`).exec(inner);
      const scoped = insideContextBlock();
      blocks.push(block !== null && CONTEXT_BLOCKS.has(block[1] ?? ''));
      if (!block) continue;
      const alias = /as\s*\|\s*([^|]+)\|/.exec(inner);
      if (alias) for (const local of (alias[1] ?? '').trim().split(/\s+/)) blockLocals.add(local);
      if (HANDLEBARS_HELPERS.has(block[1] ?? '')) {
        const arg = (block[2] ?? '') ? outerName(block[2] ?? '', scoped) : null;
        if (arg) uses.push({ name: arg, offset: innerOffset + inner.indexOf(block[2] ?? '', (block[1] ?? '').length) });
      } else if (!scoped) {
        uses.push({ name: block[1] ?? '', offset: innerOffset });
      }
      continue;
    }
    const simple = new RegExp(`^((?:@root\\.|(?:\\.\\./)+)?@?${IDENT}(?:\\.${IDENT})*)`).exec(inner);
    if (!simple) continue;
    const head = simple[1] ?? '';
    if (HANDLEBARS_HELPERS.has(head)) {
      // {{json data}}, {{media url=photo}}: the arguments are the data.
      const args = inner.slice(head.length);
      const arg = new RegExp(`(?:^|\\s)(?:${IDENT}=)?((?:@root\\.|(?:\\.\\./)+)?${IDENT}(?:\\.${IDENT})*)(?=\\s|$)`, 'g');
      for (let a = arg.exec(args); a; a = arg.exec(args)) {
        const name = outerName(a[1] ?? '', insideContextBlock());
        if (name && !HANDLEBARS_HELPERS.has(name)) uses.push({ name, offset: innerOffset + head.length + a.index + a[0].indexOf(a[1] ?? '') });
      }
      continue;
    }
    const name = outerName(head, insideContextBlock());
    if (name) uses.push({ name, offset: innerOffset });
  }
  return uses.filter((use) => !blockLocals.has(use.name));
}

/**
 * The template input a Handlebars path reads, or null when it reads something else: a data variable
 * (`@index`), or a field of the current item inside an `each`/`with` block. `@root.x` and `../x`
 * reach back to the inputs.
 */
function outerName(path: string, scoped: boolean): string | null {
  if (path.startsWith('@root.')) return rootOf(path.slice('@root.'.length));
  if (path.startsWith('../')) return rootOf(path.replace(/^(\.\.\/)+/, ''));
  const root = rootOf(path);
  if (root.startsWith('@') || root === 'this' || scoped) return null;
  return root;
}

// VS Code prompt-file variables: ${input:name}, ${input:name:placeholder}, and the editor context
// variables ${selection}, ${selectedText}, ${file}, ${fileBasename}, ${fileDirname},
// ${fileBasenameNoExtension}, ${workspaceFolder}, ${workspaceFolderBasename}.
function findCopilot(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  const variable = /\$\{(input:)?([A-Za-z_][\w-]*)(?::[^}\n]{0,200})?\}/g;
  for (let m = variable.exec(text); m; m = variable.exec(text)) {
    uses.push({ name: (m[1] ?? '') ? `input:${m[2] ?? ''}` : (m[2] ?? ''), offset: m.index });
  }
  return uses;
}

function findCopilotStyle(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  const variable = new RegExp(`\\$\\{\\s*(${IDENT})\\s*\\}`, 'g');
  for (let m = variable.exec(text); m; m = variable.exec(text)) uses.push({ name: m[1] ?? '', offset: m.index });
  return uses;
}

/** Python `str.format` / LangChain style `{name}`, not `{{`, not inside `{{ }}`, not JSON objects. */
function findPythonFormat(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  const variable = new RegExp(`(?<![{$])\\{(${IDENT})\\}(?!\\})`, 'g');
  for (let m = variable.exec(text); m; m = variable.exec(text)) uses.push({ name: m[1] ?? '', offset: m.index });
  return uses;
}

function rootOf(path: string): string {
  return path.split('.')[0] ?? '';
}

function dedupe(uses: VariableUse[]): VariableUse[] {
  const seen = new Set<string>();
  return uses.filter((use) => (seen.has(use.name) ? false : (seen.add(use.name), true)));
}

/** Unbalanced Jinja/Nunjucks blocks: an `{% if %}` never closed, or an `{% endfor %}` without its `for`. */
export function checkJinjaBlocks(text: string): { offset: number; message: string }[] {
  const problems: { offset: number; message: string }[] = [];
  const open: { keyword: string; offset: number }[] = [];
  const blockKeywords = new Set(['if', 'for', 'block', 'macro', 'call', 'filter', 'raw', 'with', 'set_block']);
  for (const m of matchTags(text, JINJA_TAGS, /\{%-?\s*(\w+)([\s\S]*?)-?%\}/)) {
    const keyword = m[1] ?? '';
    if (keyword === 'set' && !(m[2] ?? '').includes('=')) {
      open.push({ keyword: 'set', offset: m.index });
    } else if (blockKeywords.has(keyword)) {
      open.push({ keyword, offset: m.index });
    } else if (keyword.startsWith('end')) {
      const expected = keyword.slice(3);
      const top = open.pop();
      if (!top) problems.push({ offset: m.index, message: `\`{% ${keyword} %}\` closes a block that was never opened.` });
      else if (top.keyword !== expected)
        problems.push({ offset: m.index, message: `\`{% ${keyword} %}\` closes \`{% ${top.keyword} %}\`, which needs \`{% end${top.keyword} %}\`.` });
    }
  }
  for (const block of open) problems.push({ offset: block.offset, message: `\`{% ${block.keyword} %}\` is never closed: add \`{% end${block.keyword} %}\`.` });
  const unclosed = firstUnclosedTag(text, JINJA_TAGS);
  if (unclosed !== -1) problems.push({ offset: unclosed, message: `\`${text.slice(unclosed, unclosed + 2)}\` is never closed.` });
  return problems;
}

/** Unbalanced Handlebars blocks: `{{#each}}` without `{{/each}}` and the like. */
export function checkHandlebarsBlocks(text: string): { offset: number; message: string }[] {
  const problems: { offset: number; message: string }[] = [];
  const open: { name: string; offset: number }[] = [];
  for (const m of matchTags(text, HANDLEBARS_TAGS, /\{\{~?\s*([#/^])\s*([\w-]+)[\s\S]*?\}\}/)) {
    if ((m[1] ?? '') === '#' || ((m[1] ?? '') === '^' && (m[2] ?? '') !== 'else')) {
      open.push({ name: m[2] ?? '', offset: m.index });
    } else if ((m[1] ?? '') === '/') {
      const top = open.pop();
      if (!top) problems.push({ offset: m.index, message: `\`{{/${m[2] ?? ''}}}\` closes a block that was never opened.` });
      else if (top.name !== (m[2] ?? ''))
        problems.push({ offset: m.index, message: `\`{{/${m[2] ?? ''}}}\` closes \`{{#${top.name}}}\`, which needs \`{{/${top.name}}}\`.` });
    }
  }
  for (const block of open) problems.push({ offset: block.offset, message: `\`{{#${block.name}}}\` is never closed: add \`{{/${block.name}}}\`.` });
  const unclosed = firstUnclosedTag(text, [['{{', '}}']]);
  if (unclosed !== -1) problems.push({ offset: unclosed, message: '`{{` is never closed with `}}`.' });
  return problems;
}

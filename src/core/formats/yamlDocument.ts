// Parsing YAML from an untrusted file with a bound on nesting that does not depend on the stack.
// The yaml library reads text into a syntax tree without recursion, but builds the document from that
// tree recursively: a few hundred to a few thousand levels in, depending on the thread's stack (the
// CLI's main thread, a scan worker, a browser worker), it fails with "Maximum call stack size
// exceeded", so the same file was reported one way by `scan` and another by `plan`. Here the depth is
// measured on the syntax tree with a loop, and a file nested deeper than any hand-written config is
// refused before the document is built, with the line where the limit is crossed.
import { Composer, Parser, YAMLParseError, type CST, type Document } from 'yaml';

/** Deeper than any hand-written config or frontmatter (they nest a dozen levels at most), and far below where any stack runs out. */
export const MAX_YAML_NESTING = 100;

export type YamlParse = { doc: Document; tooDeep: null } | { doc: null; tooDeep: { offset: number; limit: number } };

/**
 * One YAML document, as `parseDocument(source, { uniqueKeys: false, logLevel: 'error' })` gives it
 * (errors without the library's "at line, column" context, which the diagnostics give anyway), or where
 * its nesting first goes past `limit` collections.
 */
export function parseYamlDocument(source: string, limit = MAX_YAML_NESTING): YamlParse {
  const tokens = Array.from(new Parser().parse(source));
  const deep = firstTooDeep(tokens, limit);
  if (deep !== null) return { doc: null, tooDeep: { offset: deep, limit } };
  const composer = new Composer({ uniqueKeys: false, logLevel: 'error' });
  let doc: Document | null = null;
  for (const next of composer.compose(tokens, true, source.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(
        new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'),
      );
      break;
    }
  }
  // compose(…, forceDoc = true) always yields a document, empty source included.
  return { doc: doc!, tooDeep: null };
}

/** Offset of the first collection nested deeper than `limit`, or null. Iterative: the tree itself may be 100,000 levels deep. */
function firstTooDeep(tokens: readonly CST.Token[], limit: number): number | null {
  const pending: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    if (token.type === 'document') {
      if (token.value) pending.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const inside = depth + 1;
    if (inside > limit) return token.offset;
    for (const item of token.items as CST.CollectionItem[]) {
      if (item.key) pending.push({ token: item.key, depth: inside });
      if (item.value) pending.push({ token: item.value, depth: inside });
    }
  }
  return null;
}

/** What the user is told about a document nested past the limit. */
export function tooDeepMessage(what: string, limit: number): string {
  return `${what} nests more than ${limit} levels deep: it is not read (a hand-written file never nests this deep; a generated one may be hostile). Flatten it.`;
}

/**
 * The data of a referenced JSON or YAML file (a tool list, a response schema), or an error to report:
 * YAML with the same nesting limit as any other YAML here, and aliases bounded so a bomb stays small.
 */
export function referencedFileData(
  content: string,
  extension: string,
  label: string,
): { data: unknown } | { error: string; code: 'invalid-json' | 'invalid-yaml' | 'too-complex' } {
  if (extension === 'json') {
    try {
      return { data: JSON.parse(content) as unknown };
    } catch (error) {
      return { code: 'invalid-json', error: `${label} is not valid JSON (${(error as Error).message}): its tokens are not counted.` };
    }
  }
  const parsed = parseYamlDocument(content);
  if (parsed.tooDeep) return { code: 'too-complex', error: tooDeepMessage(label, parsed.tooDeep.limit) };
  if (parsed.doc.errors.length > 0) {
    return { code: 'invalid-yaml', error: `${label} is not valid YAML (${parsed.doc.errors[0]?.message ?? 'unreadable'}): its tokens are not counted.` };
  }
  try {
    return { data: parsed.doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch {
    return { code: 'too-complex', error: `${label} expands too many YAML aliases: its tokens are not counted.` };
  }
}

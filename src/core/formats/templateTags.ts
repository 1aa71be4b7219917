// Finding template tags ({{ }}, {% %}, {# #}) in linear time. Prompt files are untrusted text: a
// regular expression with a lazy `[\s\S]*?` between an opener and its closer searches to the end of
// the file from every opener that has no closer, which makes 400 KB of `{{ x` take most of a minute.
// Here each opener looks for its closer once, and once a kind of closer is known to be absent from
// the rest of the text, its later openers are not searched again.

/** An opener and its closer, e.g. ['{{', '}}']. Listed longest opener first where they overlap. */
export type TagKind = readonly [open: string, close: string];

export const JINJA_TAGS: readonly TagKind[] = [
  ['{#', '#}'],
  ['{%', '%}'],
  ['{{', '}}'],
];

export const HANDLEBARS_TAGS: readonly TagKind[] = [
  ['{{!--', '--}}'],
  ['{{{', '}}}'],
  ['{{', '}}'],
];

export interface TagSpan {
  start: number;
  end: number;
}

export function scanTags(text: string, kinds: readonly TagKind[]): TagSpan[] {
  return scanTagsAndUnclosed(text, kinds).tags;
}

/** The first opener that no closer follows, or -1. */
export function firstUnclosedTag(text: string, kinds: readonly TagKind[]): number {
  return scanTagsAndUnclosed(text, kinds).firstUnclosed;
}

function scanTagsAndUnclosed(text: string, kinds: readonly TagKind[]): { tags: TagSpan[]; firstUnclosed: number } {
  const tags: TagSpan[] = [];
  let firstUnclosed = -1;
  const noCloserAfter = kinds.map(() => false);
  for (let i = text.indexOf('{'); i !== -1;) {
    let next = i + 1;
    for (const [k, [open, close]] of kinds.entries()) {
      if (!text.startsWith(open, i)) continue;
      const closeAt = noCloserAfter[k] ? -1 : text.indexOf(close, i + open.length);
      if (closeAt === -1) {
        noCloserAfter[k] = true;
        if (firstUnclosed === -1 && !kinds.some(([other], j) => j < k && text.startsWith(other, i))) firstUnclosed = i;
        continue;
      }
      next = closeAt + close.length;
      tags.push({ start: i, end: next });
      break;
    }
    i = text.indexOf('{', next);
  }
  return { tags, firstUnclosed };
}

/**
 * Each tag matched against `pattern` (tried on the tag's text alone, so it should match a whole tag),
 * with `index` set to the tag's offset in `text`: a drop-in for a global regular-expression loop.
 */
export function matchTags(text: string, kinds: readonly TagKind[], pattern: RegExp): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  const anchored = new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace('g', ''));
  for (const tag of scanTags(text, kinds)) {
    const match = anchored.exec(text.slice(tag.start, tag.end));
    if (match) {
      match.index = tag.start;
      matches.push(match);
    }
  }
  return matches;
}

/** `text` with every tag replaced by what `replace` returns for the tag's text. */
export function replaceTags(text: string, kinds: readonly TagKind[], replace: (tag: string) => string): string {
  let out = '';
  let from = 0;
  for (const tag of scanTags(text, kinds)) {
    out += text.slice(from, tag.start) + replace(text.slice(tag.start, tag.end));
    from = tag.end;
  }
  return out + text.slice(from);
}

// How deeply a template's blocks nest, from its tags alone (linear, no parser). The engines' parsers
// recurse per level: Handlebars takes over half a minute on 5,000 nested \`{{#if}}\`, and Dotprompt's
// runtime overflows the stack near 2,000; so a template nested past MAX_RENDER_DEPTH is not handed
// to an engine at all.
import { HANDLEBARS_TAGS, JINJA_TAGS, scanTags } from '../formats/templateTags';

/** The deepest nesting of blocks and the offset of the first tag that reaches it (unbalanced tags just count as they come). */
export function deepestBlock(text: string, syntax: 'jinja' | 'handlebars'): { depth: number; offset: number } {
  let depth = 0;
  let deepest = 0;
  let offset = 0;
  for (const tag of scanTags(text, syntax === 'jinja' ? JINJA_TAGS : HANDLEBARS_TAGS)) {
    const head = text.slice(tag.start, Math.min(tag.end, tag.start + 16));
    const opens = syntax === 'jinja' ? /^\{%-?\s*(?:for|if|macro|call|filter)\b/.test(head) : /^\{\{~?\s*[#^](?!\s*\}\})/.test(head);
    const closes = syntax === 'jinja' ? /^\{%-?\s*end(?:for|if|macro|call|filter)\b/.test(head) : /^\{\{~?\s*\//.test(head);
    if (opens && ++depth > deepest) {
      deepest = depth;
      offset = tag.start;
    } else if (closes) depth = Math.max(0, depth - 1);
  }
  return { depth: deepest, offset };
}

// Prompt shortening: real edits of the prompt text, each with the tokens it saves, counted with the
// exact tokenizer the caller passes. Edits stay away from code blocks, where whitespace and symbols
// carry meaning.

export type ShorteningKind = 'collapse-whitespace' | 'strip-markdown' | 'remove-duplicate-lines' | 'trim-examples';

export interface PromptText {
  role: string;
  text: string;
}

export interface Shortening {
  kind: ShorteningKind;
  description: string;
  tokensSaved: number;
  /** Share of the prompt's tokens saved (0-1). */
  share: number;
}

export interface ShorteningReport {
  tokensBefore: number;
  /** Each edit applied alone to the original prompt. */
  transforms: Shortening[];
  /** All edits applied one after another. */
  combined: { tokensAfter: number; tokensSaved: number; share: number };
}

export type CountTokens = (text: string) => number;

/** Trailing spaces, runs of spaces inside lines and more than one blank line in a row. Indentation is kept. */
export function collapseWhitespace(text: string): string {
  return mapOutsideCode(text, (line) => trimSpacesAndTabsEnd(line.replace(/(\S)[ \t]{2,}/g, '$1 ')))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Emphasis markers, heading hashes, horizontal rules and table alignment rows; text is kept. */
export function stripMarkdown(text: string): string {
  return mapOutsideCode(text, (line) => {
    const trimmed = line.trim();
    if (/^([-*_])(?:\s*\1){2,}$/.test(trimmed) || isTableAlignmentRow(trimmed)) return null;
    return unwrapPairs(unwrapPairs(line.replace(/^(\s*)#{1,6}\s+/, '$1'), '**'), '__').replace(/(^|[^\w*])\*(\S(?:[^*]*?\S)?)\*(?=[^\w*]|$)/g, '$1$2');
  });
}

// The edits below run on every line of every prompt, and prompt text is untrusted: each is linear
// in the line's length. Regular expressions such as /[ \t]+$/ or /\s*…\s*$/ retry from every
// position of a long run of spaces (quadratic: 100,000 empty variables took 20 s), so these few are
// written out by hand, with the same results as the expressions named in their comments.

/** `line.replace(/[ \t]+$/, '')`. */
function trimSpacesAndTabsEnd(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
  return end === line.length ? line : line.slice(0, end);
}

/**
 * A table's alignment row (`| --- | :---: |`), as /^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$/
 * tests it, on the trimmed line: cells of three or more dashes each closed by `|`, then a last cell
 * of any dashes, optionally closed by `|` too.
 */
export function isTableAlignmentRow(trimmed: string): boolean {
  // Most lines have no closed cell at all: decided without splitting.
  if (!trimmed.includes('|') || !trimmed.includes('---')) return false;
  const cells = (trimmed.startsWith('|') ? trimmed.slice(1) : trimmed).split('|').map((cell) => cell.trim());
  const closed = (cell: string) => /^:?-{3,}:?$/.test(cell);
  const last = (cell: string) => /^:?-*:?$/.test(cell);
  const n = cells.length;
  if (n < 2 || !cells.slice(0, n - 2).every(closed)) return false;
  // Either the last cell follows the closed ones, or it was closed by `|` and nothing follows.
  return (closed(cells[n - 2]!) && last(cells[n - 1]!)) || (n >= 3 && last(cells[n - 2]!) && cells[n - 1] === '');
}

/**
 * What `line.replace(/\*\*(\S(?:.*?\S)?)\*\*(?:)/g, '$1')` does for `**` (and the same for `__`): text between
 * a pair of markers, starting and ending with a non-space, loses the markers. As that expression
 * does, an opening pair closes at the first pair after a non-space at least two characters in (on
 * the same line: no \r, \u2028, \u2029 between), or else right after its first character.
 */
export function unwrapPairs(line: string, marker: '**' | '__'): string {
  // Where a pair can close: right after a non-space. Ascending, so one pointer serves every opening.
  const closings: number[] = [];
  for (let j = line.indexOf(marker, 1); j !== -1; j = line.indexOf(marker, j + 1)) if (!isSpace(line.charCodeAt(j - 1))) closings.push(j);
  if (closings.length === 0) return line;
  let out = '';
  let copied = 0;
  let c = 0;
  let lineEnd = -1; // the first \r, \u2028 or \u2029 at or after the current search, -1 when not found yet
  for (let i = line.indexOf(marker); i !== -1 && i + 2 < line.length; i = line.indexOf(marker, i)) {
    if (isSpace(line.charCodeAt(i + 2))) {
      i++;
      continue;
    }
    while (c < closings.length && closings[c]! < i + 4) c++;
    if (lineEnd !== -1 && lineEnd < i + 3) lineEnd = -1;
    if (lineEnd === -1) lineEnd = nextLineTerminator(line, i + 3);
    let close = c < closings.length && closings[c]! <= lineEnd ? closings[c]! : -1;
    if (close === -1 && line.startsWith(marker, i + 3)) close = i + 3;
    if (close === -1) {
      i++;
      continue;
    }
    out += line.slice(copied, i) + line.slice(i + 2, close);
    copied = i = close + 2;
  }
  return copied === 0 ? line : out + line.slice(copied);
}

/** The first line terminator that `.` does not match (\r, \u2028, \u2029; lines are already split at \n) from `from`; the length if none. */
function nextLineTerminator(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 0x0d || code === 0x0a || code === 0x2028 || code === 0x2029) return i;
  }
  return line.length;
}

/**
 * Where the `<example>` blocks of a text are, each with the blanks after its closing tag: what
 * `/<example\b[^>]*>[\s\S]*?<\/example>\s*(?:)/gi` matches. Each search starts where the last stopped,
 * and a tag or closing tag not found ends the search: that expression would look for them to the end
 * of the text again from every later `<example`.
 */
export function exampleBlocks(text: string): { start: number; end: number }[] {
  const opening = /<example\b/gi;
  const closing = /<\/example>\s*/gi;
  const blocks: { start: number; end: number }[] = [];
  for (let match = opening.exec(text); match !== null; match = opening.exec(text)) {
    const tagEnd = text.indexOf('>', match.index + match[0].length);
    if (tagEnd === -1) break;
    closing.lastIndex = tagEnd + 1;
    const close = closing.exec(text);
    if (close === null) break;
    const end = close.index + close[0].length;
    blocks.push({ start: match.index, end });
    opening.lastIndex = end;
  }
  return blocks;
}

/** What `text.replace` with the expression of `exampleBlocks` does. */
export function replaceExampleBlocks(text: string, replace: (block: string) => string): string {
  return withoutSpans(text, exampleBlocks(text), (span) => replace(text.slice(span.start, span.end)));
}

/** `text` with each of `spans` (in order, not overlapping) replaced by what `replace` gives for it. */
function withoutSpans<S extends { start: number; end: number }>(text: string, spans: readonly S[], replace: (span: S) => string): string {
  if (spans.length === 0) return text;
  let out = '';
  let copied = 0;
  for (const span of spans) {
    out += text.slice(copied, span.start) + replace(span);
    copied = span.end;
  }
  return out + text.slice(copied);
}

/** JavaScript's `\s`. */
function isSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Lines repeated word for word (ignoring surrounding spaces) anywhere earlier in the prompt. Short
 * lines (closing braces, "---", list stubs) and code are left alone: repeating them is structure.
 */
export function removeDuplicateLines(messages: readonly PromptText[]): PromptText[] {
  const seen = new Set<string>();
  return messages.map((message) => ({
    role: message.role,
    text: mapOutsideCode(message.text, (line) => {
      const key = line.trim();
      if (key.length < 20) return line;
      if (seen.has(key)) return null;
      seen.add(key);
      return line;
    }),
  }));
}

/** A line that heads a few-shot example: "Example 2:", "## Sample", at most 40 characters after the word. */
const EXAMPLE_HEADING = /^\s*(#{1,6}\s*)?(example|sample)\b.{0,40}$/i;

/**
 * Keeps the first `keep` few-shot examples, counted in reading order across the prompt: `<example>`
 * blocks, paragraphs headed "Example ..." (up to the next heading, example or blank line before
 * unlabelled text), and user/assistant message pairs placed before the final user turn, each one
 * example. So "keep 1" keeps whichever comes first, whatever its kind.
 */
export function trimExamples(messages: readonly PromptText[], keep: number): PromptText[] {
  let kept = 0;
  const take = () => kept++ < keep;
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  const result: PromptText[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (!message) continue;
    const next = messages[i + 1];
    if (i < lastUser && message.role === 'user' && next?.role === 'assistant' && i + 1 < lastUser) {
      // The pair is one example, at its place: dropped whole, or kept with its own text trimmed.
      if (!take()) {
        i++;
        continue;
      }
      result.push({ role: message.role, text: trimExamplesInText(message.text, take) }, { role: next.role, text: trimExamplesInText(next.text, take) });
      i++;
      continue;
    }
    result.push({ role: message.role, text: trimExamplesInText(message.text, take) });
  }
  return result;
}

/** One message's `<example>` blocks and headed example paragraphs, each kept or dropped in reading order by `take`. */
function trimExamplesInText(text: string, take: () => boolean): string {
  const blocks = exampleBlocks(text).map((block) => ({ ...block, kept: true }));
  // A line that starts inside a block is the block's text, never a heading of its own.
  const insideBlockBefore = insideSpans(blocks);
  const headings = lineStarts(text).filter((line) => !insideBlockBefore(line.start) && EXAMPLE_HEADING.test(line.text));
  // Decide in reading order: a block and a heading count where they start.
  const headingKept = new Map<number, boolean>();
  let b = 0;
  for (const heading of headings) {
    for (; b < blocks.length && blocks[b]!.start < heading.start; b++) blocks[b]!.kept = take();
    headingKept.set(heading.start, take());
  }
  for (; b < blocks.length; b++) blocks[b]!.kept = take();

  const trimmed = withoutSpans(text, blocks, (block) => (block.kept ? text.slice(block.start, block.end) : ''));
  // Once one example is dropped every later one is, so the kept blocks and headings all lie before the
  // first text removed: their offsets are the same in the trimmed text.
  const insideKeptBlock = insideSpans(blocks.filter((block) => block.kept));
  const lines = lineStarts(trimmed);
  const out: string[] = [];
  let dropping = false;
  lines.forEach(({ text: line, start }, i) => {
    if (!insideKeptBlock(start) && EXAMPLE_HEADING.test(line)) {
      // A heading line made by removing a block from it was not counted above: it counts now.
      dropping = !(headingKept.get(start) ?? take());
    } else if (
      dropping &&
      (/^\s*#{1,6}\s/.test(line) ||
        (lines[i - 1]?.text.trim() === '' && line.trim() !== '' && !/^\s*(input|output|q|a|user|assistant|answer|question)\s*:/i.test(line)))
    ) {
      dropping = false;
    }
    if (!dropping) out.push(line);
  });
  return out.join('\n');
}

/** Whether an offset lies inside one of `spans` (in order, not overlapping), for offsets asked in increasing order. */
function insideSpans(spans: readonly { start: number; end: number }[]): (offset: number) => boolean {
  let i = 0;
  return (offset) => {
    while (i < spans.length && spans[i]!.end <= offset) i++;
    return i < spans.length && offset > spans[i]!.start;
  };
}

/** The lines of a text, each with the offset it starts at. */
function lineStarts(text: string): { text: string; start: number }[] {
  let start = 0;
  return text.split('\n').map((line) => {
    const found = { text: line, start };
    start += line.length + 1;
    return found;
  });
}

export function analyseShortening(messages: readonly PromptText[], count: CountTokens, options: { maxExamples?: number | null } = {}): ShorteningReport {
  const total = (list: readonly PromptText[]) => list.reduce((sum, m) => sum + count(m.text), 0);
  const tokensBefore = total(messages);
  const edits: { kind: ShorteningKind; description: string; apply: (list: readonly PromptText[]) => PromptText[] }[] = [
    {
      kind: 'collapse-whitespace',
      description: 'Collapse runs of spaces, trailing spaces and repeated blank lines (indentation and code kept)',
      apply: (list) => list.map((m) => ({ ...m, text: collapseWhitespace(m.text) })),
    },
    {
      kind: 'strip-markdown',
      description: 'Strip markdown decoration: bold/italic markers, heading hashes, rules, table alignment rows',
      apply: (list) => list.map((m) => ({ ...m, text: stripMarkdown(m.text) })),
    },
    { kind: 'remove-duplicate-lines', description: 'Remove lines repeated word for word', apply: removeDuplicateLines },
  ];
  if (options.maxExamples !== null && options.maxExamples !== undefined) {
    const keep = options.maxExamples;
    edits.push({
      kind: 'trim-examples',
      description: `Keep the first ${keep} few-shot example${keep === 1 ? '' : 's'}`,
      apply: (list) => trimExamples(list, keep),
    });
  }
  const share = (saved: number) => (tokensBefore > 0 ? saved / tokensBefore : 0);
  const transforms = edits.map((edit) => {
    const saved = Math.max(0, tokensBefore - total(edit.apply(messages)));
    return { kind: edit.kind, description: edit.description, tokensSaved: saved, share: share(saved) };
  });
  const all = edits.reduce<readonly PromptText[]>((list, edit) => edit.apply(list), messages);
  const tokensAfter = Math.min(tokensBefore, total(all));
  return { tokensBefore, transforms, combined: { tokensAfter, tokensSaved: tokensBefore - tokensAfter, share: share(tokensBefore - tokensAfter) } };
}

/** Applies `edit` to each line outside fenced code blocks; returning null drops the line. */
function mapOutsideCode(text: string, edit: (line: string) => string | null): string {
  let inCode = false;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      inCode = !inCode;
      out.push(line);
      continue;
    }
    if (inCode) {
      out.push(line);
      continue;
    }
    const edited = edit(line);
    if (edited !== null) out.push(edited);
  }
  return out.join('\n');
}

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
  return mapOutsideCode(text, (line) => line.replace(/(\S)[ \t]{2,}/g, '$1 ').replace(/[ \t]+$/, ''))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Emphasis markers, heading hashes, horizontal rules and table alignment rows; text is kept. */
export function stripMarkdown(text: string): string {
  return mapOutsideCode(text, (line) => {
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return null;
    if (/^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$/.test(line)) return null;
    return line
      .replace(/^(\s*)#{1,6}\s+/, '$1')
      .replace(/\*\*(\S(?:.*?\S)?)\*\*/g, '$1')
      .replace(/__(\S(?:.*?\S)?)__/g, '$1')
      .replace(/(^|[^\w*])\*(\S(?:[^*]*?\S)?)\*(?=[^\w*]|$)/g, '$1$2');
  });
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

/**
 * Keeps the first `keep` few-shot examples: `<example>` blocks, paragraphs headed "Example ..."
 * (up to the next heading, example or blank line before unlabelled text), and user/assistant
 * message pairs placed before the final user turn.
 */
export function trimExamples(messages: readonly PromptText[], keep: number): PromptText[] {
  let kept = 0;
  const trimmedText = messages.map((message) => {
    const text = message.text.replace(/<example\b[^>]*>[\s\S]*?<\/example>\s*/gi, (block) => (kept++ < keep ? block : ''));
    const lines = text.split('\n');
    const out: string[] = [];
    let dropping = false;
    lines.forEach((line, i) => {
      if (/^\s*(#{1,6}\s*)?(example|sample)\b.{0,40}$/i.test(line)) {
        dropping = kept++ >= keep;
      } else if (
        dropping &&
        (/^\s*#{1,6}\s/.test(line) ||
          (lines[i - 1]?.trim() === '' && line.trim() !== '' && !/^\s*(input|output|q|a|user|assistant|answer|question)\s*:/i.test(line)))
      ) {
        dropping = false;
      }
      if (!dropping) out.push(line);
    });
    return { role: message.role, text: out.join('\n') };
  });
  const lastUser = trimmedText.map((m) => m.role).lastIndexOf('user');
  const result: PromptText[] = [];
  let pairs = 0;
  for (let i = 0; i < trimmedText.length; i++) {
    const message = trimmedText[i];
    if (!message) continue;
    const next = trimmedText[i + 1];
    if (i < lastUser && message.role === 'user' && next?.role === 'assistant' && i + 1 < lastUser) {
      if (pairs++ >= keep) {
        i++;
        continue;
      }
    }
    result.push(message);
  }
  return result;
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

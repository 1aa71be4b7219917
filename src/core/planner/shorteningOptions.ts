// The prompt-shortening edits for the planner's checkboxes. The webview has no tokenizer, so the
// extension runs the engine's analysis with the exact counter and sends what it found: each edit
// with its saving, the exact saving of every combination of edits, and the counts of the texts the
// analysis counted (so the cost model can repeat the analysis in the webview and get the same result).
import {
  analyseShortening,
  collapseWhitespace,
  removeDuplicateLines,
  stripMarkdown,
  trimExamples,
  type CountTokens,
  type PromptText,
  type ShorteningKind,
} from '../cost/shortening';
import type { RequestProfile } from '../cost/requestProfile';
import type { ShorteningOptions } from './protocol';

function editFor(kind: ShorteningKind, maxExamples: number | null): (list: readonly PromptText[]) => PromptText[] {
  switch (kind) {
    case 'collapse-whitespace':
      return (list) => list.map((m) => ({ ...m, text: collapseWhitespace(m.text) }));
    case 'strip-markdown':
      return (list) => list.map((m) => ({ ...m, text: stripMarkdown(m.text) }));
    case 'remove-duplicate-lines':
      return removeDuplicateLines;
    case 'trim-examples':
      return (list) => trimExamples(list, maxExamples ?? 0);
  }
}

export function shorteningOptionsFor(profile: RequestProfile, count: CountTokens, maxExamples: number | null): ShorteningOptions {
  const counts = new Map<string, number>();
  const recording = (text: string) => {
    let n = counts.get(text);
    if (n === undefined) counts.set(text, (n = count(text)));
    return n;
  };
  const report = analyseShortening(profile.messages, recording, { maxExamples });
  const analysisCounts: [string, number][] = [...counts];
  const total = (list: readonly PromptText[]) => list.reduce((sum, m) => sum + count(m.text), 0);
  const subsetShares: number[] = [];
  for (let mask = 0; mask < 2 ** report.transforms.length; mask++) {
    if (mask === 0 || report.tokensBefore === 0) {
      subsetShares.push(0);
      continue;
    }
    // Applied in the engine's order, like its `combined` figure.
    const edited = report.transforms.reduce<readonly PromptText[]>(
      (list, t, i) => (mask & (1 << i) ? editFor(t.kind, maxExamples)(list) : list),
      profile.messages,
    );
    subsetShares.push(Math.max(0, report.tokensBefore - total(edited)) / report.tokensBefore);
  }
  return { maxExamples, tokensBefore: report.tokensBefore, transforms: report.transforms, subsetShares, counts: analysisCounts };
}

/** A counter that answers only for texts counted by the extension; anything else is a programming error, not a guess. */
export function countFromTable(counts: readonly [string, number][]): CountTokens {
  const table = new Map(counts);
  return (text) => {
    const n = table.get(text);
    if (n === undefined) throw new MissingCount();
    return n;
  };
}

export class MissingCount extends Error {
  constructor() {
    super('a text the extension did not count');
  }
}

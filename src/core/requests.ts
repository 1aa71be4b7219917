// From a parsed prompt file to what the cost model needs: per request, the tokens sent, the part a
// provider could cache, and what was assumed on the way.
import type { ImagePart, ParsedPromptFile, PromptMessage } from './types';
import { withoutMarkdownImages } from './formats/prompty';
import type { TokenCounter } from './tokens';
import type { RequestProfile, TokenCounts } from './cost/requestProfile';
import { renderTemplate, templateSyntaxOf } from './render';
import { findVariables, type TemplateSyntax } from './formats/variables';
import { billedProfileOf } from './cost/requestParts';

/** The counters a profile is built with: o200k_base always; cl100k_base only when a priced model reads it. */
export interface Counters {
  o200k_base: TokenCounter;
  cl100k_base?: TokenCounter;
}

export interface ProfileOptions {
  /** Tokens assumed for each use of a variable the file gives no sample for. */
  assumedVariableTokens: number;
}

export const DEFAULT_PROFILE_OPTIONS: ProfileOptions = { assumedVariableTokens: 100 };

// OpenAI's chat format adds 3 tokens per message (separators) plus the tokens of its role, and 3 to
// prime the reply (openai-cookbook, "How to count tokens with tiktoken": its examples match the API's
// counts, e.g. 101 for the weather-tool request). Other providers' framing is of the same order; the
// estimate band for their tokenizers covers the difference.
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_REPLY = 3;

/** One profile per request the file describes (a Batch API file: one per line). */
export function profileRequests(file: ParsedPromptFile, counters: Counters, options: ProfileOptions = DEFAULT_PROFILE_OPTIONS): RequestProfile[] {
  const syntax = templateSyntaxOf(file.format);
  // Prompty sends a message's markdown images as image parts (priced by the image rule), not as text.
  const sentText = file.format === 'prompty' ? (text: string) => withoutMarkdownImages(withoutRoleLine(text)) : (text: string) => text;
  const samples = new Map<string, unknown>(file.variables.map((variable) => [variable.name, variable.sampleValue ?? variable.sample]));
  const byRequest = new Map<number, PromptMessage[]>();
  for (const message of file.messages) {
    const list = byRequest.get(message.request) ?? [];
    list.push({ ...message, text: sentText(message.text) });
    byRequest.set(message.request, list);
  }
  const requestCount = Math.max(file.requests.length, 1);
  const profiles: RequestProfile[] = [];
  for (let index = 0; index < requestCount; index++) {
    const request = file.requests[index];
    const label = request && file.requests.length > 1 ? `${file.path} (${request.label})` : file.path;
    profiles.push(
      profileOne(
        label,
        byRequest.get(index) ?? [],
        syntax,
        samples,
        counters,
        options,
        request?.model ?? file.model,
        request?.maxOutputTokens ?? file.maxOutputTokens,
      ),
    );
    const billed = request?.billed;
    const profile = profiles.at(-1);
    if (billed && profile) {
      const cl100k = counters.cl100k_base;
      const messages = byRequest.get(index) ?? [];
      profile.billed = billedProfileOf(
        billed,
        {
          o200k_base: (text) => counters.o200k_base.count(text),
          ...(cl100k ? { cl100k_base: (text: string) => cl100k.count(text) } : {}),
        },
        (image) => inLastUserTurn(image, messages),
      );
    }
  }
  return profiles;
}

/** Whether an image sits in the last user message or after it: the part of a conversation each turn adds. */
function inLastUserTurn(image: ImagePart, messages: readonly PromptMessage[]): boolean {
  const lastUser = messages.findLastIndex((message) => message.role === 'user');
  const at = image.message ?? messages.findIndex((message) => message.startOffset <= image.offset && image.offset < message.endOffset);
  return lastUser !== -1 && at >= lastUser;
}

function profileOne(
  label: string,
  messages: PromptMessage[],
  syntax: TemplateSyntax | null,
  samples: ReadonlyMap<string, unknown>,
  counters: Counters,
  options: ProfileOptions,
  declaredModel: string | null,
  declaredMaxOutputTokens: number | null,
): RequestProfile {
  const tally = () => new TokenTally(counters);
  const input = tally();
  const staticTotal = tally();
  const prefix = tally();
  const fixed = tally();
  const perTurnUser = tally();
  const unsampled = new Map<string, number>();
  const notes = new Set<string>();
  const rendered: { role: string; text: string }[] = [];
  const noSamples = new Map<string, unknown>();
  let prefixEnded = false;
  const lastUser = messages.findLastIndex((message) => message.role === 'user');
  const variableAt = messages.map((message) => firstVariableOffset(message.text, syntax, samples));
  const anyVariable = variableAt.some((offset) => offset !== -1);

  messages.forEach((message, index) => {
    const full = renderTemplate(message.text, syntax, samples);
    for (const [name, uses] of full.unsampledUses) unsampled.set(name, (unsampled.get(name) ?? 0) + uses);
    for (const note of full.notes) notes.add(note);
    const assumed = sum(full.unsampledUses.values()) * options.assumedVariableTokens;
    // The text that does not depend on samples: the template as written, tags removed.
    const statics = renderTemplate(message.text, syntax, noSamples, false).text;
    const messageTokens = tally()
      .add(full.text, TOKENS_PER_MESSAGE + assumed)
      .add(message.role, 0);
    input.addTally(messageTokens);
    staticTotal.add(statics, TOKENS_PER_MESSAGE).add(message.role, 0);
    // In a conversation, everything before the last user turn (system prompt, few-shot examples) is
    // resent unchanged each turn; the last user turn stands for each new turn's input.
    (lastUser === -1 || index < lastUser ? fixed : perTurnUser).addTally(messageTokens);
    rendered.push({ role: message.role, text: full.text });

    if (prefixEnded) return;
    // The cacheable prefix ends at the first variable; in a prompt without variables, at the last
    // user turn, where each request's own input goes.
    const firstVariable = variableAt[index] ?? -1;
    if (firstVariable !== -1) {
      // The text before the variable, rendered alone. Cut off from the rest, a construct around the
      // cut (`{{role "a{{#each items}}`: a tag left unclosed) renders as more text than it does
      // whole, so only as much as agrees with what is sent counts, and never more than the message.
      const alone = renderTemplate(message.text.slice(0, firstVariable), syntax, noSamples, false).text;
      const sent = tally().add(commonPrefix(alone, full.text), TOKENS_PER_MESSAGE).add(message.role, 0);
      prefix.addTally(sent.atMost(messageTokens));
      prefixEnded = true;
    } else if (!anyVariable && index === lastUser) {
      prefixEnded = true;
    } else {
      prefix.addTally(messageTokens);
    }
  });
  input.add('', TOKENS_PER_REPLY);
  perTurnUser.add('', TOKENS_PER_REPLY);

  const assumptions = [...unsampled].map(
    ([name, uses]) => `\`${name}\` has no sample value: assumed ${options.assumedVariableTokens} tokens${uses > 1 ? ` at each of its ${uses} uses` : ''}`,
  );
  assumptions.push(...[...notes].map((note) => `The template was ${note}`));
  const staticCounts = staticTotal.counts();
  const prefixCounts = prefix.counts();
  return {
    label,
    declaredModel,
    declaredMaxOutputTokens,
    inputTokens: input.counts(),
    staticPrefixTokens: prefixCounts,
    movableStaticTokens: difference(staticCounts, prefixCounts),
    conversation: { fixedTokens: fixed.counts(), perTurnUserTokens: perTurnUser.counts() },
    messages: rendered,
    assumptions,
  };
}

/** Token counts built up from pieces of text, in every encoding the counters hold. */
class TokenTally {
  private o200k = 0;
  private cl100k = 0;

  constructor(private readonly counters: Counters) {}

  add(text: string, extra: number): this {
    this.o200k += (text === '' ? 0 : this.counters.o200k_base.count(text)) + extra;
    if (this.counters.cl100k_base) this.cl100k += (text === '' ? 0 : this.counters.cl100k_base.count(text)) + extra;
    return this;
  }

  /** This tally, each count capped at `other`'s. */
  atMost(other: TokenTally): this {
    this.o200k = Math.min(this.o200k, other.o200k);
    this.cl100k = Math.min(this.cl100k, other.cl100k);
    return this;
  }

  addTally(other: TokenTally): this {
    this.o200k += other.o200k;
    this.cl100k += other.cl100k;
    return this;
  }

  counts(): TokenCounts {
    return this.counters.cl100k_base ? { o200k_base: this.o200k, cl100k_base: this.cl100k } : { o200k_base: this.o200k };
  }
}

/** The static text that is not in the prefix, never negative. */
function difference(total: TokenCounts, part: TokenCounts): TokenCounts {
  const o200k_base = Math.max(0, total.o200k_base - part.o200k_base);
  if (total.cl100k_base === undefined || part.cl100k_base === undefined) return { o200k_base };
  return { o200k_base, cl100k_base: Math.max(0, total.cl100k_base - part.cl100k_base) };
}

// A Prompty message starts with its role line (`system:`), which is not sent: the role travels in the
// chat format, whose cost is TOKENS_PER_MESSAGE.
function withoutRoleLine(text: string): string {
  return text.replace(/^[ \t]*#?[ \t]*(?:system|user|assistant|developer|function|tools?)(?:\[[^\]\n]*\])?[ \t]*:[ \t]*(?:\r?\n|$)/i, '');
}

/** Offset of the first use of a known variable (or Dotprompt `{{history}}`) in `text`, or -1. */
function firstVariableOffset(text: string, syntax: TemplateSyntax | null, samples: ReadonlyMap<string, unknown>): number {
  if (syntax === null) return -1;
  let first = -1;
  for (const use of findVariables(text, syntax)) {
    if (samples.has(use.name) && (first === -1 || use.offset < first)) first = use.offset;
  }
  if (first !== -1) first = tagStart(text, first);
  if (syntax === 'handlebars') {
    const history = text.search(/\{\{~?\s*history\s*~?\}\}/);
    if (history !== -1 && (first === -1 || history < first)) first = history;
  }
  return first;
}

/** Where the template tag around `offset` opens (`{{ name }}`, `{% if name %}`), so a prefix never ends inside a tag. */
function tagStart(text: string, offset: number): number {
  let open = text.lastIndexOf('{', offset);
  if (open === -1 || text.lastIndexOf('}', offset) > open) return offset;
  while (open > 0 && (text[open - 1] === '{' || text[open - 1] === '$')) open--;
  return open;
}

/** The longest text both start with. */
function commonPrefix(a: string, b: string): string {
  let n = 0;
  while (n < a.length && n < b.length && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return a.slice(0, n);
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

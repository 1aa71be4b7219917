// A template whose loops, run over the file's samples, would make a request larger than any
// context window is a finding about the file, not only an assumption: `check` must not pass it.
// Only messages with a loop or a section are rendered here (without one, the request is at most the
// text and its samples, which the context-window check sees).
import type { ParsedPromptFile, PromptMessage } from '../types';
import type { Place } from '../formats/result';
import { report } from '../formats/result';
import { renderTemplate } from '../render';
import { MAX_RENDERED_CHARS } from './limits';

const LOOP = { jinja: /\{%-?\s*for\b/, handlebars: /\{\{~?\s*[#^]/ } as const;

export function reportOversizedRenders(result: ParsedPromptFile, syntax: 'jinja' | 'handlebars', placeOf: (message: PromptMessage) => Place): void {
  const samples = new Map<string, unknown>(result.variables.map((variable) => [variable.name, variable.sampleValue ?? variable.sample]));
  for (const message of result.messages) {
    if (!LOOP[syntax].test(message.text)) continue;
    if (!renderTemplate(message.text, syntax, samples).tooLarge) continue;
    report(
      result,
      'warning',
      'too-large',
      placeOf(message),
      `Rendered with its samples, this ${message.role} message would be larger than ${MAX_RENDERED_CHARS / 1e6} M characters, more than any model's context window: such a request cannot be sent. It is counted as written.`,
    );
  }
}

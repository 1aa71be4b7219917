// What a template looks like once rendered, for counting: template syntax removed, each variable
// replaced by its sample value where the file gives one. Variables without a sample are left empty
// here and counted separately at an assumed size, which the report shows as an assumption.
import type { PromptFormat } from './types';
import type { TemplateSyntax } from './formats/variables';
import { HANDLEBARS_TAGS, JINJA_TAGS, replaceTags } from './formats/templateTags';

export interface RenderedText {
  text: string;
  /** Uses of variables that have no sample, by name: each is counted at the assumed size. */
  unsampledUses: Map<string, number>;
}

/** The template language each format's text is written in; null when the text is sent as is. */
export function templateSyntaxOf(format: PromptFormat): TemplateSyntax | null {
  switch (format) {
    case 'prompty':
    case 'promptfoo':
      return 'jinja';
    case 'dotprompt':
      return 'handlebars';
    case 'copilot-prompt':
    case 'copilot-instructions':
    case 'copilot-chatmode':
    case 'copilot-agent':
      return 'copilot';
    case 'chat-json':
    case 'text':
      return 'plain';
    case 'batch-jsonl':
      return null;
  }
}

/**
 * Renders `text` with `samples` (variable name → sample value, or null when the file has none).
 * Names not in `samples` (loop locals, helpers) render as nothing and are not counted.
 */
export function renderTemplate(text: string, syntax: TemplateSyntax | null, samples: ReadonlyMap<string, string | null>): RenderedText {
  const unsampledUses = new Map<string, number>();
  if (syntax === null) return { text, unsampledUses };
  const valueOf = (name: string): string => {
    if (!samples.has(name)) return '';
    const sample = samples.get(name);
    if (sample !== null && sample !== undefined) return sample;
    unsampledUses.set(name, (unsampledUses.get(name) ?? 0) + 1);
    return '';
  };
  let out = text;
  if (syntax === 'jinja' || syntax === 'plain') {
    // Comments and statements render as nothing; an expression as its variable's sample.
    out = replaceTags(out, JINJA_TAGS, (tag) => {
      if (!tag.startsWith('{{')) return '';
      const name = /^\{\{-?\s*([A-Za-z_]\w*)/.exec(tag)?.[1];
      return name ? valueOf(name) : '';
    });
  }
  if (syntax === 'handlebars') {
    // Comments, blocks, partials and Dotprompt's own helpers render as nothing here.
    out = replaceTags(out, HANDLEBARS_TAGS, (tag) => {
      if (/^\{\{~?\s*[!#/^>]/.test(tag) || /^\{\{\{?~?\s*(role|history|media|section|else)\b/.test(tag)) return '';
      const name = /^\{\{\{?~?\s*([A-Za-z_]\w*)/.exec(tag)?.[1];
      return name ? valueOf(name) : '';
    });
  }
  if (syntax === 'copilot') {
    out = out.replace(/\$\{(input:)?([A-Za-z_][\w-]*)(?::[^}\n]{0,200})?\}/g, (_match, input: string | undefined, name: string) =>
      valueOf(input ? `input:${name}` : name),
    );
  }
  if (syntax === 'plain') {
    out = out
      .replace(/\$\{\s*([A-Za-z_]\w*)\s*\}/g, (_match, name: string) => valueOf(name))
      .replace(/(?<![{$])\{([A-Za-z_]\w*)\}(?!\})/g, (_match, name: string) => valueOf(name));
  }
  return { text: out, unsampledUses };
}

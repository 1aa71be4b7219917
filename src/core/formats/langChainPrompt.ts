// LangChain prompts saved as JSON: `prompt.save()` / `.dict()` writes `{"_type": "prompt", "template",
// "input_variables"}` (or `"_type": "chat"` with `messages`), `dumpd()` writes `{"lc": 1, "id": [...,
// "PromptTemplate"], "kwargs": {...}}`. Each template is one message, located at its JSON string like
// any content in a chat JSON file.
import type { ParsedPromptFile } from '../types';
import type { LineIndex } from '../text';
import { addVariables, sampleText } from './result';
import { member, stringMember, toValue, type JsonNode } from './jsonLocate';
import { contentText, type ChatNote, type LocatedMessage } from './chatMessages';
import type { TemplateSyntax, VariableUse } from './variables';

export interface LangChainPrompt {
  messages: LocatedMessage[];
  /** How each message's variables are written; null for a fixed message, which has none. */
  syntaxes: (TemplateSyntax | null)[];
  /** The `input_variables` entries, in order. */
  declared: VariableUse[];
  /** `partial_variables`: values LangChain fills in itself, so they are the best samples there are. */
  samples: Map<string, string>;
}

const ROLE_OF_CLASS: ReadonlyMap<string, string> = new Map([
  ['SystemMessagePromptTemplate', 'system'],
  ['HumanMessagePromptTemplate', 'user'],
  ['AIMessagePromptTemplate', 'assistant'],
  ['SystemMessage', 'system'],
  ['HumanMessage', 'user'],
  ['AIMessage', 'assistant'],
]);
// `type` of a message saved with `.dict()`.
const ROLE_OF_TYPE: ReadonlyMap<string, string> = new Map([
  ['system', 'system'],
  ['human', 'user'],
  ['ai', 'assistant'],
]);

/** A `dumpd()` object's class name and constructor arguments; other objects are their own body. */
function unwrap(node: JsonNode): { className: string | null; body: JsonNode } {
  const id = member(node, 'id');
  const kwargs = member(node, 'kwargs');
  if (member(node, 'lc')?.kind !== 'number' || id?.kind !== 'array' || kwargs?.kind !== 'object') return { className: null, body: node };
  const last = id.items.at(-1);
  return { className: last?.kind === 'string' ? last.value : null, body: kwargs };
}

export function isLangChainPrompt(root: JsonNode): boolean {
  const { className } = unwrap(root);
  const type = stringMember(root, '_type');
  return className === 'PromptTemplate' || className === 'ChatPromptTemplate' || type === 'prompt' || type === 'chat';
}

export function langChainPrompt(root: JsonNode, text: string, notes: ChatNote[]): LangChainPrompt {
  const { className, body } = unwrap(root);
  const prompt: LangChainPrompt = { messages: [], syntaxes: [], declared: [], samples: new Map() };
  const partials = member(body, 'partial_variables');
  if (partials?.kind === 'object') {
    for (const entry of partials.entries) {
      const sample = sampleText(toValue(entry.value));
      if (sample !== null) prompt.samples.set(entry.key, sample);
    }
  }
  declareVariables(body, prompt);
  if (className !== 'ChatPromptTemplate' && stringMember(root, '_type') !== 'chat') {
    addTemplate(body, 'user', notes, prompt);
    return prompt;
  }
  const list = member(body, 'messages');
  if (list?.kind !== 'array') {
    notes.push({
      severity: 'warning',
      code: 'empty-prompt',
      offset: root.start,
      message: 'A LangChain chat prompt without a "messages" list: nothing to count.',
    });
    return prompt;
  }
  for (const item of list.items) addChatMessage(item, text, notes, prompt);
  return prompt;
}

function declareVariables(body: JsonNode, prompt: LangChainPrompt): void {
  const list = member(body, 'input_variables');
  if (list?.kind !== 'array') return;
  for (const item of list.items) if (item.kind === 'string') prompt.declared.push({ name: item.value, offset: item.start });
}

/** One message template of a chat prompt: a `{prompt: …}` template, a placeholder, or a fixed message. */
function addChatMessage(item: JsonNode, text: string, notes: ChatNote[], prompt: LangChainPrompt): void {
  const { className, body } = unwrap(item);
  const placeholder = stringMember(body, 'variable_name');
  if (className === 'MessagesPlaceholder' || placeholder) {
    notes.push({
      severity: 'info',
      code: 'not-counted',
      offset: item.start,
      message: `Messages filled in from \`${placeholder ?? '?'}\` at run time are not counted.`,
    });
    return;
  }
  const template = member(body, 'prompt');
  if (template) {
    // A `.dict()` dump keeps no class name, so a template without a `role` is taken as the user's.
    const role = (className && ROLE_OF_CLASS.get(className)) || (stringMember(body, 'role') ?? 'user');
    // Since langchain-core 0.2 a message template may be a list of parts (text and image templates).
    for (const part of template.kind === 'array' ? template.items : [template]) addTemplate(unwrap(part).body, role, notes, prompt);
    return;
  }
  const content = member(body, 'content');
  if (content) {
    const role = (className && ROLE_OF_CLASS.get(className)) || (ROLE_OF_TYPE.get(stringMember(body, 'type') ?? '') ?? stringMember(body, 'role') ?? 'user');
    prompt.messages.push({ role, text: contentText(content, text, notes), start: content.start, end: content.end });
    prompt.syntaxes.push(null);
    return;
  }
  notes.push({
    severity: 'warning',
    code: 'invalid-message',
    offset: item.start,
    message: 'Skipped a message that is neither a message template (`prompt`) nor a message (`content`).',
  });
}

function addTemplate(body: JsonNode, role: string, notes: ChatNote[], prompt: LangChainPrompt): void {
  const template = member(body, 'template');
  if (template?.kind === 'string') {
    prompt.messages.push({ role, text: template.value, start: template.start, end: template.end });
    prompt.syntaxes.push(stringMember(body, 'template_format') === 'jinja2' ? 'jinja' : 'plain');
    return;
  }
  const path = stringMember(body, 'template_path');
  if (path)
    notes.push({
      severity: 'info',
      code: 'external-content',
      offset: body.start,
      message: `The template is in ${path}, which is not read here: copy it into "template" to have it counted.`,
    });
  else if (template?.kind === 'object')
    notes.push({ severity: 'info', code: 'not-counted', offset: body.start, message: 'An image template is not counted: only text is priced.' });
  else
    notes.push({ severity: 'warning', code: 'empty-prompt', offset: body.start, message: 'A LangChain prompt without a "template" string: nothing to count.' });
}

/** `input_variables` the templates never use still need a value, so they are listed too. */
export function addDeclaredVariables(result: ParsedPromptFile, lines: LineIndex, prompt: LangChainPrompt): void {
  addVariables(result, prompt.declared, (declared) => lines.lineAt(declared.offset), prompt.samples);
}

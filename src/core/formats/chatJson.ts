// OpenAI-style chat JSON prompt files: a list of `{role, content}` messages, or a request object
// `{model?, messages, max_tokens?...}` (Anthropic's `system` and the Responses API's `input` /
// `instructions` are read too, since people keep those requests in the same kind of file).
//
// Messages carry the decoded content as `text`, while their offsets span the JSON value as written
// (quotes included, or the whole parts list): the text is what the model reads, the span is what
// an editor highlights.
//
// LangChain prompts saved as JSON are read here too, because they sit in the same `prompt.json`
// files: `prompt.save()` / `.dict()` writes `{"_type": "prompt", "template", "input_variables"}` (or
// `"_type": "chat"` with `messages`), `dumpd()` writes `{"lc": 1, "id": [..., "PromptTemplate"],
// "kwargs": {...}}`. Each template is one message, located at its JSON string like any content.
import type { ParsedPromptFile } from '../types';
import { LineIndex } from '../text';
import { collectVariables, declareSingleRequest, newResult, report, sampleText, setBody } from './result';
import { member, parseJsonLocated, stringMember, toValue, type JsonNode } from './jsonLocate';
import { contentText, messagesFrom, outputLimit, responsesInput, scanChatPairs, systemFrom, toPromptMessage, type ChatNote, type LocatedMessage } from './jsonChat';
import type { TemplateSyntax } from './variables';

export function parseChatJson(path: string, text: string): ParsedPromptFile {
  const result = newResult(path, 'chat-json');
  const lines = new LineIndex(text);
  setBody(result, text, lines, 0);
  const label = path.slice(path.lastIndexOf('/') + 1);
  const notes: ChatNote[] = [];
  const parsed = parseJsonLocated(text);

  let messages: LocatedMessage[];
  let model: string | null = null;
  let limit: number | null = null;
  let requestLine = 1;
  let langChain: LangChainPrompt | null = null;
  if (parsed.root && isLangChainPrompt(parsed.root)) {
    requestLine = lines.lineAt(parsed.root.start);
    langChain = langChainPrompt(parsed.root, text, notes);
    messages = langChain.messages;
  } else if (parsed.root) {
    requestLine = lines.lineAt(parsed.root.start);
    const root = parsed.root;
    messages = requestMessages(root, text, notes);
    model = stringMember(root, 'model');
    limit = outputLimit(root);
  } else {
    const error = parsed.error!;
    const line = lines.lineAt(error.offset);
    // JSON that stops at a `{{ … }}` or `{% … %}` tag is a template (promptfoo renders Nunjucks before
    // parsing), fine as written: say how it was read rather than flag it as broken.
    if (atTemplateTag(text, error.offset)) {
      report(result, 'info', line, `Not JSON until rendered (a template tag on line ${line}): its messages were found by a rough scan and may be incomplete.`);
    } else {
      report(result, 'error', line, `Not valid JSON at line ${line}: ${error.message}. Fix the JSON; if this is a template that only becomes JSON once rendered, its messages were found by a rough scan and may be incomplete.`);
    }
    messages = scanChatPairs(text);
    const scannedModel = /"model"\s*:\s*"([^"\\\n]+)"/.exec(text);
    model = scannedModel ? scannedModel[1] : null;
    const scannedLimit = /"(?:max_completion_tokens|max_output_tokens|max_tokens)"\s*:\s*(\d+)/.exec(text);
    limit = scannedLimit ? Number(scannedLimit[1]) || null : null;
  }

  for (const note of notes) report(result, note.severity, lines.lineAt(note.offset), note.message);
  messages.forEach((message, index) => {
    result.messages.push(toPromptMessage(message, lines, 0));
    const syntax = langChain ? langChain.syntaxes[index] : 'plain';
    if (syntax) collectVariables(result, text, lines, syntax, message.start, message.end, langChain?.samples);
  });
  if (langChain) addDeclaredVariables(result, lines, langChain);
  else if (messages.length === 0 && parsed.root) report(result, 'warning', requestLine, 'No chat messages found: expected `[{"role": "user", "content": "…"}]` or `{"messages": […]}`.');
  declareSingleRequest(result, label, requestLine, model, limit);
  return result;
}

/** Whether a JSON error offset falls on the opening of a template tag (the parser stops at its first or second character). */
function atTemplateTag(text: string, offset: number): boolean {
  return /^\{[{%]/.test(text.slice(offset, offset + 2)) || /^\{[{%]/.test(text.slice(Math.max(offset - 1, 0), offset + 1));
}

function requestMessages(root: JsonNode, text: string, notes: ChatNote[]): LocatedMessage[] {
  if (root.kind === 'array') return messagesFrom(root, text, notes);
  if (root.kind !== 'object') {
    notes.push({ severity: 'error', offset: root.start, message: 'A chat JSON file holds a list of messages or an object with "messages".' });
    return [];
  }
  const messages: LocatedMessage[] = [];
  for (const key of ['system', 'instructions']) {
    const system = systemFrom(member(root, key), text, notes);
    if (system) messages.push(system);
  }
  const list = member(root, 'messages');
  const input = member(root, 'input');
  if (list) messages.push(...messagesFrom(list, text, notes));
  else if (input) messages.push(...responsesInput(input, text, notes));
  // A file holding one message (often a system prompt kept apart) is a chat of that message.
  else if (messages.length === 0 && stringMember(root, 'role') && member(root, 'content')) messages.push(...messagesFrom({ kind: 'array', start: root.start, end: root.end, items: [root] }, text, notes));
  return messages;
}

// --- LangChain -------------------------------------------------------------------------------

interface LangChainPrompt {
  messages: LocatedMessage[];
  /** How each message's variables are written; null for a fixed message, which has none. */
  syntaxes: (TemplateSyntax | null)[];
  /** The `input_variables` entries, in order. */
  declared: { name: string; offset: number }[];
  /** `partial_variables`: values LangChain fills in itself, so they are the best samples there are. */
  samples: Record<string, string>;
}

const ROLE_OF_CLASS: Record<string, string> = {
  SystemMessagePromptTemplate: 'system',
  HumanMessagePromptTemplate: 'user',
  AIMessagePromptTemplate: 'assistant',
  SystemMessage: 'system',
  HumanMessage: 'user',
  AIMessage: 'assistant',
};
// `type` of a message saved with `.dict()`.
const ROLE_OF_TYPE: Record<string, string> = { system: 'system', human: 'user', ai: 'assistant' };

/** A `dumpd()` object's class name and constructor arguments; other objects are their own body. */
function unwrap(node: JsonNode): { className: string | null; body: JsonNode } {
  const id = member(node, 'id');
  const kwargs = member(node, 'kwargs');
  if (member(node, 'lc')?.kind !== 'number' || id?.kind !== 'array' || kwargs?.kind !== 'object') return { className: null, body: node };
  const last = id.items[id.items.length - 1];
  return { className: last?.kind === 'string' ? last.value : null, body: kwargs };
}

function isLangChainPrompt(root: JsonNode): boolean {
  const { className } = unwrap(root);
  const type = stringMember(root, '_type');
  return className === 'PromptTemplate' || className === 'ChatPromptTemplate' || type === 'prompt' || type === 'chat';
}

function langChainPrompt(root: JsonNode, text: string, notes: ChatNote[]): LangChainPrompt {
  const { className, body } = unwrap(root);
  const prompt: LangChainPrompt = { messages: [], syntaxes: [], declared: [], samples: Object.create(null) };
  const partials = member(body, 'partial_variables');
  if (partials?.kind === 'object') {
    for (const entry of partials.entries) {
      const sample = sampleText(toValue(entry.value));
      if (sample !== null) prompt.samples[entry.key] = sample;
    }
  }
  declareVariables(body, prompt);
  if (className !== 'ChatPromptTemplate' && stringMember(root, '_type') !== 'chat') {
    addTemplate(body, 'user', notes, prompt);
    return prompt;
  }
  const list = member(body, 'messages');
  if (list?.kind !== 'array') {
    notes.push({ severity: 'warning', offset: root.start, message: 'A LangChain chat prompt without a "messages" list: nothing to count.' });
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
    notes.push({ severity: 'info', offset: item.start, message: `Messages filled in from \`${placeholder ?? '?'}\` at run time are not counted.` });
    return;
  }
  const template = member(body, 'prompt');
  if (template) {
    // A `.dict()` dump keeps no class name, so a template without a `role` is taken as the user's.
    const role = (className && ROLE_OF_CLASS[className]) ?? stringMember(body, 'role') ?? 'user';
    // Since langchain-core 0.2 a message template may be a list of parts (text and image templates).
    for (const part of template.kind === 'array' ? template.items : [template]) addTemplate(unwrap(part).body, role, notes, prompt);
    return;
  }
  const content = member(body, 'content');
  if (content) {
    const role = (className && ROLE_OF_CLASS[className]) ?? ROLE_OF_TYPE[stringMember(body, 'type') ?? ''] ?? stringMember(body, 'role') ?? 'user';
    prompt.messages.push({ role, text: contentText(content, text, notes), start: content.start, end: content.end });
    prompt.syntaxes.push(null);
    return;
  }
  notes.push({ severity: 'warning', offset: item.start, message: 'Skipped a message that is neither a message template (`prompt`) nor a message (`content`).' });
}

function addTemplate(body: JsonNode, role: string, notes: ChatNote[], prompt: LangChainPrompt): void {
  const template = member(body, 'template');
  if (template?.kind === 'string') {
    prompt.messages.push({ role, text: template.value, start: template.start, end: template.end });
    prompt.syntaxes.push(stringMember(body, 'template_format') === 'jinja2' ? 'jinja' : 'plain');
    return;
  }
  const path = stringMember(body, 'template_path');
  if (path) notes.push({ severity: 'info', offset: body.start, message: `The template is in ${path}, which is not read here: copy it into "template" to have it counted.` });
  else if (template?.kind === 'object') notes.push({ severity: 'info', offset: body.start, message: 'An image template is not counted: only text is priced.' });
  else notes.push({ severity: 'warning', offset: body.start, message: 'A LangChain prompt without a "template" string: nothing to count.' });
}

/** `input_variables` the templates never use still need a value, so they are listed too. */
function addDeclaredVariables(result: ParsedPromptFile, lines: LineIndex, prompt: LangChainPrompt): void {
  const known = new Set(result.variables.map((variable) => variable.name));
  for (const { name, offset } of prompt.declared) {
    if (known.has(name)) continue;
    known.add(name);
    result.variables.push({ name, line: lines.lineAt(offset), sample: prompt.samples[name] ?? null });
  }
}

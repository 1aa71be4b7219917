// Chat messages as the OpenAI and Anthropic APIs take them, read from located JSON. Shared by the
// chat JSON parser, the batch JSONL parser and promptfoo's `file://….json` prompts, which all carry
// the same `[{role, content}]` shapes.
//
// A located message's `text` is the decoded content (what the model receives, template syntax
// kept), while `start`/`end` span the JSON value as written in the file: the quoted string, or the
// whole parts array. The two differ by quotes and escapes, which is why messages are not built with
// `messageAt` here.
import type { DiagnosticCode, PromptMessage, Severity } from '../types';
import type { LineIndex } from '../text';
import { member, stringMember, type JsonNode } from './jsonLocate';
import { asPositiveInteger } from './frontmatter';

export interface LocatedMessage {
  role: string;
  text: string;
  start: number;
  end: number;
}

/** The message as the core reports it: its text as decoded, its lines and offsets as written. */
export function toPromptMessage(message: LocatedMessage, lines: LineIndex, request: number): PromptMessage {
  return {
    role: message.role,
    text: message.text,
    startLine: lines.lineAt(message.start),
    endLine: lines.lineAt(Math.max(message.start, message.end - 1)),
    startOffset: message.start,
    endOffset: message.end,
    request,
  };
}

/** Something to tell the user about, at an offset of the text that was parsed. */
export interface ChatNote {
  severity: Severity;
  code: DiagnosticCode;
  offset: number;
  message: string;
}

const TEXT_PARTS = new Set(['text', 'input_text', 'output_text']);
const MEDIA_PARTS = new Set(['image_url', 'input_image', 'image', 'input_audio', 'audio', 'file', 'input_file', 'document']);

/** Messages of a `messages` (Chat Completions, Anthropic) or `input` (Responses) list. */
export function messagesFrom(list: JsonNode, text: string, notes: ChatNote[]): LocatedMessage[] {
  if (list.kind !== 'array') {
    notes.push({ severity: 'error', code: 'invalid-message', offset: list.start, message: 'Messages must be a list of `{"role": …, "content": …}` objects.' });
    return [];
  }
  const messages: LocatedMessage[] = [];
  for (const item of list.items) {
    if (item.kind !== 'object') {
      notes.push({
        severity: 'warning',
        code: 'invalid-message',
        offset: item.start,
        message: 'Skipped a message that is not a `{"role": …, "content": …}` object.',
      });
      continue;
    }
    const message = messageFrom(item, text, notes);
    if (message) messages.push(message);
  }
  return messages;
}

function messageFrom(item: JsonNode, text: string, notes: ChatNote[]): LocatedMessage | undefined {
  const role = stringMember(item, 'role');
  const content = member(item, 'content');
  const toolCalls = member(item, 'tool_calls');
  if (!role) {
    // Responses API items without a role (function_call, reasoning...) are not prompt text we can price.
    if (stringMember(item, 'type') && stringMember(item, 'type') !== 'message') {
      notes.push({ severity: 'info', code: 'not-counted', offset: item.start, message: `A \`${stringMember(item, 'type')}\` item is not counted.` });
      return undefined;
    }
    notes.push({
      severity: 'warning',
      code: 'invalid-message',
      offset: item.start,
      message: 'Message has no "role"; counted as a user message. Add "role": "user" (or system/assistant).',
    });
  }
  // An assistant turn that only calls tools still costs its call arguments as input tokens.
  if ((!content || content.kind === 'null') && toolCalls) {
    return { role: role ?? 'user', text: text.slice(toolCalls.start, toolCalls.end), start: toolCalls.start, end: toolCalls.end };
  }
  if (!content) {
    notes.push({ severity: 'warning', code: 'invalid-message', offset: item.start, message: 'Message has no "content".' });
    return { role: role ?? 'user', text: '', start: item.start, end: item.end };
  }
  return { role: role ?? 'user', text: contentText(content, text, notes), start: content.start, end: content.end };
}

/**
 * The text of a `content` value: a string, or the text parts of a parts list joined by line breaks.
 * Images, audio and files are priced differently from text, so they are noted, not counted.
 */
export function contentText(content: JsonNode, text: string, notes: ChatNote[]): string {
  if (content.kind === 'string') return content.value;
  if (content.kind === 'null') return '';
  if (content.kind !== 'array') {
    notes.push({
      severity: 'warning',
      code: 'invalid-message',
      offset: content.start,
      message: 'Message content should be a string or a list of parts; counted as written.',
    });
    return text.slice(content.start, content.end);
  }
  const texts: string[] = [];
  for (const part of content.items) {
    if (part.kind === 'string') {
      texts.push(part.value);
      continue;
    }
    const type = stringMember(part, 'type');
    const partText = member(part, 'text');
    if (type && TEXT_PARTS.has(type) && partText?.kind === 'string') texts.push(partText.value);
    else if (type === 'tool_result')
      texts.push(contentText(member(part, 'content') ?? { kind: 'null', start: part.start, end: part.end, value: null }, text, notes));
    else if (type && MEDIA_PARTS.has(type))
      notes.push({ severity: 'info', code: 'not-counted', offset: part.start, message: `A \`${type}\` part is not counted: only text is priced.` });
    else notes.push({ severity: 'info', code: 'not-counted', offset: part.start, message: `A content part of type \`${type ?? 'unknown'}\` is not counted.` });
  }
  return texts.join('\n');
}

/** Anthropic `system` (a string or text blocks) or Responses `instructions`, as a system message. */
export function systemFrom(node: JsonNode | undefined, text: string, notes: ChatNote[]): LocatedMessage | undefined {
  if (!node || node.kind === 'null') return undefined;
  return { role: 'system', text: contentText(node, text, notes), start: node.start, end: node.end };
}

/** Responses API `input`: a plain string is one user message, a list holds messages. */
export function responsesInput(node: JsonNode, text: string, notes: ChatNote[]): LocatedMessage[] {
  if (node.kind === 'string') return [{ role: 'user', text: node.value, start: node.start, end: node.end }];
  return messagesFrom(node, text, notes);
}

/**
 * Embeddings `input` / Completions `prompt`: a string or a list of strings, each billed as input.
 * They have no role; `user` is the closest, and keeps token counting uniform.
 */
export function plainInputs(node: JsonNode, notes: ChatNote[]): LocatedMessage[] {
  if (node.kind === 'string') return [{ role: 'user', text: node.value, start: node.start, end: node.end }];
  if (node.kind === 'array' && node.items.every((item) => item.kind === 'string')) {
    return node.items.map((item) => ({ role: 'user', text: item.kind === 'string' ? item.value : '', start: item.start, end: item.end }));
  }
  notes.push({ severity: 'info', code: 'not-counted', offset: node.start, message: 'Input given as token ids is not counted.' });
  return [];
}

/**
 * The messages of a request body, whichever API it is written for: Anthropic's `system` and the
 * Responses API's `instructions` first, then Chat Completions / Anthropic `messages`, Responses
 * `input`, or the plain `input`/`prompt` strings of the embeddings, moderations and completions
 * endpoints. Shared by chat JSON files and Batch API lines, which hold the same request objects.
 */
export function requestMessages(body: JsonNode, text: string, notes: ChatNote[], url: string | null = null): LocatedMessage[] {
  const messages: LocatedMessage[] = [];
  for (const key of ['system', 'instructions']) {
    const system = systemFrom(member(body, key), text, notes);
    if (system) messages.push(system);
  }
  const list = member(body, 'messages');
  const input = member(body, 'input');
  const prompt = member(body, 'prompt');
  if (list) messages.push(...messagesFrom(list, text, notes));
  else if (input && (url === '/v1/embeddings' || url === '/v1/moderations')) messages.push(...plainInputs(input, notes));
  else if (input) messages.push(...responsesInput(input, text, notes));
  else if (prompt) messages.push(...plainInputs(prompt, notes));
  return messages;
}

/** The output limit a request body sets, whichever API's name it uses. */
export function outputLimit(body: JsonNode | undefined): number | null {
  for (const key of ['max_completion_tokens', 'max_output_tokens', 'max_tokens']) {
    const value = member(body, key);
    const limit = value && (value.kind === 'number' || value.kind === 'string') ? asPositiveInteger(value.value) : null;
    if (limit !== null) return limit;
  }
  return null;
}

const ROLE_VALUE = /"([^"\\\n]*)"/y;

/**
 * Last resort for JSON that is only JSON once rendered (`"content": {{ question | dump }}`): pairs each
 * `"content":` with the `"role":` written before it (or right after it), so tokens can still be counted.
 * A quoted content is decoded; anything else (a template tag) is kept as written.
 */
export function scanChatPairs(text: string): LocatedMessage[] {
  const token = /"(role|content)"\s*:\s*/g;
  const pending: { role: string | null; start: number; end: number; text: string }[] = [];
  let lastRole: string | null = null;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const valueStart = m.index + m[0].length;
    if (m[1] === 'role') {
      ROLE_VALUE.lastIndex = valueStart;
      const role = ROLE_VALUE.exec(text);
      if (!role) continue;
      const previous = pending.at(-1);
      if (previous && previous.role === null) previous.role = role[1] ?? null;
      else lastRole = role[1] ?? null;
      token.lastIndex = valueStart + role[0].length;
      continue;
    }
    const value = rawValueAt(text, valueStart);
    pending.push({ role: lastRole, start: valueStart, end: value.end, text: value.text });
    lastRole = null;
    token.lastIndex = value.end;
  }
  return pending.map((entry) => ({ role: entry.role ?? 'user', text: entry.text, start: entry.start, end: entry.end }));
}

const QUOTED = /"(?:[^"\\\n]|\\.)*"/y;
const TEMPLATE_TAG = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/y;
const BARE = /[^,}\]\n]*/y;

// Sticky expressions, so a large file is scanned once rather than sliced at every match.
function rawValueAt(text: string, start: number): { text: string; end: number } {
  QUOTED.lastIndex = start;
  const literal = QUOTED.exec(text);
  if (literal) {
    let decoded: string;
    try {
      decoded = JSON.parse(literal[0]) as string;
    } catch {
      decoded = literal[0].slice(1, -1);
    }
    return { text: decoded, end: start + literal[0].length };
  }
  TEMPLATE_TAG.lastIndex = start;
  const tag = TEMPLATE_TAG.exec(text);
  if (tag) return { text: tag[0], end: start + tag[0].length };
  BARE.lastIndex = start;
  const rest = (BARE.exec(text)?.[0] ?? '').trimEnd();
  return { text: rest, end: start + rest.length };
}

// OpenAI-style chat JSON prompt files: a list of `{role, content}` messages, or a request object
// `{model?, messages, max_tokens?...}` (Anthropic's `system` and the Responses API's `input` /
// `instructions` are read too, since people keep those requests in the same kind of file).
//
// Messages carry the decoded content as `text`, while their offsets span the JSON value as written
// (quotes included, or the whole parts list): the text is what the model reads, the span is what
// an editor highlights.
import type { ParsedPromptFile } from '../types';
import { LineIndex } from '../text';
import { collectVariables, declareSingleRequest, newResult, report, setBody } from './result';
import { member, parseJsonLocated, stringMember, type JsonNode } from './jsonLocate';
import { messagesFrom, outputLimit, responsesInput, scanChatPairs, systemFrom, type ChatNote, type LocatedMessage } from './jsonChat';

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
  if (parsed.root) {
    requestLine = lines.lineAt(parsed.root.start);
    const root = parsed.root;
    messages = requestMessages(root, text, notes);
    model = stringMember(root, 'model');
    limit = outputLimit(root);
  } else {
    const error = parsed.error!;
    report(
      result,
      'error',
      lines.lineAt(error.offset),
      `Not valid JSON at line ${lines.lineAt(error.offset)}: ${error.message}. Fix the JSON; if this is a template that only becomes JSON once rendered, its messages were found by a rough scan and may be incomplete.`,
    );
    messages = scanChatPairs(text);
    const scannedModel = /"model"\s*:\s*"([^"\\\n]+)"/.exec(text);
    model = scannedModel ? scannedModel[1] : null;
    const scannedLimit = /"(?:max_completion_tokens|max_output_tokens|max_tokens)"\s*:\s*(\d+)/.exec(text);
    limit = scannedLimit ? Number(scannedLimit[1]) || null : null;
  }

  for (const note of notes) report(result, note.severity, lines.lineAt(note.offset), note.message);
  for (const message of messages) {
    result.messages.push({
      role: message.role,
      text: message.text,
      startLine: lines.lineAt(message.start),
      endLine: lines.lineAt(Math.max(message.start, message.end - 1)),
      startOffset: message.start,
      endOffset: message.end,
      request: 0,
    });
    collectVariables(result, text, lines, 'plain', message.start, message.end);
  }
  if (messages.length === 0 && parsed.root) report(result, 'warning', requestLine, 'No chat messages found: expected `[{"role": "user", "content": "…"}]` or `{"messages": […]}`.');
  declareSingleRequest(result, label, requestLine, model, limit);
  return result;
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
  return messages;
}

// OpenAI-style chat JSON prompt files: a list of `{role, content}` messages, or a request object
// `{model?, messages, max_tokens?...}` (Anthropic's `system` and the Responses API's `input` /
// `instructions` are read too, since people keep those requests in the same kind of file).
//
// Messages carry the decoded content as `text`, while their offsets span the JSON value as written
// (quotes included, or the whole parts list): the text is what the model reads, the span is what
// an editor highlights.
//
// LangChain prompts saved as JSON are read here too (`langChainPrompt.ts`), because they sit in the
// same `prompt.json` files.
import type { ParsedPromptFile } from '../types';
import { LineIndex } from '../text';
import { atLine, atOffset, collectVariables, declareSingleRequest, fileNameOf, newResult, report, setBody } from './result';
import { member, parseJsonLocated, stringMember, type JsonNode } from './jsonLocate';
import { messagesFrom, outputLimit, requestMessages, scanChatPairs, toPromptMessage, type ChatNote, type LocatedMessage } from './chatMessages';
import { billedPartsOf } from './billedParts';
import { addDeclaredVariables, isLangChainPrompt, langChainPrompt, type LangChainPrompt } from './langChainPrompt';

export function parseChatJson(path: string, text: string): ParsedPromptFile {
  const result = newResult(path, 'chat-json');
  const lines = new LineIndex(text);
  setBody(result, text, lines, 0);
  const label = fileNameOf(path);
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
    messages = chatFileMessages(root, text, notes);
    model = stringMember(root, 'model');
    limit = outputLimit(root);
  } else {
    const error = parsed.error ?? { offset: 0, message: 'unreadable' };
    const line = lines.lineAt(error.offset);
    // JSON that stops at a `{{ … }}` or `{% … %}` tag is a template (promptfoo renders Nunjucks before
    // parsing), fine as written: say how it was read rather than flag it as broken.
    if (atTemplateTag(text, error.offset)) {
      report(
        result,
        'info',
        'json-template',
        atOffset(lines, error.offset),
        `Not JSON until rendered (a template tag on line ${line}): its messages were found by a rough scan and may be incomplete.`,
      );
    } else if (error.tooDeep) {
      report(
        result,
        'error',
        'too-complex',
        atOffset(lines, error.offset),
        `The JSON is ${error.message} at line ${line}: it is not read as JSON (a chat file never nests this deep); its messages were found by a rough scan and may be incomplete. Flatten it.`,
      );
    } else {
      report(
        result,
        'error',
        'invalid-json',
        atOffset(lines, error.offset),
        `Not valid JSON at line ${line}: ${error.message}. Fix the JSON; if this is a template that only becomes JSON once rendered, its messages were found by a rough scan and may be incomplete.`,
      );
    }
    messages = scanChatPairs(text);
    const scannedModel = /"model"\s*:\s*"([^"\\\n]+)"/.exec(text);
    model = scannedModel?.[1] ?? null;
    const scannedLimit = /"(?:max_completion_tokens|max_output_tokens|max_tokens)"\s*:\s*(\d+)/.exec(text);
    limit = scannedLimit ? Number(scannedLimit[1]) || null : null;
  }

  for (const note of notes) report(result, note.severity, note.code, atOffset(lines, note.offset), note.message);
  messages.forEach((message, index) => {
    result.messages.push(toPromptMessage(message, lines, 0));
    const syntax = langChain ? langChain.syntaxes[index] : 'plain';
    if (syntax) collectVariables(result, text, lines, syntax, message.start, message.end, langChain?.samples);
  });
  if (langChain) addDeclaredVariables(result, lines, langChain);
  else if (messages.length === 0 && parsed.root)
    report(
      result,
      'warning',
      'empty-prompt',
      atLine(lines, requestLine),
      'No chat messages found: expected `[{"role": "user", "content": "…"}]` or `{"messages": […]}`.',
    );
  declareSingleRequest(result, label, requestLine, model, limit);
  const billed = parsed.root && !langChain ? billedPartsOf(parsed.root) : null;
  if (billed && result.requests[0]) result.requests[0].billed = billed;
  return result;
}

/** Whether a JSON error offset falls on the opening of a template tag (the parser stops at its first or second character). */
function atTemplateTag(text: string, offset: number): boolean {
  return /^\{[{%]/.test(text.slice(offset, offset + 2)) || /^\{[{%]/.test(text.slice(Math.max(offset - 1, 0), offset + 1));
}

function chatFileMessages(root: JsonNode, text: string, notes: ChatNote[]): LocatedMessage[] {
  if (root.kind === 'array') return messagesFrom(root, text, notes);
  if (root.kind !== 'object') {
    notes.push({
      severity: 'error',
      code: 'invalid-message',
      offset: root.start,
      message: 'A chat JSON file holds a list of messages or an object with "messages".',
    });
    return [];
  }
  // A file holding one message (often a system prompt kept apart) is a chat of that message.
  if (stringMember(root, 'role') && member(root, 'content') && !member(root, 'messages')) {
    return messagesFrom({ kind: 'array', start: root.start, end: root.end, items: [root] }, text, notes);
  }
  return requestMessages(root, text, notes);
}

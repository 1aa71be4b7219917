// Batch API input files: one request per line, `{custom_id, method, url, body}` for OpenAI
// (`/v1/chat/completions`, `/v1/responses`, `/v1/embeddings`, `/v1/completions`) or
// `{custom_id, params}` for Anthropic Message Batches. Lines that are a bare request body
// (`{"messages": […]}`, as in eval and fine-tuning sets) are read as requests too.
//
// Files run to thousands of lines, so each line is parsed in place and located by its own line
// number: no per-file line index, no re-scanning. Batch lines are sent exactly as written, so
// nothing in them is a template variable and none are collected.
import type { ParsedPromptFile } from '../types';
import { newResult, report, type Place } from './result';
import { member, parseJsonLocated, stringMember, type JsonNode } from './jsonLocate';
import { outputLimit, requestMessages, type ChatNote } from './chatMessages';
import { billedPartsOf } from './billedParts';

const KNOWN_URLS = new Set(['/v1/chat/completions', '/v1/responses', '/v1/embeddings', '/v1/completions', '/v1/moderations']);

export function parseBatchJsonl(path: string, text: string): ParsedPromptFile {
  const result = newResult(path, 'batch-jsonl');
  result.body = { text, startLine: 1, startOffset: 0 };
  const firstLineOfId = new Map<string, number>();

  let line = 0;
  for (let start = 0; start <= text.length;) {
    line++;
    const newline = text.indexOf('\n', start);
    const lineEnd = newline === -1 ? text.length : newline;
    const end = text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
    if (/\S/.test(text.slice(start, end))) readLine(result, text, start, end, line, firstLineOfId);
    if (newline === -1) break;
    start = newline + 1;
  }

  const first = result.requests[0];
  if (first) {
    result.model = first.model;
    result.maxOutputTokens = first.maxOutputTokens;
  } else if (!result.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
    report(result, 'warning', 'empty-prompt', { line: 1, range: { start: 0, end: 0 } }, 'The batch file holds no requests: write one JSON request per line.');
  }
  return result;
}

function readLine(result: ParsedPromptFile, text: string, start: number, end: number, line: number, firstLineOfId: Map<string, number>): void {
  const wholeLine: Place = { line, range: { start, end } };
  const parsed = parseJsonLocated(text, start, end);
  if (!parsed.root) {
    const error = parsed.error ?? { offset: start, message: 'unreadable' };
    const column = error.offset - start + 1;
    report(
      result,
      'error',
      error.tooDeep ? 'too-complex' : 'invalid-json',
      { line, range: { start: Math.min(error.offset, end), end } },
      error.tooDeep
        ? `Line ${line} is JSON ${error.message} (column ${column}): it is not read and this request is not counted. A request never nests this deep: flatten it.`
        : `Line ${line} is not valid JSON (column ${column}: ${error.message}); this request is not counted. Each line must be one complete JSON object.`,
    );
    return;
  }
  const root = parsed.root;
  if (root.kind !== 'object') {
    report(result, 'error', 'invalid-json', wholeLine, `Line ${line} is not a JSON object; this request is not counted.`);
    return;
  }

  const wrapped = member(root, 'body') ?? member(root, 'params');
  const isBatchLine = wrapped !== undefined || member(root, 'custom_id') !== undefined || member(root, 'url') !== undefined;
  const body = wrapped ?? root;
  const customId = stringMember(root, 'custom_id');
  const url = stringMember(root, 'url');
  if (isBatchLine) checkEnvelope(result, root, wholeLine, customId, url, firstLineOfId);

  const notes: ChatNote[] = [];
  const messages = body.kind === 'object' ? requestMessages(body, text, notes, url) : [];
  if (body.kind !== 'object')
    notes.push({ severity: 'error', code: 'invalid-json', offset: body.start, message: 'The request body is not a JSON object; nothing is counted.' });
  for (const note of notes) report(result, note.severity, note.code, { line, range: { start: note.offset, end } }, note.message);
  if (messages.length === 0) report(result, 'warning', 'empty-prompt', wholeLine, `Request on line ${line} has no messages or input to count.`);

  const request = result.requests.length;
  const billed = body.kind === 'object' ? billedPartsOf(body) : null;
  result.requests.push({
    label: customId ?? `line ${line}`,
    line,
    model: stringMember(body, 'model'),
    maxOutputTokens: outputLimit(body),
    ...(billed ? { billed } : {}),
  });
  for (const message of messages) {
    result.messages.push({
      role: message.role,
      text: message.text,
      startLine: line,
      endLine: line,
      startOffset: message.start,
      endOffset: message.end,
      request,
    });
  }
}

function checkEnvelope(
  result: ParsedPromptFile,
  root: JsonNode,
  place: Place,
  customId: string | null,
  url: string | null,
  firstLineOfId: Map<string, number>,
): void {
  const { line } = place;
  const firstLine = customId === null ? undefined : firstLineOfId.get(customId);
  if (customId === null) {
    report(result, 'warning', 'batch-custom-id', place, `Request on line ${line} has no "custom_id": the Batch API needs one to match results to requests.`);
  } else if (firstLine !== undefined) {
    report(
      result,
      'warning',
      'batch-custom-id',
      place,
      `"custom_id" "${customId}" is already used on line ${firstLine}: the Batch API rejects duplicates; make each one unique.`,
    );
  } else {
    firstLineOfId.set(customId, line);
  }
  const method = stringMember(root, 'method');
  if (member(root, 'body') && method !== null && method.toUpperCase() !== 'POST') {
    report(result, 'warning', 'batch-envelope', place, `"method" is "${method}"; the Batch API only accepts "POST".`);
  }
  if (url !== null && !KNOWN_URLS.has(url)) {
    report(result, 'warning', 'batch-envelope', place, `"url" "${url}" is not a Batch API endpoint (${[...KNOWN_URLS].join(', ')}).`);
  }
}

// Plain `.txt` / `.md` prompt files, and the cutting of any prompt body into messages: a body is
// plain text that role markers (Prompty `user:` lines, Dotprompt `{{role "user"}}`) cut into messages.
import type { ParsedPromptFile } from '../types';
import { LineIndex } from '../text';
import { checkJinjaBlocks } from './variables';
import { atLine, atOffset, collectVariables, declareSingleRequest, fileNameOf, messageAt, newResult, report, setBody } from './result';

/** Where a role marker sits in the file, and the role of the text that follows it. */
export interface RoleMarker {
  offset: number;
  /** Offset just past the marker. */
  end: number;
  role: string;
}

/**
 * Adds the messages of `text.slice(start, end)`: the text before the first marker has `initialRole`,
 * each marker starts a message of its role that runs to the next marker. A message includes its
 * marker, so every non-blank character of the body belongs to a message and an edit anywhere maps to
 * one; surrounding blank space is left out. A marker with nothing after it joins the next message
 * (the runtimes then just switch role), and a blank body gets an info diagnostic.
 */
export function splitIntoMessages(
  result: ParsedPromptFile,
  text: string,
  lines: LineIndex,
  start: number,
  end: number,
  markers: readonly RoleMarker[],
  initialRole: string,
): void {
  const segments = [{ from: start, contentFrom: start, role: initialRole }, ...markers.map((m) => ({ from: m.offset, contentFrom: m.end, role: m.role }))];
  let pendingStart: number | null = null;
  segments.forEach((segment, index) => {
    const to = segments[index + 1]?.from ?? end;
    const isLast = index + 1 === segments.length;
    const from = pendingStart ?? segment.from;
    const hasContent = text.slice(segment.contentFrom, to).trim() !== '';
    const hasMarker = segment.contentFrom > segment.from || pendingStart !== null;
    if (!hasContent && !(hasMarker && isLast)) {
      if (hasMarker) pendingStart = from;
      return;
    }
    const [trimmedStart, trimmedEnd] = trim(text, from, to);
    result.messages.push(messageAt(text, lines, segment.role, trimmedStart, trimmedEnd));
    pendingStart = null;
  });
  if (result.messages.length === 0) {
    report(result, 'info', 'empty-prompt', atLine(lines, lines.lineAt(start)), 'The prompt is empty: nothing here is sent to the model.');
  }
}

/** `[start, end)` without the whitespace (and byte-order mark) at either end. */
function trim(text: string, start: number, end: number): [number, number] {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(text.charAt(from))) from++;
  while (to > from && /\s/.test(text.charAt(to - 1))) to--;
  return [from, to];
}

/**
 * A prompt kept as a plain text file: the whole file is one message, a system prompt when the file
 * name says so. Any `{var}`, `{{var}}`, `${var}` or `{% %}` is a template variable, since such files
 * are rendered by application code with whatever template engine it uses.
 */
export function parsePlainText(path: string, text: string): ParsedPromptFile {
  const result = newResult(path, 'text');
  const lines = new LineIndex(text);
  const bodyStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  setBody(result, text, lines, bodyStart);
  const fileName = fileNameOf(path);
  const role = /system/i.test(fileName) ? 'system' : 'user';
  splitIntoMessages(result, text, lines, bodyStart, text.length, [], role);
  collectVariables(result, text, lines, 'plain', bodyStart, text.length);
  for (const problem of checkJinjaBlocks(text.slice(bodyStart))) {
    // A warning, not an error: the file may not be a template at all, and `{{` may be literal text.
    report(result, 'warning', 'template-syntax', atOffset(lines, bodyStart + problem.offset), problem.message);
  }
  declareSingleRequest(result, fileName, 1, null, null);
  return result;
}

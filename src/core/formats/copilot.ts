// VS Code / GitHub Copilot customisation files: `*.prompt.md` (a prompt the user runs),
// `*.instructions.md` and `copilot-instructions.md` (added to the system prompt), `*.chatmode.md`
// and `*.agent.md` (a custom agent's instructions). Markdown with optional YAML frontmatter.
import type { ParsedPromptFile } from '../types';
import { LineIndex } from '../text';
import { asString, isRecord, readFrontmatter } from './frontmatter';
import { collectVariables, declareSingleRequest, newResult, report, setBody } from './result';
import { splitIntoMessages } from './plainText';

export type CopilotFormat = 'copilot-prompt' | 'copilot-instructions' | 'copilot-chatmode' | 'copilot-agent';

export function parseCopilotFile(path: string, text: string, format: CopilotFormat): ParsedPromptFile {
  const result = newResult(path, format);
  const lines = new LineIndex(text);
  // Frontmatter only on the very first line: a later `---` is a markdown horizontal rule.
  const frontmatter = readFrontmatter(text, lines, { allowCommentHeader: false });
  result.diagnostics.push(...frontmatter.diagnostics);
  const data = frontmatter.data;
  if (data !== undefined && data !== null && !isRecord(data)) {
    report(result, 'warning', frontmatter.startLine + 1, 'The frontmatter should be a YAML mapping (`description:`, `model:`, `tools:`, ...); VS Code ignores it.');
  }
  const meta = isRecord(data) ? data : {};

  const bodyStart = frontmatter.bodyOffset;
  setBody(result, text, lines, bodyStart);
  // A prompt file is what the user sends; the others are instructions Copilot puts in the system prompt.
  const role = format === 'copilot-prompt' ? 'user' : 'system';
  splitIntoMessages(result, text, lines, bodyStart, text.length, [], role);
  // `${input:name:placeholder}`: the placeholder is a hint shown to the user, not a value, so no sample.
  collectVariables(result, text, lines, 'copilot', bodyStart, text.length);

  // `model` is a display name (`GPT-4o`, `Claude Sonnet 4 (copilot)`), or a list tried in order.
  const model = asString(meta.model) ?? (Array.isArray(meta.model) ? meta.model.map(asString).find((name) => name !== null) ?? null : null);
  const label = asString(meta.name) ?? path.slice(path.lastIndexOf('/') + 1);
  // Copilot files cannot declare an output limit.
  declareSingleRequest(result, label, frontmatter.keyLine('model') ?? 1, model, null);
  result.diagnostics.sort((a, b) => a.line - b.line);
  return result;
}

// VS Code / GitHub Copilot customisation files: `*.prompt.md` (a prompt the user runs),
// `*.instructions.md` and `copilot-instructions.md` (added to the system prompt), `*.chatmode.md`
// and `*.agent.md` (a custom agent's instructions). Markdown with optional YAML frontmatter.
import type { ParsedPromptFile } from '../types';
import { asString, modelNameField, readFrontmatterFile } from './frontmatter';
import { collectVariables, declareSingleRequest, fileNameOf } from './result';
import { splitIntoMessages } from './plainText';

export type CopilotFormat = 'copilot-prompt' | 'copilot-instructions' | 'copilot-chatmode' | 'copilot-agent';

export function parseCopilotFile(path: string, text: string, format: CopilotFormat): ParsedPromptFile {
  // Frontmatter only on the very first line: a later `---` is a markdown horizontal rule.
  const { result, lines, frontmatter, meta, bodyStart } = readFrontmatterFile(path, text, format, {
    allowCommentHeader: false,
    expected: '`description:`, `model:`, `tools:`, ...',
    ignoredBy: 'VS Code',
  });
  // A prompt file is what the user sends; the others are instructions Copilot puts in the system prompt.
  const role = format === 'copilot-prompt' ? 'user' : 'system';
  splitIntoMessages(result, text, lines, bodyStart, text.length, [], role);
  // `${input:name:placeholder}`: the placeholder is a hint shown to the user, not a value, so no sample.
  collectVariables(result, text, lines, 'copilot', bodyStart, text.length);

  // `model` is a display name (`GPT-4o`, `Claude Sonnet 4 (copilot)`), or a list tried in order.
  const modelLine = frontmatter.keyLine('model') ?? frontmatter.startLine;
  const model = Array.isArray(meta.model)
    ? (meta.model.map((item: unknown) => modelNameField(result, item, modelLine, lines, 'model (a list item)')).find((name) => name !== null) ?? null)
    : modelNameField(result, meta.model, modelLine, lines);
  // Copilot files cannot declare an output limit.
  declareSingleRequest(result, asString(meta.name) ?? fileNameOf(path), frontmatter.keyLine('model') ?? 1, model, null);
  return result;
}

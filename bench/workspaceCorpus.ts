// A generated workspace of prompt files across every supported format, 1–20 KB each.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mixedPromptText, seededRandom } from './corpus';

type Writer = (seed: number, size: number) => { path: string; text: string };

const body = (seed: number, size: number) => mixedPromptText(size, seed).replace(/\{\{|\}\}|\{%|%\}/g, '');

const FORMATS: { share: number; write: Writer }[] = [
  {
    share: 0.2,
    write: (seed, size) => ({
      path: `agents/agent-${seed}.prompty`,
      text: `---\nname: Agent ${seed}\nmodel:\n  api: chat\n  configuration:\n    azure_deployment: gpt-4o\n  parameters:\n    max_tokens: 500\ninputs:\n  question:\n    type: string\n    sample: What changed in the last release?\n---\nsystem:\n${body(seed, size)}\n\nuser:\n{{question}}\n`,
    }),
  },
  {
    share: 0.15,
    write: (seed, size) => ({
      path: `genkit/flow-${seed}.prompt`,
      text: `---\nmodel: googleai/gemini-2.5-flash\nconfig:\n  maxOutputTokens: 400\ninput:\n  schema:\n    topic: string\n  default:\n    topic: caching\n---\n{{role "system"}}\n${body(seed, size)}\n{{role "user"}}\nExplain {{topic}}.\n`,
    }),
  },
  {
    share: 0.2,
    write: (seed, size) => ({
      path: `.github/prompts/task-${seed}.prompt.md`,
      text: `---\nmode: agent\nmodel: GPT-4.1\ndescription: Task ${seed}\n---\n${body(seed, size)}\n\nApply this to \${input:target:a file} and \${selection}.\n`,
    }),
  },
  {
    share: 0.1,
    write: (seed, size) => ({
      path: `chat/conversation-${seed}.json`,
      text: JSON.stringify({ model: 'gpt-4.1-mini', max_completion_tokens: 300, messages: [{ role: 'system', content: body(seed, size) }, { role: 'user', content: 'Summarise {{document}}' }] }, null, 2),
    }),
  },
  {
    share: 0.1,
    write: (seed, size) => {
      const lines: string[] = [];
      let total = 0;
      for (let i = 0; total < size; i++) {
        const line = JSON.stringify({ custom_id: `req-${seed}-${i}`, method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: body(seed * 100 + i, 900) }] } });
        lines.push(line);
        total += line.length;
      }
      return { path: `batch/input-${seed}.jsonl`, text: `${lines.join('\n')}\n` };
    },
  },
  {
    share: 0.2,
    write: (seed, size) => ({ path: `prompts/template-${seed}.md`, text: `${body(seed, size)}\n\nInput: {input}\n` }),
  },
  {
    share: 0.05,
    write: (seed, size) => ({
      path: `evals/suite-${seed}/promptfooconfig.yaml`,
      text: `description: Suite ${seed}\nprompts:\n  - |\n${body(seed, size).split('\n').map((line) => `    ${line}`).join('\n')}\n    Question: {{ question }}\nproviders:\n  - openai:gpt-4o-mini\ntests:\n  - vars:\n      question: What is the refund policy?\n`,
    }),
  },
];

export function writeWorkspaceCorpus(root: string, count: number): { files: number; bytes: number } {
  const next = seededRandom(42);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    let roll = next();
    const format = FORMATS.find((candidate) => (roll -= candidate.share) < 0) ?? FORMATS[0];
    const size = 1_000 + Math.floor(next() * 19_000);
    const { path, text } = format.write(i, size);
    const full = join(root, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
    bytes += Buffer.byteLength(text);
  }
  return { files: count, bytes };
}

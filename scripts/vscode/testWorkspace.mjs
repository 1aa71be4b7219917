// The workspace the integration and end-to-end runs open: a fresh copy of examples/ (one file of
// every format) plus the cases for each diagnostic, and what `llm-cost plan` says about it, which the
// suite compares the editor's figures with.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './offlineVscode.mjs';

const WORDS = (
  'invoice refund delivery parcel warranty account billing policy section customer order ticket courier ' +
  'return exchange voucher discount receipt payment card transfer balance statement address postcode region'
).split(' ');

/** Deterministic text whose lines all differ, so a line cache cannot shortcut counting it. */
export function variedLines(count) {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  return Array.from({ length: count }, (_, index) => {
    const words = Array.from({ length: 18 }, () => WORDS[next() % WORDS.length]);
    return `${index + 1}. Case ${next() % 100000}: ${words.join(' ')}; reference ${next().toString(36)}.`;
  }).join('\n');
}

export function prepareWorkspace(runDir, { expected = true } = {}) {
  const workspace = join(runDir, 'workspace');
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  cpSync(join(REPO, 'examples'), workspace, { recursive: true });
  const cases = join(workspace, 'cases');
  mkdirSync(cases);
  const paragraph =
    'You answer questions about invoices, refunds and delivery times. Quote the policy section you rely on, and say when the policy does not cover the case.';
  const lines = (count) => Array.from({ length: count }, (_, index) => `${index + 1}. ${paragraph}`).join('\n');
  const prompty = (frontmatter, body) =>
    `---\nname: Case\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\n${frontmatter}---\n${body}`;
  const write = (name, text) => writeFileSync(join(cases, name), text);
  // About 20 KB, for the speed figures.
  write('large-20kb.prompty', prompty('', `system:\n${lines(130)}\n\nuser:\n{{question}}\n`));
  // About 300 KB of lines that all differ (the counter caches repeated lines, which would hide the
  // cost): over the size counted on the big-file worker (200 KB), inside gpt-4o's context window.
  write('large-300kb.prompty', prompty('', `system:\n${variedLines(1600)}\n\nuser:\n{{question}}\n`));
  // Each diagnostic the editor gives, one file each.
  write('output-limit.prompty', prompty('  parameters:\n    max_tokens: 50000\n', 'system:\nAnswer briefly.\n\nuser:\n{{question}}\n'));
  write('cache-order.prompty', prompty('', `system:\nThe customer is {{customer}}.\n${lines(60)}\n\nuser:\n{{question}}\n`));
  write('near-cache-minimum.prompty', prompty('', `system:\n${lines(29)}\n\nuser:\n{{question}}\n`));
  write('context-overflow.prompty', prompty('', `system:\n${lines(4200)}\n\nuser:\n{{question}}\n`));
  write('broken.prompty', '---\nname: [unclosed\nmodel: gpt-4o\n---\nsystem:\nHello {{name}}\n');
  // Hostile text: a command link, HTML and control characters in a sample and a model name.
  write(
    'hostile.prompty',
    prompty(
      'sample:\n  name: "[run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> \\u001b[31m"\n',
      'system:\nYou greet {{name}} politely.\n\nuser:\nHi\n',
    ),
  );
  if (!expected) return { workspace };
  const plan = execFileSync(process.execPath, [join(REPO, 'dist', 'cli.js'), 'plan', workspace, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const expectedFile = join(REPO, 'out', 'vscode-test', 'expected-plan.json');
  mkdirSync(join(REPO, 'out', 'vscode-test'), { recursive: true });
  writeFileSync(expectedFile, plan);
  return { workspace, expectedFile };
}

// A folder the user names is scanned: `llm-cost plan prompts/` takes the folder's own .txt/.md files
// (the "under a folder named prompts" rule sees the folder named), and the .txt/.md files the text
// globs leave out are listed with the reason, never dropped silently. The built CLI, spawned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get_encoding } from 'tiktoken';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
// An empty cache folder: a refreshed price file on this machine must not change the results.
const env = { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'llm-cost-cache-')) };
const o200k = get_encoding('o200k_base');
const count = (text: string) => o200k.encode_ordinary(text).length;

const WELCOME = 'Greet the new customer warmly and list the three first steps of setting up an account.';
const SYSTEM = 'You are a concise onboarding assistant.';

/** repo/prompts/{welcome.txt, system.md, drafts/old.md}, repo/docs/{notes.md, guide.txt}, repo/README.md. */
function withRepo(body: (repo: string) => void): void {
  const repo = mkdtempSync(join(tmpdir(), 'llm-cost-named-'));
  try {
    mkdirSync(join(repo, 'prompts', 'drafts'), { recursive: true });
    mkdirSync(join(repo, 'docs'));
    writeFileSync(join(repo, 'prompts', 'welcome.txt'), WELCOME);
    writeFileSync(join(repo, 'prompts', 'system.md'), SYSTEM);
    writeFileSync(join(repo, 'prompts', 'drafts', 'old.md'), 'An older draft.');
    writeFileSync(join(repo, 'docs', 'notes.md'), '# Notes\nNot a prompt.');
    writeFileSync(join(repo, 'docs', 'guide.txt'), 'Not a prompt either.');
    writeFileSync(join(repo, 'README.md'), '# Repo');
    body(repo);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, cwd });

interface PlanJson {
  files: { path: string; requests: { comparison: { plans: { model: string; inputTokens: number }[] } }[] }[];
  skipped: { path: string; reason: string; notAPrompt?: boolean }[];
}

test('plan prompts/ with the prompts folder named directly prices its own .txt and .md files, exactly', () => {
  withRepo((repo) => {
    for (const target of ['prompts/', './prompts', join(repo, 'prompts')]) {
      const result = run(repo, 'plan', target, '--models', 'gpt-4o', '--format', 'json');
      assert.equal(result.status, 0, result.stderr);
      const report = JSON.parse(result.stdout) as PlanJson;
      assert.deepEqual(
        report.files.map((file) => file.path),
        ['drafts/old.md', 'system.md', 'welcome.txt'],
        target,
      );
      assert.deepEqual(report.skipped, [], 'nothing in a prompts folder is left out');
      const tokensOf = (path: string) => report.files.find((file) => file.path === path)!.requests[0]!.comparison.plans[0]!.inputTokens;
      // One message: its text, 3 tokens of framing and its role's tokens, and 3 to prime the reply.
      assert.equal(tokensOf('welcome.txt'), count(WELCOME) + 3 + count('user') + 3);
      // A file named "system…" is a system prompt.
      assert.equal(tokensOf('system.md'), count(SYSTEM) + 3 + count('system') + 3);
    }
  });
});

test('scan and check take a prompts folder named directly, and the current folder when it is one', () => {
  withRepo((repo) => {
    const scan = run(repo, 'scan', 'prompts', '--format', 'json');
    assert.equal(scan.status, 0, scan.stderr);
    const scanned = JSON.parse(scan.stdout) as { files: { path: string; format: string; textTokens: { o200k_base: number } }[]; skipped: unknown[] };
    assert.deepEqual(
      scanned.files.map((file) => [file.path, file.format]),
      [
        ['drafts/old.md', 'text'],
        ['system.md', 'text'],
        ['welcome.txt', 'text'],
      ],
    );
    assert.equal(scanned.files[2]!.textTokens.o200k_base, count(WELCOME));
    assert.deepEqual(scanned.skipped, []);

    const check = run(repo, 'check', 'prompts/', '--budget-per-request', '1', '--models', 'gpt-4o');
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /All 3 requests are within \$1(\.00)? per request/);

    // `cd prompts && llm-cost plan`: the folder the user stands in is the one pointed at.
    const here = run(join(repo, 'prompts'), 'plan', '--models', 'gpt-4o', '--format', 'json');
    assert.equal(here.status, 0, here.stderr);
    assert.equal((JSON.parse(here.stdout) as PlanJson).files.length, 3);
  });
});

test('the .txt/.md files the text globs leave out are listed with the reason, and check says why it found nothing', () => {
  withRepo((repo) => {
    const plan = run(repo, 'plan', 'docs', '--models', 'gpt-4o', '--format', 'json');
    assert.equal(plan.status, 0, plan.stderr);
    const report = JSON.parse(plan.stdout) as PlanJson;
    assert.deepEqual(report.files, []);
    assert.deepEqual(
      report.skipped.map((file) => [file.path, file.notAPrompt]),
      [
        ['guide.txt', true],
        ['notes.md', true],
      ],
    );
    assert.match(report.skipped[0]!.reason, /^not a prompt by the text globs \(\*\*\/prompts\/\*\*\/\*\.txt, /);

    const table = run(repo, 'plan', 'docs', '--models', 'gpt-4o');
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /Left out, not prompts by the text globs: guide\.txt, notes\.md \(plan a file by name, or widen --text-globs/);

    // A gate that finds nothing fails, and says what it left out; files left out by rule are not failures themselves.
    const check = run(repo, 'check', 'docs', '--budget-per-request', '1', '--models', 'gpt-4o');
    assert.equal(check.status, 1);
    assert.match(check.stdout, /No prompt files found: nothing was checked\. Left out, not prompts by the text globs: guide\.txt, notes\.md/);
    assert.doesNotMatch(check.stdout, /not checked/);

    // The whole repository: the prompts are found under prompts/, the rest is listed as left out.
    const all = JSON.parse(run(repo, 'plan', '--models', 'gpt-4o', '--format', 'json').stdout) as PlanJson;
    assert.deepEqual(
      all.files.map((file) => file.path),
      ['prompts/drafts/old.md', 'prompts/system.md', 'prompts/welcome.txt'],
    );
    assert.deepEqual(
      all.skipped.map((file) => file.path),
      ['README.md', 'docs/guide.txt', 'docs/notes.md'],
    );
    // In the scan table the left-out files are a note after the summary, not under "Problems".
    const scanTable = run(repo, 'scan', '.').stdout;
    assert.match(scanTable, /3 prompt files, .* as written\.\nLeft out, not prompts by the text globs: README\.md, docs\/guide\.txt, docs\/notes\.md \(/);
    assert.doesNotMatch(scanTable, /Problems:/);
    const scan = JSON.parse(run(repo, 'scan', '.', '--format', 'json').stdout) as PlanJson;
    assert.deepEqual(
      scan.skipped.map((file) => [file.path, file.notAPrompt]),
      [
        ['README.md', true],
        ['docs/guide.txt', true],
        ['docs/notes.md', true],
      ],
    );

    // --text-globs on plan: globs see the folder named, so `docs/*.md` takes docs/notes.md when docs is named.
    const widened = JSON.parse(run(repo, 'plan', 'docs', '--text-globs', 'docs/*.md', '--models', 'gpt-4o', '--format', 'json').stdout) as PlanJson;
    assert.deepEqual(
      widened.files.map((file) => file.path),
      ['notes.md'],
    );
    assert.deepEqual(
      widened.skipped.map((file) => file.path),
      ['guide.txt'],
    );
  });
});

// `llm-cost` against hostile input, as a CI job would meet it: the gate never passes what it did not
// price, special files never hang it, names from files never forge log lines, bad flags are usage
// errors, and a closed pipe ends it quietly. (scripts/hostile.mjs tries the same and more, timed.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const env = { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'llm-cost-cache-')) };
// A time-out turns a hang into a failure instead of a stuck test run.
const runIn = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, cwd, timeout: 60_000 });

function withFolder(files: Record<string, string | Buffer>, body: (folder: string) => void): void {
  const folder = mkdtempSync(join(tmpdir(), 'llm-cost-hostile-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), content);
    }
    body(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const batchLine = (id: string, text: string, model = 'gpt-4o-mini', maxTokens = 20) =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model, max_tokens: maxTokens, messages: [{ role: 'user', content: text }] },
  });

test('check fails on a file it skipped (binary), and says which and why', () => {
  withFolder({ 'prompts/ok.txt': 'Hello', 'prompts/tool.txt': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]) }, (folder) => {
    // A fixed date: the file has no model, so it is checked on the default comparison's first model.
    const result = runIn(folder, 'check', '--budget-per-request', '1', '--as-of', '2026-11-26');
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^FAIL +prompts\/tool\.txt: not checked, a binary file \(it holds NUL bytes\)/m);
    assert.match(result.stdout, /^ok +prompts\/ok\.txt: /m);
    const plan = runIn(folder, 'plan', '--format', 'json');
    assert.deepEqual(JSON.parse(plan.stdout).skipped, [{ path: 'prompts/tool.txt', reason: 'a binary file (it holds NUL bytes), not text: not priced' }]);
  });
});

test('check checks every line of a Batch file, and fails on lines it was told to leave out', () => {
  const lines = [...Array.from({ length: 24 }, (_, i) => batchLine(`r${i}`, 'cheap')), batchLine('r24', 'x', 'gpt-4o', 100_000)];
  withFolder({ 'nightly.jsonl': lines.join('\n') }, (folder) => {
    // A fixed date: gpt-4o and gpt-4o-mini retire on 2027-01-14 (pricing/price-overrides.json).
    const all = runIn(folder, 'check', '--budget-per-request', '0.01', '--as-of', '2026-11-26');
    assert.equal(all.status, 1);
    assert.match(all.stdout, /^FAIL +nightly\.jsonl \(r24\): .* over the budget/m);
    assert.equal(all.stdout.match(/^ok /gm)?.length, 24);
    const capped = runIn(folder, 'check', '--budget-per-request', '1', '--max-requests', '20', '--as-of', '2026-11-26');
    assert.equal(capped.status, 1);
    assert.match(capped.stdout, /^FAIL +nightly\.jsonl: 5 of its 25 requests were not checked/m);
  });
});

test('a price file of absurd prices is refused with the reason, not priced', () => {
  const prices = JSON.stringify({ mine: { input_cost_per_token: 1e308, output_cost_per_token: 1e308, litellm_provider: 'openai' } });
  withFolder({ 'a.prompty': '---\nmodel:\n  configuration:\n    azure_deployment: mine\n---\nHello', 'p.json': prices }, (folder) => {
    const check = runIn(folder, 'check', 'a.prompty', '--prices', 'p.json', '--budget-per-request', '1');
    assert.equal(check.status, 2);
    assert.match(
      check.stderr,
      /p\.json: no usable prices\. p\.json \(mine\): input_cost_per_token is 1e\+308 USD per token, over \$10,000 per million tokens: surely a mistake/,
    );
  });
});

test('devices, FIFOs and folders are refused at once, never read', () => {
  withFolder({ 'prompts/a.txt': 'Hello' }, (folder) => {
    execFileSync('mkfifo', [join(folder, 'pipe.prompty')]);
    execFileSync('mkfifo', [join(folder, '.gitignore')]);
    for (const [args, message] of [
      [['plan', '/dev/zero'], /\/dev\/zero: a device, not a file: never read/],
      [['plan', 'prompts/a.txt', '--prices', '/dev/zero'], /cannot read the price file: a device/],
      [['plan', 'prompts/a.txt', '--scenario', '/dev/zero'], /cannot read the scenario file: a device/],
      [['plan', 'pipe.prompty'], /pipe\.prompty: a named pipe \(FIFO\), not a file: never opened/],
      [['plan', 'prompts/a.txt', '--scenario', 'prompts'], /cannot read the scenario file: a folder/],
    ] as const) {
      const result = runIn(folder, ...args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
    // A FIFO named .gitignore is not opened; the folder is scanned as if it had none.
    const scan = runIn(folder, 'scan');
    assert.equal(scan.status, 0, scan.stderr);
    assert.match(scan.stdout, /1 prompt file/);
  });
});

test('file names and model names cannot forge CI log lines or send escapes to the terminal', () => {
  const forged = 'prompts/\u001b[2Jx\nok    all-good.txt';
  withFolder({ [forged]: 'Hello', 'a.prompty': '---\nmodel:\n  configuration:\n    azure_deployment: "gpt-4o\\u001b[31m\\nok    fake"\n---\nHi' }, (folder) => {
    for (const args of [['scan'], ['plan'], ['plan', '--format', 'markdown'], ['plan', '--format', 'csv'], ['check', '--budget-per-request', '1']]) {
      const result = runIn(folder, ...args);
      assert.doesNotMatch(result.stdout, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/, args.join(' '));
      assert.doesNotMatch(result.stdout, /^ok +all-good/m, args.join(' '));
      assert.doesNotMatch(result.stdout, /^ok +fake/m, args.join(' '));
    }
    const check = runIn(folder, 'check', '--budget-per-request', '1');
    assert.match(check.stdout, /prompts\/\\x1b\[2Jx\\nok {4}all-good\.txt/);
    for (const args of [
      ['scan', '--format', 'json'],
      ['plan', '--format', 'json'],
    ]) {
      const json = JSON.parse(runIn(folder, ...args).stdout);
      assert.ok(JSON.stringify(json).includes('all-good.txt'));
    }
  });
});

test('hostile model names and out-of-range flags are plain names and usage errors, not crashes', () => {
  withFolder({ 'prompts/a.txt': 'Hello' }, (folder) => {
    const plan = runIn(folder, 'plan', 'prompts/a.txt', '--models', 'toString,hasOwnProperty,__proto__,constructor', '--format', 'json');
    assert.equal(plan.status, 0, plan.stderr);
    const plans = JSON.parse(plan.stdout).files[0].requests[0].comparison.plans;
    assert.deepEqual(
      plans.map((p: { requestedAs: string; known: boolean }) => [p.requestedAs, p.known]),
      [
        ['toString', false],
        ['hasOwnProperty', false],
        ['__proto__', false],
        ['constructor', false],
      ],
    );
    // Written as a provider (`constructor/…`), a hostile name must never pass the gate, whatever the
    // pricing code makes of it: priced as unknown, or the file reported as not priced.
    for (const model of ['constructor/gpt-4o', '__proto__:gpt-4o']) {
      const check = runIn(folder, 'check', 'prompts/a.txt', '--models', model, '--budget-per-request', '1');
      assert.equal(check.status, 1, check.stderr);
      assert.match(check.stdout, /price unknown|cannot be priced reliably/);
      assert.doesNotMatch(check.stderr, /\n\s+at /);
    }
    for (const args of [
      ['--turns', '100000000'],
      ['--output-tokens', '1e308'],
      ['--models', ','],
    ]) {
      const result = runIn(folder, 'plan', 'prompts/a.txt', ...args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    }
  });
});

test('3,000-level YAML nesting is the same too-complex error in scan, plan and check', () => {
  const deep = `prompts:\n  - hi\nproviders:\n  - openai:gpt-4o\ntests: ${'['.repeat(3000)}${']'.repeat(3000)}\n`;
  withFolder({ 'promptfooconfig.yaml': deep }, (folder) => {
    const diagnosticsIn = (stdout: string) => {
      const found: string[] = [];
      JSON.parse(stdout, (key, value: unknown) => {
        const d = value as { code?: unknown; line?: number; message?: string };
        if (typeof d === 'object' && d !== null && typeof d.code === 'string' && typeof d.line === 'number') found.push(`${d.line} ${d.code}: ${d.message}`);
        return value;
      });
      return [...new Set(found)];
    };
    const expected = [
      '5 too-complex: The config nests more than 100 levels deep: it is not read (a hand-written file never nests this deep; a generated one may be hostile). Flatten it.',
    ];
    assert.deepEqual(diagnosticsIn(runIn(folder, 'scan', '--format', 'json').stdout), expected);
    assert.deepEqual(diagnosticsIn(runIn(folder, 'plan', '--format', 'json').stdout), expected);
    const check = runIn(folder, 'check', '--budget-per-request', '1');
    assert.equal(check.status, 1, check.stdout);
    assert.match(check.stdout, /FAIL {2}promptfooconfig\.yaml: cannot be priced reliably, 1 error \(first, line 5: The config nests more than 100 levels deep/);
  });
});

test('--max-file-size and --max-line-length: files past them are skipped and said in scan, plan and check; bad values are usage errors', () => {
  withFolder({ 'prompts/long.txt': `Hello\n${'ab'.repeat(600)}\n`, 'prompts/ok.txt': 'Hello' }, (folder) => {
    const said = /prompts\/long\.txt: (skipped: |not checked, )?line 2 is 1,200 characters long, past the line-length limit of 1,000: not read/;
    const scan = runIn(folder, 'scan', '--max-line-length', '1000');
    assert.equal(scan.status, 0, scan.stderr);
    assert.match(scan.stdout, said);
    assert.match(scan.stdout, /^1 prompt file,/m);
    const plan = runIn(folder, 'plan', '--max-line-length', '1000', '--format', 'json');
    assert.match(JSON.parse(plan.stdout).skipped[0].reason, /^line 2 is 1,200 characters long/);
    const check = runIn(folder, 'check', '--budget-per-request', '1', '--max-line-length', '1000');
    assert.equal(check.status, 1, check.stdout);
    assert.match(check.stdout, said);
    // The defaults (1,000,000 characters, 20 MB) read both files; so does 0 (no line limit).
    for (const args of [[], ['--max-line-length', '0']]) assert.equal(runIn(folder, 'check', '--budget-per-request', '1', ...args).status, 0, args.join(' '));
    const small = runIn(folder, 'scan', '--max-file-size', '0.001');
    assert.match(small.stdout, /prompts\/long\.txt: skipped: larger than the limit of 1 KB \(1,207 bytes\): raise the limit \(--max-file-size MB/);
    for (const [flag, value] of [
      ['--max-file-size', '0'],
      ['--max-file-size', '513'],
      ['--max-file-size', 'big'],
      ['--max-line-length', '1.5'],
      ['--max-line-length', '=-1'],
    ]) {
      const result = runIn(folder, 'scan', value.startsWith('=') ? `${flag}${value}` : flag, ...(value.startsWith('=') ? [] : [value]));
      assert.equal(result.status, 2, `${flag} ${value}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`^llm-cost: ${flag} must be`));
    }
  });
});

test('a .gitignore too large to apply is said in scan and plan, and the files it would hide are scanned', () => {
  // 600 KB of rules; the last one hides the only prompt, which the scan must then list.
  const rules = `${Array.from({ length: 60_000 }, (_, i) => `build${i}/`).join('\n')}\nprompts/hidden.txt\n`;
  withFolder({ '.gitignore': rules, 'prompts/hidden.txt': 'Hello', 'sub/.gitignore': 'x.txt\n' }, (folder) => {
    const warning = `.gitignore is not applied: larger than the limit of 512 KB (${Buffer.byteLength(rules).toLocaleString('en-US')} bytes), more than a hand-written one holds, so the files it would hide are scanned too. Shorten it to under 512 KB.`;
    const scan = runIn(folder, 'scan');
    assert.equal(scan.status, 0, scan.stderr);
    assert.match(scan.stdout, /prompts\/hidden\.txt/);
    assert.ok(scan.stdout.includes(`  warning: ${warning}\n`), scan.stdout);
    // Only the root's: sub/.gitignore is small and applied without a word.
    assert.doesNotMatch(scan.stdout, /sub\/\.gitignore/);
    const json = JSON.parse(runIn(folder, 'scan', '--format', 'json').stdout);
    assert.equal(json.warnings.length, 1);
    assert.equal(json.warnings[0], warning);
    const plan = runIn(folder, 'plan', '--format', 'json');
    assert.ok(JSON.parse(plan.stdout).warnings.includes(warning), plan.stdout.slice(-500));
  });
  // A FIFO .gitignore is not opened, and said.
  withFolder({ 'prompts/a.txt': 'Hello' }, (folder) => {
    execFileSync('mkfifo', [join(folder, '.gitignore')]);
    const scan = runIn(folder, 'scan');
    assert.match(scan.stdout, /warning: \.gitignore is not applied: a named pipe \(FIFO\), not a file: never opened\./);
  });
});

test('a closed stdout pipe ends the command quietly', () => {
  const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" plan examples --format csv | head -c 20 >/dev/null`], {
    encoding: 'utf8',
    env,
    cwd: ROOT,
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
});

test('plan --format json waits for a slow reader instead of holding its output in memory', async () => {
  const root = mkdtempSync(join(tmpdir(), 'llm-cost-slow-reader-'));
  let child: ReturnType<typeof spawn> | undefined;
  try {
    mkdirSync(join(root, 'prompts'));
    for (let i = 0; i < 3000; i++) writeFileSync(join(root, 'prompts', `p${i}.txt`), `Prompt ${i}`);
    child = spawn(process.execPath, [CLI, 'plan', '--as-of', '2026-11-26', '--format', 'json'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    // Nothing is read for a while: the pipe fills within a few files (about 38 KB of JSON each) and the
    // plan must wait for it to drain. Written without waiting, every planned file's JSON piles up in the
    // process (measured: 630 MB after 6 s for 4,000 files, against 84 MB when it waits).
    child.stdout!.pause();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
    assert.ok(rssKb > 0 && rssKb < 300_000, `the plan holds ${Math.round(rssKb / 1024)} MB while its reader waits`);
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout!.resume();
    assert.equal(await exit, 0);
    const report = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    assert.equal(report.files.length, 3000);
  } finally {
    // A failed check leaves the plan blocked on its full pipe: end it, or the test run waits for it.
    child?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
});

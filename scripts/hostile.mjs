// Tries the command-line tool as a hostile user would: builds each kind of bad input of issue 11 in
// a temporary folder, runs `scan`, `plan` or `check` on it with a time limit, and says whether it
// behaved — no crash (exit 70, a stack trace), no hang, bounded memory and time, `check` never
// passing what it did not price, `--format json` valid JSON or nothing.
// Usage: npm run build && node scripts/hostile.mjs [NAME-FILTER]
import { spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const CLI = resolve('dist/cli.js');
const LIMIT_SECONDS = 20;
const GNU_TIME = '/usr/bin/time';
const filter = process.argv[2];

const PROMPTY = (frontmatter, body = 'system:\nYou help.\n\nuser:\n{{question}}\n') => `---\n${frontmatter}\n---\n${body}`;
const BATCH_LINE = (id, text, model = 'gpt-4o-mini', maxTokens = 20) =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model, max_tokens: maxTokens, messages: [{ role: 'user', content: text }] },
  });

/** `length` random CJK ideographs (seeded): text without spaces or punctuation, one pre-tokenizer piece. */
function chinese(length) {
  let seed = 5;
  const codes = new Uint16Array(length);
  for (let i = 0; i < length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    codes[i] = 0x4e00 + ((seed >>> 8) % 20000);
  }
  return Buffer.from(new TextDecoder('utf-16le').decode(codes), 'utf8');
}

/** Each case: files to write (path → content, or a function of the folder), then commands and what they must not do. */
const CASES = [
  [
    'file over 20 MB',
    { 'prompts/big.txt': () => 'a'.repeat(21 * 1024 * 1024), 'prompts/ok.txt': 'Hello' },
    [
      ['check', '--budget-per-request', '1'],
      ['plan', 'prompts/big.txt'],
    ],
  ],
  [
    'Batch file, expensive line 25',
    { 'b.jsonl': () => [...Array.from({ length: 24 }, (_, i) => BATCH_LINE(`r${i}`, 'cheap')), BATCH_LINE('r24', 'x', 'gpt-4o', 100000)].join('\n') },
    [['check', '--budget-per-request', '0.001']],
  ],
  [
    'max_tokens 1e308',
    { 'a.prompty': PROMPTY('model:\n  configuration:\n    azure_deployment: gpt-4o\n  parameters:\n    max_tokens: 1e308') },
    [
      ['check', '--budget-per-request', '1'],
      ['plan', '--format', 'json'],
    ],
  ],
  [
    'price 1e308',
    {
      'a.prompty': PROMPTY('model:\n  configuration:\n    azure_deployment: mine'),
      'p.json': JSON.stringify({ mine: { input_cost_per_token: 1e308, output_cost_per_token: 1e308, litellm_provider: 'openai' } }),
    },
    [['check', '--budget-per-request', '1', '--prices', 'p.json', 'a.prompty']],
  ],
  [
    'variable named toString etc.',
    {
      'a.prompty': PROMPTY(
        'inputs:\n  toString:\n    sample: x\n  constructor:\n    sample: y\n  valueOf: {}\n  hasOwnProperty: {}\n  __proto__:\n    sample: z',
        'user:\n{{toString}} {{constructor}} {{valueOf}} {{hasOwnProperty}} {{__proto__}}\n',
      ),
    },
    [['plan', '--format', 'json'], ['scan']],
  ],
  [
    'model constructor/gpt-4o',
    {
      'a.prompty': PROMPTY('model:\n  configuration:\n    azure_deployment: constructor/gpt-4o'),
      'b.prompty': PROMPTY('model:\n  configuration:\n    azure_deployment: "__proto__:gpt-4o"'),
    },
    [['plan'], ['plan', '--models', 'constructor/gpt-4o,__proto__:gpt-4o,toString']],
  ],
  [
    'large sample used thousands of times',
    { 'a.prompty': PROMPTY(`inputs:\n  big:\n    sample: ${'word '.repeat(200000)}`, `user:\n${'{{big}}\n'.repeat(3000)}`) },
    [['plan'], ['check', '--budget-per-request', '1']],
  ],
  ['--models , on a file with no model', { 'prompts/a.txt': 'Hello' }, [['plan', '--models', ',', 'prompts/a.txt']]],
  ['--turns 100000000', { 'prompts/a.txt': 'Hello' }, [['plan', '--turns', '100000000', 'prompts/a.txt']]],
  ['--turns 1000000', { 'prompts/a.txt': 'Hello' }, [['plan', '--turns', '1000000', 'prompts/a.txt']]],
  [
    'plan /dev/zero',
    {},
    [
      ['plan', '/dev/zero'],
      ['plan', '--prices', '/dev/zero'],
      ['plan', '--scenario', '/dev/zero'],
    ],
  ],
  [
    'FIFO by file://',
    { 'promptfooconfig.yaml': 'prompts:\n  - file://pipe.txt\nproviders:\n  - openai:gpt-4o\n' },
    [['scan'], ['plan'], ['check', '--budget-per-request', '1']],
    (dir) => execFileSync('mkfifo', [join(dir, 'pipe.txt')]),
    /pipe\.txt \(file:\/\/pipe\.txt\) is not read: a named pipe \(FIFO\), not a file: never opened/,
  ],
  [
    'folder and symlink loop by file://',
    { 'promptfooconfig.yaml': 'prompts:\n  - file://folder.txt\n  - file://loop.txt\nproviders:\n  - openai:gpt-4o\n', 'folder.txt/x': 'x' },
    [['scan'], ['check', '--budget-per-request', '1']],
    (dir) => (symlinkSync('loop2.txt', join(dir, 'loop.txt')), symlinkSync('loop.txt', join(dir, 'loop2.txt'))),
    /is not read: a folder, not a file/,
  ],
  ['FIFO named .gitignore', { 'prompts/a.txt': 'Hello' }, [['scan'], ['plan']], (dir) => execFileSync('mkfifo', [join(dir, '.gitignore')])],
  ['plan pipe.prompty', {}, [['plan', 'pipe.prompty'], ['scan']], (dir) => execFileSync('mkfifo', [join(dir, 'pipe.prompty')])],
  [
    'symlink loop',
    { 'prompts/a.txt': 'Hello' },
    [['scan'], ['plan']],
    (dir) => (symlinkSync('.', join(dir, 'prompts/loop')), symlinkSync('l2', join(dir, 'prompts/l1.txt')), symlinkSync('l1.txt', join(dir, 'prompts/l2'))),
  ],
  [
    '3,000 file:// lines to a 1.8 MB file',
    {
      'prompts/big.txt': () => 'lorem ipsum dolor '.repeat(100000),
      'promptfooconfig.yaml': () => `prompts:\n${'  - file://prompts/big.txt\n'.repeat(3000)}providers:\n  - openai:gpt-4o\n`,
    },
    [['scan'], ['plan', '--format', 'json']],
  ],
  ['400 KB of ((…))', { 'prompts/a.txt': () => '('.repeat(200000) + ')'.repeat(200000) }, [['scan']]],
  ['800 KB of [ and ]', { 'prompts/a.txt': () => '['.repeat(400000) + ']'.repeat(400000) }, [['scan']]],
  ['100k variables', { 'prompts/a.txt': () => Array.from({ length: 100000 }, (_, i) => `{{v${i}}}`).join(' ') }, [['plan']]],
  [
    '200 KB of nested JSON brackets',
    { 'chat.json': () => `{"role":"user","content":"x","a":${'['.repeat(100000)}${']'.repeat(100000)}}` },
    [['scan'], ['plan']],
  ],
  ['210k role lines', { 'a.prompty': () => PROMPTY('model: gpt-4o', 'user:\nhi\n'.repeat(210000)) }, [['plan']]],
  ['100k-line .gitignore', { '.gitignore': () => Array.from({ length: 100000 }, (_, i) => `build${i}/`).join('\n'), 'prompts/a.txt': 'Hello' }, [['scan']]],
  // Every file here is priced and within budget: the one case where `check` must pass.
  [
    '10,000 tiny files',
    Object.fromEntries(Array.from({ length: 10000 }, (_, i) => [`prompts/p${i}.txt`, `Prompt ${i}`])),
    [
      ['plan', '--format', 'json'],
      ['check', '--budget-per-request', '1', '--expect-pass'],
    ],
  ],
  [
    'ELF binary as a prompt',
    { 'prompts/tool.txt': () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4000, 0), Buffer.from('text')]) },
    [['scan'], ['check', '--budget-per-request', '1']],
  ],
  [
    'invalid UTF-8',
    { 'prompts/bad.txt': () => Buffer.from([0x48, 0x69, 0xff, 0xfe, 0x20, 0xc3, 0x28, 0x21]) },
    [
      ['scan', '--format', 'json'],
      ['check', '--budget-per-request', '1'],
    ],
  ],
  [
    'UTF-16 with a BOM',
    {
      'a.prompty': () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PROMPTY('model:\n  configuration:\n    azure_deployment: gpt-4o'), 'utf16le')]),
    },
    [
      ['scan', '--format', 'json'],
      ['plan', '--format', 'json'],
    ],
  ],
  [
    'lone-CR Prompty',
    { 'a.prompty': PROMPTY('model:\n  configuration:\n    azure_deployment: gpt-4o\ninputs:\n  question:\n    sample: hi').replace(/\n/g, '\r') },
    [
      ['scan', '--format', 'json'],
      ['plan', '--format', 'json'],
    ],
  ],
  [
    'model: 123, a list, true',
    { 'a.prompty': PROMPTY('model: 123'), 'b.prompty': PROMPTY('model:\n  - gpt-4o'), 'c.prompty': PROMPTY('model: true') },
    [
      ['scan', '--format', 'json'],
      ['check', '--budget-per-request', '1'],
    ],
  ],
  [
    'YAML alias bomb in promptfoo tests',
    {
      'promptfooconfig.yaml': `prompts:\n  - "Say {{a}}"\nproviders:\n  - openai:gpt-4o\nx0: &a0 [lol]\n${Array.from({ length: 9 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(',')}]`).join('\n')}\ntests:\n  - vars:\n      a: *a9\n`,
    },
    [
      ['scan', '--format', 'json'],
      ['check', '--budget-per-request', '1'],
    ],
  ],
  [
    'unclosed {% for in promptfoo prompt',
    { 'promptfooconfig.yaml': 'prompts:\n  - "{% for x in items %}Say {{x}}"\nproviders:\n  - openai:gpt-4o\n' },
    [
      ['scan', '--format', 'json'],
      ['check', '--budget-per-request', '1'],
    ],
  ],
  [
    '3,000-level YAML nesting',
    { 'promptfooconfig.yaml': () => `prompts:\n  - hi\nproviders:\n  - openai:gpt-4o\ntests: ${'['.repeat(3000)}${']'.repeat(3000)}\n` },
    [
      ['scan', '--format', 'json'],
      ['plan', '--format', 'json'],
    ],
    undefined,
    /The config nests more than 100 levels deep/,
  ],
  [
    '3,000-level nesting in frontmatter, chat JSON and a Batch line',
    {
      'a.prompty': () => PROMPTY(`model: gpt-4o\nx: ${'['.repeat(3000)}${']'.repeat(3000)}`),
      'chat.json': () => `{"messages":[{"role":"user","content":"hi"}],"x":${'['.repeat(3000)}${']'.repeat(3000)}}`,
      'b.jsonl': () => BATCH_LINE('r1', 'hi').replace(/}$/, `,"x":${'['.repeat(3000)}${']'.repeat(3000)}}`),
    },
    [['scan'], ['check', '--budget-per-request', '1']],
    undefined,
    /nests more than 100 levels deep[^]*nested more than 512 levels deep/,
  ],
  [
    '2 M-character line',
    { 'prompts/long.txt': () => `Summarise:\n${'ab'.repeat(1_000_000)}\n`, 'prompts/ok.txt': 'Hello' },
    [['scan'], ['check', '--budget-per-request', '1'], ['plan', '--max-line-length', '0', '--models', 'gpt-4o', 'prompts/long.txt']],
    undefined,
    /line 2 is 2,000,000 characters long, past the line-length limit of 1,000,000|exceed the 128000-token context window/,
  ],
  [
    '.gitignore over 512 KB',
    { '.gitignore': () => Array.from({ length: 60000 }, (_, i) => `build${i}/`).join('\n'), 'prompts/a.txt': 'Hello' },
    [['scan'], ['plan']],
    undefined,
    /\.gitignore is not applied: larger than the limit of 512 KB/,
  ],
  [
    'control characters in names',
    {
      'prompts/\u001b[31mred\u001b[0m\nok    fake.txt': 'Hello',
      'a.prompty': PROMPTY('model:\n  configuration:\n    azure_deployment: "gpt-4o\\u001b[2J\\nok    forged"'),
    },
    [['scan'], ['plan'], ['check', '--budget-per-request', '1']],
  ],
  // Skipped by the line-length limit by default; counted in full (the tokenizer's own limits) with 0.
  ['10 MB of я (tokenizer helper)', { 'prompts/ya.txt': () => 'я'.repeat(5 * 1024 * 1024) }, [['scan'], ['scan', '--max-line-length', '0']]],
  // Over 4.2 million letters in one piece: past V8's regular-expression stack.
  // One 6.3 M-character line: skipped by the default line-length limit, counted in full with 0.
  ['19 MB of Chinese without punctuation', { 'prompts/zh.txt': () => chinese(6_300_000) }, [['scan'], ['scan', '--max-line-length', '0']]],
  // Each of these made a shortening edit's regular expression retry from every position of a long line.
  ['100k unclosed ** on one line', { 'prompts/a.txt': () => '**a '.repeat(100000) }, [['plan', '--models', 'gpt-4o']]],
  ['100k <example> without a close', { 'prompts/a.txt': () => '<example>'.repeat(100000) }, [['plan', '--models', 'gpt-4o', '--max-examples', '1']]],
  ['200k spaces on one line', { 'prompts/a.txt': () => `|---|${' '.repeat(200000)}x` }, [['plan', '--models', 'gpt-4o']]],
  [
    'template loops past any context window',
    {
      // 1,000^3 iterations of a 1 KB sample: a terabyte if rendered; the render stops at 4 M characters.
      'loops.prompty': PROMPTY(
        `model:\n  configuration:\n    azure_deployment: gpt-4o\nsample:\n  xs: [${Array.from({ length: 1000 }, (_, i) => JSON.stringify('x'.repeat(1000) + i)).join(', ')}]`,
        'user:\n{% for a in xs %}{% for b in xs %}{% for c in xs %}{{ c }}{% endfor %}{% endfor %}{% endfor %}\n',
      ),
      'loops.prompt': `---\nmodel: openai/gpt-4o\ninput:\n  default:\n    xs: [${Array.from({ length: 1000 }, (_, i) => JSON.stringify('x'.repeat(1000) + i)).join(', ')}]\n---\n{{#each xs}}{{#each ../xs}}{{#each ../../xs}}{{this}}{{/each}}{{/each}}{{/each}}\n`,
    },
    [
      ['check', '--budget-per-request', '1'],
      ['plan', '--format', 'json'],
    ],
  ],
  [
    'templates nested 5,000 blocks deep',
    {
      'deep.prompt': `---\nmodel: openai/gpt-4o\n---\n${'{{#if a}}'.repeat(5000)}x${'{{/if}}'.repeat(5000)}\n`,
      'deep.prompty': PROMPTY('model:\n  configuration:\n    azure_deployment: gpt-4o', `user:\n${'{% if a %}'.repeat(5000)}x${'{% endif %}'.repeat(5000)}\n`),
    },
    [
      ['check', '--budget-per-request', '1'],
      ['plan', '--format', 'json'],
    ],
  ],
];

const results = [];
for (const [name, files, commands, prepare, said] of CASES) {
  if (filter && !name.includes(filter)) continue;
  const dir = mkdtempSync(join(tmpdir(), 'llm-cost-hostile-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), typeof content === 'function' ? content(dir) : content);
    }
    prepare?.(dir);
    for (const args of commands) results.push({ name, ...run(dir, args, name, said) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Each run gets its own process group (killed whole on time-out) and a 1 GB heap: more memory than
// that is a failure ("heap out of memory"), not a slow machine.
function run(dir, args, name, said) {
  const started = process.hrtime.bigint();
  const expectPass = args.includes('--expect-pass');
  args = args.filter((arg) => arg !== '--expect-pass');
  // GNU time writes the peak resident memory (KB) of the command to a file of its own, out of its output.
  const memoryFile = join(tmpdir(), `llm-cost-hostile-memory-${process.pid}`);
  rmSync(memoryFile, { force: true });
  const timed = existsSync(GNU_TIME) ? [GNU_TIME, '-f', '%M', '-o', memoryFile] : [];
  const child = spawnSync('setsid', [...timed, process.execPath, '--max-old-space-size=1024', CLI, ...args], {
    cwd: dir,
    timeout: LIMIT_SECONDS * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 2 ** 30,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // A run killed at the time limit takes GNU time with it: its memory is unknown, not 0.
  const peakMb =
    timed.length > 0 && !child.signal && existsSync(memoryFile) ? Math.round(Number(readFileSync(memoryFile, 'utf8').trim().split('\n').at(-1)) / 1024) : null;
  if (child.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const stderr = child.stderr?.toString() ?? '';
  const stdout = child.stdout?.toString() ?? '';
  const problems = [];
  if (child.error?.code === 'ETIMEDOUT' || child.signal) problems.push(`hung (killed after ${LIMIT_SECONDS} s)`);
  if (child.status === 70) problems.push('internal error (exit 70)');
  if (/heap out of memory|Allocation failed/.test(stderr) || child.status === 134) problems.push('over 1 GB of memory');
  if (/\n\s+at .+:\d+:\d+\)?/.test(stderr)) problems.push('stack trace');
  if (args[0] === 'check' && child.status === 0 && !expectPass) problems.push('check passed');
  if (expectPass && child.status !== 0) problems.push('check failed on files it priced');
  if (args.includes('json') && stdout.trim() !== '') {
    try {
      JSON.parse(stdout);
    } catch {
      problems.push('invalid JSON');
    }
  }
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(stdout)) problems.push('control characters printed');
  if (seconds > 5) problems.push(`slow (${seconds.toFixed(1)} s)`);
  // What the user must be told about the case (the class's message in the README), in any of the outputs.
  if (said && !said.test(stdout + stderr)) problems.push(`does not say ${said}`);
  const first = stderr.trim().split('\n')[0] || stdout.trim().split('\n').at(-1) || '';
  rmSync(memoryFile, { force: true });
  const result = { command: args.join(' '), exit: child.status ?? child.signal, seconds, peakMb, problems, said: first.slice(0, 140) };
  console.log(
    `${problems.length ? 'BAD ' : 'ok  '} ${name} | ${result.command} | exit ${result.exit} | ${seconds.toFixed(1)} s | ${peakMb ?? '?'} MB | ${problems.join(', ') || '-'} | ${JSON.stringify(result.said)}`,
  );
  return result;
}

const bad = results.filter((r) => r.problems.length > 0).length;
const cases = new Set(results.map((r) => r.name)).size;
const badCases = new Set(results.filter((r) => r.problems.length > 0).map((r) => r.name)).size;
const slowest = results.reduce((a, b) => (b.seconds > a.seconds ? b : a), results[0] ?? { seconds: 0 });
const heaviest = results.reduce((a, b) => ((b.peakMb ?? 0) > (a.peakMb ?? 0) ? b : a), results[0] ?? { peakMb: 0 });
console.log(`${results.length - bad} of ${results.length} runs behaved (${cases - badCases} of ${cases} cases).`);
if (results.length > 0) {
  console.log(`Slowest: ${slowest.seconds.toFixed(1)} s (${slowest.name} | ${slowest.command}).`);
  console.log(`Peak memory: ${heaviest.peakMb ?? '?'} MB (${heaviest.name} | ${heaviest.command}).`);
}
process.exitCode = bad > 0 ? 1 : 0;

// Hostile and odd input at the level of the core and the file reader: bytes that are not text, text
// in another encoding, special files, hostile names and values, YAML bombs, output that would reach
// a terminal. The command-line behaviour on the same inputs is in cli-reliability.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import manifest from '../package.json';
import { countInvalidUtf8, decodeFileBytes, normaliseLoneCarriageReturns } from '../src/core/decoding';
import { checkBudget, parsePromptFile, planReport } from '../src/core';
import { loadCounter } from '../src/node/counters';
import { parseLiteLlmPriceFile } from '../src/core/pricing';
import { priceBookFromModels } from '../src/core/pricing/priceBook';
import { printable, printableData, printableJson } from '../src/core/report/printable';
import { DEFAULT_SCENARIO, validateScenario } from '../src/core/cost';
import { MAX_PROMPTFOO_PROMPTS } from '../src/core/formats/promptfoo';
import { MAX_YAML_NESTING } from '../src/core/formats/yamlDocument';
import { MAX_RENDER_DEPTH } from '../src/core/templates/limits';
import { DEFAULT_INPUT_LIMITS, firstLongLine } from '../src/core/inputLimits';
import { MAX_JSON_NESTING } from '../src/core/formats/jsonLocate';
import { readRegularFile } from '../src/node/regularFile';
import { folderReader, readPromptFile, VANISHED } from '../src/node/promptFiles';
import { scanFolder } from '../src/node/scanFolder';
import { fileSummariser } from '../src/node/fileSummaries';

const bytes = (...values: number[]) => Uint8Array.from(values);

test('binary files are told from text: NUL bytes, or many control characters', () => {
  const elf = new Uint8Array(4096);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  const binary = decodeFileBytes(elf);
  assert.equal(binary.kind, 'binary');
  assert.match(binary.kind === 'binary' ? binary.reason : '', /NUL bytes/);
  const controls = decodeFileBytes(Uint8Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
  assert.equal(controls.kind, 'binary');
  // Tabs, newlines, form feeds and an ANSI colour are text.
  assert.equal(decodeFileBytes(new TextEncoder().encode('a\tb\r\nc\fd \u001b[1mbold')).kind, 'text');
  assert.deepEqual(decodeFileBytes(new Uint8Array(0)), { kind: 'text', text: '', encoding: 'utf-8', invalidBytes: 0 });
});

test('invalid UTF-8 is decoded with replacement characters and the bad bytes are counted', () => {
  const decoded = decodeFileBytes(bytes(0x48, 0x69, 0xff, 0xfe, 0x20, 0xc3, 0x28, 0x21));
  assert.equal(decoded.kind, 'text');
  if (decoded.kind !== 'text') return;
  assert.equal(decoded.invalidBytes, 3);
  assert.equal(decoded.text, 'Hi\ufffd\ufffd \ufffd(!');
  // Overlong forms, surrogates and truncated sequences are invalid; every valid scalar is not.
  assert.equal(countInvalidUtf8(bytes(0xc0, 0xaf)), 2);
  assert.equal(countInvalidUtf8(bytes(0xed, 0xa0, 0x80)), 3);
  assert.equal(countInvalidUtf8(bytes(0xe2, 0x82)), 2);
  assert.equal(countInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80)), 4);
  assert.equal(countInvalidUtf8(new TextEncoder().encode('Grüße, 你好, 🙂, я')), 0);
});

test('UTF-16 files with a byte-order mark are decoded, little and big endian', () => {
  const text = '---\nmodel: gpt-4o\n---\nHello';
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const be = Buffer.from(le);
  be.swap16();
  for (const file of [le, be]) {
    const decoded = decodeFileBytes(file);
    assert.equal(decoded.kind, 'text');
    assert.equal(decoded.kind === 'text' ? decoded.text : '', text);
  }
});

test('a lone-CR file is read as lines (same length, so offsets still hold): the frontmatter is not counted as text', async () => {
  const file = '---\rmodel:\r  configuration:\r    azure_deployment: gpt-4o\r---\ruser:\rHello {{name}}\r';
  assert.equal(normaliseLoneCarriageReturns(file).length, file.length);
  assert.equal(normaliseLoneCarriageReturns('a\r\nb\rc'), 'a\r\nb\nc');
  const parsed = await parsePromptFile('a.prompty', file);
  const withLineFeeds = await parsePromptFile('a.prompty', file.replace(/\r/g, '\n'));
  assert.equal(parsed?.model, 'gpt-4o');
  assert.deepEqual(parsed?.messages, withLineFeeds?.messages);
  assert.deepEqual(parsed?.variables, withLineFeeds?.variables);
  assert.equal(parsed?.messages.length, 1);
});

test('special files are refused before they are opened: FIFO, device, folder, too large', () => {
  const folder = mkdtempSync(join(tmpdir(), 'llm-cost-special-'));
  try {
    execFileSync('mkfifo', [join(folder, 'pipe.prompty')]);
    // Would block for ever if opened for reading without a writer.
    assert.deepEqual(readRegularFile(join(folder, 'pipe.prompty'), 1000), { ok: false, reason: 'a named pipe (FIFO), not a file: never opened' });
    assert.match(String(readRegularFile('/dev/zero', 1000).ok === false && (readRegularFile('/dev/zero', 1000) as { reason: string }).reason), /a device/);
    assert.match((readRegularFile(folder, 1000) as { reason: string }).reason, /a folder/);
    writeFileSync(join(folder, 'big.txt'), 'x'.repeat(2000));
    const big = readRegularFile(join(folder, 'big.txt'), 1000);
    assert.equal(big.ok, false);
    assert.match((big as { reason: string }).reason, /larger than the limit of 1(\.0)? KB/);
    assert.match((readRegularFile(join(folder, 'gone.txt'), 1000) as { reason: string }).reason, /not found/);
    const ok = readRegularFile(join(folder, 'big.txt'), 5000);
    assert.equal(ok.ok && ok.bytes.length, 2000);
    // A file that says it is empty and then holds more (as /proc files do, and as a file written to
    // while it is read does) is read to its end, but never past the limit.
    const growing = readRegularFile('/proc/self/status', 10);
    assert.deepEqual(growing, { ok: false, reason: 'grew past the limit of 10 bytes while being read', tooLarge: true });
    const whole = readRegularFile('/proc/self/status', 1024 * 1024);
    assert.match(whole.ok ? new TextDecoder().decode(whole.bytes) : '', /^Name:\s/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('file:// references to what is not a regular file say what it is, and a FIFO is never opened', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'llm-cost-refs-'));
  const outside = mkdtempSync(join(tmpdir(), 'llm-cost-outside-'));
  try {
    execFileSync('mkfifo', [join(folder, 'pipe.txt')]);
    mkdirSync(join(folder, 'folder.txt'));
    symlinkSync('loop-b.txt', join(folder, 'loop-a.txt'));
    symlinkSync('loop-a.txt', join(folder, 'loop-b.txt'));
    writeFileSync(join(outside, 'secret.txt'), 'not yours');
    symlinkSync(join(outside, 'secret.txt'), join(folder, 'escape.txt'));
    writeFileSync(join(folder, '.env.txt'), 'API_KEY=x');
    writeFileSync(join(folder, 'tool.txt'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));
    writeFileSync(join(folder, 'ok.txt'), 'Say {{thing}}');
    const reader = folderReader(folder);
    // Each is said for what it is; only a file that is not there is undefined ("not found").
    const expected: [string, string | RegExp | undefined][] = [
      ['pipe.txt', /^a named pipe \(FIFO\), not a file: never opened$/],
      ['folder.txt', /^a folder, not a file$/],
      ['loop-a.txt', /^a symbolic link loop$/],
      ['escape.txt', /outside the scanned folder/],
      ['.env.txt', /hidden file .* never read/],
      ['tool.txt', /^a binary file/],
      ['gone.txt', undefined],
      ['ok.txt', 'Say {{thing}}'],
    ];
    for (const [path, want] of expected) {
      const got = await reader.readText(path);
      if (want === undefined || typeof want === 'string') assert.equal(got, want, path);
      else assert.match(typeof got === 'object' ? got.notRead : `not a NotRead: ${String(got)}`, want, path);
    }

    const config = [
      'prompts:',
      '  - file://pipe.txt',
      '  - file://folder.txt',
      '  - file://loop-a.txt',
      '  - file://gone.txt',
      '  - file://ok.txt',
      'providers:',
      '  - openai:gpt-4o',
      'tests:',
      '  - vars:',
      '      thing: file://pipe.txt',
      '',
    ].join('\n');
    const parsed = await parsePromptFile('promptfooconfig.yaml', config, { reader });
    const said = (line: number) => parsed?.diagnostics.filter((d) => d.line === line).map((d) => `${d.code}: ${d.message}`);
    assert.deepEqual(said(2), [
      'unreadable-reference: Prompt file pipe.txt (file://pipe.txt) is not read: a named pipe (FIFO), not a file: never opened. Point the reference at a text file.',
    ]);
    assert.deepEqual(said(3), [
      'unreadable-reference: Prompt file folder.txt (file://folder.txt) is not read: a folder, not a file. Point the reference at a text file.',
    ]);
    assert.deepEqual(said(4), [
      'unreadable-reference: Prompt file loop-a.txt (file://loop-a.txt) is not read: a symbolic link loop. Point the reference at a text file.',
    ]);
    assert.match(said(5)?.join() ?? '', /^missing-reference: Prompt file gone\.txt \(file:\/\/gone\.txt\) not found/);
    assert.match(said(9)?.join() ?? '', /^unreadable-reference: The sample for \{\{thing\}\}, pipe\.txt \(file:\/\/pipe\.txt\), is not read: a named pipe/);
    // The readable prompt is still priced, with the literal reference as the sample it could not read.
    assert.equal(parsed?.requests.length, 1);
    assert.equal(parsed?.variables[0]?.sample, 'file://pipe.txt');
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('a line past the length limit is found at its line, whatever the line ends (LF, CRLF, lone CR)', () => {
  assert.equal(firstLongLine('short\nlines', 5), null);
  assert.deepEqual(firstLongLine('short\nlonger', 5), { line: 2, length: 6 });
  assert.deepEqual(firstLongLine('ab\r\ncd\r\nefgh\r\n', 3), { line: 3, length: 4 });
  assert.deepEqual(firstLongLine('ab\rcd\refgh', 3), { line: 3, length: 4 });
  assert.deepEqual(firstLongLine('x'.repeat(10), 3), { line: 1, length: 10 });
  // 0 is no limit: every line is counted in full.
  assert.equal(firstLongLine('x'.repeat(10), 0), null);
  assert.equal(DEFAULT_INPUT_LIMITS.maxLineLength, 1_000_000);
});

test('files past the size or line-length limit are skipped with the limit and how to raise it, and both are configurable', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'llm-cost-limits-'));
  try {
    mkdirSync(join(folder, 'prompts'));
    writeFileSync(join(folder, 'prompts', 'long.txt'), `Summarise:\n${'word'.repeat(300)}\nThanks`);
    writeFileSync(join(folder, 'prompts', 'big.txt'), 'word '.repeat(500));
    const limits = { maxFileBytes: 2000, maxLineLength: 1000 };
    assert.deepEqual(await readPromptFile(folder, 'prompts/long.txt', { limits }), {
      skipped:
        'line 2 is 1,200 characters long, past the line-length limit of 1,000: not read. Raise the limit (--max-line-length, or the llmCost.maxLineLength setting; 0 counts every line in full) to have it priced',
    });
    assert.deepEqual(await readPromptFile(folder, 'prompts/big.txt', { limits }), {
      skipped: 'larger than the limit of 2 KB (2,500 bytes): raise the limit (--max-file-size MB, or the llmCost.maxFileSizeMB setting) to have it priced',
    });
    // Raised (or 0 for the line length), the same files are read in full.
    for (const path of ['prompts/long.txt', 'prompts/big.txt']) {
      const read = await readPromptFile(folder, path, { limits: { maxFileBytes: 4000, maxLineLength: 0 } });
      assert.ok(read && 'parsed' in read, path);
    }
    // A file:// reference past a limit is not read either, and says why.
    const reader = folderReader(folder, limits);
    assert.match(((await reader.readText('prompts/long.txt')) as { notRead: string }).notRead, /^line 2 is 1,200 characters long/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

/** prompts/a.txt, then files that change once a.txt has been read: b vanishes, c shrinks, d becomes a FIFO, sub/ a file. */
function changingFolder(): { folder: string; change: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'llm-cost-changing-'));
  mkdirSync(join(folder, 'prompts', 'sub'), { recursive: true });
  writeFileSync(join(folder, 'prompts', 'a.txt'), 'First');
  writeFileSync(join(folder, 'prompts', 'b.txt'), 'Gone soon');
  writeFileSync(join(folder, 'prompts', 'c.txt'), 'word '.repeat(1000));
  writeFileSync(join(folder, 'prompts', 'd.txt'), 'Soon a pipe');
  writeFileSync(join(folder, 'prompts', 'sub', 'e.txt'), 'In a folder that goes');
  const change = () => {
    unlinkSync(join(folder, 'prompts', 'b.txt'));
    truncateSync(join(folder, 'prompts', 'c.txt'), 2);
    unlinkSync(join(folder, 'prompts', 'd.txt'));
    execFileSync('mkfifo', [join(folder, 'prompts', 'd.txt')]);
    rmSync(join(folder, 'prompts', 'sub'), { recursive: true });
    writeFileSync(join(folder, 'prompts', 'sub'), 'now a file');
  };
  return { folder, change };
}

const EXPECTED_SKIPS = [
  { path: 'prompts/b.txt', reason: VANISHED },
  { path: 'prompts/d.txt', reason: 'a named pipe (FIFO), not a file: never opened' },
  { path: 'prompts/sub/', reason: 'a folder that could not be opened (no longer a folder): its files are not scanned' },
];

test('files that vanish, shrink or turn into a FIFO between the walk and the read: each said, what was read is what is counted', async () => {
  const { folder, change } = changingFolder();
  try {
    // The walk has listed prompts/ when a.txt is handed over; the others change before they are read.
    const seen = new Map<string, string>();
    const scanned = await scanFolder(folder, {
      onFile: (file) => {
        if (seen.size === 0) change();
        seen.set(file.path, file.body.text);
      },
    });
    assert.deepEqual(
      [...seen],
      [
        ['prompts/a.txt', 'First'],
        // Its two remaining bytes, not the 5,000 it held when listed.
        ['prompts/c.txt', 'wo'],
      ],
    );
    assert.deepEqual(scanned.skipped, EXPECTED_SKIPS);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a scan worker handed paths that have since changed: the same reasons, and the count of what it read', async () => {
  const { folder, change } = changingFolder();
  try {
    const summarise = await fileSummariser({ root: folder });
    change();
    const { files, skipped } = await summarise(['prompts/a.txt', 'prompts/b.txt', 'prompts/c.txt', 'prompts/d.txt']);
    assert.deepEqual(
      files.map((file) => [file.path, file.textTokens.o200k_base]),
      [
        ['prompts/a.txt', 1],
        ['prompts/c.txt', 1],
      ],
    );
    assert.deepEqual(skipped, EXPECTED_SKIPS.slice(0, 2));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('readPromptFile skips binaries and says how many bytes were not UTF-8', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'llm-cost-read-'));
  try {
    mkdirSync(join(folder, 'prompts'));
    writeFileSync(join(folder, 'prompts', 'tool.txt'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0x41]));
    writeFileSync(join(folder, 'prompts', 'bad.txt'), Buffer.from([0x48, 0x69, 0xff, 0x21]));
    assert.deepEqual(await readPromptFile(folder, 'prompts/tool.txt', {}), { skipped: 'a binary file (it holds NUL bytes), not text: not priced' });
    const bad = await readPromptFile(folder, 'prompts/bad.txt', {});
    assert.ok(bad && 'parsed' in bad);
    const diagnostic = bad.parsed.diagnostics.find((d) => d.code === 'invalid-encoding');
    assert.equal(diagnostic?.severity, 'warning');
    assert.match(diagnostic?.message ?? '', /^1 byte is not valid UTF-8/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a model name of the wrong type is an error at its line, never a guess', async () => {
  for (const [value, shown] of [
    ['123', 'number 123'],
    ['true', 'boolean true'],
    ['[gpt-4o]', 'a list'],
  ]) {
    const parsed = await parsePromptFile('a.prompt', `---\nmodel: ${value}\n---\nHello`);
    const diagnostic = parsed?.diagnostics.find((d) => d.code === 'invalid-value');
    assert.equal(parsed?.model, null);
    assert.equal(diagnostic?.severity, 'error');
    assert.equal(diagnostic?.line, 2);
    assert.ok(diagnostic?.message.includes(shown), diagnostic?.message);
  }
  const prompty = await parsePromptFile('a.prompty', '---\nmodel:\n  configuration:\n    azure_deployment: 42\n---\nHello');
  assert.equal(prompty?.diagnostics.find((d) => d.code === 'invalid-value')?.line, 4);
  // A list of names is what Copilot files take; an item that is not a name is reported.
  const copilot = await parsePromptFile('x.prompt.md', '---\nmodel: [7, GPT-4o]\n---\nHello');
  assert.equal(copilot?.model, 'GPT-4o');
  assert.equal(copilot?.diagnostics.filter((d) => d.code === 'invalid-value').length, 1);
});

test('an output limit of 1e308 is not a limit: it is ignored and said', async () => {
  const parsed = await parsePromptFile('a.prompty', '---\nmodel:\n  parameters:\n    max_tokens: 1e308\n---\nHello');
  assert.equal(parsed?.maxOutputTokens, null);
  assert.equal(parsed?.diagnostics.find((d) => d.code === 'invalid-output-limit')?.line, 4);
});

test('hostile names (__proto__, constructor, toString) are plain names for variables and models', async () => {
  const parsed = await parsePromptFile(
    'a.prompty',
    '---\nmodel:\n  configuration:\n    azure_deployment: constructor/gpt-4o\ninputs:\n  toString:\n    sample: x\n  __proto__:\n    sample: y\n---\nuser:\n{{toString}} {{constructor}} {{__proto__}} {{hasOwnProperty}}\n',
  );
  assert.equal(parsed?.model, 'constructor/gpt-4o');
  const samples = new Map(parsed?.variables.map((variable) => [variable.name, variable.sample]));
  assert.deepEqual([...samples.keys()].sort(), ['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
  assert.equal(samples.get('toString'), 'x');
  assert.equal(samples.get('constructor'), null);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('promptfoo: an alias bomb, an unclosed {% for and too many prompts are each reported', async () => {
  const bomb = [
    'prompts:\n  - "Say {{a}}"\nproviders:\n  - openai:gpt-4o\nx0: &a0 [lol]',
    ...Array.from({ length: 9 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(',')}]`),
    'tests:\n  - vars:\n      a: *a9\n',
  ].join('\n');
  const bombed = await parsePromptFile('promptfooconfig.yaml', bomb);
  assert.ok(bombed?.diagnostics.some((d) => d.code === 'too-complex' && d.severity === 'error'));

  const unclosed = await parsePromptFile('promptfooconfig.yaml', 'prompts:\n  - "{% for x in items %}Say {{x}}"\nproviders:\n  - openai:gpt-4o\n');
  assert.deepEqual(
    unclosed?.diagnostics.filter((d) => d.code === 'template-syntax').map((d) => [d.severity, d.line]),
    [['error', 2]],
  );

  const many = await parsePromptFile('promptfooconfig.yaml', `prompts:\n${'  - Hello\n'.repeat(MAX_PROMPTFOO_PROMPTS + 25)}providers:\n  - openai:gpt-4o\n`);
  assert.equal(many?.requests.length, MAX_PROMPTFOO_PROMPTS);
  const tooLarge = many?.diagnostics.find((d) => d.code === 'too-large');
  assert.match(tooLarge?.message ?? '', /^25 prompts are not priced/);
  assert.equal(tooLarge?.line, MAX_PROMPTFOO_PROMPTS + 2);
});

test('YAML and JSON nested past a counted limit are too-complex at the line, however deep (never a stack overflow)', async () => {
  const flow = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  // The config's own mapping is one level, so `tests:` may nest one less.
  const config = (depth: number) => `prompts:\n  - hi\nproviders:\n  - openai:gpt-4o\ntests: ${flow(depth - 1)}\n`;
  const codes = async (path: string, text: string) => (await parsePromptFile(path, text))?.diagnostics.map((d) => `${d.line} ${d.code}`);
  assert.deepEqual(await codes('promptfooconfig.yaml', config(MAX_YAML_NESTING)), []);
  for (const depth of [MAX_YAML_NESTING + 1, 3000, 100_000])
    assert.deepEqual(await codes('promptfooconfig.yaml', config(depth)), ['5 too-complex'], `depth ${depth}`);
  const deepConfig = await parsePromptFile('promptfooconfig.yaml', config(3000));
  assert.match(deepConfig?.diagnostics[0]?.message ?? '', /^The config nests more than 100 levels deep: it is not read/);

  // Block nesting by indentation and compact `- - -` lists count the same as brackets.
  const indented = Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x';
  // The root, extra's map, then k0's map on line 4...: the 101st level holds k99, on line 103.
  assert.deepEqual(await codes('a.prompty', `---\nmodel: gpt-4o\nextra:\n${indented.replace(/^/gm, '  ')}\n---\nuser:\nhi\n`), ['103 too-complex']);
  assert.deepEqual(await codes('a.prompty', `---\nmodel: gpt-4o\nx:\n  ${'- '.repeat(5000)}y\n---\nuser:\nhi\n`), ['4 too-complex']);
  assert.deepEqual(await codes('a.prompty', `---\nmodel: gpt-4o\nx:\n  ${'- '.repeat(MAX_YAML_NESTING - 1)}y\n---\nuser:\nhi\n`), []);
  // A frontmatter alias bomb is too-complex too, as in a promptfoo config.
  const bomb = `x0: &a0 [lol]\n${Array.from({ length: 9 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(',')}]`).join('\n')}`;
  assert.deepEqual(await codes('a.prompty', `---\n${bomb}\n---\nuser:\nhi\n`), ['2 too-complex']);

  // Dotprompt blocks: Handlebars' parser recurses per level, and 2,000 levels overflow the CLI's stack
  // but not a scan worker's, so the depth is counted before it is asked. The finding is at the deepest block.
  const blocks = (depth: number) => `---\nmodel: gpt-4o\n---\n${'{{#if a}}\n'.repeat(depth)}x\n${'{{/if}}'.repeat(depth)}\n`;
  assert.deepEqual(await codes('a.prompt', blocks(MAX_RENDER_DEPTH)), []);
  for (const depth of [MAX_RENDER_DEPTH + 1, 2000]) assert.deepEqual(await codes('a.prompt', blocks(depth)), [`${depth + 3} too-complex`], `depth ${depth}`);
  assert.match(
    (await parsePromptFile('a.prompt', blocks(2000)))?.diagnostics[0]?.message ?? '',
    /^Handlebars: blocks nest 2000 deep here, more than the 200 checked/,
  );

  const chat = (depth: number) => `{"messages": [{"role": "user", "content": "hi"}],\n"extra": ${flow(depth)}}`;
  assert.deepEqual(await codes('chat.json', chat(MAX_JSON_NESTING - 1)), []);
  assert.deepEqual(await codes('chat.json', chat(100_000)), ['2 too-complex']);
  const line = (depth: number) =>
    JSON.stringify({
      custom_id: 'a',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] },
    }).replace(/}$/, `, "x": ${flow(depth)}}`);
  const batch = await parsePromptFile('b.jsonl', `${line(3)}\n${line(100_000)}\n`);
  assert.deepEqual(
    batch?.diagnostics.map((d) => `${d.line} ${d.code}`),
    ['2 too-complex'],
  );
  assert.match(batch?.diagnostics[0]?.message ?? '', /^Line 2 is JSON nested more than 512 levels deep \(column \d+\): it is not read/);
});

test('scenarios: values out of range are errors that say the bound', () => {
  const { errors } = validateScenario({ conversationTurns: 100_000_000, outputTokens: 1e308, batchShare: Number.NaN, requestsPerDay: 1e15 });
  assert.deepEqual(
    errors.map((error) => error.field),
    ['conversationTurns', 'outputTokens', 'batchShare', 'requestsPerDay'],
  );
  assert.match(errors[0]?.message ?? '', /at most 10,000/);
  assert.deepEqual(validateScenario({ conversationTurns: 10_000 }).errors, []);
});

test('control characters from files are escaped for terminals, in text and in JSON', () => {
  const name = 'prompts/\u001b[31mred\nok    forged\u202e.txt\u0085';
  assert.equal(printable(name), 'prompts/\\x1b[31mred\\nok    forged\\u202e.txt\\x85');
  assert.equal(printable('plain — text, 你好 🙂'), 'plain — text, 你好 🙂');
  const data = { path: name, nested: [{ label: 'a\tb' }], count: 3 };
  assert.deepEqual(printableData(data), { path: printable(name), nested: [{ label: 'a\\tb' }], count: 3 });
  // Unchanged data is returned as is, not copied.
  const clean = { path: 'ok', list: [1, 2] };
  assert.equal(printableData(clean), clean);
  const json = printableJson(data);
  assert.doesNotMatch(json, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202e]/);
  assert.deepEqual(JSON.parse(json), data);
});

test('a cost that is not a finite number is shown as price unknown with the reason, and fails the gate', async () => {
  const { models } = parseLiteLlmPriceFile(
    JSON.stringify({ mine: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, litellm_provider: 'openai' } }),
    'p.json',
    {
      asOf: '2026-11-30',
    },
  );
  const pricing = models[0]!;
  // Past the price file's own bounds: what a bug, or prices from elsewhere, could still produce.
  const broken = { ...pricing, input: { perMTok: Number.POSITIVE_INFINITY, tiers: [] } };
  const prices = priceBookFromModels(
    [
      ['mine', broken],
      ['fine', { ...pricing, model: 'fine' }],
    ],
    { dataSource: 'test', asOf: '2026-11-30' },
  );
  const file = await parsePromptFile('prompts/a.txt', 'Hello there');
  const report = planReport([file!], {
    prices,
    scenario: { ...DEFAULT_SCENARIO, models: ['mine', 'fine'] },
    counters: { o200k_base: await loadCounter('o200k_base') },
    maxRequests: 20,
    batchShareChosen: false,
  });
  const plans = report.files[0]!.requests[0]!.comparison.plans;
  assert.deepEqual(
    plans.map((plan) => [plan.requestedAs, plan.known]),
    [
      ['mine', false],
      ['fine', true],
    ],
  );
  assert.match(plans[0]!.known ? '' : plans[0]!.reason, /not a finite number/);
  assert.ok(!JSON.stringify(report).includes('"known":true,"model":"mine"'));
  const { failures } = checkBudget(report, 1);
  assert.match(failures[0] ?? '', /price unknown for mine \(the cost is not a finite number/);
});

test('a price file with absurd, negative or non-finite prices and hostile keys: entries rejected with the reason', () => {
  const { models, problems } = parseLiteLlmPriceFile(
    // `__proto__` as a JSON key is a plain key to JSON.parse; written in an object literal it would not be.
    JSON.stringify({
      huge: { input_cost_per_token: 1e30, output_cost_per_token: 1e-6 },
      negative: { input_cost_per_token: -1, output_cost_per_token: 1e-6 },
      text: { input_cost_per_token: '0.000001', output_cost_per_token: 1e-6 },
      half: { input_cost_per_token: 1e-6 },
      constructor: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, litellm_provider: 'constructor' },
    }).replace(/}$/, ',"__proto__":{"input_cost_per_token":1e-6,"output_cost_per_token":2e-6}}'),
    'p.json',
    { asOf: '2026-11-30' },
  );
  assert.deepEqual(
    problems.map((problem) => problem.model),
    ['huge', 'negative', 'text', 'half'],
  );
  assert.match(problems[0]?.message ?? '', /surely a mistake/);
  assert.deepEqual(
    models.map((model) => [model.model, model.provider]),
    [
      ['constructor', 'constructor'],
      ['__proto__', 'custom'],
    ],
  );
});

test('restricted mode: no setting a workspace can set makes the extension read outside it, fetch, run anything or raise its limits', () => {
  type Setting = { scope?: string; type?: string | string[]; enum?: unknown };
  const settings = new Map(Object.entries(manifest.contributes.configuration.properties as Record<string, Setting>));
  const trust = manifest.capabilities.untrustedWorkspaces as { supported: string; restrictedConfigurations: string[] };
  assert.equal(trust.supported, 'limited');
  // A path on this machine, or a bound on how much work one file may cause: user or machine settings
  // only (a workspace's value is never read; src/vscode/settings.ts reads them with inspect().globalValue).
  for (const name of ['llmCost.priceFile', 'llmCost.maxFileSizeMB', 'llmCost.maxLineLength'])
    assert.ok(['machine', 'application'].includes(settings.get(name)?.scope ?? ''), `${name} must be machine or application scoped`);
  // Which workspace files are read as prompts, and what the Problems panel flags: the workspace's own
  // values are ignored until it is trusted.
  for (const name of ['llmCost.textPromptGlobs', 'llmCost.comparisonModels', 'llmCost.budgetPerRequest'])
    assert.ok(trust.restrictedConfigurations.includes(name), `${name} is restricted in untrusted workspaces`);
  // Every other setting is a number or an enum for the cost scenario or the display: reviewed here, so a
  // new setting fails this test until someone decides whether a workspace may set it.
  const reviewed = new Set([
    'llmCost.comparisonModels',
    'llmCost.outputTokens',
    'llmCost.requestsPerDay',
    'llmCost.activeUsers',
    'llmCost.requestsPerUserPerDay',
    'llmCost.pricePerUserPerMonth',
    'llmCost.budgetPerRequest',
    'llmCost.cacheTtl',
    'llmCost.largeFileThresholdKB',
    'llmCost.textPromptGlobs',
    'llmCost.priceFile',
    'llmCost.maxFileSizeMB',
    'llmCost.maxLineLength',
  ]);
  assert.deepEqual(
    [...settings.keys()].filter((name) => !reviewed.has(name)),
    [],
  );
  // What a workspace may set without being trusted: numbers, or a string from a fixed list; any free
  // text (a glob, a model name) is restricted until the workspace is trusted.
  for (const [name, setting] of settings) {
    if (['machine', 'application'].includes(setting.scope ?? '') || trust.restrictedConfigurations.includes(name)) continue;
    const types = [setting.type].flat();
    const harmless =
      types.every((type) => type === 'number' || type === 'integer' || type === 'null') || (types.includes('string') && Array.isArray(setting.enum));
    assert.ok(harmless, `${name}: a workspace can set it in restricted mode, so it must be a number or an enum`);
  }
});

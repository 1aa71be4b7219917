// `npm run bench`: how fast counting, hovering and scanning are, measured against the plain
// tokenizer libraries in the same run so every figure is also a ratio that survives a noisy machine.
// Not a test: nothing here asserts a time.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { tmpdir, cpus, totalmem, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { countTokens as gptTokenizerCount, clearMergeCache as gptTokenizerClearCache } from 'gpt-tokenizer/encoding/o200k_base';
import { getEncoding } from 'js-tiktoken';
import { get_encoding } from 'tiktoken';
import { inventoryOf, parsePromptFile, profileRequests, type Counters, type TokenCounter } from '../src/core';
import { loadCounter } from '../src/node/counters';
import type { ExactTokenCounter } from '../src/core/tokens/counter';
import { scanFolder } from '../src/node/scanFolder';
import { walkFiles } from '../src/node/walk';
import { scanInParallel } from '../src/node/parallelScan';
import { DEFAULT_SCENARIO } from '../src/core/cost';
import { mixedPromptText, worstCases, seededRandom } from './corpus';
import { firstCountScript, measureProcess, measureProcessesInTurn, type Figures, type ProcessFigures } from './processes';
import { writeWorkspaceCorpus } from './workspaceCorpus';
import { planForHover, planModelsCost, preparePricing, TEN_MODELS } from './pricingPath';

interface Measurement {
  median: number;
  min: number;
  max: number;
  runs: number;
  /** Median of the process's CPU time over the same runs: on a shared machine, a run can wait for a processor, which this leaves out. */
  cpuMedian?: number;
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

function measure(runs: number, body: () => void): Measurement {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const startCpu = cpuMs();
    const start = performance.now();
    body();
    times.push(performance.now() - start);
    cpuTimes.push(cpuMs() - startCpu);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], runs, cpuMedian: cpuTimes[Math.floor(cpuTimes.length / 2)] };
}

/** a/b by wall-clock medians, and by CPU-time medians. */
const ratios = (a: Measurement, b: Measurement) => `${(a.median / b.median).toFixed(2)}× (CPU time ${(a.cpuMedian! / b.cpuMedian!).toFixed(2)}×)`;

async function measureAsync(runs: number, body: () => Promise<void>): Promise<Measurement> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], runs };
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(3));
const spread = (m: Measurement) => `${ms(m.median)} ms (${ms(m.min)}–${ms(m.max)}, n=${m.runs})`;
const mbPerSecond = (bytes: number, m: Measurement) => (bytes / 1e6 / (m.median / 1000)).toFixed(1);
const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  };
  console.log(`LLM Cost Planner benchmark — ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}\n`);

  await preparePricing();
  // Loading the vocabulary is part of the first count; measured once.
  const start = performance.now();
  const o200k = (await loadCounter('o200k_base')) as ExactTokenCounter;
  const loadMs = performance.now() - start;
  const cl100k = (await loadCounter('cl100k_base')) as ExactTokenCounter;
  const jsTiktoken = getEncoding('o200k_base');
  const wasm = get_encoding('o200k_base');

  // 1. Throughput on 1 MB of mixed prompt text.
  const text = mixedPromptText(1_000_000);
  // `npm run bench -- --start-up`: only the fresh-process figures and the bundles (sections 5–6), for
  // a re-measure after a start-up change; written to bench/results/start-up.json, latest.json untouched.
  if (process.argv.includes('--start-up')) return startUpAndBundles(results, text, o200k, 'bench/results/start-up.json');
  const bytes = utf8Bytes(text);
  const expected = wasm.encode_ordinary(text).length;
  const check = (name: string, count: number) => {
    if (count !== expected) throw new Error(`${name} counted ${count} tokens, the reference ${expected}`);
  };
  check('ours', o200k.fresh().count(text));
  check('gpt-tokenizer', gptTokenizerCount(text));
  check('js-tiktoken', jsTiktoken.encode(text).length);
  const splitter = new RegExp((o200k as unknown as { pattern: RegExp }).pattern.source, 'gu');
  // "cold": every cache emptied before each run (text never seen); "warm": the same text again.
  const throughput = {
    ours: measure(7, () => void o200k.fresh().count(text)),
    oursWarm: measure(7, () => void o200k.count(text)),
    gptTokenizer: measure(7, () => {
      gptTokenizerClearCache();
      gptTokenizerCount(text);
    }),
    gptTokenizerWarm: measure(7, () => void gptTokenizerCount(text)),
    jsTiktoken: measure(5, () => void jsTiktoken.encode(text).length),
    tiktokenWasm: measure(5, () => void wasm.encode_ordinary(text).length),
    regexOnly: measure(7, () => {
      splitter.lastIndex = 0;
      while (splitter.exec(text) !== null);
    }),
  };
  results.throughput = { bytes, tokens: expected, vocabularyLoadMs: loadMs, ...throughput };
  console.log(`1. Counting 1 MB of mixed prompt text (${(bytes / 1e6).toFixed(2)} MB, ${expected.toLocaleString('en-US')} o200k tokens, all counts identical)`);
  console.log(
    table([
      ['', 'median time', 'MB/s', 'vs ours'],
      ...Object.entries(throughput).map(([name, m]) => [name, spread(m), mbPerSecond(bytes, m), `${(m.median / throughput.ours.median).toFixed(2)}×`]),
    ]),
  );
  console.log(`   ours, gptTokenizer: caches emptied before each run; …Warm: the same text again. Vocabulary load: ${ms(loadMs)} ms once.`);
  console.log(`   Target ≥ gpt-tokenizer: cold ${(throughput.gptTokenizer.median / throughput.ours.median).toFixed(2)}×, warm ${(throughput.gptTokenizerWarm.median / throughput.oursWarm.median).toFixed(1)}× its speed.`);
  console.log(`   Target ≤ 2× the pre-tokenizing regex alone: cold ${ratios(throughput.ours, throughput.regexOnly)}, warm ${ratios(throughput.oursWarm, throughput.regexOnly)}.`);
  const withoutCjk = text.replace(/[\u4e00-\u9fff。，！？]+/g, '');
  const withoutCjkOurs = measure(7, () => void o200k.fresh().count(withoutCjk));
  const withoutCjkRegex = measure(7, () => {
    splitter.lastIndex = 0;
    while (splitter.exec(withoutCjk) !== null);
  });
  results.throughputWithoutCjk = { bytes: utf8Bytes(withoutCjk), ours: withoutCjkOurs, regexOnly: withoutCjkRegex };
  console.log(`   The same text without its Chinese (${(utf8Bytes(withoutCjk) / 1e6).toFixed(2)} MB): cold ${mbPerSecond(utf8Bytes(withoutCjk), withoutCjkOurs)} MB/s, ${ratios(withoutCjkOurs, withoutCjkRegex)} the regex alone.\n`);

  // 2. Hover / keystroke: one-line edits to a 2 KB and a 20 KB prompt, recount and reprice.
  const counters: Counters = { o200k_base: o200k, cl100k_base: cl100k };
  const keystroke: Record<string, unknown> = {};
  console.log('2. Hover / status bar after a one-line edit (parse + count both encodings + price 10 models), 1,000 edits');
  const keystrokeRows = [['prompt', 'p50', 'p99', 'max']];
  for (const size of [2_000, 20_000]) {
    const next = seededRandom(size);
    const body = mixedPromptText(size, size).split('\n');
    const lines = [`---`, `model:`, `  api: chat`, `  configuration:`, `    azure_deployment: gpt-4o`, `---`, `system:`, ...body, `user:`, `{{question}}`];
    const times: number[] = [];
    // The first 200 edits warm the JIT and are not measured, as in an editor that has been open a while.
    for (let edit = -200; edit < 1_000; edit++) {
      const at = 7 + Math.floor(next() * body.length);
      lines[at] = `${lines[at]} ${['edit', 'word', 'more', 'x'][edit % 4]}`;
      const source = lines.join('\n');
      const begin = performance.now();
      const file = (await parsePromptFile('edited.prompty', source))!;
      const profiles = profileRequests(file, counters);
      planForHover(profiles[0]);
      if (edit >= 0) times.push(performance.now() - begin);
    }
    times.sort((a, b) => a - b);
    keystroke[`${size / 1000}KB`] = { p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] };
    keystrokeRows.push([`${size / 1000} KB`, `${ms(percentile(times, 50))} ms`, `${ms(percentile(times, 99))} ms`, `${ms(times[times.length - 1])} ms`]);
  }
  results.keystroke = keystroke;
  console.log(table(keystrokeRows));
  const oneModel = await planModelsCost(counters, 1);
  const tenModels = await planModelsCost(counters, 10);
  results.pricingModels = { oneModel, tenModels, ratio: tenModels.median / oneModel.median };
  console.log(`   Count + price one model: ${spread(oneModel)}; ten models: ${spread(tenModels)}: ${(tenModels.median / oneModel.median).toFixed(2)}× (target < 1.2×)\n`);

  // Counting a large file in steps, as the editor does: the longest step is the longest the event
  // loop is held.
  // Each step is timed by the wall clock and by the process's CPU time: on a shared machine a step
  // can wait for a processor, which the CPU time leaves out. The files are counted twice each.
  const stepRows = [['file', 'total (cold)', 'steps', 'longest step (wall)', 'longest step (CPU)', 'median step (wall)']];
  const steps: Record<string, unknown> = {};
  for (const { name, text: big } of [{ name: '1 MB of mixed prompt text', text }, ...worstCases(1_000_000)]) {
    let longest = 0;
    let longestCpu = 0;
    let totalMs = Infinity;
    let wallSteps: number[] = [];
    for (let run = 0; run < 2; run++) {
      const counter = o200k.fresh();
      const begin = performance.now();
      let last = begin;
      let lastCpu = cpuMs();
      wallSteps = [];
      for (const _ of counter.countInSteps(big)) {
        const now = performance.now();
        const nowCpu = cpuMs();
        wallSteps.push(now - last);
        longestCpu = Math.max(longestCpu, nowCpu - lastCpu);
        last = now;
        lastCpu = nowCpu;
      }
      longest = Math.max(longest, ...wallSteps);
      totalMs = Math.min(totalMs, last - begin);
    }
    wallSteps.sort((a, b) => a - b);
    const median = wallSteps[Math.floor(wallSteps.length / 2)];
    steps[name] = { totalMs, steps: wallSteps.length, longestStepMs: longest, longestStepCpuMs: longestCpu, medianStepMs: median };
    stepRows.push([name, `${ms(totalMs)} ms`, `${wallSteps.length}`, `${ms(longest)} ms`, `${ms(longestCpu)} ms`, `${ms(median)} ms`]);
  }
  results.countInSteps = steps;
  console.log('   Counting large files in steps (cold, default steps of 16,384 characters), as the editor will, so the event loop is never held long:');
  console.log(table(stepRows).replace(/^/gm, '   '));
  console.log('   Target: no step over 16 ms.\n');

  // 3. Workspace scan: 5,000 prompt files of 1–20 KB across the formats.
  const root = mkdtempSync(join(tmpdir(), 'llm-cost-bench-'));
  try {
    const corpus = writeWorkspaceCorpus(root, 5_000);
    const readOnly = await measureAsync(3, async () => {
      for await (const path of walkFiles(root)) readFileSync(join(root, path), 'utf8');
    });
    const heapBefore = process.memoryUsage().heapUsed;
    let files = 0;
    const scanSequential = await measureAsync(1, async () => {
      const fresh: Counters = { o200k_base: o200k.fresh(), cl100k_base: cl100k.fresh() };
      files = 0;
      await scanFolder(root, {
        onFile: (parsed) => {
          files++;
          inventoryOf(parsed, fresh);
          for (const profile of profileRequests(parsed, fresh)) planForHover(profile);
        },
      });
    });
    const heapAfter = process.memoryUsage().heapUsed;
    const scan = await measureAsync(3, async () => {
      const report = await scanInParallel(root, {
        workerScript: join(process.cwd(), 'dist/scanWorker.js'),
        pricing: { scenario: { ...DEFAULT_SCENARIO, models: [...TEN_MODELS] }, maxRequests: 1_000_000 },
      });
      if (report.files.length !== files) throw new Error(`parallel scan found ${report.files.length} files, sequential ${files}`);
    });
    // The same scan as a whole `llm-cost scan` process: its wall time and peak memory as the operating system counts them.
    const scanProcess = measureProcess([process.execPath, join(process.cwd(), 'dist/cli.js'), 'scan', root, '--format', 'json'], 3);
    results.workspaceScan = {
      ...corpus,
      recognised: files,
      walkAndRead: readOnly,
      scanSequential,
      scan,
      scanProcess,
      workers: availableParallelism(),
      heapGrowthSequentialMB: (heapAfter - heapBefore) / 1e6,
    };
    console.log(`3. Workspace scan: ${corpus.files.toLocaleString('en-US')} files, ${(corpus.bytes / 1e6).toFixed(1)} MB (walk, read, parse, count, price 10 models)`);
    console.log(
      table([
        ['', 'median time', 'files/s', 'MB/s'],
        ['walk + read only', spread(readOnly), (corpus.files / (readOnly.median / 1000)).toFixed(0), mbPerSecond(corpus.bytes, readOnly)],
        ['full scan, main thread only', spread(scanSequential), (corpus.files / (scanSequential.median / 1000)).toFixed(0), mbPerSecond(corpus.bytes, scanSequential)],
        [`full scan, ${availableParallelism()} worker threads`, spread(scan), (corpus.files / (scan.median / 1000)).toFixed(0), mbPerSecond(corpus.bytes, scan)],
        [
          '`llm-cost scan`, whole process',
          `${ms(scanProcess.wallMs.median)} ms (${ms(scanProcess.wallMs.min)}–${ms(scanProcess.wallMs.max)}, n=3)`,
          (corpus.files / (scanProcess.wallMs.median / 1000)).toFixed(0),
          (corpus.bytes / 1e6 / (scanProcess.wallMs.median / 1000)).toFixed(1),
        ],
      ]),
    );
    console.log(`   Peak memory of the \`llm-cost scan\` process: ${scanProcess.peakRssMB ? `${scanProcess.peakRssMB.median.toFixed(0)} MB` : 'n/a'}.`);
    console.log(`   ${files} of ${corpus.files} files recognised as prompts. Target: under 5 s.\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }

  // 4. Worst cases: one pre-tokenizer piece megabytes long.
  console.log('4. Worst cases (ours at full size; the libraries at two small sizes 4× apart, as they grow quadratically here)');
  const normalPerMB = throughput.ours.median / (bytes / 1e6);
  const worstRows = [['input', 'ours', 'vs 1 MB normal', 'gpt-tokenizer', 'js-tiktoken', 'tiktoken wasm']];
  const worst: Record<string, unknown> = {};
  for (const { name, text: worstText } of worstCases(1_000_000)) {
    const worstBytes = utf8Bytes(worstText);
    // The reference itself is quadratic here (and fails on a megabyte), so exactness is checked on
    // a 20 KB prefix; the tests check the same inputs at that size too.
    const prefix = sliceBytes(worstText, 20_000);
    if (o200k.fresh().count(prefix) !== wasm.encode_ordinary(prefix).length) throw new Error(`${name}: count differs from the reference`);
    const ours = measure(3, () => void o200k.fresh().count(worstText));
    // Each library at two sizes, 4× apart: a quadratic one takes about 16× as long at the second.
    const growth = (count: (t: string) => number, small: number) => {
      const first = measure(1, () => void count(sliceBytes(worstText, small)));
      const second = measure(1, () => void count(sliceBytes(worstText, small * 4)));
      return { sizes: [small, small * 4], ms: [first.median, second.median] };
    };
    const libraries = {
      gptTokenizer: growth((t) => gptTokenizerCount(t), 16_000),
      jsTiktoken: growth((t) => jsTiktoken.encode(t).length, 1_000),
      tiktokenWasm: growth((t) => wasm.encode_ordinary(t).length, 16_000),
    };
    const relative = ours.median / (normalPerMB * (worstBytes / 1e6));
    const relativeCpu = ours.cpuMedian! / ((throughput.ours.cpuMedian! / (bytes / 1e6)) * (worstBytes / 1e6));
    worst[name] = { bytes: worstBytes, ours, relativeToNormalPerMB: relative, relativeToNormalPerMBCpu: relativeCpu, libraries };
    const fmt = (g: { sizes: number[]; ms: number[] }) => `${g.sizes[0] / 1000}K: ${ms(g.ms[0])}, ${g.sizes[1] / 1000}K: ${ms(g.ms[1])} ms`;
    worstRows.push([name, `${ms(ours.median)} ms`, `${relative.toFixed(2)}× (CPU ${relativeCpu.toFixed(2)}×)`, fmt(libraries.gptTokenizer), fmt(libraries.jsTiktoken), fmt(libraries.tiktokenWasm)]);
  }
  results.worstCases = worst;
  console.log(table(worstRows));
  console.log('   "vs 1 MB normal": time per MB against mixed text (target ≤ 3×). Counts checked against tiktoken on a 20 KB prefix of each.\n');

  await startUpAndBundles(results, text, o200k, 'bench/results/latest.json');
}

/** Sections 5–6: fresh processes (the first count, the command-line tool) and the bundles' sizes; then the results are written. */
async function startUpAndBundles(results: Record<string, unknown>, text: string, o200k: TokenCounter, resultsFile: string): Promise<void> {
  // 5. Ready fast: fresh processes, from start to the first exact o200k count of a 2 KB prompt.
  const startup = measureFirstCounts(o200k);
  results.firstCount = startup;
  console.log('5. A fresh process, from start to its first exact o200k count of a 2 KB prompt (whole processes in turn, medians of 5)');
  console.log(
    table([
      ['', 'wall (process)', 'to first count', 'vs gpt-tokenizer', 'V8 heap at count', 'kept after GC', '+ typed arrays', 'peak RSS'],
      ...Object.entries(startup).map(([name, f]) => [
        name,
        `${ms(f.wallMs.median)} ms`,
        `${ms(f.reported.sinceStartMs.median)} ms`,
        `${f.wallRatioToFirst.median.toFixed(2)}× (${f.wallRatioToFirst.min.toFixed(2)}–${f.wallRatioToFirst.max.toFixed(2)})`,
        `${f.reported.heapAtCountMB.median.toFixed(1)} MB`,
        `${f.reported.heapKeptMB.median.toFixed(1)} MB`,
        `${f.reported.arrayBuffersKeptMB.median.toFixed(1)} MB`,
        f.peakRssMB ? `${f.peakRssMB.median.toFixed(0)} MB` : 'n/a',
      ]),
    ]),
  );
  const ours = startup.ours;
  const gpt = startup.gptTokenizer;
  console.log(
    `   Target ≤ 0.5× gpt-tokenizer's time: ${ours.wallRatioToFirst.median.toFixed(2)}× wall, ${(ours.reported.sinceStartMs.median / gpt.reported.sinceStartMs.median).toFixed(2)}× to the count. ` +
      `Target ≤ 1/3 of its heap: ${(ours.reported.heapAtCountMB.median / gpt.reported.heapAtCountMB.median).toFixed(2)}× at the count, ` +
      `${(ours.reported.heapKeptMB.median / gpt.reported.heapKeptMB.median).toFixed(2)}× kept, ` +
      `${((ours.reported.heapKeptMB.median + ours.reported.arrayBuffersKeptMB.median) / (gpt.reported.heapKeptMB.median + gpt.reported.arrayBuffersKeptMB.median)).toFixed(2)}× kept with typed arrays.`,
  );
  console.log(
    '   ours: the core bundle (out/bench/core.cjs, every format parser and template engine included), loaded as the command-line tool loads its bundle,\n' +
      '   with the V8 code cache the build wrote beside it (src/node/codeCache.ts), and the vocabulary file read with readFileSync.\n',
  );

  // 5b. The command-line tool as a whole process, beside a bare gpt-tokenizer process.
  const cli = measureCommandLine(text);
  results.commandLine = cli;
  console.log('5b. The command-line tool, whole processes (medians of 5; peak RSS from the operating system)');
  console.log(table([['command', 'wall', 'peak RSS'], ...Object.entries(cli).map(([name, f]) => [name, `${ms(f.wallMs.median)} ms (${ms(f.wallMs.min)}–${ms(f.wallMs.max)})`, f.peakRssMB ? `${f.peakRssMB.median.toFixed(0)} MB` : 'n/a'])]));
  console.log('   Targets: small runs under 150 ms and 100 MB; scan of 1 MB at most 1.0× the bare gpt-tokenizer process.\n');

  // 6. Bundle sizes.
  const bundles: Record<string, number> = {};
  for (const [name, path] of [
    ['command-line tool (dist/cli.main.js; dist/cli.js is its launcher)', 'dist/cli.main.js'],
    ['its V8 code cache, written by the build (dist/cli.main.js.v8cache)', 'dist/cli.main.js.v8cache'],
    ['scan worker (dist/scanWorker.js)', 'dist/scanWorker.js'],
    ['o200k_base vocabulary (dist/vocab/o200k_base.bin)', 'dist/vocab/o200k_base.bin'],
    ['cl100k_base vocabulary (dist/vocab/cl100k_base.bin)', 'dist/vocab/cl100k_base.bin'],
    ['core for the browser, no vocabulary inside (dist/core.browser.js)', 'dist/core.browser.js'],
  ]) {
    bundles[name] = statSync(path).size;
  }
  results.bundles = bundles;
  console.log('6. Bundle sizes');
  console.log(table([['bundle', 'bytes'], ...Object.entries(bundles).map(([name, size]) => [name, `${(size / 1e6).toFixed(2)} MB`])]));
  const minifiedCore = (await build({ entryPoints: ['src/core/index.ts'], bundle: true, platform: 'browser', format: 'esm', minify: true, write: false, logLevel: 'silent' })).outputFiles[0].contents;
  const o200kFile = readFileSync('dist/vocab/o200k_base.bin');
  const webDownload = {
    coreBytes: bundles['core for the browser, no vocabulary inside (dist/core.browser.js)'],
    coreMinifiedBytes: minifiedCore.length,
    o200kBytes: o200kFile.length,
    gzipped: gzipSync(minifiedCore).length + gzipSync(o200kFile).length,
  };
  results.webDownload = webDownload;
  console.log('   The Node bundles read a vocabulary file only on the first count in that encoding.');
  console.log(
    `   A web extension downloads before its first count: the core (${(webDownload.coreMinifiedBytes / 1e6).toFixed(2)} MB minified) and o200k_base.bin (${(webDownload.o200kBytes / 1e6).toFixed(2)} MB): ` +
      `${((webDownload.coreMinifiedBytes + webDownload.o200kBytes) / 1e6).toFixed(2)} MB, ${(webDownload.gzipped / 1e6).toFixed(2)} MB gzipped.`,
  );

  mkdirSync('bench/results', { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nResults written to ${resultsFile}`);
}

function sliceBytes(text: string, bytes: number): string {
  let out = '';
  let size = 0;
  for (const char of text) {
    size += utf8Bytes(char);
    if (size > bytes) break;
    out += char;
  }
  return out;
}

/** Ours and the three libraries, each a fresh process making its first count of the same 2 KB prompt. */
function measureFirstCounts(reference: TokenCounter): Record<string, ProcessFigures & { wallRatioToFirst: Figures }> {
  const scratch = mkdtempSync(join(tmpdir(), 'llm-cost-bench-first-'));
  try {
    const sample = mixedPromptText(2_000, 7);
    const samplePath = join(scratch, 'sample.txt');
    writeFileSync(samplePath, sample);
    const expected = reference.count(sample);
    const here = (path: string) => JSON.stringify(join(process.cwd(), path));
    const library = (name: string) => JSON.stringify(require.resolve(name));
    const scripts = {
      gptTokenizer: firstCountScript(`const { countTokens } = require(${library('gpt-tokenizer/encoding/o200k_base')});`, 'countTokens(sample)', samplePath),
      ours: firstCountScript(
        // As the command-line tool loads its bundle: with the V8 code cache the build wrote beside it.
        `const core = require(${here('out/build/codeCache.cjs')}).requireBundle(${here('out/bench/core.cjs')}).exports; const counter = core.tokenCounterFromVocabulary('o200k_base', require('node:fs').readFileSync(${here('out/bench/vocab/o200k_base.bin')}));`,
        'counter.count(sample)',
        samplePath,
      ),
      jsTiktoken: firstCountScript(`const encoding = require(${library('js-tiktoken')}).getEncoding('o200k_base');`, 'encoding.encode(sample).length', samplePath),
      tiktokenWasm: firstCountScript(`const encoding = require(${library('tiktoken')}).get_encoding('o200k_base');`, 'encoding.encode_ordinary(sample).length', samplePath),
    };
    // No V8 flags (`--expose-gc` would make V8 reject any code cache): the script turns garbage
    // collection on after its count.
    // The code cache must fit, or this measures a compile the command-line tool does not do.
    const cacheUse = execFileSync(process.execPath, ['-e', `console.log(require(${here('out/build/codeCache.cjs')}).requireBundle(${here('out/bench/core.cjs')}).cache)`], {
      encoding: 'utf8',
    }).trim();
    if (cacheUse !== 'used') throw new Error(`The core bundle's code cache was not used (${cacheUse}): run the build again.`);
    const commands = Object.fromEntries(Object.entries(scripts).map(([name, script]) => [name, [process.execPath, '-e', script]]));
    const result = measureProcessesInTurn(commands, 5);
    for (const [name, f] of Object.entries(result)) {
      if (f.reported.tokens?.median !== expected) throw new Error(`${name} counted ${f.reported.tokens?.median} tokens in its first count, the reference ${expected}`);
    }
    return result;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `llm-cost scan` and `plan` on small folders and on 1 MB of prompt text, and a bare gpt-tokenizer process counting the same megabyte. */
function measureCommandLine(megabyte: string): Record<string, ProcessFigures> {
  const scratch = mkdtempSync(join(tmpdir(), 'llm-cost-bench-cli-'));
  try {
    const tiny = join(scratch, 'tiny', 'prompts');
    mkdirSync(tiny, { recursive: true });
    writeFileSync(join(tiny, 'hello.txt'), 'Hello');
    const big = join(scratch, 'big', 'prompts');
    mkdirSync(big, { recursive: true });
    writeFileSync(join(big, 'mixed.txt'), megabyte);
    // A folder of a few prompt files, as a small project has: the example Prompty and Copilot prompt.
    const few = join(scratch, 'few');
    mkdirSync(few);
    for (const example of ['support-bot/support-agent.prompty', '.github/prompts/write-release-notes.prompt.md'])
      copyFileSync(join(process.cwd(), 'examples', example), join(few, example.slice(example.lastIndexOf('/') + 1)));
    const cli = join(process.cwd(), 'dist/cli.js');
    const gpt = JSON.stringify(require.resolve('gpt-tokenizer/encoding/o200k_base'));
    return {
      'llm-cost scan (one 5-byte prompt)': measureProcess([process.execPath, cli, 'scan', join(scratch, 'tiny')]),
      'llm-cost scan (two prompt files)': measureProcess([process.execPath, cli, 'scan', few]),
      'llm-cost plan (two prompt files)': measureProcess([process.execPath, cli, 'plan', few]),
      'llm-cost plan examples': measureProcess([process.execPath, cli, 'plan', join(process.cwd(), 'examples')]),
      'llm-cost scan (1 MB of mixed prompt text)': measureProcess([process.execPath, cli, 'scan', join(scratch, 'big')]),
      'bare gpt-tokenizer process counting the same 1 MB': measureProcess([
        process.execPath,
        '-e',
        `console.log(require(${gpt}).countTokens(require('node:fs').readFileSync(${JSON.stringify(join(big, 'mixed.txt'))}, 'utf8')))`,
      ]),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

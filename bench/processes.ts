// Whole-process figures: a fresh `node` per run, timed from outside (wall clock around the child)
// and its peak memory from the operating system (`/usr/bin/time -f %M`, the child's maximum resident
// set). Two commands are run in turn, A B A B …, and their ratio taken pair by pair, so that a
// comparison holds while a shared machine's speed drifts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const TIME = '/usr/bin/time';

export interface Figures {
  median: number;
  min: number;
  max: number;
}

export interface ProcessFigures {
  runs: number;
  wallMs: Figures;
  /** Peak resident memory of the process, MB; null when /usr/bin/time is missing. */
  peakRssMB: Figures | null;
  /** What the child printed as JSON on its last line (figures it measured itself), by run. */
  reported: Record<string, Figures>;
}

function figures(values: number[]): Figures {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

interface Run {
  wallMs: number;
  peakRssMB: number | null;
  reported: Record<string, number>;
}

function runOnce(command: readonly string[], cwd: string): Run {
  const scratch = mkdtempSync(join(tmpdir(), 'llm-cost-bench-time-'));
  const timeFile = join(scratch, 'time');
  try {
    const withTime = existsSync(TIME);
    const [file, ...args] = withTime ? [TIME, '-f', '%M', '-o', timeFile, ...command] : command;
    const begin = performance.now();
    const child = spawnSync(file, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wallMs = performance.now() - begin;
    if (child.status !== 0 && child.status !== 1) throw new Error(`${command.join(' ')} exited with ${child.status}: ${child.stderr}`);
    const lastLine = child.stdout.trim().split('\n').pop() ?? '';
    const reported = lastLine.startsWith('{') ? (JSON.parse(lastLine) as Record<string, number>) : {};
    const peakRssMB = withTime ? (Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) * 1024) / 1e6 : null;
    return { wallMs, peakRssMB, reported };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function summarise(runs: Run[]): ProcessFigures {
  const keys = new Set(runs.flatMap((run) => Object.keys(run.reported)));
  const reported: Record<string, Figures> = {};
  for (const key of keys) {
    const values = runs.map((run) => run.reported[key]).filter((value) => typeof value === 'number');
    if (values.length > 0) reported[key] = figures(values);
  }
  const rss = runs.map((run) => run.peakRssMB).filter((value): value is number => value !== null);
  return { runs: runs.length, wallMs: figures(runs.map((run) => run.wallMs)), peakRssMB: rss.length > 0 ? figures(rss) : null, reported };
}

/** One command, `runs` times after a warm-up run. */
export function measureProcess(command: readonly string[], runs = 5, cwd = process.cwd()): ProcessFigures {
  runOnce(command, cwd);
  return summarise(Array.from({ length: runs }, () => runOnce(command, cwd)));
}

/** Several commands in turn (A B C A B C …) after a warm-up of each, with each one's wall time as a ratio to the first's, pair by pair. */
export function measureProcessesInTurn(
  commands: Record<string, readonly string[]>,
  runs = 5,
  cwd = process.cwd(),
): Record<string, ProcessFigures & { wallRatioToFirst: Figures }> {
  const names = Object.keys(commands);
  for (const name of names) runOnce(commands[name], cwd);
  const byName = new Map<string, Run[]>(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i++) for (const name of names) byName.get(name)!.push(runOnce(commands[name], cwd));
  const first = byName.get(names[0])!;
  const result: Record<string, ProcessFigures & { wallRatioToFirst: Figures }> = {};
  for (const name of names) {
    const own = byName.get(name)!;
    result[name] = { ...summarise(own), wallRatioToFirst: figures(own.map((run, i) => run.wallMs / first[i].wallMs)) };
  }
  return result;
}

/**
 * A script for `node -e` that loads a tokenizer, makes its first count of `sample`, and prints as
 * JSON: the count, the time from the process's start to that count, and the heap right after it
 * and after a full garbage collection (what stays), V8's heap and the typed arrays' memory apart.
 */
export function firstCountScript(setup: string, count: string, samplePath: string): string {
  return `
    const { performance } = require('node:perf_hooks');
    const sample = require('node:fs').readFileSync(${JSON.stringify(samplePath)}, 'utf8');
    ${setup}
    const tokens = ${count};
    const sinceStartMs = performance.now();
    const at = process.memoryUsage();
    require('node:v8').setFlagsFromString('--expose-gc');
    require('node:vm').runInNewContext('gc')();
    const kept = process.memoryUsage();
    console.log(JSON.stringify({
      tokens,
      sinceStartMs,
      heapAtCountMB: at.heapUsed / 1e6,
      arrayBuffersAtCountMB: at.arrayBuffers / 1e6,
      heapKeptMB: kept.heapUsed / 1e6,
      arrayBuffersKeptMB: kept.arrayBuffers / 1e6,
    }));`;
}

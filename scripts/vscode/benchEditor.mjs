// `npm run bench:editor`: the editor's speed and memory figures, measured by the extension itself in a
// real VS Code (code-server, the offline VS Code), in the Node and the web worker extension hosts.
// Each run is a fresh server and a cold window opened on an empty folder: test/vscode/bench.ts measures
// the host's memory, copies examples/ in, activates the extension, opens a 20 KB prompt at once (the
// cold first figure), another once the vocabulary and prices are loaded, hovers 1,000 times after an
// edit, scans the workspace and opens the planner, and measures the memory again. Not a test: nothing
// asserts a time. BENCH_EDITOR_RUNS (default 3) runs per host; results in bench/results/editor.json.
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installOfflineVscode } from './install.mjs';
import { REPO } from './offlineVscode.mjs';
import { startCodeServer, runTestsInWorkbench } from './server.mjs';
import { prepareWorkspace, variedLines } from './testWorkspace.mjs';

const RUNS = Number(process.env.BENCH_EDITOR_RUNS ?? 3);
const HOSTS = process.argv.slice(2).length ? process.argv.slice(2) : ['node', 'web'];
const RUN_TIMEOUT_MS = 240_000;

const STAGING = join(REPO, 'out', 'vscode-bench');
const EXTENSION = join(STAGING, 'extension');

/**
 * The extension as built, but activated only when bench.ts asks (its package.json without activation
 * events), so the host's memory can be measured before it; and examples/ with the suite's 20 KB
 * prompt and a second one of lines that all differ, for bench.ts to copy into the empty workspace.
 */
function stage() {
  rmSync(STAGING, { recursive: true, force: true });
  mkdirSync(EXTENSION, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  writeFileSync(join(EXTENSION, 'package.json'), JSON.stringify({ ...manifest, activationEvents: [] }, null, 2));
  symlinkSync(join(REPO, 'dist'), join(EXTENSION, 'dist'));
  const { workspace } = prepareWorkspace(STAGING, { expected: false });
  // examples/ and the two 20 KB prompts only: the suite's other cases (a 300 KB prompt, one over the
  // context window) would start the big-file worker and weigh on the memory figure.
  for (const name of readdirSync(join(workspace, 'cases'))) if (name !== 'large-20kb.prompty') rmSync(join(workspace, 'cases', name));
  const prompty = `---\nname: Varied\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\n---\nsystem:\n${variedLines(105)}\n\nuser:\n{{question}}\n`;
  writeFileSync(join(workspace, 'cases', 'large-20kb-varied.prompty'), prompty);
}

async function runOnce(host) {
  const runDir = join(REPO, '.cache', 'vscode-run', `bench-${host}`);
  const workspace = join(runDir, 'empty-workspace');
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  const server = await startCodeServer({ runDir, workspace, host, smokeTestDriver: true });
  try {
    let result = null;
    const code = await runTestsInWorkbench(server, workspace, {
      extensionPath: host === 'web' ? REPO : EXTENSION,
      testsPath: join(REPO, 'out', 'vscode-test', `bench-${host}`, 'index.js'),
      timeoutMs: RUN_TIMEOUT_MS,
      onConsole: (text) => {
        const mark = text.indexOf('[llm-cost-bench] ');
        if (mark !== -1) result = JSON.parse(text.slice(mark + 17));
        if (text.includes('[llm-cost-bench-failed] ')) console.error(text.slice(text.indexOf('[llm-cost-bench-failed] ')));
      },
    });
    if (code !== 0 || !result) throw new Error(`the ${host} host measurement failed (${code === 'timeout' ? 'timed out' : `exit code ${code}`})`);
    return result;
  } catch (error) {
    console.error(`--- code-server log (last lines) ---\n${server.logTail()}\n---`);
    throw error;
  } finally {
    await server.stop();
  }
}

const median = (values) => {
  const sorted = values.filter((value) => typeof value === 'number').sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
};
const range = (values) => {
  const known = values.filter((value) => typeof value === 'number');
  return known.length ? `${Math.min(...known).toFixed(1)}–${Math.max(...known).toFixed(1)}` : '-';
};
const ms = (values) => (median(values) === null ? '-' : `${median(values).toFixed(1)} ms (${range(values)})`);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

installOfflineVscode();
stage();
const results = {};
for (const host of HOSTS) {
  results[host] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await runOnce(host);
    results[host].push(result);
    console.log(`${host} run ${run + 1}: first figure ${result.cold.firstFigure?.toFixed(1)} ms cold, ${result.warm.firstFigure?.toFixed(1)} ms warm`);
  }
}

console.log(`\nEditor figures (medians of ${RUNS} cold windows, range in brackets; targets from issue 12):`);
for (const host of HOSTS) {
  const list = results[host];
  const pick = (path) => list.map((result) => path.split('.').reduce((value, key) => value?.[key], result));
  const active = list.filter((result) => result.wasActive).length;
  console.log(
    `\n${host} extension host${active ? ` (already active when the measurement began in ${active} of ${list.length} runs: "at activation" is then after it)` : ''}`,
  );
  console.log(`  activate() (target < 20 ms)                                  ${ms(pick('activationMs'))}`);
  console.log(`  first figure, 20 KB prompt opened at activation (< 150 ms)   ${ms(pick('cold.firstFigure'))}`);
  console.log(`    from its editor becoming active                            ${ms(pick('cold.firstFigureFromActive'))}`);
  console.log(`    its analysis ready after (from onDidOpenTextDocument)        ${ms(pick('cold.firstAnalysis'))}`);
  console.log(
    `    of which: settings ${ms(pick('cold.analysis:settings'))}, parse ${ms(pick('cold.analysis:parse'))}, waiting for vocabulary and prices ${ms(pick('cold.analysis:loads'))}, pricing ${ms(pick('cold.priceRequests'))}`,
  );
  console.log(`  first figure, 20 KB prompt opened after the warm-up           ${ms(pick('warm.firstFigure'))}`);
  console.log(`    its analysis ready after (from onDidOpenTextDocument)        ${ms(pick('warm.firstAnalysis'))}`);
  console.log(`    from its editor becoming active                            ${ms(pick('warm.firstFigureFromActive'))}`);
  console.log(`  warm-up loads: o200k vocabulary ${ms(pick('loads.o200k'))}, prices ${ms(pick('loads.prices'))}`);
  console.log(`  hover after an edit (target p99 < 5 ms)                      p50 ${ms(pick('hover.p50'))}, p99 ${ms(pick('hover.p99'))}`);
  const memory = list.filter((result) => result.memory.before && result.memory.after);
  if (memory.length) {
    const rss = memory.map((result) => result.memory.after.rss - result.memory.before.rss);
    const heap = memory.map((result) => result.memory.after.heapUsed - result.memory.before.heapUsed);
    const external = memory.map((result) => result.memory.after.external - result.memory.before.external);
    const step = (from, to) => mb(median(memory.map((result) => result.memory[to].rss - result.memory[from].rss)));
    console.log(
      `  host RSS added by step: activation, warm-up and two 20 KB prompts +${step('before', 'opened')}, the scan +${step('opened', 'scanned')}, the planner +${step('scanned', 'after')}`,
    );
    console.log(
      `  host memory added (examples scanned, planner open; ${memory[0].scannedFiles} files): RSS +${mb(median(rss))} (${rss.map(mb).join(', ')}), V8 heap +${mb(median(heap))}, external +${mb(median(external))}; host RSS before ${mb(median(memory.map((result) => result.memory.before.rss)))}`,
    );
  } else console.log('  host memory: not measurable in this host (a web worker has no process memory figure)');
}
mkdirSync(join(REPO, 'bench', 'results'), { recursive: true });
writeFileSync(join(REPO, 'bench', 'results', 'editor.json'), JSON.stringify({ measuredAt: new Date().toISOString(), runs: RUNS, results }, null, 2) + '\n');
console.log('\nAll figures: bench/results/editor.json');

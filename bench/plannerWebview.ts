// How long a control change takes in the planner webview, in Debian's Chromium: reducer, cost model,
// table and the four charts (performance.now around them, recorded by the webview), with 10 models
// on a 20 KB prompt and on the whole examples workspace. Prints a table and writes
// bench/results/planner-webview.json. Not a test: figures, no thresholds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateScenario } from '../src/core/cost';
import { loadPlannerData } from '../src/node/plannerData';
import { ROOT, initPlanner, startHarness } from '../test/webview/harness';

const TEN_MODELS = ['gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'o4-mini', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'gemini-2.5-pro', 'gemini-2.5-flash', 'mistral/mistral-large-latest'];
const CHANGES = 30;

/** A realistic 20 KB prompt: sections, rules, examples, markdown, a few variables. */
function twentyKilobytePrompt(): string {
  const lines = ['---', 'name: big', 'model:', '  api: chat', '  configuration:', '    type: openai', '    name: gpt-4o', '---', 'system:', '# Support assistant', ''];
  let section = 0;
  while (lines.join('\n').length < 20_000) {
    section++;
    lines.push(`## Policy ${section}`, '', `**Rule ${section}.** When a customer asks about plan ${section}, explain the   billing cycle, the refund window of ${section * 3} days and the upgrade path.`, `- Never promise a discount above ${section}%.`, `- Quote the help-centre article HC-${1000 + section} when relevant.`, '', `Example ${section}:`, `Customer: I was charged twice for plan ${section}.`, `Assistant: I am sorry about that. I have opened ticket ${section * 7} and the duplicate charge will be refunded within ${section} business days.`, '');
  }
  lines.push('user:', '{{question}}', '');
  return lines.join('\n');
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: Math.round(at(0.5) * 10) / 10, p90: Math.round(at(0.9) * 10) / 10, max: Math.round(sorted[sorted.length - 1] * 10) / 10 };
}

async function main() {
  const folder = mkdtempSync(join(tmpdir(), 'planner-bench-'));
  const harness = await startHarness();
  const results: Record<string, unknown> = {};
  try {
    const file = join(folder, 'big.prompty');
    writeFileSync(file, twentyKilobytePrompt());
    const scenario = validateScenario({ models: TEN_MODELS, requestsPerDay: 20000 }).scenario;
    const cases = [
      { name: '20 KB prompt, 10 models', data: await loadPlannerData(file, { target: { kind: 'file', uri: `file://${file}` }, title: 'big.prompty', scenario }) },
      { name: 'examples workspace, 10 models', data: await loadPlannerData(join(ROOT, 'examples'), { target: { kind: 'workspace' }, title: 'examples', scenario }) },
    ];
    for (const { name, data } of cases) {
      const page = await harness.open({ width: 1400, height: 1000 });
      await initPlanner(page, { t: 'init', data, scenario });
      const field = page.getByLabel('Batch share (%)');
      // One change at a time, each after the previous one's charts are drawn.
      for (let i = 0; i < CHANGES; i++) {
        await field.fill(String((i % 10) * 10 + 5));
        await page.waitForFunction(`window.plannerTimings.filter((t) => t.action === 'setField' && t.chartsMs !== null).length === ${i + 1}`);
      }
      const timings = ((await page.evaluate('window.plannerTimings')) as { action: string; tableMs: number; chartsMs: number; totalMs: number }[]).filter((t) => t.action === 'setField');
      const bytes = JSON.stringify(data).length;
      results[name] = {
        prompts: data.prompts.length,
        rows: (await page.evaluate(`document.querySelectorAll('main table.comparison')[0].querySelectorAll('tbody tr').length`)) as number,
        initMessageBytes: bytes,
        changes: timings.length,
        tableMs: summary(timings.map((t) => t.tableMs)),
        chartsMs: summary(timings.map((t) => t.chartsMs)),
        totalMs: summary(timings.map((t) => t.totalMs)),
      };
      await page.close();
    }
  } finally {
    await harness.close();
    rmSync(folder, { recursive: true, force: true });
  }
  console.log('Planner webview: a control change (reducer + cost model + table | + four charts), Chromium', JSON.stringify(results, null, 2));
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'planner-webview.json'), JSON.stringify({ at: new Date().toISOString(), results }, null, 2) + '\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

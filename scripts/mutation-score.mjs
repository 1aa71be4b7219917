// The mutation score of every file Stryker has results for (`test/mutation/stryker-incremental.json`,
// which keeps each file's last run), and the score over all of them: `npm run mutate:score`.
// `--survivors` lists each surviving mutant with its line, to kill with a test or list in
// test/mutation/equivalent-mutants.md. Runs with --mutate on a few files add up here.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync('test/mutation/stryker-incremental.json', 'utf8'));
const showSurvivors = process.argv.includes('--survivors');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

// Stryker's own definition: detected (killed, timed out) over valid mutants (compile and runtime
// errors and ignored mutants left out); mutants no test reaches count as undetected.
const DETECTED = new Set(['Killed', 'Timeout']);
const INVALID = new Set(['CompileError', 'RuntimeError', 'Ignored']);

let detected = 0;
let valid = 0;
const rows = [];
for (const [file, { mutants, source }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  if (only.length && !only.some((part) => file.includes(part))) continue;
  const counted = mutants.filter((m) => !INVALID.has(m.status));
  const caught = counted.filter((m) => DETECTED.has(m.status)).length;
  detected += caught;
  valid += counted.length;
  rows.push(`${file.padEnd(40)} ${String(caught).padStart(5)} / ${String(counted.length).padEnd(5)} ${percent(caught, counted.length)}`);
  if (showSurvivors) {
    const lines = source.split('\n');
    for (const m of counted.filter((m) => !DETECTED.has(m.status)).sort((a, b) => a.location.start.line - b.location.start.line)) {
      const { line, column } = m.location.start;
      rows.push(`    ${m.status} ${line}:${column} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? '')}   | ${lines[line - 1]?.trim().slice(0, 100)}`);
    }
  }
}
console.log(rows.join('\n'));
console.log(`${'All files with results'.padEnd(40)} ${String(detected).padStart(5)} / ${String(valid).padEnd(5)} ${percent(detected, valid)}`);

function percent(part, whole) {
  return whole ? `${((100 * part) / whole).toFixed(1)}%` : '-';
}

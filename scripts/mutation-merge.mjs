// `node scripts/mutation-merge.mjs RUN.json FILE…`: takes the results for FILE… (source paths, e.g.
// src/core/cost/plan.ts) from another Stryker run's incremental file into the project's
// (test/mutation/stryker-incremental.json). For runs made in parallel, each with its own
// `--incrementalFile` (two Stryker processes must never share one), on the same source and tests.
//
// Test ids are numbered per run, so the merged mutants' `coveredBy`/`killedBy` are rewritten to the
// project file's ids, matched by test name (the tap runner names a test by its file). Each merged
// file keeps the source its run was made on, so the next incremental run re-tests what changed.
// With `--overlay`, only the mutants the run has (a `--mutate file.ts:10-20` run) replace theirs,
// matched by place, mutator and replacement; the others keep their results. `--kills`: see below.
import { readFileSync, writeFileSync } from 'node:fs';

const PROJECT = 'test/mutation/stryker-incremental.json';
const args = process.argv.slice(2);
const overlay = args.includes('--overlay') || args.includes('--kills');
// `--kills`: an overlay of only the mutants the run detected (a run with a subset of the tests, such as
// one new test file: what it did not reach keeps the project's result).
const killsOnly = args.includes('--kills');
const [runPath, ...files] = args.filter((arg) => !arg.startsWith('--'));
if (!runPath || files.length === 0) {
  console.error('usage: node scripts/mutation-merge.mjs [--overlay | --kills] RUN.json src/core/…/file.ts …');
  process.exit(2);
}

const project = JSON.parse(readFileSync(PROJECT, 'utf8'));
project.testFiles ??= {};
const run = JSON.parse(readFileSync(runPath, 'utf8'));

// name → id in the project's file; new names get new ids.
const idOfName = new Map();
let nextId = 0;
for (const { tests } of Object.values(project.testFiles)) {
  for (const test of tests) {
    idOfName.set(test.name, test.id);
    nextId = Math.max(nextId, Number(test.id) + 1);
  }
}
const nameOfRunId = new Map();
for (const [file, entry] of Object.entries(run.testFiles ?? {})) {
  for (const test of entry.tests) {
    nameOfRunId.set(test.id, test.name);
    if (!idOfName.has(test.name)) {
      const id = String(nextId++);
      idOfName.set(test.name, id);
      project.testFiles[file] ??= { ...entry, tests: [] };
      project.testFiles[file].tests.push({ ...test, id });
    }
  }
}
const projectId = (runId) => idOfName.get(nameOfRunId.get(runId));
// Mutant ids are numbered per run too: merged mutants get ids no other file uses.
let nextMutantId = 1 + Math.max(0, ...Object.values(project.files).flatMap((f) => f.mutants.map((m) => Number(m.id) || 0)));
const remap = (mutant) => ({
  ...mutant,
  id: String(nextMutantId++),
  ...(mutant.coveredBy ? { coveredBy: mutant.coveredBy.map(projectId).filter(Boolean) } : {}),
  ...(mutant.killedBy ? { killedBy: mutant.killedBy.map(projectId).filter(Boolean) } : {}),
});
const key = (m) =>
  `${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column} ${m.mutatorName} ${m.replacement ?? ''}`;

for (const file of files) {
  const incoming = run.files[file];
  if (!incoming) throw new Error(`${runPath} has no results for ${file}`);
  // Kept with the source it was made on, as Stryker keeps it: its next incremental run re-tests what changed since.
  if (incoming.source !== readFileSync(file, 'utf8')) console.warn(`${file}: ${runPath} was made on other source than the file has now`);
  const current = project.files[file];
  if (overlay && current && current.source !== incoming.source) throw new Error(`${file}: the project's results are for other source; merge a whole run first`);
  if (!overlay || !current) {
    project.files[file] = { ...incoming, mutants: incoming.mutants.map(remap) };
  } else {
    const taken = killsOnly ? incoming.mutants.filter((m) => m.status === 'Killed' || m.status === 'Timeout') : incoming.mutants;
    const replaced = new Map(taken.map((m) => [key(m), remap(m)]));
    project.files[file] = { ...current, mutants: current.mutants.map((m) => (replaced.has(key(m)) ? { ...replaced.get(key(m)), id: m.id } : m)) };
  }
  const counts = {};
  for (const m of project.files[file].mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  console.log(`${file}: ${JSON.stringify(counts)}`);
}
writeFileSync(PROJECT, JSON.stringify(project));

// What the planner writes: the scenario file `llm-cost plan --scenario` reads, and the table as
// Markdown, CSV or JSON: the command-line tool's own report and formatters, so a file exported from
// the editor reads like the CLI's.
import { planReportAsCsv, planReportAsMarkdown } from '../report/planText';
import type { Scenario } from '../cost/scenario';
import { evaluate, planReportOf, type Evaluation, type PreparedPlanner } from './evaluate';
import type { PlannerState } from './state';

export function exportMarkdown(prepared: PreparedPlanner, evaluation: Evaluation): string {
  return planReportAsMarkdown(planReportOf(prepared, evaluation)) + '\n';
}

export function exportJson(prepared: PreparedPlanner, evaluation: Evaluation): string {
  return JSON.stringify(planReportOf(prepared, evaluation), null, 2) + '\n';
}

export function exportCsv(prepared: PreparedPlanner, evaluation: Evaluation): string {
  return planReportAsCsv(planReportOf(prepared, evaluation));
}

/**
 * The controls as a scenario file. Ticked shortening edits become the share they save (traffic-
 * weighted over the prompts in scope), since the scenario format carries a share.
 */
export function scenarioToSave(prepared: PreparedPlanner, state: PlannerState): Scenario {
  const scenario: Scenario = { ...state.controls };
  if (state.shortenFrom === 'edits') {
    const evaluation = evaluate(prepared, state);
    const share = evaluation.prompts.reduce((sum, p) => sum + p.scenario.shorten * p.share, 0);
    scenario.shorten = Math.round(share * 10_000) / 10_000;
  }
  return scenario;
}

/** Only the fields that differ from the defaults, so the file says what was chosen. */
export function scenarioFileText(scenario: Scenario, defaults: Scenario): string {
  const chosen: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(scenario)) if (JSON.stringify(value) !== JSON.stringify(defaults[key as keyof Scenario])) chosen[key] = value;
  return JSON.stringify(chosen, null, 2) + '\n';
}

// Every command the extension contributes, in one place: package.json lists the same ids (a test
// checks they agree), and hovers may only link to ids from this map.
export const COMMANDS = {
  scanWorkspace: 'llmCost.scanWorkspace',
  chooseModel: 'llmCost.chooseModel',
  openPlanner: 'llmCost.openPlanner',
  copyReportMarkdown: 'llmCost.copyReportMarkdown',
  exportReport: 'llmCost.exportReport',
  refreshPrices: 'llmCost.refreshPrices',
  sortByCost: 'llmCost.sortByCost',
  sortByName: 'llmCost.sortByName',
} as const;

/**
 * Commands only the integration suite and `npm run bench:editor` call: not contributed (not in the
 * palette, no keybinding), and none reads a file, contacts a URL or runs anything.
 */
export const TEST_COMMANDS = {
  /** Starts keeping the extension's own timings (`Timings`), for the speed figures. */
  recordTimings: 'llmCost.test.recordTimings',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const VIEW_ID = 'llmCost.promptCosts';
export const EXTENSION_ID = 'llm-cost-planner.llm-cost-planner';
export const SETTINGS_SECTION = 'llmCost';
/** Where the team's scenario lives in a workspace: the same file `llm-cost plan --scenario` is given in CI. */
export const SCENARIO_FILE = '.llm-cost/scenario.json';

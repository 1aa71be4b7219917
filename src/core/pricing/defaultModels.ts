// Kept apart from the catalogue module so the cost model (and the planner webview that runs it) can
// name the default comparison without pulling in the 815 KB price catalogue package.

/** Models compared when neither the user nor the scenario names any. */
export const DEFAULT_COMPARISON_MODELS: readonly string[] = [
  'gpt-4o',
  'gpt-4o-mini',
  'claude-sonnet-4-5',
  'claude-haiku-4-5',
  'gemini-2.5-pro',
  'gemini-2.5-flash',
];

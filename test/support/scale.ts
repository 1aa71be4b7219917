// How many generated cases the token tests run. Mutation testing (stryker.config.mjs) sets
// LLM_COST_TEST_SCALE=0.1: the tokenizer's hot loops, instrumented with a check for the active mutant
// at every mutated expression, run many times slower, and the full token tests would take hours per
// run of tokens/. Every kind of case still runs; only the number of generated texts falls.
const SCALE = Math.min(1, Math.max(0.01, Number(process.env.LLM_COST_TEST_SCALE ?? 1) || 1));

/** `n` cases at full scale; at least one. */
export const scaled = (n: number): number => Math.max(1, Math.round(n * SCALE));

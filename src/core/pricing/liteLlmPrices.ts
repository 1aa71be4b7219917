// The user's own prices, in LiteLLM's `model_prices_and_context_window.json` format: the format
// gateways and teams already keep (USD per token). Untrusted input: every problem is reported with
// the file, the model key and what to fix, and a bad entry never becomes a $0 price.
import { providerAlias } from './modelRef';
import type { ModelPricing, TokenPrice } from './modelPricing';

export interface PriceFileProblem {
  file: string;
  /** The model key in the file, or null for the file as a whole. */
  model: string | null;
  message: string;
}

export interface ParsedPriceFile {
  models: ModelPricing[];
  problems: PriceFileProblem[];
}

export interface PriceFileOptions {
  /** Date of the file's prices (YYYY-MM-DD): the caller passes the file's modification date. */
  asOf: string;
}

/** LiteLLM's provider names that differ from the catalogue's provider ids. */
// A Map: provider names come from the file, and `constructor` must not find Object's own property.
const LITELLM_PROVIDERS = new Map([
  ['vertex_ai-language-models', 'google'],
  ['vertex_ai-anthropic_models', 'google'],
  ['text-completion-openai', 'openai'],
  ['azure_ai', 'azure'],
  ['bedrock_converse', 'aws'],
]);

/**
 * USD per token above which a price is taken for a mistake (a price per million written as per
 * token, 1e30): $10,000 per million tokens, some fifteen times the dearest model listed today.
 */
const MAX_PRICE_PER_TOKEN = 0.01;

const PER_MILLION = 1e6;

export function parseLiteLlmPriceFile(text: string, file: string, options: PriceFileOptions): ParsedPriceFile {
  const problems: PriceFileProblem[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      models: [],
      problems: [
        { file, model: null, message: `not valid JSON (${(error as Error).message}); expected LiteLLM's model_prices_and_context_window.json format` },
      ],
    };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      models: [],
      problems: [{ file, model: null, message: 'expected a JSON object whose keys are model names (LiteLLM model_prices_and_context_window.json format)' }],
    };
  }
  const models: ModelPricing[] = [];
  for (const [key, entry] of Object.entries(data)) {
    if (key === 'sample_spec') continue;
    const problem = (message: string) => problems.push({ file, model: key, message });
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problem('expected an object of prices');
      continue;
    }
    const fields = entry as Record<string, unknown>;
    const read = (name: string): number | null | 'bad' => {
      const value = fields[name];
      if (value === undefined || value === null) return null;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        // A number too large for a double (1e400) reads as Infinity, which JSON.stringify would print as null.
        problem(`${name} must be a number >= 0 in USD per token, got ${typeof value === 'number' ? String(value) : JSON.stringify(value)}`);
        return 'bad';
      }
      if (value > MAX_PRICE_PER_TOKEN) {
        problem(
          `${name} is ${value} USD per token, over $${(MAX_PRICE_PER_TOKEN * PER_MILLION).toLocaleString('en-US')} per million tokens: surely a mistake (prices are USD per token, e.g. 2.5e-6); the entry is ignored`,
        );
        return 'bad';
      }
      return value;
    };
    const price = (name: string): TokenPrice | null | 'bad' => {
      const base = read(name);
      if (base === 'bad' || base === null) return base;
      const tiers: TokenPrice['tiers'] = [];
      for (const field of Object.keys(fields)) {
        const tier = new RegExp(`^${name}_above_(\\d+)k_tokens$`).exec(field);
        if (!tier) continue;
        const value = read(field);
        if (value === 'bad') return 'bad';
        if (value !== null) tiers.push({ aboveInputTokens: Number(tier[1]) * 1000, perMTok: perMTok(value) });
      }
      return { perMTok: perMTok(base), tiers: tiers.sort((a, b) => a.aboveInputTokens - b.aboveInputTokens) };
    };

    const input = price('input_cost_per_token');
    const output = price('output_cost_per_token');
    const cacheRead = price('cache_read_input_token_cost');
    const cacheWrite = price('cache_creation_input_token_cost');
    const cacheWrite1h = price('cache_creation_input_token_cost_above_1hr');
    const reasoning = price('output_cost_per_reasoning_token');
    const batchInput = price('input_cost_per_token_batches');
    const batchOutput = price('output_cost_per_token_batches');
    const all = [input, output, cacheRead, cacheWrite, cacheWrite1h, reasoning, batchInput, batchOutput];
    if (all.includes('bad')) continue;
    if (input === null || output === null) {
      problem(
        'needs input_cost_per_token and output_cost_per_token (USD per token); the entry is ignored, so the model stays "price unknown" unless the catalogue knows it',
      );
      continue;
    }
    const limit = (name: string): number | null => {
      const value = fields[name];
      if (value === undefined || value === null) return null;
      if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
        problem(`${name} must be a whole number of tokens, got ${JSON.stringify(value)}; ignored`);
        return null;
      }
      return value;
    };
    const providerField = typeof fields.litellm_provider === 'string' ? fields.litellm_provider : null;
    const keyProvider = key.includes('/') ? key.slice(0, key.indexOf('/')) : null;
    const provider = normaliseProvider(providerField ?? keyProvider ?? 'custom');
    const sourceNote = typeof fields.source === 'string' ? `${fields.source} via ` : '';
    models.push({
      model: key,
      name: key,
      provider,
      providerName: provider,
      input: input as TokenPrice,
      output: output as TokenPrice,
      cacheRead: cacheRead as TokenPrice | null,
      cacheWrite: cacheWrite as TokenPrice | null,
      cacheWrite1h: cacheWrite1h as TokenPrice | null,
      reasoningOutput: reasoning as TokenPrice | null,
      batchInput: batchInput as TokenPrice | null,
      batchOutput: batchOutput as TokenPrice | null,
      contextWindow: limit('max_input_tokens'),
      maxOutputTokens: limit('max_output_tokens') ?? limit('max_tokens'),
      reasons: typeof fields.supports_reasoning === 'boolean' ? fields.supports_reasoning : null,
      source: `${sourceNote}your price file ${file}`,
      asOf: options.asOf,
      origin: 'override',
      notes: [],
    });
  }
  return { models, problems };
}

/** USD per token to USD per million tokens, without the float noise of 2.5e-6 * 1e6. */
function perMTok(perToken: number): number {
  return Number((perToken * PER_MILLION).toPrecision(12));
}

function normaliseProvider(name: string): string {
  const lower = name.toLowerCase();
  const alias: unknown = providerAlias(lower);
  return LITELLM_PROVIDERS.get(lower) ?? (typeof alias === 'string' ? alias : lower);
}

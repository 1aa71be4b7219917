// What the cost model needs to know about one model's prices, whichever source they came from
// (the genai-prices catalogue or a user's LiteLLM-format file). All prices are USD per million tokens.

/** A price per million tokens, possibly higher once a request's input crosses a threshold. */
export interface TokenPrice {
  perMTok: number;
  /** Long-context tiers: when a request's total input is above `aboveInputTokens`, the whole request pays `perMTok`. */
  tiers: { aboveInputTokens: number; perMTok: number }[];
}

export interface ModelPricing {
  /** The model id the prices belong to (catalogue id, or the key in the user's file). */
  model: string;
  name: string;
  /** Provider id (genai-prices ids: openai, anthropic, google, aws, azure, github-copilot ...). */
  provider: string;
  providerName: string;
  input: TokenPrice;
  output: TokenPrice;
  cacheRead: TokenPrice | null;
  /** Cache write with the default (5-minute) lifetime. */
  cacheWrite: TokenPrice | null;
  cacheWrite1h: TokenPrice | null;
  /** Only when a source states reasoning tokens are priced differently from output. */
  reasoningOutput: TokenPrice | null;
  /** Explicit batch prices (LiteLLM `*_batches`); null means "apply the provider's batch discount". */
  batchInput: TokenPrice | null;
  batchOutput: TokenPrice | null;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  /** Whether the model produces billed reasoning tokens; null when the source does not say. */
  reasons: boolean | null;
  /** Where the prices come from, for the user: a pricing page or their own file. */
  source: string;
  /** Date of the price data, YYYY-MM-DD. */
  asOf: string;
  origin: 'catalog' | 'override';
  notes: string[];
}

export function flatPrice(perMTok: number): TokenPrice {
  return { perMTok, tiers: [] };
}

/** The price per million tokens that applies to a request whose total input is `inputTokens`. */
export function priceAt(price: TokenPrice, inputTokens: number): number {
  let perMTok = price.perMTok;
  for (const tier of price.tiers) if (inputTokens > tier.aboveInputTokens) perMTok = tier.perMTok;
  return perMTok;
}

/** The lowest input size at which a long-context tier starts, or null when the model has none. */
export function longContextThreshold(pricing: ModelPricing): number | null {
  const starts = [pricing.input, pricing.output].flatMap((p) => p.tiers.map((t) => t.aboveInputTokens));
  return starts.length ? Math.min(...starts) : null;
}

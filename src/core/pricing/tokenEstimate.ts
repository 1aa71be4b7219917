// Tokens for a model, from exact OpenAI counts: exact for OpenAI families, an estimate with an
// error band for the others (their tokenizers are not public, see pricing/tokenizers.json).
import type { TokenCounts } from '../cost/requestProfile';
import type { TokenizerFamily } from './providerRules';

export interface TokenEstimate {
  tokens: number;
  low: number;
  high: number;
  exact: boolean;
}

export function estimateTokens(counts: TokenCounts, family: TokenizerFamily): TokenEstimate {
  const base = counts[family.encoding];
  // The caller decides which encodings are counted (`encodingsFor`); a model reached by another name
  // than the one it was decided on can still find its encoding missing: then o200k_base stands in,
  // and the figure is an estimate rather than a wrong exact one.
  if (base === undefined)
    return { tokens: counts.o200k_base, low: Math.round(counts.o200k_base * 0.9), high: Math.round(counts.o200k_base * 1.1), exact: false };
  if (family.exact) return { tokens: base, low: base, high: base, exact: true };
  return {
    tokens: Math.round(base * family.factor),
    low: Math.round(base * family.low),
    high: Math.round(base * family.high),
    exact: false,
  };
}

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
  if (family.exact) return { tokens: base, low: base, high: base, exact: true };
  return {
    tokens: Math.round(base * family.factor),
    low: Math.round(base * family.low),
    high: Math.round(base * family.high),
    exact: false,
  };
}

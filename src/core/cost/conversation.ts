// Conversations: every turn resends the fixed part (system prompt, tools) and the whole history, so a
// conversation's cost grows with the square of its length, unless the provider caches the history.
import type { ModelPricing } from '../pricing/modelPricing';
import { cacheablePrefix } from './caching';
import { costOfRequest, noCaching, type PricingRules, type RequestTokens } from './requestCost';

export interface ConversationRequest {
  /** Sent unchanged on every turn: system/developer messages, tool definitions. */
  fixedTokens: number;
  /** The user's message each turn. */
  perTurnUserTokens: number;
  /** The answer each turn; it joins the history resent on later turns. */
  outputTokensPerTurn: number;
  /** Billed as output; not resent (providers drop earlier turns' thinking from the history). */
  reasoningTokensPerTurn: number;
  turns: number;
}

export interface ConversationTurn {
  turn: number;
  inputTokens: number;
  tokens: RequestTokens;
  cost: number;
}

export interface ConversationPlan {
  turns: number;
  perTurn: ConversationTurn[];
  costPerConversation: number;
  costPerConversationWithoutCaching: number;
  cachingApplies: boolean;
  reason: string;
  assumptions: string[];
}

export interface ConversationCaching {
  enabled: boolean;
  /** Chance the fixed part is already cached when a conversation starts (other conversations wrote it). */
  firstTurnHitRate: number;
  /**
   * The lifetime that hit rate was derived with (Anthropic `5m` or `1h`, null = the provider's default):
   * writes are billed at that lifetime's price, so the hit rate and the write price agree.
   */
  lifetime?: string | null;
}

export function simulateConversation(request: ConversationRequest, pricing: ModelPricing, rules: PricingRules, caching: ConversationCaching): ConversationPlan {
  const { fixedTokens: fixed, perTurnUserTokens: user, outputTokensPerTurn: output, reasoningTokensPerTurn: reasoning } = request;
  const inputOf = (turn: number) => fixed + (turn - 1) * (user + output) + user;
  const plain: ConversationTurn[] = [];
  const cached: ConversationTurn[] = [];
  const rule = rules.caching;
  const oneHour = caching.lifetime === '1h';
  const lifetimeName = caching.lifetime ?? rule?.lifetimes[0]?.name ?? 'its default';
  const canCache = caching.enabled && rule !== null && (pricing.origin === 'override' || pricing.cacheRead !== null);
  for (let turn = 1; turn <= request.turns; turn++) {
    const input = inputOf(turn);
    const tokens = noCaching(input, output, reasoning);
    plain.push({ turn, inputTokens: input, tokens, cost: costOfRequest(pricing, tokens, rules).total });
    if (!canCache) continue;
    // The cache holds what the previous turn sent; turn 1 may find the fixed part cached by other conversations.
    const read = turn === 1 ? caching.firstTurnHitRate * cacheablePrefix(fixed, rule) : cacheablePrefix(inputOf(turn - 1), rule);
    const written = Math.max(0, cacheablePrefix(input, rule) - read);
    const split: RequestTokens = {
      uncached: input - read - written,
      cacheRead: read,
      cacheWrite: oneHour ? 0 : written,
      cacheWrite1h: oneHour ? written : 0,
      output,
      reasoning,
    };
    cached.push({ turn, inputTokens: input, tokens: split, cost: costOfRequest(pricing, split, rules).total });
  }
  const sum = (list: ConversationTurn[]) => list.reduce((total, t) => total + t.cost, 0);
  const withoutCaching = sum(plain);
  const assumptions = [`Each answer is ${output} tokens and is resent as history on later turns.`];
  const uncached = (reason: string): ConversationPlan => ({
    turns: request.turns,
    perTurn: plain,
    costPerConversation: withoutCaching,
    costPerConversationWithoutCaching: withoutCaching,
    cachingApplies: false,
    reason,
    assumptions,
  });
  if (!canCache) {
    return uncached(
      !caching.enabled
        ? 'caching is turned off in the scenario'
        : rule === null
          ? 'no caching rules for this provider'
          : 'no cached-input price for this model',
    );
  }
  const withCaching = sum(cached);
  assumptions.push(
    `Turns come within the cache lifetime (${lifetimeName}), so each turn reads the history the previous turn sent; writes are billed at the ${lifetimeName} price.`,
  );
  if (rule.mode === 'explicit') assumptions.push("Assumes a cache_control breakpoint at the end of each turn's input.");
  if (rule.mode === 'explicit' && withCaching >= withoutCaching) return uncached('caching the history would cost more than it saves');
  return {
    turns: request.turns,
    perTurn: cached,
    costPerConversation: withCaching,
    costPerConversationWithoutCaching: withoutCaching,
    cachingApplies: true,
    reason:
      rule.mode === 'automatic'
        ? `${pricing.providerName} caches the resent history automatically`
        : 'history cached with a breakpoint at the end of each turn',
    assumptions,
  };
}

// The contract between the prompt side (files, templates, tokens) and the cost side (prices,
// caching, batching, volume). A request profile says everything the cost model needs to know about
// one request, independent of the model it is sent to; the cost model never sees a file.
/**
 * Tokens in each exact encoding that was counted: o200k_base always (exact for current OpenAI models
 * and the base of every other family's estimate); cl100k_base only when the caller asked for it
 * because a model that reads it (gpt-4, gpt-3.5) is priced. Plain numbers, so a profile is plain data.
 */
export interface TokenCounts {
  o200k_base: number;
  cl100k_base?: number;
}

export interface RequestProfile {
  /** Which file and request this is (for reports). */
  label: string;
  /** The model the file declares for this request, as written, or null. */
  declaredModel: string | null;
  /** The output limit the file declares, or null. */
  declaredMaxOutputTokens: number | null;
  /** Everything sent as input: message texts with variables rendered, plus chat-format overhead. */
  inputTokens: TokenCounts;
  /**
   * The leading part of the input that is the same on every request (everything before the first
   * template variable, history insertion or user turn): what a provider's prompt cache can reuse.
   */
  staticPrefixTokens: TokenCounts;
  /**
   * Static text that comes after the first variable part: it would join the cacheable prefix if the
   * prompt were reordered to put variable content last.
   */
  movableStaticTokens: TokenCounts;
  /** For conversations: the part resent unchanged every turn (system/developer messages, tools). */
  conversation: { fixedTokens: TokenCounts; perTurnUserTokens: TokenCounts };
  /** The rendered messages, for prompt-shortening transformations. */
  messages: { role: string; text: string }[];
  /** What was assumed to reach these numbers, shown to the user (e.g. a variable without a sample). */
  assumptions: string[];
}

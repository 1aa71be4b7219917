// The cost side: the cost of one request, the simulations built on it, and planning.
export type { RequestProfile, TokenCounts } from './requestProfile';
export type { Scenario, ScenarioProblem, ParsedScenario } from './scenario';
export {
  DEFAULT_SCENARIO,
  DEFAULT_REQUESTS_PER_DAY,
  DEFAULT_OUTPUT_TOKENS,
  DAYS_PER_MONTH,
  parseScenarioText,
  validateScenario,
  mergeScenario,
} from './scenario';
export type { RequestTokens, RequestCost, UnitPrices, PricingRules } from './requestCost';
export { costOfRequest, unitPrices, noCaching } from './requestCost';
export type { CachingPlan, CachingOption, CachingRequest, CachingSettings } from './caching';
export { simulateCaching, cacheablePrefix, hitRateFromTraffic, breakEvenHitRate } from './caching';
export type { BatchPlan } from './batch';
export { simulateBatch } from './batch';
export type { ShorteningReport, Shortening, ShorteningKind, PromptText, CountTokens } from './shortening';
export { analyseShortening, collapseWhitespace, stripMarkdown, removeDuplicateLines, trimExamples } from './shortening';
export type { Volume, UnitEconomics } from './volume';
export { resolveVolume, unitEconomics } from './volume';
export type { ConversationPlan, ConversationTurn, ConversationRequest } from './conversation';
export { simulateConversation } from './conversation';
export type { PlanContext, ModelPlan, KnownModelPlan, UnknownModelPlan, ComparisonPlan, PriceSummary } from './plan';
export { planRequest, planComparison } from './plan';

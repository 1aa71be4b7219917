// Prices: the catalogue, the user's own prices, and the reviewed rules the catalogue lacks.
export type { TokenPrice, ModelPricing } from './modelPricing';
export { priceAt, flatPrice, longContextThreshold } from './modelPricing';
export type { PriceCatalog, PublishedDataCheck } from './catalog';
export { withOverrides, checkPublishedData, catalogFromPublishedData, DEFAULT_COMPARISON_MODELS } from './catalog';
export { loadBundledCatalog, BUNDLED_DATA_AS_OF, BUNDLED_DATA_SOURCE } from './bundledCatalog';
export type { PriceBook, PriceLookup } from './priceBook';
export { priceBookFromModels } from './priceBook';
export type { LookupOptions } from './lookup';
export { lookupModel, priceBookOf } from './lookup';
export type { ModelRef } from './modelRef';
export { parseModelRef } from './modelRef';
export type { ParsedPriceFile, PriceFileProblem, PriceFileOptions } from './liteLlmPrices';
export { parseLiteLlmPriceFile } from './liteLlmPrices';
export type { CachingRule, CacheLifetime, BatchRule, TokenizerFamily, ModelLimits } from './providerRules';
export { cachingRuleFor, batchRuleFor, tokenizerFor, familyReasons, modelLimitsFor, encodingsFor } from './providerRules';
export type { TokenEstimate } from './tokenEstimate';
export { estimateTokens } from './tokenEstimate';

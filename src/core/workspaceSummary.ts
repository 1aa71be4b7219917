// What a workspace scan keeps of each prompt file: its inventory and, when models are given, what
// one request of it costs on each. Pure, so a worker thread, the extension host and the command
// line compute it the same way.
import type { ParsedPromptFile } from './types';
import { inventoryOf, type FileInventory } from './inventory';
import { profileRequests, type Counters, type ProfileOptions, DEFAULT_PROFILE_OPTIONS } from './requests';
import { planComparison, type Scenario } from './cost';
import type { PriceBook } from './pricing/priceBook';
import { ENCODINGS } from './tokens';

export interface ModelCost {
  model: string;
  /** USD for one request, with the scenario's levers; null when the price is unknown. */
  costPerRequest: number | null;
  costPerMonth: number | null;
}

export interface FileSummary extends FileInventory {
  /** Per request of the file (first `maxRequests`), the cost on each compared model. */
  costs?: { label: string; inputTokens: number; models: ModelCost[] }[];
}

export interface PricingSetup {
  prices: PriceBook;
  scenario: Scenario;
  maxRequests: number;
}

export function summariseFile(
  file: ParsedPromptFile,
  counters: Counters,
  pricing?: PricingSetup,
  profile: ProfileOptions = DEFAULT_PROFILE_OPTIONS,
): FileSummary {
  // A priced scan reports each request's tokens as sent (o200k_base; cl100k_base only if a compared
  // model reads it, when the caller passes its counter) instead of the file as written: for JSON,
  // JSONL and YAML files the text as written differs from the messages sent, and counting both would
  // tokenize them twice.
  const summary: FileSummary = inventoryOf(file, counters, pricing ? [] : ENCODINGS);
  if (pricing) {
    summary.costs = profileRequests(file, counters, profile)
      .slice(0, pricing.maxRequests)
      .map((request) => ({
        label: request.label,
        inputTokens: request.inputTokens.o200k_base,
        models: planComparison(request, pricing.scenario, { prices: pricing.prices }).plans.map((plan) => ({
          model: plan.requestedAs,
          costPerRequest: plan.known ? plan.costPerRequest : null,
          costPerMonth: plan.known ? plan.costPerMonth : null,
        })),
      }));
  }
  return summary;
}

// What a workspace scan keeps of each prompt file: its inventory and, when models are given, what
// one request of it costs on each. Pure, so a worker thread, the extension host and the command
// line compute it the same way.
import type { ParsedPromptFile } from './types';
import { inventoryOf, type FileInventory } from './inventory';
import { profileRequests, type Counters, type ProfileOptions, DEFAULT_PROFILE_OPTIONS } from './requests';
import { planComparison, type Scenario } from './cost';
import type { PriceCatalog } from './pricing';
import { ENCODINGS } from './tokens';

export interface ModelCost {
  model: string;
  /** USD for one request, with the scenario's levers; null when the price is unknown. */
  costPerRequest: number | null;
  costPerMonth: number | null;
}

export interface FileSummary extends FileInventory {
  /** Per request of the file (first `maxRequests`), the cost on each compared model. */
  costs?: { label: string; models: ModelCost[] }[];
}

export interface PricingSetup {
  catalog: PriceCatalog;
  scenario: Scenario;
  maxRequests: number;
}

export function summariseFile(file: ParsedPromptFile, counters: Counters, pricing?: PricingSetup, profile: ProfileOptions = DEFAULT_PROFILE_OPTIONS): FileSummary {
  // A priced scan needs o200k_base only, unless a compared model reads cl100k_base (then its profile
  // counts it on demand); the prompt-as-written figure is given in o200k_base alone.
  const summary: FileSummary = inventoryOf(file, counters, pricing ? ['o200k_base'] : ENCODINGS);
  if (pricing) {
    summary.costs = profileRequests(file, counters, profile)
      .slice(0, pricing.maxRequests)
      .map((request) => ({
        label: request.label,
        models: planComparison(request, pricing.scenario, { catalog: pricing.catalog }).plans.map((plan) => ({
          model: plan.requestedAs,
          costPerRequest: plan.known ? plan.costPerRequest : null,
          costPerMonth: plan.known ? plan.costPerMonth : null,
        })),
      }));
  }
  return summary;
}

// What the extension (or a test) sends the planner when it opens: the prompts' request profiles with
// their exact token counts, the shortening edits counted with the exact tokenizer, and the prices of
// every model the planner may show. Pure: files are parsed and counters made by the caller.
import { profileRequests, type Counters, type ProfileOptions } from '../requests';
import type { ParsedPromptFile } from '../types';
import { lookupModel } from '../pricing/lookup';
import type { PriceCatalog } from '../pricing/catalog';
import type { ModelPricing } from '../pricing/modelPricing';
import type { Scenario } from '../cost/scenario';
import type { RequestProfile } from '../cost/requestProfile';
import { shorteningOptionsFor } from './shorteningOptions';
import { catalogueId } from './priceBook';
import type { PlannerData, PlannerPrompt, PlannerTarget, ResolvedPrice, ShorteningOptions } from './protocol';

export interface PlannerDataInputs {
  target: PlannerTarget;
  title: string;
  files: readonly ParsedPromptFile[];
  catalog: PriceCatalog;
  counters: Counters;
  defaultModels: readonly string[];
  /** A scenario the planner opens with (its models are resolved too). */
  scenario?: Scenario | null;
  /** Requests priced per file (Batch API files); the CLI's default is 20. */
  maxRequests?: number;
  profileOptions?: ProfileOptions;
  warnings?: string[];
  at?: Date;
}

/**
 * What the planner panel needs from the extension while it is open: the data it opened with, the
 * shortening edits counted again when the user changes max examples, and prices for model names
 * a loaded scenario brings.
 */
export interface PlannerSource {
  data: PlannerData;
  shorteningFor(promptId: string, maxExamples: number | null): ShorteningOptions | null;
  resolve(names: readonly string[]): ResolvedPrice[];
}

export function plannerSource(inputs: PlannerDataInputs): PlannerSource {
  const data = buildPlannerData(inputs);
  const count = (text: string) => inputs.counters.o200k_base.count(text);
  return {
    data,
    shorteningFor(promptId, maxExamples) {
      const prompt = data.prompts.find((p) => p.id === promptId);
      return prompt ? shorteningOptionsFor(prompt.profile, count, maxExamples) : null;
    },
    resolve: (names) => resolveNames(inputs.catalog, names, inputs.at),
  };
}

function resolveNames(catalog: PriceCatalog, names: Iterable<string>, at: Date | undefined): ResolvedPrice[] {
  return [...new Set(names)].map((written) => {
    const lookup = lookupModel(catalog, written, at ? { at } : {});
    return lookup.known ? { written, known: true, pricing: lookup.pricing } : { written, known: false, reason: lookup.reason };
  });
}

export function buildPlannerData(inputs: PlannerDataInputs): PlannerData {
  const maxRequests = inputs.maxRequests ?? 20;
  const count = (text: string) => inputs.counters.o200k_base.count(text);
  const prompts: PlannerPrompt[] = [];
  for (const file of inputs.files) {
    const profiles = profileRequests(file, inputs.counters, inputs.profileOptions);
    const wanted =
      inputs.target.kind === 'file' && inputs.target.request !== undefined
        ? profiles.slice(inputs.target.request, inputs.target.request + 1)
        : profiles.slice(0, maxRequests);
    for (const profile of wanted) {
      prompts.push({
        id: `p${prompts.length}`,
        path: file.path,
        format: file.format,
        label: profile.label,
        profile: plainProfile(profile),
        shortening: shorteningOptionsFor(profile, count, inputs.scenario?.maxExamples ?? null),
        diagnostics: file.diagnostics.map((d) => ({
          severity: d.severity,
          code: d.code,
          line: d.line,
          range: { start: d.range.start, end: d.range.end },
          message: d.message,
        })),
        omittedRequests: inputs.target.kind === 'file' && inputs.target.request !== undefined ? 0 : Math.max(0, profiles.length - maxRequests),
      });
    }
  }
  const names = new Set<string>([...inputs.defaultModels, ...(inputs.scenario?.models ?? [])]);
  for (const prompt of prompts) if (prompt.profile.declaredModel) names.add(prompt.profile.declaredModel);
  const resolved = resolveNames(inputs.catalog, names, inputs.at);
  return {
    target: inputs.target,
    title: inputs.title,
    dataSource: inputs.catalog.dataSource,
    asOf: inputs.catalog.asOf,
    defaultModels: [...inputs.defaultModels],
    catalogue: catalogueModels(inputs.catalog, inputs.at),
    resolved,
    prompts,
    warnings: inputs.warnings ?? [],
  };
}

/**
 * Every catalogue model with per-token prices that the command-line tool also finds by its
 * provider/model id, so a scenario saved from the picker prices the same in CI. The user's own
 * price entries come first.
 */
export function catalogueModels(catalog: PriceCatalog, at?: Date): ModelPricing[] {
  const found = new Map<string, ModelPricing>();
  for (const pricing of catalog.overrides.values()) found.set(catalogueId(pricing).toLowerCase(), pricing);
  for (const provider of catalog.providers) {
    for (const model of provider.models) {
      const id = `${provider.id}/${model.id}`;
      if (found.has(id.toLowerCase())) continue;
      const lookup = lookupModel(catalog, id, at ? { at } : {});
      if (lookup.known && lookup.pricing.provider === provider.id && lookup.pricing.model === model.id) found.set(id.toLowerCase(), lookup.pricing);
    }
  }
  return [...found.values()];
}

// Structured cloning (postMessage) copies data, not getters or class instances: make the profile plain.
function plainProfile(profile: RequestProfile): RequestProfile {
  const counts = (c: RequestProfile['inputTokens']) =>
    c.cl100k_base === undefined ? { o200k_base: c.o200k_base } : { o200k_base: c.o200k_base, cl100k_base: c.cl100k_base };
  return {
    label: profile.label,
    declaredModel: profile.declaredModel,
    declaredMaxOutputTokens: profile.declaredMaxOutputTokens,
    inputTokens: counts(profile.inputTokens),
    staticPrefixTokens: counts(profile.staticPrefixTokens),
    movableStaticTokens: counts(profile.movableStaticTokens),
    conversation: { fixedTokens: counts(profile.conversation.fixedTokens), perTurnUserTokens: counts(profile.conversation.perTurnUserTokens) },
    messages: profile.messages.map((m) => ({ role: m.role, text: m.text })),
    assumptions: [...profile.assumptions],
    // Tools, an output schema and images are billed: the planner prices them as `llm-cost plan` does.
    ...(profile.billed ? { billed: structuredCopy(profile.billed) } : {}),
  };
}

function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// The one message protocol between the extension and the planner webview, used by both sides.
// Everything that crosses it is checked on arrival: the webview's messages are untrusted in the
// extension (a compromised webview must not make it write arbitrary files), and the extension's
// messages carry text from prompt files. A message that does not validate is dropped and logged.
import type { ModelPricing, TokenPrice } from '../pricing/modelPricing';
import type { RequestProfile, TokenCounts } from '../cost/requestProfile';
import type { BilledProfile, ProfiledImage } from '../cost/requestParts';
import type { Scenario } from '../cost/scenario';
import { validateScenario } from '../cost/scenario';
import type { Shortening, ShorteningKind } from '../cost/shortening';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../diagnosticCodes';
import type { PromptDiagnostic, PromptFormat } from '../types';

/** What the planner was opened on: one file (optionally one of its requests) or the whole workspace. */
export type PlannerTarget = { kind: 'file'; uri: string; request?: number } | { kind: 'workspace' };

/** A model name as written (in a file, scenario or default list) and what the extension's price lookup made of it. */
export type ResolvedPrice = { written: string; known: true; pricing: ModelPricing } | { written: string; known: false; reason: string };

/** The prompt-shortening edits found for one prompt at one max-examples setting, counted with the exact tokenizer. */
export interface ShorteningOptions {
  maxExamples: number | null;
  tokensBefore: number;
  transforms: Shortening[];
  /** Share of input tokens saved by each combination of transforms: index = bit mask over `transforms`. */
  subsetShares: number[];
  /** Exact o200k_base counts of every message text the analysis counted, so the webview can repeat it without a tokenizer. */
  counts: [string, number][];
}

/** One request to be priced: a prompt file, or one request of a Batch API file or promptfoo config. */
export interface PlannerPrompt {
  /** Opaque id assigned by the extension ("p0", "p1", …); never derived from file content. */
  id: string;
  path: string;
  format: PromptFormat;
  label: string;
  profile: RequestProfile;
  shortening: ShorteningOptions | null;
  diagnostics: PromptDiagnostic[];
  /** Requests of this file left out (Batch API files beyond the limit). */
  omittedRequests: number;
}

export interface PlannerData {
  target: PlannerTarget;
  /** Shown in the title: the file's path or the workspace's name. */
  title: string;
  dataSource: string;
  asOf: string;
  /** Models compared when the user has chosen none. */
  defaultModels: string[];
  /** Every model of the price catalogue with per-token prices, for the model picker. */
  catalogue: ModelPricing[];
  /** The names the prompts, defaults and scenario use, as the extension's lookup resolved them. */
  resolved: ResolvedPrice[];
  prompts: PlannerPrompt[];
  warnings: string[];
}

export type ToWebview =
  | { t: 'init'; data: PlannerData; scenario: Scenario | null }
  | { t: 'shortening'; promptId: string; options: ShorteningOptions }
  /** `resolved`: the prices of the models the scenario names, as the extension looked them up. */
  | { t: 'scenarioLoaded'; slot: 'controls' | 'a' | 'b'; name: string; scenario: Scenario; resolved: ResolvedPrice[] }
  | { t: 'notice'; level: 'info' | 'error'; message: string };

export type ExportFormat = 'markdown' | 'csv' | 'json' | 'png';

export type FromWebview =
  | { t: 'ready' }
  | { t: 'saveScenario'; scenario: Scenario }
  | { t: 'loadScenario'; slot: 'controls' | 'a' | 'b' }
  | { t: 'export'; format: ExportFormat; suggestedName: string; content: string }
  | { t: 'shorteningFor'; promptId: string; maxExamples: number | null }
  | { t: 'openFile'; promptId: string };

export type Validated<T> = { ok: true; message: T } | { ok: false; error: string };

// Large enough for a whole workspace's texts, small enough that a runaway message is refused.
const MAX_EXPORT_CHARS = 50_000_000;
const SHORTENING_KINDS: readonly ShorteningKind[] = ['collapse-whitespace', 'strip-markdown', 'remove-duplicate-lines', 'trim-examples'];

class Invalid extends Error {}

function fail(path: string, expected: string): never {
  throw new Invalid(`${path}: expected ${expected}`);
}

function obj(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object');
  return value as Record<string, unknown>;
}
function str(value: unknown, path: string, max = 1_000_000): string {
  if (typeof value !== 'string' || value.length > max) fail(path, 'a string');
  return value;
}
function num(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(path, 'a finite number >= 0');
  return value;
}
function int(value: unknown, path: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) fail(path, 'a whole number >= 0');
  return value as number;
}
function numOrNull(value: unknown, path: string): number | null {
  return value === null ? null : num(value, path);
}
function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'true or false');
  return value;
}
function arr(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'a list');
  return value;
}
function oneOf<T extends string>(value: unknown, options: readonly T[], path: string): T {
  if (!options.includes(value as T)) fail(path, options.map((o) => JSON.stringify(o)).join(' or '));
  return value as T;
}
function strings(value: unknown, path: string): string[] {
  return arr(value, path).map((s, i) => str(s, `${path}[${i}]`));
}

function tokenPrice(value: unknown, path: string): TokenPrice {
  const p = obj(value, path);
  num(p.perMTok, `${path}.perMTok`);
  arr(p.tiers, `${path}.tiers`).forEach((t, i) => {
    const tier = obj(t, `${path}.tiers[${i}]`);
    num(tier.aboveInputTokens, `${path}.tiers[${i}].aboveInputTokens`);
    num(tier.perMTok, `${path}.tiers[${i}].perMTok`);
  });
  return value as TokenPrice;
}
function tokenPriceOrNull(value: unknown, path: string): TokenPrice | null {
  return value === null ? null : tokenPrice(value, path);
}

export function checkModelPricing(value: unknown, path: string): ModelPricing {
  const m = obj(value, path);
  for (const key of ['model', 'name', 'provider', 'providerName', 'source', 'asOf'] as const) str(m[key], `${path}.${key}`, 10_000);
  tokenPrice(m.input, `${path}.input`);
  tokenPrice(m.output, `${path}.output`);
  for (const key of ['cacheRead', 'cacheWrite', 'cacheWrite1h', 'reasoningOutput', 'batchInput', 'batchOutput'] as const)
    tokenPriceOrNull(m[key], `${path}.${key}`);
  numOrNull(m.contextWindow, `${path}.contextWindow`);
  numOrNull(m.maxOutputTokens, `${path}.maxOutputTokens`);
  if (m.reasons !== null) bool(m.reasons, `${path}.reasons`);
  oneOf(m.origin, ['catalog', 'override'] as const, `${path}.origin`);
  strings(m.notes, `${path}.notes`);
  return value as ModelPricing;
}

function tokenCounts(value: unknown, path: string): TokenCounts {
  const c = obj(value, path);
  const o200k_base = num(c.o200k_base, `${path}.o200k_base`);
  // cl100k_base is counted only when a model that reads it is priced.
  return c.cl100k_base === undefined ? { o200k_base } : { o200k_base, cl100k_base: num(c.cl100k_base, `${path}.cl100k_base`) };
}

function profile(value: unknown, path: string): RequestProfile {
  const p = obj(value, path);
  const conversation = obj(p.conversation, `${path}.conversation`);
  return {
    label: str(p.label, `${path}.label`),
    declaredModel: p.declaredModel === null ? null : str(p.declaredModel, `${path}.declaredModel`),
    declaredMaxOutputTokens: numOrNull(p.declaredMaxOutputTokens, `${path}.declaredMaxOutputTokens`),
    inputTokens: tokenCounts(p.inputTokens, `${path}.inputTokens`),
    staticPrefixTokens: tokenCounts(p.staticPrefixTokens, `${path}.staticPrefixTokens`),
    movableStaticTokens: tokenCounts(p.movableStaticTokens, `${path}.movableStaticTokens`),
    conversation: {
      fixedTokens: tokenCounts(conversation.fixedTokens, `${path}.conversation.fixedTokens`),
      perTurnUserTokens: tokenCounts(conversation.perTurnUserTokens, `${path}.conversation.perTurnUserTokens`),
    },
    messages: arr(p.messages, `${path}.messages`).map((m, i) => {
      const message = obj(m, `${path}.messages[${i}]`);
      return { role: str(message.role, `${path}.messages[${i}].role`), text: str(message.text, `${path}.messages[${i}].text`, 50_000_000) };
    }),
    assumptions: strings(p.assumptions, `${path}.assumptions`),
    ...(p.billed === undefined || p.billed === null ? {} : { billed: billedProfile(p.billed, `${path}.billed`) }),
  };
}

/** Tools, an output schema and images, as counted by the extension: priced per model in the planner as in `llm-cost plan`. */
function billedProfile(value: unknown, path: string): BilledProfile {
  const b = obj(value, path);
  const images = arr(b.images, `${path}.images`).map((v, i): ProfiledImage => {
    const image = obj(v, `${path}.images[${i}]`);
    const where = `${path}.images[${i}]`;
    return {
      detail: oneOf(image.detail, ['low', 'high', 'auto', 'original'] as const, `${where}.detail`),
      width: numOrNull(image.width, `${where}.width`),
      height: numOrNull(image.height, `${where}.height`),
      // -1: the image is in another file (a promptfoo `file://` chat).
      offset: image.offset === -1 ? -1 : int(image.offset, `${where}.offset`),
      ...(image.message === undefined ? {} : { message: int(image.message, `${where}.message`) }),
      ...(image.inTurn === undefined ? {} : { inTurn: bool(image.inTurn, `${where}.inTurn`) }),
    };
  });
  return {
    toolCount: int(b.toolCount, `${path}.toolCount`),
    toolChoice: b.toolChoice === null ? null : oneOf(b.toolChoice, ['auto', 'none', 'any', 'tool'] as const, `${path}.toolChoice`),
    openAiToolTokens: tokenCounts(b.openAiToolTokens, `${path}.openAiToolTokens`),
    toolJsonTokens: tokenCounts(b.toolJsonTokens, `${path}.toolJsonTokens`),
    responseSchemaTokens: tokenCounts(b.responseSchemaTokens, `${path}.responseSchemaTokens`),
    images,
    ...(b.toolsDefinedElsewhere === undefined ? {} : { toolsDefinedElsewhere: strings(b.toolsDefinedElsewhere, `${path}.toolsDefinedElsewhere`) }),
  };
}

function shorteningOptions(value: unknown, path: string): ShorteningOptions {
  const s = obj(value, path);
  const transforms = arr(s.transforms, `${path}.transforms`).map((t, i) => {
    const transform = obj(t, `${path}.transforms[${i}]`);
    return {
      kind: oneOf(transform.kind, SHORTENING_KINDS, `${path}.transforms[${i}].kind`),
      description: str(transform.description, `${path}.transforms[${i}].description`),
      tokensSaved: num(transform.tokensSaved, `${path}.transforms[${i}].tokensSaved`),
      share: shareOf(transform.share, `${path}.transforms[${i}].share`),
    };
  });
  const subsetShares = arr(s.subsetShares, `${path}.subsetShares`).map((v, i) => shareOf(v, `${path}.subsetShares[${i}]`));
  if (subsetShares.length !== 2 ** transforms.length) fail(`${path}.subsetShares`, `${2 ** transforms.length} entries, one per combination of transforms`);
  return {
    maxExamples: s.maxExamples === null ? null : int(s.maxExamples, `${path}.maxExamples`),
    tokensBefore: num(s.tokensBefore, `${path}.tokensBefore`),
    transforms,
    subsetShares,
    counts: arr(s.counts, `${path}.counts`).map((entry, i) => {
      const pair = arr(entry, `${path}.counts[${i}]`);
      if (pair.length !== 2) fail(`${path}.counts[${i}]`, '[text, tokens]');
      return [str(pair[0], `${path}.counts[${i}][0]`, 50_000_000), int(pair[1], `${path}.counts[${i}][1]`)] as [string, number];
    }),
  };
}

function shareOf(value: unknown, path: string): number {
  const n = num(value, path);
  if (n > 1) fail(path, 'a share between 0 and 1');
  return n;
}

function scenario(value: unknown, path: string): Scenario {
  const parsed = validateScenario(value, path);
  if (parsed.errors.length) throw new Invalid(parsed.errors.map((e) => e.message).join('; '));
  return parsed.scenario;
}

function target(value: unknown, path: string): PlannerTarget {
  const t = obj(value, path);
  if (t.kind === 'workspace') return { kind: 'workspace' };
  if (t.kind !== 'file') fail(`${path}.kind`, '"file" or "workspace"');
  const uri = str(t.uri, `${path}.uri`, 10_000);
  return t.request === undefined ? { kind: 'file', uri } : { kind: 'file', uri, request: int(t.request, `${path}.request`) };
}

function resolvedPrices(value: unknown, path: string): ResolvedPrice[] {
  return arr(value, path).map((r, i) => {
    const where = `${path}[${i}]`;
    const entry = obj(r, where);
    const written = str(entry.written, `${where}.written`, 10_000);
    return entry.known === true
      ? { written, known: true as const, pricing: checkModelPricing(entry.pricing, `${where}.pricing`) }
      : { written, known: false as const, reason: str(entry.reason, `${where}.reason`) };
  });
}

function diagnosticOf(value: unknown, path: string): PromptDiagnostic {
  const d = obj(value, path);
  const range = obj(d.range, `${path}.range`);
  const code = str(d.code, `${path}.code`, 100);
  if (!Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, code)) fail(`${path}.code`, 'a known diagnostic code');
  return {
    severity: oneOf(d.severity, ['error', 'warning', 'info'] as const, `${path}.severity`),
    code: code as DiagnosticCode,
    line: int(d.line, `${path}.line`),
    range: { start: int(range.start, `${path}.range.start`), end: int(range.end, `${path}.range.end`) },
    message: str(d.message, `${path}.message`),
  };
}

function plannerData(value: unknown, path: string): PlannerData {
  const d = obj(value, path);
  const ids = new Set<string>();
  const prompts = arr(d.prompts, `${path}.prompts`).map((p, i) => {
    const where = `${path}.prompts[${i}]`;
    const prompt = obj(p, where);
    const id = str(prompt.id, `${where}.id`, 100);
    if (ids.has(id)) fail(`${where}.id`, 'an id not used by another prompt');
    ids.add(id);
    return {
      id,
      path: str(prompt.path, `${where}.path`, 10_000),
      format: str(prompt.format, `${where}.format`, 100) as PromptFormat,
      label: str(prompt.label, `${where}.label`, 10_000),
      profile: profile(prompt.profile, `${where}.profile`),
      shortening: prompt.shortening === null ? null : shorteningOptions(prompt.shortening, `${where}.shortening`),
      diagnostics: arr(prompt.diagnostics, `${where}.diagnostics`).map((x, j) => diagnosticOf(x, `${where}.diagnostics[${j}]`)),
      omittedRequests: int(prompt.omittedRequests, `${where}.omittedRequests`),
    };
  });
  return {
    target: target(d.target, `${path}.target`),
    title: str(d.title, `${path}.title`, 10_000),
    dataSource: str(d.dataSource, `${path}.dataSource`, 10_000),
    asOf: str(d.asOf, `${path}.asOf`, 100),
    defaultModels: strings(d.defaultModels, `${path}.defaultModels`),
    catalogue: arr(d.catalogue, `${path}.catalogue`).map((m, i) => checkModelPricing(m, `${path}.catalogue[${i}]`)),
    resolved: resolvedPrices(d.resolved, `${path}.resolved`),
    prompts,
    warnings: strings(d.warnings, `${path}.warnings`),
  };
}

/** A target read back from a restored webview's state (after a window reload), or null. */
export function validateTarget(value: unknown): PlannerTarget | null {
  try {
    return target(value, 'target');
  } catch (error) {
    if (error instanceof Invalid) return null;
    throw error;
  }
}

/** Checks a message arriving in the webview. */
export function validateToWebview(value: unknown): Validated<ToWebview> {
  try {
    const m = obj(value, 'message');
    switch (m.t) {
      case 'init':
        return { ok: true, message: { t: 'init', data: plannerData(m.data, 'data'), scenario: m.scenario === null ? null : scenario(m.scenario, 'scenario') } };
      case 'shortening':
        return { ok: true, message: { t: 'shortening', promptId: str(m.promptId, 'promptId', 100), options: shorteningOptions(m.options, 'options') } };
      case 'scenarioLoaded':
        return {
          ok: true,
          message: {
            t: 'scenarioLoaded',
            slot: oneOf(m.slot, ['controls', 'a', 'b'] as const, 'slot'),
            name: str(m.name, 'name', 10_000),
            scenario: scenario(m.scenario, 'scenario'),
            resolved: resolvedPrices(m.resolved, 'resolved'),
          },
        };
      case 'notice':
        return { ok: true, message: { t: 'notice', level: oneOf(m.level, ['info', 'error'] as const, 'level'), message: str(m.message, 'message', 100_000) } };
      default:
        return { ok: false, error: `unknown message type ${JSON.stringify(m.t)}` };
    }
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message };
    throw error;
  }
}

/** Checks a message arriving in the extension from the webview. */
export function validateFromWebview(value: unknown): Validated<FromWebview> {
  try {
    const m = obj(value, 'message');
    switch (m.t) {
      case 'ready':
        return { ok: true, message: { t: 'ready' } };
      case 'saveScenario':
        return { ok: true, message: { t: 'saveScenario', scenario: scenario(m.scenario, 'scenario') } };
      case 'loadScenario':
        return { ok: true, message: { t: 'loadScenario', slot: oneOf(m.slot, ['controls', 'a', 'b'] as const, 'slot') } };
      case 'export': {
        const format = oneOf(m.format, ['markdown', 'csv', 'json', 'png'] as const, 'format');
        const content = str(m.content, 'content', MAX_EXPORT_CHARS);
        if (format === 'png' && !/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/.test(content)) fail('content', 'a PNG data URL');
        // Only a plain file name: the extension asks the user where to save, this is just the suggestion.
        const suggestedName = str(m.suggestedName, 'suggestedName', 200);
        if (!/^[\w .()-]+$/.test(suggestedName)) fail('suggestedName', 'a plain file name');
        return { ok: true, message: { t: 'export', format, suggestedName, content } };
      }
      case 'shorteningFor': {
        const maxExamples = m.maxExamples === null ? null : int(m.maxExamples, 'maxExamples');
        return { ok: true, message: { t: 'shorteningFor', promptId: str(m.promptId, 'promptId', 100), maxExamples } };
      }
      case 'openFile':
        return { ok: true, message: { t: 'openFile', promptId: str(m.promptId, 'promptId', 100) } };
      default:
        return { ok: false, error: `unknown message type ${JSON.stringify(m.t)}` };
    }
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message };
    throw error;
  }
}

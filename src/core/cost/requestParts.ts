// The request as billed: tool definitions, tool_choice, a structured-output schema and images cost
// input tokens on top of the messages, by each provider's own rule (pricing/request-parts.json).
import partsData from '../../../pricing/request-parts.json';
import type { BilledParts, ImagePart, ToolChoice, ToolDefinition } from '../types';
import type { TokenCounts } from './requestProfile';

/** A request's billed parts as a profile carries them: counted once in each encoding, priced per model. */
export interface BilledProfile {
  toolCount: number;
  toolChoice: ToolChoice | null;
  /** Tools by OpenAI's cookbook rule (gpt-4o constants in o200k_base, gpt-4 constants in cl100k_base). */
  openAiToolTokens: TokenCounts;
  /** Tokens of the tools' JSON, the base of the estimates for providers that publish no rule. */
  toolJsonTokens: TokenCounts;
  responseSchemaTokens: TokenCounts;
  images: ProfiledImage[];
  /** Tools named but defined elsewhere (Dotprompt `tools:`): their size is assumed, and said. */
  toolsDefinedElsewhere?: string[];
}

/** An image, and whether it is in the part of a conversation each turn adds (the last user message and after). */
export type ProfiledImage = ImagePart & { inTurn?: boolean };

/** Extra input tokens of one request on one model, with what was assumed. */
export interface BilledExtra {
  tokens: number;
  low: number;
  high: number;
  assumptions: string[];
}

interface OpenAiToolConstants {
  match: string;
  funcInit: number;
  propInit: number;
  propKey: number;
  enumInit: number;
  enumItem: number;
  funcEnd: number;
  published: boolean;
}

const openAiTools = partsData.openaiTools;
const elsewhereTools = partsData.toolsDefinedElsewhere;
const anthropicTools = partsData.anthropicTools;
const images = partsData.images;
const toolFamilies = openAiTools.families as OpenAiToolConstants[];
const GPT4O_TOOLS = toolFamilies[0] as OpenAiToolConstants;
const GPT4_TOOLS = toolFamilies[1] as OpenAiToolConstants;

/**
 * Tokens of tool definitions by the OpenAI cookbook's rule ("How to count tokens with tiktoken", §7):
 * per function its name and description, per property `name:type:description`, enum items, and
 * fixed framing. Only what the rule covers is counted (nested objects are not).
 */
export function openAiToolTokens(tools: readonly ToolDefinition[], count: (text: string) => number, constants: OpenAiToolConstants = GPT4O_TOOLS): number {
  if (!tools.length) return 0;
  const trimDot = (text: string) => (text.endsWith('.') ? text.slice(0, -1) : text);
  let total = 0;
  for (const tool of tools) {
    total += constants.funcInit + count(`${tool.name}:${trimDot(tool.description)}`);
    const properties = propertiesOf(tool.parameters);
    if (!properties.length) continue;
    total += constants.propInit;
    for (const [name, property] of properties) {
      total += constants.propKey;
      const values = Array.isArray(property.enum) ? property.enum : null;
      if (values) {
        total += constants.enumInit;
        for (const item of values) total += constants.enumItem + count(String(item));
      }
      total += count(
        `${name}:${typeof property.type === 'string' ? property.type : ''}:${trimDot(typeof property.description === 'string' ? property.description : '')}`,
      );
    }
  }
  return total + constants.funcEnd;
}

function propertiesOf(parameters: unknown): [string, Record<string, unknown>][] {
  if (typeof parameters !== 'object' || parameters === null) return [];
  const properties = (parameters as Record<string, unknown>).properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return [];
  return Object.entries(properties as Record<string, unknown>).map(([name, value]) => [
    name,
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {},
  ]);
}

/**
 * Counts a request's billed parts in each encoding the counters hold. `inTurn` says which images sit
 * in the messages a conversation's every turn adds (default: none).
 */
export function billedProfileOf(
  parts: BilledParts,
  counters: { o200k_base: (text: string) => number; cl100k_base?: (text: string) => number },
  inTurn: (image: ImagePart) => boolean = () => false,
): BilledProfile {
  const toolJson = parts.tools.length ? JSON.stringify(parts.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters }))) : '';
  const inEach = (compute: (count: (text: string) => number, encoding: 'o200k_base' | 'cl100k_base') => number): TokenCounts => {
    const counts: TokenCounts = { o200k_base: compute(counters.o200k_base, 'o200k_base') };
    if (counters.cl100k_base) counts.cl100k_base = compute(counters.cl100k_base, 'cl100k_base');
    return counts;
  };
  return {
    toolCount: parts.tools.length,
    toolChoice: parts.toolChoice,
    openAiToolTokens: inEach((count, encoding) => openAiToolTokens(parts.tools, count, encoding === 'cl100k_base' ? GPT4_TOOLS : GPT4O_TOOLS)),
    toolJsonTokens: inEach((count) => (toolJson ? count(toolJson) : 0)),
    responseSchemaTokens: inEach((count) => (parts.responseSchema ? count(parts.responseSchema) : 0)),
    images: parts.images.map((image) => (inTurn(image) ? { ...image, inTurn: true } : image)),
    ...(parts.toolsDefinedElsewhere?.length ? { toolsDefinedElsewhere: parts.toolsDefinedElsewhere } : {}),
  };
}

/**
 * A conversation resends its fixed part every turn (tools, output schema, the images of the system
 * prompt and examples) and adds each turn's own input (with the images of the last user message).
 */
export function billedForConversation(billed: BilledProfile): { fixed: BilledProfile; turn: BilledProfile | null } {
  const turnImages = billed.images.filter((image) => image.inTurn);
  const none: TokenCounts = { o200k_base: 0 };
  return {
    fixed: { ...billed, images: billed.images.filter((image) => !image.inTurn) },
    turn: turnImages.length
      ? { toolCount: 0, toolChoice: null, openAiToolTokens: none, toolJsonTokens: none, responseSchemaTokens: none, images: turnImages }
      : null,
  };
}

export type Vendor = 'openai' | 'anthropic' | 'google' | null;

/**
 * The extra input tokens of a request's billed parts on `model`: `factor` and its band turn an
 * o200k count into the model's tokens where its tokenizer is estimated.
 */
export function billedExtra(
  billed: BilledProfile,
  model: string,
  vendor: Vendor,
  tokenizer: { encoding: 'o200k_base' | 'cl100k_base'; factor: number; low: number; high: number; exact: boolean },
): BilledExtra {
  const assumptions: string[] = [];
  let exact = 0;
  let estimated = 0;
  const inModelTokens = (counts: TokenCounts) => counts[tokenizer.encoding] ?? counts.o200k_base;
  const elsewhere = billed.toolsDefinedElsewhere ?? [];
  if (billed.toolCount > 0) {
    const defined = `${billed.toolCount} tool definition${billed.toolCount > 1 ? 's' : ''}`;
    if (vendor === 'openai') {
      const constants = toolFamilies.find((f) => new RegExp(f.match).test(model)) ?? GPT4O_TOOLS;
      exact += inModelTokens(billed.openAiToolTokens);
      assumptions.push(
        `${defined}: ${inModelTokens(billed.openAiToolTokens)} tokens by OpenAI's cookbook rule` +
          `${constants.published ? '' : ' (its gpt-4o constants: not published for this model, an estimate)'}; nested schemas are not covered. Source: ${openAiTools.source}.`,
      );
    } else {
      estimated += inModelTokens(billed.toolJsonTokens);
      // Only Anthropic's and Google's pages say tools are billed this way; another provider's model cites none.
      const source =
        vendor === 'google' ? partsData.geminiTools.source : vendor === 'anthropic' ? anthropicTools.source : 'none (no rule is published for this model)';
      assumptions.push(
        `${defined}: estimated as the ${inModelTokens(billed.toolJsonTokens)} tokens of their JSON before the tokenizer factor (no published rule). Source: ${source}.`,
      );
    }
  }
  if (elsewhere.length > 0) {
    const each = elsewhereTools.assumedTokensPerTool;
    estimated += each * elsewhere.length;
    assumptions.push(
      `${elsewhere.length} tool${elsewhere.length > 1 ? 's' : ''} named but defined elsewhere (${elsewhere.map((name) => `\`${name}\``).join(', ')}): ` +
        `their definitions are sent with each request but are not in the file; assumed ${each} tokens each. Source: ${elsewhereTools.source}.`,
    );
  }
  if (vendor === 'anthropic' && billed.toolCount + elsewhere.length > 0) {
    const row = anthropicTools.families.find((f) => new RegExp(f.match).test(model));
    const overhead = row ? (billed.toolChoice === 'any' || billed.toolChoice === 'tool' ? row.anyTool : row.autoNone) : 0;
    exact += overhead;
    assumptions.push(
      overhead
        ? `Anthropic's tool-use system prompt of ${overhead} tokens for tool_choice ${billed.toolChoice ?? 'auto'}, sent with any tool. Source: ${anthropicTools.source}, checked ${anthropicTools.lastChecked}.`
        : `Anthropic publishes no tool-use system prompt size for this model: none added. Source: ${anthropicTools.source}.`,
    );
  }
  if (inModelTokens(billed.responseSchemaTokens) > 0) {
    const schema = inModelTokens(billed.responseSchemaTokens);
    estimated += Math.round(schema * (1 + partsData.responseSchema.overheadShare));
    assumptions.push(
      `A structured-output schema of ${schema} tokens, plus 10% for its instructions: an estimate (no provider publishes the count). Source: ${partsData.responseSchema.source}.`,
    );
  }
  if (billed.images.length) {
    const imageTokens = billed.images.map((image) => imageTokensFor(image, model, vendor));
    exact += imageTokens.reduce((a, b) => a + b.tokens, 0);
    const unknown = billed.images.filter((image) => image.width === null).length;
    const rule = imageTokens[0]?.rule ?? '';
    assumptions.push(
      `${billed.images.length} image${billed.images.length > 1 ? 's' : ''}: ${imageSum(imageTokens.map((t) => t.tokens))} tokens (${rule})` +
        (unknown
          ? `; ${unknown} of unknown size, assumed ${images.assumedSize.width}x${images.assumedSize.height} px (only inline images tell their size)`
          : '') +
        '.',
    );
  }
  // Fixed tokens (a published rule on exact counts) are not scaled; estimates take the tokenizer's factor and band.
  const scale = (factor: number) => (tokenizer.exact ? estimated : Math.round(estimated * factor));
  return { tokens: exact + scale(tokenizer.factor), low: exact + scale(tokenizer.low), high: exact + scale(tokenizer.high), assumptions };
}

/** `85 + 765`, or for many images the first few and the total: an assumption stays one readable line. */
function imageSum(tokens: readonly number[]): string {
  if (tokens.length <= 8) return tokens.join(' + ');
  return `${tokens.slice(0, 8).join(' + ')} + … = ${tokens.reduce((a, b) => a + b, 0)}`;
}

/** Tokens of one image on `model`, by its vendor's rule, and which rule that was. */
export function imageTokensFor(image: ImagePart, model: string, vendor: Vendor): { tokens: number; rule: string } {
  const width = image.width ?? images.assumedSize.width;
  const height = image.height ?? images.assumedSize.height;
  if (vendor === 'anthropic') return { tokens: anthropicImageTokens(width, height, model), rule: images.anthropic.source };
  if (vendor === 'google') return geminiImageTokens(width, height, model);
  return openAiImageTokens(width, height, image.detail, model);
}

function openAiImageTokens(width: number, height: number, detail: ImagePart['detail'], model: string): { tokens: number; rule: string } {
  const patches = images.openaiPatches.find((f) => new RegExp(f.match).test(model));
  if (patches) {
    const limits = patches.details[detail];
    return {
      tokens: patchTokens(width, height, limits.box, limits.budget, patches.multiplier),
      rule: `32 px patches x ${patches.multiplier}, ${images.openaiSource}`,
    };
  }
  const tiles = images.openaiTiles.find((f) => new RegExp(f.match).test(model)) ?? { base: 85, tile: 170, estimate: true };
  const estimate = 'estimate' in tiles && tiles.estimate ? ' (no published figure for this model: gpt-4o figures, an estimate)' : '';
  return {
    tokens: tileTokens(width, height, detail, tiles.base, tiles.tile),
    rule: `${tiles.base} + ${tiles.tile} per 512 px tile${estimate}, ${images.openaiSource}`,
  };
}

/** OpenAI tile rule: low = base; else fit 2048 x 2048, shortest side down to 768, then 512 px tiles. */
export function tileTokens(width: number, height: number, detail: ImagePart['detail'], base: number, tile: number): number {
  if (detail === 'low') return base;
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w = Math.floor(w * fit);
  h = Math.floor(h * fit);
  const shortest = Math.min(w, h);
  if (shortest > 768) {
    const scale = 768 / shortest;
    w = w === shortest ? 768 : Math.floor(w * scale);
    h = h === shortest ? 768 : Math.floor(h * scale);
  }
  return base + Math.ceil(w / 512) * Math.ceil(h / 512) * tile;
}

/** OpenAI patch rule: fit the pixel box, 32 px patches, shrink to the patch budget, tokens = ceil(patches x multiplier). */
export function patchTokens(width: number, height: number, box: number, budget: number | null, multiplier: number): number {
  const fit = Math.min(1, box / Math.max(width, height));
  let w = Math.floor(width * fit);
  let h = Math.floor(height * fit);
  let patches = Math.ceil(w / 32) * Math.ceil(h / 32);
  if (budget !== null && patches > budget) {
    let scale = Math.sqrt((32 * 32 * budget) / (w * h));
    // Shrink a little more so that the floored patch grid fits the budget.
    scale *= Math.min(Math.floor((w * scale) / 32) / ((w * scale) / 32), Math.floor((h * scale) / 32) / ((h * scale) / 32));
    w = Math.floor(w * scale);
    h = Math.floor(h * scale);
    patches = Math.ceil(w / 32) * Math.ceil(h / 32);
  }
  return Math.ceil(patches * multiplier);
}

/** Anthropic: ceil(w/28) x ceil(h/28), after downscaling to the model's long-edge and token caps. */
export function anthropicImageTokens(width: number, height: number, model: string): number {
  const { patch, highResolution, standard } = images.anthropic;
  const caps = new RegExp(highResolution.match).test(model) ? highResolution : standard;
  const tokensOf = (w: number, h: number) => Math.ceil(w / patch) * Math.ceil(h / patch);
  const fits = (w: number, h: number) =>
    Math.ceil(w / patch) * patch <= caps.maxEdge && Math.ceil(h / patch) * patch <= caps.maxEdge && tokensOf(w, h) <= caps.maxTokens;
  if (fits(width, height)) return tokensOf(width, height);
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const sized = (edge: number) => {
    const other = roundHalfEven((short * edge) / long);
    return width >= height ? [edge, other] : [other, edge];
  };
  // The largest long edge whose aspect-preserving size fits (binary search: tokens grow with the edge).
  let low = 1;
  let high = Math.min(long, caps.maxEdge);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const [w, h] = sized(mid) as [number, number];
    if (fits(w, h)) low = mid;
    else high = mid - 1;
  }
  const [w, h] = sized(low) as [number, number];
  return tokensOf(w, h);
}

function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function geminiImageTokens(width: number, height: number, model: string): { tokens: number; rule: string } {
  const { gemini } = images;
  if (new RegExp(gemini.gemini3.match).test(model))
    return { tokens: gemini.gemini3.high, rule: `Gemini 3 media_resolution high (the default), ${gemini.source}` };
  if (width <= gemini.smallMaxEdge && height <= gemini.smallMaxEdge) return { tokens: gemini.tokensPerTile, rule: gemini.source };
  const tile = Math.min(768, Math.max(256, Math.min(width, height) / 1.5));
  const tiles = Math.ceil(width / tile) * Math.ceil(height / tile);
  return { tokens: tiles * gemini.tokensPerTile, rule: `an estimate: ${gemini.source}` };
}

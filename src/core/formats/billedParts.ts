// What a request bills as input besides its messages' text: tool (function) definitions, the
// tool_choice, a structured-output schema, and images. Read from a request body as OpenAI (Chat
// Completions, Responses) and Anthropic write it; priced per provider by `cost/requestParts.ts`.
import type { BilledParts, ImagePart, ToolChoice, ToolDefinition } from '../types';
import { member, toValue, type JsonNode } from './jsonLocate';
import { asString, isRecord, pick } from './frontmatter';

/** The billed parts of a request body, or null when it has none. */
export function billedPartsOf(body: JsonNode): BilledParts | null {
  const plain = (key: string) => {
    const node = member(body, key);
    return node ? toValue(node) : undefined;
  };
  const images = [...imagesOfChat(member(body, 'messages')), ...imagesOfChat(member(body, 'input'))];
  return billedParts({
    tools: plain('tools'),
    toolChoice: plain('tool_choice'),
    // Chat Completions `response_format`, Responses `text.format`, Anthropic `output_config.format`.
    responseFormats: [plain('response_format'), pick(plain('text'), 'format'), pick(plain('output_config'), 'format')],
    images,
  });
}

/**
 * The image parts of a `[{role, content: [parts]}]` list. `inOtherFile`: the list is in a file other
 * than the one reported (a promptfoo `file://` chat), so images are placed by message index, not offset.
 */
export function imagesOfChat(list: JsonNode | undefined, inOtherFile = false): ImagePart[] {
  if (list?.kind !== 'array') return [];
  const images: ImagePart[] = [];
  list.items
    .filter((message) => message.kind === 'object')
    .forEach((message, index) => {
      const content = member(message, 'content');
      if (content?.kind !== 'array') return;
      for (const part of content.items) {
        const image = imageOfPart(toValue(part), inOtherFile ? -1 : part.start);
        if (image) images.push(inOtherFile ? { ...image, message: index } : image);
      }
    });
  return images;
}

/** What a request declares besides its messages, as plain data (a JSON body, a YAML config or frontmatter). */
export interface BilledPartsData {
  /** A tool list: OpenAI (nested `function` or flat), Anthropic (`input_schema`) or Gemini (`functionDeclarations`). */
  tools?: unknown;
  toolChoice?: unknown;
  /** `response_format`-like values; the first with a JSON schema is the one sent. */
  responseFormats?: unknown[];
  /** A JSON schema given directly (Dotprompt's `output.schema`, converted), as compact JSON. */
  responseSchema?: string | null;
  /** Tools named but defined elsewhere (Dotprompt `tools:` names): their size is unknown here. */
  toolsDefinedElsewhere?: string[];
  images?: ImagePart[];
}

/** The billed parts of plain request data, or null when there are none. */
export function billedParts(data: BilledPartsData): BilledParts | null {
  const tools = toolsOf(data.tools);
  const toolChoice = toolChoiceOf(data.toolChoice);
  const responseSchema = data.responseSchema ?? responseSchemaOf(data.responseFormats ?? []);
  const images = data.images ?? [];
  const elsewhere = data.toolsDefinedElsewhere ?? [];
  if (!tools.length && !responseSchema && !images.length && !elsewhere.length) return null;
  return { tools, toolChoice, responseSchema, images, ...(elsewhere.length ? { toolsDefinedElsewhere: elsewhere } : {}) };
}

function toolsOf(value: unknown): ToolDefinition[] {
  if (!Array.isArray(value)) return [];
  const tools: ToolDefinition[] = [];
  for (const item of value) {
    // Gemini groups its functions: `[{functionDeclarations: [...]}]`.
    const declarations = pick(item, 'functionDeclarations') ?? pick(item, 'function_declarations');
    if (Array.isArray(declarations)) {
      tools.push(...toolsOf(declarations));
      continue;
    }
    // Chat Completions nests the function; Responses and Anthropic write it flat (Anthropic: input_schema).
    const fn = isRecord(pick(item, 'function')) ? pick(item, 'function') : item;
    const name = asString(pick(fn, 'name'));
    if (!name) continue;
    const parameters = pick(fn, 'parameters') ?? pick(fn, 'input_schema');
    // YAML aliases can make a schema that refers to itself: not JSON, so not something a request can send.
    if (parameters !== undefined && jsonOf(parameters) === null) continue;
    const description = pick(fn, 'description');
    tools.push({ name, description: typeof description === 'string' ? description : '', parameters: parameters ?? null });
  }
  return tools;
}

function toolChoiceOf(value: unknown): ToolChoice | null {
  if (value === undefined || value === null) return null;
  const type = typeof value === 'string' ? value : asString(pick(value, 'type'));
  switch (type) {
    case 'auto':
    case 'none':
      return type;
    // OpenAI `required` is Anthropic `any`: some tool must be called.
    case 'required':
    case 'any':
      return 'any';
    // A named tool: OpenAI {type: "function", function: {name}}, Anthropic {type: "tool", name}.
    case 'function':
    case 'tool':
      return 'tool';
    default:
      return null;
  }
}

/** The JSON schema of the first `json_schema` format, as compact JSON. */
function responseSchemaOf(formats: readonly unknown[]): string | null {
  for (const format of formats) {
    if (pick(format, 'type') !== 'json_schema') continue;
    const schema = pick(format, 'json_schema', 'schema') ?? pick(format, 'schema');
    if (schema !== undefined && schema !== null) return jsonOf(schema);
  }
  return null;
}

/** Compact JSON of plain data, or null when it has none (a cycle made with YAML aliases, a function). */
export function jsonOf(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

const IMAGE_PART_TYPES = new Set(['image_url', 'input_image', 'image']);

/** An image content part (OpenAI `image_url`/`input_image`, Anthropic `image`), or null for any other part. */
export function imageOfPart(part: unknown, offset: number): ImagePart | null {
  const type = pick(part, 'type');
  if (typeof type !== 'string' || !IMAGE_PART_TYPES.has(type)) return null;
  const imageUrl = pick(part, 'image_url');
  const url = typeof imageUrl === 'string' ? imageUrl : (asString(pick(imageUrl, 'url')) ?? '');
  const detail = asString(pick(imageUrl, 'detail')) ?? asString(pick(part, 'detail'));
  return imageAt(url || (asString(pick(part, 'source', 'data')) ?? ''), detail, offset);
}

/**
 * An image sent from `source`: a `data:` URL or bare base64 tells its size; a web address or a file
 * name does not (the plan then assumes a size and says so).
 */
export function imageAt(source: string, detail: string | null, offset: number): ImagePart {
  const data = source.startsWith('data:') ? source.slice(source.indexOf(',') + 1) : /^[A-Za-z0-9+/=\s]{64,}$/.test(source) ? source : '';
  const size = data ? imageSizeOfBase64(data) : null;
  return {
    detail: detail === 'low' || detail === 'high' || detail === 'original' ? detail : 'auto',
    width: size?.width ?? null,
    height: size?.height ?? null,
    offset,
  };
}

/**
 * Width and height of an inline (base64) PNG, GIF or JPEG, from its header: the only size a prompt
 * file can tell without fetching anything. Null for other formats or a damaged header.
 */
export function imageSizeOfBase64(base64: string): { width: number; height: number } | null {
  // A JPEG's size marker can sit after its metadata: 64 KB of header is plenty and bounds the work.
  const bytes = decodeBase64(base64.slice(0, 87_384));
  if (!bytes) return null;
  const u16 = (i: number) => ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  const u32 = (i: number) => u16(i) * 65536 + u16(i + 2);
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return sized(u32(16), u32(20));
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46)
    return sized((bytes[6] ?? 0) | ((bytes[7] ?? 0) << 8), (bytes[8] ?? 0) | ((bytes[9] ?? 0) << 8));
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length && bytes[i] === 0xff) {
      const marker = bytes[i + 1] ?? 0;
      // Start-of-frame markers (C0-CF except C4 DHT, C8, CC DAC) hold height then width.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return sized(u16(i + 7), u16(i + 5));
      i += 2 + u16(i + 2);
    }
  }
  return null;
}

function sized(width: number, height: number): { width: number; height: number } | null {
  return width > 0 && height > 0 && width <= 100_000 && height <= 100_000 ? { width, height } : null;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 without `atob`/`Buffer`, so the core runs the same in Node and a browser. */
function decodeBase64(text: string): Uint8Array | null {
  const clean = text.replace(/[\s=]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of clean) {
    const digit = BASE64.indexOf(char === '-' ? '+' : char === '_' ? '/' : char);
    if (digit === -1) return null;
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, at);
}

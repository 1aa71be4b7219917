// What a request bills as input besides its messages' text: tool (function) definitions, the
// tool_choice, a structured-output schema, and images. Read from a request body as OpenAI (Chat
// Completions, Responses) and Anthropic write it; priced per provider by `cost/requestParts.ts`.
import type { BilledParts, ImagePart, ToolChoice, ToolDefinition } from '../types';
import { member, stringMember, toValue, type JsonNode } from './jsonLocate';

/** The billed parts of a request body, or null when it has none. */
export function billedPartsOf(body: JsonNode): BilledParts | null {
  const tools = toolsOf(member(body, 'tools'));
  const toolChoice = toolChoiceOf(member(body, 'tool_choice'));
  const responseSchema = responseSchemaOf(body);
  const images = imagesOf(body);
  if (!tools.length && !responseSchema && !images.length) return null;
  return { tools, toolChoice, responseSchema, images };
}

function toolsOf(node: JsonNode | undefined): ToolDefinition[] {
  if (node?.kind !== 'array') return [];
  const tools: ToolDefinition[] = [];
  for (const item of node.items) {
    // Chat Completions nests the function; Responses and Anthropic write it flat (Anthropic: input_schema).
    const fn = member(item, 'function') ?? item;
    const name = stringMember(fn, 'name');
    if (!name) continue;
    const parameters = member(fn, 'parameters') ?? member(fn, 'input_schema');
    tools.push({ name, description: stringMember(fn, 'description') ?? '', parameters: parameters ? toValue(parameters) : null });
  }
  return tools;
}

function toolChoiceOf(node: JsonNode | undefined): ToolChoice | null {
  if (!node) return null;
  const type = node.kind === 'string' ? node.value : stringMember(node, 'type');
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

/** The JSON schema of Chat Completions `response_format`, Responses `text.format`, or Anthropic `output_config.format`, as compact JSON. */
function responseSchemaOf(body: JsonNode): string | null {
  const chat = member(body, 'response_format');
  const responses = member(member(body, 'text'), 'format');
  const anthropic = member(member(body, 'output_config'), 'format');
  for (const format of [chat, responses, anthropic]) {
    if (!format || stringMember(format, 'type') !== 'json_schema') continue;
    const schema = member(member(format, 'json_schema'), 'schema') ?? member(format, 'schema');
    if (schema) return JSON.stringify(toValue(schema));
  }
  return null;
}

const IMAGE_PART_TYPES = new Set(['image_url', 'input_image', 'image']);

function imagesOf(body: JsonNode): ImagePart[] {
  const images: ImagePart[] = [];
  for (const key of ['messages', 'input']) {
    const list = member(body, key);
    if (list?.kind !== 'array') continue;
    for (const message of list.items) {
      const content = member(message, 'content');
      if (content?.kind !== 'array') continue;
      for (const part of content.items) {
        const type = stringMember(part, 'type');
        if (type && IMAGE_PART_TYPES.has(type)) images.push(imageOf(part));
      }
    }
  }
  return images;
}

function imageOf(part: JsonNode): ImagePart {
  const imageUrl = member(part, 'image_url');
  const url = imageUrl?.kind === 'string' ? imageUrl.value : (stringMember(imageUrl, 'url') ?? '');
  const detail = stringMember(imageUrl, 'detail') ?? stringMember(part, 'detail');
  const source = member(part, 'source');
  const data = url.startsWith('data:') ? url.slice(url.indexOf(',') + 1) : (stringMember(source, 'data') ?? '');
  const size = data ? imageSizeOfBase64(data) : null;
  return {
    detail: detail === 'low' || detail === 'high' || detail === 'original' ? detail : 'auto',
    width: size?.width ?? null,
    height: size?.height ?? null,
    offset: part.start,
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

// Picoschema, Dotprompt's compact schema notation, expanded to the JSON Schema Genkit sends: an output
// schema is billed as that JSON, not as the YAML written. The rules are Picoschema's published ones
// (google/dotprompt, docs/reference/picoschema.md): `name: type, description`, `name?:` optional (and
// nullable), `name(array): items`, `name(object): {...}`, `name(enum): [..]`, `(*)` for other keys, and
// a mapping that is already JSON Schema (a `type` or `properties` at its top) is taken as it is.
import { isRecord } from './frontmatter';

const SCALARS = new Set(['any', 'boolean', 'integer', 'null', 'number', 'string']);
// Deeper than any real schema; a deeper one is not expanded (untrusted files are walked with a bound).
const MAX_DEPTH = 64;

/** The JSON Schema a Picoschema stands for, or null when it names a schema defined in code (its size is unknown here). */
export function picoschemaToJsonSchema(schema: unknown): unknown {
  try {
    if (typeof schema === 'string') return stringSchema(schema);
    if (isRecord(schema) && (isJsonSchemaType(schema.type) || isRecord(schema.properties)))
      return isRecord(schema.properties) ? { ...schema, type: 'object' } : schema;
    return pico(schema, 0);
  } catch {
    return null;
  }
}

function isJsonSchemaType(type: unknown): boolean {
  return typeof type === 'string' && (SCALARS.has(type) || type === 'object' || type === 'array');
}

/** `type, description`: the first comma ends the type. */
function typeAndDescription(text: string): [string, string | null] {
  const comma = text.indexOf(',');
  return comma === -1 ? [text.trim(), null] : [text.slice(0, comma).trim(), text.slice(comma + 1).trim()];
}

function stringSchema(text: string): Record<string, unknown> {
  const [type, description] = typeAndDescription(text);
  // A name that is not a scalar type is a schema registered in code.
  if (!SCALARS.has(type)) throw new Error(`named schema ${type}`);
  const schema: Record<string, unknown> = type === 'any' ? {} : { type };
  if (description) schema.description = description;
  return schema;
}

function pico(value: unknown, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw new Error('too deep');
  if (typeof value === 'string') return stringSchema(value);
  if (!isRecord(value)) throw new Error('Picoschema holds mappings and strings');
  const properties: [string, unknown][] = [];
  const required: string[] = [];
  let additional: unknown = false;
  for (const [key, inner] of Object.entries(value)) {
    if (key === '(*)') {
      additional = pico(inner, depth + 1);
      continue;
    }
    const open = key.indexOf('(');
    const head = open === -1 ? key : key.slice(0, open);
    const optional = head.endsWith('?');
    const name = optional ? head.slice(0, -1) : head;
    if (!optional) required.push(name);
    if (open === -1) {
      const property = { ...pico(inner, depth + 1) };
      if (optional && typeof property.type === 'string') property.type = [property.type, 'null'];
      properties.push([name, property]);
      continue;
    }
    const [kind, description] = typeAndDescription(key.slice(open + 1, key.endsWith(')') ? -1 : undefined));
    let property: Record<string, unknown>;
    if (kind === 'array') property = { type: optional ? ['array', 'null'] : 'array', items: pico(inner, depth + 1) };
    else if (kind === 'object') {
      property = pico(inner, depth + 1);
      if (optional) property.type = [property.type, 'null'];
    } else if (kind === 'enum')
      property = { enum: Array.isArray(inner) ? [...(inner as unknown[]), ...(optional && !inner.includes(null) ? [null] : [])] : [] };
    else throw new Error(`unknown parenthetical type ${kind}`);
    if (description) property.description = description;
    properties.push([name, property]);
  }
  return {
    type: 'object',
    properties: Object.fromEntries(properties),
    ...(required.length ? { required } : {}),
    additionalProperties: additional,
  };
}

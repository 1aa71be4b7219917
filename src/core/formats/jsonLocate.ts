// A JSON parser that remembers where every value sits in the file. JSON.parse gives values without
// positions, and the chat JSON / batch JSONL parsers must point messages at their content in the file.
// Strict JSON (no comments, no trailing commas), so what it accepts is what an API would accept.

export type JsonNode =
  | { kind: 'object'; start: number; end: number; entries: JsonEntry[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'number'; start: number; end: number; value: number }
  | { kind: 'boolean'; start: number; end: number; value: boolean }
  | { kind: 'null'; start: number; end: number; value: null };

export interface JsonEntry {
  key: string;
  keyStart: number;
  value: JsonNode;
}

export interface JsonParseResult {
  /** The value, or undefined when the text is not valid JSON. */
  root: JsonNode | undefined;
  /** Where and why parsing stopped; `tooDeep` when it stopped at the nesting limit (a `too-complex` file, not a typo). */
  error: { offset: number; message: string; tooDeep?: boolean } | undefined;
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
    readonly tooDeep = false,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** A counted limit, so a file is refused the same way on every thread, whatever its stack (the parser recurses per level). */
export const MAX_JSON_NESTING = 512;

/**
 * Parses `text.slice(start, end)` as one JSON value. Offsets in the result index into `text` itself,
 * so a JSONL line can be parsed in place without copying it.
 */
export function parseJsonLocated(text: string, start = 0, end = text.length): JsonParseResult {
  const parser = new Parser(text, start, end);
  try {
    const root = parser.document();
    return { root, error: undefined };
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      return { root: undefined, error: { offset: error.offset, message: error.message, ...(error.tooDeep ? { tooDeep: true } : {}) } };
    throw error;
  }
}

class Parser {
  private pos: number;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  document(): JsonNode {
    this.skipSpace();
    const root = this.value(0);
    this.skipSpace();
    if (this.pos < this.end) this.fail(`unexpected ${this.describe()} after the JSON value`);
    return root;
  }

  private value(depth: number): JsonNode {
    if (depth > MAX_JSON_NESTING) throw new JsonSyntaxError(this.pos, `nested more than ${MAX_JSON_NESTING} levels deep`, true);
    const start = this.pos;
    const char = this.text[this.pos];
    if (this.pos >= this.end) this.fail('unexpected end of input');
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === '"') return { kind: 'string', start, value: this.string(), end: this.pos };
    if (this.text.startsWith('true', start)) return this.literal('boolean', true, 4);
    if (this.text.startsWith('false', start)) return this.literal('boolean', false, 5);
    if (this.text.startsWith('null', start)) return this.literal('null', null, 4);
    NUMBER.lastIndex = start;
    const number = NUMBER.exec(this.text);
    if (number && start + number[0].length <= this.end) {
      this.pos += number[0].length;
      return { kind: 'number', start, end: this.pos, value: Number(number[0]) };
    }
    return this.fail(`unexpected ${this.describe()}`);
  }

  private literal<K extends 'boolean' | 'null'>(kind: K, value: K extends 'boolean' ? boolean : null, length: number): JsonNode {
    const start = this.pos;
    this.pos += length;
    if (this.pos > this.end) this.fail('unexpected end of input');
    return { kind, start, end: this.pos, value } as JsonNode;
  }

  private object(depth: number): JsonNode {
    const start = this.pos++;
    const entries: JsonEntry[] = [];
    this.skipSpace();
    if (this.text[this.pos] === '}' && this.pos < this.end) return { kind: 'object', start, end: ++this.pos, entries };
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"' || this.pos >= this.end) this.fail(`expected a property name in double quotes, found ${this.describe()}`);
      const keyStart = this.pos;
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':' || this.pos >= this.end) this.fail(`expected ':' after property "${key}", found ${this.describe()}`);
      this.pos++;
      this.skipSpace();
      entries.push({ key, keyStart, value: this.value(depth + 1) });
      this.skipSpace();
      const next = this.pos < this.end ? this.text[this.pos] : '';
      this.pos++;
      if (next === '}') return { kind: 'object', start, end: this.pos, entries };
      if (next !== ',') this.fail(`expected ',' or '}' after property "${key}", found ${this.describe(this.pos - 1)}`, this.pos - 1);
    }
  }

  private array(depth: number): JsonNode {
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']' && this.pos < this.end) return { kind: 'array', start, end: ++this.pos, items };
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.pos < this.end ? this.text[this.pos] : '';
      this.pos++;
      if (next === ']') return { kind: 'array', start, end: this.pos, items };
      if (next !== ',') this.fail(`expected ',' or ']' in a list, found ${this.describe(this.pos - 1)}`, this.pos - 1);
    }
  }

  /** Reads a string literal at `pos` and returns its decoded value. */
  private string(): string {
    const start = this.pos;
    let escaped = false;
    for (let i = start + 1; i < this.end; i++) {
      const code = this.text.charCodeAt(i);
      if (code === 0x22) {
        this.pos = i + 1;
        const literal = this.text.slice(start, this.pos);
        if (!escaped) return literal.slice(1, -1);
        try {
          return JSON.parse(literal) as string;
        } catch {
          return this.fail('invalid escape sequence in a string', start);
        }
      }
      if (code === 0x5c) {
        escaped = true;
        i++;
      } else if (code < 0x20) {
        this.fail('line break or control character inside a string (write it as \\n)', i);
      }
    }
    return this.fail('string is never closed', start);
  }

  private skipSpace(): void {
    while (this.pos < this.end) {
      const code = this.text.charCodeAt(this.pos);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      this.pos++;
    }
  }

  private describe(at = this.pos): string {
    if (at >= this.end) return 'end of input';
    return `'${this.text.slice(at, Math.min(at + 12, this.end)).split(/\r?\n/)[0]}'`;
  }

  private fail(message: string, offset = this.pos): never {
    throw new JsonSyntaxError(Math.min(offset, this.end), message);
  }
}

/** The value of property `key` of an object node (the last one, as JSON.parse would keep). */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.kind !== 'object') return undefined;
  return node.entries.findLast((entry) => entry.key === key)?.value;
}

export function stringMember(node: JsonNode | undefined, key: string): string | null {
  const value = member(node, key);
  return value?.kind === 'string' && value.value.trim() !== '' ? value.value : null;
}

/** The plain JavaScript value of a node, as JSON.parse would return it. */
export function toValue(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.entries.map((entry) => [entry.key, toValue(entry.value)]));
    case 'array':
      return node.items.map(toValue);
    default:
      return node.value;
  }
}

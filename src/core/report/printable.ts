// Text from prompt files (file names, model names, labels, messages quoting the file) reaches
// terminals, CI logs and pull-request comments. A newline in a file name could forge a CI log line
// ("ok    prompts/x.txt"), an ANSI escape could repaint the screen, a bidi override could make text
// read other than it is. Every such character is shown as an escape instead, in every format.

// C0 controls (tab and newline too: a cell or a line must stay one), DEL, C1 controls, and the
// Unicode line separators and bidi embedding/override/isolate controls.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const NAMED = new Map([
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

/** `text` with every control character shown as an escape (`\n`, `\x1b`, `\u202e`). */
export function printable(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE, (char) => {
    const named = NAMED.get(char);
    if (named) return named;
    const code = char.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A copy of plain report data with every string made printable, for the text renderings. */
export function printableData<T>(value: T): T {
  return deepPrintable(value) as T;
}

// Copies only what changes: almost every report holds no control character at all, and a plan of
// 10,000 files must not be copied whole to find that out.
function deepPrintable(value: unknown): unknown {
  if (typeof value === 'string') return printable(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const made = deepPrintable(item);
      if (made !== item) (copy ??= value.slice())[i] = made;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const made = deepPrintable(item);
    if (made === item) continue;
    // defineProperty: a key such as `__proto__` from a file stays a plain key.
    copy ??= Object.defineProperties({}, Object.getOwnPropertyDescriptors(value)) as Record<string, unknown>;
    Object.defineProperty(copy, key, { value: made, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? value;
}

// JSON.stringify escapes C0 controls but not DEL, C1 controls, line separators or bidi controls.
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** JSON for a terminal: valid JSON, with the characters JSON allows raw in strings escaped too. */
export function printableJson(value: unknown): string {
  // Outside strings JSON text is ASCII, so every match is inside a string, where `\uXXXX` is valid.
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

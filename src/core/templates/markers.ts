// A variable with no sample is rendered by the engine as a one-character marker from Unicode's
// private use area, so the engine decides how often it is sent (once, or once per loop iteration,
// or not at all in a branch not taken); the markers are then counted and removed, and each use is
// counted at the assumed size, as the report's assumptions say.

const FIRST = 0xe000;
const LAST = 0xf8ff;

export interface UnsampledMarkers {
  /** Variable name → its marker character. */
  byName: Map<string, string>;
  /** Marker character → variable name. */
  byMarker: Map<string, string>;
}

/** A marker for each name, none of which occurs in `text` (nor in the samples, given in `alsoAvoid`). */
export function markersFor(names: Iterable<string>, text: string, alsoAvoid = ''): UnsampledMarkers | null {
  const byName = new Map<string, string>();
  const byMarker = new Map<string, string>();
  let code = FIRST;
  for (const name of names) {
    while (code <= LAST && (text.includes(String.fromCharCode(code)) || alsoAvoid.includes(String.fromCharCode(code)))) code++;
    if (code > LAST) return null;
    const marker = String.fromCharCode(code++);
    byName.set(name, marker);
    byMarker.set(marker, name);
  }
  return { byName, byMarker };
}

/** `rendered` without the markers, and how many times each variable's marker occurred. */
export function takeMarkers(rendered: string, markers: UnsampledMarkers): { text: string; uses: Map<string, number> } {
  const uses = new Map<string, number>();
  if (markers.byMarker.size === 0) return { text: rendered, uses };
  let text = '';
  let from = 0;
  for (let i = 0; i < rendered.length; i++) {
    const code = rendered.charCodeAt(i);
    if (code < FIRST || code > LAST) continue;
    const name = markers.byMarker.get(rendered.charAt(i));
    if (name === undefined) continue;
    uses.set(name, (uses.get(name) ?? 0) + 1);
    text += rendered.slice(from, i);
    from = i + 1;
  }
  return { text: text + rendered.slice(from), uses };
}

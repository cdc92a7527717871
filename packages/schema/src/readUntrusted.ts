import * as Y from 'yjs';

// Readers of merged documents: any key may be missing or hold a value of any type, written by an old,
// newer or foreign client. These functions never throw; callers supply the fallback.

const MAX_DEPTH = 32;

/** A plain JSON-like object (not an array, not a Yjs type, not binary). */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Y.AbstractType) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Y.Doc)
  );
}

/** Reads `key` from a Y.Map or a plain object; anything else has no fields. */
export function readField(container: unknown, key: string): unknown {
  if (container instanceof Y.Map) return container.get(key);
  if (isPlainRecord(container) && Object.hasOwn(container, key)) return container[key];
  return undefined;
}

/** Own entries of a Y.Map or a plain object, sorted by key so every replica sees one order. */
export function readEntries(container: unknown): [string, unknown][] {
  let entries: [string, unknown][] = [];
  if (container instanceof Y.Map) entries = [...container.entries()];
  else if (isPlainRecord(container)) entries = Object.entries(container);
  return entries.filter(([key]) => key !== '__proto__').sort(([a], [b]) => compareStrings(a, b));
}

/** Strings, and Y.Text read as its content; anything else is the fallback. */
export function readString(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  if (value instanceof Y.Text) return value.toString();
  return fallback;
}

export function readFiniteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A detached plain copy: Yjs types become their JSON, so callers can never mutate the document. */
export function toPlainValue(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return null;
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? null : value;
  }
  if (value instanceof Y.Text) return value.toString();
  if (value instanceof Y.AbstractType) return toPlainValue(value.toJSON(), depth + 1);
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (value instanceof Y.Doc) return null;
  if (Array.isArray(value)) return value.map((item) => toPlainValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== '__proto__') out[key] = toPlainValue(item, depth + 1);
  }
  return out;
}

/** Code-unit order: unlike `localeCompare`, identical on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

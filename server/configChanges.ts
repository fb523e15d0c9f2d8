/**
 * What a configuration change changed, for the audit log: each changed value as "path:
 * before → after". Entries of a list that have an id (sections, counters, catalogue
 * entries) are named by it, so removing one section does not show every later one as
 * changed. Short, readable, and never more than a screenful.
 */

export interface ConfigChange {
  readonly path: string;
  /** The value before and after, as short text; null where there was none. */
  readonly before: string | null;
  readonly after: string | null;
}

const MAX_VALUE = 80;

function hasId(x: unknown): x is { id: string | number } {
  return typeof x === 'object' && x !== null && 'id' in x && (typeof x.id === 'string' || typeof x.id === 'number');
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(hasId)) {
      for (const item of value) flatten(item, `${path}[${item.id}]`, out);
    } else {
      out.set(path, short(value)); // a list of plain values reads best whole: [3,6,9,12]
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, path ? `${path}.${key}` : key, out);
  } else if (value !== undefined) {
    out.set(path, short(value));
  }
}

/** The values that differ between two configurations (or parts of one), at most `max` of them. */
export function configChanges(before: unknown, after: unknown, max = 40): { changes: ConfigChange[]; more: number } {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, '', a);
  flatten(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p));
  const changes = paths.slice(0, max).map((path) => ({ path, before: a.get(path) ?? null, after: b.get(path) ?? null }));
  return { changes, more: Math.max(0, paths.length - max) };
}

/**
 * An audit entry's details in a few readable lines: a configuration change as "field:
 * before → after", anything else as "what: value", lists as how many. Ids stay as they
 * are (they are what a supervisor searches the log by).
 */
import type { Translate } from '../../../shared/ui/I18nProvider.tsx';
import type { AuditEntry } from '../../../shared/api/adminTypes.ts';

const MAX_LINES = 6;
const MAX_TEXT = 60;

interface Change {
  readonly path: string;
  readonly before: string | null;
  readonly after: string | null;
}

function isChange(x: unknown): x is Change {
  return typeof x === 'object' && x !== null && typeof (x as Change).path === 'string';
}

function short(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function valueText(tc: Translate, value: unknown): string {
  if (typeof value === 'boolean') return tc(value ? 'audit.yes' : 'audit.no');
  if (Array.isArray(value)) return String(value.length);
  if (typeof value === 'object') return short(JSON.stringify(value));
  return short(String(value));
}

export function auditDetails(entry: AuditEntry, tc: Translate): string[] {
  const d = entry.details;
  if (Array.isArray(d.changes)) {
    const changes = d.changes.filter(isChange);
    const lines = changes.slice(0, MAX_LINES).map((c) => `${c.path}: ${c.before ?? '—'} → ${c.after ?? '—'}`);
    const more = changes.length - Math.min(changes.length, MAX_LINES) + (typeof d.more === 'number' ? d.more : 0);
    if (more > 0) lines.push(tc('audit.more', { count: more }));
    return lines;
  }
  const lines = Object.entries(d)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${tc(`audit.detail.${k}`, { defaultValue: k })}: ${valueText(tc, v)}`);
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), tc('audit.more', { count: lines.length - MAX_LINES })] : lines;
}

/**
 * Supervisor console API, part 5: the audit log, read back. Who looked up which person,
 * who changed which setting, sign-ins, enrollments, revocations: newest first, filtered
 * by office days, actor, kind of action and subject, and paged by `before` (an audit_id),
 * so a page never shifts when new rows arrive meanwhile.
 *
 * GET /api/admin/audit?from=YYYY-MM-DD&to=YYYY-MM-DD&actor=&action=&subject=&limit=&before=
 *   action: one or more names, comma-separated; a name ending in "." is a prefix
 *   ("person." = every person.* action).
 */
import type { Hono } from 'hono';
import type { AuditEntry } from '../../shared/api/adminTypes.ts';
import type { adminRoutes, ResponseOf } from '../../shared/api/contract/index.ts';
import { officeTime, type OfficeConfig } from '../../shared/domain/office.ts';
import { isDay } from '../../shared/sync/officeConfigSchema.ts';
import { officeOf, requireSupervisor } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { methodNotAllowed, queryInt } from '../http/routing.ts';
import type { SqlParam } from '../store/index.ts';

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;
const ACTION_TOKEN = /^[a-zA-Z]+(\.[a-zA-Z]+)*\.?$/;
const MAX_ACTIONS = 12;

interface AuditRow {
  audit_id: number;
  at: Date;
  actor_kind: AuditEntry['actorKind']; // the column's CHECK allows only these
  actor_id: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
}

function dayParam(raw: string | undefined, name: string): string | null {
  if (raw === undefined || raw === '') return null;
  if (!isDay(raw)) throw new HttpError(400, 'invalid_request', `${name}: must be a real date YYYY-MM-DD`);
  return raw;
}

function textParam(raw: string | undefined, name: string, max: number): string | null {
  const value = raw?.trim();
  if (!value) return null;
  if (value.length > max || [...value].some((ch) => ch.charCodeAt(0) < 0x20)) {
    throw new HttpError(400, 'invalid_request', `${name}: must be at most ${max} characters of text`);
  }
  return value;
}

/** LIKE patterns for the `action` filter: exact names, and prefixes for names ending in ".". */
function actionPatterns(raw: string | undefined): string[] | null {
  const value = raw?.trim();
  if (!value) return null;
  const tokens = value.split(',').map((t) => t.trim()).filter(Boolean);
  if (tokens.length === 0) return null;
  if (tokens.length > MAX_ACTIONS || !tokens.every((t) => ACTION_TOKEN.test(t))) {
    throw new HttpError(400, 'invalid_request', `action: must be up to ${MAX_ACTIONS} action names (letters and dots), comma-separated`);
  }
  // Names are letters and dots only, so they hold no LIKE wildcard of their own.
  return tokens.map((t) => (t.endsWith('.') ? `${t}%` : t));
}

function nextDay(day: string): string {
  const [y = 0, m = 0, d = 0] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export function registerAdminAuditRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const sup = requireSupervisor(deps);

  app.get('/api/admin/audit', sup, async (c) => {
    const officeId = officeOf(c);
    const from = dayParam(c.req.query('from'), 'from');
    const to = dayParam(c.req.query('to'), 'to');
    if (from && to && to < from) throw new HttpError(400, 'invalid_request', 'to: must not be before from');
    const actor = textParam(c.req.query('actor'), 'actor', 64);
    const subject = textParam(c.req.query('subject'), 'subject', 100);
    const actions = actionPatterns(c.req.query('action'));
    const limit = queryInt(c.req.query('limit'), 'limit', AUDIT_PAGE_DEFAULT, 1, AUDIT_PAGE_MAX);
    const before = queryInt(c.req.query('before'), 'before', 0, 1, Number.MAX_SAFE_INTEGER);

    const offices = await deps.store.query<{ config: OfficeConfig }>('SELECT config FROM offices WHERE office_id = $1', [officeId]);
    const timeZone = offices[0]?.config.settings.timeZone ?? 'UTC';
    const params: SqlParam[] = [officeId];
    const where = ['office_id = $1'];
    const add = (sql: (n: string) => string, value: SqlParam): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    // Days are the office's days: from its midnight to the next one.
    if (from) add((n) => `at >= ${n}`, new Date(officeTime(from, 0, timeZone)));
    if (to) add((n) => `at < ${n}`, new Date(officeTime(nextDay(to), 0, timeZone)));
    if (actor) add((n) => `actor_id = ${n}`, actor);
    if (subject) add((n) => `subject = ${n}`, subject);
    if (actions) add((n) => `action LIKE ANY(${n}::text[])`, `{${actions.join(',')}}`);
    if (before) add((n) => `audit_id < ${n}`, before);
    params.push(limit + 1);
    const rows = await deps.store.query<AuditRow>(
      `SELECT audit_id, at, actor_kind, actor_id, action, subject, details FROM audit_log
        WHERE ${where.join(' AND ')} ORDER BY audit_id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return c.json({
      entries: page.map((r) => ({
        auditId: Number(r.audit_id),
        at: r.at.getTime(),
        actorKind: r.actor_kind,
        actorId: r.actor_id,
        action: r.action,
        subject: r.subject,
        details: r.details,
      })),
      nextBefore: rows.length > limit && last ? Number(last.audit_id) : null,
    } satisfies ResponseOf<typeof adminRoutes.audit>);
  });

  methodNotAllowed(app, ['/api/admin/audit']);
}

/**
 * Bearer-token middleware for devices and supervisors. A token is looked up by its
 * SHA-256; its prefix only lets us answer "wrong kind of token" (403) without a lookup.
 * Missing/unknown → 401 `unauthorized`, revoked device → 401 `device_revoked`, a valid
 * token of the wrong role or kind → 403 `forbidden`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import type { DeviceRole } from '../../shared/sync/mutations.ts';
import { sha256, tokenKindOf } from '../security/secrets.ts';
import type { AppDeps, AppEnv, AuthDevice, AuthSupervisor, SupervisorRole } from './context.ts';
import { HttpError } from './errors.ts';
import { soleRow } from '../store/sql.ts';

/** last_seen_at / last_active_at are refreshed at most this often (ms), to spare writes. */
const TOUCH_INTERVAL_MS = 60_000;

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

interface DeviceRow {
  device_id: string;
  office_id: string;
  role: DeviceRole;
  kiosk_no: number | null;
  label: string | null;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  config: OfficeConfig;
}

/** Resolves a device token; throws the right 401/403. */
export async function authenticateDevice(deps: AppDeps, token: string | null, roles: readonly DeviceRole[]): Promise<AuthDevice> {
  if (!token) throw new HttpError(401, 'unauthorized', 'missing bearer token');
  const kind = tokenKindOf(token);
  if (kind !== null && kind !== 'device') throw new HttpError(403, 'forbidden', 'this endpoint needs a device token');
  const rows = await deps.store.query<DeviceRow>(
    `SELECT d.device_id, d.office_id, d.role, d.kiosk_no, d.label, d.revoked_at, d.last_seen_at, o.config
       FROM devices d JOIN offices o ON o.office_id = d.office_id
      WHERE d.token_hash = $1`,
    [sha256(token)],
  );
  const row = soleRow(rows);
  if (!row) throw new HttpError(401, 'unauthorized', 'unknown device token');
  if (row.revoked_at) throw new HttpError(401, 'device_revoked', 'this device was revoked; enroll it again');
  if (!roles.includes(row.role)) throw new HttpError(403, 'forbidden', `a ${row.role} device may not use this endpoint`);
  const now = deps.clock();
  if (!row.last_seen_at || now - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await deps.store.query('UPDATE devices SET last_seen_at = $3 WHERE office_id = $1 AND device_id = $2', [
      row.office_id,
      row.device_id,
      new Date(now),
    ]);
  }
  return {
    deviceId: row.device_id,
    officeId: row.office_id,
    role: row.role,
    kioskNo: row.kiosk_no,
    label: row.label,
    config: row.config,
  };
}

/** Middleware: a device of one of `roles` is required; sets `c.var.device`. */
export function requireDevice(deps: AppDeps, roles: readonly DeviceRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('device', await authenticateDevice(deps, bearerToken(c), roles));
    await next();
  };
}

interface SupervisorSessionRow {
  session_id: string;
  office_id: string;
  username: string;
  role: SupervisorRole;
  expires_at: Date;
  last_active_at: Date;
}

/** What a director may call: reading, and ending their own session. */
const DIRECTOR_READS = new Set(['GET', 'HEAD']);
const DIRECTOR_MAY_POST = new Set(['/api/admin/sign-out']);

/**
 * The office a console request reads: the account's own, or for a director the one named
 * by `?office=` (checked to exist). A supervisor naming another office gets 403. Decided
 * once here for every console route, so a route that forgets to look still cannot be
 * pointed at another office.
 */
async function officeToRead(deps: AppDeps, supervisor: AuthSupervisor, requested: string | undefined): Promise<string> {
  if (requested === undefined || requested === '' || requested === supervisor.officeId) return supervisor.officeId;
  if (supervisor.role !== 'director') throw new HttpError(403, 'forbidden', 'a supervisor reads only their own office');
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(requested)) throw new HttpError(400, 'invalid_request', 'office: is not an office id');
  const rows = await deps.store.query('SELECT 1 FROM offices WHERE office_id = $1', [requested]);
  if (rows.length === 0) throw new HttpError(404, 'unknown_office', `office: there is no office "${requested}"`);
  return requested;
}

/** The office this console request reads (set by requireSupervisor). */
export function officeOf(c: Context<AppEnv>): string {
  return c.get('office');
}

/**
 * Middleware: a live supervisor session is required; sets `c.var.supervisor` and the
 * office the request reads (`officeOf`). A director's session is read-only: anything but
 * a read (or signing out) is refused here, for every console route at once.
 */
export function requireSupervisor(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c);
    if (!token) throw new HttpError(401, 'unauthorized', 'missing bearer token');
    const kind = tokenKindOf(token);
    if (kind !== null && kind !== 'supervisor') throw new HttpError(403, 'forbidden', 'this endpoint needs a supervisor sign-in');
    const now = deps.clock();
    const rows = await deps.store.query<SupervisorSessionRow>(
      `SELECT s.session_id, s.office_id, s.username, u.role, s.expires_at, s.last_active_at
         FROM supervisor_sessions s JOIN supervisors u ON u.office_id = s.office_id AND u.username = s.username
        WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > $2`,
      [sha256(token), new Date(now)],
    );
    const row = soleRow(rows);
    if (!row) throw new HttpError(401, 'unauthorized', 'unknown or expired supervisor session; sign in again');
    if (now - row.last_active_at.getTime() > TOUCH_INTERVAL_MS) {
      await deps.store.query('UPDATE supervisor_sessions SET last_active_at = $3 WHERE office_id = $1 AND session_id = $2', [
        row.office_id,
        row.session_id,
        new Date(now),
      ]);
    }
    const supervisor: AuthSupervisor = {
      sessionId: row.session_id,
      officeId: row.office_id,
      username: row.username,
      role: row.role,
      expiresAt: row.expires_at.getTime(),
    };
    if (supervisor.role === 'director' && !DIRECTOR_READS.has(c.req.method) && !DIRECTOR_MAY_POST.has(c.req.path)) {
      throw new HttpError(403, 'forbidden', 'a director may only read: ask the office supervisor to make this change');
    }
    c.set('supervisor', supervisor);
    c.set('office', await officeToRead(deps, supervisor, c.req.query('office')));
    await next();
  };
}

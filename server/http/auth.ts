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
import type { AppDeps, AppEnv, AuthDevice } from './context.ts';
import { HttpError } from './errors.ts';

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
  label: string;
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
  const row = rows[0];
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
  expires_at: Date;
  last_active_at: Date;
}

/** Middleware: a live supervisor session is required; sets `c.var.supervisor`. */
export function requireSupervisor(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c);
    if (!token) throw new HttpError(401, 'unauthorized', 'missing bearer token');
    const kind = tokenKindOf(token);
    if (kind !== null && kind !== 'supervisor') throw new HttpError(403, 'forbidden', 'this endpoint needs a supervisor sign-in');
    const now = deps.clock();
    const rows = await deps.store.query<SupervisorSessionRow>(
      `SELECT session_id, office_id, username, expires_at, last_active_at
         FROM supervisor_sessions
        WHERE token_hash = $1 AND ended_at IS NULL AND expires_at > $2`,
      [sha256(token), new Date(now)],
    );
    const row = rows[0];
    if (!row) throw new HttpError(401, 'unauthorized', 'unknown or expired supervisor session; sign in again');
    if (now - row.last_active_at.getTime() > TOUCH_INTERVAL_MS) {
      await deps.store.query('UPDATE supervisor_sessions SET last_active_at = $3 WHERE office_id = $1 AND session_id = $2', [
        row.office_id,
        row.session_id,
        new Date(now),
      ]);
    }
    c.set('supervisor', {
      sessionId: row.session_id,
      officeId: row.office_id,
      username: row.username,
      expiresAt: row.expires_at.getTime(),
    });
    await next();
  };
}

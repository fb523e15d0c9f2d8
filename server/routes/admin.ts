/**
 * Supervisor console API, part 1: the supervisor's own session, enrollment codes and the
 * device list (with renaming). Every route but sign-in needs `Authorization: Bearer
 * <supervisor token>`; a director's token reads only (see requireSupervisor).
 */
import type { Hono } from 'hono';
import * as v from 'valibot';
import type { adminRoutes, ResponseOf } from '../../shared/api/contract/index.ts';
import type { AdminDevice } from '../../shared/api/adminTypes.ts';
import type { DeviceRole } from '../../shared/sync/mutations.ts';
import { DEVICE_ROLES } from '../../shared/sync/mutations.ts';
import { audit } from '../audit.ts';
import { officeOf, requireSupervisor } from '../http/auth.ts';
import type { AppDeps, AppEnv, SupervisorRole } from '../http/context.ts';
import { createEnrollment } from '../enrollment.ts';
import { cleanText, HttpError, readJson } from '../http/errors.ts';
import { Backoff, clientOf } from '../http/rateLimit.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { checkCredential } from '../security/credentials.ts';
import { newId, newToken, sha256, UUID_RE, verifyAgainstDummy } from '../security/secrets.ts';

const HOUR_MS = 3_600_000;
export const SUPERVISOR_SESSION_MS = 12 * HOUR_MS;
/** A supervisor account locked before sign-ins were slowed per client (issue 12, point 3) opens again after this. */
export const SUPERVISOR_LOCK_MS = 15 * 60_000;
/**
 * Failed supervisor sign-ins slow down the client that makes them (five free, then 1 s,
 * 2 s, 4 s … up to 15 minutes between tries) instead of locking the account, which a
 * stranger typing wrong passwords could otherwise keep closed on the supervisor.
 */
export const SIGN_IN_BACKOFF = { free: 5, firstMs: 1000, maxMs: 15 * 60_000 } as const;

const signInSchema = v.strictObject({
  username: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[a-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, . _ -')),
  password: v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(200)),
  officeId: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'is not an office id'))),
});

const label = v.pipe(v.string(), v.trim(), v.maxLength(60, 'must be at most 60 characters'));

const enrollmentSchema = v.strictObject({
  role: v.picklist(DEVICE_ROLES, 'must be kiosk, counter or display'),
  label: v.optional(label),
});

/** An empty or null label gives the device back its default name (role and kiosk number). */
const renameSchema = v.strictObject({ label: v.nullable(label) });

interface DeviceRow {
  device_id: string;
  role: DeviceRole;
  /** Only what a supervisor typed; the console names the others by role and kiosk number. */
  label: string | null;
  kiosk_no: number | null;
  next_seq: number;
  created_at: Date;
  last_seen_at: Date | null;
  revoked_at: Date | null;
}

function deviceView(r: DeviceRow): AdminDevice {
  return {
    deviceId: r.device_id,
    role: r.role,
    label: r.label,
    kioskNo: r.kiosk_no,
    nextSeq: r.next_seq,
    createdAt: r.created_at.getTime(),
    lastSeenAt: r.last_seen_at?.getTime() ?? null,
    revokedAt: r.revoked_at?.getTime() ?? null,
  };
}

const DEVICE_COLUMNS = 'device_id, role, label, kiosk_no, next_seq, created_at, last_seen_at, revoked_at';

export function registerAdminRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const sup = requireSupervisor(deps);

  const signIns = new Backoff(SIGN_IN_BACKOFF, deps.clock);

  app.post('/api/admin/sign-in', async (c) => {
    const client = clientOf(c);
    signIns.check(client);
    const body = await readJson(c, signInSchema);
    const officeId = body.officeId ?? deps.defaultOfficeId;
    const now = deps.clock();
    const offices = await deps.store.query<{ max: number }>(
      `SELECT (config->'settings'->>'maxPinAttempts')::int AS max FROM offices WHERE office_id = $1`,
      [officeId],
    );
    if (!offices[0]) {
      await verifyAgainstDummy(body.password); // same time as a real check: no office enumeration
      signIns.fail(client);
      throw new HttpError(401, 'bad_credentials', 'wrong credentials');
    }
    const target = {
      table: 'supervisors',
      officeId,
      id: body.username,
      maxAttempts: Number.MAX_SAFE_INTEGER, // never locked by attempts: the client is slowed instead
      lockMs: SUPERVISOR_LOCK_MS,
      details: { client },
    } as const;
    const result = await checkCredential(deps.store, now, target, body.password, async (q) => {
      const token = newToken('supervisor');
      const sessionId = newId();
      const expiresAt = now + SUPERVISOR_SESSION_MS;
      await q.query(
        `INSERT INTO supervisor_sessions (session_id, office_id, token_hash, username, created_at, expires_at, last_active_at)
         VALUES ($1, $2, $3, $4, $5, $6, $5)`,
        [sessionId, officeId, sha256(token), body.username, new Date(now), new Date(expiresAt)],
      );
      const account = await q.query<{ role: SupervisorRole }>('SELECT role FROM supervisors WHERE office_id = $1 AND username = $2', [
        officeId,
        body.username,
      ]);
      const role = account[0]?.role ?? 'supervisor';
      await audit(q, { officeId, at: now, actorKind: 'supervisor', actorId: body.username, action: 'supervisor.signedIn', subject: sessionId, details: { role } });
      return { token, username: body.username, officeId, role, expiresAt };
    }).catch((error: unknown) => {
      if (error instanceof HttpError && error.code === 'bad_credentials') signIns.fail(client);
      throw error;
    });
    signIns.succeed(client);
    return c.json(result satisfies ResponseOf<typeof adminRoutes.signIn>);
  });

  app.post('/api/admin/sign-out', sup, async (c) => {
    const s = c.get('supervisor');
    const now = deps.clock();
    await deps.store.tx(async (q) => {
      await q.query(
        `UPDATE supervisor_sessions SET ended_at = $3, end_reason = 'signedOut' WHERE office_id = $1 AND session_id = $2 AND ended_at IS NULL`,
        [s.officeId, s.sessionId, new Date(now)],
      );
      await audit(q, { officeId: s.officeId, at: now, actorKind: 'supervisor', actorId: s.username, action: 'supervisor.signedOut', subject: s.sessionId });
    });
    return c.json({ ok: true } satisfies ResponseOf<typeof adminRoutes.signOut>);
  });

  app.get('/api/admin/me', sup, (c) => {
    const s = c.get('supervisor');
    return c.json({ username: s.username, officeId: s.officeId, role: s.role, expiresAt: s.expiresAt });
  });

  app.post('/api/admin/enrollments', sup, async (c) => {
    const body = await readJson(c, enrollmentSchema);
    const s = c.get('supervisor');
    const now = deps.clock();
    const enrollment = await deps.store.tx((q) =>
      createEnrollment(q, { officeId: s.officeId, role: body.role, label: body.label, createdBy: s.username, now }),
    );
    return c.json(enrollment satisfies ResponseOf<typeof adminRoutes.createEnrollment>, 201);
  });

  app.get('/api/admin/devices', sup, async (c) => {
    const rows = await deps.store.query<DeviceRow>(
      `SELECT ${DEVICE_COLUMNS} FROM devices WHERE office_id = $1 ORDER BY revoked_at IS NOT NULL, role, kiosk_no, created_at`,
      [officeOf(c)],
    );
    return c.json({ devices: rows.map(deviceView) } satisfies ResponseOf<typeof adminRoutes.devices>);
  });

  app.put('/api/admin/devices/:id/label', sup, async (c) => {
    const s = c.get('supervisor');
    const id = c.req.param('id');
    if (!UUID_RE.test(id)) throw new HttpError(404, 'device_not_found', 'no such device');
    const body = await readJson(c, renameSchema);
    const next = body.label ? cleanText(body.label) : null;
    const now = deps.clock();
    const device = await deps.store.tx(async (q) => {
      const rows = await q.query<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE office_id = $1 AND device_id = $2 FOR UPDATE`, [s.officeId, id]);
      const row = rows[0];
      if (!row) throw new HttpError(404, 'device_not_found', 'no such device');
      if (row.label === next) return row;
      await q.query('UPDATE devices SET label = $3 WHERE office_id = $1 AND device_id = $2', [s.officeId, id, next]);
      await audit(q, {
        officeId: s.officeId,
        at: now,
        actorKind: 'supervisor',
        actorId: s.username,
        action: 'device.renamed',
        subject: id,
        details: { role: row.role, kioskNo: row.kiosk_no, before: row.label, after: next },
      });
      return { ...row, label: next };
    });
    return c.json(deviceView(device) satisfies ResponseOf<typeof adminRoutes.renameDevice>);
  });

  app.post('/api/admin/devices/:id/revoke', sup, async (c) => {
    const s = c.get('supervisor');
    const id = c.req.param('id');
    if (!UUID_RE.test(id)) throw new HttpError(404, 'device_not_found', 'no such device');
    const now = deps.clock();
    const device = await deps.store.tx(async (q) => {
      const rows = await q.query<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE office_id = $1 AND device_id = $2 FOR UPDATE`, [
        s.officeId,
        id,
      ]);
      const row = rows[0];
      if (!row) throw new HttpError(404, 'device_not_found', 'no such device');
      if (row.revoked_at) return row; // revoking twice changes nothing
      await q.query('UPDATE devices SET revoked_at = $3 WHERE office_id = $1 AND device_id = $2', [s.officeId, id, new Date(now)]);
      const ended = await q.query(
        `UPDATE officer_sessions SET ended_at = $3, end_reason = 'deviceRevoked'
          WHERE office_id = $1 AND device_id = $2 AND ended_at IS NULL RETURNING session_id`,
        [s.officeId, id, new Date(now)],
      );
      await audit(q, {
        officeId: s.officeId,
        at: now,
        actorKind: 'supervisor',
        actorId: s.username,
        action: 'device.revoked',
        subject: id,
        details: { role: row.role, label: row.label, kioskNo: row.kiosk_no, endedSessions: ended.length },
      });
      return { ...row, revoked_at: new Date(now) };
    });
    return c.json(deviceView(device) satisfies ResponseOf<typeof adminRoutes.revokeDevice>);
  });

  methodNotAllowed(app, [
    '/api/admin/sign-in',
    '/api/admin/sign-out',
    '/api/admin/me',
    '/api/admin/enrollments',
    '/api/admin/devices',
    '/api/admin/devices/:id/revoke',
    '/api/admin/devices/:id/label',
  ]);
}

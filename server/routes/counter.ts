/**
 * Officer sessions on a counter terminal. The terminal is a device (its token); the
 * officer signs in on it with badge + PIN and gets a session bound to that device and
 * counter. Session calls carry the session token in `X-Officer-Session`. Mutations
 * reference the session by id; a supervisor ending it makes its later writes refused.
 */
import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import type { LocalizedText } from '../../shared/domain/office.ts';
import type { OfficerSession } from '../../shared/sync/protocol.ts';
import { signInRequestSchema } from '../../shared/sync/protocol.ts';
import { audit } from '../audit.ts';
import { requireDevice } from '../http/auth.ts';
import type { AppDeps, AppEnv, AuthDevice } from '../http/context.ts';
import { HttpError, readJson } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { checkCredential } from '../security/credentials.ts';
import { newId, newToken, sha256, UUID_RE } from '../security/secrets.ts';

const HOUR_MS = 3_600_000;
const unlockSchema = v.strictObject({ pin: signInRequestSchema.entries.pin });

/** POST /api/counter/sign-in: the protocol's OfficerSession plus the name in both languages. */
export type SignInResponse = OfficerSession & { readonly names: LocalizedText };

/** GET /api/counter/session and POST /api/counter/unlock: the session without its token. */
export interface OfficerSessionState {
  readonly sessionId: string;
  readonly badge: string;
  readonly name: string;
  readonly names: LocalizedText;
  readonly counterId: number;
  readonly createdAt: number;
  readonly lastActiveAt: number;
  readonly expiresAt: number;
}

interface SessionRow {
  session_id: string;
  badge: string;
  counter_id: number;
  created_at: Date;
  last_active_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  name: LocalizedText;
}

function toState(r: SessionRow): OfficerSessionState {
  return {
    sessionId: r.session_id,
    badge: r.badge,
    name: r.name.en,
    names: r.name,
    counterId: r.counter_id,
    createdAt: r.created_at.getTime(),
    lastActiveAt: r.last_active_at.getTime(),
    expiresAt: r.expires_at.getTime(),
  };
}

/** The live session named by `X-Officer-Session` on this device; 401 `session_invalid` otherwise. */
export async function liveSession(deps: AppDeps, c: Context<AppEnv>, device: AuthDevice): Promise<SessionRow> {
  const token = c.req.header('x-officer-session');
  if (!token) throw new HttpError(401, 'session_invalid', 'missing X-Officer-Session header');
  const rows = await deps.store.query<SessionRow>(
    `SELECT s.session_id, s.badge, s.counter_id, s.created_at, s.last_active_at, s.expires_at, s.ended_at, o.name
       FROM officer_sessions s JOIN officers o ON o.office_id = s.office_id AND o.badge = s.badge
      WHERE s.office_id = $1 AND s.device_id = $2 AND s.token_hash = $3`,
    [device.officeId, device.deviceId, sha256(token)],
  );
  const row = rows[0];
  if (!row || row.ended_at || row.expires_at.getTime() <= deps.clock()) {
    throw new HttpError(401, 'session_invalid', 'the officer session has ended; sign in again');
  }
  return row;
}

export function registerCounterRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const counterOnly = requireDevice(deps, ['counter']);

  app.post('/api/counter/sign-in', counterOnly, async (c) => {
    const body = await readJson(c, signInRequestSchema);
    const device = c.get('device');
    const { settings, counters } = device.config;
    if (!counters.some((x) => x.id === body.counterId)) {
      throw new HttpError(400, 'invalid_request', `counterId: there is no counter ${body.counterId} in this office`);
    }
    const now = deps.clock();
    const details = { deviceId: device.deviceId, counterId: body.counterId };
    const target = { table: 'officers', officeId: device.officeId, id: body.badge, maxAttempts: settings.maxPinAttempts, lockMs: null, details } as const;
    const session = await checkCredential(deps.store, now, target, body.pin, async (q): Promise<SignInResponse> => {
      // One officer per terminal: a new sign-in replaces whoever was signed in here.
      const replaced = await q.query<{ session_id: string }>(
        `UPDATE officer_sessions SET ended_at = $3, end_reason = 'replaced'
          WHERE office_id = $1 AND device_id = $2 AND ended_at IS NULL RETURNING session_id`,
        [device.officeId, device.deviceId, new Date(now)],
      );
      const sessionId = newId();
      const token = newToken('officer');
      const expiresAt = now + settings.sessionHours * HOUR_MS;
      await q.query(
        `INSERT INTO officer_sessions (session_id, office_id, token_hash, badge, device_id, counter_id, created_at, expires_at, last_active_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7)`,
        [sessionId, device.officeId, sha256(token), body.badge, device.deviceId, body.counterId, new Date(now), new Date(expiresAt)],
      );
      const officer = await q.query<{ name: LocalizedText }>('SELECT name FROM officers WHERE office_id = $1 AND badge = $2', [
        device.officeId,
        body.badge,
      ]);
      await audit(q, { officeId: device.officeId, at: now, actorKind: 'officer', actorId: body.badge, action: 'officer.signedIn', subject: sessionId, details: { ...details, replacedSessions: replaced.map((r) => r.session_id) } });
      const names = officer[0]?.name ?? { en: body.badge, ar: body.badge };
      return { sessionId, token, badge: body.badge, name: names.en, counterId: body.counterId, expiresAt, names };
    });
    return c.json(session);
  });

  app.post('/api/counter/unlock', counterOnly, async (c) => {
    const device = c.get('device');
    const session = await liveSession(deps, c, device);
    const body = await readJson(c, unlockSchema);
    const now = deps.clock();
    const details = { deviceId: device.deviceId, counterId: session.counter_id, sessionId: session.session_id };
    const target = { table: 'officers', officeId: device.officeId, id: session.badge, maxAttempts: device.config.settings.maxPinAttempts, lockMs: null, details } as const;
    await checkCredential(deps.store, now, target, body.pin, async (q) => {
      await q.query('UPDATE officer_sessions SET last_active_at = $3 WHERE office_id = $1 AND session_id = $2', [
        device.officeId,
        session.session_id,
        new Date(now),
      ]);
      await audit(q, { officeId: device.officeId, at: now, actorKind: 'officer', actorId: session.badge, action: 'officer.unlockedTerminal', subject: session.session_id, details });
    });
    return c.json(toState({ ...session, last_active_at: new Date(now) }));
  });

  app.post('/api/counter/sign-out', counterOnly, async (c) => {
    const device = c.get('device');
    const session = await liveSession(deps, c, device);
    const now = deps.clock();
    await deps.store.tx(async (q) => {
      await q.query(
        `UPDATE officer_sessions SET ended_at = $3, end_reason = 'signedOut'
          WHERE office_id = $1 AND session_id = $2 AND ended_at IS NULL`,
        [device.officeId, session.session_id, new Date(now)],
      );
      await audit(q, {
        officeId: device.officeId,
        at: now,
        actorKind: 'officer',
        actorId: session.badge,
        action: 'officer.signedOut',
        subject: session.session_id,
        details: { deviceId: device.deviceId, counterId: session.counter_id },
      });
    });
    return c.json({ ok: true, sessionId: session.session_id });
  });

  app.get('/api/counter/session', counterOnly, async (c) => {
    return c.json(toState(await liveSession(deps, c, c.get('device'))));
  });

  /**
   * The identity number the resident typed at the kiosk (or booked with), for the ticket
   * this officer's counter is serving. A lookup of a person: audited, whether or not a
   * number was there, without the number itself in the log.
   */
  app.get('/api/counter/tickets/:ticketId/identity', counterOnly, async (c) => {
    const device = c.get('device');
    const ticketId = c.req.param('ticketId');
    if (!UUID_RE.test(ticketId)) throw new HttpError(400, 'invalid_ticket', 'the ticket id must be a UUID');
    const session = await liveSession(deps, c, device);
    const now = deps.clock();
    const result = await deps.store.tx(async (q) => {
      const rows = await q.query<{ status: string; counter_id: number | null; id_number: string | null; source: string | null }>(
        `SELECT t.status, t.counter_id, i.id_number, i.source
           FROM tickets t LEFT JOIN ticket_identities i ON i.office_id = t.office_id AND i.ticket_id = t.ticket_id
          WHERE t.office_id = $1 AND t.ticket_id = $2`,
        [device.officeId, ticketId],
      );
      const row = rows[0];
      if (!row) throw new HttpError(404, 'ticket_unknown', 'no such ticket on the server yet; try again when it has synced');
      const atThisCounter = row.counter_id === session.counter_id && ['called', 'serving', 'parked'].includes(row.status);
      if (!atThisCounter) throw new HttpError(403, 'not_your_ticket', 'only the counter serving this ticket may see its number');
      await audit(q, {
        officeId: device.officeId,
        at: now,
        actorKind: 'officer',
        actorId: session.badge,
        action: 'person.lookup',
        subject: ticketId,
        details: { what: 'ticket.idNumber', deviceId: device.deviceId, counterId: session.counter_id, found: row.id_number !== null },
      });
      return row;
    });
    if (!result.id_number) throw new HttpError(404, 'no_id_number', 'no identity number was given for this ticket');
    return c.json({ idNumber: result.id_number, source: result.source });
  });

  methodNotAllowed(app, ['/api/counter/sign-in', '/api/counter/unlock', '/api/counter/sign-out', '/api/counter/session',
    '/api/counter/tickets/:ticketId/identity']);
}

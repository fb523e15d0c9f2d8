/**
 * Officer sessions on a counter terminal. The terminal is a device (its token); the
 * officer signs in on it with badge + PIN and gets a session bound to that device and
 * counter. Session calls carry the session token in `X-Officer-Session`. Mutations
 * reference the session by id; a supervisor ending it makes its later writes refused.
 */
import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import type { routes, ResponseOf } from '../../shared/api/contract/index.ts';
import type { OfficerSessionState, SignInResponse, TicketIdentity } from '../../shared/api/counterTypes.ts';
import type { LocalizedText } from '../../shared/domain/office.ts';
import { int32 } from '../../shared/sync/bounds.ts';
import { signInRequestSchema } from '../../shared/sync/protocol.ts';
import { PRESENCE_TIMEOUT_MS } from '../../shared/domain/metrics/types.ts';
import { audit } from '../audit.ts';
import { requireDevice } from '../http/auth.ts';
import type { AppDeps, AppEnv, AuthDevice } from '../http/context.ts';
import { HttpError, readJson, readOptionalJson } from '../http/errors.ts';
import type { Queryable } from '../store/index.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { checkCredential } from '../security/credentials.ts';
import { newId, newToken, sha256, UUID_RE } from '../security/secrets.ts';

const HOUR_MS = 3_600_000;
/** The last change the terminal made under the session (its outbox's highest seq). */
const lastSeq = v.optional(int32(0));
const unlockSchema = v.strictObject({ pin: signInRequestSchema.entries.pin, lastSeq });
const signOutSchema = v.strictObject({ lastSeq });
/**
 * The store's own idle limit, on top of the terminal's idle lock: the terminal reports the
 * officer's last touch in its heartbeats, so a session the officer left is refused here a
 * little after the terminal locked itself, even if the terminal did not (issue 12, point 1).
 */
const IDLE_GRACE_MS = 2 * 60_000;
/** last_active_at is refreshed at most this often by a session's calls. */
const TOUCH_MS = 30_000;

interface SessionRow {
  session_id: string;
  badge: string;
  counter_id: number;
  created_at: Date;
  last_active_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  locked_at: Date | null;
  officer_locked: boolean;
  name: LocalizedText;
}

/**
 * What a call does with the session: `work` (look a person up, send a code, read a
 * number) needs it unlocked and recently used; `unlock` and `end` are what a locked
 * terminal may still do.
 */
export type SessionUse = 'work' | 'unlock' | 'end';

/** Ends a session on the store; changes the terminal made after `lastSeq` will be refused. */
export async function endSession(q: Queryable, officeId: string, sessionId: string, reason: 'signedOut' | 'locked', now: number, lastSeq: number | null): Promise<void> {
  await q.query(
    `UPDATE officer_sessions SET ended_at = $3, end_reason = $4, last_seq = COALESCE($5, last_seq)
      WHERE office_id = $1 AND session_id = $2 AND ended_at IS NULL`,
    [officeId, sessionId, new Date(now), reason, lastSeq],
  );
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

/**
 * The live session named by `X-Officer-Session` on this device: 401 `session_invalid` when
 * it ended or expired, 423 `officer_locked` when the officer's account was locked (too
 * many wrong PINs anywhere; the session ends with it), and for `work` 423 `session_locked`
 * when the terminal is locked or the officer has been away longer than the idle limit
 * (the terminal then locks and asks for the PIN).
 */
export async function liveSession(deps: AppDeps, c: Context<AppEnv>, device: AuthDevice, use: SessionUse = 'work'): Promise<SessionRow> {
  const token = c.req.header('x-officer-session');
  if (!token) throw new HttpError(401, 'session_invalid', 'missing X-Officer-Session header');
  const rows = await deps.store.query<SessionRow>(
    `SELECT s.session_id, s.badge, s.counter_id, s.created_at, s.last_active_at, s.expires_at, s.ended_at, s.locked_at,
            o.locked_at IS NOT NULL AS officer_locked, o.name
       FROM officer_sessions s JOIN officers o ON o.office_id = s.office_id AND o.badge = s.badge
      WHERE s.office_id = $1 AND s.device_id = $2 AND s.token_hash = $3`,
    [device.officeId, device.deviceId, sha256(token)],
  );
  const row = rows[0];
  const now = deps.clock();
  if (!row || row.ended_at || row.expires_at.getTime() <= now) {
    throw new HttpError(401, 'session_invalid', 'the officer session has ended; sign in again');
  }
  if (row.officer_locked) {
    await deps.store.tx((q) => endSession(q, device.officeId, row.session_id, 'locked', now, null));
    throw new HttpError(423, 'officer_locked', 'This officer is locked after too many wrong attempts; a supervisor must unlock it');
  }
  if (use !== 'work') return row;
  if (row.locked_at) throw new HttpError(423, 'session_locked', 'the terminal is locked; unlock it with the PIN');
  const idleMs = device.config.settings.idleLockMinutes * 60_000 + IDLE_GRACE_MS;
  if (now - row.last_active_at.getTime() > idleMs) {
    throw new HttpError(423, 'session_locked', `the officer has been away more than ${device.config.settings.idleLockMinutes} minutes; unlock the terminal with the PIN`);
  }
  if (now - row.last_active_at.getTime() > TOUCH_MS) {
    await deps.store.query('UPDATE officer_sessions SET last_active_at = $3 WHERE office_id = $1 AND session_id = $2', [
      device.officeId,
      row.session_id,
      new Date(now),
    ]);
  }
  return row;
}

/**
 * One counter number, one live session (issue 12, point 2). Another officer's session on
 * this counter at a terminal still in use (heard from within the presence timeout) refuses
 * the sign-in; one whose terminal has gone quiet (a closed browser), or the same officer's
 * at another terminal, is replaced.
 */
async function claimCounter(q: Queryable, device: AuthDevice, counterId: number, badge: string, now: number): Promise<string[]> {
  const others = await q.query<{ session_id: string; badge: string; last_seen_at: Date | null }>(
    `SELECT s.session_id, s.badge, d.last_seen_at FROM officer_sessions s JOIN devices d ON d.office_id = s.office_id AND d.device_id = s.device_id
      WHERE s.office_id = $1 AND s.counter_id = $2 AND s.device_id <> $3 AND s.ended_at IS NULL AND s.expires_at > $4 FOR UPDATE OF s`,
    [device.officeId, counterId, device.deviceId, new Date(now)],
  );
  // The same officer moving to another terminal takes their counter with them.
  const busy = others.find((o) => o.badge !== badge && o.last_seen_at && now - o.last_seen_at.getTime() <= PRESENCE_TIMEOUT_MS);
  if (busy) {
    throw new HttpError(409, 'counter_taken', `counter ${counterId} is open on another terminal (officer ${busy.badge}); sign out there first`, {
      counter: counterId,
      badge: busy.badge,
    });
  }
  if (others.length === 0) return [];
  await q.query(
    `UPDATE officer_sessions SET ended_at = $2, end_reason = 'replaced' WHERE office_id = $3 AND session_id = ANY($1::uuid[]) AND ended_at IS NULL`,
    [`{${others.map((o) => o.session_id).join(',')}}`, new Date(now), device.officeId],
  );
  return others.map((o) => o.session_id);
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
      const elsewhere = await claimCounter(q, device, body.counterId, body.badge, now);
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
      await audit(q, { officeId: device.officeId, at: now, actorKind: 'officer', actorId: body.badge, action: 'officer.signedIn', subject: sessionId, details: { ...details, replacedSessions: [...replaced.map((r) => r.session_id), ...elsewhere] } });
      const names = officer[0]?.name ?? { en: body.badge, ar: body.badge };
      return { sessionId, token, badge: body.badge, name: names.en, counterId: body.counterId, expiresAt, names };
    });
    return c.json(session satisfies ResponseOf<typeof routes.counterSignIn>);
  });

  app.post('/api/counter/unlock', counterOnly, async (c) => {
    const device = c.get('device');
    const session = await liveSession(deps, c, device, 'unlock');
    const body = await readJson(c, unlockSchema);
    const now = deps.clock();
    const details = { deviceId: device.deviceId, counterId: session.counter_id, sessionId: session.session_id };
    const target = { table: 'officers', officeId: device.officeId, id: session.badge, maxAttempts: device.config.settings.maxPinAttempts, lockMs: null, details } as const;
    await checkCredential(deps.store, now, target, body.pin, async (q) => {
      await q.query('UPDATE officer_sessions SET last_active_at = $3, locked_at = NULL WHERE office_id = $1 AND session_id = $2', [
        device.officeId,
        session.session_id,
        new Date(now),
      ]);
      await audit(q, { officeId: device.officeId, at: now, actorKind: 'officer', actorId: session.badge, action: 'officer.unlockedTerminal', subject: session.session_id, details });
    }).catch(async (error: unknown) => {
      // The last wrong PIN locked the officer: the session ends here too, so the terminal's
      // token opens nothing more and changes it makes after `lastSeq` are refused.
      if (error instanceof HttpError && error.code === 'officer_locked') {
        await deps.store.tx((q) => endSession(q, device.officeId, session.session_id, 'locked', now, body.lastSeq ?? null));
      }
      throw error;
    });
    return c.json(toState({ ...session, last_active_at: new Date(now) }) satisfies ResponseOf<typeof routes.counterUnlock>);
  });

  app.post('/api/counter/sign-out', counterOnly, async (c) => {
    const device = c.get('device');
    const session = await liveSession(deps, c, device, 'end');
    const body = await readOptionalJson(c, signOutSchema); // older terminals sent no body at all
    const now = deps.clock();
    await deps.store.tx(async (q) => {
      await endSession(q, device.officeId, session.session_id, 'signedOut', now, body.lastSeq ?? null);
      await audit(q, {
        officeId: device.officeId,
        at: now,
        actorKind: 'officer',
        actorId: session.badge,
        action: 'officer.signedOut',
        subject: session.session_id,
        details: { deviceId: device.deviceId, counterId: session.counter_id, lastSeq: body.lastSeq ?? null },
      });
    });
    return c.json({ ok: true, sessionId: session.session_id } satisfies ResponseOf<typeof routes.counterSignOut>);
  });

  app.get('/api/counter/session', counterOnly, async (c) => {
    return c.json(toState(await liveSession(deps, c, c.get('device'), 'end')) satisfies ResponseOf<typeof routes.counterSession>);
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
      const rows = await q.query<{ status: string; counter_id: number | null; id_number: string | null; source: TicketIdentity['source'] | null }>(
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
    // Both come from the one ticket_identities row (source NOT NULL there): no row, no number.
    if (!result.id_number || !result.source) throw new HttpError(404, 'no_id_number', 'no identity number was given for this ticket');
    return c.json({ idNumber: result.id_number, source: result.source } satisfies ResponseOf<typeof routes.ticketIdentity>);
  });

  methodNotAllowed(app, ['/api/counter/sign-in', '/api/counter/unlock', '/api/counter/sign-out', '/api/counter/session',
    '/api/counter/tickets/:ticketId/identity']);
}

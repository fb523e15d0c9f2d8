/**
 * Officer and supervisor sessions for the simulated months, written exactly as the
 * sign-in and sign-out routes write them (server/routes/counter.ts, server/routes/admin.ts:
 * the session row, a session replaced on the same terminal, the audit entries) but
 * without the PIN or password check: a real sign-in costs a scrypt hash (about 60 ms), and
 * six months of shifts are thousands of them. The simulator knows who is who, and it never
 * needs an officer's PIN or the supervisor's password, so a changed one does not stop it.
 */
import { audit } from '../audit.ts';
import { SUPERVISOR_SESSION_MS } from '../routes/admin.ts';
import { newId, newToken, sha256 } from '../security/secrets.ts';
import type { Queryable, Store } from '../store/index.ts';
import type { SimSession } from './ops.ts';

const HOUR_MS = 3_600_000;

/** POST /api/counter/sign-in's writes: one session per terminal, replacing any left open there. */
export async function officerSignIn(q: Queryable, officeId: string, s: SimSession, sessionHours: number): Promise<void> {
  const now = s.signInAt;
  const replaced = await q.query<{ session_id: string }>(
    `UPDATE officer_sessions SET ended_at = $3, end_reason = 'replaced'
      WHERE office_id = $1 AND device_id = $2 AND ended_at IS NULL RETURNING session_id`,
    [officeId, s.device.deviceId, new Date(now)],
  );
  await q.query(
    `INSERT INTO officer_sessions (session_id, office_id, token_hash, badge, device_id, counter_id, created_at, expires_at, last_active_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7)`,
    [s.sessionId, officeId, sha256(s.token), s.badge, s.device.deviceId, s.counterId, new Date(now), new Date(now + sessionHours * HOUR_MS)],
  );
  const details = { deviceId: s.device.deviceId, counterId: s.counterId };
  await audit(q, { officeId, at: now, actorKind: 'officer', actorId: s.badge, action: 'officer.signedIn', subject: s.sessionId, details: { ...details, replacedSessions: replaced.map((r) => r.session_id) } });
}

/** POST /api/counter/sign-out's writes. */
export async function officerSignOut(q: Queryable, officeId: string, s: SimSession): Promise<void> {
  await q.query(
    `UPDATE officer_sessions SET ended_at = $3, end_reason = 'signedOut' WHERE office_id = $1 AND session_id = $2 AND ended_at IS NULL`,
    [officeId, s.sessionId, new Date(s.signOutAt)],
  );
  await audit(q, { officeId, at: s.signOutAt, actorKind: 'officer', actorId: s.badge, action: 'officer.signedOut', subject: s.sessionId, details: { deviceId: s.device.deviceId, counterId: s.counterId } });
}

/** The office's supervisor at the console: signed in when first needed, out at the end of the day. */
export class SupervisorDesk {
  #session: { id: string; token: string; expiresAt: number } | null = null;
  #username: string | null = null;

  constructor(
    private readonly store: Store,
    readonly officeId: string,
  ) {}

  /** A token valid at `now` (POST /api/admin/sign-in's writes when a new session is needed). */
  async token(now: number): Promise<string> {
    if (this.#session && this.#session.expiresAt > now + 60_000) return this.#session.token;
    if (this.#session) await this.signOut(now);
    this.#username ??= (await this.store.query<{ username: string }>(
      "SELECT username FROM supervisors WHERE office_id = $1 AND role = 'supervisor' ORDER BY created_at, username LIMIT 1",
      [this.officeId],
    ))[0]?.username ?? null;
    const username = this.#username;
    if (!username) throw new Error(`office ${this.officeId} has no supervisor account`);
    const session = { id: newId(), token: newToken('supervisor'), expiresAt: now + SUPERVISOR_SESSION_MS };
    await this.store.tx(async (q) => {
      await q.query(
        `INSERT INTO supervisor_sessions (session_id, office_id, token_hash, username, created_at, expires_at, last_active_at)
         VALUES ($1, $2, $3, $4, $5, $6, $5)`,
        [session.id, this.officeId, sha256(session.token), username, new Date(now), new Date(session.expiresAt)],
      );
      await audit(q, { officeId: this.officeId, at: now, actorKind: 'supervisor', actorId: username, action: 'supervisor.signedIn', subject: session.id });
    });
    this.#session = session;
    return session.token;
  }

  /** POST /api/admin/sign-out's writes; a session that expired meanwhile is left to its expiry, as a closed tab leaves it. */
  async signOut(now: number): Promise<void> {
    const session = this.#session;
    const username = this.#username;
    this.#session = null;
    if (!session || !username || session.expiresAt <= now) return;
    await this.store.tx(async (q) => {
      await q.query(
        `UPDATE supervisor_sessions SET ended_at = $3, end_reason = 'signedOut' WHERE office_id = $1 AND session_id = $2 AND ended_at IS NULL`,
        [this.officeId, session.id, new Date(now)],
      );
      await audit(q, { officeId: this.officeId, at: now, actorKind: 'supervisor', actorId: username, action: 'supervisor.signedOut', subject: session.id });
    });
  }
}

/**
 * Supervisor console API, part 2: officers. A supervisor sees who is locked and signed in
 * where, lifts PIN lockouts, and ends an officer's sessions (which also makes any write
 * still queued under those sessions be refused when it arrives).
 */
import type { Hono } from 'hono';
import type { LocalizedText } from '../../shared/domain/office.ts';
import { audit } from '../audit.ts';
import { requireSupervisor } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import type { Queryable } from '../store/index.ts';

interface OfficerRow {
  badge: string;
  name: LocalizedText;
  failed_attempts: number;
  locked_at: Date | null;
}

interface SessionRow {
  session_id: string;
  badge: string;
  device_id: string;
  device_label: string;
  counter_id: number;
  created_at: Date;
  last_active_at: Date;
  expires_at: Date;
}

const BADGE_RE = /^[0-9]{3,10}$/;

export function registerAdminOfficerRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const sup = requireSupervisor(deps);

  app.get('/api/admin/officers', sup, async (c) => {
    const officeId = c.get('supervisor').officeId;
    const now = new Date(deps.clock());
    const officers = await deps.store.query<OfficerRow>(
      'SELECT badge, name, failed_attempts, locked_at FROM officers WHERE office_id = $1 ORDER BY badge',
      [officeId],
    );
    const sessions = await deps.store.query<SessionRow>(
      `SELECT s.session_id, s.badge, s.device_id, d.label AS device_label, s.counter_id, s.created_at, s.last_active_at, s.expires_at
         FROM officer_sessions s JOIN devices d ON d.device_id = s.device_id
        WHERE s.office_id = $1 AND s.ended_at IS NULL AND s.expires_at > $2
        ORDER BY s.created_at`,
      [officeId, now],
    );
    return c.json({
      officers: officers.map((o) => ({
        badge: o.badge,
        name: o.name,
        locked: o.locked_at !== null,
        lockedAt: o.locked_at?.getTime() ?? null,
        failedAttempts: o.failed_attempts,
        activeSessions: sessions
          .filter((s) => s.badge === o.badge)
          .map((s) => ({
            sessionId: s.session_id,
            deviceId: s.device_id,
            deviceLabel: s.device_label,
            counterId: s.counter_id,
            createdAt: s.created_at.getTime(),
            lastActiveAt: s.last_active_at.getTime(),
            expiresAt: s.expires_at.getTime(),
          })),
      })),
    });
  });

  app.post('/api/admin/officers/:badge/end-sessions', sup, async (c) => {
    const s = c.get('supervisor');
    const badge = c.req.param('badge');
    const now = deps.clock();
    const ended = await deps.store.tx(async (q) => {
      await officerExists(q, s.officeId, badge);
      const rows = await q.query<{ session_id: string }>(
        `UPDATE officer_sessions SET ended_at = $3, end_reason = 'revoked'
          WHERE office_id = $1 AND badge = $2 AND ended_at IS NULL RETURNING session_id`,
        [s.officeId, badge, new Date(now)],
      );
      await audit(q, {
        officeId: s.officeId,
        at: now,
        actorKind: 'supervisor',
        actorId: s.username,
        action: 'officer.sessionsEnded',
        subject: badge,
        details: { sessionIds: rows.map((r) => r.session_id) },
      });
      return rows.length;
    });
    return c.json({ badge, endedSessions: ended });
  });

  app.post('/api/admin/officers/:badge/unlock', sup, async (c) => {
    const s = c.get('supervisor');
    const badge = c.req.param('badge');
    const now = deps.clock();
    await deps.store.tx(async (q) => {
      await officerExists(q, s.officeId, badge);
      await q.query('UPDATE officers SET failed_attempts = 0, locked_at = NULL WHERE office_id = $1 AND badge = $2', [s.officeId, badge]);
      await audit(q, { officeId: s.officeId, at: now, actorKind: 'supervisor', actorId: s.username, action: 'officer.unlocked', subject: badge });
    });
    return c.json({ badge, locked: false });
  });

  methodNotAllowed(app, ['/api/admin/officers', '/api/admin/officers/:badge/end-sessions', '/api/admin/officers/:badge/unlock']);
}

async function officerExists(q: Queryable, officeId: string, badge: string): Promise<void> {
  if (!BADGE_RE.test(badge)) throw new HttpError(404, 'officer_not_found', 'no such officer');
  const rows = await q.query('SELECT 1 FROM officers WHERE office_id = $1 AND badge = $2 FOR UPDATE', [officeId, badge]);
  if (rows.length === 0) throw new HttpError(404, 'officer_not_found', 'no such officer');
}

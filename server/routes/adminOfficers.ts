/**
 * Supervisor console API, part 2: officers. A supervisor sees who is locked, deactivated
 * and signed in where, lifts PIN lockouts, and ends an officer's sessions (which also
 * makes any write still queued under those sessions be refused when it arrives). Adding
 * officers, new PINs and deactivation are in adminOfficerAccounts.ts.
 */
import type { Hono } from 'hono';
import type { adminRoutes, ResponseOf } from '../../shared/api/contract/index.ts';
import type { LocalizedText } from '../../shared/domain/office.ts';
import { audit } from '../audit.ts';
import { officeOf, requireSupervisor } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { endOfficerSessions, lockOfficer } from '../officers.ts';
import { registerAdminOfficerAccountRoutes } from './adminOfficerAccounts.ts';

interface OfficerRow {
  badge: string;
  name: LocalizedText;
  failed_attempts: number;
  locked_at: Date | null;
  deactivated_at: Date | null;
}

interface SessionRow {
  session_id: string;
  badge: string;
  device_id: string;
  device_label: string | null;
  counter_id: number;
  created_at: Date;
  last_active_at: Date;
  expires_at: Date;
}

export function registerAdminOfficerRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const sup = requireSupervisor(deps);

  app.get('/api/admin/officers', sup, async (c) => {
    const officeId = officeOf(c);
    const now = new Date(deps.clock());
    const officers = await deps.store.query<OfficerRow>(
      'SELECT badge, name, failed_attempts, locked_at, deactivated_at FROM officers WHERE office_id = $1 ORDER BY badge',
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
        active: o.deactivated_at === null,
        deactivatedAt: o.deactivated_at?.getTime() ?? null,
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
    } satisfies ResponseOf<typeof adminRoutes.officers>);
  });

  app.post('/api/admin/officers/:badge/end-sessions', sup, async (c) => {
    const s = c.get('supervisor');
    const badge = c.req.param('badge');
    const now = deps.clock();
    const ended = await deps.store.tx(async (q) => {
      await lockOfficer(q, s.officeId, badge);
      const sessionIds = await endOfficerSessions(q, s.officeId, badge, now);
      await audit(q, {
        officeId: s.officeId,
        at: now,
        actorKind: 'supervisor',
        actorId: s.username,
        action: 'officer.sessionsEnded',
        subject: badge,
        details: { sessionIds },
      });
      return sessionIds.length;
    });
    return c.json({ badge, endedSessions: ended } satisfies ResponseOf<typeof adminRoutes.endSessions>);
  });

  app.post('/api/admin/officers/:badge/unlock', sup, async (c) => {
    const s = c.get('supervisor');
    const badge = c.req.param('badge');
    const now = deps.clock();
    await deps.store.tx(async (q) => {
      await lockOfficer(q, s.officeId, badge);
      await q.query('UPDATE officers SET failed_attempts = 0, locked_at = NULL WHERE office_id = $1 AND badge = $2', [s.officeId, badge]);
      await audit(q, { officeId: s.officeId, at: now, actorKind: 'supervisor', actorId: s.username, action: 'officer.unlocked', subject: badge });
    });
    return c.json({ badge, locked: false } satisfies ResponseOf<typeof adminRoutes.unlockOfficer>);
  });

  // Before the 405 fallbacks below, which would otherwise answer its POST /api/admin/officers.
  registerAdminOfficerAccountRoutes(app, deps);
  methodNotAllowed(app, ['/api/admin/officers', '/api/admin/officers/:badge/end-sessions', '/api/admin/officers/:badge/unlock']);
}

/**
 * Supervisor console API, part 2b (registered by adminOfficers.ts): officer accounts. A supervisor adds an officer (the
 * first PIN typed by the supervisor, or made here and shown once), gives one a new PIN
 * (shown once; it also lifts a lockout), and deactivates or reactivates one. A new PIN or
 * a deactivation ends the officer's open sessions as a supervisor's "end sessions" does,
 * so writes still queued under them are refused. PINs are hashed outside the transaction
 * (as in security/credentials.ts) and never written to the audit log.
 */
import { randomInt } from 'node:crypto';
import type { Hono } from 'hono';
import type { adminRoutes, ResponseOf } from '../../shared/api/contract/index.ts';
import * as v from 'valibot';
import { BADGE_PATTERN, PIN_PATTERN } from '../../shared/sync/protocol.ts';
import { audit } from '../audit.ts';
import { requireSupervisor } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { cleanText, HttpError, readJson, toJsonb } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { endOfficerSessions, lockOfficer } from '../officers.ts';
import { hashSecret } from '../security/secrets.ts';

const GENERATED_PIN_DIGITS = 6;

const pin = v.pipe(v.string(), v.regex(PIN_PATTERN, 'must be 4–8 digits'));
const nameText = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(80, 'must be at most 80 characters'));

const createSchema = v.strictObject({
  badge: v.pipe(v.string(), v.trim(), v.regex(BADGE_PATTERN, 'must be 3–10 digits')),
  name: v.strictObject({ ar: nameText, en: nameText }),
  /** Typed by the supervisor; absent: one is made and shown once. */
  pin: v.optional(pin),
});

const resetSchema = v.strictObject({ pin: v.optional(pin) });

/** A PIN nobody chose: six digits from the CSPRNG. */
function newPin(): string {
  return Array.from({ length: GENERATED_PIN_DIGITS }, () => randomInt(10)).join('');
}

export function registerAdminOfficerAccountRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const sup = requireSupervisor(deps);

  app.post('/api/admin/officers', sup, async (c) => {
    const s = c.get('supervisor');
    const body = await readJson(c, createSchema);
    const chosen = body.pin ?? newPin();
    const pinHash = await hashSecret(chosen);
    const name = { ar: cleanText(body.name.ar), en: cleanText(body.name.en) };
    const now = deps.clock();
    await deps.store.tx(async (q) => {
      const inserted = await q.query(
        `INSERT INTO officers (office_id, badge, name, pin_hash, created_at) VALUES ($1, $2, $3::jsonb, $4, $5)
         ON CONFLICT (office_id, badge) DO NOTHING RETURNING badge`,
        [s.officeId, body.badge, toJsonb(name), pinHash, new Date(now)],
      );
      if (inserted.length === 0) throw new HttpError(409, 'officer_exists', `badge ${body.badge} already belongs to an officer of this office`);
      await audit(q, {
        officeId: s.officeId,
        at: now,
        actorKind: 'supervisor',
        actorId: s.username,
        action: 'officer.created',
        subject: body.badge,
        details: { name, pinGenerated: body.pin === undefined },
      });
    });
    // A typed PIN is not sent back: the supervisor has it; a made one is shown this once.
    return c.json({ badge: body.badge, name, active: true, pin: body.pin === undefined ? chosen : null } satisfies ResponseOf<typeof adminRoutes.addOfficer>, 201);
  });

  app.post('/api/admin/officers/:badge/reset-pin', sup, async (c) => {
    const s = c.get('supervisor');
    const badge = c.req.param('badge');
    const body = await readJson(c, resetSchema);
    const chosen = body.pin ?? newPin();
    const pinHash = await hashSecret(chosen);
    const now = deps.clock();
    const ended = await deps.store.tx(async (q) => {
      const { locked } = await lockOfficer(q, s.officeId, badge);
      await q.query('UPDATE officers SET pin_hash = $3, failed_attempts = 0, locked_at = NULL WHERE office_id = $1 AND badge = $2', [
        s.officeId,
        badge,
        pinHash,
      ]);
      const sessionIds = await endOfficerSessions(q, s.officeId, badge, now);
      await audit(q, {
        officeId: s.officeId,
        at: now,
        actorKind: 'supervisor',
        actorId: s.username,
        action: 'officer.pinReset',
        subject: badge,
        details: { pinGenerated: body.pin === undefined, wasLocked: locked, sessionIds },
      });
      return sessionIds.length;
    });
    return c.json({ badge, pin: body.pin === undefined ? chosen : null, endedSessions: ended } satisfies ResponseOf<typeof adminRoutes.newPin>);
  });

  app.post('/api/admin/officers/:badge/deactivate', sup, async (c) => {
    const s = c.get('supervisor');
    const badge = c.req.param('badge');
    const now = deps.clock();
    const ended = await deps.store.tx(async (q) => {
      const { active } = await lockOfficer(q, s.officeId, badge);
      if (!active) return 0; // deactivating twice changes nothing
      await q.query('UPDATE officers SET deactivated_at = $3 WHERE office_id = $1 AND badge = $2', [s.officeId, badge, new Date(now)]);
      const sessionIds = await endOfficerSessions(q, s.officeId, badge, now);
      await audit(q, { officeId: s.officeId, at: now, actorKind: 'supervisor', actorId: s.username, action: 'officer.deactivated', subject: badge, details: { sessionIds } });
      return sessionIds.length;
    });
    return c.json({ badge, active: false, endedSessions: ended } satisfies ResponseOf<typeof adminRoutes.deactivateOfficer>);
  });

  app.post('/api/admin/officers/:badge/reactivate', sup, async (c) => {
    const s = c.get('supervisor');
    const badge = c.req.param('badge');
    const now = deps.clock();
    await deps.store.tx(async (q) => {
      const { active } = await lockOfficer(q, s.officeId, badge);
      if (active) return;
      await q.query('UPDATE officers SET deactivated_at = NULL WHERE office_id = $1 AND badge = $2', [s.officeId, badge]);
      await audit(q, { officeId: s.officeId, at: now, actorKind: 'supervisor', actorId: s.username, action: 'officer.reactivated', subject: badge });
    });
    return c.json({ badge, active: true } satisfies ResponseOf<typeof adminRoutes.reactivateOfficer>);
  });

  methodNotAllowed(app, ['/api/admin/officers/:badge/reset-pin', '/api/admin/officers/:badge/deactivate', '/api/admin/officers/:badge/reactivate']);
}

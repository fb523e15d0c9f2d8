/**
 * Supervisor console: establishments' API keys (issue 11). A supervisor issues a key for an
 * establishment in the registry and sees it once (only its hash is kept); the office's keys
 * are listed without it; a key can be revoked. Each action is audited.
 *
 * GET  /api/admin/establishment-keys
 * POST /api/admin/establishment-keys              {establishmentId, label?}  → 201 {keyId, key, establishmentId}
 * POST /api/admin/establishment-keys/:id/revoke
 */
import type { Hono } from 'hono';
import * as v from 'valibot';
import { audit } from '../audit.ts';
import { issueKey } from '../establishments/apiKeys.ts';
import { officeOf, requireSupervisor } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { cleanText, HttpError, readJson } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { UUID_RE } from '../security/secrets.ts';

const issueSchema = v.strictObject({
  establishmentId: v.pipe(v.string(), v.regex(/^\d{10}$/, 'must be a 10-digit establishment number')),
  label: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(80, 'at most 80 characters'))),
});

export function registerAdminEstablishmentKeyRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const sup = requireSupervisor(deps);

  app.get('/api/admin/establishment-keys', sup, async (c) => {
    const rows = await deps.store.query<{
      key_id: string; establishment_id: string; label: string | null; created_by: string; created_at: Date; revoked_at: Date | null; last_used_at: Date | null;
    }>(
      `SELECT key_id, establishment_id, label, created_by, created_at, revoked_at, last_used_at
         FROM establishment_api_keys WHERE office_id = $1 ORDER BY created_at DESC, key_id`,
      [officeOf(c)],
    );
    return c.json({
      keys: rows.map((r) => ({
        keyId: r.key_id,
        establishmentId: r.establishment_id,
        label: r.label,
        createdBy: r.created_by,
        createdAt: r.created_at.getTime(),
        revokedAt: r.revoked_at?.getTime() ?? null,
        lastUsedAt: r.last_used_at?.getTime() ?? null,
      })),
    });
  });

  app.post('/api/admin/establishment-keys', sup, async (c) => {
    const body = await readJson(c, issueSchema);
    const officeId = officeOf(c);
    const supervisor = c.get('supervisor');
    const now = deps.clock();
    const issued = await deps.store.tx(async (q) => {
      const key = await issueKey(q, { officeId, establishmentId: body.establishmentId, label: body.label ? cleanText(body.label) : null, createdBy: supervisor.username, now });
      await audit(q, { officeId, at: now, actorKind: 'supervisor', actorId: supervisor.username, action: 'establishmentKey.issued', subject: key.keyId, details: { establishmentId: body.establishmentId } });
      return key;
    });
    return c.json({ keyId: issued.keyId, key: issued.key, establishmentId: body.establishmentId }, 201);
  });

  app.post('/api/admin/establishment-keys/:id/revoke', sup, async (c) => {
    const officeId = officeOf(c);
    const id = c.req.param('id');
    if (!UUID_RE.test(id)) throw new HttpError(400, 'invalid_request', 'id: must be a key id (UUID)');
    const supervisor = c.get('supervisor');
    const now = deps.clock();
    await deps.store.tx(async (q) => {
      const rows = await q.query<{ establishment_id: string }>(
        `UPDATE establishment_api_keys SET revoked_at = coalesce(revoked_at, $3) WHERE office_id = $1 AND key_id = $2 RETURNING establishment_id`,
        [officeId, id, new Date(now)],
      );
      if (!rows[0]) throw new HttpError(404, 'not_found', 'no such key in this office');
      await audit(q, { officeId, at: now, actorKind: 'supervisor', actorId: supervisor.username, action: 'establishmentKey.revoked', subject: id, details: { establishmentId: rows[0].establishment_id } });
    });
    return c.json({ ok: true });
  });

  methodNotAllowed(app, ['/api/admin/establishment-keys', '/api/admin/establishment-keys/:id/revoke']);
}

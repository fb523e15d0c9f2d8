/**
 * API keys for an establishment's own systems (issue 11): a supervisor issues one for an
 * establishment, sees it once, and can revoke it. Keys are `est_` + 256 random bits, kept
 * only as SHA-256 (like device tokens: a slow hash would add nothing to a random key but a
 * cost on every call). A key opens its own establishment's routes and nothing else: the
 * `:establishmentId` of the path must be the key's, or the call is refused (403).
 */
import type { MiddlewareHandler } from 'hono';
import { bearerToken } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { newId, newToken, sha256, tokenKindOf } from '../security/secrets.ts';
import type { Queryable } from '../store/index.ts';
import { soleRow } from '../store/sql.ts';

/** last_used_at is refreshed at most this often (ms), to spare writes. */
const TOUCH_INTERVAL_MS = 60_000;

/** The key behind an establishment API call. */
export interface AuthEstablishmentKey {
  readonly keyId: string;
  /** The office whose supervisor issued it: its calls are audited there. */
  readonly officeId: string;
  readonly establishmentId: string;
}

export interface IssuedKey {
  readonly keyId: string;
  /** Shown once; only its hash is kept. */
  readonly key: string;
}

/** Issues a key for an establishment that exists in the registry (404 otherwise). */
export async function issueKey(
  q: Queryable,
  k: { officeId: string; establishmentId: string; label: string | null; createdBy: string; now: number },
): Promise<IssuedKey> {
  const known = await q.query('SELECT 1 FROM establishments WHERE establishment_id = $1', [k.establishmentId]);
  if (known.length === 0) throw new HttpError(404, 'establishment_unknown', 'no establishment with this number is in the registry');
  const keyId = newId();
  const key = newToken('establishment');
  await q.query(
    `INSERT INTO establishment_api_keys (office_id, key_id, establishment_id, key_hash, label, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [k.officeId, keyId, k.establishmentId, sha256(key), k.label, k.createdBy, new Date(k.now)],
  );
  return { keyId, key };
}

/**
 * Middleware: a live key of the establishment named in the path. Missing or unknown → 401,
 * revoked → 401 `key_revoked`, another kind of token or another establishment's key → 403.
 */
export function requireEstablishmentKey(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c);
    if (!token) throw new HttpError(401, 'unauthorized', 'missing bearer token (an establishment API key)');
    const kind = tokenKindOf(token);
    if (kind !== null && kind !== 'establishment') throw new HttpError(403, 'forbidden', 'this endpoint needs an establishment API key');
    const rows = await deps.store.query<{ key_id: string; office_id: string; establishment_id: string; revoked_at: Date | null; last_used_at: Date | null }>(
      'SELECT key_id, office_id, establishment_id, revoked_at, last_used_at FROM establishment_api_keys WHERE key_hash = $1',
      [sha256(token)],
    );
    const row = soleRow(rows);
    if (!row) throw new HttpError(401, 'unauthorized', 'unknown establishment API key');
    if (row.revoked_at) throw new HttpError(401, 'key_revoked', 'this key was revoked; ask the passport office for a new one');
    if (c.req.param('establishmentId') !== row.establishment_id) {
      throw new HttpError(403, 'forbidden', 'this key belongs to another establishment');
    }
    const now = deps.clock();
    if (!row.last_used_at || now - row.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
      await deps.store.query('UPDATE establishment_api_keys SET last_used_at = $3 WHERE office_id = $1 AND key_id = $2', [
        row.office_id,
        row.key_id,
        new Date(now),
      ]);
    }
    c.set('establishmentKey', { keyId: row.key_id, officeId: row.office_id, establishmentId: row.establishment_id });
    await next();
  };
}

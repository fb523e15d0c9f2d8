/**
 * PIN and password checks with lockout, shared by officer sign-in, terminal unlock and
 * supervisor sign-in. The slow hash runs OUTSIDE the transaction (so a sign-in does not
 * hold a row lock, or PGlite's single connection, for the length of a scrypt); the
 * attempt is then counted inside it with an atomic increment.
 */
import { audit } from '../audit.ts';
import type { ActorKind } from '../audit.ts';
import { HttpError } from '../http/errors.ts';
import type { Queryable, Store } from '../store/index.ts';
import { verifyAgainstDummy, verifySecret } from './secrets.ts';

export interface CredentialTarget {
  readonly table: 'officers' | 'supervisors';
  readonly officeId: string;
  /** Badge (officers) or username (supervisors). */
  readonly id: string;
  readonly maxAttempts: number;
  /** A lock older than this lifts by itself; null = only a supervisor can lift it. */
  readonly lockMs: number | null;
  /** Context recorded in the audit log (device, counter, ...). */
  readonly details: Readonly<Record<string, unknown>>;
}

interface CredentialRow {
  secret_hash: string;
  failed_attempts: number;
  locked_at: Date | null;
  inactive: boolean;
}

const KEY = { officers: 'badge', supervisors: 'username' } as const;
const HASH = { officers: 'pin_hash', supervisors: 'password_hash' } as const;
/** A deactivated account (officers only) keeps its row, for history, and cannot sign in. */
const INACTIVE = { officers: 'deactivated_at IS NOT NULL', supervisors: 'false' } as const;
const ACTOR: Record<CredentialTarget['table'], ActorKind> = { officers: 'officer', supervisors: 'supervisor' };
const LOCKED_CODE = { officers: 'officer_locked', supervisors: 'supervisor_locked' } as const;

function isLocked(row: CredentialRow, now: number, lockMs: number | null): boolean {
  if (!row.locked_at) return false;
  return lockMs === null || now - row.locked_at.getTime() < lockMs;
}

function lockedError(t: CredentialTarget): HttpError {
  const who = t.table === 'officers' ? 'This officer' : 'This account';
  const how = t.lockMs === null ? 'a supervisor must unlock it' : 'try again later';
  return new HttpError(423, LOCKED_CODE[t.table], `${who} is locked after too many wrong attempts; ${how}`);
}

/**
 * Checks `secret`, counts the attempt and, on success, runs `onSuccess` in the same
 * transaction. Wrong secret and unknown account fail alike (401 `bad_credentials`); both
 * are audited. Reaching the limit locks the account (423); the right secret for a
 * deactivated officer is refused (403 `officer_inactive`) and audited.
 */
export async function checkCredential<T>(
  store: Store,
  now: number,
  t: CredentialTarget,
  secret: string,
  onSuccess: (q: Queryable) => Promise<T>,
): Promise<T> {
  const select = `SELECT ${HASH[t.table]} AS secret_hash, failed_attempts, locked_at, ${INACTIVE[t.table]} AS inactive FROM ${t.table}
                   WHERE office_id = $1 AND ${KEY[t.table]} = $2`;
  const before = (await store.query<CredentialRow>(select, [t.officeId, t.id]))[0];
  const matches = before && !isLocked(before, now, t.lockMs) ? await verifySecret(secret, before.secret_hash) : await verifyAgainstDummy(secret);
  const base = { officeId: t.officeId, at: now, actorKind: ACTOR[t.table], actorId: t.id, subject: t.id } as const;

  const outcome = await store.tx(async (q): Promise<{ ok: true; value: T } | { ok: false; error: HttpError }> => {
    const row = (await q.query<CredentialRow>(`${select} FOR UPDATE`, [t.officeId, t.id]))[0];
    if (!row) {
      await audit(q, { ...base, action: 'signIn.unknownAccount', details: t.details });
      return { ok: false, error: new HttpError(401, 'bad_credentials', 'wrong credentials') };
    }
    if (isLocked(row, now, t.lockMs)) {
      await audit(q, { ...base, action: 'signIn.refusedLocked', details: t.details });
      return { ok: false, error: lockedError(t) };
    }
    // The PIN changed between the check and now: refuse, but do not count it against the person.
    if (!before || row.secret_hash !== before.secret_hash) return { ok: false, error: new HttpError(401, 'bad_credentials', 'wrong credentials') };
    if (!matches) {
      // An expired timed lock starts a fresh count of one.
      const attempts = (row.locked_at ? 0 : row.failed_attempts) + 1;
      const lock = attempts >= t.maxAttempts;
      await q.query(`UPDATE ${t.table} SET failed_attempts = $3, locked_at = $4 WHERE office_id = $1 AND ${KEY[t.table]} = $2`, [
        t.officeId,
        t.id,
        attempts,
        lock ? new Date(now) : null,
      ]);
      await audit(q, { ...base, action: lock ? 'signIn.locked' : 'signIn.wrongSecret', details: { ...t.details, attempts } });
      return { ok: false, error: lock ? lockedError(t) : new HttpError(401, 'bad_credentials', 'wrong credentials') };
    }
    // Said only to someone who knew the secret, so it tells a stranger nothing about the account.
    if (row.inactive) {
      await audit(q, { ...base, action: 'signIn.refusedInactive', details: t.details });
      return { ok: false, error: new HttpError(403, 'officer_inactive', 'This officer is deactivated; a supervisor must reactivate them first') };
    }
    await q.query(`UPDATE ${t.table} SET failed_attempts = 0, locked_at = NULL WHERE office_id = $1 AND ${KEY[t.table]} = $2`, [
      t.officeId,
      t.id,
    ]);
    return { ok: true, value: await onSuccess(q) };
  });
  // Thrown after COMMIT: the counted attempt and its audit row are kept.
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

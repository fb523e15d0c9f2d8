/**
 * One-time security codes: a counter asks the store to send a 6-digit code to the
 * person's registered mobile (queued in `outgoing_messages`; the officer never sees it),
 * and the resident reads it back to the officer. A code serves one transaction, lives
 * five minutes and allows three tries; a new request replaces the old code. An
 * establishment's representative gets one too (`establishmentId` instead of `idNumber`),
 * sent to the establishment's registered mobile in the registry: it opens the
 * establishment's notices at this counter for a while (routes/counterEstablishments.ts).
 */
import { randomInt } from 'node:crypto';
import type { Hono } from 'hono';
import * as v from 'valibot';
import type { routes, ResponseOf } from '../../shared/api/contract/index.ts';
import { checkIdNumber } from '../../shared/domain/identity.ts';
import type { EstablishmentRecord, ResidentRecord } from '../../shared/domain/resident.ts';
import { audit } from '../audit.ts';
import { requireDevice } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError, readJson } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import type { Queryable } from '../store/index.ts';
import { enqueueMessage } from '../notifications/delivery.ts';
import { newId, sha256, UUID_RE } from '../security/secrets.ts';
import { liveSession } from './counter.ts';

export const CODE_LIFETIME_MS = 5 * 60_000;
export const CODE_TRIES = 3;
/**
 * How many codes may go out in an hour (issue 12, point 4): to one person, from any office,
 * so nobody's phone can be flooded; and from one counter terminal, which is far more than a
 * desk serving people needs and stops a terminal used to send codes at random.
 */
export const CODE_LIMITS = { windowMs: 60 * 60_000, perPerson: 10, perCounter: 40 } as const;

const requestSchema = v.pipe(
  v.strictObject({
    idNumber: v.optional(v.pipe(v.string(), v.check((s) => checkIdNumber(s).ok, 'is not a valid iqama or border number'))),
    /** An establishment's representative: the code goes to the establishment's registered mobile. */
    establishmentId: v.optional(v.pipe(v.string(), v.regex(/^\d{10}$/, 'must be a 10-digit establishment number'))),
    transactionId: v.pipe(v.string(), v.uuid('must be a UUID')),
  }),
  v.check((b) => (b.idNumber === undefined) !== (b.establishmentId === undefined), 'give either idNumber (a person) or establishmentId (an establishment), not both'),
);
const verifySchema = v.strictObject({ code: v.pipe(v.string(), v.regex(/^\d{6}$/, 'must be the 6 digits the person received')) });

/**
 * What a code is for, as `security_codes.id_number` keeps it: a person's number, or
 * `est:` and an establishment's number (so an establishment's code can never confirm a
 * person's transaction, and the hourly limit per person counts an establishment as one).
 */
export const establishmentCodeSubject = (establishmentId: string): string => `est:${establishmentId}`;

/** Who the code is for, and the registered mobile it goes to. */
async function recipientOf(q: Queryable, body: v.InferOutput<typeof requestSchema>): Promise<{ subject: string; mobile: string; establishmentId?: string }> {
  if (body.establishmentId !== undefined) {
    const rows = await q.query<{ record: EstablishmentRecord }>('SELECT record FROM establishments WHERE establishment_id = $1', [body.establishmentId]);
    const found = rows[0]?.record;
    if (!found) throw new HttpError(404, 'establishment_unknown', 'no establishment with this number is in the registry');
    // The registry's registered mobile, never the notices' contact: that one the representative may change after the code.
    if (!found.contact?.mobile) throw new HttpError(422, 'no_registered_mobile', 'the registry has no mobile for this establishment to send a code to');
    return { subject: establishmentCodeSubject(body.establishmentId), mobile: found.contact.mobile, establishmentId: body.establishmentId };
  }
  const id = checkIdNumber(body.idNumber ?? '');
  if (!id.ok) throw new HttpError(400, 'invalid_id_number', 'idNumber: not a valid number');
  const rows = await q.query<{ record: ResidentRecord }>('SELECT record FROM residents WHERE id_number = $1', [id.number]);
  const person = rows[0]?.record;
  if (!person) throw new HttpError(404, 'person_unknown', 'no one with this number is in the registry');
  return { subject: id.number, mobile: person.mobile };
}
/** The last digits of a mobile, to tell the officer where the code went. */
function maskMobile(mobile: string): string {
  return `••••••${mobile.slice(-2)}`;
}

export function registerSecurityCodeRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const counterOnly = requireDevice(deps, ['counter']);

  app.post('/api/counter/security-codes', counterOnly, async (c) => {
    const device = c.get('device');
    const session = await liveSession(deps, c, device);
    const body = await readJson(c, requestSchema);
    const now = deps.clock();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const codeId = newId();
    const sent = await deps.store.tx(async (q) => {
      const to = await recipientOf(q, body);
      const since = new Date(now - CODE_LIMITS.windowMs);
      const [recent] = await q.query<{ person: number; counter: number; oldest_person: Date | null; oldest_counter: Date | null }>(
        `SELECT (SELECT count(*)::int FROM security_codes WHERE id_number = $1 AND created_at > $3) AS person,
                (SELECT min(created_at) FROM (SELECT created_at FROM security_codes WHERE id_number = $1 AND created_at > $3
                   ORDER BY created_at DESC LIMIT $4) p) AS oldest_person,
                (SELECT count(*)::int FROM security_codes WHERE device_id = $2 AND created_at > $3) AS counter,
                (SELECT min(created_at) FROM (SELECT created_at FROM security_codes WHERE device_id = $2 AND created_at > $3
                   ORDER BY created_at DESC LIMIT $5) d) AS oldest_counter`,
        [to.subject, device.deviceId, since, CODE_LIMITS.perPerson, CODE_LIMITS.perCounter],
      );
      const over = (count: number, limit: number, oldest: Date | null, code: string, who: string): void => {
        if (count < limit) return;
        const waitS = Math.max(1, Math.ceil(((oldest?.getTime() ?? now) + CODE_LIMITS.windowMs - now) / 1000));
        throw new HttpError(429, code, `${who} had ${limit} security codes in the last hour; the next one can go in ${Math.ceil(waitS / 60)} min`, {
          limit,
          retryAfterSeconds: waitS,
          minutes: Math.ceil(waitS / 60),
        });
      };
      over(recent?.person ?? 0, CODE_LIMITS.perPerson, recent?.oldest_person ?? null, 'codes_per_person', 'this person');
      over(recent?.counter ?? 0, CODE_LIMITS.perCounter, recent?.oldest_counter ?? null, 'codes_per_counter', 'this counter');
      // A new code replaces any earlier one for the same transaction.
      await q.query(
        `UPDATE security_codes SET expires_at = LEAST(expires_at, $3) WHERE office_id = $1 AND transaction_id = $2 AND verified_at IS NULL`,
        [device.officeId, body.transactionId, new Date(now)],
      );
      await q.query(
        `INSERT INTO security_codes (code_id, office_id, id_number, transaction_id, code_hash, device_id, officer_badge, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [codeId, device.officeId, to.subject, body.transactionId, sha256(`${codeId}:${code}`), device.deviceId, session.badge, new Date(now),
          new Date(now + CODE_LIFETIME_MS)],
      );
      // Through the notification outbox, in this transaction; a code not sent before it expires is dropped.
      await enqueueMessage(q, {
        officeId: device.officeId,
        channel: 'sms',
        recipient: to.mobile,
        template: 'securityCode',
        params: { code, minutes: CODE_LIFETIME_MS / 60_000 },
        eventKind: 'securityCode',
        eventRef: codeId,
        now,
        expiresAt: now + CODE_LIFETIME_MS,
      });
      await audit(q, {
        officeId: device.officeId,
        at: now,
        actorKind: 'officer',
        actorId: session.badge,
        action: 'securityCode.sent',
        subject: to.establishmentId ?? to.subject,
        details: { deviceId: device.deviceId, transactionId: body.transactionId, ...(to.establishmentId ? { for: 'establishment' } : {}) },
      });
      return to.mobile;
    });
    deps.messages.kick();
    return c.json({ codeId, sentTo: maskMobile(sent), expiresAt: now + CODE_LIFETIME_MS, tries: CODE_TRIES } satisfies ResponseOf<typeof routes.sendSecurityCode>, 201);
  });

  app.post('/api/counter/security-codes/:codeId/verify', counterOnly, async (c) => {
    const device = c.get('device');
    await liveSession(deps, c, device);
    const codeId = c.req.param('codeId');
    if (!UUID_RE.test(codeId)) throw new HttpError(400, 'invalid_request', 'codeId: must be a UUID');
    const body = await readJson(c, verifySchema);
    const now = deps.clock();
    const result = await deps.store.tx(async (q) => {
      const rows = await q.query<{ code_hash: string; expires_at: Date; failed_tries: number; verified_at: Date | null }>(
        `SELECT code_hash, expires_at, failed_tries, verified_at FROM security_codes
          WHERE office_id = $1 AND code_id = $2 AND device_id = $3 FOR UPDATE`,
        [device.officeId, codeId, device.deviceId],
      );
      const row = rows[0];
      if (!row) throw new HttpError(404, 'code_unknown', 'no such security code for this counter');
      if (row.verified_at) throw new HttpError(409, 'code_used', 'this code was already used; ask for a new one');
      if (row.failed_tries >= CODE_TRIES) throw new HttpError(429, 'code_locked', 'three wrong tries: ask for a new code');
      if (row.expires_at.getTime() <= now) throw new HttpError(410, 'code_expired', 'the code has expired; ask for a new one');
      if (sha256(`${codeId}:${body.code}`) !== row.code_hash) {
        await q.query('UPDATE security_codes SET failed_tries = failed_tries + 1 WHERE office_id = $2 AND code_id = $1', [codeId, device.officeId]);
        return { ok: false as const, triesLeft: CODE_TRIES - row.failed_tries - 1 };
      }
      await q.query('UPDATE security_codes SET verified_at = $2 WHERE office_id = $3 AND code_id = $1', [codeId, new Date(now), device.officeId]);
      return { ok: true as const };
    });
    if (!result.ok) {
      throw new HttpError(
        result.triesLeft > 0 ? 400 : 429,
        result.triesLeft > 0 ? 'code_wrong' : 'code_locked',
        result.triesLeft > 0 ? `wrong code; ${result.triesLeft} ${result.triesLeft === 1 ? 'try' : 'tries'} left` : 'three wrong tries: ask for a new code',
        { triesLeft: result.triesLeft },
      );
    }
    return c.json({ verified: true, codeId } satisfies ResponseOf<typeof routes.verifySecurityCode>);
  });

  methodNotAllowed(app, ['/api/counter/security-codes', '/api/counter/security-codes/:codeId/verify']);
}

/**
 * An establishment's notices (Ishaar) at the counter (issue 11): its representative asks the
 * officer to see or change which of its people it hears about and where, or for its report
 * on paper. The same functions as the establishment API (establishments/subscriptions.ts,
 * establishments/report.ts) do the work; what differs is who: a signed-in officer, after
 * the representative read back the one-time code sent to the establishment's registered
 * mobile (POST /api/counter/security-codes with `establishmentId`).
 *
 * A verified code opens that establishment, on this terminal, for this officer, for
 * `OPEN_MS` after it was verified: long enough for one visit (look, change, print), and
 * named on each call in `X-Security-Code` (the code's id). Without one the answer is 428
 * `security_code_needed`. Every read and change is audited in the counter's office with the
 * officer's badge, one row per number changed, in the change's own transaction.
 *
 * GET /api/counter/establishments/:establishmentId/notices   the establishment, contacts and subscriptions
 * PUT /api/counter/establishments/:establishmentId/notices   {unsubscribe?, contacts?, subscribe?}: all or nothing
 * GET /api/counter/establishments/:establishmentId/report?day=YYYY-MM-DD&language=ar|en   the report, to print
 */
import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import type { routes, ResponseOf } from '../../shared/api/contract/index.ts';
import { isIsoDate, type IsoDate } from '../../shared/domain/dates.ts';
import { NOTICES_OPEN_MS } from '../../shared/domain/establishmentNotices.ts';
import { serviceDayOf } from '../../shared/domain/office.ts';
import type { EstablishmentRecord } from '../../shared/domain/resident.ts';
import { establishmentReport } from '../establishments/report.ts';
import {
  contactsSchema, getContacts, listSubscriptions, MAX_BATCH, setContacts, subscribableNumberSchema, subscribe, subscriptionsSchema, unsubscribe,
  type SubscriptionContext,
} from '../establishments/subscriptions.ts';
import { requireDevice } from '../http/auth.ts';
import type { AppDeps, AppEnv, AuthDevice } from '../http/context.ts';
import { HttpError, readJson, toJsonb, validate } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { UUID_RE } from '../security/secrets.ts';
import type { Queryable } from '../store/index.ts';
import { liveSession } from './counter.ts';
import { establishmentCodeSubject } from './securityCodes.ts';

/** How long a verified code keeps the establishment open at the counter (the counter's machine closes it at the same moment). */
export const OPEN_MS = NOTICES_OPEN_MS;

const BASE = '/api/counter/establishments/:establishmentId';

/** A change set: numbers to drop, the contacts to change, numbers to add or change. Applied in that order, all or nothing. */
export const noticesChangeSchema = v.pipe(
  v.strictObject({
    unsubscribe: v.optional(v.pipe(v.array(subscribableNumberSchema), v.maxLength(MAX_BATCH, `at most ${MAX_BATCH} numbers at once`))),
    contacts: v.optional(contactsSchema),
    subscribe: v.optional(subscriptionsSchema),
  }),
  v.check((b) => b.unsubscribe !== undefined || b.contacts !== undefined || b.subscribe !== undefined, 'nothing to change: give unsubscribe, contacts or subscribe'),
);

const reportQuerySchema = v.strictObject({
  day: v.optional(v.custom<IsoDate>(isIsoDate, 'day: must be a real date, YYYY-MM-DD')),
  language: v.optional(v.picklist(['ar', 'en'], 'language: must be "ar" or "en"')),
});

interface Opened {
  readonly device: AuthDevice;
  readonly badge: string;
  readonly counterId: number;
  readonly establishmentId: string;
  readonly codeId: string;
  readonly now: number;
}

export function registerCounterEstablishmentRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const counterOnly = requireDevice(deps, ['counter']);

  /** The officer, and the establishment the path names, opened by a code verified for it here. */
  async function open(c: Context<AppEnv>, q: Queryable, opened: Omit<Opened, 'now' | 'codeId'>, now: number): Promise<Opened> {
    const codeId = c.req.header('x-security-code');
    if (!codeId) throw new HttpError(428, 'security_code_needed', 'send the one-time code to the establishment’s mobile and verify it first');
    if (!UUID_RE.test(codeId)) throw new HttpError(400, 'invalid_request', 'X-Security-Code: must be the code’s id (a UUID)');
    const rows = await q.query<{ verified_at: Date }>(
      `SELECT verified_at FROM security_codes
        WHERE office_id = $1 AND code_id = $2 AND device_id = $3 AND officer_badge = $4 AND id_number = $5 AND verified_at IS NOT NULL`,
      [opened.device.officeId, codeId, opened.device.deviceId, opened.badge, establishmentCodeSubject(opened.establishmentId)],
    );
    const verifiedAt = rows[0]?.verified_at.getTime();
    if (verifiedAt === undefined) {
      throw new HttpError(428, 'security_code_needed', 'no one-time code was verified for this establishment by this officer at this counter');
    }
    if (now - verifiedAt > OPEN_MS) throw new HttpError(428, 'security_code_needed', 'the one-time code was verified too long ago; send a new one');
    await q.query('UPDATE security_codes SET used_at = COALESCE(used_at, $3) WHERE office_id = $1 AND code_id = $2', [opened.device.officeId, codeId, new Date(now)]);
    return { ...opened, codeId, now };
  }

  /** The signed-in officer and the establishment's number from the path (checked before anything is read). */
  async function who(c: Context<AppEnv>): Promise<Omit<Opened, 'now' | 'codeId'>> {
    const establishmentId = c.req.param('establishmentId') ?? '';
    if (!/^\d{10}$/.test(establishmentId)) throw new HttpError(400, 'invalid_establishment', 'establishmentId: an establishment number has 10 digits');
    const device = c.get('device');
    const session = await liveSession(deps, c, device);
    return { device, badge: session.badge, counterId: session.counter_id, establishmentId };
  }

  /** One audit row per subject (numbers, or the establishment itself), with the officer's badge. */
  async function auditRows(q: Queryable, o: Opened, action: string, subjects: readonly string[], details: Record<string, unknown> = {}): Promise<void> {
    if (!subjects.length) return;
    await q.query(
      `INSERT INTO audit_log (office_id, at, actor_kind, actor_id, action, subject, details)
       SELECT $1, $2, 'officer', $3, $4, n, $5::jsonb FROM jsonb_array_elements_text($6::jsonb) AS n`,
      [o.device.officeId, new Date(o.now), o.badge, action,
        toJsonb({ establishmentId: o.establishmentId, via: 'counter', deviceId: o.device.deviceId, counterId: o.counterId, codeId: o.codeId, ...details }),
        toJsonb(subjects)],
    );
  }

  /** What the counter shows: the establishment (without its registered contact), its notices' contacts and subscriptions. */
  async function notices(q: Queryable, establishmentId: string) {
    const rows = await q.query<{ record: EstablishmentRecord }>('SELECT record FROM establishments WHERE establishment_id = $1', [establishmentId]);
    const record = rows[0]?.record;
    if (!record) throw new HttpError(404, 'establishment_unknown', 'no establishment with this number is in the registry');
    return {
      establishment: { establishmentId, name: record.name, subscription: record.subscription },
      contacts: await getContacts(q, establishmentId),
      subscriptions: await listSubscriptions(q, establishmentId),
    };
  }

  app.get(`${BASE}/notices`, counterOnly, async (c) => {
    const base = await who(c);
    const result = await deps.store.tx(async (q) => {
      const o = await open(c, q, base, deps.clock());
      const found = await notices(q, o.establishmentId);
      await auditRows(q, o, 'subscriptions.listed', [o.establishmentId], { count: found.subscriptions.length });
      return found;
    });
    return c.json(result satisfies ResponseOf<typeof routes.establishmentNotices>);
  });

  app.put(`${BASE}/notices`, counterOnly, async (c) => {
    const base = await who(c);
    const body = await readJson(c, noticesChangeSchema);
    const result = await deps.store.tx(async (q) => {
      const o = await open(c, q, base, deps.clock());
      const ctx: SubscriptionContext = { establishmentId: o.establishmentId, officeId: o.device.officeId, now: o.now };
      const dropped = body.unsubscribe ?? [];
      const adding = (body.subscribe ?? []).map((s) => s.idNumber);
      const both = dropped.filter((n) => adding.includes(n));
      if (both.length) throw new HttpError(400, 'duplicate_number', `a number is both removed and added: ${both.join(', ')}`, { numbers: both });
      const missing: string[] = [];
      for (const n of dropped) if (!(await unsubscribe(q, ctx, n))) missing.push(n);
      if (missing.length) {
        throw new HttpError(422, 'not_subscribed', `nothing was changed; not subscribed by this establishment: ${missing.join(', ')}`, { numbers: missing });
      }
      await auditRows(q, o, 'subscription.removed', dropped);
      if (body.contacts) {
        await setContacts(q, ctx, body.contacts);
        await auditRows(q, o, 'contacts.changed', [o.establishmentId], {
          mobile: body.contacts.mobile === undefined ? 'kept' : body.contacts.mobile === null ? 'removed' : 'changed',
          email: body.contacts.email === undefined ? 'kept' : body.contacts.email === null ? 'removed' : 'changed',
        });
      }
      const counts = body.subscribe ? await subscribe(q, ctx, body.subscribe) : { added: 0, changed: 0 };
      await auditRows(q, o, 'subscription.set', adding);
      return { ...counts, removed: dropped.length, ...(await notices(q, o.establishmentId)) };
    });
    return c.json(result satisfies ResponseOf<typeof routes.saveEstablishmentNotices>);
  });

  app.get(`${BASE}/report`, counterOnly, async (c) => {
    const base = await who(c);
    const query = validate(reportQuerySchema, c.req.query()); // an unknown parameter is refused, not ignored
    const report = await deps.store.tx(async (q) => {
      const o = await open(c, q, base, deps.clock());
      const timeZone = o.device.config.settings.timeZone;
      const day = query.day ?? serviceDayOf(o.now, timeZone);
      const built = await establishmentReport(q, o.establishmentId, day, timeZone);
      if (!built) throw new HttpError(404, 'establishment_unknown', 'no establishment with this number is in the registry');
      // A report names every person the establishment sponsors: one lookup, audited.
      await auditRows(q, o, 'report.read', [o.establishmentId], { day, people: built.people.length, printed: true });
      return built;
    });
    return c.json(report satisfies ResponseOf<typeof routes.establishmentReport>);
  });

  methodNotAllowed(app, [`${BASE}/notices`, `${BASE}/report`]);
}

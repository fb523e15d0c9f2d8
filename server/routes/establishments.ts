/**
 * The establishment API (Ishaar, issue 11): an establishment's own systems manage which of
 * the people it sponsors it hears about, and where. Authenticated by the establishment's
 * API key (`Authorization: Bearer est_…`), which opens only its own establishment's paths.
 * Each change is audited in the office that issued the key, one row per person's number,
 * in the same transaction as the change. Errors are `{error:{code,message}}`; a batch with
 * one refused number changes nothing and names it.
 *
 * GET    /api/establishments/:establishmentId/subscriptions
 * PUT    /api/establishments/:establishmentId/subscriptions            {subscriptions:[{idNumber, events}]}
 * GET    /api/establishments/:establishmentId/subscriptions/:idNumber
 * PUT    /api/establishments/:establishmentId/subscriptions/:idNumber  {events}
 * DELETE /api/establishments/:establishmentId/subscriptions/:idNumber
 * GET    /api/establishments/:establishmentId/contacts
 * PUT    /api/establishments/:establishmentId/contacts                 {mobile?, email?, language?}
 * GET    /api/establishments/:establishmentId/report?day=YYYY-MM-DD&format=json|csv&language=ar|en
 *        the portal's report on its residents and visitors (expiries, visas by state and month,
 *        open violations, Muqeem quota): JSON, or CSV for a spreadsheet in Arabic or English
 */
import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError, readJson, toJsonb, validate } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { requireEstablishmentKey } from '../establishments/apiKeys.ts';
import {
  contactsSchema, eventsSchema, getContacts, getSubscription, listSubscriptions, setContacts, subscribableNumberSchema, subscribe,
  subscriptionsSchema, unsubscribe, type SubscriptionContext,
} from '../establishments/subscriptions.ts';
import type { Queryable } from '../store/index.ts';
import { establishmentReport, reportCsv } from '../establishments/report.ts';
import { isIsoDate, type IsoDate } from '../../shared/domain/dates.ts';
import { serviceDayOf } from '../../shared/domain/office.ts';

const BASE = '/api/establishments/:establishmentId';

const reportQuerySchema = v.strictObject({
  day: v.optional(v.custom<IsoDate>(isIsoDate, 'day: must be a real date, YYYY-MM-DD')),
  format: v.optional(v.picklist(['json', 'csv'], 'format: must be "json" or "csv"')),
  language: v.optional(v.picklist(['ar', 'en'], 'language: must be "ar" or "en"')),
});

/** One audit row per number, in the key's office. */
async function auditNumbers(q: Queryable, c: Context<AppEnv>, now: number, action: string, numbers: readonly string[], details: Record<string, unknown> = {}): Promise<void> {
  const key = c.get('establishmentKey');
  await q.query(
    `INSERT INTO audit_log (office_id, at, actor_kind, actor_id, action, subject, details)
     SELECT $1, $2, 'establishment', $3, $4, n, $5::jsonb FROM jsonb_array_elements_text($6::jsonb) AS n`,
    [key.officeId, new Date(now), key.keyId, action, toJsonb({ establishmentId: key.establishmentId, ...details }), toJsonb(numbers)],
  );
}

const numberParam = (c: Context<AppEnv>): string => validate(subscribableNumberSchema, c.req.param('idNumber'));

export function registerEstablishmentRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const keyed = requireEstablishmentKey(deps);
  const context = (c: Context<AppEnv>): SubscriptionContext => {
    const key = c.get('establishmentKey');
    return { establishmentId: key.establishmentId, officeId: key.officeId, now: deps.clock() };
  };

  app.get(`${BASE}/subscriptions`, keyed, async (c) => {
    const ctx = context(c);
    const result = await deps.store.tx(async (q) => {
      const subscriptions = await listSubscriptions(q, ctx.establishmentId);
      await auditNumbers(q, c, ctx.now, 'subscriptions.listed', [ctx.establishmentId], { count: subscriptions.length });
      return { contacts: await getContacts(q, ctx.establishmentId), subscriptions };
    });
    return c.json(result);
  });

  app.put(`${BASE}/subscriptions`, keyed, async (c) => {
    const body = await readJson(c, v.strictObject({ subscriptions: subscriptionsSchema }));
    const ctx = context(c);
    const result = await deps.store.tx(async (q) => {
      const counts = await subscribe(q, ctx, body.subscriptions);
      await auditNumbers(q, c, ctx.now, 'subscription.set', body.subscriptions.map((s) => s.idNumber));
      return counts;
    });
    return c.json(result);
  });

  app.get(`${BASE}/subscriptions/:idNumber`, keyed, async (c) => {
    const idNumber = numberParam(c);
    const ctx = context(c);
    const found = await deps.store.tx(async (q) => {
      await auditNumbers(q, c, ctx.now, 'subscription.read', [idNumber]);
      return getSubscription(q, ctx.establishmentId, idNumber);
    });
    if (!found) throw new HttpError(404, 'not_subscribed', 'this number is not subscribed by this establishment');
    return c.json(found);
  });

  app.put(`${BASE}/subscriptions/:idNumber`, keyed, async (c) => {
    const idNumber = numberParam(c);
    const body = await readJson(c, v.strictObject({ events: eventsSchema }));
    const ctx = context(c);
    const result = await deps.store.tx(async (q) => {
      const counts = await subscribe(q, ctx, [{ idNumber, events: body.events }]);
      await auditNumbers(q, c, ctx.now, 'subscription.set', [idNumber]);
      return counts;
    });
    return c.json(result);
  });

  app.delete(`${BASE}/subscriptions/:idNumber`, keyed, async (c) => {
    const idNumber = numberParam(c);
    const ctx = context(c);
    const removed = await deps.store.tx(async (q) => {
      const done = await unsubscribe(q, ctx, idNumber);
      if (done) await auditNumbers(q, c, ctx.now, 'subscription.removed', [idNumber]);
      return done;
    });
    if (!removed) throw new HttpError(404, 'not_subscribed', 'this number is not subscribed by this establishment');
    return c.json({ ok: true });
  });

  app.get(`${BASE}/contacts`, keyed, async (c) => {
    const contacts = await deps.store.tx((q) => getContacts(q, c.get('establishmentKey').establishmentId));
    return c.json({ contacts });
  });

  app.put(`${BASE}/contacts`, keyed, async (c) => {
    const body = await readJson(c, contactsSchema);
    const ctx = context(c);
    const contacts = await deps.store.tx(async (q) => {
      const next = await setContacts(q, ctx, body);
      await auditNumbers(q, c, ctx.now, 'contacts.changed', [ctx.establishmentId], {
        mobile: body.mobile === undefined ? 'kept' : body.mobile === null ? 'removed' : 'changed',
        email: body.email === undefined ? 'kept' : body.email === null ? 'removed' : 'changed',
      });
      return next;
    });
    return c.json({ contacts });
  });

  app.get(`${BASE}/report`, keyed, async (c) => {
    const query = validate(reportQuerySchema, c.req.query()); // an unknown parameter is refused, not ignored
    const ctx = context(c);
    const day = query.day ?? serviceDayOf(ctx.now, 'Asia/Riyadh');
    const report = await deps.store.tx(async (q) => {
      const built = await establishmentReport(q, ctx.establishmentId, day);
      // A report names every person the establishment sponsors: one lookup, audited.
      if (built) await auditNumbers(q, c, ctx.now, 'report.read', [ctx.establishmentId], { day, people: built.people.length });
      return built;
    });
    if (!report) throw new HttpError(404, 'establishment_unknown', 'the registry has no such establishment');
    if (query.format !== 'csv') return c.json(report);
    const language = query.language ?? 'ar';
    return c.body(reportCsv(report, language), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="establishment-${ctx.establishmentId}-${day}-${language}.csv"`,
    });
  });

  methodNotAllowed(app, [`${BASE}/subscriptions`, `${BASE}/subscriptions/:idNumber`, `${BASE}/contacts`, `${BASE}/report`]);
}

/**
 * Entry and exit events from the border feed (issue 11). Each event sets the person's
 * `abroad` in the registry (a new record version) and tells the establishments that
 * subscribed to `entry` / `exit` for that number, in one transaction. Idempotent per event
 * id: the same event again is answered `duplicate` and changes nothing. An event that does
 * not change the record (an exit for someone already abroad, one older than the last event
 * applied, or a number not in the registry) is kept but notifies no one.
 *
 * Authenticated by the feed's shared key (BORDER_FEED_KEY, compared in constant time);
 * without one configured, every event is refused.
 *
 * POST /api/border-events  {events:[{eventId, idNumber, kind: entry|exit, at, port?}]}
 */
import { timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import * as v from 'valibot';
import { checkIdNumber } from '../../shared/domain/identity.ts';
import type { ResidentRecord } from '../../shared/domain/resident.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError, readJson, toJsonb } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { notifySubscribers } from '../notifications/fanout.ts';
import { dayIn } from '../notifications/scheduler.ts';
import { sha256 } from '../security/secrets.ts';

const MAX_EVENTS = 200;

const eventSchema = v.strictObject({
  eventId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9._:-]{1,80}$/, 'must be 1–80 letters, digits or . _ : -')),
  idNumber: v.pipe(
    v.string(),
    v.check((s) => {
      const c = checkIdNumber(s);
      return c.ok && c.kind !== 'citizen';
    }, 'must be a valid iqama (2…) or border number (3…, 4…)'),
  ),
  kind: v.picklist(['entry', 'exit'], 'must be "entry" or "exit"'),
  at: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8_640_000_000_000)),
  port: v.optional(v.pipe(v.string(), v.maxLength(60))),
});
const bodySchema = v.strictObject({ events: v.pipe(v.array(eventSchema), v.minLength(1), v.maxLength(MAX_EVENTS)) });

export type BorderEventResult = 'applied' | 'unchanged' | 'unknown_person' | 'duplicate';

export function registerBorderEventRoutes(app: Hono<AppEnv>, deps: AppDeps, feedKey: string | null): void {
  const expected = feedKey ? Buffer.from(sha256(feedKey), 'hex') : null;
  app.post('/api/border-events', async (c) => {
    const presented = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!expected || !presented || !timingSafeEqual(expected, Buffer.from(sha256(presented), 'hex'))) {
      throw new HttpError(401, 'unauthorized', 'border events need the border feed’s key');
    }
    const body = await readJson(c, bodySchema);
    const now = deps.clock();
    let queued = 0;
    const results = await deps.store.tx(async (q) => {
      const out: { eventId: string; result: BorderEventResult }[] = [];
      // In the order the feed saw them, so an exit and the entry after it in one batch apply in turn.
      for (const e of [...body.events].sort((a, b) => a.at - b.at)) {
        const number = checkIdNumber(e.idNumber);
        const idNumber = number.ok ? number.number : e.idNumber;
        const [row] = await q.query<{ record: ResidentRecord }>('SELECT record FROM residents WHERE id_number = $1 FOR UPDATE', [idNumber]);
        const [last] = await q.query<{ at: Date }>('SELECT max(at) AS at FROM border_events WHERE id_number = $1 AND applied', [idNumber]);
        const abroad = e.kind === 'exit';
        const applies = !!row && row.record.abroad !== abroad && (!last?.at || last.at.getTime() <= e.at);
        const inserted = await q.query(
          `INSERT INTO border_events (event_id, id_number, kind, at, port, received_at, applied) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
          [e.eventId, idNumber, e.kind, new Date(e.at), e.port ?? null, new Date(now), applies],
        );
        if (inserted.length === 0) {
          out.push({ eventId: e.eventId, result: 'duplicate' });
          continue;
        }
        if (!row) {
          out.push({ eventId: e.eventId, result: 'unknown_person' });
          continue;
        }
        if (!applies) {
          out.push({ eventId: e.eventId, result: 'unchanged' });
          continue;
        }
        await q.query('UPDATE residents SET record = $2::jsonb, version = version + 1, updated_at = $3 WHERE id_number = $1', [
          idNumber, toJsonb({ ...row.record, abroad }), new Date(now),
        ]);
        queued += await notifySubscribers(q, {
          idNumber,
          event: e.kind,
          template: e.kind === 'entry' ? 'borderEntry' : 'borderExit',
          params: { day: dayIn('Asia/Riyadh', e.at) },
          eventRef: `border:${e.eventId}`,
          now,
        });
        out.push({ eventId: e.eventId, result: 'applied' });
      }
      return out;
    });
    if (queued > 0) deps.messages.kick();
    return c.json({ results, queued });
  });
  methodNotAllowed(app, ['/api/border-events']);
}

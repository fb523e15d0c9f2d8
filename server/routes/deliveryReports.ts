/**
 * Delivery reports from the SMS gateway (issue 11): the gateway calls back with our
 * message id (its correlation id) when the handset got the message, or when it could not
 * deliver it. Authenticated by the shared key the gateway was given (SMS_GATEWAY_REPORT_KEY,
 * compared in constant time); without one configured, every report is refused. A report
 * repeated or late changes nothing more; one for an unknown message is a 404.
 *
 * POST /api/notifications/delivery-reports  {correlationId, status: delivered|failed, at?, reason?}
 */
import { timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import * as v from 'valibot';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError, readJson } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { sha256 } from '../security/secrets.ts';

const reportSchema = v.strictObject({
  correlationId: v.pipe(v.string(), v.uuid('must be the message id we sent as correlationId')),
  status: v.picklist(['delivered', 'failed'], 'must be "delivered" or "failed"'),
  at: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8_640_000_000_000))),
  reason: v.optional(v.pipe(v.string(), v.maxLength(200))),
});

export function registerDeliveryReportRoutes(app: Hono<AppEnv>, deps: AppDeps, reportKey: string | null): void {
  const expected = reportKey ? Buffer.from(sha256(reportKey), 'hex') : null;
  app.post('/api/notifications/delivery-reports', async (c) => {
    const presented = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!expected || !presented || !timingSafeEqual(expected, Buffer.from(sha256(presented), 'hex'))) {
      throw new HttpError(401, 'unauthorized', 'a delivery report needs the gateway’s report key');
    }
    const report = await readJson(c, reportSchema);
    const now = deps.clock();
    const at = new Date(Math.min(report.at ?? now, now));
    // Only a message we handed to the gateway can be reported on; a report twice changes nothing.
    const rows =
      report.status === 'delivered'
        ? await deps.store.query<{ status: string }>(
            `UPDATE outgoing_messages SET status = 'delivered', delivered_at = $2, failure = NULL
              WHERE message_id = $1 AND status IN ('sending', 'sent') RETURNING status`,
            [report.correlationId, at],
          )
        : await deps.store.query<{ status: string }>(
            `UPDATE outgoing_messages SET status = 'dead', failure = $2
              WHERE message_id = $1 AND status IN ('sending', 'sent') RETURNING status`,
            [report.correlationId, `the gateway could not deliver it${report.reason ? `: ${report.reason}` : ''}`],
          );
    if (rows.length === 0) {
      const known = await deps.store.query('SELECT 1 FROM outgoing_messages WHERE message_id = $1', [report.correlationId]);
      if (known.length === 0) throw new HttpError(404, 'not_found', 'no message has this correlationId');
    }
    return c.json({ ok: true });
  });
  methodNotAllowed(app, ['/api/notifications/delivery-reports']);
}

/**
 * Supervisor console: the notification outbox (issue 11). Each message's life (queued,
 * sending, sent, delivered, dead, dropped), newest first, with what caused it, its tries
 * and its last failure; the recipient only by the last four digits of a mobile (or the
 * domain of an e-mail), the text as the recipient reads it with a security code hidden.
 * Delivery figures of the last seven days, and no-shows of the last thirty with and without a
 * ticket notice. A dead message can be sent again (audited).
 *
 * GET  /api/admin/messages?status=&limit=&before=   (before: a created_at in epoch ms)
 * POST /api/admin/messages/:id/resend
 */
import type { Hono } from 'hono';
import type { AdminMessage } from '../../shared/api/adminTypes.ts';
import type { adminRoutes, ResponseOf } from '../../shared/api/contract/index.ts';
import { audit } from '../audit.ts';
import { officeOf, requireSupervisor } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { methodNotAllowed, queryInt } from '../http/routing.ts';
import { isTemplateId, renderForStaff } from '../notifications/templates.ts';
import { UUID_RE } from '../security/secrets.ts';
import type { SqlParam } from '../store/index.ts';

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'dead', 'dropped'] as const;
const PAGE_DEFAULT = 50;
const PAGE_MAX = 200;
const FIGURES_DAYS = 7;
/** The no-show comparison needs more tickets than a week gives a new office. */
const NOTICE_DAYS = 30;

interface MessageRow {
  message_id: string;
  channel: 'sms' | 'email';
  recipient: string;
  template: string;
  params: Record<string, unknown>;
  language: string;
  status: AdminMessage['status']; // the column's CHECK allows only these
  attempts: number;
  event_kind: string | null;
  created_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  next_attempt_at: Date | null;
  failure: string | null;
}

/** A recipient as the console shows it: a mobile's last four digits, an e-mail's domain. */
export function maskRecipient(channel: string, recipient: string): string {
  if (channel === 'email') return `…@${recipient.split('@')[1] ?? ''}`;
  return `…${recipient.slice(-4)}`;
}

export function registerAdminMessageRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const sup = requireSupervisor(deps);

  app.get('/api/admin/messages', sup, async (c) => {
    const officeId = officeOf(c);
    const status = c.req.query('status') || null;
    if (status !== null && !(MESSAGE_STATUSES as readonly string[]).includes(status)) {
      throw new HttpError(400, 'invalid_request', `status: must be one of ${MESSAGE_STATUSES.join(', ')}`);
    }
    const limit = queryInt(c.req.query('limit'), 'limit', PAGE_DEFAULT, 1, PAGE_MAX);
    const before = queryInt(c.req.query('before'), 'before', 0, 1, 8_640_000_000_000);
    const params: SqlParam[] = [officeId];
    const where = ['office_id = $1'];
    if (status) {
      params.push(status);
      where.push(`status = $${params.length}`);
    }
    if (before) {
      params.push(new Date(before));
      where.push(`created_at < $${params.length}`);
    }
    params.push(limit + 1);
    const rows = await deps.store.query<MessageRow>(
      `SELECT message_id, channel, recipient, template, params, language, status, attempts, event_kind, created_at, sent_at, delivered_at,
              next_attempt_at, failure
         FROM outgoing_messages WHERE ${where.join(' AND ')} ORDER BY created_at DESC, message_id LIMIT $${params.length}`,
      params,
    );
    const since = new Date(deps.clock() - FIGURES_DAYS * 86_400_000);
    const [figures] = await deps.store.query<{
      queued: number; sent: number; delivered: number; dead: number; dropped: number; median_ms: number | null;
    }>(
      `SELECT count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS queued,
              count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE status = 'dead')::int AS dead,
              count(*) FILTER (WHERE status = 'dropped')::int AS dropped,
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM coalesce(delivered_at, sent_at) - created_at) * 1000)
                 FILTER (WHERE coalesce(delivered_at, sent_at) IS NOT NULL))::float8 AS median_ms
         FROM outgoing_messages WHERE office_id = $1 AND created_at >= $2`,
      [officeId, since],
    );
    // Does "your turn is near" keep people from missing their turn? No-shows among tickets
    // that ended (served or missed), with a mobile left at the kiosk and without.
    const sinceDay = new Date(deps.clock() - NOTICE_DAYS * 86_400_000).toISOString().slice(0, 10);
    const outcomes = await deps.store.query<{ notified: boolean; ended: number; no_shows: number }>(
      `SELECT (n.ticket_id IS NOT NULL) AS notified, count(*)::int AS ended, count(*) FILTER (WHERE t.status = 'noShow')::int AS no_shows
         FROM tickets t LEFT JOIN ticket_notices n ON n.office_id = t.office_id AND n.ticket_id = t.ticket_id AND n.notified
        WHERE t.office_id = $1 AND t.service_day >= $2::date AND t.status IN ('done', 'noShow')
        GROUP BY 1`,
      [officeId, sinceDay],
    );
    // "On my way" as last answered; "10 more minutes" as the moves it made (a later "on my way" does not undo one).
    const answers = await deps.store.query<{ answer: string; n: number }>(
      `SELECT 'onMyWay' AS answer, count(*)::int AS n FROM ticket_notices
        WHERE office_id = $1 AND service_day >= $2::date AND answer = 'onMyWay'
       UNION ALL
       SELECT 'moreTime', count(*)::int FROM ticket_events WHERE office_id = $1 AND service_day >= $2::date AND type = 'deferred'`,
      [officeId, sinceDay],
    );
    const outcome = (notified: boolean) => {
      const row = outcomes.find((o) => o.notified === notified);
      return { ended: row?.ended ?? 0, noShows: row?.no_shows ?? 0 };
    };
    const page = rows.slice(0, limit);
    return c.json({
      messages: page.map((r) => ({
        messageId: r.message_id,
        channel: r.channel,
        to: maskRecipient(r.channel, r.recipient),
        template: r.template,
        language: r.language,
        text: isTemplateId(r.template) ? renderForStaff(r.template, r.params, r.language) : '',
        status: r.status,
        attempts: r.attempts,
        event: r.event_kind,
        createdAt: r.created_at.getTime(),
        sentAt: r.sent_at?.getTime() ?? null,
        deliveredAt: r.delivered_at?.getTime() ?? null,
        nextAttemptAt: r.status === 'queued' ? (r.next_attempt_at?.getTime() ?? null) : null,
        failure: r.failure,
      })),
      more: rows.length > limit,
      figures: {
        days: FIGURES_DAYS,
        queued: figures?.queued ?? 0,
        sent: figures?.sent ?? 0,
        delivered: figures?.delivered ?? 0,
        dead: figures?.dead ?? 0,
        dropped: figures?.dropped ?? 0,
        medianMsToDelivery: figures?.median_ms === null || figures?.median_ms === undefined ? null : Math.round(figures.median_ms),
      },
      ticketNotices: {
        days: NOTICE_DAYS,
        withNotice: outcome(true),
        withoutNotice: outcome(false),
        onMyWay: answers.find((a) => a.answer === 'onMyWay')?.n ?? 0,
        moreTime: answers.find((a) => a.answer === 'moreTime')?.n ?? 0,
      },
    } satisfies ResponseOf<typeof adminRoutes.messages>);
  });

  app.post('/api/admin/messages/:id/resend', sup, async (c) => {
    const officeId = officeOf(c);
    const id = c.req.param('id');
    if (!UUID_RE.test(id)) throw new HttpError(400, 'invalid_request', 'id: must be a message id (UUID)');
    const now = deps.clock();
    const supervisor = c.get('supervisor');
    await deps.store.tx(async (q) => {
      const [row] = await q.query<{ status: string; expires_at: Date | null }>(
        'SELECT status, expires_at FROM outgoing_messages WHERE office_id = $1 AND message_id = $2 FOR UPDATE',
        [officeId, id],
      );
      if (!row) throw new HttpError(404, 'not_found', 'no such message in this office');
      if (row.status !== 'dead') throw new HttpError(409, 'not_dead', `only a dead message can be sent again; this one is ${row.status}`);
      if (row.expires_at && row.expires_at.getTime() <= now) {
        throw new HttpError(409, 'message_expired', 'this message has expired (a code or a turn notice): sending it now would mislead');
      }
      await q.query(
        `UPDATE outgoing_messages SET status = 'queued', attempts = 0, next_attempt_at = $3, failure = NULL WHERE office_id = $1 AND message_id = $2`,
        [officeId, id, new Date(now)],
      );
      await audit(q, { officeId, at: now, actorKind: 'supervisor', actorId: supervisor.username, action: 'message.resent', subject: id });
    });
    deps.messages.kick();
    return c.json({ ok: true } satisfies ResponseOf<typeof adminRoutes.resendMessage>);
  });

  methodNotAllowed(app, ['/api/admin/messages', '/api/admin/messages/:id/resend']);
}

/**
 * Supervisor console: the notification outbox (issue 11). Each message's life (queued,
 * sending, sent, delivered, dead, dropped), newest first, with what caused it, its tries
 * and its last failure; the recipient only by the last four digits of a mobile (or the
 * domain of an e-mail), the text as the recipient reads it with a security code hidden.
 * Delivery figures of the last seven days. A dead message can be sent again (audited).
 *
 * GET  /api/admin/messages?status=&limit=&before=   (before: a created_at in epoch ms)
 * POST /api/admin/messages/:id/resend
 */
import type { Hono } from 'hono';
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

interface MessageRow {
  message_id: string;
  channel: 'sms' | 'email';
  recipient: string;
  template: string;
  params: Record<string, unknown>;
  language: string;
  status: string;
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
    });
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
    return c.json({ ok: true });
  });

  methodNotAllowed(app, ['/api/admin/messages', '/api/admin/messages/:id/resend']);
}

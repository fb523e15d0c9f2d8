/**
 * The simulator's calls to the store's routes, on its own app instance whose clock is the
 * simulated time: a one-time security code sent to the person's mobile (read back from
 * the outgoing message queue, as the resident reads the SMS) and verified; a booking made
 * by the supervisor; a resident leaving the queue or answering the survey on the phone.
 * An answer other than the one live traffic gets is counted as unexpected, never ignored.
 */
import type { Op } from './ops.ts';
import type { DeliveryContext } from './delivery.ts';

type RouteOp = Extract<Op, { kind: 'codeSend' | 'codeVerify' | 'book' | 'leave' | 'survey' }>;

async function call(ctx: DeliveryContext, at: number, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  ctx.clock.now = at;
  const response = await ctx.app.request(path, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

function field(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  if (typeof value !== 'string') throw new Error(`the store's answer has no ${name}`);
  return value;
}

export async function callRoute(ctx: DeliveryContext, op: RouteOp): Promise<void> {
  const { stats } = ctx;
  switch (op.kind) {
    case 'codeSend': {
      const { session, tx } = op;
      const auth = { authorization: `Bearer ${session.device.token}`, 'x-officer-session': session.token };
      const sent = await call(ctx, op.at, 'POST', '/api/counter/security-codes', { idNumber: tx.idNumber, transactionId: tx.transactionId }, auth);
      if (!stats.route('codeSend', sent.status, 201, sent.body)) return;
      tx.codeId = field(sent.body, 'codeId');
      // The resident reads the SMS: the message this code made. The simulated phone got it, so
      // delivery marks it delivered (a demo server's sender drops months-old codes as expired).
      const [message] = await ctx.store.query<{ message_id: string; params: { code?: string } }>(
        `SELECT message_id, params FROM outgoing_messages WHERE office_id = $1 AND event_kind = 'securityCode' AND event_ref = $2`,
        [ctx.officeId, tx.codeId],
      );
      if (!message?.params.code) throw new Error(`no security code was queued for transaction ${tx.transactionId}`);
      tx.code = message.params.code;
      ctx.delivered.push(message.message_id);
      return;
    }
    case 'codeVerify': {
      const { session, tx } = op;
      if (!tx.codeId || !tx.code) return; // the code was never sent (counted when it failed)
      const auth = { authorization: `Bearer ${session.device.token}`, 'x-officer-session': session.token };
      const path = `/api/counter/security-codes/${tx.codeId}/verify`;
      if (tx.wrongCodeFirst) {
        const wrong = String((Number(tx.code) + 1) % 1_000_000).padStart(6, '0');
        const r = await call(ctx, op.at - 8_000, 'POST', path, { code: wrong }, auth);
        stats.route('codeWrong', r.status, 400, r.body);
      }
      const r = await call(ctx, op.at, 'POST', path, { code: tx.code }, auth);
      stats.route('codeVerify', r.status, 200, r.body);
      return;
    }
    case 'book': {
      const token = await ctx.supervisor.token(op.at);
      const r = await call(ctx, op.at, 'POST', '/api/admin/appointments', op.booking, { authorization: `Bearer ${token}` });
      if (!stats.route('book', r.status, 201, r.body)) return;
      const { sectionId, service, slotAt, idNumber } = op.booking;
      ctx.booked(op.forDay, { appointmentId: field(r.body, 'appointmentId'), slotAt, sectionId, service, idNumber });
      return;
    }
    case 'leave': {
      const r = await call(ctx, op.at, 'POST', `/api/public/tickets/${op.publicCode}/leave`, op.key ? { key: op.key } : undefined);
      stats.route('leave', r.status, 200, r.body);
      return;
    }
    case 'survey': {
      const r = await call(ctx, op.at, 'POST', `/api/public/tickets/${op.publicCode}/survey`, { score: op.score });
      stats.route('survey', r.status, 201, r.body);
      return;
    }
  }
}

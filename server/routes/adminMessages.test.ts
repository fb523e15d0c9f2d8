/** The console's view of the notification outbox: each message's life, masked, with delivery figures, and resending a dead one. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError } from '../../shared/sync/protocol.ts';
import { DeliveryWorker, enqueueMessage, DeliveryError } from '../notifications/delivery.ts';
import { inboxChannel } from '../notifications/channels.ts';
import { describeEngines } from '../testing/engines.ts';
import { Harness } from '../testing/harness.ts';

interface MessagesPage {
  messages: { messageId: string; to: string; text: string; status: string; attempts: number; event: string; failure: string | null }[];
  figures: { queued: number; delivered: number; dead: number; dropped: number; medianMsToDelivery: number | null };
}

describeEngines('console messages', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  it('lists each message masked, with the code hidden, and counts deliveries; a dead one can be sent again, once', async () => {
    const office = await h.newOffice();
    const token = await h.supervisor(office);
    const queue = (recipient: string, ref: string) =>
      enqueueMessage(h.store, { officeId: office, channel: 'sms', recipient, template: 'securityCode', params: { code: '654321', minutes: 5 }, language: 'en', eventKind: 'securityCode', eventRef: ref, now: h.now });
    await queue('0512345678', 'a');
    await queue('0598765432', 'b');
    let fail = true;
    const worker = new DeliveryWorker(h.store, {
      sms: { send: async (m) => (fail && m.recipient.endsWith('5432') ? Promise.reject(new DeliveryError('the gateway answered 400', false)) : { delivered: true }) },
      email: inboxChannel(),
    }, { clock: () => h.now });
    h.now += 2000;
    await worker.runOnce();

    const page = await h.call<MessagesPage>('GET', '/api/admin/messages', { token });
    expect(page.status).toBe(200);
    const byTo = new Map(page.body.messages.map((m) => [m.to, m]));
    expect(byTo.get('…5678')).toMatchObject({ status: 'delivered', attempts: 1, event: 'securityCode' });
    expect(byTo.get('…5432')).toMatchObject({ status: 'dead', failure: 'the gateway answered 400' });
    expect(byTo.get('…5678')?.text).toContain('••••••');
    expect(JSON.stringify(page.body)).not.toContain('654321');
    expect(JSON.stringify(page.body)).not.toContain('0512345678');
    expect(page.body.figures).toMatchObject({ delivered: 1, dead: 1, queued: 0, medianMsToDelivery: 2000 });
    expect((await h.call<MessagesPage>('GET', '/api/admin/messages?status=dead', { token })).body.messages.map((m) => m.to)).toEqual(['…5432']);
    expect((await h.call<ApiError>('GET', '/api/admin/messages?status=lost', { token })).status).toBe(400);

    const dead = byTo.get('…5432')?.messageId ?? '';
    const delivered = byTo.get('…5678')?.messageId ?? '';
    expect((await h.call<ApiError>('POST', `/api/admin/messages/${delivered}/resend`, { token })).body.error.code).toBe('not_dead');
    expect((await h.call('POST', `/api/admin/messages/${dead}/resend`, { token })).status).toBe(200);
    expect((await h.call<ApiError>('POST', `/api/admin/messages/${dead}/resend`, { token })).body.error.code).toBe('not_dead');
    fail = false;
    await worker.runOnce();
    const after = await h.call<MessagesPage>('GET', '/api/admin/messages', { token });
    expect(after.body.messages.map((m) => m.status)).toEqual(['delivered', 'delivered']);
    const [audited] = await h.store.query<{ action: string; subject: string }>(`SELECT action, subject FROM audit_log WHERE office_id = $1 AND action = 'message.resent'`, [office]);
    expect(audited).toEqual({ action: 'message.resent', subject: dead });
    // Another office's supervisor sees none of them and cannot resend them.
    const other = await h.supervisor(await h.newOffice());
    expect((await h.call<MessagesPage>('GET', '/api/admin/messages', { token: other })).body.messages).toEqual([]);
    expect((await h.call('POST', `/api/admin/messages/${dead}/resend`, { token: other })).status).toBe(404);
  });

  it('refuses to resend a message that expired (a code, a turn notice): it would mislead', async () => {
    const office = await h.newOffice();
    const token = await h.supervisor(office);
    const id = await enqueueMessage(h.store, { officeId: office, channel: 'sms', recipient: '0511111111', template: 'securityCode', params: { code: '1', minutes: 5 }, eventKind: 'securityCode', eventRef: 'x', now: h.now, expiresAt: h.now + 60_000 });
    await h.store.query(`UPDATE outgoing_messages SET status = 'dead' WHERE message_id = $1`, [id ?? '']);
    h.now += 120_000;
    expect((await h.call<ApiError>('POST', `/api/admin/messages/${id}/resend`, { token })).body.error.code).toBe('message_expired');
  });
});

/** The SMS gateway's delivery reports: only with its key, idempotent, never reviving a message that was not handed over. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { enqueueMessage } from '../notifications/delivery.ts';
import { PILOT_OFFICE_ID, seedOffice } from '../seed.ts';
import { describeEngines, type TestStore } from '../testing/engines.ts';

describeEngines('delivery reports', (engine) => {
  let t: TestStore;
  let now = Date.parse('2026-12-03T09:00:00Z');
  beforeAll(async () => {
    t = await engine.open();
    await seedOffice(t.store, { hashes: { pin: 'x', password: 'x' } });
  });
  afterAll(() => t?.close());

  const report = (app: ReturnType<typeof createApp>, body: unknown, key = 'report-key-1') =>
    app.request('/api/notifications/delivery-reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });
  const statusOf = async (id: string) =>
    (await t.store.query<{ status: string; failure: string | null; delivered_at: Date | null }>('SELECT status, failure, delivered_at FROM outgoing_messages WHERE message_id = $1', [id]))[0];
  const queue = async (ref: string, status: string) => {
    const id = await enqueueMessage(t.store, { officeId: PILOT_OFFICE_ID, channel: 'sms', recipient: '0500000009', template: 'securityCode', params: { code: '1', minutes: 5 }, eventKind: 'test', eventRef: ref, now });
    await t.store.query('UPDATE outgoing_messages SET status = $2 WHERE message_id = $1', [id ?? '', status]);
    return id ?? '';
  };

  it('marks a sent message delivered, or failed with the reason, once; refuses without the key', async () => {
    const app = createApp({ store: t.store, clock: () => now, deliveryReportKey: 'report-key-1' });
    const sent = await queue('r1', 'sent');
    const lost = await queue('r2', 'sent');
    expect((await report(app, { correlationId: sent, status: 'delivered' }, 'wrong')).status).toBe(401);
    expect((await report(app, { correlationId: sent, status: 'delivered' }, '')).status).toBe(401);
    expect((await statusOf(sent))?.status).toBe('sent');
    now += 4000;
    expect((await report(app, { correlationId: sent, status: 'delivered', at: now - 1000 })).status).toBe(200);
    expect(await statusOf(sent)).toMatchObject({ status: 'delivered', delivered_at: new Date(now - 1000) });
    // The same report again, or a late "failed" after it was delivered, changes nothing.
    expect((await report(app, { correlationId: sent, status: 'failed' })).status).toBe(200);
    expect((await statusOf(sent))?.status).toBe('delivered');
    expect((await report(app, { correlationId: lost, status: 'failed', reason: 'handset off' })).status).toBe(200);
    expect(await statusOf(lost)).toMatchObject({ status: 'dead', failure: 'the gateway could not deliver it: handset off' });
    // A message never handed to the gateway is not delivered by a report.
    const waiting = await queue('r3', 'queued');
    expect((await report(app, { correlationId: waiting, status: 'delivered' })).status).toBe(200);
    expect((await statusOf(waiting))?.status).toBe('queued');
    expect((await report(app, { correlationId: '5f0c7e0e-3f43-4c55-9a53-55b1a2a4c0ff', status: 'delivered' })).status).toBe(404);
    const bad = await report(app, { correlationId: 'x', status: 'maybe' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('refuses every report when no key is configured', async () => {
    const app = createApp({ store: t.store, clock: () => now });
    const sent = await queue('r4', 'sent');
    expect((await report(app, { correlationId: sent, status: 'delivered' })).status).toBe(401);
  });
});

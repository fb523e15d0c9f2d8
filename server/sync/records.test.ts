/**
 * What the pilot's figures need recorded (migration 010): the kiosk language of a ticket,
 * counter breaks with their reason, heartbeats (device health, presence periods, the
 * device's clock) and the time each event happened, corrected by that clock.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PRESENCE_TIMEOUT_MS } from '../../shared/domain/metrics/types.ts';
import type { HeartbeatResponse, PushResponse } from '../../shared/sync/protocol.ts';
import { describeEngines } from '../testing/engines.ts';
import { act, envelope, Harness, issue, ticketIdOf, type Device } from '../testing/harness.ts';

describeEngines('pilot records', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  const beat = (device: Device, body: Record<string, unknown>) =>
    h.call<HeartbeatResponse>('POST', '/api/sync/heartbeat', {
      token: device.token,
      body: { deviceTime: h.now, appVersion: '0.1.0+abc1234', outboxDepth: 0, oldestUnsentAt: null, sessionId: null, ...body },
    });

  it('keeps the kiosk language with the ticket, and refuses a language no kiosk offers', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const urdu = issue(1, kiosk, 1);
    const withLanguage = { ...urdu, args: { ...(urdu.args as object), language: 'ur' } };
    const klingon = { ...issue(2, kiosk, 2), args: { ...(issue(2, kiosk, 2).args as object), language: 'tlh' } };
    const r = await h.push<PushResponse>(kiosk, [withLanguage, klingon, issue(3, kiosk, 3)]);
    expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'rejected', 'applied']);
    const rows = await h.store.query<{ display_number: string; language: string | null }>(
      'SELECT display_number, language FROM tickets WHERE office_id = $1 ORDER BY display_number',
      [office],
    );
    expect(rows.map((x) => [x.display_number, x.language])).toEqual([
      [`M${kiosk.kioskNo}-001`, 'ur'],
      [`M${kiosk.kioskNo}-003`, null],
    ]);
  });

  it('records a break with its reason and the end of it, for the signed-in officer', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const session = await h.signIn(counter, '1001', 1);
    const r = await h.push<PushResponse>(counter, [
      envelope(1, 'counter.open', { counterId: 1 }, session.sessionId),
      envelope(2, 'counter.break', { counterId: 1, reason: 'prayer' }, session.sessionId),
      envelope(3, 'counter.resume', { counterId: 1 }, session.sessionId),
      envelope(4, 'counter.break', { counterId: 1, reason: '  ' }, session.sessionId),
      envelope(5, 'counter.break', { counterId: 2, reason: 'meal' }, session.sessionId),
    ]);
    expect(r.body.results.map((x) => (x.status === 'rejected' ? x.reason.code : x.status))).toEqual([
      'applied',
      'applied',
      'applied',
      'invalid_args',
      'wrong_counter',
    ]);
    const events = await h.store.query<{ type: string; reason: string | null; officer_badge: string }>(
      'SELECT type, reason, officer_badge FROM counter_events WHERE office_id = $1 ORDER BY version',
      [office],
    );
    expect(events).toEqual([
      { type: 'open', reason: null, officer_badge: '1001' },
      { type: 'break', reason: 'prayer', officer_badge: '1001' },
      { type: 'resume', reason: null, officer_badge: '1001' },
    ]);
  });

  it('dates events by the device clock corrected with the offset its heartbeat measured, never after they arrived', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    // The kiosk's clock is 5 minutes slow.
    const slow = 5 * 60_000;
    const answer = await beat(kiosk, { deviceTime: h.now - slow });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ serverTime: h.now, clockOffsetMs: slow, epoch: null });
    // A ticket taken 20 minutes ago (kiosk clock), pushed now after an outage.
    const offline = { ...issue(1, kiosk, 1), deviceTime: h.now - slow - 20 * 60_000 };
    // A ticket stamped by a kiosk clock that jumped an hour ahead: never after its arrival.
    const ahead = { ...issue(2, kiosk, 2), deviceTime: h.now + 60 * 60_000 };
    await h.push(kiosk, [offline, ahead]);
    const rows = await h.store.query<{ ticket_id: string; at: Date; server_time: Date }>(
      `SELECT ticket_id, at, server_time FROM ticket_events WHERE office_id = $1`,
      [office],
    );
    const atOf = (id: string) => rows.find((x) => x.ticket_id === id);
    expect(atOf(ticketIdOf(offline))?.at.getTime()).toBe(h.now - 20 * 60_000);
    expect(atOf(ticketIdOf(ahead))?.at.getTime()).toBe(h.now);
    expect(atOf(ticketIdOf(ahead))?.server_time.getTime()).toBe(h.now);
  });

  it('keeps the latest health of each device and its presence as periods; a silence starts a new one', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const session = await h.signIn(counter, '1002', 2);
    const start = h.now;
    expect((await beat(counter, { sessionId: session.sessionId, outboxDepth: 3, oldestUnsentAt: start - 1000 })).status).toBe(200);
    h.now += 30_000;
    await beat(counter, { sessionId: session.sessionId, outboxDepth: 0 });
    h.now += PRESENCE_TIMEOUT_MS + 1;
    await beat(counter, { sessionId: session.sessionId });
    // Another device's session cannot be claimed: the beat counts, the session does not.
    const other = await h.enroll(office, 'counter');
    await beat(other, { sessionId: session.sessionId });

    const status = await h.store.query<{ device_id: string; outbox_depth: number; app_version: string; session_id: string | null; counter_id: number | null }>(
      'SELECT device_id, outbox_depth, app_version, session_id, counter_id FROM device_status WHERE office_id = $1',
      [office],
    );
    expect(status.find((x) => x.device_id === counter.deviceId)).toEqual({
      device_id: counter.deviceId,
      outbox_depth: 0,
      app_version: '0.1.0+abc1234',
      session_id: session.sessionId,
      counter_id: 2,
    });
    expect(status.find((x) => x.device_id === other.deviceId)?.session_id).toBeNull();
    const periods = await h.store.query<{ started_at: Date; last_at: Date; counter_id: number | null }>(
      'SELECT started_at, last_at, counter_id FROM device_presence WHERE office_id = $1 AND device_id = $2 ORDER BY started_at',
      [office, counter.deviceId],
    );
    expect(periods.map((p) => [p.started_at.getTime() - start, p.last_at.getTime() - start, p.counter_id])).toEqual([
      [0, 30_000, 2],
      [30_000 + PRESENCE_TIMEOUT_MS + 1, 30_000 + PRESENCE_TIMEOUT_MS + 1, 2],
    ]);
  });

  it('validates heartbeats and answers only devices', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const bad = await beat(kiosk, { outboxDepth: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await beat(kiosk, { appVersion: 'v1 beta; drop table' })).status).toBe(400);
    const sup = await h.supervisor(office);
    const asSupervisor = await h.call('POST', '/api/sync/heartbeat', { token: sup, body: {} });
    expect(asSupervisor.status).toBe(403);
    const count = await h.store.query<{ n: number }>('SELECT count(*)::int AS n FROM device_status WHERE office_id = $1', [office]);
    expect(count[0]?.n).toBe(0);
    // A counter's ticket events carry `at` too.
    const counter = await h.enroll(office, 'counter');
    const session = await h.signIn(counter, '1003', 3);
    const ticket = issue(1, kiosk, 1);
    await h.push(kiosk, [ticket]);
    await h.push(counter, [act(1, 'ticket.call', ticketIdOf(ticket), 3, session)]);
    const missing = await h.store.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_events WHERE office_id = $1 AND at IS NULL', [office]);
    expect(missing[0]?.n).toBe(0);
  });
});

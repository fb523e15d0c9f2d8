/** The supervisor console API: sign-in lockout, enrollment links, devices, today's counts, refusals. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError, PushResponse } from '../../shared/sync/protocol.ts';
import { describeEngines } from '../testing/engines.ts';
import { act, Harness, issue, ticketIdOf } from '../testing/harness.ts';
import { SIGN_IN_BACKOFF } from './admin.ts';

describeEngines('admin API', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  it('slows the client that types wrong passwords, never locks the supervisor out, and lets another client in', async () => {
    const office = await h.newOffice();
    const signIn = (password: string, client: string) =>
      h.call<ApiError & { token: string; username: string; expiresAt: number }>('POST', '/api/admin/sign-in', {
        body: { username: 'Supervisor', password, officeId: office },
        client,
      });
    const stranger = '198.51.100.7';
    for (let i = 0; i < SIGN_IN_BACKOFF.free; i++) expect((await signIn('wrong', stranger)).status).toBe(401);
    // The sixth wrong password owes a second; the next try before it is refused unread.
    expect((await signIn('wrong', stranger)).status).toBe(401);
    const early = await signIn('pilot-2026', stranger);
    expect(early.status).toBe(429);
    expect(early.body.error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 1 } });
    // The supervisor, at another address, signs in at once: the account is not locked.
    const ok = await signIn('pilot-2026', '203.0.113.20');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ username: 'supervisor', expiresAt: h.now + 12 * 3_600_000 });
    expect(ok.body.token).toMatch(/^sup_/);
    // The stranger's waits double (2 s, 4 s, …) up to the cap.
    const start = h.now;
    try {
      let waited = 1000;
      for (let i = 0; i < 3; i++) {
        h.now += waited;
        expect((await signIn('wrong', stranger)).status).toBe(401);
        waited *= 2;
        expect((await signIn('wrong', stranger)).body.error.details).toEqual({ retryAfterSeconds: waited / 1000 });
      }
      h.now += waited;
      expect((await signIn('pilot-2026', stranger)).status).toBe(200);
      // A success clears the slowdown for that client.
      expect((await signIn('wrong', stranger)).status).toBe(401);
    } finally {
      h.now = start;
    }
    const noOffice = await h.call<ApiError>('POST', '/api/admin/sign-in', { body: { username: 'supervisor', password: 'pilot-2026', officeId: 'nowhere' } });
    expect(noOffice.status).toBe(401);
  });

  it('mints enrollment codes with a link per role', async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    for (const role of ['kiosk', 'counter', 'display'] as const) {
      const r = await h.call<{ code: string; role: string; expiresAt: number; link: string }>('POST', '/api/admin/enrollments', {
        token: sup,
        body: { role, label: `${role} A` },
      });
      expect(r.status).toBe(201);
      expect(r.body.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
      expect(r.body).toMatchObject({ role, expiresAt: h.now + 24 * 3_600_000, link: `/${role}/?enroll=${r.body.code}` });
    }
    const bad = await h.call<ApiError>('POST', '/api/admin/enrollments', { token: sup, body: { role: 'printer' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('role: must be kiosk, counter or display');
  });

  it('lists devices without secrets and revokes one', async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    const kiosk = await h.enroll(office, 'kiosk');
    const list = await h.call<{ devices: Record<string, unknown>[] }>('GET', '/api/admin/devices', { token: sup });
    expect(list.body.devices).toEqual([
      { deviceId: kiosk.deviceId, role: 'kiosk', label: null, kioskNo: 1, nextSeq: 1, createdAt: h.now, lastSeenAt: h.now, revokedAt: null },
    ]);
    expect(JSON.stringify(list.body)).not.toMatch(/token|hash/i);
    const revoked = await h.call<{ revokedAt: number }>('POST', `/api/admin/devices/${kiosk.deviceId}/revoke`, { token: sup });
    expect(revoked.body.revokedAt).toBe(h.now);
    expect((await h.call('POST', `/api/admin/devices/${kiosk.deviceId}/revoke`, { token: sup })).status).toBe(200);
    const pull = await h.call<ApiError>('GET', '/api/sync/pull', { token: kiosk.token });
    expect(pull.status).toBe(401);
    expect(pull.body.error.code).toBe('device_revoked');
    expect((await h.call('POST', '/api/admin/devices/not-a-uuid/revoke', { token: sup })).status).toBe(404);
    expect((await h.call('POST', '/api/admin/devices/00000000-0000-4000-8000-000000000000/revoke', { token: sup })).status).toBe(404);
  });

  it("summarises today's floor and lists refused writes", async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    const kiosk = await h.enroll(office, 'kiosk');
    const counter = await h.enroll(office, 'counter');
    const s = await h.signIn(counter, '1006', 6);
    const [a, b, c] = [issue(1, kiosk, 1, 'women'), issue(2, kiosk, 2, 'women'), issue(3, kiosk, 3)];
    await h.push(kiosk, [a, b, c]);
    const r = await h.push<PushResponse>(counter, [
      { seq: 1, name: 'counter.open', args: { counterId: 6 }, deviceTime: 1, schemaVersion: 1, sessionId: s.sessionId },
      act(2, 'ticket.call', ticketIdOf(a), 6, s),
      act(3, 'ticket.start', ticketIdOf(a), 6, s),
      act(4, 'ticket.complete', ticketIdOf(a), 6, s),
      act(5, 'ticket.call', ticketIdOf(b), 6, s),
      act(6, 'ticket.complete', ticketIdOf(b), 6, s), // not started yet: refused
    ]);
    expect(r.body.results.at(-1)?.status).toBe('rejected');
    const today = await h.call<Record<string, unknown>>('GET', '/api/admin/today', { token: sup });
    expect(today.status).toBe(200);
    expect(today.body).toMatchObject({
      serviceDay: '2026-03-01',
      totals: { issued: 3, waiting: 1, called: 1, serving: 0, done: 1, noShow: 0, cancelled: 0 },
      bySection: { men: { issued: 1, waiting: 1 }, women: { issued: 2, called: 1, done: 1 } },
      byServiceGroup: { residence: { issued: 3 }, finalExit: { issued: 0 } },
      openCounters: [{ counterId: 6, sectionId: 'women', officerBadge: '1006', since: h.now }],
    });
    const events = today.body.latestEvents as { type: string; displayNumber: string }[];
    expect(events.map((e) => `${e.type} ${e.displayNumber}`)).toEqual([
      'called W1-002',
      'completed W1-001',
      'started W1-001',
      'called W1-001',
      'issued M1-003',
      'issued W1-002',
      'issued W1-001',
    ]);
    const refusals = await h.call<{ rejections: Record<string, unknown>[] }>('GET', '/api/admin/rejections', { token: sup });
    expect(refusals.body.rejections).toEqual([
      {
        deviceId: counter.deviceId,
        deviceLabel: null,
        deviceRole: 'counter',
        deviceKioskNo: null,
        seq: 6,
        name: 'ticket.complete',
        reason: expect.objectContaining({ code: 'invalid_transition' }),
        officerBadge: '1006',
        deviceTime: expect.any(Number),
        serverTime: h.now,
        version: 8, // 3 issues + open, call, start, complete, call
      },
    ]);
  });
});

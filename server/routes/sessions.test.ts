/**
 * Issue 12, points 1 and 2: an officer session ends on the store, not only on the
 * terminal. Changes made after signing out, or after the PINs ran out at the lock screen,
 * are refused (those made before still count); a locked or long-idle terminal's lookups are
 * refused until the PIN is given again; one counter number has one live session; and a
 * counter calls only its own section's tickets.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PRESENCE_TIMEOUT_MS } from '../../shared/domain/metrics/types.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/office.ts';
import type { ApiError, OfficerSession, PushResponse } from '../../shared/sync/protocol.ts';
import { generateRegistry } from '../registry/generate.ts';
import { describeEngines } from '../testing/engines.ts';
import { act, envelope, Harness, issue, ticketIdOf, type Device } from '../testing/harness.ts';

describeEngines('officer sessions end on the store', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  const as = (device: Device, s: OfficerSession) => ({ token: device.token, headers: { 'x-officer-session': s.token } });
  /** A person lookup, the kind of call a locked terminal must not make (a well-formed number; the registry is empty). */
  const someone = generateRegistry({ seed: 3, residents: 1, visitors: 0, establishments: 1, today: '2026-03-01' }).residents[0]?.idNumber ?? '';
  const lookUp = (device: Device, s: OfficerSession) => h.call<ApiError>('GET', `/api/counter/residents/${someone}?reason=test`, as(device, s));
  const beat = (device: Device, s: OfficerSession, officer: { activityAt: number; locked: boolean }) =>
    h.call('POST', '/api/sync/heartbeat', {
      token: device.token,
      body: { deviceTime: h.now, appVersion: '0.1.0', outboxDepth: 0, oldestUnsentAt: null, sessionId: s.sessionId, officer },
    });

  it('refuses changes made under a session after its officer signed out, and keeps the ones made before', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const s = await h.signIn(counter, '1001', 1);
    // Two changes made before signing out, not yet sent; the terminal says so when it signs out.
    const out = await h.call('POST', '/api/counter/sign-out', { ...as(counter, s), body: { lastSeq: 2 } });
    expect(out.status).toBe(200);
    const pushed = await h.push<PushResponse>(counter, [
      envelope(1, 'counter.open', { counterId: 1 }, s.sessionId),
      envelope(2, 'counter.close', { counterId: 1 }, s.sessionId),
      envelope(3, 'counter.open', { counterId: 1 }, s.sessionId),
    ]);
    expect(pushed.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    expect(pushed.body.results[2]).toMatchObject({ reason: { code: 'session_invalid' } });
    expect((await lookUp(counter, s)).body.error.code).toBe('session_invalid');
  });

  it('ends the session when the PINs run out at the lock screen: its token opens nothing and later changes are refused', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const s = await h.signIn(counter, '1002', 2);
    const unlock = (pin: string) => h.call<ApiError>('POST', '/api/counter/unlock', { ...as(counter, s), body: { pin, lastSeq: 1 } });
    for (let i = 1; i < DEFAULT_SETTINGS.maxPinAttempts; i++) expect((await unlock('0000')).status).toBe(401);
    expect((await unlock('0000')).body.error.code).toBe('officer_locked');
    expect((await lookUp(counter, s)).body.error.code).toBe('session_invalid');
    const pushed = await h.push<PushResponse>(counter, [
      envelope(1, 'counter.open', { counterId: 2 }, s.sessionId),
      envelope(2, 'counter.close', { counterId: 2 }, s.sessionId),
    ]);
    expect(pushed.body.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    const [row] = await h.store.query<{ end_reason: string }>('SELECT end_reason FROM officer_sessions WHERE session_id = $1', [s.sessionId]);
    expect(row?.end_reason).toBe('locked');
  });

  it('refuses a locked terminal\'s lookups until the PIN is given again, and an idle one\'s after the idle limit', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const s = await h.signIn(counter, '1003', 3);
    expect((await lookUp(counter, s)).status).not.toBe(423);
    expect((await beat(counter, s, { activityAt: h.now, locked: true })).status).toBe(200);
    const locked = await lookUp(counter, s);
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('session_locked');
    // A heartbeat saying "unlocked" does not unlock: only the PIN does.
    await beat(counter, s, { activityAt: h.now, locked: false });
    expect((await lookUp(counter, s)).body.error.code).toBe('session_locked');
    expect((await h.call('POST', '/api/counter/unlock', { ...as(counter, s), body: { pin: '1234' } })).status).toBe(200);
    expect((await lookUp(counter, s)).status).not.toBe(423);

    // Away longer than the terminal's idle lock and a grace: refused, though nobody locked it.
    h.now += (DEFAULT_SETTINGS.idleLockMinutes + 3) * 60_000;
    expect((await lookUp(counter, s)).body.error.code).toBe('session_locked');
    // The terminal's heartbeat reports the officer's touches: a recent one keeps the session in use.
    const other = await h.signIn(counter, '1004', 4);
    h.now += (DEFAULT_SETTINGS.idleLockMinutes + 1) * 60_000;
    await beat(counter, other, { activityAt: h.now - 30_000, locked: false });
    h.now += 2 * 60_000;
    expect((await lookUp(counter, other)).status).not.toBe(423);
  });

  it('gives one counter number one live session: a terminal in use refuses the second, a quiet one is replaced', async () => {
    const office = await h.newOffice();
    const first = await h.enroll(office, 'counter');
    const second = await h.enroll(office, 'counter');
    const a = await h.signIn(first, '1001', 1);
    const taken = await h.call<ApiError>('POST', '/api/counter/sign-in', { token: second.token, body: { badge: '1002', pin: '1234', counterId: 1 } });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'counter_taken', details: { counter: 1, badge: '1001' } });
    // Another counter number is free.
    expect((await h.call('POST', '/api/counter/sign-in', { token: second.token, body: { badge: '1002', pin: '1234', counterId: 2 } })).status).toBe(200);
    // The same officer moving to another terminal takes the counter with them.
    const moved = await h.signIn(second, '1001', 1);
    expect((await h.call<ApiError>('GET', '/api/counter/session', as(first, a))).body.error.code).toBe('session_invalid');
    const third = await h.enroll(office, 'counter');
    const again = await h.call<ApiError>('POST', '/api/counter/sign-in', { token: third.token, body: { badge: '1002', pin: '1234', counterId: 1 } });
    expect(again.body.error.code).toBe('counter_taken');
    // The second terminal's browser closed: nothing heard from it past the presence timeout.

    h.now += PRESENCE_TIMEOUT_MS + 60_000;
    const b = await h.signIn(third, '1002', 1);
    expect(b.counterId).toBe(1);
    expect((await h.call<ApiError>('GET', '/api/counter/session', as(second, moved))).body.error.code).toBe('session_invalid');
  });

  it('lets a counter call only its own section\'s tickets, or one transferred to it', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const counter = await h.enroll(office, 'counter');
    const men = await h.signIn(counter, '1001', 1); // counters 1–4 serve the men's section
    const women = issue(1, kiosk, 1, 'women');
    const ours = issue(2, kiosk, 2, 'men');
    expect((await h.push<PushResponse>(kiosk, [women, ours])).body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const calls = await h.push<PushResponse>(counter, [
      act(1, 'ticket.call', ticketIdOf(women), 1, men),
      act(2, 'ticket.call', ticketIdOf(ours), 1, men),
    ]);
    expect(calls.body.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'wrong_section' } });
    expect(calls.body.results[1]).toMatchObject({ status: 'applied' });
  });
});

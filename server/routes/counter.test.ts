/** Officer sessions: PIN lockout and supervisor unlock, terminal unlock, sign-out, ended sessions. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError, OfficerSession, PushResponse } from '../../shared/sync/protocol.ts';
import { describeEngines } from '../testing/engines.ts';
import { envelope, Harness } from '../testing/harness.ts';

describeEngines('counter sessions', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  it('signs an officer in for 12 hours and reports the session', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const s = await h.signIn(counter, '1001', 2);
    expect(s).toMatchObject({ badge: '1001', name: 'Abdullah Al-Harbi', counterId: 2, expiresAt: h.now + 12 * 3_600_000 });
    expect(s.token).toMatch(/^ofs_/);
    const state = await h.call('GET', '/api/counter/session', { token: counter.token, headers: { 'x-officer-session': s.token } });
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ sessionId: s.sessionId, badge: '1001', counterId: 2, names: { ar: 'عبدالله الحربي' } });
    const start = h.now;
    h.now = s.expiresAt;
    try {
      const expired = await h.call<ApiError>('GET', '/api/counter/session', { token: counter.token, headers: { 'x-officer-session': s.token } });
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('session_invalid');
    } finally {
      h.now = start;
    }
  });

  it('answers an unknown badge exactly like a wrong PIN, and audits both', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const wrongPin = await h.call<ApiError>('POST', '/api/counter/sign-in', { token: counter.token, body: { badge: '1001', pin: '9999', counterId: 1 } });
    const unknown = await h.call<ApiError>('POST', '/api/counter/sign-in', { token: counter.token, body: { badge: '4242', pin: '1234', counterId: 1 } });
    expect(wrongPin.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrongPin.body);
    expect(wrongPin.body.error.code).toBe('bad_credentials');
    const audit = await h.store.query<{ action: string; subject: string }>(
      `SELECT action, subject FROM audit_log WHERE office_id = $1 AND action LIKE 'signIn.%' ORDER BY audit_id`,
      [office],
    );
    expect(audit).toEqual([
      { action: 'signIn.wrongSecret', subject: '1001' },
      { action: 'signIn.unknownAccount', subject: '4242' },
    ]);
  });

  it('refuses a counter that is not in the office (400)', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const r = await h.call<ApiError>('POST', '/api/counter/sign-in', { token: counter.token, body: { badge: '1001', pin: '1234', counterId: 42 } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^counterId:/);
  });

  it('locks an officer after 5 wrong PINs until a supervisor unlocks; success resets the count', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const attempt = (pin: string) =>
      h.call<ApiError>('POST', '/api/counter/sign-in', { token: counter.token, body: { badge: '1002', pin, counterId: 1 } });
    for (let i = 0; i < 4; i++) expect((await attempt('0000')).status).toBe(401);
    expect((await attempt('1234')).status).toBe(200); // resets the count
    for (let i = 0; i < 4; i++) expect((await attempt('0000')).status).toBe(401);
    const fifth = await attempt('0000');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('officer_locked');
    const right = await attempt('1234');
    expect(right.status).toBe(423);

    const sup = await h.supervisor(office);
    const list = await h.call<{ officers: { badge: string; locked: boolean }[] }>('GET', '/api/admin/officers', { token: sup });
    expect(list.body.officers.find((o) => o.badge === '1002')?.locked).toBe(true);
    expect((await h.call('POST', '/api/admin/officers/1002/unlock', { token: sup })).status).toBe(200);
    expect((await attempt('1234')).status).toBe(200);
    expect((await h.call<ApiError>('POST', '/api/admin/officers/9999/unlock', { token: sup })).status).toBe(404);
  });

  it('unlocks the idle terminal with the PIN, counting wrong PINs', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const s = await h.signIn(counter, '1003', 3);
    const unlock = (pin: string, token = s.token) =>
      h.call<ApiError>('POST', '/api/counter/unlock', { token: counter.token, headers: { 'x-officer-session': token }, body: { pin } });
    expect((await unlock('1234')).status).toBe(200);
    expect((await unlock('0000')).status).toBe(401);
    expect((await unlock('1234', 'ofs_nope')).body.error.code).toBe('session_invalid');
    const [row] = await h.store.query<{ failed_attempts: number }>('SELECT failed_attempts FROM officers WHERE office_id = $1 AND badge = $2', [office, '1003']);
    expect(row?.failed_attempts).toBe(1);
  });

  it('signs out; a new sign-in on the same terminal replaces the old session', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const a = await h.signIn(counter, '1004', 4);
    const b = await h.signIn(counter, '1001', 1);
    const old = await h.call<ApiError>('GET', '/api/counter/session', { token: counter.token, headers: { 'x-officer-session': a.token } });
    expect(old.status).toBe(401);
    const out = await h.call('POST', '/api/counter/sign-out', { token: counter.token, headers: { 'x-officer-session': b.token }, body: {} });
    expect(out.status).toBe(200);
    const after = await h.call<ApiError>('GET', '/api/counter/session', { token: counter.token, headers: { 'x-officer-session': b.token } });
    expect(after.body.error.code).toBe('session_invalid');
    // Writes made before signing out, arriving late from an offline terminal, still count.
    const late = await h.push<PushResponse>(counter, [envelope(1, 'counter.close', { counterId: 1 }, b.sessionId)]);
    expect(late.body.results[0]?.status).toBe('applied');
  });

  it('refuses later writes of a session a supervisor ended (session_invalid)', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const s: OfficerSession = await h.signIn(counter, '1005', 5);
    const before = await h.push<PushResponse>(counter, [envelope(1, 'counter.open', { counterId: 5 }, s.sessionId)]);
    expect(before.body.results[0]?.status).toBe('applied');
    const sup = await h.supervisor(office);
    const ended = await h.call('POST', '/api/admin/officers/1005/end-sessions', { token: sup });
    expect(ended.body).toEqual({ badge: '1005', endedSessions: 1 });
    const afterEnd = await h.push<PushResponse>(counter, [envelope(2, 'counter.close', { counterId: 5 }, s.sessionId)]);
    expect(afterEnd.body.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'session_invalid' } });
    const state = await h.call<ApiError>('GET', '/api/counter/session', { token: counter.token, headers: { 'x-officer-session': s.token } });
    expect(state.body.error.code).toBe('session_invalid');
  });
});

/** Officer accounts and device names in the console: added, new PIN, deactivated, renamed; audited, PINs never logged. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError, PushResponse } from '../../shared/sync/protocol.ts';
import { DEMO_DIRECTOR } from '../seed.ts';
import { describeEngines } from '../testing/engines.ts';
import { act, Harness, issue, ticketIdOf } from '../testing/harness.ts';

interface Officer {
  badge: string;
  active: boolean;
  locked: boolean;
  activeSessions: unknown[];
}

describeEngines('admin officer accounts and device names', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  const officers = async (token: string) => (await h.call<{ officers: Officer[] }>('GET', '/api/admin/officers', { token })).body.officers;
  const auditOf = (office: string, prefix: string) =>
    h.store.query<{ action: string; actor_id: string; subject: string; details: Record<string, unknown> }>(
      `SELECT action, actor_id, subject, details FROM audit_log WHERE office_id = $1 AND action LIKE $2 ORDER BY audit_id`,
      [office, `${prefix}%`],
    );
  const signIn = (token: string, badge: string, pin: string, counterId = 1) =>
    h.call<ApiError & { sessionId: string }>('POST', '/api/counter/sign-in', { token, body: { badge, pin, counterId } });

  it('adds an officer with a PIN made and shown once, or typed; refuses a taken badge and bad input', async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    const counter = await h.enroll(office, 'counter');
    const made = await h.call<{ badge: string; pin: string | null; active: boolean }>('POST', '/api/admin/officers', {
      token: sup,
      body: { badge: '2001', name: { ar: 'منى السبيعي', en: 'Muna Al-Subaie' } },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ badge: '2001', active: true });
    expect(made.body.pin).toMatch(/^\d{6}$/);
    expect((await signIn(counter.token, '2001', made.body.pin ?? '')).status).toBe(200);
    const typed = await h.call<{ pin: string | null }>('POST', '/api/admin/officers', { token: sup, body: { badge: '2002', name: { ar: 'أ', en: 'A' }, pin: '48151623' } });
    expect([typed.status, typed.body.pin]).toEqual([201, null]);
    expect((await signIn(counter.token, '2002', '48151623')).status).toBe(200);

    const bad: [unknown, number, string, RegExp][] = [
      [{ badge: '2001', name: { ar: 'ب', en: 'B' } }, 409, 'officer_exists', /2001/],
      [{ badge: '12', name: { ar: 'ب', en: 'B' } }, 400, 'invalid_request', /^badge:/],
      [{ badge: '2003', name: { ar: '', en: 'B' } }, 400, 'invalid_request', /^name\.ar:/],
      [{ badge: '2003', name: { ar: 'ب', en: 'B' }, pin: '12ab' }, 400, 'invalid_request', /^pin:/],
      [{ badge: '2003', name: { ar: 'ب', en: 'B' }, role: 'admin' }, 400, 'invalid_request', /^role: unknown field/],
    ];
    for (const [body, status, code, message] of bad) {
      const r = await h.call<ApiError>('POST', '/api/admin/officers', { token: sup, body });
      expect([r.status, r.body.error.code], JSON.stringify(body)).toEqual([status, code]);
      expect(r.body.error.message).toMatch(message);
    }
    expect((await officers(sup)).map((o) => o.badge)).toContain('2002');
    expect((await officers(sup)).some((o) => o.badge === '2003')).toBe(false);
    const audit = await auditOf(office, 'officer.created');
    expect(audit.map((a) => [a.subject, a.details.pinGenerated])).toEqual([
      ['2001', true],
      ['2002', false],
    ]);
    expect(JSON.stringify(audit)).not.toContain('48151623');
    expect(JSON.stringify(audit)).not.toContain(made.body.pin);
  });

  it('gives a new PIN that ends the open sessions and lifts a lockout; the old PIN stops working', async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    const counter = await h.enroll(office, 'counter');
    const kiosk = await h.enroll(office, 'kiosk');
    const session = await h.signIn(counter, '1001', 1);
    for (let i = 0; i < 5; i++) await signIn(counter.token, '1002', '0000', 2);
    expect((await officers(sup)).find((o) => o.badge === '1002')?.locked).toBe(true);

    const reset = await h.call<{ pin: string | null; endedSessions: number }>('POST', '/api/admin/officers/1001/reset-pin', { token: sup, body: {} });
    expect(reset.status).toBe(200);
    expect(reset.body.endedSessions).toBe(1);
    expect(reset.body.pin).toMatch(/^\d{6}$/);
    expect((await signIn(counter.token, '1001', '1234')).status).toBe(401);
    expect((await signIn(counter.token, '1001', reset.body.pin ?? '')).status).toBe(200);
    // A write still queued under the ended session is refused when it arrives.
    const t = issue(1, kiosk, 1);
    await h.push(kiosk, [t]);
    const late = await h.push<PushResponse>(counter, [act(1, 'ticket.call', ticketIdOf(t), 1, session)]);
    expect(late.body.results[0]?.status).toBe('rejected');

    const typed = await h.call<{ pin: string | null }>('POST', '/api/admin/officers/1002/reset-pin', { token: sup, body: { pin: '2468' } });
    expect(typed.body.pin).toBeNull();
    expect((await officers(sup)).find((o) => o.badge === '1002')?.locked).toBe(false);
    expect((await signIn(counter.token, '1002', '2468', 2)).status).toBe(200);

    expect((await h.call<ApiError>('POST', '/api/admin/officers/1001/reset-pin', { token: sup, body: { pin: '12' } })).status).toBe(400);
    expect((await signIn(counter.token, '1001', reset.body.pin ?? '')).status).toBe(200); // the refused one changed nothing
    expect((await h.call<ApiError>('POST', '/api/admin/officers/9999/reset-pin', { token: sup, body: {} })).status).toBe(404);
    const audit = await auditOf(office, 'officer.pinReset');
    expect(audit.map((a) => [a.subject, a.details.pinGenerated, a.details.wasLocked])).toEqual([
      ['1001', true, false],
      ['1002', false, true],
    ]);
    expect(JSON.stringify(audit)).not.toContain('2468');
  });

  it('deactivates an officer (sessions end, sign-in refused with its own code) and reactivates them', async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    const counter = await h.enroll(office, 'counter');
    await h.signIn(counter, '1003', 3);
    const off = await h.call<{ active: boolean; endedSessions: number }>('POST', '/api/admin/officers/1003/deactivate', { token: sup });
    expect(off.body).toEqual({ badge: '1003', active: false, endedSessions: 1 });
    expect((await officers(sup)).find((o) => o.badge === '1003')).toMatchObject({ active: false, activeSessions: [] });
    const refused = await signIn(counter.token, '1003', '1234', 3);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'officer_inactive']);
    // A wrong PIN still reads as a wrong PIN: the account's state is told only to who knows the PIN.
    expect((await signIn(counter.token, '1003', '9999', 3)).body.error.code).toBe('bad_credentials');
    expect((await h.call('POST', '/api/admin/officers/1003/deactivate', { token: sup })).status).toBe(200);
    const on = await h.call('POST', '/api/admin/officers/1003/reactivate', { token: sup });
    expect(on.body).toEqual({ badge: '1003', active: true });
    expect((await signIn(counter.token, '1003', '1234', 3)).status).toBe(200);
    expect((await auditOf(office, 'officer.')).map((a) => a.action).filter((a) => a !== 'officer.signedIn')).toEqual(['officer.deactivated', 'officer.reactivated']);
    expect((await auditOf(office, 'signIn.refusedInactive')).map((a) => a.subject)).toEqual(['1003']);
  });

  it('stores only a typed device label and lets a supervisor rename a device, audited', async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    const kiosk = await h.enroll(office, 'kiosk');
    const rename = (label: unknown, id = kiosk.deviceId) => h.call<ApiError & { label: string | null; kioskNo: number }>('PUT', `/api/admin/devices/${id}/label`, { token: sup, body: { label } });
    const named = await rename('  Entrance kiosk ');
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({ label: 'Entrance kiosk', kioskNo: 1 });
    expect((await rename('')).body.label).toBeNull();
    expect((await rename('x'.repeat(61))).status).toBe(400);
    expect((await rename('Door')).status).toBe(200);
    expect((await rename('Door', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const audit = await auditOf(office, 'device.renamed');
    expect(audit.map((a) => [a.details.before, a.details.after])).toEqual([
      [null, 'Entrance kiosk'],
      ['Entrance kiosk', null],
      [null, 'Door'],
    ]);
  });

  it('refuses every officer and device change to a director and to other tokens', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const director = (await h.call<{ token: string }>('POST', '/api/admin/sign-in', { body: { ...DEMO_DIRECTOR, officeId: office } })).body.token;
    const writes: [string, string, unknown][] = [
      ['POST', '/api/admin/officers', { badge: '3001', name: { ar: 'ج', en: 'J' } }],
      ['POST', '/api/admin/officers/1001/reset-pin', {}],
      ['POST', '/api/admin/officers/1001/deactivate', {}],
      ['POST', '/api/admin/officers/1001/reactivate', {}],
      ['POST', '/api/admin/officers/1001/unlock', {}],
      ['PUT', `/api/admin/devices/${kiosk.deviceId}/label`, { label: 'x' }],
      ['POST', `/api/admin/devices/${kiosk.deviceId}/revoke`, {}],
    ];
    for (const [method, path, body] of writes) {
      expect((await h.call(method, path, { body })).status, path).toBe(401);
      expect((await h.call(method, path, { token: kiosk.token, body })).status, path).toBe(403);
      const r = await h.call<ApiError>(method, path, { token: director, body });
      expect([r.status, r.body.error.code], path).toEqual([403, 'forbidden']);
    }
    expect(await auditOf(office, 'officer.')).toEqual([]);
  });
});

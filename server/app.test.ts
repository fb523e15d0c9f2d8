/** Cross-cutting HTTP behaviour: bad input, size limits, JSON 404/405, caching, public status, health. */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ApiError, PublicTicketStatus } from '../shared/sync/protocol.ts';
import { MAX_BODY_BYTES, MAX_PUSH_BATCH } from '../shared/sync/protocol.ts';
import { createApp, loggableError } from './app.ts';
import { describeEngines } from './testing/engines.ts';
import type { Device } from './testing/harness.ts';
import { act, Harness, issue, ticketIdOf } from './testing/harness.ts';

describeEngines('HTTP API', (engine) => {
  let h: Harness;
  let kiosk: Device;
  let office: string;
  beforeAll(async () => {
    h = await Harness.open(engine);
    office = await h.newOffice();
    kiosk = await h.enroll(office, 'kiosk');
  });
  afterAll(() => h?.close());

  const pushRaw = (rawBody: string) =>
    h.call<ApiError>('POST', '/api/sync/push', { token: kiosk.token, rawBody, headers: { 'content-type': 'application/json' } });
  const pushBody = (body: unknown) => h.call<ApiError>('POST', '/api/sync/push', { token: kiosk.token, body });

  it('answers malformed JSON with 400 bad_json', async () => {
    for (const raw of ['{', '', 'null x', '{"deviceId":']) {
      const r = await pushRaw(raw);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('bad_json');
    }
  });

  it('names the field and the reason for invalid bodies', async () => {
    const m = issue(1, kiosk, 1);
    const cases: [unknown, string][] = [
      [null, 'Invalid type: Expected Object but received null'],
      [{ mutations: [m] }, 'deviceId: is required'],
      [{ deviceId: 'x', mutations: [m] }, 'deviceId: deviceId must be a UUID'],
      [{ deviceId: kiosk.deviceId, mutations: [{ ...m, seq: '1' }] }, 'mutations.0.seq: Invalid type: Expected number but received "1"'],
      [{ deviceId: kiosk.deviceId, mutations: [{ ...m, seq: 0 }] }, 'mutations.0.seq: Invalid value: Expected >=1 but received 0'],
      [{ deviceId: kiosk.deviceId, mutations: [m], extra: true }, 'extra: unknown field'],
      [{ deviceId: kiosk.deviceId, mutations: [] }, 'mutations: mutations must not be empty'],
      [
        { deviceId: kiosk.deviceId, mutations: Array.from({ length: MAX_PUSH_BATCH + 1 }, (_, i) => issue(i + 1, kiosk, i + 1)) },
        `mutations: at most ${MAX_PUSH_BATCH} mutations per push`,
      ],
    ];
    for (const [body, message] of cases) {
      const r = await pushBody(body);
      expect(r.status, message).toBe(400);
      expect(r.body.error).toEqual({ code: 'invalid_request', message });
    }
  });

  it('refuses a body over MAX_BODY_BYTES with 413 and applies nothing', async () => {
    const huge = JSON.stringify({ deviceId: kiosk.deviceId, mutations: [{ ...issue(1, kiosk, 1), args: { pad: 'x'.repeat(MAX_BODY_BYTES) } }] });
    const r = await pushRaw(huge);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
    const chunked = await h.app.request('/api/devices/enroll', {
      method: 'POST',
      body: new Blob([huge]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('answers unknown routes with JSON 404 and wrong methods with 405, never cached', async () => {
    for (const [method, path] of [['GET', '/api/nope'], ['POST', '/api/admin/nope'], ['DELETE', '/api'], ['GET', '/api/sync']]) {
      const r = await h.call<ApiError>(method as string, path as string);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error.code).toBe('not_found');
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
    const wrong = await h.call<ApiError>('GET', '/api/sync/push', { token: kiosk.token });
    expect(wrong.status).toBe(405);
    expect(wrong.body.error.code).toBe('method_not_allowed');
    const ok = await h.call('GET', '/api/device/config', { token: kiosk.token });
    expect(ok.headers.get('cache-control')).toBe('no-store');
  });

  it('reports health', async () => {
    const r = await h.call('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, engine: h.engine, version: expect.any(String) });
  });

  it('shows a ticket to the phone by its code, with no personal data', async () => {
    const ownKiosk = await h.enroll(office, 'kiosk');
    const counter = await h.enroll(office, 'counter');
    const s = await h.signIn(counter, '1001', 1);
    const tickets = [issue(1, ownKiosk, 1), issue(2, ownKiosk, 2), issue(3, ownKiosk, 3)];
    await h.push(ownKiosk, tickets);
    const codeOf = (i: number) => (tickets[i]?.args as { publicCode: string }).publicCode;

    const third = await h.call<PublicTicketStatus>('GET', `/api/public/tickets/${codeOf(2).toLowerCase()}`);
    expect(third.status).toBe(200);
    expect(third.body).toEqual({
      displayNumber: 'M2-003',
      status: 'waiting',
      serviceGroup: 'residence',
      sectionId: 'men',
      counterId: null,
      ahead: 2,
      estimate: { minMinutes: expect.any(Number), maxMinutes: expect.any(Number) },
      canLeave: true,
      near: true, // 3 or fewer ahead (the default setting)
      answer: null,
      canAskMoreTime: true,
      surveyOpen: false,
      version: expect.any(Number),
    });
    await h.push(counter, [act(1, 'ticket.call', ticketIdOf(tickets[0]!), 1, s)]);
    const first = await h.call<PublicTicketStatus>('GET', `/api/public/tickets/${codeOf(0)}`);
    expect(first.body).toMatchObject({ status: 'called', counterId: 1, ahead: 0 });
    const thirdAgain = await h.call<PublicTicketStatus>('GET', `/api/public/tickets/${codeOf(2)}`);
    expect(thirdAgain.body.ahead).toBe(1);

    const missing = await h.call<ApiError>('GET', '/api/public/tickets/ABCDEFGHJK');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ticket_not_found');
    const malformed = await h.call<ApiError>('GET', '/api/public/tickets/abc');
    expect(malformed.status).toBe(400);
  });

  it('logs one line per request without tokens, query strings or ticket codes', async () => {
    const lines: string[] = [];
    const logged = createApp({ store: h.store, clock: () => h.now, log: (line) => lines.push(line) });
    await logged.request(`/api/sync/pull?cursor=0`, { headers: { authorization: `Bearer ${kiosk.token}` } });
    await logged.request('/api/public/tickets/ABCDEFGHJK');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/api\/sync\/pull 200 \d+\.\dms$/);
    expect(lines[1]).toMatch(/^GET \/api\/public\/tickets\/:code 404 /);
    expect(lines.join('\n')).not.toContain(kiosk.token);
  });

  it('caps the event streams one device holds open', async () => {
    const open = [];
    for (let i = 0; i < 3; i++) {
      const r = await h.app.request('/api/sync/events', { headers: { authorization: `Bearer ${kiosk.token}` } });
      expect(r.status).toBe(200);
      open.push(r);
    }
    const fourth = await h.app.request('/api/sync/events', { headers: { authorization: `Bearer ${kiosk.token}` } });
    expect(fourth.status).toBe(429);
    expect(((await fourth.json()) as ApiError).error.code).toBe('too_many_streams');
    expect(fourth.headers.get('retry-after')).toBe('30');
    for (const r of open) await r.body?.cancel();
    // Closed streams are given back, as soon as the server has seen them close.
    const again = await vi.waitFor(async () => {
      const r = await h.app.request('/api/sync/events', { headers: { authorization: `Bearer ${kiosk.token}` } });
      if (r.status !== 200) await r.body?.cancel();
      expect(r.status).toBe(200);
      return r;
    });
    await again.body?.cancel();
  });

  it('logs the route, never a person\'s number or a code, and no forged line; errors without their parameters', async () => {
    const lines: string[] = [];
    const errors: unknown[] = [];
    const logged = createApp({ store: h.store, clock: () => h.now, log: (line) => lines.push(line), onError: (e) => errors.push(e) });
    const counter = await h.enroll(office, 'counter');
    await logged.request('/api/counter/residents/2100000005?reason=ticket', { headers: { authorization: `Bearer ${counter.token}` } });
    await logged.request('/api/counter/visas/6100000001?reason=x', { headers: { authorization: `Bearer ${counter.token}` } });
    await logged.request('/v/ABCDEFGHJKMN');
    await logged.request('/api/nothing/2100000005%0AGET%20/api/admin/forged%20200');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^GET \/api\/counter\/residents\/:idNumber \d{3} /);
    expect(lines[1]).toMatch(/^GET \/api\/counter\/visas\/:visaNumber \d{3} /);
    expect(lines[2]).toMatch(/^GET \/v\/:code \d{3} /);
    expect(lines[3]).toMatch(/^GET \/api\/nothing\/… 404 /);
    const all = lines.join('\n');
    for (const secret of ['2100000005', '6100000001', 'ABCDEFGHJKMN', 'forged']) expect(all).not.toContain(secret);
    // A store error names its kind and SQLSTATE, never the statement's parameters.
    const err = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', params: ['2100000005', 'SECRETCODE'], query: 'INSERT …' });
    const text = loggableError(err);
    expect(text).toMatch(/^Error 23505: duplicate key value/);
    expect(text).not.toContain('2100000005');
    expect(text).not.toContain('SECRETCODE');
    expect(errors).toEqual([]);
  });
});

/** One-time security codes: sent to the registered mobile (never to the counter), single use, five minutes, three tries. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError } from '../../shared/sync/protocol.ts';
import { generateRegistry } from '../registry/generate.ts';
import { seedRegistry } from '../registry/seed.ts';
import { describeEngines } from '../testing/engines.ts';
import { Harness } from '../testing/harness.ts';
import { CODE_LIFETIME_MS, CODE_LIMITS } from './securityCodes.ts';

const SMALL = { seed: 11, residents: 50, visitors: 0, establishments: 5, today: '2026-03-01' } as const;
const people = generateRegistry(SMALL).residents;
const person = people[3];

describeEngines('security codes', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
    await seedRegistry(h.store, { ...SMALL, now: h.now });
  });
  afterAll(() => h?.close());

  async function setUp() {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const session = await h.signIn(counter, '1002', 2);
    const as = { token: counter.token, headers: { 'x-officer-session': session.token } };
    const send = async () => {
      if (!person) throw new Error('no person');
      const r = await h.call<{ codeId: string; sentTo: string; tries: number }>('POST', '/api/counter/security-codes', {
        ...as,
        body: { idNumber: person.idNumber, transactionId: '5f0c7e0e-3f43-4c55-9a53-55b1a2a4c001' },
      });
      expect(r.status).toBe(201);
      const messages = await h.store.query<{ recipient: string; params: { code: string } }>(
        `SELECT recipient, params FROM outgoing_messages WHERE office_id = $1 ORDER BY created_at DESC, message_id`,
        [office],
      );
      const code = messages.find((m) => m.recipient === person.mobile)?.params.code ?? '';
      // The counter's answer says where the code went, never the code.
      expect(Object.keys(r.body).sort()).toEqual(['codeId', 'expiresAt', 'sentTo', 'tries']);
      return { ...r.body, code };
    };
    const verify = (codeId: string, code: string) => h.call<ApiError & { verified?: boolean }>('POST', `/api/counter/security-codes/${codeId}/verify`, { ...as, body: { code } });
    return { office, counter, as, send, verify };
  }

  it('sends the code to the registered mobile only, and accepts it once', async () => {
    const { send, verify } = await setUp();
    const sent = await send();
    expect(sent.code).toMatch(/^\d{6}$/);
    expect(sent.sentTo).toBe(`••••••${person?.mobile.slice(-2)}`);
    expect((await verify(sent.codeId, sent.code)).body).toEqual({ verified: true, codeId: sent.codeId });
    expect((await verify(sent.codeId, sent.code)).body.error.code).toBe('code_used');
  });

  it('locks after three wrong tries and expires after five minutes', async () => {
    const { send, verify } = await setUp();
    const sent = await send();
    const wrong = sent.code === '000000' ? '111111' : '000000';
    const first = await verify(sent.codeId, wrong);
    expect(first.status).toBe(400);
    expect(first.body.error).toMatchObject({ code: 'code_wrong', message: 'wrong code; 2 tries left' });
    expect((await verify(sent.codeId, wrong)).body.error.message).toBe('wrong code; 1 try left');
    expect((await verify(sent.codeId, wrong)).body.error.code).toBe('code_locked');
    expect((await verify(sent.codeId, sent.code)).body.error.code).toBe('code_locked'); // even the right one, now

    const later = await send();
    const start = h.now;
    h.now += CODE_LIFETIME_MS;
    try {
      expect((await verify(later.codeId, later.code)).body.error.code).toBe('code_expired');
    } finally {
      h.now = start;
    }
  });

  it('replaces an earlier code for the same transaction, refuses bad input, and serves counters only', async () => {
    const { office, send, verify, as } = await setUp();
    const old = await send();
    const fresh = await send();
    expect((await verify(old.codeId, old.code)).body.error.code).toBe('code_expired');
    expect((await verify(fresh.codeId, 'abc')).body.error.message).toMatch(/^code: must be the 6 digits/);
    const bad = await h.call<ApiError>('POST', '/api/counter/security-codes', { ...as, body: { idNumber: '2000000000', transactionId: 'x' } });
    expect(bad.status).toBe(400);
    const kiosk = await h.enroll(office, 'kiosk');
    expect((await h.call('POST', '/api/counter/security-codes', { token: kiosk.token, body: {} })).status).toBe(403);
  });

  it('sends one person at most ten codes an hour, from any office, and one counter at most forty', async () => {
    const someone = people[7];
    if (!someone) throw new Error('no person');
    const desk = async (office: string, counterId: number) => {
      const counter = await h.enroll(office, 'counter');
      const session = await h.signIn(counter, '1003', counterId);
      return async (idNumber: string) => {
        // The terminal's heartbeat: the officer is at work (the store's idle limit reads it).
        await h.call('POST', '/api/sync/heartbeat', {
          token: counter.token,
          body: { deviceTime: h.now, appVersion: '0.1.0', outboxDepth: 0, oldestUnsentAt: null, sessionId: session.sessionId, officer: { activityAt: h.now, locked: false } },
        });
        return h.call<ApiError>('POST', '/api/counter/security-codes', {
          token: counter.token,
          headers: { 'x-officer-session': session.token },
          body: { idNumber, transactionId: crypto.randomUUID() },
        });
      };
    };
    const here = await desk(await h.newOffice(), 3);
    const there = await desk(await h.newOffice(), 3);
    for (let i = 0; i < CODE_LIMITS.perPerson - 1; i++) expect((await here(someone.idNumber)).status).toBe(201);
    h.now += 10 * 60_000;
    expect((await there(someone.idNumber)).status).toBe(201); // the fifth, from another mall
    const sixth = await here(someone.idNumber);
    expect(sixth.status).toBe(429);
    expect(sixth.body.error).toMatchObject({ code: 'codes_per_person', details: { limit: CODE_LIMITS.perPerson, minutes: 50 } });
    // An hour after the first ones, one more may go.
    const start = h.now;
    try {
      h.now += 50 * 60_000 + 1000;
      expect((await here(someone.idNumber)).status).toBe(201);
    } finally {
      h.now = start + 1;
    }

    // One terminal sending codes to many people: stopped at forty an hour.
    const busy = await desk(await h.newOffice(), 4);
    const others = people.filter((p) => p.idNumber !== someone.idNumber && p.idNumber !== person?.idNumber);
    for (let i = 0; i < CODE_LIMITS.perCounter; i++) {
      const who = others[i % others.length];
      expect((await busy(who?.idNumber ?? '')).status).toBe(201);
    }
    const next = await busy(others[CODE_LIMITS.perCounter % others.length]?.idNumber ?? '');
    expect(next.status).toBe(429);
    expect(next.body.error.code).toBe('codes_per_counter');
  });
});

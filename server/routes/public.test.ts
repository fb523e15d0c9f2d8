/**
 * The phone's actions on its own ticket, without a token: leaving the queue (every
 * device hears of it), the survey after service (once, validated), and the limits
 * that keep anyone from hammering or guessing codes. On both engines.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError, PokeEvent, PublicTicketStatus, PullResponse } from '../../shared/sync/protocol.ts';
import { createApp } from '../app.ts';
import { ticketKey, ticketKeyHash } from '../../shared/domain/ticketKey.ts';
import { describeEngines } from '../testing/engines.ts';
import { act, Harness, issue, ticketIdOf, type Device } from '../testing/harness.ts';

describeEngines('public ticket actions', (engine) => {
  let h: Harness;
  let office: string;
  let kiosk: Device;
  let counter: Device;
  let session: { sessionId: string };
  let seq = 0;
  let kioskSeq = 0;
  beforeAll(async () => {
    h = await Harness.open(engine);
    office = await h.newOffice();
    kiosk = await h.enroll(office, 'kiosk');
    counter = await h.enroll(office, 'counter');
    session = await h.signIn(counter, '1001', 1);
  });
  afterAll(() => h?.close());

  async function newTicket(): Promise<{ code: string; id: string }> {
    kioskSeq += 1;
    const m = issue(kioskSeq, kiosk, kioskSeq);
    await h.push(kiosk, [m]);
    return { code: (m.args as { publicCode: string }).publicCode, id: ticketIdOf(m) };
  }

  it('needs the QR link\'s key to leave the queue when the kiosk gave the ticket one: the printed code alone does not do', async () => {
    kioskSeq += 1;
    const m = issue(kioskSeq, kiosk, kioskSeq);
    const ticketId = ticketIdOf(m);
    const key = await ticketKey(kiosk.token, ticketId);
    await h.push(kiosk, [{ ...m, args: { ...(m.args as object), leaveKeyHash: await ticketKeyHash(key) } }]);
    const code = (m.args as { publicCode: string }).publicCode;
    const leave = (body?: unknown) => h.call<ApiError>('POST', `/api/public/tickets/${code}/leave`, body === undefined ? {} : { body });
    expect((await leave()).body.error.code).toBe('ticket_key_needed');
    expect((await leave({ key: 'ABCDEFGHJKMNPQRS' })).status).toBe(403);
    expect((await leave({ key: 'short' })).status).toBe(400);
    expect((await h.call<{ status: string }>('GET', `/api/public/tickets/${code}`)).body.status).toBe('waiting');
    expect((await leave({ key })).status).toBe(200);
    expect((await h.call<{ status: string }>('GET', `/api/public/tickets/${code}`)).body.status).toBe('cancelled');
    // Devices never see the key nor its hash.
    const pulled = await h.call('GET', '/api/sync/pull?cursor=0', { token: (await h.enroll(office, 'display')).token });
    expect(JSON.stringify(pulled.body)).not.toContain(await ticketKeyHash(key));
  });

  it('lets the resident leave the queue: cancelled with its history, pulled by devices, poked', async () => {
    const t = await newTicket();
    const pokes: PokeEvent[] = [];
    const stop = h.pokes.subscribe(office, (e) => pokes.push(e));
    const left = await h.call('POST', `/api/public/tickets/${t.code}/leave`);
    stop();
    expect(left).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(pokes).toHaveLength(1);
    const status = await h.call<PublicTicketStatus>('GET', `/api/public/tickets/${t.code}`);
    expect(status.body).toMatchObject({ status: 'cancelled', canLeave: false, estimate: null });
    const events = await h.store.query<{ type: string; source: string; device_id: string | null }>(
      'SELECT type, source, device_id FROM ticket_events WHERE office_id = $1 AND ticket_id = $2 ORDER BY version',
      [office, t.id],
    );
    expect(events).toEqual([
      { type: 'issued', source: 'device', device_id: kiosk.deviceId },
      { type: 'cancelled', source: 'resident', device_id: null },
    ]);
    const pulled = await h.call<PullResponse>('GET', '/api/sync/pull?cursor=0&limit=1000', { token: counter.token });
    const pulledTicket = pulled.body.changes.find((c) => c.entity === 'ticket' && c.data.ticketId === t.id);
    expect(pulledTicket?.entity === 'ticket' && pulledTicket.data.status).toBe('cancelled');
    // Twice is refused plainly, and a called ticket cannot be left from the phone either.
    const again = await h.call<ApiError>('POST', `/api/public/tickets/${t.code}/leave`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_transition');
  });

  it('opens the survey after service, once, and validates the answer', async () => {
    const t = await newTicket();
    const early = await h.call<ApiError>('POST', `/api/public/tickets/${t.code}/survey`, { body: { score: 5 } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('survey_not_open');
    for (const name of ['ticket.call', 'ticket.start', 'ticket.complete'] as const) {
      seq += 1;
      await h.push(counter, [act(seq, name, t.id, 1, session)]);
    }
    expect((await h.call<PublicTicketStatus>('GET', `/api/public/tickets/${t.code}`)).body.surveyOpen).toBe(true);
    for (const bad of [{ score: 0 }, { score: 6 }, { score: 3.5 }, { score: '5' }, {}, { score: 4, comment: 'x'.repeat(501) }, { score: 4, extra: 1 }]) {
      const r = await h.call<ApiError>('POST', `/api/public/tickets/${t.code}/survey`, { body: bad });
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    }
    const saved = await h.call('POST', `/api/public/tickets/${t.code}/survey`, { body: { score: 4, comment: '  Quick and kind  ' } });
    expect(saved).toMatchObject({ status: 201, body: { status: 'saved' } });
    const twice = await h.call<ApiError>('POST', `/api/public/tickets/${t.code}/survey`, { body: { score: 1 } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('already_answered');
    const rows = await h.store.query('SELECT score, comment FROM ticket_surveys WHERE office_id = $1 AND ticket_id = $2', [office, t.id]);
    expect(rows).toEqual([{ score: 4, comment: 'Quick and kind' }]);
    expect((await h.call<PublicTicketStatus>('GET', `/api/public/tickets/${t.code}`)).body.surveyOpen).toBe(false);
  });

  it('limits reads per code and misses per client, with Retry-After', async () => {
    let now = h.now;
    const app = createApp({
      store: h.store,
      clock: () => now,
      onError: () => {},
      publicLimits: { perCode: { burst: 3, perMinute: 6 }, writesPerCode: { burst: 1, perMinute: 1 }, missesPerClient: { burst: 2, perMinute: 2 } },
    });
    const get = async (path: string, method = 'GET') => {
      const r = await app.request(path, { method });
      return { status: r.status, retry: r.headers.get('retry-after'), body: (await r.json()) as ApiError };
    };
    const t = await newTicket();
    for (let i = 0; i < 3; i++) expect((await get(`/api/public/tickets/${t.code}`)).status).toBe(200);
    const limited = await get(`/api/public/tickets/${t.code}`);
    expect(limited).toMatchObject({ status: 429, retry: '10', body: { error: { code: 'rate_limited' } } });
    now += 10_000; // a phone polling every 10 s is never limited
    expect((await get(`/api/public/tickets/${t.code}`)).status).toBe(200);
    // Another code is its own bucket (phones behind one mall Wi-Fi address).
    const other = await newTicket();
    expect((await get(`/api/public/tickets/${other.code}`)).status).toBe(200);
    // Guessing: two misses, then this address's next misses are refused for a while, but the
    // phones behind the same mall Wi-Fi address still read their own real tickets (issue 12, point 12).
    expect((await get('/api/public/tickets/ABCDEFGHJK')).status).toBe(404);
    expect((await get('/api/public/tickets/nonsense')).status).toBe(400);
    expect((await get('/api/public/tickets/ABCDEFGHJL')).status).toBe(429);
    expect((await get('/api/public/tickets/nonsense2')).status).toBe(429);
    expect((await get(`/api/public/tickets/${other.code}`)).status).toBe(200);
    now += 30_000;
    expect((await get('/api/public/tickets/ABCDEFGHJL')).status).toBe(404);
    // Writes: one leave per minute per code.
    expect((await get(`/api/public/tickets/${other.code}/leave`, 'POST')).status).toBe(200);
    expect((await get(`/api/public/tickets/${other.code}/leave`, 'POST')).status).toBe(429);
  });
});

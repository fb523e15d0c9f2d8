/**
 * The console's figures over HTTP: the live floor and its alerts, a slice of the
 * evaluation with its filters, the scorecard (and every office's for a director), CSV
 * exports that a spreadsheet opens with Arabic intact, and the validation of every input.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Floor } from '../../shared/domain/floor.ts';
import type { Evaluation, Scorecard } from '../../shared/domain/metrics/types.ts';
import type { ApiError } from '../../shared/sync/protocol.ts';
import { DEMO_DIRECTOR } from '../seed.ts';
import { describeEngines } from '../testing/engines.ts';
import { act, envelope, Harness, issue, ticketIdOf, type Device } from '../testing/harness.ts';

const MINUTE = 60_000;

interface FloorAnswer extends Floor {
  today: { tickets: number; served: number; waiting: number; noShows: number; waitMedian: number | null; serviceLevel: number | null };
  silenced: number;
}

describeEngines('console figures API', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  const beat = (device: Device, sessionId: string | null = null) =>
    h.call('POST', '/api/sync/heartbeat', {
      token: device.token,
      body: { deviceTime: h.now, appVersion: '0.1.0', outboxDepth: 0, oldestUnsentAt: null, sessionId },
    });

  /** An office with a kiosk and counter 1 open: three tickets, one served in 6 minutes after a 4-minute wait. */
  async function busyOffice() {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const counter = await h.enroll(office, 'counter');
    const session = await h.signIn(counter, '1001', 1);
    const start = h.now;
    await beat(kiosk);
    await beat(counter, session.sessionId);
    const tickets = [issue(1, kiosk, 1), issue(2, kiosk, 2), issue(3, kiosk, 3)];
    await h.push(kiosk, tickets.map((t) => ({ ...t, deviceTime: h.now })));
    await h.push(counter, [{ ...envelope(1, 'counter.open', { counterId: 1 }, session.sessionId), deviceTime: h.now }]);
    h.now += 4 * MINUTE;
    const first = ticketIdOf(tickets[0]!);
    await h.push(counter, [{ ...act(2, 'ticket.call', first, 1, session), deviceTime: h.now }]);
    await h.push(counter, [{ ...act(3, 'ticket.start', first, 1, session), deviceTime: h.now }]);
    h.now += 6 * MINUTE;
    await h.push(counter, [{ ...act(4, 'ticket.complete', first, 1, session), deviceTime: h.now }]);
    await beat(kiosk);
    await beat(counter, session.sessionId);
    return { office, kiosk, counter, session, start, sup: await h.supervisor(office) };
  }

  it('shows the floor: counters, queues, devices and today\'s figures', async () => {
    const { sup, start } = await busyOffice();
    try {
      const r = await h.call<FloorAnswer>('GET', '/api/admin/floor', { token: sup });
      expect(r.status).toBe(200);
      expect(r.body.counters.find((c) => c.counterId === 1)).toMatchObject({ state: 'idle', officerBadge: '1001' });
      expect(r.body.counters.find((c) => c.counterId === 2)).toMatchObject({ state: 'closed' });
      expect(r.body.queues).toEqual([{ sectionId: 'men', serviceGroup: 'residence', waiting: 2, longestMinutes: 10, overTarget: 0 }]);
      expect(r.body.devices.map((d) => d.online)).toEqual([true, true]);
      expect(r.body.today).toEqual({ tickets: 3, served: 1, waiting: 2, noShows: 0, waitMedian: 4, serviceLevel: 1 });
    } finally {
      h.now = start;
    }
  });

  it('raises alerts, and records who acknowledged or snoozed them', async () => {
    const { office, sup, start, counter, session } = await busyOffice();
    try {
      // The two waiting tickets pass the 15-minute target; the counter stays idle; the kiosk stops reporting.
      h.now += 20 * MINUTE;
      await beat(counter, session.sessionId);
      const r = await h.call<FloorAnswer>('GET', '/api/admin/floor', { token: sup });
      const kinds = r.body.alerts.map((a) => a.kind).sort();
      expect(kinds).toEqual(['idle', 'silent', 'wait']);
      const wait = r.body.alerts.find((a) => a.kind === 'wait');
      const idle = r.body.alerts.find((a) => a.kind === 'idle');
      expect((await h.call('POST', '/api/admin/alerts', { token: sup, body: { key: wait?.key, since: wait?.since, action: 'acknowledge' } })).status).toBe(200);
      expect((await h.call('POST', '/api/admin/alerts', { token: sup, body: { key: idle?.key, since: idle?.since, action: 'snooze', minutes: 30 } })).status).toBe(200);
      const after = await h.call<FloorAnswer>('GET', '/api/admin/floor', { token: sup });
      expect(after.body.alerts.map((a) => a.kind)).toEqual(['silent']);
      expect(after.body.silenced).toBe(2);
      const audit = await h.store.query<{ action: string; subject: string }>(
        "SELECT action, subject FROM audit_log WHERE office_id = $1 AND action LIKE 'alert.%' ORDER BY audit_id",
        [office],
      );
      expect(audit).toEqual([
        { action: 'alert.acknowledged', subject: wait?.key },
        { action: 'alert.snoozed', subject: idle?.key },
      ]);
      h.now += 31 * MINUTE; // the snooze ends
      await beat(counter, session.sessionId);
      const later = await h.call<FloorAnswer>('GET', '/api/admin/floor', { token: sup });
      expect(later.body.alerts.map((a) => a.kind).sort()).toEqual(['idle', 'silent']);
      for (const bad of [
        { key: 'drop table', since: 1, action: 'acknowledge' },
        { key: 'idle:1', since: -1, action: 'acknowledge' },
        { key: 'idle:1', since: 1, action: 'snooze', minutes: 1000 },
        { key: 'idle:1', since: 1, action: 'forget' },
      ]) {
        const refused = await h.call<ApiError>('POST', '/api/admin/alerts', { token: sup, body: bad });
        expect(refused.status).toBe(400);
        expect(refused.body.error.code).toBe('invalid_request');
      }
    } finally {
      h.now = start;
    }
  });

  it('answers a slice of the evaluation, filtered, and checks every filter', async () => {
    const { sup, start } = await busyOffice();
    try {
      const day = new Date(h.now + 3 * 3_600_000).toISOString().slice(0, 10);
      const all = await h.call<{ evaluation: Evaluation }>('GET', `/api/admin/metrics?from=${day}&to=${day}`, { token: sup });
      expect(all.status).toBe(200);
      const k = all.body.evaluation.figures.tickets;
      expect([k.tickets, k.served, k.wait.n, k.wait.median]).toEqual([3, 1, 1, 4]);
      expect(all.body.evaluation.figures.tickets.service.median).toBe(6);
      const evening = await h.call<{ evaluation: Evaluation }>('GET', `/api/admin/metrics?from=${day}&to=${day}&shift=evening`, { token: sup });
      expect(evening.body.evaluation.figures.tickets.tickets).toBe(0); // the harness's day starts at 10:00, a morning
      const counter2 = await h.call<{ evaluation: Evaluation }>('GET', `/api/admin/metrics?from=${day}&to=${day}&counterId=2`, { token: sup });
      expect(counter2.body.evaluation.figures.tickets.served).toBe(0);
      for (const [query, message] of [
        ['from=2024-02-30', /^from: must be a real date/],
        ['from=2026-03-02&to=2026-03-01', /^from: must not be after to/],
        ['language=tlh', /^language: /],
        ['counterId=x', /^counterId: /],
        ['shift=night', /^shift: /],
        ['sneaky=1', /^sneaky: unknown field/],
      ] as const) {
        const r = await h.call<ApiError>('GET', `/api/admin/metrics?${query}`, { token: sup });
        expect(r.status, query).toBe(400);
        expect(r.body.error.message).toMatch(message);
      }
      expect((await h.call('GET', '/api/admin/metrics')).status).toBe(401);
    } finally {
      h.now = start;
    }
  });

  it('exports CSV that spreadsheets open with Arabic intact, with a column dictionary', async () => {
    const { sup, start } = await busyOffice();
    try {
      const day = new Date(h.now + 3 * 3_600_000).toISOString().slice(0, 10);
      const get = async (path: string) => {
        const response = await h.app.request(path, { headers: { authorization: `Bearer ${sup}` } });
        return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
      };
      const tickets = await get(`/api/admin/export/tickets.csv?from=${day}&to=${day}&lang=ar`);
      expect(tickets.status).toBe(200);
      expect(tickets.type).toBe('text/csv; charset=utf-8');
      expect([...tickets.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(tickets.bytes).slice(1);
      const lines = text.trimEnd().split('\r\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]?.split(',')[0]).toBe('معرّف التذكرة');
      expect(lines.slice(1).filter((l) => l.includes('قسم الرجال'))).toHaveLength(3);
      const english = new TextDecoder().decode((await get(`/api/admin/export/tickets.csv?from=${day}&to=${day}&lang=en`)).bytes);
      expect(english).toContain('Ticket id,Day,Taken at');
      const dictionary = new TextDecoder().decode((await get('/api/admin/export/dictionary.csv?lang=en')).bytes);
      expect(dictionary).toContain('tickets.csv,wait_min,Wait (min)');
      const figures = new TextDecoder().decode((await get(`/api/admin/export/figures.csv?from=${day}&to=${day}&lang=en`)).bytes);
      expect(figures).toContain('whole slice,Tickets,3,count');
      expect((await get('/api/admin/export/people.csv')).status).toBe(404);
      expect((await get('/api/admin/export/tickets.csv?from=2024-13-01')).status).toBe(400);
    } finally {
      h.now = start;
    }
  });

  it('gives a supervisor their scorecard and a director every office side by side', async () => {
    const { office, sup, start } = await busyOffice();
    try {
      const own = await h.call<{ scorecard: Scorecard; officeId: string }>('GET', '/api/admin/scorecard', { token: sup });
      expect(own.status).toBe(200);
      expect(own.body.officeId).toBe(office);
      expect(own.body.scorecard.targets.map((t) => t.id)).toEqual(['serviceLevel', 'satisfaction', 'noShow', 'transactionsPerCounterHour', 'costPerTransaction']);
      expect((await h.call<ApiError>('GET', '/api/admin/scorecards', { token: sup })).status).toBe(403);
      const director = await h.call<{ token: string }>('POST', '/api/admin/sign-in', { body: { ...DEMO_DIRECTOR, officeId: office } });
      const all = await h.call<{ offices: { officeId: string }[] }>('GET', '/api/admin/scorecards', { token: director.body.token });
      expect(all.status).toBe(200);
      expect(all.body.offices.map((o) => o.officeId)).toContain(office);
      expect((await h.call('POST', '/api/admin/alerts', { token: director.body.token, body: { key: 'idle:1', since: 1, action: 'acknowledge' } })).status).toBe(403);
    } finally {
      h.now = start;
    }
  });
});

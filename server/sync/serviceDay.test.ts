/**
 * Which day a ticket belongs to, and its number on that day: the day it was taken (the
 * kiosk's clock corrected by the offset its heartbeat measured, never later than it
 * arrived), not the day it reached the store; and never two tickets of a day with one
 * number. Overnight outages, kiosk clocks a day off (measured or not), midnight, a number
 * printed twice.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PushResponse } from '../../shared/sync/protocol.ts';
import { describeEngines } from '../testing/engines.ts';
import { Harness, issue, ticketIdOf, type Device } from '../testing/harness.ts';

const HOUR = 3_600_000;
/** 2026-03-01 in Riyadh, at a clock time (hours, minutes). */
const riyadh = (day: string, hh: number, mm = 0): number => Date.parse(`${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+03:00`);

describeEngines('service day of a ticket', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  const beat = (device: Device, deviceTime: number) =>
    h.call('POST', '/api/sync/heartbeat', { token: device.token, body: { deviceTime, appVersion: '0.1.0', outboxDepth: 0, oldestUnsentAt: null, sessionId: null } });

  async function filed(office: string): Promise<[string, string, string | null][]> {
    const rows = await h.store.query<{ day: string; display_number: string; reason: string | null }>(
      `SELECT t.service_day::text AS day, t.display_number, e.reason FROM tickets t
         JOIN ticket_events e ON e.office_id = t.office_id AND e.ticket_id = t.ticket_id AND e.type = 'issued'
        WHERE t.office_id = $1 ORDER BY t.issued_version`,
      [office],
    );
    return rows.map((r) => [r.day, r.display_number, r.reason]);
  }

  it('files an evening ticket held overnight under the evening it was taken, so the next morning starts its own numbers', async () => {
    const start = h.now;
    try {
      const office = await h.newOffice();
      const kiosk = await h.enroll(office, 'kiosk');
      h.now = riyadh('2026-03-01', 21, 50);
      await beat(kiosk, h.now);
      const evening = { ...issue(1, kiosk, 101), deviceTime: riyadh('2026-03-01', 21, 55) };
      // The mall's network is down overnight; the kiosk sends it the next morning with the day's first tickets.
      h.now = riyadh('2026-03-02', 9, 10);
      const morning = [{ ...issue(2, kiosk, 1), deviceTime: riyadh('2026-03-02', 9, 5) }, { ...issue(3, kiosk, 101), deviceTime: riyadh('2026-03-02', 9, 8) }];
      const r = await h.push<PushResponse>(kiosk, [evening, ...morning]);
      expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
      expect(await filed(office)).toEqual([
        ['2026-03-01', `M${kiosk.kioskNo}-101`, null],
        ['2026-03-02', `M${kiosk.kioskNo}-001`, null],
        ['2026-03-02', `M${kiosk.kioskNo}-101`, null],
      ]);
      // Yesterday's ticket is not in today's queue a counter pulls.
      const today = await h.store.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM tickets WHERE office_id = $1 AND service_day = '2026-03-02' AND status = 'waiting'`,
        [office],
      );
      expect(today[0]?.n).toBe(2);
    } finally {
      h.now = start;
    }
  });

  it('corrects a kiosk clock a day ahead by its measured offset; unmeasured, never files a ticket after it arrived', async () => {
    const start = h.now;
    try {
      const office = await h.newOffice();
      const measured = await h.enroll(office, 'kiosk');
      const unmeasured = await h.enroll(office, 'kiosk');
      h.now = riyadh('2026-03-01', 11, 0);
      await beat(measured, h.now + 24 * HOUR);
      const r1 = await h.push<PushResponse>(measured, [{ ...issue(1, measured, 5), deviceTime: h.now + 24 * HOUR - 10 * 60_000 }]);
      const r2 = await h.push<PushResponse>(unmeasured, [{ ...issue(1, unmeasured, 5), deviceTime: h.now + 24 * HOUR }]);
      expect([r1.body.results[0]?.status, r2.body.results[0]?.status]).toEqual(['applied', 'applied']);
      const days = await h.store.query<{ day: string; at: Date }>(
        `SELECT t.service_day::text AS day, e.at FROM tickets t JOIN ticket_events e USING (office_id, ticket_id) WHERE t.office_id = $1 ORDER BY t.kiosk_no`,
        [office],
      );
      expect(days.map((d) => d.day)).toEqual(['2026-03-01', '2026-03-01']);
      expect(days[0]?.at.getTime()).toBe(h.now - 10 * 60_000);
      expect(days[1]?.at.getTime()).toBe(h.now);
    } finally {
      h.now = start;
    }
  });

  it('splits tickets at midnight, office time', async () => {
    const start = h.now;
    try {
      const office = await h.newOffice();
      const kiosk = await h.enroll(office, 'kiosk');
      h.now = riyadh('2026-03-02', 0, 1);
      await beat(kiosk, h.now);
      await h.push(kiosk, [
        { ...issue(1, kiosk, 300), deviceTime: riyadh('2026-03-01', 23, 59) + 30_000 },
        { ...issue(2, kiosk, 1), deviceTime: riyadh('2026-03-02', 0, 0) + 30_000 },
      ]);
      expect((await filed(office)).map(([day, number]) => [day, number])).toEqual([
        ['2026-03-01', `M${kiosk.kioskNo}-300`],
        ['2026-03-02', `M${kiosk.kioskNo}-001`],
      ]);
    } finally {
      h.now = start;
    }
  });

  it('never files two tickets of a day under one number: the later ones get 5001, 5002 and say why', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    await beat(kiosk, h.now);
    // A kiosk whose count restarted (its clock was set back across midnight and forward again).
    const first = issue(1, kiosk, 7);
    const again = [issue(2, kiosk, 7), issue(3, kiosk, 7)];
    await h.push(kiosk, [first]);
    const r = await h.push<PushResponse>(kiosk, again);
    expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'applied']);
    const prefix = `M${kiosk.kioskNo}-`;
    expect(await filed(office)).toEqual([
      ['2026-03-01', `${prefix}007`, null],
      ['2026-03-01', `${prefix}5001`, `number ${prefix}007 was already used on 2026-03-01; called as ${prefix}5001`],
      ['2026-03-01', `${prefix}5002`, `number ${prefix}007 was already used on 2026-03-01; called as ${prefix}5002`],
    ]);
    // The resident's phone shows the number the ticket is called by.
    const code = await h.store.query<{ public_code: string }>('SELECT public_code FROM tickets WHERE office_id = $1 AND ticket_id = $2', [office, ticketIdOf(again[0]!)]);
    const status = await h.call<{ displayNumber: string }>('GET', `/api/public/tickets/${code[0]?.public_code}`);
    expect(status.body.displayNumber).toBe(`${prefix}5001`);
  });
});

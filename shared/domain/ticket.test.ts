import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serviceDayOf } from './office.ts';
import { applyTicketAction, formatDisplayNumber, randomCode, type Ticket, type TicketAction, type TicketStatus } from './ticket.ts';

const issue: TicketAction = {
  type: 'issue',
  ticketId: '00000000-0000-4000-8000-000000000001',
  officeId: 'o',
  sectionId: 'men',
  serviceGroup: 'residence',
  displayNumber: 'M1-001',
  publicCode: 'ABCDEFGHJK',
  kioskNo: 1,
  serviceDay: '2026-11-22',
};

function issued(): Ticket {
  const r = applyTicketAction(undefined, issue, { deviceTime: 1, version: 1 });
  if (!r.ok) throw new Error('issue failed');
  return r.ticket;
}

describe('ticket rules', () => {
  it('walks the happy path waiting → called → serving → done', () => {
    let t = issued();
    for (const [action, status] of [
      [{ type: 'call', counterId: 3, officerBadge: '1001' }, 'called'],
      [{ type: 'recall', counterId: 3, officerBadge: '1001' }, 'called'],
      [{ type: 'start', counterId: 3, officerBadge: '1001' }, 'serving'],
      [{ type: 'complete', counterId: 3, officerBadge: '1001' }, 'done'],
    ] as const) {
      const r = applyTicketAction(t, action, { deviceTime: 2, version: t.version + 1 });
      expect(r.ok).toBe(true);
      if (r.ok) t = r.ticket;
      expect(t.status).toBe(status);
    }
    expect(t.callCount).toBe(2);
  });

  it('refuses a second counter calling a called ticket, naming the first', () => {
    const called = applyTicketAction(issued(), { type: 'call', counterId: 3, officerBadge: '1001' }, { deviceTime: 2, version: 2 });
    if (!called.ok) throw new Error();
    const second = applyTicketAction(called.ticket, { type: 'call', counterId: 5, officerBadge: '1005' }, { deviceTime: 2, version: 3 });
    expect(second).toMatchObject({ ok: false, error: { code: 'already_called', params: { number: 'M1-001', counter: 3 } } });
  });

  it('refuses actions by a counter that did not call the ticket', () => {
    const called = applyTicketAction(issued(), { type: 'call', counterId: 3, officerBadge: '1001' }, { deviceTime: 2, version: 2 });
    if (!called.ok) throw new Error();
    const r = applyTicketAction(called.ticket, { type: 'start', counterId: 4, officerBadge: '1004' }, { deviceTime: 2, version: 3 });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_your_ticket' } });
  });

  it('only ever moves states forward, whatever the sequence of actions (property)', () => {
    const rank: Record<TicketStatus, number> = { waiting: 0, called: 1, serving: 2, parked: 2, done: 3, noShow: 3, cancelled: 3 };
    const action = fc.oneof(
      fc.record({
        type: fc.constantFrom('call', 'recall', 'start', 'complete', 'noShow'),
        counterId: fc.integer({ min: 1, max: 3 }),
        officerBadge: fc.constant('1001'),
      }),
      fc.constant({ type: 'cancel', reason: 'left' }),
    ) as fc.Arbitrary<TicketAction>;
    fc.assert(
      fc.property(fc.array(action, { maxLength: 20 }), (actions) => {
        let t = issued();
        for (const a of actions) {
          const r = applyTicketAction(t, a, { deviceTime: 5, version: t.version + 1 });
          if (!r.ok) continue;
          expect(rank[r.ticket.status]).toBeGreaterThanOrEqual(rank[t.status]);
          if (t.status === 'called' || t.status === 'serving') expect(r.ticket.counterId).toBe(t.counterId);
          t = r.ticket;
        }
      }),
    );
  });

  it('refuses to issue an existing ticket and to act on an unknown one', () => {
    expect(applyTicketAction(issued(), issue, { deviceTime: 1, version: 2 })).toMatchObject({ ok: false, error: { code: 'ticket_exists' } });
    expect(applyTicketAction(undefined, { type: 'start', counterId: 1, officerBadge: null }, { deviceTime: 1, version: 2 })).toMatchObject({
      ok: false,
      error: { code: 'ticket_unknown' },
    });
  });
});

describe('numbers and codes', () => {
  it('formats display numbers with section letter and kiosk', () => {
    expect(formatDisplayNumber('M', 1, 42)).toBe('M1-042');
    expect(formatDisplayNumber('W', 3, 1234)).toBe('W3-1234');
  });

  it('makes codes only from the unambiguous alphabet', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => /^[2-9A-HJ-NP-Z]{10}$/.test(randomCode(10, () => bytes))));
  });

  it('decides the service day in the office time zone', () => {
    // 22:30 UTC on 21 Nov is 01:30 on 22 Nov in Riyadh (UTC+3).
    expect(serviceDayOf(Date.UTC(2026, 10, 21, 22, 30), 'Asia/Riyadh')).toBe('2026-11-22');
    expect(serviceDayOf(Date.UTC(2026, 10, 21, 20, 59), 'Asia/Riyadh')).toBe('2026-11-21');
  });
});

/**
 * ticketFactOf on the histories a ticket really has: served straight, recalled, transferred,
 * parked, being served now, a no-show, cancelled; devices whose clocks disagree (the store's
 * order decides, not the times written on the events); events that reached the store late.
 */
import { describe, expect, it } from 'vitest';
import { officeTime } from '../office.ts';
import type { TicketEventType } from '../ticket.ts';
import { ticketFactOf, type TicketEventRecord, type TicketRecord } from './facts.ts';

const TZ = 'Asia/Riyadh';
const MINUTE = 60_000;
/** 2026-11-22 (a Sunday) 10:00 in Riyadh. */
const T0 = officeTime('2026-11-22', 600, TZ);
const at = (minutes: number) => T0 + minutes * MINUTE;

const record = (over: Partial<TicketRecord> = {}): TicketRecord => ({
  ticketId: 't1',
  serviceDay: '2026-11-22',
  sectionId: 'men',
  serviceGroup: 'residence',
  service: 'iqama.renew',
  language: 'ur',
  priority: null,
  appointmentAt: null,
  quotedWaitMin: 10,
  quotedWaitMax: 20,
  status: 'done',
  ...over,
});

/** Events in store order: versions 1, 2, 3… as listed; times in minutes after 10:00. */
function history(...steps: [TicketEventType, number, Partial<TicketEventRecord>?][]): TicketEventRecord[] {
  return steps.map(([type, minutes, over], i) => ({
    type,
    at: at(minutes),
    receivedAt: at(minutes),
    counterId: type === 'issued' || type === 'cancelled' ? null : 3,
    officerBadge: type === 'issued' || type === 'cancelled' ? null : 'B-7',
    version: i + 1,
    ...over,
  }));
}

describe('ticketFactOf', () => {
  it('reads a ticket served straight away', () => {
    const fact = ticketFactOf(record(), history(['issued', 0], ['called', 12], ['started', 14], ['completed', 22]), TZ, 5);
    expect(fact).toEqual({
      ticketId: 't1',
      serviceDay: '2026-11-22',
      weekday: 0,
      hour: 10,
      minuteOfDay: 600,
      sectionId: 'men',
      serviceGroup: 'residence',
      service: 'iqama.renew',
      language: 'ur',
      priority: false,
      appointment: false,
      status: 'done',
      issuedAt: at(0),
      firstCalledAt: at(12),
      calledAt: at(12),
      startedAt: at(14),
      endedAt: at(22),
      closedAt: at(22),
      counterId: 3,
      officerBadge: 'B-7',
      segments: [{ counterId: 3, officerBadge: 'B-7', from: at(14), to: at(22) }],
      recalls: 0,
      transfers: 0,
      quotedWaitMin: 10,
      quotedWaitMax: 20,
      surveyScore: 5,
      events: 4,
      lateEvents: 0,
      maxLateMs: 0,
    });
  });

  it('measures the wait to the last recall before service started', () => {
    const fact = ticketFactOf(record(), history(['issued', 0], ['called', 10], ['recalled', 13], ['recalled', 16], ['started', 18], ['completed', 25]), TZ, null);
    expect(fact).toMatchObject({ firstCalledAt: at(10), calledAt: at(16), startedAt: at(18), recalls: 2, surveyScore: null });
  });

  it('orders by the store’s version, not by the devices’ clocks', () => {
    // The recall came from a device whose clock runs behind: it wrote 10:09 on it, though
    // the store recorded it after the call written 10:10. It still is the later call.
    const events = history(['issued', 0], ['called', 10], ['recalled', 9], ['started', 9.5], ['completed', 20]);
    const shuffled = [events[3]!, events[0]!, events[4]!, events[2]!, events[1]!];
    const fact = ticketFactOf(record(), shuffled, TZ, null);
    expect(fact).toMatchObject({ firstCalledAt: at(10), calledAt: at(9), startedAt: at(9.5), recalls: 1 });
    expect(fact.segments).toEqual([{ counterId: 3, officerBadge: 'B-7', from: at(9.5), to: at(20) }]);
  });

  it('splits service at a transfer and credits the counter that completed it', () => {
    const fact = ticketFactOf(
      record(),
      history(
        ['issued', 0],
        ['called', 5],
        ['started', 6],
        ['transferred', 9],
        ['called', 15, { counterId: 8, officerBadge: 'B-2' }],
        ['started', 16, { counterId: 8, officerBadge: 'B-2' }],
        ['completed', 30, { counterId: 8, officerBadge: 'B-2' }],
      ),
      TZ,
      4,
    );
    expect(fact).toMatchObject({ firstCalledAt: at(5), calledAt: at(5), startedAt: at(6), endedAt: at(30), counterId: 8, officerBadge: 'B-2', transfers: 1, recalls: 0 });
    expect(fact.segments).toEqual([
      { counterId: 3, officerBadge: 'B-7', from: at(6), to: at(9) },
      { counterId: 8, officerBadge: 'B-2', from: at(16), to: at(30) },
    ]);
  });

  it('counts a transfer before service: the wait runs to the call that led to service', () => {
    const fact = ticketFactOf(record(), history(['issued', 0], ['called', 5], ['transferred', 6], ['called', 20, { counterId: 8 }], ['started', 21, { counterId: 8 }], ['completed', 24, { counterId: 8 }]), TZ, null);
    expect(fact).toMatchObject({ firstCalledAt: at(5), calledAt: at(20), startedAt: at(21), counterId: 8, transfers: 1 });
  });

  it('splits service at a park and leaves out the wait for the document', () => {
    const fact = ticketFactOf(record(), history(['issued', 0], ['called', 5], ['started', 6], ['parked', 10], ['resumed', 25], ['completed', 29]), TZ, null);
    expect(fact.segments).toEqual([
      { counterId: 3, officerBadge: 'B-7', from: at(6), to: at(10) },
      { counterId: 3, officerBadge: 'B-7', from: at(25), to: at(29) },
    ]);
    expect(fact.startedAt).toBe(at(6));
  });

  it('leaves out the segment still being served', () => {
    const fact = ticketFactOf(record({ status: 'serving' }), history(['issued', 0], ['called', 5], ['started', 6], ['parked', 10], ['resumed', 25]), TZ, null);
    expect(fact.segments).toEqual([{ counterId: 3, officerBadge: 'B-7', from: at(6), to: at(10) }]);
    expect(fact).toMatchObject({ status: 'serving', endedAt: null, closedAt: null, startedAt: at(6) });
  });

  it('closes a no-show at the no-show, with the last call as its counter and wait', () => {
    const fact = ticketFactOf(record({ status: 'noShow' }), history(['issued', 0], ['called', 8], ['recalled', 10, { counterId: 4, officerBadge: 'B-9' }], ['noShow', 13, { counterId: 4 }]), TZ, null);
    expect(fact).toMatchObject({ firstCalledAt: at(8), calledAt: at(10), startedAt: null, endedAt: null, closedAt: at(13), counterId: 4, officerBadge: 'B-9', recalls: 1, segments: [] });
  });

  it('closes a cancelled ticket that was never called', () => {
    const fact = ticketFactOf(record({ status: 'cancelled' }), history(['issued', 0], ['cancelled', 40]), TZ, null);
    expect(fact).toMatchObject({ firstCalledAt: null, calledAt: null, closedAt: at(40), counterId: null, officerBadge: null });
  });

  it('counts events that reached the store more than a minute after they happened', () => {
    const events = history(
      ['issued', 0, { receivedAt: at(0) + 60_000 }],
      ['called', 10, { receivedAt: at(10) + 60_001 }],
      ['started', 11, { receivedAt: at(11) + 45 * MINUTE }],
      ['completed', 20, { receivedAt: at(20) + 5_000 }],
    );
    expect(ticketFactOf(record(), events, TZ, null)).toMatchObject({ events: 4, lateEvents: 2, maxLateMs: 45 * MINUTE });
  });

  it('takes the hour from the issue in office time and the weekday from the service day the store chose', () => {
    // Issued 00:10 on Monday in Riyadh, but the store kept it on Sunday's day (an evening that ran late).
    const issued = officeTime('2026-11-23', 10, TZ);
    const fact = ticketFactOf(record(), [{ type: 'issued', at: issued, receivedAt: issued, counterId: null, officerBadge: null, version: 1 }], TZ, null);
    expect(fact).toMatchObject({ serviceDay: '2026-11-22', weekday: 0, hour: 0, minuteOfDay: 10, priority: false, appointment: false });
    expect(ticketFactOf(record({ priority: 'elderly', appointmentAt: T0 }), [], TZ, null)).toMatchObject({ priority: true, appointment: true });
  });

  it('survives a broken history: no issue event, an end stamped before its start', () => {
    const fact = ticketFactOf(record(), history(['called', 3], ['started', 5], ['completed', 4]), TZ, null);
    expect(fact.issuedAt).toBe(at(3));
    expect(fact.segments).toEqual([{ counterId: 3, officerBadge: 'B-7', from: at(5), to: at(5) }]);
    const empty = ticketFactOf(record({ status: 'waiting' }), [], TZ, null);
    expect(empty).toMatchObject({ issuedAt: officeTime('2026-11-22', 0, TZ), hour: 0, minuteOfDay: 0, events: 0, lateEvents: 0, maxLateMs: 0, closedAt: null });
  });
});

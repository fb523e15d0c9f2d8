/**
 * Two days of a small mall office, small enough to work every figure out by hand
 * (evaluate.test.ts does, in its comments). Imported by tests only.
 *
 * Riyadh time. Sunday 2026-11-22 (D1) and Monday 2026-11-23 (D2); now = D2 20:00.
 * Men's section: counters 1 (officer A1) and 2 (A2); women's: counter 3 (B3).
 * Counter 1: D1 open 09:00–12:00 with a prayer break 10:30–10:45; D2 09:00–11:00, and
 *   16:00 with no close, still heard from at 19:59 (so open until now, 20:00).
 * Counter 2: D1 open 09:00, the browser closed without "close": last presence 11:00, last
 *   ticket served until 11:10, so open until 11:10.
 * Counter 3: D1 16:00–18:00 (and a ticket served 18:21–18:30 after closing), D2 09:00–12:00.
 */
import { minutesOfClock, officeTime, DEFAULT_SHIFTS } from '../office.ts';
import type { ServiceGroup } from '../services.ts';
import type { TicketStatus } from '../ticket.ts';
import { officeClock, weekdayOf } from './clock.ts';
import type { AppointmentFact, CancellationFact, CounterStateEvent, MetricsInput, PresencePeriod, ServingSegment, TicketFact, TransactionFact } from './types.ts';

/** The office's zone; Saturday (no data), Sunday and Monday. */
export const TZ = 'Asia/Riyadh';
export const D0 = '2026-11-21';
export const D1 = '2026-11-22';
export const D2 = '2026-11-23';
const MINUTE = 60_000;

/** Epoch ms of a clock time ("HH:MM") on a day, office time. */
export const at = (day: string, clock: string) => officeTime(day, minutesOfClock(clock), TZ);

interface TicketSpec {
  readonly section?: 'men' | 'women';
  readonly group: ServiceGroup;
  readonly service: string | null;
  readonly lang: string;
  readonly issued: string;
  readonly status: TicketStatus;
  /** first call; the call that counts (default: the first call); service start; closing. */
  readonly firstCalled?: string;
  readonly called?: string;
  readonly started?: string;
  readonly closed?: string;
  /** [counter, officer, from, to] */
  readonly segs?: readonly (readonly [number, string, string, string])[];
  readonly counter?: number;
  readonly badge?: string;
  readonly quote?: readonly [number, number];
  readonly survey?: number;
  readonly events: number;
  readonly late?: number;
  readonly maxLateMin?: number;
  readonly recalls?: number;
  readonly transfers?: number;
  readonly priority?: boolean;
  readonly appointment?: boolean;
}

function ticket(id: string, day: string, s: TicketSpec): TicketFact {
  const issuedAt = at(day, s.issued);
  const clock = officeClock(issuedAt, TZ);
  const firstCalled = s.firstCalled ?? s.called;
  const segments: ServingSegment[] = (s.segs ?? []).map(([counterId, officerBadge, from, to]) => ({ counterId, officerBadge, from: at(day, from), to: at(day, to) }));
  return {
    ticketId: id,
    serviceDay: day,
    weekday: weekdayOf(day),
    hour: clock.hour,
    minuteOfDay: clock.minuteOfDay,
    sectionId: s.section ?? 'men',
    serviceGroup: s.group,
    service: s.service,
    language: s.lang,
    priority: s.priority ?? false,
    appointment: s.appointment ?? false,
    status: s.status,
    issuedAt,
    firstCalledAt: firstCalled ? at(day, firstCalled) : null,
    calledAt: s.called ? at(day, s.called) : null,
    startedAt: s.started ? at(day, s.started) : null,
    endedAt: s.status === 'done' && s.closed ? at(day, s.closed) : null,
    closedAt: s.closed ? at(day, s.closed) : null,
    counterId: s.counter ?? null,
    officerBadge: s.badge ?? null,
    segments,
    recalls: s.recalls ?? 0,
    transfers: s.transfers ?? 0,
    quotedWaitMin: s.quote?.[0] ?? null,
    quotedWaitMax: s.quote?.[1] ?? null,
    surveyScore: s.survey ?? null,
    events: s.events,
    lateEvents: s.late ?? 0,
    maxLateMs: (s.maxLateMin ?? 0) * MINUTE,
  };
}

const R = 'residence';
const IQAMA = 'iqama.renew';
const EXIT = 'exitReentry.single';

/** 19 tickets: 12 on Sunday, 7 on Monday. */
export const TICKETS: readonly TicketFact[] = [
  // D1 morning, men.
  ticket('m1', D1, { group: R, service: IQAMA, lang: 'ar', issued: '09:00', called: '09:05', started: '09:06', closed: '09:16', status: 'done', segs: [[1, 'A1', '09:06', '09:16']], counter: 1, badge: 'A1', quote: [0, 10], survey: 5, events: 4 }),
  ticket('m2', D1, { group: 'exitReentry', service: EXIT, lang: 'ur', issued: '09:02', called: '09:10', started: '09:12', closed: '09:30', status: 'done', segs: [[2, 'A2', '09:12', '09:30']], counter: 2, badge: 'A2', quote: [5, 15], survey: 4, events: 4 }),
  // Recalled: first call 09:20, the recall at 09:22 counts. Two of its five events came 30 minutes late.
  ticket('m3', D1, { group: R, service: IQAMA, lang: 'ur', issued: '09:04', firstCalled: '09:20', called: '09:22', started: '09:25', closed: '09:40', status: 'done', segs: [[1, 'A1', '09:25', '09:40']], counter: 1, badge: 'A1', quote: [10, 20], survey: 2, events: 5, late: 2, maxLateMin: 30, recalls: 1 }),
  ticket('m4', D1, { group: 'enquiries', service: null, lang: 'en', issued: '09:10', called: '09:31', closed: '09:36', status: 'noShow', counter: 2, badge: 'A2', events: 3 }),
  // Transferred from counter 1 to counter 2.
  ticket('m5', D1, { group: 'employment', service: 'employment.professionChange', lang: 'hi', issued: '09:15', called: '09:41', started: '09:42', closed: '10:05', status: 'done', segs: [[1, 'A1', '09:42', '09:50'], [2, 'A2', '09:53', '10:05']], counter: 2, badge: 'A2', quote: [20, 30], events: 7, transfers: 1 }),
  // Priority; parked 10:20–10:50 to fetch a document.
  ticket('m6', D1, { group: R, service: IQAMA, lang: 'bn', issued: '09:30', called: '10:10', started: '10:12', closed: '10:58', status: 'done', segs: [[1, 'A1', '10:12', '10:20'], [1, 'A1', '10:50', '10:58']], counter: 1, badge: 'A1', survey: 5, events: 6, priority: true }),
  // Left before being called: cancelled; and never called on a past day.
  ticket('m7', D1, { group: 'enquiries', service: null, lang: 'en', issued: '09:40', closed: '10:00', status: 'cancelled', events: 2 }),
  ticket('m8', D1, { group: 'enquiries', service: null, lang: 'ar', issued: '11:30', status: 'waiting', events: 1 }),
  ticket('m9', D1, { group: 'finalExit', service: 'finalExit.issue', lang: 'tl', issued: '10:55', called: '11:00', started: '11:01', closed: '11:10', status: 'done', segs: [[2, 'A2', '11:01', '11:10']], counter: 2, badge: 'A2', survey: 4, events: 4, appointment: true }),
  // D1 evening, women.
  ticket('w1', D1, { section: 'women', group: R, service: IQAMA, lang: 'id', issued: '16:05', called: '16:10', started: '16:11', closed: '16:31', status: 'done', segs: [[3, 'B3', '16:11', '16:31']], counter: 3, badge: 'B3', quote: [0, 10], survey: 3, events: 4 }),
  ticket('w2', D1, { section: 'women', group: 'exitReentry', service: EXIT, lang: 'ml', issued: '16:20', called: '16:40', started: '16:41', closed: '17:00', status: 'done', segs: [[3, 'B3', '16:41', '17:00']], counter: 3, badge: 'B3', survey: 5, events: 4, late: 1, maxLateMin: 2 }),
  // Served after counter 3 closed.
  ticket('w3', D1, { section: 'women', group: 'enquiries', service: null, lang: 'ar', issued: '17:50', called: '18:20', started: '18:21', closed: '18:30', status: 'done', segs: [[3, 'B3', '18:21', '18:30']], counter: 3, badge: 'B3', quote: [0, 10], events: 4 }),
  // D2 morning.
  ticket('m10', D2, { group: R, service: IQAMA, lang: 'ar', issued: '09:00', called: '09:01', started: '09:03', closed: '09:13', status: 'done', segs: [[1, 'A1', '09:03', '09:13']], counter: 1, badge: 'A1', quote: [0, 10], survey: 5, events: 4 }),
  ticket('m11', D2, { group: 'exitReentry', service: EXIT, lang: 'ur', issued: '09:05', called: '09:14', started: '09:15', closed: '09:35', status: 'done', segs: [[1, 'A1', '09:15', '09:35']], counter: 1, badge: 'A1', events: 4 }),
  ticket('m12', D2, { group: 'enquiries', service: null, lang: 'en', issued: '09:20', closed: '09:25', status: 'cancelled', events: 2 }),
  // All four events of this one came 45 minutes late (the women's tablet was offline).
  ticket('w4', D2, { section: 'women', group: R, service: IQAMA, lang: 'ar', issued: '09:30', called: '09:50', started: '09:51', closed: '10:11', status: 'done', segs: [[3, 'B3', '09:51', '10:11']], counter: 3, badge: 'B3', survey: 4, events: 4, late: 4, maxLateMin: 45 }),
  // D2 evening: served; still waiting today (not abandoned); being served now (no closed segment).
  ticket('m13', D2, { group: 'exitReentry', service: EXIT, lang: 'en', issued: '16:30', called: '16:35', started: '16:36', closed: '16:56', status: 'done', segs: [[1, 'A1', '16:36', '16:56']], counter: 1, badge: 'A1', events: 4 }),
  ticket('m14', D2, { group: 'enquiries', service: null, lang: 'ur', issued: '19:30', status: 'waiting', quote: [5, 15], events: 1 }),
  ticket('m15', D2, { group: R, service: IQAMA, lang: 'ar', issued: '19:00', called: '19:40', started: '19:41', status: 'serving', counter: 1, badge: 'A1', quote: [30, 40], events: 3 }),
];

function transaction(id: string, day: string, clock: string, service: string, status: TransactionFact['status'], total: number, failures: string[], counterId: number, officerBadge: string, ticketId: string | null, personKey: string, sectionId: string | null = null): TransactionFact {
  const decidedAt = at(day, clock);
  return { transactionId: id, serviceDay: day, decidedAt, minuteOfDay: officeClock(decidedAt, TZ).minuteOfDay, service, status, total, failures, counterId, sectionId, officerBadge, ticketId, representative: ticketId === null, personKey };
}

/** 14 transactions in the two days, and one 12 days later. */
export const TRANSACTIONS: readonly TransactionFact[] = [
  transaction('x1', D1, '09:15', IQAMA, 'completed', 650, [], 1, 'A1', 'm1', 'P1'),
  transaction('x2', D1, '09:29', EXIT, 'completed', 200, [], 2, 'A2', 'm2', 'P2'),
  transaction('x3', D1, '09:39', IQAMA, 'refused', 650, ['passportExpiring', 'unpaidViolations'], 1, 'A1', 'm3', 'P3'),
  transaction('x4', D1, '10:04', 'employment.professionChange', 'completed', 1000, [], 2, 'A2', 'm5', 'P4'),
  // P3 came back for the same service 78 minutes after the refusal.
  transaction('x5', D1, '10:57', IQAMA, 'completed', 650, [], 1, 'A1', 'm6', 'P3'),
  transaction('x6', D1, '11:09', 'finalExit.issue', 'refused', 0, ['passportExpiring'], 2, 'A2', 'm9', 'P5'),
  transaction('x7', D1, '16:30', IQAMA, 'completed', 650, [], 3, 'B3', 'w1', 'P6', 'women'),
  // A rule listed twice counts once.
  transaction('x8', D1, '16:59', EXIT, 'refused', 200, ['passportExpiring', 'passportExpiring'], 3, 'B3', 'w2', 'P7', 'women'),
  // A representative's transaction, no ticket.
  transaction('x15', D1, '17:30', IQAMA, 'refused', 650, ['quotaExhausted'], 3, 'B3', null, 'P12'),
  transaction('x9', D2, '09:12', IQAMA, 'completed', 650, [], 1, 'A1', 'm10', 'P8'),
  // P2 again for the same service, the next day.
  transaction('x10', D2, '09:34', EXIT, 'completed', 200, [], 1, 'A1', 'm11', 'P2'),
  transaction('x11', D2, '10:10', IQAMA, 'completed', 650, [], 3, 'B3', 'w4', 'P9', 'women'),
  transaction('x14', D2, '10:30', IQAMA, 'completed', 650, [], 1, 'A1', null, 'P11'),
  transaction('x12', D2, '16:55', EXIT, 'completed', 200, [], 1, 'A1', 'm13', 'P10'),
  // After the slice: P10 back for the same service 12 days later (within 30 days, not 7).
  transaction('x13', '2026-12-05', '10:00', EXIT, 'completed', 200, [], 1, 'A1', null, 'P10'),
];

function cancellation(day: string, clock: string, service: string, step: string, reason: string, counterId: number, officerBadge: string, sectionId: string | null = null): CancellationFact {
  const when = at(day, clock);
  return { serviceDay: day, at: when, minuteOfDay: officeClock(when, TZ).minuteOfDay, service, step, reason, counterId, sectionId, officerBadge };
}

/** Transactions cancelled before submission. */
export const CANCELLATIONS: readonly CancellationFact[] = [
  cancellation(D1, '09:50', IQAMA, 'verify', 'Resident left ', 1, 'A1'),
  cancellation(D1, '16:45', EXIT, 'payment', 'resident LEFT', 3, 'B3', 'women'),
  cancellation(D2, '09:40', IQAMA, 'verify', 'wrong service', 1, 'A1'),
];

function appointment(day: string, slot: string, sectionId: string, service: string, status: AppointmentFact['status'], checkedIn: string | null): AppointmentFact {
  return { serviceDay: day, slotAt: at(day, slot), sectionId, service, status, checkedInAt: checkedIn ? at(day, checkedIn) : null };
}

/** One booking of each outcome, two upcoming. */
export const APPOINTMENTS: readonly AppointmentFact[] = [
  appointment(D1, '11:00', 'men', 'finalExit.issue', 'checkedIn', '10:55'), // kept
  appointment(D1, '10:00', 'men', IQAMA, 'checkedIn', '10:05'), // late
  appointment(D1, '16:30', 'women', IQAMA, 'booked', null), // missed
  appointment(D2, '17:00', 'men', EXIT, 'cancelled', null), // cancelled
  appointment(D2, '20:30', 'women', IQAMA, 'booked', null), // upcoming
  appointment(D2, '19:50', 'men', IQAMA, 'booked', null), // upcoming: 10 of its 15 late minutes left
];

function counterEvent(counterId: number, type: CounterStateEvent['type'], day: string, clock: string, officerBadge: string, sessionId: string): CounterStateEvent {
  return { counterId, type, at: at(day, clock), officerBadge, sessionId, reason: type === 'break' ? 'prayer' : null };
}

/** Counter records as in the header. */
export const COUNTER_EVENTS: readonly CounterStateEvent[] = [
  counterEvent(1, 'open', D1, '09:00', 'A1', 's1a'),
  counterEvent(1, 'break', D1, '10:30', 'A1', 's1a'),
  counterEvent(1, 'resume', D1, '10:45', 'A1', 's1a'),
  counterEvent(1, 'close', D1, '12:00', 'A1', 's1a'),
  counterEvent(2, 'open', D1, '09:00', 'A2', 's2a'),
  counterEvent(3, 'open', D1, '16:00', 'B3', 's3a'),
  counterEvent(3, 'close', D1, '18:00', 'B3', 's3a'),
  counterEvent(1, 'open', D2, '09:00', 'A1', 's1b'),
  counterEvent(1, 'close', D2, '11:00', 'A1', 's1b'),
  counterEvent(3, 'open', D2, '09:00', 'B3', 's3b'),
  counterEvent(3, 'close', D2, '12:00', 'B3', 's3b'),
  counterEvent(1, 'open', D2, '16:00', 'A1', 's1c'),
];

function seen(deviceId: string, role: PresencePeriod['role'], sessionId: string | null, counterId: number | null, day: string, from: string, to: string, toDay = day): PresencePeriod {
  return { deviceId, role, sessionId, counterId, from: at(day, from), to: at(toDay, to) };
}

/**
 * Silences longer than the presence timeout, inside opening hours (09–12, 16–22):
 * d1 D1 10:00–10:10 (10 min); d1 D1 12:00 → D2 09:00 (D1 16:00–22:00: 6 h); d1 D2
 * 11:00–16:00 (11:00–12:00: 1 h); d3 D1 18:00 → D2 09:00 (18:00–22:00: 4 h). The kiosk's
 * night (22:05 → 08:50) falls outside opening hours.
 */
export const PRESENCE: readonly PresencePeriod[] = [
  seen('d1', 'counter', 's1a', 1, D1, '09:00', '10:00'),
  seen('d1', 'counter', 's1a', 1, D1, '10:10', '12:00'),
  seen('d1', 'counter', 's1b', 1, D2, '09:00', '11:00'),
  seen('d1', 'counter', 's1c', 1, D2, '16:00', '19:59'),
  seen('d2', 'counter', 's2a', 2, D1, '09:00', '11:00'),
  seen('d3', 'counter', 's3a', 3, D1, '16:00', '18:00'),
  seen('d3', 'counter', 's3b', 3, D2, '09:00', '12:00'),
  seen('k1', 'kiosk', null, null, D1, '08:50', '22:05'),
  seen('k1', 'kiosk', null, null, D2, '08:50', '20:00'),
];

/** Everything, with now = Monday 20:00. */
export const INPUT: MetricsInput = {
  tickets: TICKETS,
  transactions: TRANSACTIONS,
  cancellations: CANCELLATIONS,
  appointments: APPOINTMENTS,
  counterEvents: COUNTER_EVENTS,
  presence: PRESENCE,
  counters: [
    { id: 1, sectionId: 'men' },
    { id: 2, sectionId: 'men' },
    { id: 3, sectionId: 'women' },
  ],
  timeZone: TZ,
  shifts: DEFAULT_SHIFTS,
  serviceLevelMinutes: 15,
  appointmentLateMinutes: 15,
  staffCostPerCounterHour: 120,
  now: at(D2, '20:00'),
};

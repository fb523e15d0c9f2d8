/**
 * evaluate() by properties over random weeks of an office: counts over two adjoining day
 * ranges add up to the counts over both, counter time too; shares stay within [0, 1]; the
 * shifts and the days partition the tickets; staffed = serving + idle; the window's facts
 * worked out once give every filter the figures it gets alone. Seeded, so a failure replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SHIFTS, officeTime } from '../office.ts';
import { SERVICE_GROUPS } from '../services.ts';
import { addDays, officeClock, weekdayOf } from './clock.ts';
import { evaluate } from './evaluate.ts';
import { windowFactsOf } from './windowFacts.ts';
import type { CounterStateEvent, Figures, MetricsInput, TicketFact, TransactionFact } from './types.ts';

const TZ = 'Asia/Riyadh';
const FIRST = '2026-11-22';
const MINUTE = 60_000;
const SEED = Number(process.env.METRICS_SEED ?? 20261122);

const ticketArb = fc.record({
  day: fc.integer({ min: 0, max: 6 }),
  minute: fc.oneof(fc.integer({ min: 530, max: 719 }), fc.integer({ min: 950, max: 1319 })),
  women: fc.boolean(),
  group: fc.constantFrom(...SERVICE_GROUPS),
  service: fc.constantFrom('iqama.renew', 'exitReentry.single', null),
  language: fc.constantFrom('ar', 'en', 'ur', null),
  wait: fc.option(fc.integer({ min: 0, max: 90 }), { freq: 4 }),
  outcome: fc.constantFrom('done' as const, 'done' as const, 'noShow' as const, 'cancelled' as const, 'waiting' as const),
  service_minutes: fc.integer({ min: 1, max: 30 }),
  counter: fc.integer({ min: 1, max: 4 }),
  survey: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 2 }),
  quote: fc.option(fc.integer({ min: 0, max: 40 }), { freq: 2 }),
  late: fc.integer({ min: 0, max: 3 }),
  person: fc.integer({ min: 1, max: 15 }),
  refused: fc.boolean(),
});

type TicketSpec = typeof ticketArb extends fc.Arbitrary<infer T> ? T : never;

function build(specs: readonly TicketSpec[], closes: readonly boolean[]): MetricsInput {
  const tickets: TicketFact[] = [];
  const transactions: TransactionFact[] = [];
  specs.forEach((s, i) => {
    const day = addDays(FIRST, s.day);
    const issuedAt = officeTime(day, s.minute, TZ);
    const clock = officeClock(issuedAt, TZ);
    const called = s.outcome === 'cancelled' || s.outcome === 'waiting' || s.wait === null ? null : issuedAt + s.wait * MINUTE;
    const status = called === null && (s.outcome === 'done' || s.outcome === 'noShow') ? 'waiting' : s.outcome;
    const started = status === 'done' && called !== null ? called + MINUTE : null;
    const ended = started === null ? null : started + s.service_minutes * MINUTE;
    const counterId = called === null ? null : s.counter;
    const badge = counterId === null ? null : `B${counterId}`;
    tickets.push({
      ticketId: `t${i}`,
      serviceDay: day,
      weekday: weekdayOf(day),
      hour: clock.hour,
      minuteOfDay: clock.minuteOfDay,
      sectionId: s.women ? 'women' : 'men',
      serviceGroup: s.group,
      service: s.service,
      language: s.language,
      priority: false,
      appointment: false,
      status,
      issuedAt,
      firstCalledAt: called,
      calledAt: called,
      startedAt: started,
      endedAt: ended,
      closedAt: status === 'done' ? ended : status === 'noShow' ? called! + 3 * MINUTE : status === 'cancelled' ? issuedAt + 5 * MINUTE : null,
      counterId,
      officerBadge: badge,
      segments: started !== null && ended !== null && counterId !== null ? [{ counterId, officerBadge: badge, from: started, to: ended }] : [],
      recalls: 0,
      transfers: 0,
      quotedWaitMin: s.quote,
      quotedWaitMax: s.quote === null ? null : s.quote + 10,
      surveyScore: status === 'done' ? s.survey : null,
      events: 4,
      lateEvents: s.late,
      maxLateMs: s.late * MINUTE,
    });
    if (ended !== null && counterId !== null) {
      transactions.push({
        transactionId: `x${i}`,
        serviceDay: day,
        decidedAt: ended,
        minuteOfDay: officeClock(ended, TZ).minuteOfDay,
        service: s.service ?? 'enquiry',
        status: s.refused ? 'refused' : 'completed',
        total: 100,
        failures: s.refused ? ['passportExpiring'] : [],
        counterId,
        sectionId: null,
        officerBadge: badge!,
        ticketId: `t${i}`,
        representative: false,
        personKey: `p${s.person}`,
      });
    }
  });
  const counterEvents: CounterStateEvent[] = [];
  for (let d = 0; d < 7; d++) {
    const day = addDays(FIRST, d);
    for (const counterId of [1, 2, 3, 4]) {
      for (const [from, to] of [[540, 720], [960, 1320]] as const) {
        const sessionId = `s${d}-${counterId}-${from}`;
        counterEvents.push({ counterId, type: 'open', at: officeTime(day, from, TZ), officerBadge: `B${counterId}`, sessionId, reason: null });
        if (closes[(d * 8 + counterId * 2 + (from === 540 ? 0 : 1)) % closes.length]) {
          counterEvents.push({ counterId, type: 'close', at: officeTime(day, to, TZ), officerBadge: `B${counterId}`, sessionId, reason: null });
        }
      }
    }
  }
  return {
    tickets,
    transactions,
    cancellations: [],
    appointments: [],
    counterEvents,
    presence: [],
    counters: [1, 2, 3, 4].map((id) => ({ id, sectionId: id <= 2 ? 'men' : 'women' })),
    timeZone: TZ,
    shifts: DEFAULT_SHIFTS,
    serviceLevelMinutes: 15,
    appointmentLateMinutes: 15,
    staffCostPerCounterHour: 120,
    now: officeTime(addDays(FIRST, 5), 18 * 60, TZ),
  };
}

const weekArb = fc.tuple(fc.array(ticketArb, { maxLength: 80 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 9 }));

/** Counts that must add up over disjoint slices. */
function counts(f: Figures) {
  return {
    tickets: f.tickets.tickets,
    served: f.tickets.served,
    noShows: f.tickets.noShows,
    abandoned: f.tickets.abandoned,
    waits: f.tickets.wait.n,
    within: f.tickets.serviceLevel.within,
    quoted: f.tickets.quoted.n,
    responses: f.tickets.satisfaction.responses,
    completed: f.transactions.completed,
    refused: f.transactions.refused,
    revenue: f.transactions.revenue,
    events: f.completeness.events,
    lateEvents: f.completeness.lateEvents,
    staffedMinutes: Math.round(f.counters.staffedHours * 60 * 1000),
    servingMinutes: Math.round(f.counters.servingHours * 60 * 1000),
  };
}

const sum = (a: ReturnType<typeof counts>, b: ReturnType<typeof counts>) =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v + b[k as keyof typeof b]]));

const inUnit = (v: number | null) => v === null || (v >= 0 && v <= 1);

describe('evaluate, by properties', () => {
  it('adds up over two adjoining day ranges', () => {
    fc.assert(
      fc.property(weekArb, fc.integer({ min: 0, max: 5 }), ([specs, closes], split) => {
        const input = build(specs, closes);
        const last = addDays(FIRST, 6);
        const cut = addDays(FIRST, split);
        const whole = evaluate(input, { from: FIRST, to: last }).figures;
        const left = evaluate(input, { from: FIRST, to: cut }).figures;
        const right = evaluate(input, { from: addDays(cut, 1), to: last }).figures;
        const added = sum(counts(left), counts(right));
        // Rounding to thousandths of a minute absorbs the hours' division; allow one unit per side.
        expect(Math.abs(added.staffedMinutes! - counts(whole).staffedMinutes)).toBeLessThanOrEqual(1);
        expect(Math.abs(added.servingMinutes! - counts(whole).servingMinutes)).toBeLessThanOrEqual(1);
        expect({ ...added, staffedMinutes: 0, servingMinutes: 0 }).toEqual({ ...counts(whole), staffedMinutes: 0, servingMinutes: 0 });
        expect(whole.tickets.lineLength.max).toBe(Math.max(left.tickets.lineLength.max, right.tickets.lineLength.max));
      }),
      { numRuns: 60, seed: SEED },
    );
  });

  it('keeps shares in [0, 1], partitions tickets by shift and by day, and splits staffed time into serving and idle', () => {
    fc.assert(
      fc.property(weekArb, fc.constantFrom(undefined, 'men', 'women'), ([specs, closes], sectionId) => {
        const e = evaluate(build(specs, closes), { from: FIRST, to: addDays(FIRST, 6), sectionId });
        const t = e.figures.tickets;
        const c = e.figures.counters;
        for (const share of [t.noShowRate, t.abandonmentRate, t.serviceLevel.share, t.quoted.withinRange, c.utilisation, e.figures.transactions.firstVisit.within7, e.figures.completeness.lateShare]) {
          expect(inUnit(share)).toBe(true);
        }
        const fv = e.figures.transactions.firstVisit;
        if (fv.within7 !== null) expect(fv.within7).toBeGreaterThanOrEqual(fv.within30!);
        expect(e.shifts.reduce((n, s) => n + s.figures.tickets.tickets, 0)).toBe(t.tickets);
        expect(e.daily.reduce((n, d) => n + d.total, 0)).toBe(t.tickets);
        expect(e.weekly.reduce((n, w) => n + w.tickets, 0)).toBe(t.tickets);
        expect(c.staffedHours).toBeCloseTo(c.servingHours + c.idleHours, 9);
        expect(c.idleWhileWaitingHours).toBeLessThanOrEqual(c.idleHours + 1e-9);
        if (t.wait.n > 0) expect(t.wait.median!).toBeLessThanOrEqual(t.wait.p90!);
        expect(e.officers.reduce((n, o) => n + o.served, 0)).toBe(t.served);
      }),
      { numRuns: 60, seed: SEED + 1 },
    );
  });

  it("gives every filter the same evaluation from its window's facts worked out once as alone", () => {
    const filterArb = fc.record(
      {
        sectionId: fc.constantFrom('men', 'women'),
        shift: fc.constantFrom(...DEFAULT_SHIFTS.map((s) => s.id)),
        language: fc.constantFrom('ar', 'ur'),
        counterId: fc.integer({ min: 1, max: 4 }),
        officerBadge: fc.constantFrom('B1', 'B3'),
        service: fc.constantFrom('iqama.renew', 'exitReentry.single'),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(weekArb, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.array(filterArb, { minLength: 1, maxLength: 4 }), ([specs, closes], a, b, filters) => {
        const input = build(specs, closes);
        const [from, to] = [addDays(FIRST, Math.min(a, b)), addDays(FIRST, Math.max(a, b))];
        const windowFacts = windowFactsOf(input, from, to);
        for (const filter of filters) {
          expect(evaluate(input, { ...filter, from, to }, { windowFacts })).toEqual(evaluate(input, { ...filter, from, to }));
        }
        // Facts of other days or other lists are not used: worked out again.
        const other = windowFactsOf({ ...input, tickets: [] }, from, to);
        expect(evaluate(input, { from, to }, { windowFacts: other })).toEqual(evaluate(input, { from, to }));
      }),
      { numRuns: 60, seed: SEED + 2 },
    );
  });
});

/**
 * The kept line decides as the one pass does: over random lines (sections, groups,
 * priority, appointments due and not, overdue tickets, unsynced and moved-back ones,
 * tickets sent to one counter, called, parked and ended ones, ties in queue order) and
 * random counters (skills in any order, none, repeated), `WaitingLine.next` picks the
 * ticket `nextTicket` picks, for the same reason, before and after tickets change.
 * Seeded, so a failure replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Counter } from './office.ts';
import { OrderedSet } from './orderedSet.ts';
import { DEFAULT_QUEUE_SETTINGS, nextTicket, type QueueSettings } from './queue.ts';
import { SERVICE_GROUPS } from './services.ts';
import { sampleTicket } from './testing.ts';
import { applyTicketAction, PRIORITY_REASONS, type Ticket, type TicketStatus } from './ticket.ts';
import { WaitingLine } from './waitingLine.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 22, 6, 0);
const SEED = Number(process.env.QUEUE_SEED ?? 20261122);
const STATUSES: readonly TicketStatus[] = ['waiting', 'waiting', 'waiting', 'waiting', 'called', 'serving', 'parked', 'done', 'noShow', 'cancelled'];

const ticketArb = fc.record({
  section: fc.constantFrom('men', 'women'),
  group: fc.constantFrom(...SERVICE_GROUPS),
  priority: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.constantFrom(...PRIORITY_REASONS), weight: 1 }),
  appointmentIn: fc.oneof({ arbitrary: fc.constant(null), weight: 5 }, { arbitrary: fc.integer({ min: -40, max: 60 }), weight: 1 }),
  version: fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: 40 }), weight: 4 }),
  movedBack: fc.option(fc.integer({ min: 1, max: 80 }).map((n) => n / 2), { freq: 6 }),
  kioskNo: fc.integer({ min: 1, max: 2 }),
  number: fc.integer({ min: 1, max: 30 }),
  issuedAgo: fc.integer({ min: 0, max: 60 }),
  target: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 4 }),
  status: fc.constantFrom(...STATUSES),
});

type Spec = typeof ticketArb extends fc.Arbitrary<infer S> ? S : never;

function ticketOf(s: Spec, i: number, now: number): Ticket {
  return sampleTicket({
    ticketId: `t${i}`,
    sectionId: s.section,
    serviceGroup: s.group,
    priority: s.priority,
    appointmentAt: s.appointmentIn === null ? null : now + s.appointmentIn * MINUTE,
    issuedVersion: s.version,
    version: s.version,
    queueOrder: s.version === 0 ? null : s.movedBack,
    kioskNo: s.kioskNo,
    displayNumber: `M${s.kioskNo}-${String(s.number).padStart(3, '0')}`,
    issuedAt: now - s.issuedAgo * MINUTE,
    targetCounterId: s.target,
    status: s.status,
  });
}

const counterArb = fc.record({
  id: fc.integer({ min: 1, max: 3 }),
  section: fc.constantFrom('men', 'women'),
  skills: fc.option(fc.array(fc.constantFrom(...SERVICE_GROUPS), { maxLength: 6 }), { freq: 4 }),
});
const toCounter = (c: { id: number; section: string; skills: ServiceGroupList | null }): Counter => ({
  id: c.id,
  sectionId: c.section,
  ...(c.skills ? { skills: c.skills } : {}),
});
type ServiceGroupList = (typeof SERVICE_GROUPS)[number][];

const settingsArb = fc.record({ starvationMinutes: fc.integer({ min: 0, max: 45 }), appointmentGraceMinutes: fc.integer({ min: 0, max: 10 }) });
/** Random tickets, and copies of some of them (under other ids) after them: exact ties in queue order. */
const lineArb = fc
  .tuple(fc.array(ticketArb, { maxLength: 80 }), fc.array(fc.nat(), { maxLength: 12 }))
  .map(([specs, copies]) => (specs.length ? [...specs, ...copies.map((i) => specs[i % specs.length] as Spec)] : specs));

/** Both decisions for one counter, compared by ticket (the same object) and reason. */
function same(line: WaitingLine, all: readonly Ticket[], counter: Counter, settings: QueueSettings, now: number): void {
  const kept = line.next(counter, SERVICE_GROUPS, settings, now);
  const pass = nextTicket(all, counter, SERVICE_GROUPS, settings, now);
  expect(kept?.ticket.ticketId ?? null).toBe(pass?.ticket.ticketId ?? null);
  expect(kept?.ticket).toBe(pass?.ticket);
  expect(kept?.reason).toBe(pass?.reason);
}

describe('WaitingLine.next decides as nextTicket', () => {
  it('over random lines and counters', () => {
    fc.assert(
      fc.property(lineArb, fc.array(counterArb, { minLength: 1, maxLength: 6 }), settingsArb, (specs, counters, s) => {
        const settings = { ...DEFAULT_QUEUE_SETTINGS, ...s };
        const tickets = specs.map((spec, i) => ticketOf(spec, i, T0));
        const line = WaitingLine.of(tickets);
        expect(line.size).toBe(tickets.filter((t) => t.status === 'waiting').length);
        for (const c of counters) same(line, tickets, toCounter(c), settings, T0);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('as tickets are called, transferred, moved back, come in and leave', () => {
    const stepArb = fc.record({ counter: counterArb, kind: fc.constantFrom('call', 'call', 'transfer', 'defer', 'arrive', 'leave'), spec: ticketArb, minutes: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(lineArb, fc.array(stepArb, { maxLength: 40 }), settingsArb, (specs, steps, s) => {
        const settings = { ...DEFAULT_QUEUE_SETTINGS, ...s };
        const line = WaitingLine.of(specs.map((spec, i) => ticketOf(spec, i, T0)));
        let now = T0;
        let n = specs.length;
        for (const step of steps) {
          now += step.minutes * MINUTE;
          const counter = toCounter(step.counter);
          same(line, line.tickets(), counter, settings, now);
          const pick = line.next(counter, SERVICE_GROUPS, settings, now)?.ticket;
          const waiting = line.tickets();
          const any = waiting[step.minutes % Math.max(1, waiting.length)];
          if (step.kind === 'arrive') line.put(ticketOf(step.spec, n++, now));
          else if (step.kind === 'leave' && any) line.delete(any.ticketId);
          else if (step.kind === 'defer' && any && any.issuedVersion !== 0) line.put({ ...any, queueOrder: any.issuedVersion + step.minutes + 0.5 });
          else if (pick) {
            const ctx = { deviceTime: now, version: 0 };
            const called = applyTicketAction(pick, { type: 'call', counterId: counter.id, officerBadge: null }, ctx);
            if (!called.ok) throw new Error(called.error.message);
            line.put(called.ticket);
            if (step.kind === 'transfer') {
              const target = step.spec.target;
              const moved = applyTicketAction(called.ticket, { type: 'transfer', counterId: counter.id, officerBadge: null, serviceGroup: step.spec.group, targetCounterId: target }, ctx);
              if (!moved.ok) throw new Error(moved.error.message);
              line.put(moved.ticket);
            }
          }
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('with thousands waiting, call after call (the bench line)', () => {
    const tickets = Array.from({ length: 3000 }, (_, i) =>
      sampleTicket({
        ticketId: `t${i}`,
        displayNumber: `M1-${String(i).padStart(5, '0')}`,
        sectionId: i % 2 ? 'men' : 'women',
        serviceGroup: SERVICE_GROUPS[i % SERVICE_GROUPS.length],
        priority: i % 7 === 0 ? 'elderly' : null,
        appointmentAt: i % 23 === 0 ? T0 + i * MINUTE : null,
        issuedAt: T0 + i * 1000,
        issuedVersion: i + 1,
      }),
    );
    const line = WaitingLine.of(tickets);
    const counters: Counter[] = [{ id: 1, sectionId: 'men', skills: ['exitReentry', 'residence', 'finalExit'] }, { id: 2, sectionId: 'men' }];
    for (let call = 0; call < 400; call++) {
      const now = T0 + call * MINUTE;
      const counter = counters[call % 2] as Counter;
      same(line, line.tickets(), counter, DEFAULT_QUEUE_SETTINGS, now);
      const pick = line.next(counter, SERVICE_GROUPS, DEFAULT_QUEUE_SETTINGS, now);
      if (pick) line.delete(pick.ticket.ticketId);
    }
  });
});

describe('OrderedSet', () => {
  it('keeps its entries sorted through adds and deletes, and finds the first whose low passes a bound', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 99 }))), fc.integer({ min: 0, max: 99 }), (ops, bound) => {
        const set = new OrderedSet<readonly [number, number]>((a, b) => a[0] - b[0], (e) => e[1]);
        const model: (readonly [number, number])[] = [];
        for (const [add, key, low] of ops) {
          const entry = model.find((e) => e[0] === key);
          if (add && !entry) {
            set.add([key, low]);
            model.push([key, low]);
          } else if (!add) {
            expect(set.delete([key, 0])).toBe(entry !== undefined);
            if (entry) model.splice(model.indexOf(entry), 1);
          }
        }
        model.sort((a, b) => a[0] - b[0]);
        expect([...set]).toEqual(model);
        expect(set.size).toBe(model.length);
        expect(set.first()).toEqual(model[0]);
        expect(set.firstWith((low) => low <= bound)).toEqual(model.find((e) => e[1] <= bound));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

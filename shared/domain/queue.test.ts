/**
 * The queue engine, by properties over random offices and days: every ticket is called
 * at most once, priority order is kept, no ordinary ticket waits past the starvation
 * bound while priority ones go first, due appointments go first, and a transferred ticket
 * keeps its place. Seeded, so a failure replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Counter } from './office.ts';
import { callOrder, canRecall, canServe, compareQueueOrder, DEFAULT_QUEUE_SETTINGS, nextTicket, noShowDue, waitingSummary, type QueueSettings } from './queue.ts';
import { SERVICE_GROUPS, type ServiceGroup } from './services.ts';
import { sampleTicket } from './testing.ts';
import { applyTicketAction, PRIORITY_REASONS, type Ticket } from './ticket.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 22, 6, 0);
const SETTINGS: QueueSettings = { ...DEFAULT_QUEUE_SETTINGS, starvationMinutes: 20, appointmentGraceMinutes: 5 };
const SEED = Number(process.env.QUEUE_SEED ?? 20261122);

function ticket(n: number, over: Partial<Ticket> = {}): Ticket {
  return sampleTicket({
    ticketId: `t${n}`,
    displayNumber: `M1-${String(n).padStart(3, '0')}`,
    issuedAt: T0 + n * MINUTE,
    issuedVersion: n,
    version: n,
    ...over,
  });
}

const counter = (id: number, skills?: ServiceGroup[], sectionId = 'men'): Counter => ({ id, sectionId, ...(skills ? { skills } : {}) });

/** A random day: tickets arriving a minute or so apart, some priority, some appointments, some for another section. */
const dayArb = fc
  .array(
    fc.record({
      group: fc.constantFrom(...SERVICE_GROUPS),
      // Mostly ordinary tickets: about one in five priority, one in nine an appointment.
      priority: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.constantFrom(...PRIORITY_REASONS), weight: 1 }),
      appointmentIn: fc.oneof({ arbitrary: fc.constant(null), weight: 8 }, { arbitrary: fc.integer({ min: -30, max: 120 }), weight: 1 }),
      women: fc.boolean(),
      gap: fc.integer({ min: 0, max: 4 }),
      synced: fc.boolean(),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((specs) => {
    let at = T0;
    return specs.map((s, i) => {
      at += s.gap * MINUTE;
      return ticket(i + 1, {
        serviceGroup: s.group,
        priority: s.priority,
        appointmentAt: s.appointmentIn === null ? null : at + s.appointmentIn * MINUTE,
        sectionId: s.women ? 'women' : 'men',
        issuedAt: at,
        issuedVersion: s.synced ? i + 1 : 0,
      });
    });
  });

const countersArb = fc.array(fc.shuffledSubarray([...SERVICE_GROUPS], { minLength: 0 }), { minLength: 1, maxLength: 4 }).map((skillSets) =>
  skillSets.map((skills, i) => counter(i + 1, skills.length ? skills : undefined, i % 2 === 0 ? 'men' : 'women')),
);

/** Runs a day: counters take turns calling; each call moves the clock on. Checks every pick. */
function runDay(tickets: Ticket[], counters: Counter[], step: number, check: (pick: Ticket, reason: string, waiting: Ticket[], c: Counter, now: number) => void): Map<string, number> {
  const byId = new Map(tickets.map((t) => [t.ticketId, t]));
  const calls = new Map<string, number>();
  let now = T0;
  for (let round = 0; round < tickets.length * 2 + 4; round++) {
    const c = counters[round % counters.length];
    if (!c) break;
    now += step * MINUTE;
    const arrived = [...byId.values()].filter((t) => t.issuedAt <= now);
    const pick = nextTicket(arrived, c, SERVICE_GROUPS, SETTINGS, now);
    if (!pick) continue;
    check(pick.ticket, pick.reason, arrived.filter((t) => t.status === 'waiting'), c, now);
    calls.set(pick.ticket.ticketId, (calls.get(pick.ticket.ticketId) ?? 0) + 1);
    const r = applyTicketAction(pick.ticket, { type: 'call', counterId: c.id, officerBadge: null }, { deviceTime: now, version: 0 });
    if (!r.ok) throw new Error(`the engine picked a ticket the rules refuse: ${r.error.message}`);
    byId.set(pick.ticket.ticketId, r.ticket);
  }
  return calls;
}

describe('queue engine (properties)', () => {
  it('calls every ticket at most once, and only tickets the counter may serve', () => {
    fc.assert(
      fc.property(dayArb, countersArb, fc.integer({ min: 0, max: 5 }), (tickets, counters, step) => {
        const calls = runDay(tickets, counters, step, (pick, _reason, _waiting, c) => {
          expect(canServe(pick, c, c.skills?.length ? c.skills : SERVICE_GROUPS)).toBe(true);
        });
        for (const n of calls.values()) expect(n).toBe(1);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('keeps the order: due appointments, then overdue ordinary tickets, then priority, then the rest', () => {
    fc.assert(
      fc.property(dayArb, countersArb, fc.integer({ min: 0, max: 5 }), (tickets, counters, step) => {
        runDay(tickets, counters, step, (pick, reason, waiting, c, now) => {
          const skills = c.skills?.length ? c.skills : SERVICE_GROUPS;
          const mine = waiting.filter((t) => canServe(t, c, skills));
          const due = mine.filter((t) => t.appointmentAt !== null && t.appointmentAt - SETTINGS.appointmentGraceMinutes * MINUTE <= now);
          const overdue = mine.filter((t) => t.appointmentAt === null && t.priority === null && now - t.issuedAt >= SETTINGS.starvationMinutes * MINUTE);
          const priority = mine.filter((t) => t.appointmentAt === null && t.priority !== null);
          if (due.length) {
            expect(reason).toBe('appointment');
            expect(pick.appointmentAt).toBe(Math.min(...due.map((t) => t.appointmentAt ?? Infinity)));
          } else if (overdue.length) {
            // The starvation bound: no priority ticket goes before an ordinary one that waited too long.
            expect(reason).toBe('overdue');
            expect(overdue.every((t) => compareQueueOrder(pick, t) <= 0)).toBe(true);
          } else if (priority.length) {
            expect(reason).toBe('priority');
            expect(priority.every((t) => compareQueueOrder(pick, t) <= 0)).toBe(true);
          } else if (mine.some((t) => t.appointmentAt === null)) {
            expect(reason).toBe('skill');
            // The counter's most preferred skill that has someone waiting, oldest first.
            const ordinary = mine.filter((t) => t.appointmentAt === null);
            const best = Math.min(...ordinary.map((t) => skills.indexOf(t.serviceGroup)));
            expect(skills.indexOf(pick.serviceGroup)).toBe(best);
            expect(ordinary.filter((t) => t.serviceGroup === pick.serviceGroup).every((t) => compareQueueOrder(pick, t) <= 0)).toBe(true);
          } else {
            expect(reason).toBe('early-appointment');
          }
        });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('lets no ordinary ticket wait past the bound plus one call per counter while priority tickets keep coming', () => {
    // One counter, a steady stream of priority tickets, and an ordinary ticket among them.
    const ordinary = ticket(1, { issuedAt: T0 });
    const stream = Array.from({ length: 80 }, (_, i) => ticket(i + 2, { priority: 'elderly', issuedAt: T0 + i * MINUTE }));
    let waiting: Ticket[] = [ordinary, ...stream];
    const c = counter(1);
    for (let now = T0; ; now += 2 * MINUTE) {
      const pick = nextTicket(waiting.filter((t) => t.issuedAt <= now), c, SERVICE_GROUPS, SETTINGS, now);
      if (!pick) throw new Error('queue ran dry before the ordinary ticket was called');
      waiting = waiting.filter((t) => t !== pick.ticket);
      if (pick.ticket === ordinary) {
        expect(now - ordinary.issuedAt).toBeLessThanOrEqual(SETTINGS.starvationMinutes * MINUTE + 2 * MINUTE);
        expect(pick.reason).toBe('overdue');
        break;
      }
    }
  });

  it('keeps a transferred ticket in its place: its issue time and arrival order do not change', () => {
    fc.assert(
      fc.property(dayArb, fc.constantFrom(...SERVICE_GROUPS), (tickets, group) => {
        const men = tickets.filter((t) => t.sectionId === 'men' && t.appointmentAt === null && t.priority === null);
        const first = men[0];
        if (!first) return;
        const called = applyTicketAction(first, { type: 'call', counterId: 1, officerBadge: null }, { deviceTime: T0, version: 0 });
        if (!called.ok) throw new Error(called.error.message);
        const moved = applyTicketAction(called.ticket, { type: 'transfer', counterId: 1, officerBadge: null, serviceGroup: group, targetCounterId: null }, { deviceTime: T0 + MINUTE, version: 0 });
        if (!moved.ok) throw new Error(moved.error.message);
        expect(moved.ticket).toMatchObject({ status: 'waiting', serviceGroup: group, issuedAt: first.issuedAt, issuedVersion: first.issuedVersion, callCount: 0, counterId: null });
        // Among ordinary tickets of its new group it is called no later than any that arrived after it.
        const others = men.slice(1).map((t) => ({ ...t, serviceGroup: group }));
        const pick = nextTicket([...others, moved.ticket], counter(2, [group]), SERVICE_GROUPS, SETTINGS, T0);
        if (pick && pick.reason === 'skill') expect(compareQueueOrder(pick.ticket, moved.ticket)).toBeLessThanOrEqual(0);
        const order = callOrder([...others, moved.ticket], 'men', SERVICE_GROUPS, SETTINGS, T0);
        const later = order.slice(order.indexOf(moved.ticket) + 1);
        expect(later.every((t) => compareQueueOrder(t, moved.ticket) > 0)).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('queue engine (examples)', () => {
  it('sends a ticket transferred to a counter only to that counter', () => {
    const t = ticket(1, { targetCounterId: 3 });
    expect(nextTicket([t], counter(2), SERVICE_GROUPS, SETTINGS, T0)).toBeNull();
    expect(nextTicket([t], counter(3), SERVICE_GROUPS, SETTINGS, T0)?.ticket).toBe(t);
  });

  it('puts unsynced tickets after synced ones (their place is decided when they reach the server)', () => {
    const a = ticket(1, { issuedVersion: 0 });
    const b = ticket(2, { issuedVersion: 9 });
    expect(callOrder([a, b], 'men', SERVICE_GROUPS, SETTINGS, T0).map((t) => t.ticketId)).toEqual(['t2', 't1']);
  });

  it('limits recalls, and marks a no-show only after the last call has timed out', () => {
    let t = ticket(1);
    const ctx = (at: number) => ({ deviceTime: at, version: 0, queue: SETTINGS });
    const step = (action: Parameters<typeof applyTicketAction>[1], at: number) => {
      const r = applyTicketAction(t, action, ctx(at));
      if (r.ok) t = r.ticket;
      return r;
    };
    step({ type: 'call', counterId: 1, officerBadge: null }, T0);
    expect(canRecall(t, SETTINGS)).toBe(true);
    for (let i = 0; i < SETTINGS.maxRecalls; i++) expect(step({ type: 'recall', counterId: 1, officerBadge: null }, T0 + i).ok).toBe(true);
    expect(canRecall(t, SETTINGS)).toBe(false);
    expect(step({ type: 'recall', counterId: 1, officerBadge: null }, T0 + 10)).toMatchObject({ ok: false, error: { code: 'recall_limit' } });
    const last = t.calledAt ?? 0;
    expect(noShowDue(t, SETTINGS, last + SETTINGS.noShowAfterSeconds * 1000 - 1)).toBe(false);
    expect(noShowDue(t, SETTINGS, last + SETTINGS.noShowAfterSeconds * 1000)).toBe(true);
  });

  it('parks a ticket being served and resumes it at the same counter only', () => {
    let t = ticket(1);
    for (const a of [{ type: 'call' }, { type: 'start' }, { type: 'park' }] as const) {
      const r = applyTicketAction(t, { ...a, counterId: 2, officerBadge: '1002' }, { deviceTime: T0, version: 0 });
      if (!r.ok) throw new Error(r.error.message);
      t = r.ticket;
    }
    expect(t.status).toBe('parked');
    expect(nextTicket([t], counter(2), SERVICE_GROUPS, SETTINGS, T0)).toBeNull(); // not in the queue
    expect(applyTicketAction(t, { type: 'resume', counterId: 3, officerBadge: null }, { deviceTime: T0, version: 0 })).toMatchObject({ ok: false, error: { code: 'not_your_ticket' } });
    expect(applyTicketAction(t, { type: 'resume', counterId: 2, officerBadge: '1002' }, { deviceTime: T0, version: 0 })).toMatchObject({ ok: true, event: 'resumed', ticket: { status: 'serving' } });
  });

  it('summarises the waiting per service group: count, priority count, longest wait', () => {
    const rows = waitingSummary(
      [ticket(1, { issuedAt: T0 }), ticket(2, { issuedAt: T0 + 5 * MINUTE, priority: 'pregnant' }), ticket(3, { serviceGroup: 'finalExit', issuedAt: T0 + 9 * MINUTE }), ticket(4, { status: 'called' })],
      'men',
      SERVICE_GROUPS,
      T0 + 10 * MINUTE,
    );
    expect(rows.find((r) => r.serviceGroup === 'residence')).toEqual({ serviceGroup: 'residence', count: 2, priority: 1, longestWaitMs: 10 * MINUTE });
    expect(rows.find((r) => r.serviceGroup === 'finalExit')).toEqual({ serviceGroup: 'finalExit', count: 1, priority: 0, longestWaitMs: MINUTE });
    expect(rows.find((r) => r.serviceGroup === 'enquiries')?.count).toBe(0);
  });
});

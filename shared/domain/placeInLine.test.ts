/**
 * A ticket's place in line against a brute-force simulation (the section's counters
 * calling in turns with `nextTicket` over a plain list), over random lines and floors
 * (skills in any order, tickets sent to one counter, priority, appointments, overdue
 * tickets, unsynced ones, counters of the other section, no counter able to serve), and
 * on small floors worked out by hand. Seeded, so a failure replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Counter } from './office.ts';
import { callSequence, placeInLine, placesInLine, placesOfDay, type LineInput } from './placeInLine.ts';
import { callOrder, canServe, DEFAULT_QUEUE_SETTINGS, nextTicket, skillsOf, type QueueSettings } from './queue.ts';
import { SERVICE_GROUPS, type ServiceGroup } from './services.ts';
import { sampleTicket } from './testing.ts';
import { PRIORITY_REASONS, type Ticket } from './ticket.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 22, 6, 0);
const SEED = Number(process.env.QUEUE_SEED ?? 20261122);
const SETTINGS: QueueSettings = { ...DEFAULT_QUEUE_SETTINGS, starvationMinutes: 20, appointmentGraceMinutes: 5 };
const [RESIDENCE, EXIT] = SERVICE_GROUPS as unknown as [ServiceGroup, ServiceGroup];

/** The simulation written the slow, obvious way: a list, `nextTicket`, one ticket at a time. */
function bruteForce(input: LineInput, ticket: Ticket): number {
  const line: Ticket[] = [];
  for (const t of input.waiting) if (t.sectionId === ticket.sectionId && t.status === 'waiting' && !line.some((x) => x.ticketId === t.ticketId)) line.push(t);
  if (!line.some((t) => t.ticketId === ticket.ticketId)) line.push(ticket);
  let counters = [...new Map(input.counters.filter((c) => c.sectionId === ticket.sectionId).reverse().map((c) => [c.id, c])).values()].sort((a, b) => a.id - b.id);
  let mine = counters.filter((c) => canServe(ticket, c, skillsOf(c, input.offered)));
  if (mine.length === 0) {
    counters = [{ id: ticket.targetCounterId ?? Number.MIN_SAFE_INTEGER, sectionId: ticket.sectionId }];
    mine = counters;
  }
  let ahead = 0;
  for (let turn = 0; ; turn++) {
    for (const c of counters) {
      const pick = nextTicket(line, c, input.offered, input.settings, input.now + turn * (input.turnMs ?? 0));
      if (!pick) continue;
      if (pick.ticket.ticketId === ticket.ticketId) return ahead;
      if (mine.includes(c)) ahead += 1;
      line.splice(line.indexOf(pick.ticket), 1);
    }
  }
}

const ticket = (n: number, over: Partial<Ticket> = {}): Ticket =>
  sampleTicket({ ticketId: `t${n}`, displayNumber: `M1-${String(n).padStart(3, '0')}`, issuedAt: T0 - 10 * MINUTE + n * 1000, issuedVersion: n, version: n, ...over });
const counter = (id: number, skills?: ServiceGroup[], sectionId = 'men'): Counter => ({ id, sectionId, ...(skills ? { skills } : {}) });
const input = (waiting: Ticket[], counters: Counter[], over: Partial<LineInput> = {}): LineInput => ({
  waiting,
  counters,
  offered: SERVICE_GROUPS,
  settings: SETTINGS,
  now: T0,
  ...over,
});

const specArb = fc.record({
  women: fc.boolean(),
  group: fc.constantFrom(...SERVICE_GROUPS.slice(0, 4)),
  priority: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.constantFrom(...PRIORITY_REASONS), weight: 1 }),
  appointmentIn: fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: fc.integer({ min: -20, max: 90 }), weight: 1 }),
  synced: fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, { arbitrary: fc.constant(false), weight: 1 }),
  issuedAgo: fc.integer({ min: 0, max: 40 }),
  target: fc.option(fc.integer({ min: 1, max: 4 }), { freq: 5 }),
});
const counterArb = fc.record({
  id: fc.integer({ min: 1, max: 4 }),
  women: fc.boolean(),
  skills: fc.option(fc.array(fc.constantFrom(...SERVICE_GROUPS.slice(0, 4)), { minLength: 1, maxLength: 4 }), { freq: 3 }),
});
const floorArb = fc.record({
  specs: fc.array(specArb, { minLength: 1, maxLength: 50 }),
  counters: fc.array(counterArb, { maxLength: 5 }),
  pick: fc.nat(),
  turnMinutes: fc.constantFrom(0, 0, 4, 8),
  starvationMinutes: fc.integer({ min: 5, max: 45 }),
});

function floorOf(f: typeof floorArb extends fc.Arbitrary<infer F> ? F : never): { input: LineInput; tickets: Ticket[] } {
  const tickets = f.specs.map((s, i) =>
    ticket(i + 1, {
      sectionId: s.women ? 'women' : 'men',
      serviceGroup: s.group,
      priority: s.priority,
      appointmentAt: s.appointmentIn === null ? null : T0 + s.appointmentIn * MINUTE,
      issuedVersion: s.synced ? i + 1 : 0,
      issuedAt: T0 - s.issuedAgo * MINUTE,
      targetCounterId: s.target,
    }),
  );
  const counters = f.counters.map((c) => counter(c.id, c.skills ?? undefined, c.women ? 'women' : 'men'));
  return { input: input(tickets, counters, { turnMs: f.turnMinutes * MINUTE, settings: { ...SETTINGS, starvationMinutes: f.starvationMinutes } }), tickets };
}

describe('placeInLine', () => {
  it('counts what the brute-force simulation counts, for any ticket of any floor', () => {
    fc.assert(
      fc.property(floorArb, (f) => {
        const { input: line, tickets } = floorOf(f);
        const t = tickets[f.pick % tickets.length] as Ticket;
        expect(placeInLine(line, t).ahead).toBe(bruteForce(line, t));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('places several tickets at once as it places each alone', () => {
    fc.assert(
      fc.property(floorArb, (f) => {
        const { input: line, tickets } = floorOf(f);
        const men = tickets.filter((t) => t.sectionId === 'men');
        const all = placesInLine(line, men);
        for (const t of men) expect(all.get(t.ticketId)).toEqual(placeInLine(line, t));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('places a ticket not yet in the line (the kiosk quoting one it is about to print) as if it were', () => {
    fc.assert(
      fc.property(floorArb, (f) => {
        const { input: line, tickets } = floorOf(f);
        const last = tickets[tickets.length - 1] as Ticket;
        const without = { ...line, waiting: tickets.slice(0, -1) };
        expect(placeInLine(without, last)).toEqual(placeInLine(line, last));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('with one counter, is the ticket’s index in that counter’s call sequence', () => {
    fc.assert(
      fc.property(floorArb, fc.option(fc.array(fc.constantFrom(...SERVICE_GROUPS.slice(0, 4)), { minLength: 1 })), (f, skills) => {
        const { input: line, tickets } = floorOf(f);
        const c = counter(1, skills ?? undefined);
        const order = callSequence(line, c, tickets.length);
        for (const t of order) expect(placeInLine({ ...line, counters: [c] }, t).ahead).toBe(order.indexOf(t));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('counts only the calls of the counters that can serve the ticket', () => {
    // Counter 1 serves exit/re-entry only, counter 2 residence only: three exit/re-entry tickets do not delay a residence one.
    const line = [ticket(1, { serviceGroup: EXIT }), ticket(2, { serviceGroup: EXIT }), ticket(3, { serviceGroup: EXIT }), ticket(4), ticket(5)];
    const floor = input(line, [counter(1, [EXIT]), counter(2, [RESIDENCE])]);
    expect(placeInLine(floor, line[4] as Ticket)).toEqual({ ahead: 1, counters: 1 });
    expect(callOrder(line, 'men', SERVICE_GROUPS, SETTINGS, T0).indexOf(line[4] as Ticket)).toBe(4); // what the resident used to be told
  });

  it('follows each counter’s preference among groups', () => {
    // The only counter prefers exit/re-entry: the later exit/re-entry tickets go before the earlier residence one.
    const line = [ticket(1), ticket(2, { serviceGroup: EXIT }), ticket(3, { serviceGroup: EXIT })];
    expect(placeInLine(input(line, [counter(1, [EXIT, RESIDENCE])]), line[0] as Ticket).ahead).toBe(2);
    expect(placeInLine(input(line, [counter(1, [RESIDENCE, EXIT])]), line[0] as Ticket).ahead).toBe(0);
  });

  it('leaves out tickets sent to another counter, and puts one sent to a counter at that counter', () => {
    const line = [ticket(1, { targetCounterId: 2 }), ticket(2, { targetCounterId: 2 }), ticket(3), ticket(4, { targetCounterId: 2 })];
    const floor = input(line, [counter(1), counter(2)]);
    // Counter 1 (first in each turn) takes t3 at once; counter 2 calls t1 and t2 (its own) before t4.
    expect(placeInLine(floor, line[2] as Ticket)).toEqual({ ahead: 0, counters: 2 });
    expect(placeInLine(floor, line[3] as Ticket)).toEqual({ ahead: 2, counters: 1 });
  });

  it('puts priority tickets and due appointments first, and an overdue ordinary ticket before priority ones', () => {
    const late = ticket(1, { issuedAt: T0 - 25 * MINUTE });
    const prio = ticket(2, { priority: 'elderly' });
    const booked = ticket(3, { appointmentAt: T0 + 2 * MINUTE });
    const plain = ticket(4);
    const early = ticket(5, { appointmentAt: T0 + 60 * MINUTE });
    const line = [late, prio, booked, plain, early];
    const floor = input(line, [counter(1)]);
    expect(line.map((t) => placeInLine(floor, t).ahead)).toEqual([1, 2, 0, 3, 4]);
    // With turns of 8 minutes the booked slot an hour away comes due before the line is done.
    const more = [...line, ...[6, 7, 8, 9, 10, 11, 12].map((n) => ticket(n))];
    expect(placeInLine(input(more, [counter(1)], { turnMs: 8 * MINUTE }), early).ahead).toBeLessThan(more.length - 1);
  });

  it('with no counter able to serve it, places it as one counter serving the whole section would, and says so', () => {
    const line = [ticket(1), ticket(2, { serviceGroup: EXIT }), ticket(3, { targetCounterId: 9 })];
    const [a, b, c] = line as [Ticket, Ticket, Ticket];
    // No counter open: one counter serving everything would call a (residence comes first), not c (it is counter 9's).
    expect(placeInLine(input(line, []), b)).toEqual({ ahead: 1, counters: 0 });
    // Only an exit/re-entry counter open: a residence ticket is placed by that same one counter.
    expect(placeInLine(input(line, [counter(1, [EXIT])]), a)).toEqual({ ahead: 0, counters: 0 });
    // Sent to counter 9, which is closed: placed as counter 9 alone would call it.
    expect(placeInLine(input(line, [counter(1)]), c)).toEqual({ ahead: 1, counters: 0 });
  });

  it('places a ticket none of the open counters can serve among the fallback counters, else as one counter alone', () => {
    fc.assert(
      fc.property(floorArb, fc.array(counterArb, { maxLength: 4 }), (f, more) => {
        const { input: line, tickets } = floorOf(f);
        const fallback = more.map((c) => counter(c.id, c.skills ?? undefined, c.women ? 'women' : 'men'));
        const t = tickets[f.pick % tickets.length] as Ticket;
        const open = placeInLine(line, t);
        const among = placeInLine({ ...line, counters: fallback }, t);
        const expected = open.counters > 0 ? open : among.counters > 0 ? among : open;
        expect(placeInLine({ ...line, fallback }, t)).toEqual(expected);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('is 0 for a ticket no longer waiting', () => {
    const called = ticket(1, { status: 'called' });
    expect(placeInLine(input([ticket(2), called], [counter(1)]), called).ahead).toBe(0);
  });
});

describe('callSequence', () => {
  it('is the tickets nextTicket picks one after another', () => {
    fc.assert(
      fc.property(floorArb, (f) => {
        const { input: line, tickets } = floorOf(f);
        const c = counter(2);
        const left = [...tickets];
        const expected: Ticket[] = [];
        for (let pick = nextTicket(left, c, SERVICE_GROUPS, line.settings, T0); pick && expected.length < 8; pick = nextTicket(left, c, SERVICE_GROUPS, line.settings, T0)) {
          expected.push(pick.ticket);
          left.splice(left.indexOf(pick.ticket), 1);
        }
        expect(callSequence({ ...line, turnMs: 0 }, c, 8)).toEqual(expected);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe('placesOfDay', () => {
  const done = (n: number, counterId: number, endedAgo: number, over: Partial<Ticket> = {}): Ticket =>
    ticket(100 + n, { status: 'done', counterId, calledAt: T0 - (endedAgo + 10) * MINUTE, endedAt: T0 - endedAgo * MINUTE, ...over });
  const day = (tickets: Ticket[], open: ReadonlySet<number> | null, counters: Counter[]) =>
    ({ tickets, sectionId: 'men', counters, open, offered: SERVICE_GROUPS, settings: SETTINGS, now: T0 });

  it('takes the counters seen working lately as the open ones when the store’s word is not known', () => {
    // Counter 1 (exit/re-entry only) worked lately, counter 2 (residence only) did not: residence tickets fall back to the configuration.
    const waiting = [ticket(1, { serviceGroup: EXIT }), ticket(2), ticket(3, { serviceGroup: EXIT }), ticket(4)];
    const counters = [counter(1, [EXIT]), counter(2, [RESIDENCE])];
    const places = placesOfDay(day([...waiting, done(1, 1, 5)], null, counters), waiting);
    expect(places.get('t3')).toMatchObject({ ahead: 1, counters: 1 });
    expect(places.get('t4')).toMatchObject({ ahead: 1, counters: 1 });
  });

  it('quotes the wait over the working counters that can serve the ticket', () => {
    const waiting = Array.from({ length: 9 }, (_, i) => ticket(i + 1));
    const history = Array.from({ length: 6 }, (_, i) => done(i, (i % 3) + 1, i + 1));
    // Three counters worked lately; only counter 3 serves residence: 8 ahead at 10-minute cycles is 80 minutes or so, not a third of it.
    const counters = [counter(1, [EXIT]), counter(2, [EXIT]), counter(3)];
    const place = placesOfDay(day([...waiting, ...history], new Set([1, 2, 3]), counters), [waiting[8] as Ticket]).get('t9');
    expect(place?.ahead).toBe(8);
    expect(place?.counters).toBe(1);
    expect(place?.estimate.minMinutes).toBeGreaterThanOrEqual(70);
  });
});

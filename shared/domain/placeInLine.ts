/**
 * "People ahead of you", as the counters will actually call: the open counters of the
 * section take turns calling with the queue engine's own decision (`WaitingLine.next`, the
 * same as `nextTicket`), each with its skills and order of preference, tickets sent to one
 * counter going only to that counter, until the ticket is called. Its place is the number
 * of tickets called before it by the counters that can serve it (the others take tickets
 * out of the line but do not make this resident wait). Sorting the section once
 * (`callOrder`) cannot say this: it ignores skills, preferences, targets and which
 * counters are open.
 *
 * The model: every counter calls once per turn, in the order given (the section's counters
 * by id, as callers pass them), and a turn lasts `turnMs` (0: the decisions are all made
 * at `now`; with the office's service time, an appointment's slot or an ordinary ticket's
 * starvation bound is reached in the turn it would really be). Each call takes one ticket
 * out of the line, so the simulation stops after at most as many calls as tickets wait
 * (O(n log n) with the kept line): cheap enough for every screen refresh.
 */
import { quoteFromDay, recentCycleMinutes, workingCounterIds, type WaitQuote } from './estimate.ts';
import type { Counter } from './office.ts';
import { canServe, skillsOf, type QueueSettings } from './queue.ts';
import type { ServiceGroup } from './services.ts';
import type { Ticket } from './ticket.ts';
import { WaitingLine } from './waitingLine.ts';

const MINUTE = 60_000;

export interface Place {
  /** Tickets the counters that can serve this one will call before it. */
  readonly ahead: number;
  /** How many of the counters given can serve it (0: none can, see `placesInLine`). */
  readonly counters: number;
}

export interface LineInput {
  /** The section's waiting tickets (others are ignored), in the order ties are broken in (as `nextTicket` meets them). */
  readonly waiting: Iterable<Ticket>;
  /** The counters calling: the section's open ones (others are ignored). */
  readonly counters: readonly Counter[];
  readonly offered: readonly ServiceGroup[];
  readonly settings: QueueSettings;
  readonly now: number;
  /** How long one turn of calls lasts (ms); 0 (the default): time does not pass. */
  readonly turnMs?: number;
  /**
   * Counters to place a ticket with when none of `counters` can serve it: the section's
   * configured ones, when `counters` are only those known to be open.
   */
  readonly fallback?: readonly Counter[];
}

/** Where `ticket` stands (see the module's comment); `{ ahead: 0, counters }` when it is not waiting. */
export function placeInLine(input: LineInput, ticket: Ticket): Place {
  return placesInLine(input, [ticket]).get(ticket.ticketId) ?? { ahead: 0, counters: 0 };
}

/**
 * The places of several tickets of one section, from one simulation. A ticket that is not
 * in `waiting` (a kiosk's ticket about to be issued) is put in the line as given.
 *
 * No counter given can serve a ticket (none is open, the one it was sent to is closed, or
 * no open counter has its group): nobody will call it until the floor changes, so no true
 * count exists. It is then placed among the `fallback` counters (the section's configured
 * ones), as if they were all open; when none of those can serve it either, as if one
 * counter serving every group (and the one it was sent to, if any) called the whole
 * section alone: everyone it would call first is ahead, a number that grows with the line,
 * as a resident expects; `counters` then says 0.
 */
export function placesInLine(input: LineInput, tickets: readonly Ticket[]): Map<string, Place> {
  const places = new Map<string, Place>();
  const sectionId = tickets[0]?.sectionId;
  const wanted = tickets.filter((t) => t.status === 'waiting' && t.sectionId === sectionId);
  for (const t of tickets) if (!wanted.includes(t)) places.set(t.ticketId, { ahead: 0, counters: 0 });
  if (!sectionId || wanted.length === 0) return places;
  const counters = sectionCounters(input.counters, sectionId);
  const eligible = new Map(wanted.map((t) => [t.ticketId, counters.filter((c) => canServe(t, c, skillsOf(c, input.offered)))]));
  const served = wanted.filter((t) => (eligible.get(t.ticketId)?.length ?? 0) > 0);
  if (served.length > 0) {
    const ahead = simulate(input, counters, served, (t) => eligible.get(t.ticketId) ?? []);
    for (const t of served) places.set(t.ticketId, { ahead: ahead.get(t.ticketId) ?? 0, counters: eligible.get(t.ticketId)?.length ?? 0 });
  }
  const unserved = wanted.filter((t) => !places.has(t.ticketId));
  if (unserved.length > 0 && input.fallback) {
    for (const [id, place] of placesInLine({ ...input, counters: input.fallback, fallback: undefined }, unserved)) {
      if (place.counters > 0) places.set(id, place);
    }
  }
  for (const t of wanted) {
    if (places.has(t.ticketId)) continue;
    const alone: Counter = { id: t.targetCounterId ?? Number.MIN_SAFE_INTEGER, sectionId };
    const ahead = simulate(input, [alone], [t], () => [alone]);
    places.set(t.ticketId, { ahead: ahead.get(t.ticketId) ?? 0, counters: 0 });
  }
  return places;
}

/** A section's day as the screens and the store know it, to place its waiting tickets. */
export interface SectionDay {
  /** The section's tickets of the day: the waiting ones, and those called, served or done (who works, how fast). */
  readonly tickets: readonly Ticket[];
  readonly sectionId: string;
  /** The office's counters, as configured. */
  readonly counters: readonly Counter[];
  /**
   * The counters known to be open (the store has their open and close events); null: those
   * that called or finished a ticket in the last half hour, all a device knows offline.
   */
  readonly open: ReadonlySet<number> | null;
  readonly offered: readonly ServiceGroup[];
  readonly settings: QueueSettings;
  readonly now: number;
}

export interface DayPlace extends Place {
  /** The wait to quote: `ahead` over the working counters that can serve it. */
  readonly estimate: WaitQuote;
}

/**
 * Where tickets of a section stand and how long they will wait: the open counters take
 * turns of one recent cycle (the median of the last finished tickets, the office's service
 * time without history); a ticket none of them can serve is placed among the section's
 * configured counters. `wanted` may hold a ticket about to be issued (not in `tickets`).
 */
export function placesOfDay(day: SectionDay, wanted: readonly Ticket[]): Map<string, DayPlace> {
  const { sectionId, settings, now } = day;
  const configured = day.counters.filter((c) => c.sectionId === sectionId);
  const openIds = day.open ?? workingCounterIds(day.tickets, sectionId, now);
  const cycles = recentCycleMinutes(day.tickets).sort((a, b) => a - b);
  const cycle = cycles.length >= 5 ? (cycles[Math.floor(cycles.length / 2)] ?? settings.defaultServiceMinutes) : settings.defaultServiceMinutes;
  const places = placesInLine(
    {
      waiting: day.tickets.filter((t) => t.status === 'waiting' && t.sectionId === sectionId),
      counters: configured.filter((c) => openIds.has(c.id)),
      fallback: configured,
      offered: day.offered,
      settings,
      now,
      turnMs: Math.round(cycle * MINUTE),
    },
    wanted.filter((t) => t.sectionId === sectionId),
  );
  const out = new Map<string, DayPlace>();
  for (const [id, place] of places) {
    const estimate = quoteFromDay({ ahead: place.ahead, tickets: day.tickets, sectionId, now, settings, servedBy: place.counters });
    out.set(id, { ...place, estimate });
  }
  return out;
}

/** The tickets `counter` would call next, in order, were it the only one calling (the counter's "next few"). */
export function callSequence(input: Omit<LineInput, 'counters'>, counter: Counter, take: number): Ticket[] {
  const line = lineOf(input.waiting, counter.sectionId, []);
  const turnMs = input.turnMs ?? 0;
  const calls: Ticket[] = [];
  while (calls.length < take) {
    const pick = line.next(counter, input.offered, input.settings, input.now + calls.length * turnMs);
    if (!pick) break;
    calls.push(pick.ticket);
    line.delete(pick.ticket.ticketId);
  }
  return calls;
}

/** The section's counters, each once (the first entry of an id), by id: the order they take turns in. */
function sectionCounters(counters: readonly Counter[], sectionId: string): Counter[] {
  const byId = new Map<number, Counter>();
  for (const c of counters) if (c.sectionId === sectionId && !byId.has(c.id)) byId.set(c.id, c);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function lineOf(waiting: Iterable<Ticket>, sectionId: string, extra: readonly Ticket[]): WaitingLine {
  const line = new WaitingLine();
  const seen = new Set<string>();
  for (const t of waiting) {
    if (t.sectionId !== sectionId || seen.has(t.ticketId)) continue;
    seen.add(t.ticketId);
    line.put(t);
  }
  for (const t of extra) if (!seen.has(t.ticketId)) line.put(t);
  return line;
}

/**
 * Turns of calls until every ticket of `wanted` is called; for each, how many tickets its
 * counters called before it. Ends: each call takes a ticket out, and while a wanted ticket
 * waits, a counter that can serve it always finds something to call.
 */
function simulate(input: LineInput, counters: readonly Counter[], wanted: readonly Ticket[], eligibleFor: (t: Ticket) => readonly Counter[]): Map<string, number> {
  const sectionId = counters[0]?.sectionId ?? wanted[0]?.sectionId ?? '';
  const line = lineOf(input.waiting, sectionId, wanted);
  const open = new Set(wanted.map((t) => t.ticketId));
  const ahead = new Map<string, number>();
  const calls = new Map<number, number>(counters.map((c) => [c.id, 0]));
  const turnMs = input.turnMs ?? 0;
  for (let turn = 0; open.size > 0; turn++) {
    let called = false;
    const at = input.now + turn * turnMs;
    for (const c of counters) {
      const pick = line.next(c, input.offered, input.settings, at);
      if (!pick) continue;
      called = true;
      const id = pick.ticket.ticketId;
      if (open.delete(id)) {
        const mine = eligibleFor(pick.ticket);
        ahead.set(id, mine.reduce((n, e) => n + (calls.get(e.id) ?? 0), 0));
        if (open.size === 0) break;
      }
      calls.set(c.id, (calls.get(c.id) ?? 0) + 1);
      line.delete(id);
    }
    if (!called) break; // cannot happen while a wanted ticket has a counter (see above); a guard, not a rule
  }
  return ahead;
}

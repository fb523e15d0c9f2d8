/**
 * The wait a ticket is quoted when it is printed, as a range of whole minutes, from what
 * the office has just been doing: how long recent tickets took from call to end (walk
 * and service together), how many people are ahead, and how many counters are working.
 * The quote is stored on the ticket so the pilot can measure quoted against actual.
 * Pure: the caller passes the recent tickets and the time.
 */
import type { QueueSettings } from './queue.ts';
import type { Ticket } from './ticket.ts';

const MINUTE = 60_000;

/** Longest wait ever quoted (a day): beyond it a figure means nothing to anyone. */
export const MAX_QUOTE_MINUTES = 24 * 60;

export interface WaitQuote {
  readonly minMinutes: number;
  readonly maxMinutes: number;
}

/** Minutes from call to end of the most recently finished tickets (newest first). */
export function recentCycleMinutes(tickets: Iterable<Pick<Ticket, 'status' | 'calledAt' | 'endedAt'>>, limit = 40): number[] {
  const done: Array<{ end: number; minutes: number }> = [];
  for (const t of tickets) {
    if (t.status !== 'done' || t.calledAt === null || t.endedAt === null || t.endedAt < t.calledAt) continue;
    done.push({ end: t.endedAt, minutes: (t.endedAt - t.calledAt) / MINUTE });
  }
  done.sort((a, b) => b.end - a.end);
  return done.slice(0, limit).map((d) => d.minutes);
}

/** Counters of a section that called or finished a ticket in the last `windowMinutes`. */
export function workingCounters(
  tickets: Iterable<Pick<Ticket, 'sectionId' | 'counterId' | 'calledAt' | 'endedAt'>>,
  sectionId: string,
  now: number,
  windowMinutes = 30,
): number {
  return workingCounterIds(tickets, sectionId, now, windowMinutes).size;
}

/** The ids of the counters `workingCounters` counts: what a device knows of which counters are open. */
export function workingCounterIds(
  tickets: Iterable<Pick<Ticket, 'sectionId' | 'counterId' | 'calledAt' | 'endedAt'>>,
  sectionId: string,
  now: number,
  windowMinutes = 30,
): Set<number> {
  const since = now - windowMinutes * MINUTE;
  const ids = new Set<number>();
  for (const t of tickets) {
    if (t.sectionId !== sectionId || t.counterId === null) continue;
    if ((t.calledAt ?? 0) >= since || (t.endedAt ?? 0) >= since) ids.add(t.counterId);
  }
  return ids;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

/**
 * The quote for a ticket with `ahead` people before it. With `counters` working, the
 * queue moves one person per (cycle ÷ counters); the range runs from the quick quarter
 * of recent cycles to the slow quarter. Without history, the office's default service
 * time stands in, ±30 %. With no counter working yet, one is assumed.
 */
export function quoteWait(input: { ahead: number; counters: number; cycleMinutes: readonly number[]; settings: Pick<QueueSettings, 'defaultServiceMinutes'> }): WaitQuote {
  const sorted = [...input.cycleMinutes].filter((m) => Number.isFinite(m) && m >= 0).sort((a, b) => a - b);
  const fallback = input.settings.defaultServiceMinutes;
  const fast = sorted.length >= 5 ? quantile(sorted, 0.25) : fallback * 0.7;
  const slow = sorted.length >= 5 ? quantile(sorted, 0.75) : fallback * 1.3;
  const counters = Math.max(1, input.counters);
  const ahead = Math.max(0, input.ahead);
  // The person at the counter now is half done on average: the first place costs half a cycle.
  const min = Math.min(MAX_QUOTE_MINUTES - 1, Math.floor((Math.max(0, ahead - 0.5) * fast) / counters));
  const max = Math.min(MAX_QUOTE_MINUTES, Math.max(min + 1, Math.ceil(((ahead + 0.5) * slow) / counters)));
  return { minMinutes: min, maxMinutes: max };
}

/**
 * The quote for a ticket with `ahead` people before it, from its section's tickets of the
 * day (who worked lately, how long their tickets took): the kiosk quotes a new ticket,
 * the phone page a waiting one, the simulated day every arrival, all through this.
 */
export function quoteFromDay(input: {
  ahead: number;
  tickets: readonly Pick<Ticket, 'sectionId' | 'status' | 'counterId' | 'calledAt' | 'endedAt'>[];
  sectionId: string;
  now: number;
  settings: Pick<QueueSettings, 'defaultServiceMinutes'>;
  /**
   * How many counters can serve the ticket, when `ahead` counts only their calls
   * (placeInLine.ts): the working counters are counted up to this many.
   */
  servedBy?: number;
}): WaitQuote {
  const working = workingCounters(input.tickets, input.sectionId, input.now);
  return quoteWait({
    ahead: input.ahead,
    counters: input.servedBy === undefined ? working : Math.min(working, Math.max(1, input.servedBy)),
    cycleMinutes: recentCycleMinutes(input.tickets),
    settings: input.settings,
  });
}

/** The single figure a quote stands for (its middle), to compare with the actual wait. */
export function quoteMiddle(q: WaitQuote): number {
  return (q.minMinutes + q.maxMinutes) / 2;
}

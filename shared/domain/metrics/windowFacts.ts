/**
 * What an evaluation works out from its days alone, whatever its other filters: the
 * counters' stretches (from the tickets served around the window), each section's line
 * (when its tickets waited) and the repeat visits (each transaction's time to the same
 * person's next one). They are most of an evaluation's work over months of facts and the
 * same for every filter over the same days, so a caller asking several filters of one
 * window (the console does, as a supervisor narrows the figures) works them out once and
 * passes them to each `evaluate`.
 */
import { addDays } from './clock.ts';
import type { CounterTime } from './counterFigures.ts';
import { counterColumnsByCounter, type StretchColumns } from './counters.ts';
import { busyOf, stepIntegral, type Interval } from './intervals.ts';
import { FewKeys, NumberList } from './stats.ts';
import { leftLineAt } from './ticketFigures.ts';
import { returnTimes } from './transactionFigures.ts';
import type { MetricsInput, TicketFact, TransactionFact } from './types.ts';
import { dayWindow, type DayWindow } from './window.ts';

export interface WindowFacts {
  readonly from: string;
  readonly to: string;
  /** The input's fact lists these were worked out from (an evaluation of other facts works them out again). */
  readonly of: Pick<MetricsInput, 'tickets' | 'transactions' | 'counterEvents' | 'presence' | 'counters' | 'shifts'>;
  /** The tickets of the window's days, in the input's order. */
  readonly tickets: readonly TicketFact[];
  /** Parallel to tickets: the index of each one's day in the window. */
  readonly ticketDays: Int32Array;
  /** Parallel to tickets: when each left the line (leftLineAt); at or before its issue, it never waited. */
  readonly lineTo: Float64Array;
  /** The tickets that waited (indices into tickets), by when they joined the line, and by when they left it. */
  readonly byStart: Uint32Array;
  readonly byEnd: Uint32Array;
  /**
   * Each counter's stretches, as of the input's `now` (today's open lines and counters run to
   * it), from the tickets served on the window's days and the day either side (a counter's
   * time near midnight needs its neighbours).
   */
  readonly stretchesByCounter: ReadonlyMap<number, StretchColumns>;
  /** Per section, the times anyone of it was waiting in the window. */
  readonly waitingBySection: ReadonlyMap<string, readonly Interval[]>;
  /** The transactions of the window's days, in the input's order. */
  readonly transactions: readonly TransactionFact[];
  /** Parallel to transactions: ms to the same person's next transaction for the same service, among all of the input's (returnTimesOf). */
  readonly back: Float64Array;
  /**
   * The counters' time of each part asked so far (by counters, shift, officer and whether
   * the heat map's cells were filled): it does not depend on the other filters, so a filter
   * by language or service reuses the time worked out for the whole window.
   */
  readonly counterTimes: Map<string, CounterTime>;
}

const OUTSIDE = -2;
const NEAR = -1;

/**
 * A fact's day → its index in the window; NEAR for the days from `before` to `after` around
 * it, OUTSIDE beyond. Facts come grouped by day, so the last answer is kept and a fact's own
 * copy of the day string is compared with the previous one rather than hashed.
 */
export function dayIndexer(window: DayWindow, before: string, after: string): (day: string) => number {
  let lastKey: string | null = null;
  let last = OUTSIDE;
  return (day) => {
    if (day !== lastKey) {
      lastKey = day;
      last = day < before || day > after ? OUTSIDE : (window.index.get(day) ?? NEAR);
    }
    return last;
  };
}

/** The window's facts of `input` (see WindowFacts). */
export function windowFactsOf(input: MetricsInput, from: string, to: string, window: DayWindow = dayWindow(from, to, input.timeZone)): WindowFacts {
  const open = window.days.length > 0;
  const [before, after] = open ? [addDays(from, -1), addDays(to, 1)] : ['', ''];
  const ctx = { now: input.now, dayEnd: new Map(window.days.map((d, i) => [d, window.bounds[i + 1]!])) };
  const near: TicketFact[] = [];
  const tickets: TicketFact[] = [];
  const days: number[] = [];
  const lineTo: number[] = [];
  const waited: number[] = [];
  const dayOf = dayIndexer(window, before, after);
  for (let i = 0; i < input.tickets.length; i++) {
    const t = input.tickets[i]!;
    const day = dayOf(t.serviceDay);
    if (day === OUTSIDE) continue;
    if (t.segments.length > 0) near.push(t);
    if (day === NEAR) continue;
    const left = leftLineAt(t, ctx);
    if (left > t.issuedAt) waited.push(tickets.length);
    tickets.push(t);
    days.push(day);
    lineTo.push(left);
  }
  // Ordered once here, so that no evaluation sorts its tickets' line times.
  const leftAt = Float64Array.from(lineTo);
  const issuedAt = Float64Array.from(tickets, (t) => t.issuedAt);
  const byStart = orderOf(issuedAt, waited);
  const byEnd = orderOf(leftAt, waited);
  const allBack = returnTimesOf(input.transactions);
  const transactions: TransactionFact[] = [];
  const back = new NumberList(1024);
  for (let i = 0; i < input.transactions.length; i++) {
    const x = input.transactions[i]!;
    if (!open || x.serviceDay < from || x.serviceDay > to) continue;
    transactions.push(x);
    back.push(allBack[i]!);
  }
  return {
    from,
    to,
    of: { tickets: input.tickets, transactions: input.transactions, counterEvents: input.counterEvents, presence: input.presence, counters: input.counters, shifts: input.shifts },
    stretchesByCounter: counterColumnsByCounter({ counterEvents: input.counterEvents, presence: input.presence, tickets: near, counters: input.counters, now: input.now }),
    tickets,
    ticketDays: Int32Array.from(days),
    lineTo: leftAt,
    byStart,
    byEnd,
    waitingBySection: waitingBySection(tickets, leftAt, byStart, byEnd),
    transactions,
    back: back.view(),
    counterTimes: new Map(),
  };
}

/**
 * The return times of a list of transactions (returnTimes), worked out once per list: the
 * console's lists stay the same while the data does, and every window reads its part. For
 * a transaction of a window this is the time to the same person's next one among all of
 * them; a window's own list (from its first day to 31 days after its last) gives the same
 * for those under 30 days and Infinity for the rest, and the figures only ask "more than 7
 * (30) days?".
 */
const returnTimesCache = new WeakMap<readonly TransactionFact[], Float64Array>();
function returnTimesOf(all: readonly TransactionFact[]): Float64Array {
  let times = returnTimesCache.get(all);
  if (!times) returnTimesCache.set(all, (times = returnTimes(all)));
  return times;
}

/**
 * `subset` (indices into keys, ascending) ordered by their keys, ties by index. Whole keys
 * that span less than 2^53 / 2^bits (months of milliseconds) are sorted as one number each,
 * key and index together, by the typed array's own sort; others by a comparison.
 */
export function orderOf(keys: Float64Array, subset: readonly number[]): Uint32Array {
  const n = subset.length;
  if (n === 0) return new Uint32Array(0);
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let k = 0; k < n; k++) {
    const v = keys[subset[k]!]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (!Number.isInteger(v)) whole = false;
  }
  const slots = 2 ** Math.ceil(Math.log2(keys.length + 1));
  if (!whole || (max - min + 1) * slots > Number.MAX_SAFE_INTEGER) {
    return Uint32Array.from([...subset].sort((a, b) => keys[a]! - keys[b]! || a - b));
  }
  const packed = new Float64Array(n);
  for (let k = 0; k < n; k++) packed[k] = (keys[subset[k]!]! - min) * slots + subset[k]!;
  packed.sort();
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) out[k] = packed[k]! % slots;
  return out;
}

/** Per section, when anyone of it waited: its tickets' line times, in order, made into runs. */
function waitingBySection(tickets: readonly TicketFact[], lineTo: Float64Array, byStart: Uint32Array, byEnd: Uint32Array): Map<string, Interval[]> {
  const lines = new FewKeys<{ starts: NumberList; ends: NumberList }>();
  const newLine = () => ({ starts: new NumberList(), ends: new NumberList() });
  for (let k = 0; k < byStart.length; k++) lines.get(tickets[byStart[k]!]!.sectionId, newLine).starts.push(tickets[byStart[k]!]!.issuedAt);
  for (let k = 0; k < byEnd.length; k++) lines.get(tickets[byEnd[k]!]!.sectionId, newLine).ends.push(lineTo[byEnd[k]!]!);
  return new Map(
    lines.entries().map(([section, l]) => {
      const busy = busyOf(l.starts.view(), l.ends.view());
      l.starts.release();
      l.ends.release();
      return [section, busy];
    }),
  );
}

/**
 * The line length over `staffed` of the window's tickets marked with `bit` in `member`
 * (parallel to WindowFacts.tickets): the time-weighted sum and the most at once.
 */
export function lineOf(facts: WindowFacts, member: Uint8Array, bit: number, staffed: readonly Interval[]): { weighted: number; max: number } {
  const starts = new NumberList(Math.max(16, facts.byStart.length));
  const ends = new NumberList(Math.max(16, facts.byEnd.length));
  for (let k = 0; k < facts.byStart.length; k++) {
    const i = facts.byStart[k]!;
    if (member[i]! & bit) starts.push(facts.tickets[i]!.issuedAt);
  }
  for (let k = 0; k < facts.byEnd.length; k++) {
    const i = facts.byEnd[k]!;
    if (member[i]! & bit) ends.push(facts.lineTo[i]!);
  }
  const line = stepIntegral(starts.view(), ends.view(), staffed);
  starts.release();
  ends.release();
  return line;
}

/** Whether `facts` were worked out for these days of this input's facts. */
export function windowFactsFit(facts: WindowFacts | undefined, input: MetricsInput, from: string, to: string): facts is WindowFacts {
  if (facts === undefined || facts.from !== from || facts.to !== to) return false;
  const of = facts.of;
  return (
    of.tickets === input.tickets &&
    of.transactions === input.transactions &&
    of.counterEvents === input.counterEvents &&
    of.presence === input.presence &&
    of.counters === input.counters &&
    of.shifts === input.shifts
  );
}

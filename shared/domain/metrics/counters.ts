/**
 * What each counter was doing over time (closed, idle, serving, on a break), as
 * non-overlapping stretches, from the counter's own open/close/break/resume records, the
 * devices' presence and the tickets' service segments. Counter time figures (staffed hours,
 * utilisation, idle while people wait) are sums over these stretches. The open periods come
 * from counterPeriods.ts (a browser closed without "close" stays open until its officer
 * session was last heard from); here the tickets' service is laid over them.
 */
import { NumberList } from './stats.ts';
import { basePieces, lastSignsBySession, openPeriods, type Piece } from './counterPeriods.ts';
import type { CounterState, CounterStateEvent, CounterStretch, PresencePeriod, ServingSegment } from './types.ts';

/** What the stretches are worked out from. */
export interface CounterStretchInput {
  readonly counterEvents: readonly CounterStateEvent[];
  readonly presence: readonly PresencePeriod[];
  /** Tickets, for their service segments. */
  readonly tickets: readonly { readonly segments: readonly ServingSegment[] }[];
  readonly counters: readonly { readonly id: number }[];
  readonly now: number;
}

/**
 * The serving runs of time-sorted segments, one at a time: segments merged where they
 * overlap (or touch, for the same officer), each run keeping its first officer. Read in
 * place, so 200,000 segments make no intermediate objects.
 */
class ServingRuns {
  from = 0;
  to = 0;
  officerBadge: string | null = null;
  done = false;
  private i = 0;

  constructor(private readonly segments: readonly ServingSegment[]) {
    this.advance();
  }

  advance(): void {
    const segs = this.segments;
    while (this.i < segs.length && segs[this.i]!.to <= segs[this.i]!.from) this.i++;
    const first = segs[this.i++];
    if (!first) {
      this.done = true;
      return;
    }
    this.from = first.from;
    this.to = first.to;
    this.officerBadge = first.officerBadge;
    for (; this.i < segs.length; this.i++) {
      const s = segs[this.i]!;
      if (s.to <= s.from) continue;
      if (s.from < this.to || (s.from === this.to && s.officerBadge === this.officerBadge)) this.to = Math.max(this.to, s.to);
      else break;
    }
  }
}

/** Receives a counter's stretches, in time order. */
type Emit = (state: CounterState, officerBadge: string | null, from: number, to: number, reason: string | null) => void;

/** Joins pieces that continue one another in the same state, officer and reason before passing them on. */
class Joiner {
  private state: CounterState | null = null;
  private officerBadge: string | null = null;
  private from = 0;
  private to = 0;
  private reason: string | null = null;

  constructor(private readonly emit: Emit) {}

  push(state: CounterState, officerBadge: string | null, from: number, to: number, reason: string | null): void {
    if (to <= from) return;
    if (this.state === state && this.to === from && this.officerBadge === officerBadge && this.reason === reason) {
      this.to = to;
      return;
    }
    this.flush();
    this.state = state;
    this.officerBadge = officerBadge;
    this.from = from;
    this.to = to;
    this.reason = reason;
  }

  flush(): void {
    if (this.state !== null) this.emit(this.state, this.officerBadge, this.from, this.to, this.reason);
    this.state = null;
  }
}

/** Lays serving runs over the base pieces (serving wins over break, idle and closed). */
function overlay(base: readonly Piece[], runs: ServingRuns, emit: Emit): void {
  const out = new Joiner(emit);
  for (const b of base) {
    let cursor = b.from;
    while (!runs.done && runs.from < b.to) {
      if (runs.to <= cursor) {
        runs.advance();
        continue;
      }
      const from = Math.max(cursor, runs.from);
      out.push(b.state, b.officerBadge, cursor, from, b.reason);
      const to = Math.min(b.to, runs.to);
      out.push('serving', runs.officerBadge ?? b.officerBadge, from, to, null);
      cursor = to;
      if (runs.to <= b.to) runs.advance();
      else break;
    }
    out.push(b.state, b.officerBadge, cursor, b.to, b.reason);
  }
  out.flush();
}

/** Runs the stretch rules for each counter, handing its stretches to what `sinkOf` makes. */
function eachCounter<T>(input: CounterStretchInput, sinkOf: (counterId: number) => { emit: Emit; done: () => T }): Map<number, T> {
  const { now } = input;
  const eventsByCounter = new Map<number, CounterStateEvent[]>();
  const segmentsByCounter = new Map<number, ServingSegment[]>();
  for (const c of input.counters) {
    eventsByCounter.set(c.id, []);
    segmentsByCounter.set(c.id, []);
  }
  for (const e of input.counterEvents) {
    let list = eventsByCounter.get(e.counterId);
    if (!list) eventsByCounter.set(e.counterId, (list = []));
    list.push(e);
  }
  let list: ServingSegment[] | undefined;
  let listCounter: number | null = null;
  for (const t of input.tickets) {
    for (const s of t.segments) {
      if (s.from >= now) continue;
      if (s.counterId !== listCounter) {
        list = segmentsByCounter.get(s.counterId);
        if (!list) segmentsByCounter.set(s.counterId, (list = []));
        listCounter = s.counterId;
      }
      list!.push(s.to > now ? { ...s, to: now } : s);
    }
  }
  const signs = lastSignsBySession(input.counterEvents, input.presence);
  const ids = [...new Set([...eventsByCounter.keys(), ...segmentsByCounter.keys()])].sort((a, b) => a - b);
  const out = new Map<number, T>();
  for (const counterId of ids) {
    // Stable sorts: records at the same moment keep the order they were given in.
    const events = (eventsByCounter.get(counterId) ?? []).sort((a, b) => a.at - b.at);
    const segments = sortedByStart(segmentsByCounter.get(counterId) ?? []);
    const base = basePieces(openPeriods(events, segments, signs, input.presence, now));
    let first = base[0]?.from ?? Infinity;
    let last = base[base.length - 1]?.to ?? -Infinity;
    for (const s of segments) {
      if (s.to <= s.from) continue;
      if (s.from < first) first = s.from;
      if (s.to > last) last = s.to;
    }
    if (first === Infinity) continue;
    const closed = (from: number, to: number): Piece => ({ state: 'closed', officerBadge: null, from, to, reason: null });
    const tiled = base.length === 0 ? [closed(first, last)] : [closed(first, base[0]!.from), ...base, closed(base[base.length - 1]!.to, last)].filter((p) => p.to > p.from);
    const sink = sinkOf(counterId);
    overlay(tiled, new ServingRuns(segments), sink.emit);
    out.set(counterId, sink.done());
  }
  return out;
}

/**
 * Every counter's stretches, by counter, in time order; they never overlap and tile the
 * counter's time from its first opening (or first ticket served) to its last. Serving is the
 * union of the tickets' segments at the counter, even outside an open period: a ticket was
 * being served there, so the counter was evidently working whatever its open/close records
 * say. Serving wins over a break for the same reason. Idle = open − serving − break. A
 * counter with no records and no segments has no stretches.
 */
export function counterStretchesByCounter(input: CounterStretchInput): Map<number, CounterStretch[]> {
  return eachCounter(input, (counterId) => {
    const out: CounterStretch[] = [];
    return { emit: (state, officerBadge, from, to, reason) => out.push({ counterId, state, officerBadge, from, to, reason }), done: () => out };
  });
}

/** counterStretchesByCounter, as one list: by counter, then time. */
export function counterStretches(input: CounterStretchInput): CounterStretch[] {
  return [...counterStretchesByCounter(input).values()].flat();
}

/** State codes of StretchColumns. */
export const STATE_CODES: readonly CounterState[] = ['closed', 'idle', 'serving', 'break'];

/**
 * A counter's stretches as columns: the same stretches as counterStretchesByCounter, without
 * an object per stretch (a pilot has hundreds of thousands; evaluate reads them three times).
 */
export interface StretchColumns {
  readonly length: number;
  readonly from: Float64Array;
  readonly to: Float64Array;
  /** Index into STATE_CODES. */
  readonly state: Uint8Array;
  /** Index into `badges`, −1 for none. */
  readonly badge: Int32Array;
  readonly badges: readonly string[];
}

/** counterStretchesByCounter, as columns (reasons left out). */
export function counterColumnsByCounter(input: CounterStretchInput): Map<number, StretchColumns> {
  return eachCounter(input, () => {
    const from = new NumberList(256);
    const to = new NumberList(256);
    const state = new NumberList(256);
    const badge = new NumberList(256);
    const badges: string[] = [];
    let lastBadge: string | null = null;
    let lastIndex = -1;
    return {
      emit: (s, officerBadge, f, t) => {
        from.push(f);
        to.push(t);
        state.push(STATE_CODES.indexOf(s));
        if (officerBadge !== lastBadge) {
          lastBadge = officerBadge;
          lastIndex = officerBadge === null ? -1 : badges.indexOf(officerBadge);
          if (officerBadge !== null && lastIndex < 0) lastIndex = badges.push(officerBadge) - 1;
        }
        badge.push(lastIndex);
      },
      done: () => ({
        length: from.length,
        from: from.view(),
        to: to.view(),
        state: Uint8Array.from(state.view()),
        badge: Int32Array.from(badge.view()),
        badges,
      }),
    };
  });
}

/** Segments by start (a sort only when the tickets did not come in that order). */
function sortedByStart(segments: ServingSegment[]): ServingSegment[] {
  for (let i = 1; i < segments.length; i++) if (segments[i]!.from < segments[i - 1]!.from) return segments.sort((a, b) => a.from - b.from);
  return segments;
}

/**
 * When each counter was open and on a break, from its own records: the rules for a counter
 * whose browser closed without "close" (open until its officer session was last heard
 * from) live here. counters.ts lays the service segments over these periods.
 */
import { PRESENCE_TIMEOUT_MS, type CounterState, type CounterStateEvent, type PresencePeriod, type ServingSegment } from './types.ts';

/** A stretch before service is laid over it. */
export interface Piece {
  state: CounterState;
  officerBadge: string | null;
  from: number;
  to: number;
  reason: string | null;
}

/** From an 'open' to its end, with the breaks taken in it. */
export interface OpenPeriod {
  readonly from: number;
  readonly to: number;
  readonly officerBadge: string | null;
  readonly breaks: readonly { readonly from: number; readonly to: number; readonly reason: string | null }[];
}

/** Latest sign of life per officer session: presence reports and the session's own counter records. */
export function lastSignsBySession(events: readonly CounterStateEvent[], presence: readonly PresencePeriod[]): Map<string, number> {
  const last = new Map<string, number>();
  const see = (session: string | null, at: number) => {
    if (session !== null && at > (last.get(session) ?? -Infinity)) last.set(session, at);
  };
  for (const p of presence) see(p.sessionId, p.to);
  for (const e of events) see(e.sessionId, e.at);
  return last;
}

/** Latest presence report of a counter's terminal in [from, until), for an open without a session. */
function lastPresenceOfCounter(presence: readonly PresencePeriod[], counterId: number, from: number, until: number): number {
  let last = -Infinity;
  for (const p of presence) {
    if (p.counterId === counterId && p.to >= from && p.from < until && p.to > last) last = p.to;
  }
  return last;
}

/**
 * A counter's open periods. A period ends at its 'close'; without one, at the next 'open' or
 * when its session lapsed: the last sign of life of the session (presence, its own records,
 * or the end of a ticket served at the counter since it opened), or `now` while the session
 * is still heard from (within PRESENCE_TIMEOUT_MS).
 */
export function openPeriods(
  events: readonly CounterStateEvent[],
  segments: readonly ServingSegment[],
  signs: ReadonlyMap<string, number>,
  presence: readonly PresencePeriod[],
  now: number,
): OpenPeriod[] {
  const periods: OpenPeriod[] = [];
  let cur: { from: number; officerBadge: string | null; sessionId: string | null; counterId: number } | null = null;
  let breaks: { from: number; to: number; reason: string | null }[] = [];
  let breakFrom: number | null = null;
  let breakReason: string | null = null;
  let seg = 0;

  const end = (at: number, explicit: boolean) => {
    if (!cur) return;
    let to = at;
    if (!explicit) {
      let sign = cur.from;
      if (cur.sessionId !== null) sign = Math.max(sign, signs.get(cur.sessionId) ?? -Infinity);
      else sign = Math.max(sign, lastPresenceOfCounter(presence, cur.counterId, cur.from, at));
      // A ticket served at the counter since it opened is a sign of life too.
      while (seg < segments.length && segments[seg]!.from < cur.from) seg++;
      for (let i = seg; i < segments.length && segments[i]!.from < at; i++) sign = Math.max(sign, segments[i]!.to);
      to = Math.min(at, now - sign <= PRESENCE_TIMEOUT_MS ? now : sign);
    }
    to = Math.min(Math.max(to, cur.from), now);
    if (breakFrom !== null) breaks.push({ from: breakFrom, to: Math.max(breakFrom, to), reason: breakReason });
    periods.push({
      from: cur.from,
      to,
      officerBadge: cur.officerBadge,
      breaks: breaks.map((b) => ({ from: Math.min(b.from, to), to: Math.min(b.to, to), reason: b.reason })),
    });
    cur = null;
    breaks = [];
    breakFrom = null;
  };

  for (const e of events) {
    if (e.at > now) break;
    if (e.type === 'open') {
      end(e.at, false);
      cur = { from: e.at, officerBadge: e.officerBadge, sessionId: e.sessionId, counterId: e.counterId };
    } else if (e.type === 'close') {
      end(e.at, true);
    } else if (e.type === 'break' && cur && breakFrom === null) {
      breakFrom = e.at;
      breakReason = e.reason;
    } else if (e.type === 'resume' && cur && breakFrom !== null) {
      breaks.push({ from: breakFrom, to: e.at, reason: breakReason });
      breakFrom = null;
    }
  }
  end(Infinity, false);
  return periods;
}

/** Open periods as idle and break pieces, with closed pieces between periods. */
export function basePieces(periods: readonly OpenPeriod[]): Piece[] {
  const pieces: Piece[] = [];
  const push = (p: Piece) => {
    if (p.to > p.from) pieces.push(p);
  };
  let prevEnd: number | null = null;
  for (const p of periods) {
    if (prevEnd !== null) push({ state: 'closed', officerBadge: null, from: prevEnd, to: p.from, reason: null });
    let cursor = p.from;
    for (const b of p.breaks) {
      push({ state: 'idle', officerBadge: p.officerBadge, from: cursor, to: b.from, reason: null });
      push({ state: 'break', officerBadge: p.officerBadge, from: b.from, to: b.to, reason: b.reason });
      cursor = Math.max(cursor, b.to);
    }
    push({ state: 'idle', officerBadge: p.officerBadge, from: cursor, to: p.to, reason: null });
    prevEnd = Math.max(prevEnd ?? p.to, p.to);
  }
  return pieces;
}

/**
 * The residents' side of a slice, from its tickets: how many came, waited, walked, were
 * served, left; how good the printed quote was; what they answered in the survey; how long
 * the line was. Definitions are the industry's ("Queue metrics" in the domain brief); where
 * the brief leaves a choice, the comment on the function says which was taken.
 */
import { lengthOf, stepIntegral, type Interval } from './intervals.ts';
import { minutesBetween, NumberList, ratio, spreadInPlace } from './stats.ts';
import type { TicketFact, TicketFigures } from './types.ts';

export interface TicketFiguresContext {
  /** Service level target, minutes. */
  readonly targetMinutes: number;
  /** The office day of `now`: a ticket of an earlier day still waiting was abandoned. */
  readonly today: string;
  readonly now: number;
  /** End of each service day (office time), for tickets that never left the line on record. */
  readonly dayEnd: ReadonlyMap<string, number>;
  /** When at least one of the slice's counters was staffed (sorted, disjoint). */
  readonly staffed: readonly Interval[];
}

/** When a ticket left the line (first call, close, end of its day, now); at or before its issue: it never waited. */
function leftLineAt(t: TicketFact, ctx: Pick<TicketFiguresContext, 'now' | 'dayEnd'>): number {
  const left = Math.min(t.firstCalledAt ?? Infinity, t.closedAt ?? Infinity, ctx.now);
  return left === Infinity || left === ctx.now ? Math.min(left, ctx.dayEnd.get(t.serviceDay) ?? Infinity) : left;
}

/**
 * When tickets waited, as ascending starts and ends (the form intervals.ts sweeps): from
 * issue to the first call or the close, whichever came first; a ticket never called nor
 * closed waits until the end of its service day or `now`.
 */
export function waitingEnds(tickets: readonly TicketFact[], ctx: Pick<TicketFiguresContext, 'now' | 'dayEnd'>): { starts: Float64Array; ends: Float64Array } {
  const starts = new Float64Array(tickets.length);
  const ends = new Float64Array(tickets.length);
  let n = 0;
  for (const t of tickets) {
    const to = leftLineAt(t, ctx);
    if (to > t.issuedAt) {
      starts[n] = t.issuedAt;
      ends[n++] = to;
    }
  }
  return { starts: starts.subarray(0, n).sort(), ends: ends.subarray(0, n).sort() };
}

/** Minutes a ticket was served: the sum of its segments. */
export function serviceMinutesOf(t: TicketFact): number {
  let ms = 0;
  for (const s of t.segments) ms += Math.max(0, s.to - s.from);
  return ms / 60_000;
}

/**
 * Ticket figures of a slice.
 * - served: status done; noShows: status noShow; abandoned: never called, and cancelled or
 *   (not closed and of a day before today);
 * - wait: calledAt − issuedAt; walk: startedAt − calledAt; service: the sum of a served
 *   ticket's segments; durations never below zero (devices' clocks may disagree);
 * - service level over tickets with a wait: within when wait ≤ target;
 * - line length: tickets waiting at once; mean weighted by time over the staffed time, max
 *   over all time;
 * - quoted: tickets with a quote (min and max) and a wait; error = wait − midpoint;
 * - satisfaction: answers ÷ served, mean score, csat = 100 × share of 4 and 5;
 * - languages: tickets per language (tickets with none are not listed), most first, then by code.
 */
export function ticketFigures(tickets: readonly TicketFact[], ctx: TicketFiguresContext): TicketFigures {
  let served = 0;
  let noShows = 0;
  let abandoned = 0;
  let within = 0;
  let quotedN = 0;
  let quotedWithin = 0;
  let quotedError = 0;
  let quotedAbsError = 0;
  let responses = 0;
  let scoreSum = 0;
  let satisfied = 0;
  const waits = new NumberList(tickets.length);
  const walks = new NumberList(tickets.length);
  const services = new NumberList(tickets.length);
  const languages = new Map<string, number>();

  for (const t of tickets) {
    if (t.status === 'done') served++;
    else if (t.status === 'noShow') noShows++;
    const closed = t.status === 'done' || t.status === 'noShow' || t.status === 'cancelled';
    if (t.firstCalledAt === null && (t.status === 'cancelled' || (!closed && t.serviceDay < ctx.today))) abandoned++;
    if (t.calledAt !== null) {
      const wait = minutesBetween(t.issuedAt, t.calledAt);
      waits.push(wait);
      if (wait <= ctx.targetMinutes) within++;
      if (t.quotedWaitMin !== null && t.quotedWaitMax !== null) {
        quotedN++;
        if (t.quotedWaitMin <= wait && wait <= t.quotedWaitMax) quotedWithin++;
        const error = wait - (t.quotedWaitMin + t.quotedWaitMax) / 2;
        quotedError += error;
        quotedAbsError += Math.abs(error);
      }
      if (t.startedAt !== null) walks.push(minutesBetween(t.calledAt, t.startedAt));
    }
    if (t.status === 'done') services.push(serviceMinutesOf(t));
    if (t.surveyScore !== null) {
      responses++;
      scoreSum += t.surveyScore;
      if (t.surveyScore >= 4) satisfied++;
    }
    if (t.language !== null) languages.set(t.language, (languages.get(t.language) ?? 0) + 1);
  }

  const { starts, ends } = waitingEnds(tickets, ctx);
  const line = stepIntegral(starts, ends, ctx.staffed);
  const staffedMs = lengthOf(ctx.staffed);
  const n = tickets.length;
  return {
    tickets: n,
    served,
    noShows,
    noShowRate: ratio(noShows, n),
    abandoned,
    abandonmentRate: ratio(abandoned, n),
    wait: spreadInPlace(waits.view()),
    walk: spreadInPlace(walks.view()),
    service: spreadInPlace(services.view()),
    serviceLevel: { share: ratio(within, waits.length), within, of: waits.length, targetMinutes: ctx.targetMinutes },
    lineLength: { mean: staffedMs === 0 ? null : line.weighted / staffedMs, max: line.max },
    quoted: {
      n: quotedN,
      withinRange: ratio(quotedWithin, quotedN),
      meanErrorMinutes: ratio(quotedError, quotedN),
      meanAbsErrorMinutes: ratio(quotedAbsError, quotedN),
    },
    satisfaction: {
      responses,
      responseRate: ratio(responses, served),
      meanScore: ratio(scoreSum, responses),
      csat: responses === 0 ? null : (100 * satisfied) / responses,
    },
    languages: [...languages]
      .map(([language, count]) => ({ language, tickets: count }))
      .sort((a, b) => b.tickets - a.tickets || (a.language < b.language ? -1 : a.language > b.language ? 1 : 0)),
  };
}

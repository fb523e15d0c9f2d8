/**
 * The residents' side of a slice, from its tickets: how many came, waited, walked, were
 * served, left; how good the printed quote was; what they answered in the survey; how long
 * the line was. Definitions are the industry's ("Queue metrics" in the domain brief); where
 * the brief leaves a choice, the comment on TicketTally says which was taken. A tally takes
 * tickets one at a time, so an evaluation fills the slice's and each shift's in one pass.
 */
import { lengthOf, type Interval } from './intervals.ts';
import { FewKeys, minutesBetween, NumberList, rankFew, ratio, spreadInPlace, type Count } from './stats.ts';
import type { TicketFact, TicketFigures } from './types.ts';

/** What a ticket tally needs besides the tickets. */
export interface TallyContext {
  /** Service level target, minutes. */
  readonly targetMinutes: number;
  /** The office day of `now`: a ticket of an earlier day still waiting was abandoned. */
  readonly today: string;
}

/** When a line is looked at: `now`, and the end of each service day (office time), for tickets that never left the line on record. */
export interface LineContext {
  readonly now: number;
  readonly dayEnd: ReadonlyMap<string, number>;
}

/**
 * When a ticket left the line: its first call or its close, whichever came first; one never
 * called nor closed stays until the end of its service day or `now`. At or before its issue:
 * it never waited.
 */
export function leftLineAt(t: TicketFact, ctx: LineContext): number {
  const left = Math.min(t.firstCalledAt ?? Infinity, t.closedAt ?? Infinity, ctx.now);
  return left === Infinity || left === ctx.now ? Math.min(left, ctx.dayEnd.get(t.serviceDay) ?? Infinity) : left;
}

/** Minutes a ticket was served: the sum of its segments. */
export function serviceMinutesOf(t: TicketFact): number {
  let ms = 0;
  const segments = t.segments;
  for (let i = 0; i < segments.length; i++) ms += Math.max(0, segments[i]!.to - segments[i]!.from);
  return ms / 60_000;
}

const newCount = (): Count => ({ n: 0 });

/**
 * Running totals of a slice's tickets.
 * - served: status done; noShows: status noShow; abandoned: never called, and cancelled or
 *   (not closed and of a day before today);
 * - wait: calledAt − issuedAt; walk: startedAt − calledAt; service: the sum of a served
 *   ticket's segments; durations never below zero (devices' clocks may disagree);
 * - service level over tickets with a wait: within when wait ≤ target;
 * - quoted: tickets with a quote (min and max) and a wait; error = wait − midpoint;
 * - survey answers; languages (tickets with none are not listed);
 * - completeness: events, late events, tickets with one, the latest lateness.
 */
export class TicketTally {
  tickets = 0;
  served = 0;
  noShows = 0;
  abandoned = 0;
  within = 0;
  quotedN = 0;
  quotedWithin = 0;
  quotedError = 0;
  quotedAbsError = 0;
  responses = 0;
  scoreSum = 0;
  satisfied = 0;
  events = 0;
  lateEvents = 0;
  ticketsWithLateEvents = 0;
  maxLateMs: number | null = null;
  readonly waits = new NumberList(64);
  readonly walks = new NumberList(64);
  readonly services = new NumberList(64);
  readonly languages = new FewKeys<Count>();

  constructor(private readonly ctx: TallyContext) {}

  add(t: TicketFact): void {
    this.tickets++;
    const status = t.status;
    if (status === 'done') {
      this.served++;
      this.services.push(serviceMinutesOf(t));
    } else if (status === 'noShow') this.noShows++;
    const closed = status === 'done' || status === 'noShow' || status === 'cancelled';
    if (t.firstCalledAt === null && (status === 'cancelled' || (!closed && t.serviceDay < this.ctx.today))) this.abandoned++;
    if (t.calledAt !== null) {
      const wait = minutesBetween(t.issuedAt, t.calledAt);
      this.waits.push(wait);
      if (wait <= this.ctx.targetMinutes) this.within++;
      if (t.quotedWaitMin !== null && t.quotedWaitMax !== null) {
        this.quotedN++;
        if (t.quotedWaitMin <= wait && wait <= t.quotedWaitMax) this.quotedWithin++;
        const error = wait - (t.quotedWaitMin + t.quotedWaitMax) / 2;
        this.quotedError += error;
        this.quotedAbsError += Math.abs(error);
      }
      if (t.startedAt !== null) this.walks.push(minutesBetween(t.calledAt, t.startedAt));
    }
    if (t.surveyScore !== null) {
      this.responses++;
      this.scoreSum += t.surveyScore;
      if (t.surveyScore >= 4) this.satisfied++;
    }
    if (t.language !== null) this.languages.get(t.language, newCount).n++;
    this.events += t.events;
    this.lateEvents += t.lateEvents;
    if (t.lateEvents > 0) this.ticketsWithLateEvents++;
    if (t.events > 0 && (this.maxLateMs === null || t.maxLateMs > this.maxLateMs)) this.maxLateMs = t.maxLateMs;
  }
}

/**
 * The figures of a tally. Line length: tickets waiting at once (when each waited: from its
 * issue to leftLineAt; summed by lineOf over the same tickets); the mean weighted by time
 * over `staffed` (when at least one of the slice's counters was staffed), the max over all
 * time. csat = 100 × share of answers 4 or 5; languages most used first, then by code.
 * Empties the tally's lists (their buffers go to the next tally): call once.
 */
export function ticketFiguresOf(tally: TicketTally, targetMinutes: number, staffed: readonly Interval[], line: { weighted: number; max: number }): TicketFigures {
  const staffedMs = lengthOf(staffed);
  const n = tally.tickets;
  const q = tally.quotedN;
  const figures: TicketFigures = {
    tickets: n,
    served: tally.served,
    noShows: tally.noShows,
    noShowRate: ratio(tally.noShows, n),
    abandoned: tally.abandoned,
    abandonmentRate: ratio(tally.abandoned, n),
    wait: spreadInPlace(tally.waits.view()),
    walk: spreadInPlace(tally.walks.view()),
    service: spreadInPlace(tally.services.view()),
    serviceLevel: { share: ratio(tally.within, tally.waits.length), within: tally.within, of: tally.waits.length, targetMinutes },
    lineLength: { mean: staffedMs === 0 ? null : line.weighted / staffedMs, max: line.max },
    quoted: { n: q, withinRange: ratio(tally.quotedWithin, q), meanErrorMinutes: ratio(tally.quotedError, q), meanAbsErrorMinutes: ratio(tally.quotedAbsError, q) },
    satisfaction: {
      responses: tally.responses,
      responseRate: ratio(tally.responses, tally.served),
      meanScore: ratio(tally.scoreSum, tally.responses),
      csat: tally.responses === 0 ? null : (100 * tally.satisfied) / tally.responses,
    },
    languages: rankFew(tally.languages).map(({ key, count }) => ({ language: key, tickets: count })),
  };
  for (const list of [tally.waits, tally.walks, tally.services]) list.release();
  return figures;
}

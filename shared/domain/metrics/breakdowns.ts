/**
 * The evaluation's breakdowns of one slice: per day, per week (for trends and the
 * scorecard), per weekday × hour (the heat map, with the counters Erlang C says the hour
 * needed) and per officer. The evaluation's one pass over the tickets and one over the
 * transactions fill every bucket, found by index, never by a search per fact.
 */
import { SERVICE_GROUPS } from '../services.ts';
import { dayNumber, dayOfNumber } from './clock.ts';
import type { CounterTime } from './counterFigures.ts';
import { countersNeeded } from './erlang.ts';
import { serviceMinutesOf } from './ticketFigures.ts';
import { HOUR_MS, minutesBetween, NumberList, ratio, spreadInPlace } from './stats.ts';
import type { Evaluation, HeatCell, OfficerFigures, TicketFact, TransactionFact, WeekFigures } from './types.ts';
import type { DayWindow } from './window.ts';

/** What the breakdowns need besides the facts. */
export interface BreakdownContext {
  readonly targetMinutes: number;
  readonly staffCostPerCounterHour: number;
  /** The slice's counter time, with its per-day, per-cell and per-officer splits. */
  readonly time: CounterTime;
  /** Hours of the day the slice's shifts cover (heat cells shown even when nobody came). */
  readonly openHours: ReadonlySet<number>;
  /** The slice's mean service time, for countersNeeded. */
  readonly meanServiceMinutes: number | null;
  readonly serviceLevelShare: number;
}

/** The per-day, per-week, heat-map and per-officer parts of an Evaluation. */
export type Breakdowns = Pick<Evaluation, 'daily' | 'weekly' | 'heat' | 'officers'>;

interface WeekBucket {
  tickets: number;
  waits: NumberList;
  within: number;
  noShows: number;
  responses: number;
  satisfied: number;
  decided: number;
  completed: number;
  staffedMs: number;
}

interface OfficerBucket {
  services: NumberList;
  responses: number;
  satisfied: number;
  decided: number;
  refused: number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const csatOf = (satisfied: number, responses: number) => (responses === 0 ? null : (100 * satisfied) / responses);

/**
 * The breakdowns of a slice, filled one fact at a time (with the index of its day in the
 * window) as the evaluation passes over the facts:
 * - daily: every day of the window (zero when none), tickets by service group;
 * - weekly: each week (Sunday–Saturday) overlapping the window, over the window's days in it,
 *   with the slice's definitions;
 * - heat: weekday × hour cells for the weekdays the window has, every hour a shift covers and
 *   any other hour someone arrived in; arrivals and staffed counters per such weekday of the
 *   window (two Mondays: divided by two); countersNeeded from the slice's mean service time
 *   (null when nobody came or nothing was served);
 * - officers: per badge, sorted: the tickets they completed (served, service time, csat of
 *   those tickets' answers), their counter time (stretches with their badge), the
 *   transactions they decided (completed + refused) and refused.
 */
export class Breakdown {
  private readonly firstWeek: number;
  private readonly weekOfDay: readonly number[];
  private readonly weeks: WeekBucket[];
  private readonly dayTotals: number[];
  private readonly dayGroups: Record<string, number>[];
  private readonly arrivals = new Array<number>(7 * 24).fill(0);
  private readonly cellWaits = Array.from({ length: 7 * 24 }, () => new NumberList(4));
  private readonly officers = new Map<string, OfficerBucket>();
  private lastBadge: string | null = null;
  private lastOfficer: OfficerBucket | null = null;

  constructor(
    private readonly window: DayWindow,
    private readonly targetMinutes: number,
  ) {
    const w = window;
    this.firstWeek = w.days.length === 0 ? 0 : dayNumber(w.days[0]!) - w.weekdays[0]!;
    this.weekOfDay = w.days.map((d) => Math.floor((dayNumber(d) - this.firstWeek) / 7));
    const weekCount = w.days.length === 0 ? 0 : this.weekOfDay[this.weekOfDay.length - 1]! + 1;
    this.weeks = Array.from({ length: weekCount }, () => ({ tickets: 0, waits: new NumberList(), within: 0, noShows: 0, responses: 0, satisfied: 0, decided: 0, completed: 0, staffedMs: 0 }));
    this.dayTotals = new Array<number>(w.days.length).fill(0);
    this.dayGroups = w.days.map(() => Object.fromEntries(SERVICE_GROUPS.map((g) => [g, 0])) as Record<string, number>);
  }

  private officer(badge: string): OfficerBucket {
    // Facts of one officer tend to come together: remember the last one looked up.
    if (badge === this.lastBadge && this.lastOfficer) return this.lastOfficer;
    let o = this.officers.get(badge);
    if (!o) this.officers.set(badge, (o = { services: new NumberList(), responses: 0, satisfied: 0, decided: 0, refused: 0 }));
    this.lastBadge = badge;
    this.lastOfficer = o;
    return o;
  }

  /** A ticket of the slice, of the window's day `day`. */
  addTicket(t: TicketFact, day: number): void {
    this.dayTotals[day]!++;
    const groups = this.dayGroups[day]!;
    groups[t.serviceGroup] = (groups[t.serviceGroup] ?? 0) + 1;
    const week = this.weeks[this.weekOfDay[day]!]!;
    week.tickets++;
    if (t.status === 'noShow') week.noShows++;
    const cell = t.weekday * 24 + t.hour;
    this.arrivals[cell]!++;
    if (t.calledAt !== null) {
      const wait = minutesBetween(t.issuedAt, t.calledAt);
      week.waits.push(wait);
      if (wait <= this.targetMinutes) week.within++;
      this.cellWaits[cell]?.push(wait);
    }
    const answered = t.surveyScore !== null;
    const satisfied = answered && t.surveyScore >= 4;
    if (answered) week.responses++;
    if (satisfied) week.satisfied++;
    if (t.status === 'done' && t.officerBadge !== null) {
      const o = this.officer(t.officerBadge);
      o.services.push(serviceMinutesOf(t));
      if (answered) o.responses++;
      if (satisfied) o.satisfied++;
    }
  }

  /** A transaction of the slice, of the window's day `day`. */
  addTransaction(x: TransactionFact, day: number): void {
    const week = this.weeks[this.weekOfDay[day]!]!;
    week.decided++;
    if (x.status === 'completed') week.completed++;
    const o = this.officer(x.officerBadge);
    o.decided++;
    if (x.status === 'refused') o.refused++;
  }

  /** The breakdowns; reorders the collected waits: call once. */
  result(ctx: BreakdownContext): Breakdowns {
    const w = this.window;
    ctx.time.staffedByDay.forEach((ms, day) => {
      const week = this.weeks[this.weekOfDay[day]!];
      if (week) week.staffedMs += ms;
    });
    return {
      daily: w.days.map((day, i) => ({ day, total: this.dayTotals[i]!, byGroup: this.dayGroups[i]! })),
      weekly: this.weeks.map((wk, i) => weekFigures(wk, dayOfNumber(this.firstWeek + 7 * i), ctx)),
      heat: w.days.length === 0 ? [] : heatCells(this.arrivals, this.cellWaits, w, ctx),
      officers: officersOf(this.officers, ctx.time),
    };
  }
}

function weekFigures(wk: WeekBucket, weekStart: string, ctx: BreakdownContext): WeekFigures {
  const waits = spreadInPlace(wk.waits.view());
  const hours = wk.staffedMs / HOUR_MS;
  return {
    weekStart,
    tickets: wk.tickets,
    waitMedian: waits.median,
    waitP90: waits.p90,
    serviceLevel: ratio(wk.within, wk.waits.length),
    noShowRate: ratio(wk.noShows, wk.tickets),
    csat: csatOf(wk.satisfied, wk.responses),
    transactionsPerCounterHour: ratio(wk.decided, hours),
    costPerTransaction: wk.completed === 0 ? null : (hours * ctx.staffCostPerCounterHour) / wk.completed,
  };
}

function heatCells(arrivals: readonly number[], waits: readonly NumberList[], window: DayWindow, ctx: BreakdownContext): HeatCell[] {
  const perWeekday = new Array<number>(7).fill(0);
  for (const wd of window.weekdays) perWeekday[wd]!++;
  const out: HeatCell[] = [];
  for (let weekday = 0; weekday < 7; weekday++) {
    const days = perWeekday[weekday]!;
    if (days === 0) continue;
    for (let hour = 0; hour < 24; hour++) {
      const cell = weekday * 24 + hour;
      if (!ctx.openHours.has(hour) && arrivals[cell] === 0) continue;
      const perHour = arrivals[cell]! / days;
      out.push({
        weekday,
        hour,
        arrivals: perHour,
        waitMedian: spreadInPlace(waits[cell]!.view()).median,
        countersNeeded:
          ctx.meanServiceMinutes === null ? null : countersNeeded(perHour, ctx.meanServiceMinutes, ctx.targetMinutes, ctx.serviceLevelShare),
        countersStaffed: ctx.time.staffedByCell[cell]! / HOUR_MS / days,
      });
    }
  }
  return out;
}

function officersOf(buckets: Map<string, OfficerBucket>, time: CounterTime): OfficerFigures[] {
  const badges = [...new Set([...buckets.keys(), ...time.byOfficer.keys()])].sort(byText);
  return badges.map((badge) => {
    const o = buckets.get(badge);
    const t = time.byOfficer.get(badge) ?? { staffedMs: 0, servingMs: 0 };
    return {
      officerBadge: badge,
      served: o?.services.length ?? 0,
      service: spreadInPlace(o?.services.view() ?? new Float64Array(0)),
      staffedHours: t.staffedMs / HOUR_MS,
      utilisation: ratio(t.servingMs, t.staffedMs),
      transactions: o?.decided ?? 0,
      refused: o?.refused ?? 0,
      csat: o ? csatOf(o.satisfied, o.responses) : null,
    };
  });
}

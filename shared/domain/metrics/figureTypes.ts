/**
 * What the pilot's figures give back for a slice: counts, shares and spreads of the
 * tickets, counter time, transactions, bookings and the data's completeness, and the
 * breakdowns by shift, day, week, weekday-hour and officer (Evaluation). Durations are
 * minutes (waits, walks, service) or hours (counter time); shares are 0–1.
 */
import type { MetricsFilter } from './factTypes.ts';

/** A distribution of durations, in minutes. */
export interface Spread {
  readonly n: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
}

/** Counts and shares of the tickets in a slice. */
export interface TicketFigures {
  readonly tickets: number;
  readonly served: number;
  /** Called but never served ÷ tickets. */
  readonly noShows: number;
  readonly noShowRate: number | null;
  /** Left (or the day ended) before being called ÷ tickets. */
  readonly abandoned: number;
  readonly abandonmentRate: number | null;
  /** Issue → the call that counts. */
  readonly wait: Spread;
  /** Call → service start. */
  readonly walk: Spread;
  /** Time being served (all segments) of served tickets. */
  readonly service: Spread;
  /** Share of called tickets whose wait was within the target. */
  readonly serviceLevel: { readonly share: number | null; readonly within: number; readonly of: number; readonly targetMinutes: number };
  /** Tickets waiting at the same time: time-weighted mean over staffed time, and the most. */
  readonly lineLength: { readonly mean: number | null; readonly max: number };
  /** Printed quote vs the actual wait, over tickets with both. */
  readonly quoted: { readonly n: number; readonly withinRange: number | null; readonly meanErrorMinutes: number | null; readonly meanAbsErrorMinutes: number | null };
  /** Survey: answers ÷ served, mean score (1–5), satisfied (4–5) per 100 answers. */
  readonly satisfaction: { readonly responses: number; readonly responseRate: number | null; readonly meanScore: number | null; readonly csat: number | null };
  /** Tickets per kiosk language, most used first. */
  readonly languages: readonly { readonly language: string; readonly tickets: number }[];
}

/** Counter time in a slice, in hours. */
export interface CounterFigures {
  /** Open and not on break (idle + serving). */
  readonly staffedHours: number;
  readonly servingHours: number;
  readonly idleHours: number;
  readonly breakHours: number;
  /** Idle while at least one ticket of the counter's section was waiting. */
  readonly idleWhileWaitingHours: number;
  /** servingHours ÷ staffedHours. */
  readonly utilisation: number | null;
  /** Served tickets per staffed counter-hour. */
  readonly servedPerCounterHour: number | null;
  /** Counter transactions decided (completed + refused) per staffed counter-hour. */
  readonly transactionsPerCounterHour: number | null;
  /** staffedHours × staff cost ÷ transactions completed (SAR). */
  readonly costPerTransaction: number | null;
}

export interface TransactionFigures {
  readonly completed: number;
  readonly refused: number;
  readonly revenue: number;
  readonly byService: readonly { readonly service: string; readonly completed: number; readonly refused: number; readonly revenue: number }[];
  readonly refusalsByRule: readonly { readonly rule: string; readonly count: number }[];
  readonly cancellations: number;
  readonly cancellationsByStep: readonly { readonly step: string; readonly count: number }[];
  /** Reasons as written (trimmed, case-folded), most frequent first. */
  readonly cancellationsByReason: readonly { readonly reason: string; readonly count: number }[];
  /**
   * First-visit resolution: share of transactions after which the same person did not
   * come back for the same service within 7 / 30 days.
   */
  readonly firstVisit: { readonly n: number; readonly within7: number | null; readonly within30: number | null };
}

/** How a booking turned out, as of `now` (see appointmentOutcome). */
export type AppointmentOutcome = 'kept' | 'late' | 'missed' | 'cancelled' | 'upcoming';

export interface AppointmentFigures {
  readonly booked: number;
  readonly kept: number;
  readonly late: number;
  readonly missed: number;
  readonly cancelled: number;
  readonly upcoming: number;
  /** (kept + late) ÷ (kept + late + missed). */
  readonly keptRate: number | null;
}

/** How much of the data arrived late (after an outage) and how late. */
export interface CompletenessFigures {
  readonly events: number;
  readonly lateEvents: number;
  readonly lateShare: number | null;
  readonly ticketsWithLateEvents: number;
  readonly maxLateMinutes: number | null;
  /** Periods in which a device was not heard from for longer than the presence timeout, and their total. */
  readonly offlinePeriods: number;
  readonly offlineHours: number;
}

export interface Figures {
  readonly tickets: TicketFigures;
  readonly counters: CounterFigures;
  readonly transactions: TransactionFigures;
  readonly appointments: AppointmentFigures;
  readonly completeness: CompletenessFigures;
}

/** One week (starting Sunday, office time) of the headline figures, for trends and charts. */
export interface WeekFigures {
  readonly weekStart: string;
  readonly tickets: number;
  readonly waitMedian: number | null;
  readonly waitP90: number | null;
  readonly serviceLevel: number | null;
  readonly noShowRate: number | null;
  readonly csat: number | null;
  readonly transactionsPerCounterHour: number | null;
  readonly costPerTransaction: number | null;
}

/** A weekday × hour cell (office time), averaged over the weeks of the slice. */
export interface HeatCell {
  readonly weekday: number;
  readonly hour: number;
  /** Tickets taken in this hour, per week that had the hour. */
  readonly arrivals: number;
  readonly waitMedian: number | null;
  /** Counters the hour needs to meet the service level (Erlang C), null when nobody came. */
  readonly countersNeeded: number | null;
  /** Counters that were staffed in the hour, on average. */
  readonly countersStaffed: number;
}

export interface OfficerFigures {
  readonly officerBadge: string;
  readonly served: number;
  readonly service: Spread;
  readonly staffedHours: number;
  readonly utilisation: number | null;
  readonly transactions: number;
  readonly refused: number;
  readonly csat: number | null;
}

/** The whole evaluation of one slice. */
export interface Evaluation {
  readonly filter: MetricsFilter;
  readonly figures: Figures;
  /** Per day: tickets by service group. */
  readonly daily: readonly { readonly day: string; readonly total: number; readonly byGroup: Readonly<Record<string, number>> }[];
  readonly weekly: readonly WeekFigures[];
  readonly heat: readonly HeatCell[];
  readonly shifts: readonly { readonly shift: 'morning' | 'evening'; readonly figures: Figures }[];
  readonly officers: readonly OfficerFigures[];
}

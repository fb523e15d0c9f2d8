/**
 * The pilot's figures, as data: what the store's roll-up hands the pure figure functions
 * (facts: one row per ticket, transaction, cancellation, booking, counter state change,
 * device presence period) and what they give back. Definitions follow the industry's
 * ("Queue metrics" in the domain brief); each figure is computed in exactly one function
 * of this folder, which the server, the console and the tests share.
 *
 * Times are epoch ms of *when it happened*: the device's clock corrected by the offset the
 * store measured for that device, never later than the moment the store received it (see
 * server/metrics/). Durations in results are minutes (waits, walks, service) or hours
 * (counter time); shares are 0–1.
 */
import type { Shift } from '../office.ts';
import type { ServiceGroup } from '../services.ts';
import type { TicketStatus } from '../ticket.ts';

/** A change reached the store more than this after it happened: it "arrived late". */
export const LATE_AFTER_MS = 60_000;

/** A counter's presence lapses when its device has not been heard from for this long. */
export const PRESENCE_TIMEOUT_MS = 150_000;

/** One stretch of a ticket being served at one counter (start or resume → the next event). */
export interface ServingSegment {
  readonly counterId: number;
  readonly officerBadge: string | null;
  readonly from: number;
  readonly to: number;
}

/** One ticket as every figure sees it. */
export interface TicketFact {
  readonly ticketId: string;
  /** Office-local day, weekday (0 = Sunday) and hour (0–23) the ticket was taken. */
  readonly serviceDay: string;
  readonly weekday: number;
  readonly hour: number;
  /** Minutes after midnight, office time, when it was taken (decides the shift). */
  readonly minuteOfDay: number;
  readonly sectionId: string;
  readonly serviceGroup: ServiceGroup;
  readonly service: string | null;
  /** The kiosk language the resident chose (ar, en, ur, hi, bn, tl, id, ml). */
  readonly language: string | null;
  readonly priority: boolean;
  readonly appointment: boolean;
  /** Its status when the roll-up last looked. */
  readonly status: TicketStatus;
  readonly issuedAt: number;
  readonly firstCalledAt: number | null;
  /**
   * The call the wait is measured to: the last call or recall before service first
   * started (if recalled, the last call counts); for a ticket never served, its last call.
   */
  readonly calledAt: number | null;
  /** Service first started. */
  readonly startedAt: number | null;
  /** Completed (status done). */
  readonly endedAt: number | null;
  /** Reached done, no-show or cancelled. */
  readonly closedAt: number | null;
  /** The counter and officer that completed it, else the last one that called it. */
  readonly counterId: number | null;
  readonly officerBadge: string | null;
  /** Every stretch of service (a transfer or a park splits it). */
  readonly segments: readonly ServingSegment[];
  readonly recalls: number;
  readonly transfers: number;
  readonly quotedWaitMin: number | null;
  readonly quotedWaitMax: number | null;
  /** The resident's answer to the survey (1–5), if any. */
  readonly surveyScore: number | null;
  /** Its events, how many reached the store late (> LATE_AFTER_MS), and the latest lateness. */
  readonly events: number;
  readonly lateEvents: number;
  readonly maxLateMs: number;
}

/** A counter transaction the store decided. `personKey` matches a person without naming them. */
export interface TransactionFact {
  readonly transactionId: string;
  readonly serviceDay: string;
  readonly decidedAt: number;
  readonly minuteOfDay: number;
  readonly service: string;
  readonly status: 'completed' | 'refused';
  /** SAR charged (completed) or quoted (refused). */
  readonly total: number;
  /** Rule codes of a refusal (shared/domain/rules.ts), empty when completed. */
  readonly failures: readonly string[];
  readonly counterId: number;
  readonly sectionId: string | null;
  readonly officerBadge: string;
  /** The ticket served, when the officer was serving one (its language and section apply). */
  readonly ticketId: string | null;
  readonly representative: boolean;
  /** Opaque, per server process: the same person gives the same key; never a number. */
  readonly personKey: string;
}

/** A transaction the officer cancelled before submitting it. */
export interface CancellationFact {
  readonly serviceDay: string;
  readonly at: number;
  readonly minuteOfDay: number;
  readonly service: string;
  /** The machine step it was cancelled at (shared/machines/transactionMachine.ts). */
  readonly step: string;
  readonly reason: string;
  readonly counterId: number;
  readonly sectionId: string | null;
  readonly officerBadge: string;
}

/** A booking and what became of it. */
export interface AppointmentFact {
  readonly serviceDay: string;
  readonly slotAt: number;
  readonly sectionId: string;
  readonly service: string;
  readonly status: 'booked' | 'checkedIn' | 'cancelled';
  readonly checkedInAt: number | null;
}

/** How a booking turned out, as of `now` (see appointmentOutcome). */
export type AppointmentOutcome = 'kept' | 'late' | 'missed' | 'cancelled' | 'upcoming';

/** A change of a counter's state, as the counter recorded it. */
export interface CounterStateEvent {
  readonly counterId: number;
  readonly type: 'open' | 'close' | 'break' | 'resume';
  readonly at: number;
  readonly officerBadge: string | null;
  readonly sessionId: string | null;
  /** Why a break (staff's words or a listed reason). */
  readonly reason: string | null;
}

/** A stretch of time during which a device kept reporting to the store (heartbeats, pushes, pulls). */
export interface PresencePeriod {
  readonly deviceId: string;
  readonly role: 'kiosk' | 'counter' | 'display';
  /** The officer session and counter reported by a counter terminal, else null. */
  readonly sessionId: string | null;
  readonly counterId: number | null;
  readonly from: number;
  readonly to: number;
}

/** What a counter was doing, as non-overlapping stretches. */
export type CounterState = 'closed' | 'idle' | 'serving' | 'break';

export interface CounterStretch {
  readonly counterId: number;
  readonly state: CounterState;
  readonly officerBadge: string | null;
  readonly from: number;
  readonly to: number;
  /** Break reason. */
  readonly reason: string | null;
}

/** Which slice of the pilot the figures are about. Unset fields mean "all". */
export interface MetricsFilter {
  /** Office-local days, inclusive. */
  readonly from: string;
  readonly to: string;
  readonly sectionId?: string;
  readonly service?: string;
  readonly shift?: 'morning' | 'evening';
  readonly counterId?: number;
  readonly officerBadge?: string;
  readonly language?: string;
}

/** A distribution of durations, in minutes. */
export interface Spread {
  readonly n: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
}

/** Everything the figures are computed from, for one office. */
export interface MetricsInput {
  readonly tickets: readonly TicketFact[];
  readonly transactions: readonly TransactionFact[];
  readonly cancellations: readonly CancellationFact[];
  readonly appointments: readonly AppointmentFact[];
  readonly counterEvents: readonly CounterStateEvent[];
  readonly presence: readonly PresencePeriod[];
  /** The office's counters and their sections. */
  readonly counters: readonly { readonly id: number; readonly sectionId: string }[];
  readonly timeZone: string;
  readonly shifts: readonly Shift[];
  /** Service level: a wait within this many minutes is "in time". */
  readonly serviceLevelMinutes: number;
  /** An appointment checked in after its slot but within this many minutes is "late", later is "missed". */
  readonly appointmentLateMinutes: number;
  /** Staff cost per counter-hour (SAR), for the cost per transaction. */
  readonly staffCostPerCounterHour: number;
  /** The store's clock: what has not happened by now is "upcoming", an open counter runs until now. */
  readonly now: number;
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

/** The targets the pilot is judged by (PilotTargets in shared/domain/office.ts). */
export type TargetId = 'serviceLevel' | 'satisfaction' | 'noShow' | 'transactionsPerCounterHour' | 'costPerTransaction';

export interface TargetResult {
  readonly id: TargetId;
  /** Met when the value is at least (or at most) the target. */
  readonly direction: 'atLeast' | 'atMost';
  readonly target: number;
  /** Over the whole pilot so far (or the filtered slice). */
  readonly current: number | null;
  /** One value per week of the pilot so far, oldest first (null: no data that week). */
  readonly weekly: readonly { readonly weekStart: string; readonly value: number | null }[];
  /** Where the weekly trend lands at the pilot's end, with a 90 % prediction interval. */
  readonly projection: { readonly value: number; readonly low: number; readonly high: number; readonly atWeek: string } | null;
  /** met: current and projection meet it; atRisk: one of them does not, or the interval straddles it; missed: neither. */
  readonly status: 'met' | 'atRisk' | 'missed' | 'unknown';
  readonly baseline: number | null;
}

export interface RecommendationReason {
  /** A key the console translates, with its parameters. */
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface Scorecard {
  readonly officeId: string;
  readonly pilot: {
    readonly startDate: string;
    /** Last day of month `months` (inclusive). */
    readonly endDate: string;
    readonly months: number;
    readonly weeksElapsed: number;
    readonly weeksTotal: number;
  };
  readonly targets: readonly TargetResult[];
  readonly recommendation: { readonly decision: 'rollOut' | 'extend' | 'stop'; readonly reasons: readonly RecommendationReason[] };
}

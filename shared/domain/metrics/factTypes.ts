/**
 * The facts the pilot's figures are computed from, as the store's roll-up hands them over:
 * one row per ticket, transaction, cancellation, booking, counter state change and device
 * presence period, with the office's settings (MetricsInput), and the slice asked about
 * (MetricsFilter).
 *
 * Times are epoch ms of *when it happened*: the device's clock corrected by the offset the
 * store measured for that device, never later than the moment the store received it (see
 * server/metrics/).
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

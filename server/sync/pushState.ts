/**
 * What one push keeps while it applies its batch (server/sync/push.ts builds it), shared by
 * the lookups, the mutation handlers, the write buffer and the ledger; and the outcome a
 * mutation's handler returns.
 */
import type { OfficeConfig } from '../../shared/domain/office.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import type { RejectionReason } from '../../shared/sync/protocol.ts';
import type { AuthDevice } from '../http/context.ts';
import type { OfficeSealKey } from '../security/sealing.ts';
import type { Queryable } from '../store/index.ts';
import type { PendingWrites } from './writeBuffer.ts';

/** An officer session as a mutation sees it. */
export interface SessionInfo {
  readonly sessionId: string;
  readonly badge: string;
  readonly counterId: number;
  /** The last change of this device the session covers (set when it ended); later ones are refused. */
  readonly lastSeq: number | null;
}

/** An appointment as a check-in needs it. */
export interface BookingRow {
  readonly appointmentId: string;
  readonly serviceDay: string;
  readonly slotAt: number;
  readonly idNumber: string | null;
  status: 'booked' | 'checkedIn' | 'cancelled';
}

/** Per-push state shared by the mutations of one batch. */
export interface PushState {
  readonly q: Queryable;
  readonly device: AuthDevice;
  readonly config: OfficeConfig;
  /**
   * Server time of this push (ms) and the office day it falls on. A replay (the pilot
   * simulator) moves them forward mutation by mutation; live pushes keep one of each.
   */
  now: number;
  serviceDay: string;
  /** A notification was written in this push (server/notifications): the worker is told once it commits. */
  messagesQueued: boolean;
  /** Server clock − device clock (ms), as this device's latest heartbeat measured it (0 if none yet). */
  readonly clockOffset: number;
  /** The office version; bumped by one for each applied mutation. */
  version: number;
  readonly sessions: Map<string, SessionInfo | null>;
  /**
   * Tickets the batch names, loaded and locked up front (see `prefetchTickets`) and kept
   * current as mutations apply: an id mapped to undefined is known not to exist.
   */
  readonly tickets: Map<string, Ticket | undefined>;
  /** Public codes already in use in the office (those the batch names, plus ones it issues). */
  readonly takenCodes: Set<string>;
  /** Public codes whose use was checked by the prefetch (in use or not). */
  readonly checkedCodes: Set<string>;
  /** Ticket numbers in use, as "day|number", for the days the batch's numbers were looked up on. */
  readonly takenNumbers: Set<string>;
  /** From this day on, takenNumbers holds every use of the numbers in `checkedNumbers`. */
  numbersFrom: string | null;
  readonly checkedNumbers: Set<string>;
  /** Writes collected while deciding, made by `flushWrites` in a few statements. */
  readonly writes: PendingWrites;
  /** The office's key for sealed identity numbers, loaded on first need. */
  sealKey?: OfficeSealKey;
  /** Bookings this batch looked at, kept current as check-ins apply. */
  readonly appointments: Map<string, BookingRow | null>;
}

/** What became of one mutation, with the session it ran under (recorded in the ledger). */
export type Outcome = { ok: true; session: SessionInfo | null } | { ok: false; reason: RejectionReason; session: SessionInfo | null };

/** A business refusal: a result the device records and moves past, not an exception. */
export function reject(code: string, message: string, params?: Record<string, string | number>, session: SessionInfo | null = null): Outcome {
  return { ok: false, session, reason: params ? { code, message, params } : { code, message } };
}

/** A handler's refusal (or none) as the mutation's outcome. */
export function outcomeOf(refusal: RejectionReason | null, session: SessionInfo | null): Outcome {
  return refusal ? { ok: false, session, reason: refusal } : { ok: true, session };
}

/**
 * When a change happened, as the figures use it: the device's clock corrected by the
 * offset measured for that device, but never after the store received it (a clock that
 * runs fast, or an offset measured before the clock was set right, cannot put an event in
 * the future).
 */
export function happenedAt(s: Pick<PushState, 'now' | 'clockOffset'>, deviceTime: number): Date {
  return new Date(Math.min(s.now, deviceTime + s.clockOffset));
}

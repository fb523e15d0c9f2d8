/**
 * A ticket, as data: its public state, the statuses it moves through, the history every
 * ticket keeps and the actions staff, kiosks and residents take on it. The one set of
 * rules that moves it is ticketRules.ts; the codes printed on it and typed are codes.ts.
 * Both are re-exported here, the path most of the project imports a ticket's things from.
 */
import type { ServiceGroup } from './services.ts';

export { applyTicketAction, type RuleContext, type RuleError, type RuleResult } from './ticketRules.ts';
export { CODE_ALPHABET, formatDisplayNumber, randomCode } from './codes.ts';

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'parked' | 'done' | 'noShow' | 'cancelled';

/** Why a resident asked to go first (staff confirm it at the counter). */
export const PRIORITY_REASONS = ['elderly', 'disabled', 'pregnant'] as const;
export type PriorityReason = (typeof PRIORITY_REASONS)[number];

export const FINAL_STATUSES: readonly TicketStatus[] = ['done', 'noShow', 'cancelled'];

/** The public, personal-data-free state of one ticket, as synced to every device. */
export interface Ticket {
  readonly ticketId: string;
  readonly officeId: string;
  readonly sectionId: string;
  readonly serviceGroup: ServiceGroup;
  /** The transaction picked at the kiosk within the group (catalogue id), if any. */
  readonly service: string | null;
  /** Marked at the kiosk for staff to confirm; such tickets go first (within a bound). */
  readonly priority: PriorityReason | null;
  /** Booked slot (ms) of an appointment checked in at the kiosk; called at its slot. */
  readonly appointmentAt: number | null;
  /** Set when a counter transfers the ticket to one counter in particular. */
  readonly targetCounterId: number | null;
  /** The wait printed on the ticket (minutes, a range), to measure quoted vs actual. */
  readonly quotedWaitMin: number | null;
  readonly quotedWaitMax: number | null;
  /** What the resident reads on paper and the board, e.g. "M1-042". */
  readonly displayNumber: string;
  /** Random code in the ticket's QR link (/t/<code>); not guessable. */
  readonly publicCode: string;
  readonly kioskNo: number;
  /** Office-local day the ticket belongs to (YYYY-MM-DD). */
  readonly serviceDay: string;
  readonly status: TicketStatus;
  /** Device clock at issue (ms). Shown, never used to order. */
  readonly issuedAt: number;
  /** Server's office version when the issue reached it; the queue's order. 0 until synced. */
  readonly issuedVersion: number;
  readonly counterId: number | null;
  readonly officerBadge: string | null;
  /** Device clock of the last call / start / end, for display only. */
  readonly calledAt: number | null;
  readonly callCount: number;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  /** Server's office version of this row's latest change. 0 until synced. */
  readonly version: number;
  /**
   * Set once when the resident asked from the phone for more time (issue 11): the ticket's
   * new place in arrival order, between the places of the two tickets it now waits between
   * (queue.ts `deferredPlace`). Absent or null: its place is `issuedVersion`.
   */
  readonly queueOrder?: number | null;
}

/** Types of the append-only history every ticket keeps; the pilot's metrics are computed from them. */
export type TicketEventType =
  | 'issued'
  | 'called'
  | 'recalled'
  | 'started'
  | 'completed'
  | 'noShow'
  | 'transferred'
  | 'parked'
  | 'resumed'
  | 'cancelled'
  | 'deferred';

export type TicketAction =
  | {
      readonly type: 'issue';
      readonly ticketId: string;
      readonly officeId: string;
      readonly sectionId: string;
      readonly serviceGroup: ServiceGroup;
      readonly displayNumber: string;
      readonly publicCode: string;
      readonly kioskNo: number;
      readonly serviceDay: string;
      readonly service?: string | null;
      readonly priority?: PriorityReason | null;
      readonly appointmentAt?: number | null;
      readonly quotedWaitMin?: number | null;
      readonly quotedWaitMax?: number | null;
    }
  | { readonly type: 'call'; readonly counterId: number; readonly officerBadge: string | null }
  | { readonly type: 'recall'; readonly counterId: number; readonly officerBadge: string | null }
  | {
      readonly type: 'transfer';
      readonly counterId: number;
      readonly officerBadge: string | null;
      readonly serviceGroup: ServiceGroup;
      readonly targetCounterId: number | null;
    }
  | { readonly type: 'park'; readonly counterId: number; readonly officerBadge: string | null }
  | { readonly type: 'resume'; readonly counterId: number; readonly officerBadge: string | null }
  | { readonly type: 'start'; readonly counterId: number; readonly officerBadge: string | null }
  | { readonly type: 'complete'; readonly counterId: number; readonly officerBadge: string | null }
  | { readonly type: 'noShow'; readonly counterId: number; readonly officerBadge: string | null }
  | { readonly type: 'cancel'; readonly reason: string }
  /** The resident needs more time (from the phone, once): the ticket takes the place `queueOrder` further back. */
  | { readonly type: 'defer'; readonly queueOrder: number };

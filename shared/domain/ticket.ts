/**
 * A ticket's life and the one set of rules that moves it. The server applies these
 * rules authoritatively; devices apply the very same function optimistically so the
 * screen changes at once, even offline:
 * waiting → called (→ recalled, up to a limit) → serving → done, or called → noShow,
 * or waiting/called → cancelled; serving ⇄ parked (the resident fetches a document);
 * called/serving/parked → transferred (back to waiting, keeping its place in the queue).
 */
import type { QueueSettings } from './queue.ts';
import type { ServiceGroup } from './services.ts';

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

/** Why a rule refused an action. `params` fill the user-facing message in any language. */
export interface RuleError {
  readonly code:
    | 'ticket_unknown'
    | 'ticket_exists'
    | 'already_called'
    | 'not_your_ticket'
    | 'recall_limit'
    | 'already_deferred'
    | 'invalid_transition';
  readonly message: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export type RuleResult =
  | { readonly ok: true; readonly ticket: Ticket; readonly event: TicketEventType }
  | { readonly ok: false; readonly error: RuleError };

/** Stamps that differ between the optimistic device copy and the server's copy. */
export interface RuleContext {
  /** The acting device's clock when the action happened (ms). */
  readonly deviceTime: number;
  /** The version to stamp; devices pass 0 (not yet confirmed). */
  readonly version: number;
  /** The office's queue limits (recalls); without them, no limit is applied. */
  readonly queue?: Pick<QueueSettings, 'maxRecalls'>;
}

function refuse(code: RuleError['code'], message: string, params: RuleError['params'] = {}): RuleResult {
  return { ok: false, error: { code, message, params } };
}

/**
 * Applies one action to a ticket (undefined when it does not exist yet).
 * Pure: no clocks, no I/O; the same inputs always give the same result.
 */
export function applyTicketAction(ticket: Ticket | undefined, action: TicketAction, ctx: RuleContext): RuleResult {
  if (action.type === 'issue') {
    if (ticket) return refuse('ticket_exists', `Ticket ${ticket.displayNumber} already exists`, { number: ticket.displayNumber });
    return {
      ok: true,
      event: 'issued',
      ticket: {
        ticketId: action.ticketId,
        officeId: action.officeId,
        sectionId: action.sectionId,
        serviceGroup: action.serviceGroup,
        service: action.service ?? null,
        priority: action.priority ?? null,
        appointmentAt: action.appointmentAt ?? null,
        targetCounterId: null,
        quotedWaitMin: action.quotedWaitMin ?? null,
        quotedWaitMax: action.quotedWaitMax ?? null,
        displayNumber: action.displayNumber,
        publicCode: action.publicCode,
        kioskNo: action.kioskNo,
        serviceDay: action.serviceDay,
        status: 'waiting',
        issuedAt: ctx.deviceTime,
        issuedVersion: ctx.version,
        counterId: null,
        officerBadge: null,
        calledAt: null,
        callCount: 0,
        startedAt: null,
        endedAt: null,
        version: ctx.version,
      },
    };
  }
  if (!ticket) return refuse('ticket_unknown', 'No such ticket');
  const number = ticket.displayNumber;
  const stamp = { version: ctx.version };

  switch (action.type) {
    case 'call': {
      if (ticket.status === 'called' || ticket.status === 'serving') {
        if (ticket.counterId !== action.counterId) {
          return refuse('already_called', `Ticket ${number} was already called by counter ${ticket.counterId}`, {
            number,
            counter: ticket.counterId ?? 0,
          });
        }
      }
      if (ticket.status !== 'waiting') return invalid(ticket, 'call');
      return {
        ok: true,
        event: 'called',
        ticket: {
          ...ticket,
          ...stamp,
          status: 'called',
          counterId: action.counterId,
          officerBadge: action.officerBadge,
          calledAt: ctx.deviceTime,
          callCount: 1,
        },
      };
    }
    case 'recall': {
      const mine = ownCheck(ticket, action.counterId, 'called');
      if (mine) return mine;
      const limit = ctx.queue?.maxRecalls;
      if (limit !== undefined && ticket.callCount > limit) {
        return refuse('recall_limit', `Ticket ${number} was already called ${ticket.callCount} times`, { number, calls: ticket.callCount });
      }
      return {
        ok: true,
        event: 'recalled',
        ticket: { ...ticket, ...stamp, calledAt: ctx.deviceTime, callCount: ticket.callCount + 1 },
      };
    }
    case 'start': {
      const mine = ownCheck(ticket, action.counterId, 'called');
      if (mine) return mine;
      return {
        ok: true,
        event: 'started',
        ticket: { ...ticket, ...stamp, status: 'serving', officerBadge: action.officerBadge, startedAt: ctx.deviceTime },
      };
    }
    case 'complete': {
      const mine = ownCheck(ticket, action.counterId, 'serving');
      if (mine) return mine;
      return { ok: true, event: 'completed', ticket: { ...ticket, ...stamp, status: 'done', endedAt: ctx.deviceTime } };
    }
    case 'transfer': {
      if (ticket.status !== 'called' && ticket.status !== 'serving' && ticket.status !== 'parked') return invalid(ticket, 'transfer');
      if (ticket.counterId !== action.counterId) {
        return refuse('not_your_ticket', `Ticket ${number} belongs to counter ${ticket.counterId}`, { number, counter: ticket.counterId ?? 0 });
      }
      // Back in the queue with its issue time and arrival order: it keeps its place.
      return {
        ok: true,
        event: 'transferred',
        ticket: {
          ...ticket,
          ...stamp,
          status: 'waiting',
          serviceGroup: action.serviceGroup,
          targetCounterId: action.targetCounterId,
          counterId: null,
          officerBadge: null,
          calledAt: null,
          callCount: 0,
          startedAt: null,
        },
      };
    }
    case 'park': {
      const mine = ownCheck(ticket, action.counterId, 'serving');
      if (mine) return mine;
      return { ok: true, event: 'parked', ticket: { ...ticket, ...stamp, status: 'parked' } };
    }
    case 'resume': {
      const mine = ownCheck(ticket, action.counterId, 'parked');
      if (mine) return mine;
      return { ok: true, event: 'resumed', ticket: { ...ticket, ...stamp, status: 'serving', officerBadge: action.officerBadge } };
    }
    case 'noShow': {
      const mine = ownCheck(ticket, action.counterId, 'called');
      if (mine) return mine;
      return { ok: true, event: 'noShow', ticket: { ...ticket, ...stamp, status: 'noShow', endedAt: ctx.deviceTime } };
    }
    case 'cancel': {
      if (ticket.status !== 'waiting' && ticket.status !== 'called') return invalid(ticket, 'cancel');
      return { ok: true, event: 'cancelled', ticket: { ...ticket, ...stamp, status: 'cancelled', endedAt: ctx.deviceTime } };
    }
    case 'defer': {
      if (ticket.status !== 'waiting') return invalid(ticket, 'defer');
      if (ticket.queueOrder != null) return refuse('already_deferred', `Ticket ${number} was already moved back once`, { number });
      return { ok: true, event: 'deferred', ticket: { ...ticket, ...stamp, queueOrder: action.queueOrder } };
    }
  }
}

function invalid(ticket: Ticket, action: string): RuleResult {
  return refuse('invalid_transition', `Ticket ${ticket.displayNumber} is ${ticket.status}; cannot ${action} it`, {
    number: ticket.displayNumber,
    status: ticket.status,
    action,
  });
}

/** The counter that acts on a called/serving/parked ticket must be the one that called it. */
function ownCheck(ticket: Ticket, counterId: number, expected: TicketStatus): RuleResult | null {
  if ((ticket.status === 'called' || ticket.status === 'serving' || ticket.status === 'parked') && ticket.counterId !== counterId) {
    return refuse('not_your_ticket', `Ticket ${ticket.displayNumber} belongs to counter ${ticket.counterId}`, {
      number: ticket.displayNumber,
      counter: ticket.counterId ?? 0,
    });
  }
  if (ticket.status !== expected) return invalid(ticket, `${expected}→next`);
  return null;
}

/** "M" + kiosk 1 + sequence 42 → "M1-042": unique per day even when kiosks are offline. */
export function formatDisplayNumber(letter: string, kioskNo: number, seq: number): string {
  return `${letter}${kioskNo}-${String(seq).padStart(3, '0')}`;
}

/** Alphabet without look-alikes (no 0/O, 1/I/L) for codes people may type. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random code of `length` characters from CODE_ALPHABET, from a CSPRNG. */
export function randomCode(length: number, random: (n: number) => Uint8Array = cryptoRandom): string {
  const bytes = random(length);
  let out = '';
  for (const b of bytes) out += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return out;
}

function cryptoRandom(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

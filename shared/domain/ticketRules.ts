/**
 * A ticket's life and the one set of rules that moves it. The server applies these
 * rules authoritatively; devices apply the very same function optimistically so the
 * screen changes at once, even offline:
 * waiting → called (→ recalled, up to a limit) → serving → done, or called → noShow,
 * or waiting/called → cancelled; serving ⇄ parked (the resident fetches a document);
 * called/serving/parked → transferred (back to waiting, keeping its place in the queue).
 */
import type { QueueSettings } from './queue.ts';
import type { Ticket, TicketAction, TicketEventType, TicketStatus } from './ticket.ts';

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

/**
 * What the counter machine remembers, and the pure decisions about it that are easier
 * to read (and test) as plain functions than inline in the machine: what a restored
 * session means for the lock, which refused changes the machine explains itself, and
 * what to say when a session ends.
 */
import type { LocalTicket } from '../db/schema.ts';
import type { OfficeSettings } from '../domain/office.ts';
import type { OfficerSession } from '../sync/protocol.ts';
import type { CounterMessage, CounterSession, RejectionNotice, SignOutReason, TicketStep, TransferRequest } from './counterTypes.ts';

export interface CounterInput {
  readonly settings: Pick<OfficeSettings, 'idleLockMinutes' | 'queue'>;
  /** The clock the machine reads (tests pass the SimulatedClock's). */
  readonly now?: () => number;
}

export interface CounterContext {
  readonly settings: Pick<OfficeSettings, 'idleLockMinutes' | 'queue'>;
  readonly now: () => number;
  readonly session: OfficerSession | null;
  /** The ticket at this counter: called or being served. */
  readonly ticket: LocalTicket | null;
  /** The step being written (while in `work.acting`). */
  readonly step: TicketStep | null;
  /** The ticket the step is for when it is not the current one (resuming a parked ticket). */
  readonly stepTicketId: string | null;
  /** A transfer being written. */
  readonly transfer: TransferRequest | null;
  /** A call of one ticket out of order being written (while in `work.calling`). */
  readonly callRequest: { readonly ticketId: string; readonly reason: string } | null;
  /** What to tell the officer now (an error, "nobody is waiting", a lost race). */
  readonly message: CounterMessage | null;
  /** The restored session was locked, or idle for too long, when the terminal started. */
  readonly startLocked: boolean;
  /** Wrong PIN at the lock screen: how many tries remain. */
  readonly attemptsLeft: number | null;
  readonly endReason: SignOutReason | null;
  /** The device's unseen refused changes, as last reported. */
  readonly unseen: readonly RejectionNotice[];
  /** Refused changes being marked as seen (they were shown as `message`). */
  readonly acknowledging: readonly number[];
  /** Ticket of the last lost race: its later refused steps are echoes, shown once. */
  readonly conflictTicketId: string | null;
  /** The officer is on a break, for this reason (or a break is being started / ended). */
  readonly breakReason: string | null;
}

/** Rejections the machine itself explains: the current ticket's, or echoes of the last lost race. */
export function consumable(context: CounterContext): RejectionNotice[] {
  const ids = [context.ticket?.ticketId, context.conflictTicketId].filter((id): id is string => !!id);
  return context.unseen.filter((r) => r.ticketId !== null && ids.includes(r.ticketId));
}

/** The clearest of a ticket's refusals: "already called" says what happened; later steps only follow from it. */
export function conflictMessage(rows: readonly RejectionNotice[], number: string): CounterMessage {
  const row = rows.find((r) => r.code === 'already_called') ?? rows[0];
  return {
    code: row?.code ?? 'already_called',
    text: row?.message ?? `Ticket ${number} was taken by another counter`,
    params: { number, ...row?.params },
  };
}

export function initialContext(input: CounterInput): CounterContext {
  return {
    settings: input.settings,
    now: input.now ?? Date.now,
    session: null,
    ticket: null,
    step: null,
    stepTicketId: null,
    transfer: null,
    callRequest: null,
    message: null,
    startLocked: false,
    attemptsLeft: null,
    endReason: null,
    unseen: [],
    acknowledging: [],
    conflictTicketId: null,
    breakReason: null,
  };
}

/** A restored session starts locked if it was locked, or idle longer than the lock allows. */
export function restoredLocked(context: CounterContext, session: CounterSession | null): boolean {
  if (!session) return false;
  return session.locked || context.now() - session.lastActivityAt >= context.settings.idleLockMinutes * 60_000;
}

/**
 * Takes the refusals the machine explains out of `unseen` to be marked seen. When one is
 * about the current ticket, the race is lost: the ticket is dropped and the officer is told.
 */
export function takeRejections(context: CounterContext): Partial<CounterContext> {
  const rows = consumable(context);
  const seqs = rows.map((r) => r.seq);
  const rest = context.unseen.filter((r) => !seqs.includes(r.seq));
  const current = context.ticket;
  const lost = current ? rows.filter((r) => r.ticketId === current.ticketId) : [];
  if (!current || lost.length === 0) return { unseen: rest, acknowledging: seqs };
  return {
    unseen: rest,
    acknowledging: seqs,
    message: conflictMessage(lost, current.displayNumber),
    conflictTicketId: current.ticketId,
    ticket: null,
  };
}

/** What the sign-in screen says after a session ended by itself. */
export function endMessage(reason: SignOutReason | null): CounterMessage | null {
  if (reason === 'expired') return { code: 'session_expired', text: 'Your session has ended. Sign in again.', params: {} };
  if (reason === 'ended') return { code: 'session_ended', text: 'Your session was ended. Sign in again.', params: {} };
  return null;
}

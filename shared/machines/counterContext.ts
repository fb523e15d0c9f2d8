/**
 * The counter machine's decisions as plain functions, easier to read (and test) than
 * inline in the machine: where a fresh context starts, what a restored session means for
 * the lock, which refused changes the machine explains itself, what a call and a step are
 * written with and what their answer leaves behind, how long the timers run, and what to
 * say when a session ends. What the machine remembers (CounterContext) is in counterTypes.ts.
 */
import type { LocalTicket } from '../db/schema.ts';
import { queueSettingsOf } from '../domain/queue.ts';
import type {
  ActInput,
  CallInput,
  CounterContext,
  CounterInput,
  CounterMessage,
  CounterSession,
  RejectionNotice,
  RestoreOutput,
  SignInOutput,
  SignOutReason,
  TicketStep,
  TransferRequest,
  UnlockOutput,
} from './counterTypes.ts';

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

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Until the session expires (a timer cannot run longer than 2^31 - 1 ms). */
export function sessionExpiryMs(context: CounterContext): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, (context.session?.expiresAt ?? 0) - context.now()));
}

/** From the last allowed call until the resident counts as not coming. */
export function noShowMs(context: CounterContext): number {
  const queue = queueSettingsOf(context.settings);
  return Math.max(0, (context.ticket?.calledAt ?? 0) + queue.noShowAfterSeconds * 1000 - context.now());
}

/** A stored session that has run out while the device was off: it is signed out at once. */
export function restoredExpired(context: CounterContext, restored: RestoreOutput): boolean {
  return restored.session !== null && restored.session.expiresAt <= context.now();
}

/** A stored session taken back up: its ticket, its break, and whether it starts locked. */
export function restored(context: CounterContext, output: RestoreOutput): Partial<CounterContext> {
  return {
    session: output.session,
    ticket: output.ticket,
    startLocked: restoredLocked(context, output.session),
    breakReason: output.breakReason ?? null,
  };
}

/** A new session, with the ticket the counter had left called or serving. */
export function signedIn(output: SignInOutput): Partial<CounterContext> {
  return { session: output.session, ticket: output.ticket, startLocked: false, attemptsLeft: null, endReason: null, message: null };
}

/** A signed-in counter: the session whose counter every call, step and break is recorded for. */
export type AtCounter = CounterContext & { readonly session: CounterSession };

export const atCounter = (context: CounterContext): context is AtCounter => context.session !== null;

/** At the counter with a ticket called or being served: what a step on it needs. */
export const onTicket = (context: CounterContext): context is AtCounter & { readonly ticket: LocalTicket } => atCounter(context) && context.ticket !== null;

/** The counter a call, a step or a break is recorded for (guarded by `atCounter`: never a made-up counter 0). */
function counterOf(context: CounterContext, what: string): number {
  if (!atCounter(context)) throw new Error(`counter machine: ${what} without a session`);
  return context.session.counterId;
}

/** What a break's start is recorded with: the counter and the officer's reason. */
export function breakStart(context: CounterContext): { counterId: number; reason: string } {
  const counterId = counterOf(context, 'a break');
  if (context.breakReason === null) throw new Error('counter machine: a break without its reason');
  return { counterId, reason: context.breakReason };
}

/** What a break's end is recorded with: the counter (no reason: the break is over). */
export const breakEnd = (context: CounterContext): { counterId: number; reason: null } => ({ counterId: counterOf(context, 'a break'), reason: null });

/** What a call is written with: the next ticket, or the one the officer chose with the reason. */
export function callInput(context: CounterContext): CallInput {
  return {
    counterId: counterOf(context, 'a call'),
    ...(context.callRequest ? { ticketId: context.callRequest.ticketId, reason: context.callRequest.reason } : {}),
  };
}

export const NOBODY_WAITING: CounterMessage = { code: 'nobody_waiting', text: 'Nobody is waiting', params: {} };

/** A reason the officer typed counts once it has more than spaces. */
export const reasonGiven = (reason: string): boolean => reason.trim().length > 0;

/** A call of one ticket out of the queue's order, with the officer's reason. */
export function callRequested(event: { readonly ticketId: string; readonly reason: string }): Partial<CounterContext> {
  return { callRequest: { ticketId: event.ticketId, reason: event.reason.trim() } };
}

/** A parked ticket taken back: the step is for that ticket, not the current one. */
export function resumeRequested(event: { readonly ticketId: string }): Partial<CounterContext> {
  return { step: 'resume', stepTicketId: event.ticketId, message: null };
}

/** A break begun, with its reason trimmed. */
export const breakRequested = (event: { readonly reason: string }): Partial<CounterContext> => ({ breakReason: event.reason.trim() });

/** After a PIN that did not unlock: the tries left, when the server says. */
export const attemptsLeftAfter = (output: UnlockOutput): number | null => (output.outcome === 'wrong' ? output.attemptsLeft : null);

/** A step begun: the officer's earlier message is gone. */
export const beginStep = (step: TicketStep): Partial<CounterContext> => ({ step, message: null });

/** A transfer begun, with its reason trimmed. */
export function beginTransfer(request: TransferRequest): Partial<CounterContext> {
  return {
    step: 'transfer',
    message: null,
    transfer: { serviceGroup: request.serviceGroup, targetCounterId: request.targetCounterId, reason: request.reason.trim() },
  };
}

/**
 * What a step is written with: the step's own ticket (a parked one resumed) or the current
 * one. Every way into `acting` names the step and has the ticket (guarded by `onTicket`, or
 * the parked ticket's id): never a made-up step, ticket or counter.
 */
export function actInput(context: CounterContext): ActInput {
  const counterId = counterOf(context, 'a step');
  const ticketId = context.stepTicketId ?? context.ticket?.ticketId;
  if (context.step === null || !ticketId) throw new Error('counter machine: a step without its ticket');
  return { step: context.step, ticketId, counterId, transfer: context.step === 'transfer' ? context.transfer : null };
}

/** After these, the ticket is no longer this counter's to work on. */
const GONE: readonly string[] = ['done', 'noShow', 'cancelled', 'waiting', 'parked'];

/** A step written or failed: nothing of it is left pending. */
export const STEP_CLEARED = { step: null, stepTicketId: null, transfer: null } as const satisfies Partial<CounterContext>;

/** A step written: the ticket as it now is, unless it has left this counter. */
export function afterStep(ticket: LocalTicket): Partial<CounterContext> {
  return { ...STEP_CLEARED, ticket: GONE.includes(ticket.status) ? null : ticket };
}

/** The session forgotten as the officer signs out, with what the sign-in screen says. */
export function signedOut(context: CounterContext): Partial<CounterContext> {
  return {
    session: null,
    ticket: null,
    step: null,
    attemptsLeft: null,
    startLocked: false,
    unseen: [],
    conflictTicketId: null,
    breakReason: null,
    message: endMessage(context.endReason),
  };
}

/**
 * The vocabulary of the counter terminal's machine: its input, context and events, what
 * its actors take and return, and the one message shape every screen turns into words. Kept apart from the
 * machine so the app's actor implementations and the screens can import the types
 * without pulling in the machine itself.
 */
import type { LocalTicket } from '../db/schema.ts';
import type { OfficeSettings } from '../domain/office.ts';
import type { ServiceGroup } from '../domain/services.ts';
import type { OfficerSession } from '../sync/protocol.ts';

/** What the officer does to a ticket at the counter (the db's CounterTicketAction minus "call"). */
export type TicketStep = 'recall' | 'start' | 'complete' | 'noShow' | 'park' | 'resume' | 'transfer';

/** Where a ticket goes when the officer transfers it (it keeps its place in the queue). */
export interface TransferRequest {
  readonly serviceGroup: ServiceGroup;
  /** One counter in particular, or null for any counter that serves the group. */
  readonly targetCounterId: number | null;
  readonly reason: string;
}

/** What a step needs besides the ticket and the counter. */
export interface ActInput {
  readonly step: TicketStep;
  readonly ticketId: string;
  readonly counterId: number;
  readonly transfer?: TransferRequest | null;
}

/** Call next (no ticket), or one ticket out of the queue's order with the officer's reason. */
export interface CallInput {
  readonly counterId: number;
  readonly ticketId?: string;
  readonly reason?: string;
}

/**
 * Something to tell the officer. `code` picks the translated text; `text` is the plain
 * English (from the server or the rules) shown when no translation exists; `params`
 * fill placeholders such as the ticket number and the counter.
 */
export interface CounterMessage {
  readonly code: string;
  readonly text: string;
  readonly params: Readonly<Record<string, string | number>>;
}

/** A refused change as the machine needs it (a RejectionRow, trimmed). */
export interface RejectionNotice {
  readonly seq: number;
  readonly ticketId: string | null;
  readonly code: string;
  readonly message: string;
  readonly params: Readonly<Record<string, string | number>>;
}

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

/** What the officer does and what the device's watchers report, as `domain.verb` events (the house's one scheme). */
export type CounterEvent =
  | { readonly type: 'session.signIn'; readonly badge: string; readonly pin: string; readonly counterId: number }
  | { readonly type: 'ticket.callNext' }
  | { readonly type: 'ticket.recall' }
  | { readonly type: 'ticket.start' }
  | { readonly type: 'ticket.complete' }
  | { readonly type: 'ticket.noShow' }
  /** Calls one waiting ticket out of the queue's order; the reason goes into its history. */
  | { readonly type: 'ticket.call'; readonly ticketId: string; readonly reason: string }
  /** Sets the ticket being served aside (the resident fetches a document) to serve others. */
  | { readonly type: 'ticket.park' }
  /** Takes a ticket this counter parked back to serving. */
  | { readonly type: 'ticket.resume'; readonly ticketId: string }
  | ({ readonly type: 'ticket.transfer' } & TransferRequest)
  /** The officer steps away; the reason is recorded for the pilot's figures. */
  | { readonly type: 'break.start'; readonly reason: string }
  | { readonly type: 'break.end' }
  | { readonly type: 'terminal.lock' }
  | { readonly type: 'terminal.unlock'; readonly pin: string }
  | { readonly type: 'session.signOut' }
  /** Any touch or key press: keeps the idle lock away. */
  | { readonly type: 'terminal.activity' }
  /** Hides the current message. */
  | { readonly type: 'message.dismiss' }
  /** The device's unseen refused changes (all of them, each time the list changes). */
  | { readonly type: 'rejections.changed'; readonly rejections: readonly RejectionNotice[] }
  /** The server no longer knows the officer's session (a supervisor ended it). */
  | { readonly type: 'session.ended' };

/** A session as the machine keeps it: the server's session plus the device's lock facts. */
export interface CounterSession extends OfficerSession {
  readonly locked: boolean;
  readonly lastActivityAt: number;
}

export interface RestoreOutput {
  /** The stored session, or null when nobody is signed in on this device. */
  readonly session: CounterSession | null;
  /** The counter's ticket that is called or being served right now, if any. */
  readonly ticket: LocalTicket | null;
  /** The reason of the break the officer is on, or null. */
  readonly breakReason?: string | null;
}

export interface SignInInput {
  readonly badge: string;
  readonly pin: string;
  readonly counterId: number;
}

export interface SignInOutput {
  readonly session: OfficerSession;
  /** A ticket the counter left called or serving (e.g. the officer before forgot to finish). */
  readonly ticket: LocalTicket | null;
}

export type UnlockOutput =
  | { readonly outcome: 'unlocked' }
  | { readonly outcome: 'wrong'; readonly attemptsLeft: number }
  | { readonly outcome: 'ended' };

export type SignOutReason = 'user' | 'expired' | 'ended';

export interface SignOutInput {
  readonly reason: SignOutReason;
  readonly counterId: number | null;
}

/**
 * Turns whatever an actor threw into a message: a refused rule (RuleRefusedError carries
 * `rule`), an API error (`code`), or anything else as "unexpected".
 */
export function messageOf(error: unknown): CounterMessage {
  if (typeof error === 'object' && error !== null) {
    const rule = 'rule' in error && typeof error.rule === 'object' && error.rule !== null ? error.rule : null;
    const source = rule ?? error;
    if ('code' in source && typeof source.code === 'string') {
      return {
        code: source.code,
        text: 'message' in source && typeof source.message === 'string' ? source.message : source.code,
        params: 'params' in source && isParams(source.params) ? source.params : {},
      };
    }
    if ('message' in error && typeof error.message === 'string') return { code: 'unexpected', text: error.message, params: {} };
  }
  return { code: 'unexpected', text: String(error), params: {} };
}

/**
 * The error an invoked actor failed with, as the params of a parameterised action or
 * guard (`{ type: 'problem', params: errorOf }`): the `onError` transition's event is
 * typed, so nothing needs a cast of `event.error`.
 */
export const errorOf = ({ event }: { readonly event: { readonly error: unknown } }): { readonly error: unknown } => ({ error: event.error });

/** A code that cannot be tried again: a new one must be sent. */
export const SPENT_CODES: readonly string[] = ['code_locked', 'code_expired', 'code_used', 'code_unknown'];

function isParams(value: unknown): value is Record<string, string | number> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number');
}

/** An error with a code the screens translate; thrown by the app's actor implementations. */
export class CounterError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
    this.name = 'CounterError';
  }
}

/**
 * What the desk machine (deskMachine.ts) remembers, and its decisions as plain functions,
 * easier to read and test than inline in the machine: the input a new transaction starts
 * with, the input a saved draft resumes with, what a cancellation records, and a
 * representative's batch counted as each of its transactions ends.
 */
import type { Snapshot, StateValue } from 'xstate';
import type { LocalTicket } from '../db/schema.ts';
import type { TransactionCancellation } from '../db/transactions.ts';
import type { Draft } from '../db/vault.ts';
import { isServiceId, type ServiceId } from '../domain/catalog.ts';
import type { FeeSchedule } from '../domain/fees.ts';
import { serviceDayOf } from '../domain/office.ts';
import type { TransactionContext, TransactionInput, TransactionOutput } from './transactionTypes.ts';

/** A draft is the transaction machine's persisted snapshot: its context holds everything, the input included. */
export type DraftValue = Snapshot<unknown> & { readonly value: StateValue; readonly context: TransactionContext };

/** A draft as the desk loads it (newest first) and writes it (shared/db/vault.ts encrypts it). */
export type DeskDraft = Pick<Draft<DraftValue>, 'transactionId' | 'ticketId' | 'value'>;

/** What the desk starts a transaction with: a new one from its input, or a saved draft resumed. */
export interface TransactionStart {
  readonly input: TransactionInput;
  readonly draft: DraftValue | null;
}

/** The ticket being served, as far as the desk needs it. */
export type DeskTicket = Pick<LocalTicket, 'ticketId' | 'displayNumber' | 'service'>;

export interface DeskInput {
  /** The ticket being served (null: resuming a transaction whose ticket is finished). */
  readonly ticket: DeskTicket | null;
  readonly counterId: number;
  readonly fees: FeeSchedule;
  /** The office's time zone: a transaction's `today` is the office's service day. */
  readonly timeZone: string;
  /** The clock the desk reads (tests pass a fixed one). */
  readonly now?: () => number;
  /** A new transaction's id (tests pass a counter). */
  readonly newId?: () => string;
}

/** A representative's batch so far (this desk's view; the store keeps every transaction). */
export interface Batch {
  readonly establishmentId: string;
  readonly done: number;
  readonly refused: number;
}

export interface DeskContext {
  readonly ticket: DeskTicket | null;
  readonly counterId: number;
  readonly fees: FeeSchedule;
  readonly timeZone: string;
  readonly now: () => number;
  readonly newId: () => string;
  /** What the transaction being served was started with (null until one is). */
  readonly current: TransactionStart | null;
  /** The transaction's last step (stepOf): where a cancellation happened, recorded as is for the pilot's figures. */
  readonly step: string | null;
  /** The newest step's draft not yet written, and the one being written: one write at a time. */
  readonly unsaved: DeskDraft | null;
  readonly writing: DeskDraft | null;
  /** How the transaction ended, while the desk records it. */
  readonly ended: TransactionOutput | null;
  /** The desk opened on a saved draft ("restored where it was left"). */
  readonly resumed: boolean;
  readonly batch: Batch;
}

export function initialContext(input: DeskInput): DeskContext {
  return {
    ticket: input.ticket,
    counterId: input.counterId,
    fees: input.fees,
    timeZone: input.timeZone,
    now: input.now ?? Date.now,
    newId: input.newId ?? (() => crypto.randomUUID()),
    current: null,
    step: null,
    unsaved: null,
    writing: null,
    ended: null,
    resumed: false,
    batch: { establishmentId: '', done: 0, refused: 0 },
  };
}

/** A new transaction of `service` for the ticket being served (a parcel names its person; a batch its establishment). */
export function newTransaction(
  c: DeskContext,
  service: ServiceId,
  more: { readonly person?: TransactionInput['person']; readonly representativeFor?: string | null } = {},
): TransactionStart {
  const input: TransactionInput = {
    transactionId: c.newId(),
    service,
    ticketId: c.ticket?.ticketId ?? null,
    reason: c.ticket ? `ticket ${c.ticket.displayNumber}` : `counter ${c.counterId}`,
    counterId: c.counterId,
    today: serviceDayOf(c.now(), c.timeZone),
    fees: c.fees,
    person: more.person ?? null,
    representativeFor: more.representativeFor ?? null,
  };
  return { input, draft: null };
}

/** A saved draft resumed: the input its context was started with (a restored actor still needs one), and the draft. */
export function resumeDraft(draft: DraftValue): TransactionStart {
  const c = draft.context;
  const input: TransactionInput = {
    transactionId: c.transactionId,
    service: c.service,
    ticketId: c.ticketId,
    reason: c.reason,
    counterId: c.counterId,
    today: c.today,
    fees: c.fees,
    representativeFor: c.representativeFor,
  };
  return { input, draft };
}

/** The service the resident chose at the kiosk, when it is one this version knows. */
export function kioskService(c: DeskContext): ServiceId | null {
  const service = c.ticket?.service;
  return service && isServiceId(service) ? service : null;
}

/** The batch after a transaction ended: a representative's completed and refused ones are counted. */
export function counted(batch: Batch, output: TransactionOutput): Batch {
  const establishmentId = output.representativeFor;
  if (!establishmentId) return batch;
  const base = batch.establishmentId === establishmentId ? batch : { establishmentId, done: 0, refused: 0 };
  return {
    establishmentId,
    done: base.done + (output.status === 'completed' ? 1 : 0),
    refused: base.refused + (output.status === 'refused' ? 1 : 0),
  };
}

/** What the desk shows for `establishmentId`: its batch so far, or nothing yet. */
export function batchOf(batch: Batch, establishmentId: string): { done: number; refused: number } {
  return batch.establishmentId === establishmentId ? { done: batch.done, refused: batch.refused } : { done: 0, refused: 0 };
}

/**
 * A transaction that ended cancelled, with the officer's reason and the step it was at (the
 * transaction machine always gives a reason, and its first snapshot, the step, reaches the
 * desk as it starts).
 */
export const cancelledWithReason = (
  c: DeskContext,
): c is DeskContext & { readonly step: string; readonly ended: TransactionOutput & { readonly cancelReason: string } } =>
  c.ended?.outcome === 'cancelled' && c.ended.cancelReason !== null && c.step !== null;

/**
 * What a cancelled transaction records: its reason and the step it was cancelled at
 * (guarded by `cancelledWithReason`: never a made-up reason or step).
 */
export function cancellation(c: DeskContext): TransactionCancellation {
  if (!cancelledWithReason(c)) throw new Error('desk machine: recording a cancellation without its reason and step');
  const input = started(c).input;
  return {
    transactionId: input.transactionId,
    ticketId: input.ticketId,
    counterId: input.counterId,
    service: input.service,
    step: c.step,
    reason: c.ended.cancelReason,
  };
}

/** The transaction being served (the desk's states after `loading` and `choosing` always have one). */
export function started(c: DeskContext): TransactionStart {
  if (!c.current) throw new Error('desk machine: no transaction was started');
  return c.current;
}

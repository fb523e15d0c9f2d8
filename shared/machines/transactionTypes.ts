/**
 * The vocabulary of the transaction machine (transactionMachine.ts): what it starts with,
 * what it remembers, its events, what its actors take and give, and how it ends. Kept
 * apart from the machine so the desk, the counter's actors and the screens can name
 * these types without reading past the machine's states, and the notices machine can
 * share the code and retry shapes without importing the transaction machine.
 */
import type { ServiceId } from '../domain/catalog.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { FeeSchedule } from '../domain/fees.ts';
import type { PersonLookup } from '../domain/resident.ts';
import type { Decision, ServiceRequest } from '../domain/rules.ts';
import type { ServiceSteps } from '../domain/transactionSteps.ts';
import type { RejectionReason, TransactionResult } from '../sync/protocol.ts';
import type { PaymentMethod } from '../sync/transactionArgs.ts';
import type { CounterMessage } from './counterTypes.ts';

/** How long a step that needs the network waits before it tries again by itself. */
export const RETRY_MS = 5000;

export interface TransactionInput {
  readonly transactionId: string;
  readonly service: ServiceId;
  readonly ticketId: string | null;
  /** Why the officer looks the person up, for the audit log (e.g. "ticket M1-042"). */
  readonly reason: string;
  readonly counterId: number;
  readonly today: IsoDate;
  readonly fees: FeeSchedule;
  /** Already identified (a parcel for the person just served): the identify steps are skipped. */
  readonly person?: { readonly idNumber: string; readonly lookup: PersonLookup } | null;
  /** Done for an establishment through its representative (the next employee of a batch). */
  readonly representativeFor?: string | null;
}

export interface SentCode {
  readonly codeId: string;
  /** The last digits of the registered mobile, to tell the resident where to look. */
  readonly sentTo: string;
  readonly expiresAt: number;
}

export interface Payment {
  readonly method: PaymentMethod;
  readonly reference: string | null;
}

export interface TransactionContext {
  readonly transactionId: string;
  readonly service: ServiceId;
  readonly steps: ServiceSteps;
  readonly ticketId: string | null;
  readonly reason: string;
  readonly counterId: number;
  readonly today: IsoDate;
  readonly fees: FeeSchedule;
  /** How the person is being found: their iqama / border number, or a visa number. */
  readonly lookupBy: { readonly kind: 'idNumber' | 'visaNumber'; readonly value: string } | null;
  readonly idNumber: string | null;
  readonly person: PersonLookup | null;
  readonly code: SentCode | null;
  /** The digits the resident read out, kept while their check waits for the network. */
  readonly enteredCode: string | null;
  readonly codeVerified: boolean;
  readonly request: ServiceRequest | null;
  readonly decision: Decision | null;
  readonly payment: Payment | null;
  readonly result: TransactionResult | null;
  /** The store's refusal when it never got as far as a decision (an unreadable number, a used code). */
  readonly refusal: RejectionReason | null;
  /** The last thing that went wrong, for the officer to read; cleared by the next step. */
  readonly problem: CounterMessage | null;
  readonly cancelReason: string | null;
  /** The officer chose to put the printed iqama into a parcel next. */
  readonly parcelNext: boolean;
  /** The establishment (10 digits) whose representative this transaction is done for, or null. */
  readonly representativeFor: string | null;
  /** The officer moved on to the next employee of the representative's batch. */
  readonly nextEmployee: boolean;
}

/**
 * The steps a transaction rests in, by the names the desk shows and the pilot's figures
 * record (a cancellation's step): fixed names, kept in each state's `meta`, so they do not
 * follow a rename of the state.
 */
export type TransactionStep =
  | 'identify'
  | 'fetching'
  | 'fetchWait'
  | 'verify.sending'
  | 'verify.sendWait'
  | 'verify.entering'
  | 'verify.checking'
  | 'verify.checkWait'
  | 'form'
  | 'ineligible'
  | 'quote'
  | 'payment'
  | 'review'
  | 'submitting'
  | 'waiting'
  | 'completed'
  | 'receipt'
  | 'rejected'
  | 'done'
  | 'parcel'
  | 'cancelled'
  | 'next';

/** What a state of the transaction machine carries in its `meta`. */
export interface StepMeta {
  readonly step: TransactionStep;
}

/**
 * What the officer does at the desk, and what the store answers, as `domain.verb` events
 * (the scheme every machine of the house uses).
 */
export type TransactionEvent =
  | { readonly type: 'person.identify'; readonly idNumber: string }
  | { readonly type: 'person.findVisa'; readonly visaNumber: string }
  /** The person in front of the officer is an establishment's representative (null: the person themself). */
  | { readonly type: 'person.represent'; readonly establishmentId: string | null }
  /** The next employee of the representative's batch: the same service for another person. */
  | { readonly type: 'batch.next' }
  /** The six digits the person read out from their mobile. */
  | { readonly type: 'code.enter'; readonly code: string }
  | { readonly type: 'code.resend' }
  | { readonly type: 'form.fill'; readonly request: ServiceRequest }
  /** Back one step before submitting (to the form or the quote). */
  | { readonly type: 'step.back' }
  | { readonly type: 'quote.accept' }
  /** The payment taken (mada terminal or SADAD), with its reference. */
  | { readonly type: 'payment.record'; readonly method: PaymentMethod; readonly reference: string | null }
  | { readonly type: 'review.submit' }
  /** The store's decision on the submission reached the device (from `watchResult`). */
  | { readonly type: 'store.decided'; readonly result: TransactionResult }
  /** The store refused the submission before deciding (an unreadable number, a used code). */
  | { readonly type: 'store.refused'; readonly reason: RejectionReason }
  /** Shows and prints the receipt (again, from the receipt). */
  | { readonly type: 'receipt.print' }
  /** The printed iqama goes into a parcel: the desk starts `parcel.add` for the same person. */
  | { readonly type: 'parcel.start' }
  | { readonly type: 'transaction.finish' }
  /** Try a step that waits for the network now, instead of on its timer. */
  | { readonly type: 'network.retry' }
  /** Cancel before submitting, with the officer's reason (recorded for the pilot's figures). */
  | { readonly type: 'transaction.cancel'; readonly reason: string };

export interface FetchInput {
  readonly by: 'idNumber' | 'visaNumber';
  readonly value: string;
  readonly reason: string;
}

export interface SubmitInput {
  readonly transactionId: string;
  readonly ticketId: string | null;
  readonly counterId: number;
  readonly idNumber: string;
  readonly request: ServiceRequest;
  readonly basedOnVersion: number;
  readonly quotedTotal: number;
  readonly securityCodeId: string | null;
  readonly payment: Payment | null;
  readonly representativeFor: string | null;
}

/**
 * How a transaction ended, for the desk (shared/machines/deskMachine.ts): start a parcel
 * for the same person, the representative's next employee, or go back to the ticket; and
 * what the desk records of it (the cancellation's reason, the decision for the batch).
 */
export interface TransactionOutput {
  readonly outcome: 'done' | 'cancelled' | 'parcel' | 'next';
  readonly person: { readonly idNumber: string; readonly lookup: PersonLookup } | null;
  /** The officer's reason, when the transaction was cancelled. */
  readonly cancelReason: string | null;
  /** The store's decision, when one came. */
  readonly status: TransactionResult['status'] | null;
  /** The establishment a representative did it for (it can be set at the identify step). */
  readonly representativeFor: string | null;
}

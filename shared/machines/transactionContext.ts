/**
 * The transaction machine's (transactionMachine.ts) decisions about what it remembers, as
 * plain functions, easier to read and test than inline in the machine: the context a
 * transaction starts with, how a person is looked up and what is accepted as typed, the
 * shared rules run on the record in hand, what the store is asked with (and whether the
 * transaction has it: never a made-up value), and how the transaction ended.
 */
import { checkIdNumber } from '../domain/identity.ts';
import type { PersonLookup } from '../domain/resident.ts';
import { decideFor, type Decision, type ServiceRequest } from '../domain/rules.ts';
import { defaultRequest, stepsOf } from '../domain/transactionSteps.ts';
import type { CounterMessage } from './counterTypes.ts';
import type {
  FetchInput,
  SentCode,
  SubmitInput,
  TransactionContext,
  TransactionEvent,
  TransactionInput,
  TransactionOutput,
} from './transactionTypes.ts';

export function initialContext(input: TransactionInput): TransactionContext {
  return {
    transactionId: input.transactionId,
    service: input.service,
    steps: stepsOf(input.service),
    ticketId: input.ticketId,
    reason: input.reason,
    counterId: input.counterId,
    today: input.today,
    fees: input.fees,
    lookupBy: input.person ? { kind: 'idNumber', value: input.person.idNumber } : null,
    idNumber: input.person?.idNumber ?? null,
    person: input.person?.lookup ?? null,
    code: null,
    enteredCode: null,
    codeVerified: false,
    request: null,
    decision: null,
    payment: null,
    result: null,
    refusal: null,
    problem: null,
    cancelReason: null,
    parcelNext: false,
    representativeFor: input.representativeFor ?? null,
    nextEmployee: false,
  };
}

/**
 * The shared rules run on the record in hand (the form's request, or the service's default
 * one): the answer is the same as the store's, unless the record changes. Nothing without
 * a record.
 */
export function decided(c: TransactionContext): Pick<TransactionContext, 'request' | 'decision'> | null {
  const request = c.request ?? (c.person ? defaultRequest(c.service, c.person.record, c.fees, c.today) : null);
  if (!c.person || !request) return null;
  const rep = c.representativeFor;
  const establishment = c.person.establishment?.establishmentId === rep ? c.person.establishment : null;
  const ctx = { today: c.today, fees: c.fees };
  return { request, decision: decideFor(c.person.record, request, ctx, rep ? { establishmentId: rep, establishment } : null) };
}

/** A transaction whose person is identified: their number and their record. */
export type PersonKnown = TransactionContext & { readonly idNumber: string; readonly person: PersonLookup };

export const personKnown = (c: TransactionContext): c is PersonKnown => c.idNumber !== null && c.person !== null;

/** What `verify.sending` asks for: a code to the identified person's mobile (never for a number not there). */
export function codeRequest(c: TransactionContext): { idNumber: string; transactionId: string } {
  if (!personKnown(c)) throw new Error('transaction machine: a code asked for without the person identified');
  return { idNumber: c.idNumber, transactionId: c.transactionId };
}

/** A code that was sent, and the digits typed for it. */
export type CodeEntered = TransactionContext & { readonly code: SentCode; readonly enteredCode: string };

export const codeEntered = (c: TransactionContext): c is CodeEntered => c.code !== null && c.enteredCode !== null;

/** What `verify.checking` asks the store: the digits typed for the code that was sent. */
export function codeCheck(c: TransactionContext): { codeId: string; code: string } {
  if (!codeEntered(c)) throw new Error('transaction machine: a code checked without one sent and typed');
  return { codeId: c.code.codeId, code: c.enteredCode };
}

/** A transaction with all a submission names: the person, the request and the rules' decision on it. */
export type Submittable = PersonKnown & { readonly request: ServiceRequest; readonly decision: Decision };

export const submittable = (c: TransactionContext): c is Submittable => personKnown(c) && c.request !== null && c.decision !== null;

/**
 * What `submitting` writes to the outbox: the request the rules allowed, on the record
 * version they were run on, with the fee quoted, the payment and the verified code.
 * Guarded by `submittable`: nothing is submitted for a made-up person or request.
 */
export function submission(c: TransactionContext): SubmitInput {
  if (!submittable(c)) throw new Error('transaction machine: submitting without a person, a request and a decision');
  return {
    transactionId: c.transactionId,
    ticketId: c.ticketId,
    counterId: c.counterId,
    idNumber: c.idNumber,
    request: c.request,
    basedOnVersion: c.person.version,
    quotedTotal: c.decision.total,
    securityCodeId: c.codeVerified ? (c.code?.codeId ?? null) : null,
    payment: c.payment,
    representativeFor: c.representativeFor,
  };
}

/** How the transaction ended, for the desk: the outcome, the person (for a parcel), the reason or the decision. */
export function outputOf(c: TransactionContext): TransactionOutput {
  return {
    outcome: c.cancelReason !== null ? 'cancelled' : c.parcelNext ? 'parcel' : c.nextEmployee ? 'next' : 'done',
    person: c.idNumber && c.person ? { idNumber: c.idNumber, lookup: c.person } : null,
    cancelReason: c.cancelReason,
    status: c.result?.status ?? null,
    representativeFor: c.representativeFor,
  };
}

export const INVALID_ID_NUMBER: CounterMessage = { code: 'invalid_id_number', text: 'not a valid iqama or border number', params: {} };
export const INVALID_VISA_NUMBER: CounterMessage = { code: 'invalid_visa_number', text: 'a visa number has 10 digits', params: {} };
export const CODE_FORMAT: CounterMessage = { code: 'code_format', text: 'the code has 6 digits', params: {} };

/** A visa or an establishment number: ten digits. */
export const isTenDigits = (value: string): boolean => /^\d{10}$/.test(value);

/** A security code as typed: six digits. */
export const isCodeFormat = (code: string): boolean => /^\d{6}$/.test(code);

/** A lookup by identity number (already checked), as the check normalised it. */
export function byIdNumber(idNumber: string): Pick<TransactionContext, 'lookupBy' | 'problem'> {
  const checked = checkIdNumber(idNumber);
  return { lookupBy: { kind: 'idNumber', value: checked.ok ? checked.number : idNumber }, problem: null };
}

/** A lookup by visa number (a visitor without an iqama yet). */
export function byVisaNumber(visaNumber: string): Pick<TransactionContext, 'lookupBy' | 'problem'> {
  return { lookupBy: { kind: 'visaNumber', value: visaNumber }, problem: null };
}

/** A transaction that knows how the person is looked up. */
export type LookingUp = TransactionContext & { readonly lookupBy: NonNullable<TransactionContext['lookupBy']> };

export const lookingUp = (c: TransactionContext): c is LookingUp => c.lookupBy !== null;

/** What `fetching` asks the store for: the person looked up, and why (recorded with the access). */
export function fetchInput(c: TransactionContext): FetchInput {
  if (!lookingUp(c)) throw new Error('transaction machine: a record fetched without a number to look up');
  return { by: c.lookupBy.kind, value: c.lookupBy.value, reason: c.reason };
}

/** The payment as recorded: a blank reference is none. */
export function paymentOf(event: Extract<TransactionEvent, { type: 'payment.record' }>): NonNullable<TransactionContext['payment']> {
  return { method: event.method, reference: event.reference?.trim() || null };
}

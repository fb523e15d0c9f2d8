/**
 * The transaction machine's (transactionMachine.ts) decisions about what it remembers, as
 * plain functions, easier to read and test than inline in the machine: the context a
 * transaction starts with, how a person is looked up and what is accepted as typed, the
 * shared rules run on the record in hand, what is submitted, and how the transaction ended.
 */
import { checkIdNumber } from '../domain/identity.ts';
import { decideFor } from '../domain/rules.ts';
import { defaultRequest, stepsOf } from '../domain/transactionSteps.ts';
import type { CounterMessage } from './counterTypes.ts';
import type { FetchInput, SubmitInput, TransactionContext, TransactionEvent, TransactionInput, TransactionOutput } from './transactionTypes.ts';

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

/**
 * What `submitting` writes to the outbox: the request the rules allowed, on the record
 * version they were run on, with the fee quoted, the payment and the verified code.
 */
export function submission(c: TransactionContext): SubmitInput {
  return {
    transactionId: c.transactionId,
    ticketId: c.ticketId,
    counterId: c.counterId,
    idNumber: c.idNumber ?? '',
    request: c.request ?? { service: 'query.resident' },
    basedOnVersion: c.person?.version ?? 0,
    quotedTotal: c.decision?.total ?? 0,
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

/** What `fetching` asks the store for: the person looked up, and why (recorded with the access). */
export function fetchInput(c: TransactionContext): FetchInput {
  return { by: c.lookupBy?.kind ?? 'idNumber', value: c.lookupBy?.value ?? '', reason: c.reason };
}

/** The payment as recorded: a blank reference is none. */
export function paymentOf(event: Extract<TransactionEvent, { type: 'payment.record' }>): NonNullable<TransactionContext['payment']> {
  return { method: event.method, reference: event.reference?.trim() || null };
}

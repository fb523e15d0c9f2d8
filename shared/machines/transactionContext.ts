/**
 * The transaction machine's (transactionMachine.ts) decisions about what it remembers, as
 * plain functions, easier to read and test than inline in the machine: the context a
 * transaction starts with, the shared rules run on the record in hand, what is submitted,
 * and how the transaction ended.
 */
import { decideFor } from '../domain/rules.ts';
import { defaultRequest, stepsOf } from '../domain/transactionSteps.ts';
import type { SubmitInput, TransactionContext, TransactionInput, TransactionOutput } from './transactionTypes.ts';

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

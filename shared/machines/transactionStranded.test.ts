/**
 * The transaction machine asks the store only with values it has: never '' for a number,
 * a code's id or the typed code, never a made-up request. Its snapshot is saved and
 * resumed, so each step that waits for the store is started here stranded without what
 * it needs; @xstate/graph walks every simple path of the officer's events from there
 * (the retry timers run out after each), a real actor replays each one, and what reaches
 * the store (a code typed for a code sent may) carries no placeholder. The builders of what is sent throw rather than make a value up.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromCallback, type StateValue } from 'xstate';
import { DEFAULT_FEES } from '../domain/fees.ts';
import type { PersonLookup } from '../domain/resident.ts';
import { sampleResident } from '../domain/testing.ts';
import { codeCheck, codeRequest, fetchInput, initialContext, submission } from './transactionContext.ts';
import { placeholders, recorder, walkStranded } from './strandedTesting.ts';
import { transactionMachine } from './transactionMachine.ts';
import { RETRY_MS, type TransactionContext, type TransactionEvent, type TransactionInput } from './transactionTypes.ts';

const input: TransactionInput = {
  transactionId: '0b7e6f39-3a43-4c84-9a53-1f0b2c3d4e5f',
  service: 'exitReentry.single',
  ticketId: null,
  reason: 'ticket M1-042',
  counterId: 3,
  today: '2026-12-02',
  fees: DEFAULT_FEES,
};
const person: PersonLookup = { record: sampleResident(), version: 3, establishment: null };
const fresh = initialContext(input);
const code = { codeId: 'c1', sentTo: '••67', expiresAt: 1 };

/** Each waiting step, with a context missing what its call to the store needs. */
const STRANDED: ReadonlyArray<[string, StateValue, TransactionContext]> = [
  ['a record to fetch without the number to look up', { open: 'fetchWait' }, fresh],
  ['a code to send without the identity number', { open: { verify: 'sendWait' } }, { ...fresh, person }],
  ['a code to send again without the identity number', { open: { verify: 'entering' } }, { ...fresh, person, code }],
  ['a code to check without the digits typed', { open: { verify: 'checkWait' } }, { ...fresh, person, idNumber: person.record.idNumber, code }],
  ['a code to check without the code sent', { open: { verify: 'checkWait' } }, { ...fresh, person, idNumber: person.record.idNumber, enteredCode: '123456' }],
  ['a submission without the identity number', { open: 'review' }, { ...fresh, person, codeVerified: true, code }],
];

/** What the officer can do at a waiting step (the store's answers never come: nothing may be asked). */
const EVENTS: readonly TransactionEvent[] = [
  { type: 'network.retry' },
  { type: 'code.resend' },
  { type: 'code.enter', code: '123456' },
  { type: 'step.back' },
  { type: 'quote.accept' },
  { type: 'payment.record', method: 'mada', reference: '123456' },
  { type: 'review.submit' },
  { type: 'transaction.cancel', reason: 'resident left' },
];

function recording() {
  const { sent, asks } = recorder();
  const logic = transactionMachine.provide({
    actors: { fetchRecord: asks('fetchRecord'), sendCode: asks('sendCode'), verifyCode: asks('verifyCode'), submit: asks('submit'), watchResult: fromCallback(() => undefined) },
  });
  return { logic, sent };
}

/** A submission's request for another service than the transaction's is made up too. */
const otherService = (at: string, value: unknown): boolean => at === 'submit.request.service' && value !== input.service;

describe('transaction machine: nothing made up reaches the store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each(STRANDED)('stranded with %s: no path asks the store with a made-up value', (_, value, context) => {
    const { logic, sent } = recording();
    walkStranded(logic, input, () => transactionMachine.resolveState({ value, context }), EVENTS, () => vi.advanceTimersByTime(RETRY_MS));
    expect(placeholders(sent, otherService)).toEqual([]);
  });

  it('builds no call to the store without its values: it throws instead of sending a placeholder', () => {
    expect(() => fetchInput(fresh)).toThrow(/without a number/);
    expect(() => codeRequest({ ...fresh, person })).toThrow(/without the person/);
    expect(() => codeCheck({ ...fresh, code })).toThrow(/without one sent and typed/);
    expect(() => submission({ ...fresh, person, idNumber: '2123456788' })).toThrow(/without a person, a request and a decision/);
    expect(codeCheck({ ...fresh, code, enteredCode: '123456' })).toEqual({ codeId: 'c1', code: '123456' });
    expect(codeRequest({ ...fresh, person, idNumber: '2123456788' })).toEqual({ idNumber: '2123456788', transactionId: input.transactionId });
  });
});

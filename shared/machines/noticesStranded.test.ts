/**
 * The notices machine asks the store only with values it has: never '' for the
 * establishment, the code's id or the typed code, never an empty change. Each step that
 * waits for the store is started here stranded without what it needs; @xstate/graph
 * walks every simple path of the officer's events from there (the retry timers run out
 * after each), a real actor replays each one, and what reaches the store carries no
 * placeholder. The builders of what is sent throw rather than make a value up.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StateValue } from 'xstate';
import { draftOf, type EstablishmentNotices } from '../domain/establishmentNotices.ts';
import { codeCheck, codeRequest, opened, saveInput } from './noticesContext.ts';
import { noticesMachine, type NoticesContext, type NoticesEvent } from './noticesMachine.ts';
import { placeholders, recorder, walkStranded } from './strandedTesting.ts';
import { RETRY_MS } from './transactionTypes.ts';

const saved: EstablishmentNotices = {
  establishment: { establishmentId: '7010000000', name: { ar: 'مؤسسة', en: 'Est.' }, subscription: { kind: 'comprehensive' } },
  contacts: { mobile: '0551234567', email: null, language: 'ar' },
  subscriptions: [{ idNumber: '2000000212', events: ['entry', 'exit'] }],
};
const edited = { ...draftOf(saved), subscriptions: [] };
const input = { visitId: 'v1' };
const fresh: NoticesContext = {
  visitId: 'v1', establishmentId: null, code: null, enteredCode: null, openedWith: null, saved: null, draft: null, report: null, problem: null, lastSave: null,
};
const code = { codeId: 'c1', sentTo: '••67', expiresAt: 1 };
const E1 = '7010000000';

/** Each step that waits for the store, with a context missing what its call needs. */
const STRANDED: ReadonlyArray<[string, StateValue, NoticesContext]> = [
  ['a code to send without the establishment', { code: 'sendWait' }, fresh],
  ['a code to send again without the establishment', { code: 'entering' }, { ...fresh, code }],
  ['a code to check without the digits typed', { code: 'checkWait' }, { ...fresh, establishmentId: E1, code }],
  ['the notices to load without the code that opened them', { open: 'loadWait' }, { ...fresh, establishmentId: E1 }],
  ['a change to save or a report without the code that opened them', { open: 'editing' }, { ...fresh, establishmentId: E1, saved, draft: edited }],
];

const EVENTS: readonly NoticesEvent[] = [
  { type: 'notices.retry' },
  { type: 'notices.resend' },
  { type: 'notices.code', code: '123456' },
  { type: 'notices.save' },
  { type: 'notices.print' },
  { type: 'notices.undo' },
  { type: 'notices.back' },
  { type: 'notices.close' },
];

/** An empty change is made up too. */
const emptyChange = (at: string, value: unknown): boolean => at === 'save.change' && (typeof value !== 'object' || value === null || Object.keys(value).length === 0);

function recording() {
  const { sent, asks } = recorder();
  const logic = noticesMachine.provide({
    actors: { sendCode: asks('sendCode'), verifyCode: asks('verifyCode'), load: asks('load'), save: asks('save'), report: asks('report') },
  });
  return { logic, sent };
}

describe('notices machine: nothing made up reaches the store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each(STRANDED)('stranded with %s: no path asks the store with a made-up value', (_, value, context) => {
    const { logic, sent } = recording();
    walkStranded(logic, input, () => noticesMachine.resolveState({ value, context }), EVENTS, () => vi.advanceTimersByTime(RETRY_MS));
    expect(placeholders(sent, emptyChange)).toEqual([]);
  });

  it('builds no call to the store without its values: it throws instead of sending a placeholder', () => {
    expect(() => codeRequest(fresh)).toThrow(/without an establishment/);
    expect(() => codeCheck({ ...fresh, code })).toThrow(/without one sent and typed/);
    expect(() => opened({ ...fresh, establishmentId: E1 })).toThrow(/without being opened/);
    expect(() => saveInput({ ...fresh, establishmentId: E1, openedWith: 'c1', saved, draft: draftOf(saved) })).toThrow(/without a change/);
    expect(saveInput({ ...fresh, establishmentId: E1, openedWith: 'c1', saved, draft: edited })).toMatchObject({ establishmentId: E1, codeId: 'c1' });
  });
});

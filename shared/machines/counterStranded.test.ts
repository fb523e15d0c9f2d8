/**
 * The counter machine records calls, steps and breaks only for the session's counter and
 * the ticket they are about: never counter 0 or a ticket ''. Each place
 * the officer works from is started here stranded without what its records need (no
 * session, no ticket); @xstate/graph walks every simple path of the officer's events from
 * there (the no-show timer included), a real actor replays each one, and nothing made up
 * may be recorded. The builders of what is recorded throw rather than make a value up.
 */
import { describe, expect, it } from 'vitest';
import type { StateValue } from 'xstate';
import type { LocalTicket } from '../db/schema.ts';
import { sampleTicket } from '../domain/testing.ts';
import { actInput, breakEnd, breakStart, callInput, initialContext } from './counterContext.ts';
import { counterMachine } from './counterMachine.ts';
import { placeholders, recorder, walkStranded } from './strandedTesting.ts';
import type { CounterContext, CounterEvent, CounterSession } from './counterTypes.ts';

const ticket = (status: LocalTicket['status']): LocalTicket => ({
  ...sampleTicket({ ticketId: 't-42', displayNumber: 'M1-042', status, counterId: 2, calledAt: 0, callCount: 9 }),
  pending: false,
});
const session: CounterSession = { sessionId: 's1', token: 'tok', badge: '1234', name: 'Faisal', counterId: 2, expiresAt: 1e12, locked: false, lastActivityAt: 0 };
const input = { settings: { idleLockMinutes: 5 }, now: () => 1000 };
const fresh = initialContext(input);
const working = (work: string): StateValue => ({ signedIn: { work, watch: 'awake' } });

/** Where the officer works from, with a context missing what the records made from there need. */
const STRANDED: ReadonlyArray<[string, StateValue, CounterContext]> = [
  ['ready, without a session', working('ready'), fresh],
  ['on a break, without a session', working('onBreak'), { ...fresh, breakReason: 'prayer' }],
  ['a ticket called, without a session', working('called'), { ...fresh, ticket: ticket('called') }],
  ['a ticket served, without a session', working('serving'), { ...fresh, ticket: ticket('serving') }],
  ['called, without the ticket', working('called'), { ...fresh, session }],
  ['serving, without the ticket', working('serving'), { ...fresh, session }],
];

/** What the officer can do (and the no-show timer running out); the records never answer. */
const EVENTS: readonly CounterEvent[] = [
  { type: 'message.dismiss' },
  { type: 'terminal.lock' },
  { type: 'session.signOut' },
  { type: 'ticket.callNext' },
  { type: 'ticket.call', ticketId: 't-7', reason: 'elderly' },
  { type: 'ticket.resume', ticketId: '' },
  { type: 'break.start', reason: 'prayer' },
  { type: 'break.end' },
  { type: 'ticket.recall' },
  { type: 'ticket.start' },
  { type: 'ticket.noShow' },
  { type: 'ticket.complete' },
  { type: 'ticket.park' },
  { type: 'ticket.transfer', serviceGroup: 'residence', targetCounterId: null, reason: 'wrong queue' },
  { type: 'xstate.after.noShowTimeout.counter.signedIn.work.called' } as unknown as CounterEvent,
];

function recording() {
  const { sent, asks } = recorder();
  const logic = counterMachine.provide({
    // The rest are the machine's own no-ops; a sign-out names no counter it does not have.
    actors: { callNext: asks('callNext'), act: asks('act'), setBreak: asks('setBreak'), signOut: asks('signOut') },
  });
  return { logic, sent };
}

/** Counter 0 is made up too. */
const counterZero = (at: string, value: unknown): boolean => at.endsWith('.counterId') && value === 0;

describe('counter machine: nothing made up is recorded', () => {
  it.each(STRANDED)('stranded %s: no path records a made-up counter or ticket', (_, value, context) => {
    const { logic, sent } = recording();
    walkStranded(logic, input, () => counterMachine.resolveState({ value, context }), EVENTS);
    expect(placeholders(sent, counterZero)).toEqual([]);
  });

  it('builds no record without its values: it throws instead of making one up', () => {
    expect(() => callInput(fresh)).toThrow(/a call without a session/);
    expect(() => breakStart({ ...fresh, breakReason: 'prayer' })).toThrow(/a break without a session/);
    expect(() => breakStart({ ...fresh, session })).toThrow(/without its reason/);
    expect(() => breakEnd(fresh)).toThrow(/a break without a session/);
    expect(() => actInput({ ...fresh, session, step: 'start' })).toThrow(/a step without its ticket/);
    expect(() => actInput({ ...fresh, session, ticket: ticket('called') })).toThrow(/a step without its ticket/);
    expect(breakStart({ ...fresh, session, breakReason: 'prayer' })).toEqual({ counterId: 2, reason: 'prayer' });
    expect(actInput({ ...fresh, session, ticket: ticket('called'), step: 'start' })).toEqual({ step: 'start', ticketId: 't-42', counterId: 2, transfer: null });
  });
});

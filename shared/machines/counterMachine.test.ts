/**
 * The counter machine driven through an officer's day with fake actors and a simulated
 * clock: no database, no network, no waiting for real minutes.
 */
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, SimulatedClock, waitFor } from 'xstate';
import type { LocalTicket } from '../db/schema.ts';
import { sampleTicket } from '../domain/testing.ts';
import type { OfficerSession } from '../sync/protocol.ts';
import { counterMachine, type CounterSnapshot } from './counterMachine.ts';
import { availableSteps } from './counterSteps.ts';
import {
  CounterError,
  type ActInput,
  type CallInput,
  type CounterEvent,
  type CounterSession,
  type RejectionNotice,
  type RestoreOutput,
  type SignInInput,
  type SignInOutput,
  type SignOutInput,
  type TicketStep,
  type UnlockOutput,
} from './counterTypes.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function ticket(over: Partial<LocalTicket> = {}): LocalTicket {
  return {
    ...sampleTicket({
      ticketId: 't-42',
      officeId: 'o1',
      displayNumber: 'M1-042',
      serviceDay: '2025-01-01',
      status: 'called',
      issuedAt: 0,
      issuedVersion: 3,
      counterId: 2,
      officerBadge: '1234',
      calledAt: 0,
      callCount: 1,
      version: 0,
    }),
    pending: true,
    ...over,
  };
}

const session: OfficerSession = { sessionId: 's1', token: 'tok', badge: '1234', name: 'Faisal', counterId: 2, expiresAt: 12 * HOUR };

interface Fakes {
  restore?: RestoreOutput;
  signIn?: (input: SignInInput) => Promise<OfficerSession>;
  queue?: LocalTicket[];
  act?: (step: TicketStep, ticketId: string) => Promise<LocalTicket>;
  unlock?: (pin: string) => UnlockOutput;
}

/** Starts the machine with fakes; returns the actor, its clock and what the fakes saw. */
function start(fakes: Fakes = {}) {
  const clock = new SimulatedClock();
  const seen = {
    signOuts: [] as SignOutInput[],
    marked: [] as number[],
    locks: 0,
    activity: 0,
    calls: 0,
    acts: [] as ActInput[],
    callInputs: [] as CallInput[],
    breaks: [] as (string | null)[],
  };
  const queue = [...(fakes.queue ?? [])];
  let rejectionsOut: ((e: CounterEvent) => void) | null = null;
  const machine = counterMachine.provide({
    actors: {
      restore: fromPromise(async () => fakes.restore ?? { session: null, ticket: null }),
      signIn: fromPromise(async ({ input }: { input: SignInInput }): Promise<SignInOutput> => ({
        session: await (fakes.signIn ?? (async () => session))(input),
        ticket: null,
      })),
      callNext: fromPromise(async ({ input }: { input: CallInput }) => {
        seen.calls += 1;
        seen.callInputs.push(input);
        if (input.ticketId) return ticket({ ticketId: input.ticketId, status: 'called', calledAt: clock.now() });
        return queue.shift() ?? null;
      }),
      act: fromPromise(async ({ input }: { input: ActInput }) => {
        seen.acts.push(input);
        if (fakes.act) return fakes.act(input.step, input.ticketId);
        const status = { recall: 'called', start: 'serving', complete: 'done', noShow: 'noShow', park: 'parked', resume: 'serving', transfer: 'waiting' } as const;
        return ticket({ ticketId: input.ticketId, status: status[input.step] });
      }),
      unlock: fromPromise(async ({ input }: { input: { pin: string } }) =>
        (fakes.unlock ?? ((pin: string) => (pin === '4321' ? { outcome: 'unlocked' } : { outcome: 'wrong', attemptsLeft: 4 })))(input.pin),
      ),
      signOut: fromPromise(async ({ input }: { input: SignOutInput }) => {
        seen.signOuts.push(input);
      }),
      persistLock: fromPromise(async () => {
        seen.locks += 1;
      }),
      setBreak: fromPromise(async ({ input }: { input: { counterId: number; reason: string | null } }) => {
        seen.breaks.push(input.reason);
      }),
      recordActivity: fromPromise(async () => {
        seen.activity += 1;
      }),
      markSeen: fromPromise(async ({ input }: { input: { seqs: readonly number[] } }) => {
        seen.marked.push(...input.seqs);
      }),
      watchRejections: fromCallback<CounterEvent>(({ sendBack }) => {
        rejectionsOut = sendBack;
        return () => {
          rejectionsOut = null;
        };
      }),
    },
  });
  const actor = createActor(machine, { input: { settings: { idleLockMinutes: 5 }, now: () => clock.now() }, clock });
  actor.start();
  const reject = (rows: RejectionNotice[]): void => rejectionsOut?.({ type: 'rejections.changed', rejections: rows });
  return { actor, clock, seen, reject };
}

const at = (actor: ReturnType<typeof start>['actor'], state: Parameters<CounterSnapshot['matches']>[0]) =>
  waitFor(actor, (s) => s.matches(state), { timeout: 1000 });

async function signedIn(fakes: Fakes = {}) {
  const run = start(fakes);
  await at(run.actor, 'signedOut');
  run.actor.send({ type: 'session.signIn', badge: '1234', pin: '4321', counterId: 2 });
  await at(run.actor, { signedIn: { work: 'ready' } });
  return run;
}

describe('counterMachine', () => {
  it('takes a break with a reason, calls nobody during it, and comes back to work', async () => {
    const { actor, seen } = await signedIn({ queue: [ticket()] });
    expect(availableSteps(actor.getSnapshot()).break).toBe(true);
    actor.send({ type: 'break.start', reason: '   ' }); // a reason is needed
    expect(actor.getSnapshot().matches({ signedIn: { work: 'ready' } })).toBe(true);
    actor.send({ type: 'break.start', reason: ' prayer ' });
    await at(actor, { signedIn: { work: 'onBreak' } });
    expect(actor.getSnapshot().context.breakReason).toBe('prayer');
    expect(availableSteps(actor.getSnapshot())).toMatchObject({ callNext: false, break: false, endBreak: true, signOut: true });
    actor.send({ type: 'ticket.callNext' });
    expect(seen.calls).toBe(0);
    actor.send({ type: 'break.end' });
    await at(actor, { signedIn: { work: 'ready' } });
    expect(seen.breaks).toEqual(['prayer', null]);
    expect(actor.getSnapshot().context.breakReason).toBeNull();
  });

  it('comes back from a reload still on the break it was on', async () => {
    const stored: CounterSession = { ...session, locked: false, lastActivityAt: 0 };
    const { actor } = start({ restore: { session: stored, ticket: null, breakReason: 'meal' } });
    await at(actor, { signedIn: { work: 'onBreak' } });
    expect(actor.getSnapshot().context.breakReason).toBe('meal');
  });

  it('refuses a break while a ticket is called', async () => {
    const { actor } = await signedIn({ queue: [ticket()] });
    actor.send({ type: 'ticket.callNext' });
    await at(actor, { signedIn: { work: 'called' } });
    expect(availableSteps(actor.getSnapshot()).break).toBe(false);
  });

  it('walks the happy path: sign in, call, start, complete, back to ready', async () => {
    const { actor } = await signedIn({ queue: [ticket()] });
    expect(actor.getSnapshot().context.session?.badge).toBe('1234');
    expect(availableSteps(actor.getSnapshot())).toMatchObject({ callNext: true, start: false, complete: false, callTicket: true, resume: true, transfer: false });

    actor.send({ type: 'ticket.callNext' });
    await at(actor, { signedIn: { work: 'called' } });
    expect(actor.getSnapshot().context.ticket?.displayNumber).toBe('M1-042');
    expect(availableSteps(actor.getSnapshot())).toMatchObject({ callNext: false, recall: true, start: true, noShow: true, complete: false, transfer: true, callTicket: false, resume: false, break: false });

    actor.send({ type: 'ticket.recall' });
    await at(actor, { signedIn: { work: 'called' } });
    actor.send({ type: 'ticket.start' });
    await at(actor, { signedIn: { work: 'serving' } });
    expect(availableSteps(actor.getSnapshot())).toMatchObject({ complete: true, start: false, signOut: false, transfer: true, callTicket: false });

    actor.send({ type: 'ticket.complete' });
    await at(actor, { signedIn: { work: 'ready' } });
    expect(actor.getSnapshot().context.ticket).toBeNull();
  });

  it('a no-show also frees the counter', async () => {
    const { actor } = await signedIn({ queue: [ticket()] });
    actor.send({ type: 'ticket.callNext' });
    await at(actor, { signedIn: { work: 'called' } });
    actor.send({ type: 'ticket.noShow' });
    await at(actor, { signedIn: { work: 'ready' } });
    expect(actor.getSnapshot().context.ticket).toBeNull();
  });

  it('calls a ticket out of order only with a reason; parks, resumes and transfers', async () => {
    const { actor, seen } = await signedIn({ queue: [] });
    expect(actor.getSnapshot().can({ type: 'ticket.call', ticketId: 't-7', reason: '  ' })).toBe(false);
    actor.send({ type: 'ticket.call', ticketId: 't-7', reason: ' wheelchair user ' });
    await at(actor, { signedIn: { work: 'called' } });
    expect(seen.callInputs.at(-1)).toEqual({ counterId: 2, ticketId: 't-7', reason: 'wheelchair user' });
    actor.send({ type: 'ticket.start' });
    await at(actor, { signedIn: { work: 'serving' } });
    expect(availableSteps(actor.getSnapshot())).toMatchObject({ park: true, transfer: true, complete: true, callNext: false });
    actor.send({ type: 'ticket.park' });
    await at(actor, { signedIn: { work: 'ready' } });
    expect(actor.getSnapshot().context.ticket).toBeNull(); // the counter is free for the next resident
    expect(seen.acts.at(-1)).toMatchObject({ step: 'park', ticketId: 't-7' });
    actor.send({ type: 'ticket.resume', ticketId: 't-7' });
    await at(actor, { signedIn: { work: 'serving' } });
    expect(seen.acts.at(-1)).toMatchObject({ step: 'resume', ticketId: 't-7' });
    actor.send({ type: 'ticket.transfer', serviceGroup: 'finalExit', targetCounterId: 3, reason: ' needs final exit ' });
    await at(actor, { signedIn: { work: 'ready' } });
    expect(seen.acts.at(-1)).toEqual({ step: 'transfer', ticketId: 't-7', counterId: 2, transfer: { serviceGroup: 'finalExit', targetCounterId: 3, reason: 'needs final exit' } });
    expect(actor.getSnapshot().context.ticket).toBeNull();
  });

  it('stops recalls at the limit and marks a no-show when the last call times out', async () => {
    const { actor, clock, seen } = await signedIn({ queue: [ticket({ callCount: 3, calledAt: 0 })] });
    actor.send({ type: 'ticket.callNext' });
    await at(actor, { signedIn: { work: 'called' } });
    expect(availableSteps(actor.getSnapshot())).toMatchObject({ recall: false, start: true, noShow: true });
    clock.increment(119_000);
    expect(actor.getSnapshot().matches({ signedIn: { work: 'called' } })).toBe(true);
    clock.increment(1_000);
    await at(actor, { signedIn: { work: 'ready' } });
    expect(seen.acts.at(-1)).toMatchObject({ step: 'noShow', ticketId: 't-42' });
  });

  it('does not time out a ticket that may still be recalled', async () => {
    const { actor, clock, seen } = await signedIn({ queue: [ticket({ callCount: 1, calledAt: 0 })] });
    actor.send({ type: 'ticket.callNext' });
    await at(actor, { signedIn: { work: 'called' } });
    clock.increment(4 * 60_000); // under the idle lock, well past the no-show time
    expect(actor.getSnapshot().matches({ signedIn: { work: 'called' } })).toBe(true);
    expect(seen.acts).toEqual([]);
  });

  it('says so when nobody is waiting', async () => {
    const { actor, seen } = await signedIn({ queue: [] });
    actor.send({ type: 'ticket.callNext' });
    await waitFor(actor, () => seen.calls === 1 && actor.getSnapshot().matches({ signedIn: { work: 'ready' } }));
    expect(actor.getSnapshot().context.message?.code).toBe('nobody_waiting');
    actor.send({ type: 'message.dismiss' });
    expect(actor.getSnapshot().context.message).toBeNull();
  });

  it('shows a rule refusal and stays where it was', async () => {
    const refused = Object.assign(new Error('Ticket M1-042 belongs to counter 3'), {
      rule: { code: 'not_your_ticket', message: 'Ticket M1-042 belongs to counter 3', params: { number: 'M1-042', counter: 3 } },
    });
    const { actor } = await signedIn({ queue: [ticket()], act: async () => Promise.reject(refused) });
    actor.send({ type: 'ticket.callNext' });
    await at(actor, { signedIn: { work: 'called' } });
    actor.send({ type: 'ticket.start' });
    await waitFor(actor, (s) => s.context.message !== null);
    expect(actor.getSnapshot().matches({ signedIn: { work: 'called' } })).toBe(true);
    expect(actor.getSnapshot().context.message).toEqual({
      code: 'not_your_ticket',
      text: 'Ticket M1-042 belongs to counter 3',
      params: { number: 'M1-042', counter: 3 },
    });
  });

  it('reports a failed sign-in (wrong PIN, offline) and stays signed out', async () => {
    const run = start({
      signIn: async (input) => {
        throw input.pin === '0000'
          ? new CounterError('bad_credentials', 'Badge or PIN is wrong')
          : new CounterError('offline', 'Signing in needs the network');
      },
    });
    await at(run.actor, 'signedOut');
    run.actor.send({ type: 'session.signIn', badge: '1234', pin: '0000', counterId: 2 });
    await waitFor(run.actor, (s) => s.matches('signedOut') && s.context.message !== null);
    expect(run.actor.getSnapshot().context.message?.code).toBe('bad_credentials');
    run.actor.send({ type: 'session.signIn', badge: '1234', pin: '1111', counterId: 2 });
    await waitFor(run.actor, (s) => s.matches('signedOut') && s.context.message?.code === 'offline');
  });

  it('locks after the idle minutes, activity postpones it, the right PIN unlocks', async () => {
    const { actor, clock, seen } = await signedIn();
    clock.increment(4 * MINUTE);
    actor.send({ type: 'terminal.activity' });
    clock.increment(4 * MINUTE);
    expect(actor.getSnapshot().matches({ signedIn: { watch: 'awake' } })).toBe(true);
    clock.increment(1 * MINUTE);
    expect(actor.getSnapshot().matches({ signedIn: { watch: 'locked' } })).toBe(true);
    expect(seen.locks).toBe(1);
    expect(seen.activity).toBeGreaterThanOrEqual(2);

    // While locked, the work buttons do nothing.
    expect(availableSteps(actor.getSnapshot()).callNext).toBe(false);
    actor.send({ type: 'ticket.callNext' });
    expect(actor.getSnapshot().matches({ signedIn: { work: 'ready' } })).toBe(true);

    actor.send({ type: 'terminal.unlock', pin: '9999' });
    await waitFor(actor, (s) => s.context.attemptsLeft === 4);
    expect(actor.getSnapshot().matches({ signedIn: { watch: { locked: 'asking' } } })).toBe(true);

    actor.send({ type: 'terminal.unlock', pin: '4321' });
    await at(actor, { signedIn: { watch: 'awake' } });
    expect(actor.getSnapshot().context.attemptsLeft).toBeNull();
    expect(availableSteps(actor.getSnapshot()).callNext).toBe(true);
  });

  it('keeps the called ticket across the lock', async () => {
    const { actor } = await signedIn({ queue: [ticket()] });
    actor.send({ type: 'ticket.callNext' });
    await at(actor, { signedIn: { work: 'called' } });
    actor.send({ type: 'terminal.lock' });
    expect(actor.getSnapshot().matches({ signedIn: { watch: 'locked', work: 'called' } })).toBe(true);
    actor.send({ type: 'terminal.unlock', pin: '4321' });
    await at(actor, { signedIn: { watch: 'awake', work: 'called' } });
    expect(actor.getSnapshot().context.ticket?.displayNumber).toBe('M1-042');
  });

  it('signs out when too many wrong PINs end the session', async () => {
    const { actor, seen } = await signedIn({ unlock: () => ({ outcome: 'ended' }) });
    actor.send({ type: 'terminal.lock' });
    actor.send({ type: 'terminal.unlock', pin: '1111' });
    await at(actor, 'signedOut');
    expect(seen.signOuts).toEqual([{ reason: 'ended', counterId: 2 }]);
    expect(actor.getSnapshot().context.session).toBeNull();
  });

  it('explains a lost race plainly and offers the next ticket', async () => {
    const next = ticket({ ticketId: 't-43', displayNumber: 'M1-043' });
    const { actor, seen, reject } = await signedIn({ queue: [ticket(), next] });
    actor.send({ type: 'ticket.callNext' });
    await at(actor, { signedIn: { work: 'called' } });

    const rule = { number: 'M1-042', counter: 3 };
    reject([
      { seq: 7, ticketId: 't-42', code: 'already_called', message: 'Ticket M1-042 was already called by counter 3', params: rule },
      { seq: 9, ticketId: 'other', code: 'invalid_transition', message: 'Ticket M1-001 is done', params: {} },
    ]);
    await waitFor(actor, (s) => s.matches({ signedIn: { work: 'ready' } }) && seen.marked.length > 0);
    const { message, ticket: current } = actor.getSnapshot().context;
    expect(message?.text).toBe('Ticket M1-042 was already called by counter 3');
    expect(message?.params).toMatchObject({ number: 'M1-042', counter: 3 });
    expect(current).toBeNull();
    expect(seen.marked).toEqual([7]); // the unrelated refusal is left for the refused-changes list
    expect(availableSteps(actor.getSnapshot()).callNext).toBe(true);

    // A later refusal of the same ticket (its start) is an echo: marked seen, no second message.
    reject([{ seq: 8, ticketId: 't-42', code: 'not_your_ticket', message: 'Ticket M1-042 belongs to counter 3', params: rule }]);
    await waitFor(actor, () => seen.marked.includes(8));

    actor.send({ type: 'ticket.callNext' });
    await at(actor, { signedIn: { work: 'called' } });
    expect(actor.getSnapshot().context.ticket?.displayNumber).toBe('M1-043');
    expect(actor.getSnapshot().context.message).toBeNull();
  });

  it('restores a serving ticket after a reload, locked if it was idle too long', async () => {
    const stored: CounterSession = { ...session, locked: false, lastActivityAt: -10 * MINUTE };
    const { actor } = start({ restore: { session: stored, ticket: ticket({ status: 'serving' }) } });
    await at(actor, { signedIn: { work: 'serving', watch: 'locked' } });
    expect(actor.getSnapshot().context.ticket?.status).toBe('serving');
  });

  it('restores an active session straight to work', async () => {
    const stored: CounterSession = { ...session, locked: false, lastActivityAt: 0 };
    const { actor } = start({ restore: { session: stored, ticket: ticket() } });
    await at(actor, { signedIn: { work: 'called', watch: 'awake' } });
  });

  it('signs out when the session expires, and closes the counter', async () => {
    const { actor, clock, seen } = await signedIn({ signIn: async () => ({ ...session, expiresAt: 2 * MINUTE }) });
    actor.send({ type: 'terminal.activity' });
    clock.increment(2 * MINUTE);
    await at(actor, 'signedOut');
    expect(seen.signOuts).toEqual([{ reason: 'expired', counterId: 2 }]);
    expect(actor.getSnapshot().context.message?.code).toBe('session_expired');
  });

  it('a stored session that already expired goes straight to signed out', async () => {
    const stored: CounterSession = { ...session, expiresAt: -1, locked: false, lastActivityAt: 0 };
    const { actor, seen } = start({ restore: { session: stored, ticket: null } });
    await at(actor, 'signedOut');
    expect(seen.signOuts[0]?.reason).toBe('expired');
  });

  it('signs out only from ready (or the lock screen)', async () => {
    const { actor, seen } = await signedIn({ queue: [ticket()] });
    actor.send({ type: 'ticket.callNext' });
    await at(actor, { signedIn: { work: 'called' } });
    expect(availableSteps(actor.getSnapshot()).signOut).toBe(false);
    actor.send({ type: 'terminal.lock' });
    actor.send({ type: 'session.signOut' });
    await at(actor, 'signedOut');
    expect(seen.signOuts).toEqual([{ reason: 'user', counterId: 2 }]);
  });
  it('a work step counts as activity for the idle lock', async () => {
    const { actor, clock } = await signedIn({ queue: [ticket()] });
    clock.increment(4 * MINUTE);
    actor.send({ type: 'ticket.callNext' });
    await at(actor, { signedIn: { work: 'called' } });
    clock.increment(4 * MINUTE);
    expect(actor.getSnapshot().matches({ signedIn: { watch: 'awake' } })).toBe(true);
    clock.increment(1 * MINUTE);
    expect(actor.getSnapshot().matches({ signedIn: { watch: 'locked', work: 'called' } })).toBe(true);
  });

  it('a refusal that arrives while a step is being written is explained right after it', async () => {
    let finish: (t: LocalTicket) => void = () => undefined;
    const { actor, seen, reject } = await signedIn({
      queue: [ticket()],
      act: () => new Promise<LocalTicket>((resolve) => (finish = resolve)),
    });
    actor.send({ type: 'ticket.callNext' });
    await at(actor, { signedIn: { work: 'called' } });
    actor.send({ type: 'ticket.start' });
    await at(actor, { signedIn: { work: 'acting' } });
    reject([{ seq: 3, ticketId: 't-42', code: 'already_called', message: 'Ticket M1-042 was already called by counter 3', params: { number: 'M1-042', counter: 3 } }]);
    expect(actor.getSnapshot().matches({ signedIn: { work: 'acting' } })).toBe(true);
    finish(ticket({ status: 'serving' }));
    await waitFor(actor, (s) => s.matches({ signedIn: { work: 'ready' } }) && seen.marked.includes(3));
    expect(actor.getSnapshot().context.message?.code).toBe('already_called');
  });

  it('signs out when a supervisor ended the session', async () => {
    const { actor, seen } = await signedIn();
    actor.send({ type: 'session.ended' });
    await at(actor, 'signedOut');
    expect(seen.signOuts).toEqual([{ reason: 'ended', counterId: 2 }]);
    expect(actor.getSnapshot().context.message?.code).toBe('session_ended');
  });
});

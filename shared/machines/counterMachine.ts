/**
 * The counter terminal as one state machine, so an officer's whole day (sign in, call,
 * start, complete, no-show, the idle lock, a lost race with another counter, session
 * expiry) is explicit and testable without a browser. Every side effect is a named actor
 * (`restore`, `signIn`, `callNext`, `act`, `unlock`, `signOut`, ...): the app provides
 * implementations over the device database and the API; tests provide fakes.
 *
 * While signed in, two regions run side by side: `work` (what happens to tickets) and
 * `watch` (the idle lock). Activity re-enters `watch.awake`, which restarts its timer
 * without disturbing a call or a start still being written in `work`.
 *
 * Its vocabulary (input, context, events, the actors' inputs and outputs) is in
 * counterTypes.ts, its decisions as plain functions in counterContext.ts, and which
 * buttons the screen may enable in counterSteps.ts.
 */
import { and, assertEvent, assign, fromCallback, fromPromise, raise, setup, stateIn, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import { canRecall, queueSettingsOf } from '../domain/queue.ts';
import type { LocalTicket } from '../db/schema.ts';
import {
  actInput, afterStep, atCounter, attemptsLeftAfter, beginStep, beginTransfer, breakEnd, breakRequested, breakStart,
  callInput, callRequested, consumable, initialContext, NOBODY_WAITING, noShowMs, onTicket, reasonGiven, restored,
  restoredExpired, resumeRequested, sessionExpiryMs, signedIn, signedOut, STEP_CLEARED, takeRejections,
} from './counterContext.ts';
import {
  errorOf, messageOf, type ActInput, type CallInput, type CounterContext, type CounterEvent, type CounterInput, type RejectionNotice,
  type RestoreOutput, type SignInInput, type SignInOutput, type SignOutInput, type TicketStep, type TransferRequest, type UnlockOutput,
} from './counterTypes.ts';

/** The refused changes a `rejections.changed` event carries, as `noteRejections`' params. */
const rejectionsOf = ({ event }: { readonly event: { readonly rejections: readonly RejectionNotice[] } }) => ({ rejections: event.rejections });

function notProvided(name: string): never {
  throw new Error(`counter machine: actor "${name}" was not provided`);
}

export const counterMachine = setup({
  types: {
    context: {} as CounterContext,
    events: {} as CounterEvent,
    input: {} as CounterInput,
  },
  actors: {
    restore: fromPromise<RestoreOutput, void>(async () => notProvided('restore')),
    signIn: fromPromise<SignInOutput, SignInInput>(async () => notProvided('signIn')),
    callNext: fromPromise<LocalTicket | null, CallInput>(async () => notProvided('callNext')),
    act: fromPromise<LocalTicket, ActInput>(async () => notProvided('act')),
    unlock: fromPromise<UnlockOutput, { pin: string }>(async () => notProvided('unlock')),
    signOut: fromPromise<void, SignOutInput>(async () => notProvided('signOut')),
    /** Records the start of a break (a reason) or its end (null). */
    setBreak: fromPromise<void, { counterId: number; reason: string | null }>(async () => notProvided('setBreak')),
    /** Stores that the terminal is locked (a reload must not unlock it). */
    persistLock: fromPromise<void, void>(async () => undefined),
    /** Stores the time of the officer's last activity. */
    recordActivity: fromPromise<void, void>(async () => undefined),
    /** Marks refused changes as seen once the machine has shown them. */
    markSeen: fromPromise<void, { seqs: readonly number[] }>(async () => undefined),
    /** Sends `rejections.changed` whenever the device's unseen refused changes change. */
    watchRejections: fromCallback<CounterEvent>(() => undefined),
    /** Sends `session.ended` when the server says the officer's session is gone. */
    watchSession: fromCallback<CounterEvent>(() => undefined),
  },
  delays: {
    idleLock: ({ context }) => Math.max(1, context.settings.idleLockMinutes) * 60_000,
    sessionExpiry: ({ context }) => sessionExpiryMs(context),
    /** From the last allowed call until the resident counts as not coming. */
    noShowTimeout: ({ context }) => noShowMs(context),
  },
  guards: {
    awake: stateIn('#counter.signedIn.watch.awake'),
    startLocked: ({ context }) => context.startLocked,
    ticketServing: ({ context }) => context.ticket?.status === 'serving',
    ticketCalled: ({ context }) => context.ticket?.status === 'called',
    canRecall: ({ context }) => context.ticket !== null && canRecall(context.ticket, queueSettingsOf(context.settings)),
    lastCallMade: ({ context }) => context.ticket !== null && !canRecall(context.ticket, queueSettingsOf(context.settings)),
    hasConsumable: ({ context }) => consumable(context).length > 0,
    onBreak: ({ context }) => context.breakReason !== null,
    /** A call out of order names its ticket and gives a reason; a break gives its reason; a resumed ticket is named. */
    callGiven: ({ event }) => event.type === 'ticket.call' && reasonGiven(event.reason) && event.ticketId.length > 0,
    breakGiven: ({ event }) => event.type === 'break.start' && reasonGiven(event.reason),
    resumeGiven: ({ event }) => event.type === 'ticket.resume' && event.ticketId.length > 0,
    /** Signed in (a call or a break is recorded for the session's counter); with a ticket, for a step on it. */
    atCounter: ({ context }) => atCounter(context),
    onTicket: ({ context }) => onTicket(context),
  },
  actions: {
    clearMessage: assign({ message: null }),
    /** A work step counts as activity: the officer is at the terminal. */
    active: raise({ type: 'terminal.activity' }),
    /** What went wrong, for the officer to read. */
    showError: assign((_, params: { error: unknown }) => ({ message: messageOf(params.error) })),
    noteRejections: assign((_, params: { rejections: readonly RejectionNotice[] }) => ({ unseen: params.rejections })),
    /** A step on the current ticket begins (it is written in `work.acting`). */
    beginStep: assign((_, params: { step: TicketStep }) => beginStep(params.step)),
    noteTransfer: assign((_, params: TransferRequest) => beginTransfer(params)),
  },
}).createMachine({
  id: 'counter',
  context: ({ input }) => initialContext(input),
  initial: 'restoring',
  states: {
    /** A reload must lose nothing: read the session and the counter's open ticket back. */
    restoring: {
      invoke: {
        src: 'restore',
        onDone: [
          {
            guard: ({ context, event }) => restoredExpired(context, event.output),
            target: 'signingOut',
            actions: assign({ session: ({ event }) => event.output.session, endReason: 'expired' }),
          },
          { guard: ({ event }) => event.output.session !== null, target: 'signedIn', actions: assign(({ context, event }) => restored(context, event.output)) },
          { target: 'signedOut' },
        ],
        onError: { target: 'signedOut', actions: { type: 'showError', params: errorOf } },
      },
    },
    signedOut: {
      on: {
        'session.signIn': { target: 'signingIn', actions: 'clearMessage' },
        'message.dismiss': { actions: 'clearMessage' },
      },
    },
    signingIn: {
      invoke: {
        src: 'signIn',
        input: ({ event }) => {
          // Only `session.signIn` leads here.
          assertEvent(event, 'session.signIn');
          return { badge: event.badge, pin: event.pin, counterId: event.counterId };
        },
        onDone: { target: 'signedIn', actions: assign(({ event }) => signedIn(event.output)) },
        onError: { target: 'signedOut', actions: { type: 'showError', params: errorOf } },
      },
    },
    signedIn: {
      type: 'parallel',
      invoke: [{ src: 'watchRejections' }, { src: 'watchSession' }],
      after: { sessionExpiry: { target: 'signingOut', actions: assign({ endReason: 'expired' }) } },
      on: { 'session.ended': { target: 'signingOut', actions: assign({ endReason: 'ended' }) } },
      states: {
        work: {
          initial: 'resume',
          on: {
            'rejections.changed': { actions: { type: 'noteRejections', params: rejectionsOf } },
            'message.dismiss': { actions: ['clearMessage', 'active'] },
          },
          states: {
            /** Picks the state that fits the ticket; first explains any refused change about it. */
            resume: {
              always: [
                { guard: 'hasConsumable', target: 'acknowledging', actions: assign(({ context }) => takeRejections(context)) },
                { guard: 'ticketServing', target: 'serving' },
                { guard: 'ticketCalled', target: 'called' },
                { guard: 'onBreak', target: 'onBreak', actions: assign({ ticket: null }) },
                { target: 'ready', actions: assign({ ticket: null }) },
              ],
            },
            acknowledging: {
              invoke: {
                src: 'markSeen',
                input: ({ context }) => ({ seqs: context.acknowledging }),
                onDone: { target: 'resume', actions: assign({ acknowledging: [] }) },
                onError: { target: 'resume', actions: assign({ acknowledging: [] }) },
              },
            },
            ready: {
              // Calling a chosen ticket, resuming a parked one and a break start here (availableSteps in counterSteps.ts reads the tag).
              tags: ['ready'],
              on: {
                'ticket.callNext': { guard: and(['awake', 'atCounter']), target: 'calling', actions: ['clearMessage', 'active', assign({ callRequest: null })] },
                'ticket.call': { guard: and(['callGiven', 'atCounter']), target: 'calling', actions: ['clearMessage', 'active', assign(({ event }) => callRequested(event))] },
                'ticket.resume': { guard: and(['resumeGiven', 'atCounter']), target: 'acting', actions: [assign(({ event }) => resumeRequested(event)), 'active'] },
                'session.signOut': { guard: 'awake', target: '#counter.signingOut', actions: assign({ endReason: 'user' }) },
                'break.start': { guard: and(['breakGiven', 'atCounter']), target: 'startingBreak', actions: ['clearMessage', 'active', assign(({ event }) => breakRequested(event))] },
                'rejections.changed': { target: 'resume', actions: { type: 'noteRejections', params: rejectionsOf } },
              },
            },
            /** Nobody is called while the officer is away; the break's start and end are recorded. */
            startingBreak: {
              invoke: {
                src: 'setBreak',
                input: ({ context }) => breakStart(context),
                onDone: 'onBreak',
                onError: { target: 'resume', actions: [{ type: 'showError', params: errorOf }, assign({ breakReason: null })] },
              },
            },
            onBreak: {
              on: {
                'break.end': { guard: 'atCounter', target: 'endingBreak', actions: ['clearMessage', 'active'] },
                'session.signOut': { guard: 'awake', target: '#counter.signingOut', actions: assign({ endReason: 'user' }) },
              },
            },
            endingBreak: {
              invoke: {
                src: 'setBreak',
                input: ({ context }) => breakEnd(context),
                onDone: { target: 'resume', actions: assign({ breakReason: null }) },
                onError: { target: 'onBreak', actions: { type: 'showError', params: errorOf } },
              },
            },
            calling: {
              invoke: {
                src: 'callNext',
                input: ({ context }) => callInput(context),
                onDone: [
                  { guard: ({ event }) => event.output === null, target: 'ready', actions: assign({ message: NOBODY_WAITING }) },
                  { target: 'resume', actions: assign({ ticket: ({ event }) => event.output }) },
                ],
                onError: { target: 'resume', actions: { type: 'showError', params: errorOf } },
              },
            },
            called: {
              tags: ['withTicket'],
              // After the last allowed call, a resident who does not come is marked no-show by itself.
              after: {
                noShowTimeout: { guard: and(['lastCallMade', 'onTicket']), target: 'acting', actions: { type: 'beginStep', params: { step: 'noShow' } } },
              },
              on: {
                'ticket.recall': { guard: and(['awake', 'onTicket', 'canRecall']), target: 'acting', actions: [{ type: 'beginStep', params: { step: 'recall' } }, 'active'] },
                'ticket.start': { guard: and(['awake', 'onTicket']), target: 'acting', actions: [{ type: 'beginStep', params: { step: 'start' } }, 'active'] },
                'ticket.noShow': { guard: and(['awake', 'onTicket']), target: 'acting', actions: [{ type: 'beginStep', params: { step: 'noShow' } }, 'active'] },
                'ticket.transfer': { guard: and(['awake', 'onTicket']), target: 'acting', actions: [{ type: 'noteTransfer', params: ({ event }) => event }, 'active'] },
                'rejections.changed': { target: 'resume', actions: { type: 'noteRejections', params: rejectionsOf } },
              },
            },
            serving: {
              tags: ['withTicket'],
              on: {
                'ticket.complete': { guard: and(['awake', 'onTicket']), target: 'acting', actions: [{ type: 'beginStep', params: { step: 'complete' } }, 'active'] },
                'ticket.park': { guard: and(['awake', 'onTicket']), target: 'acting', actions: [{ type: 'beginStep', params: { step: 'park' } }, 'active'] },
                'ticket.transfer': { guard: and(['awake', 'onTicket']), target: 'acting', actions: [{ type: 'noteTransfer', params: ({ event }) => event }, 'active'] },
                'rejections.changed': { target: 'resume', actions: { type: 'noteRejections', params: rejectionsOf } },
              },
            },
            acting: {
              invoke: {
                src: 'act',
                input: ({ context }) => actInput(context),
                onDone: { target: 'resume', actions: assign(({ event }) => afterStep(event.output)) },
                onError: { target: 'resume', actions: [{ type: 'showError', params: errorOf }, assign(STEP_CLEARED)] },
              },
            },
          },
        },
        watch: {
          initial: 'check',
          states: {
            check: { always: [{ guard: 'startLocked', target: 'locked' }, { target: 'awake' }] },
            /**
             * Re-entered on every activity (the screen's touches and keys, and each step `work`
             * takes, which raises `terminal.activity`), restarting the idle timer and storing the time.
             */
            awake: {
              invoke: { src: 'recordActivity' },
              after: { idleLock: 'locked' },
              on: { 'terminal.activity': { target: 'awake', reenter: true }, 'terminal.lock': 'locked' },
            },
            locked: {
              invoke: { src: 'persistLock' },
              initial: 'asking',
              on: { 'session.signOut': { target: '#counter.signingOut', actions: assign({ endReason: 'user' }) } },
              states: {
                asking: { on: { 'terminal.unlock': { guard: ({ event }) => event.pin.length > 0, target: 'checking' } } },
                checking: {
                  invoke: {
                    src: 'unlock',
                    input: ({ event }) => {
                      // Only `terminal.unlock` (with a PIN) leads here.
                      assertEvent(event, 'terminal.unlock');
                      return { pin: event.pin };
                    },
                    onDone: [
                      { guard: ({ event }) => event.output.outcome === 'unlocked', target: '#counter.signedIn.watch.awake', actions: assign({ attemptsLeft: null, startLocked: false }) },
                      { guard: ({ event }) => event.output.outcome === 'ended', target: '#counter.signingOut', actions: assign({ endReason: 'ended', attemptsLeft: null }) },
                      { target: 'asking', actions: assign(({ event }) => ({ attemptsLeft: attemptsLeftAfter(event.output) })) },
                    ],
                    onError: { target: 'asking', actions: { type: 'showError', params: errorOf } },
                  },
                },
              },
            },
          },
        },
      },
    },
    /** Closes the counter and forgets the session (the officer's choice, expiry, or a supervisor). */
    signingOut: {
      invoke: {
        src: 'signOut',
        input: ({ context }) => ({ reason: context.endReason ?? 'user', counterId: context.session?.counterId ?? null }),
        onDone: 'signedOut',
        onError: 'signedOut',
      },
      exit: assign(({ context }) => signedOut(context)),
    },
  },
});

export type CounterMachine = typeof counterMachine;
export type CounterActorRef = ActorRefFrom<CounterMachine>;
export type CounterSnapshot = SnapshotFrom<CounterMachine>;

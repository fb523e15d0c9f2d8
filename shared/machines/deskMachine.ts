/**
 * The transaction desk as a machine (issue 14): one transaction machine at a time for the
 * ticket being served.
 *
 *   loading → serving (the newest draft resumed, or the service chosen at the kiosk) | choosing
 *   serving: the transaction machine, invoked as a child; each step it shows is written as
 *     a draft, so a reload or a crash resumes the same step with the same data
 *   → ending (the drafts written) → [recording: a cancellation, its reason and step]
 *   → deleting the draft → serving (a parcel for the same person, or a representative's
 *     next employee) | closing → closed
 *
 * Drafts are written in a region of their own, one write at a time and always the newest
 * step, so an earlier step never overwrites a later one, and the desk ends only once the
 * last write landed. The device's writes are named actors the counter provides
 * (counter/transaction/deskActors.ts); tests provide fakes.
 */
import {
  and,
  assign,
  fromPromise,
  setup,
  stateIn,
  type ActorLogic,
  type ActorRefFromLogic,
  type EmittedFrom,
  type SnapshotFrom,
} from 'xstate';
import type { TransactionCancellation } from '../db/transactions.ts';
import type { ServiceId } from '../domain/catalog.ts';
import {
  cancellation,
  cancelledWithReason,
  counted,
  initialContext,
  kioskService,
  newTransaction,
  resumeDraft,
  started,
  type DeskContext,
  type DeskDraft,
  type DeskInput,
  type DraftValue,
  type TransactionStart,
} from './deskContext.ts';
import { stepOf, transactionMachine, type TransactionMachine, type TransactionSnapshot } from './transactionMachine.ts';
import type { TransactionEvent } from './transactionTypes.ts';

export type DeskEvent =
  /** The officer chose the service (no draft, and none chosen at the kiosk). */
  | { readonly type: 'desk.choose'; readonly service: ServiceId }
  /** Leave the service chooser without a transaction. */
  | { readonly type: 'desk.close' };

type TransactionSystem = Parameters<TransactionMachine['transition']>[2]['system'];

/** The transaction machine as the desk invokes it: begun from its input, or resumed from a saved draft. */
export type ResumableTransaction = ActorLogic<TransactionSnapshot, TransactionEvent, TransactionStart, TransactionSystem, EmittedFrom<TransactionMachine>>;

/**
 * Wraps `machine` (with its actors provided) so an invoked child can start from a draft:
 * XState's `invoke` passes an input but no snapshot. A draft this version cannot read
 * fails the child at its start, which the desk sees as the child's error.
 */
export function resumable(machine: TransactionMachine): ResumableTransaction {
  return {
    config: machine.config,
    transition: (snapshot, event, scope) => machine.transition(snapshot, event, scope),
    start: (snapshot) => machine.start(snapshot),
    getInitialSnapshot: (scope, start) => (start.draft ? machine.restoreSnapshot(start.draft, scope) : machine.getInitialSnapshot(scope, start.input)),
    getPersistedSnapshot: (snapshot, options) => machine.getPersistedSnapshot(snapshot, options),
    restoreSnapshot: (snapshot, scope) => machine.restoreSnapshot(snapshot, scope),
  };
}

function notProvided(name: string): never {
  throw new Error(`desk machine: actor "${name}" was not provided`);
}

/** The draft of a step the transaction shows: its persisted snapshot. */
function draftOf(snapshot: TransactionSnapshot): DeskDraft {
  const { transactionId, ticketId } = snapshot.context;
  return { transactionId, ticketId, value: snapshot.machine.getPersistedSnapshot(snapshot) as DraftValue };
}

export const deskMachine = setup({
  types: {
    context: {} as DeskContext,
    events: {} as DeskEvent,
    input: {} as DeskInput,
    children: {} as { transaction: 'transaction' },
  },
  actors: {
    transaction: resumable(transactionMachine),
    /** The signed-in officer's drafts, newest first. */
    loadDrafts: fromPromise<readonly DeskDraft[]>(async () => notProvided('loadDrafts')),
    saveDraft: fromPromise<void, DeskDraft>(async () => notProvided('saveDraft')),
    deleteDraft: fromPromise<void, { transactionId: string }>(async () => notProvided('deleteDraft')),
    /** Records (through the outbox) that the officer cancelled a transaction, and why. */
    recordCancel: fromPromise<void, TransactionCancellation>(async () => notProvided('recordCancel')),
  },
  guards: {
    /** Every draft written: nothing waits, nothing is being written. */
    settled: ({ context }) => context.unsaved === null && context.writing === null,
    unsaved: ({ context }) => context.unsaved !== null,
    fromKiosk: ({ context }) => kioskService(context) !== null,
    cancelled: ({ context }) => cancelledWithReason(context),
    parcel: ({ context }) => context.ended?.outcome === 'parcel' && context.ended.person !== null,
    nextEmployee: ({ context }) => context.ended?.outcome === 'next' && context.ended.representativeFor !== null,
    /** A resumed draft failed before it showed a step: this version cannot resume it. */
    unresumable: ({ context }) => context.current !== null && context.current.draft !== null && context.step === null,
  },
  actions: {
    begin: assign((_, params: { start: TransactionStart }) => ({ current: params.start, step: null, ended: null })),
    report: (_, params: { what: string; error: unknown }) => console.error(params.what, params.error),
  },
}).createMachine({
  id: 'desk',
  type: 'parallel',
  context: ({ input }) => initialContext(input),
  states: {
    flow: {
      initial: 'loading',
      states: {
        loading: {
          invoke: {
            src: 'loadDrafts',
            onDone: [
              {
                guard: ({ event }) => event.output.length > 0,
                target: 'serving',
                actions: [
                  { type: 'begin', params: ({ event }) => ({ start: resumeDraft(newest(event.output)) }) },
                  assign({ resumed: true }),
                ],
              },
              { guard: 'fromKiosk', target: 'serving', actions: { type: 'begin', params: ({ context }) => ({ start: fromKiosk(context) }) } },
              { target: 'choosing' },
            ],
            // Unreadable drafts are the vault's to drop; the officer still gets a desk.
            onError: [
              {
                guard: 'fromKiosk',
                target: 'serving',
                actions: [
                  { type: 'report', params: ({ event }) => ({ what: 'drafts not loaded', error: event.error }) },
                  { type: 'begin', params: ({ context }) => ({ start: fromKiosk(context) }) },
                ],
              },
              { target: 'choosing', actions: { type: 'report', params: ({ event }) => ({ what: 'drafts not loaded', error: event.error }) } },
            ],
          },
        },
        choosing: {
          on: {
            'desk.choose': { target: 'serving', actions: { type: 'begin', params: ({ context, event }) => ({ start: newTransaction(context, event.service) }) } },
            'desk.close': 'closing',
          },
        },
        serving: {
          tags: ['serving'],
          invoke: {
            id: 'transaction',
            src: 'transaction',
            input: ({ context }) => started(context),
            // Every step the transaction shows (never its end): remembered, and queued to be written.
            onSnapshot: { actions: assign(({ event }) => ({ step: stepOf(event.snapshot), unsaved: draftOf(event.snapshot) })) },
            onDone: { target: 'ending', actions: assign(({ context, event }) => ({ ended: event.output, batch: counted(context.batch, event.output) })) },
            onError: [
              {
                guard: 'unresumable',
                target: 'dropping',
                actions: { type: 'report', params: ({ event }) => ({ what: 'transaction could not be resumed', error: event.error }) },
              },
              // Kept: opening the desk again resumes it (or drops it, if it cannot).
              { target: 'closing', actions: { type: 'report', params: ({ event }) => ({ what: 'transaction failed', error: event.error }) } },
            ],
          },
        },
        ending: {
          always: [
            { guard: and(['settled', 'cancelled']), target: 'recording' },
            { guard: 'settled', target: 'deleting' },
          ],
        },
        recording: {
          invoke: {
            src: 'recordCancel',
            input: ({ context }) => cancellation(context),
            onDone: 'deleting',
            // Not recorded: the draft stays, so the cancellation can be made again.
            onError: { target: 'closing', actions: { type: 'report', params: ({ event }) => ({ what: 'cancellation not recorded', error: event.error }) } },
          },
        },
        deleting: {
          invoke: {
            src: 'deleteDraft',
            input: ({ context }) => ({ transactionId: started(context).input.transactionId }),
            onDone: 'following',
            onError: { target: 'following', actions: { type: 'report', params: ({ event }) => ({ what: 'draft not deleted', error: event.error }) } },
          },
        },
        /** What follows a transaction: a parcel for the same person, the representative's next employee, or nothing. */
        following: {
          always: [
            {
              guard: 'parcel',
              target: 'serving',
              actions: { type: 'begin', params: ({ context }) => ({ start: newTransaction(context, 'parcel.add', { person: context.ended?.person ?? null }) }) },
            },
            {
              guard: 'nextEmployee',
              target: 'serving',
              actions: {
                type: 'begin',
                params: ({ context }) => ({
                  start: newTransaction(context, started(context).input.service, { representativeFor: context.ended?.representativeFor ?? null }),
                }),
              },
            },
            { target: 'closing' },
          ],
        },
        /** A draft this version cannot resume (updates wait for drafts to finish, so it should not happen). */
        dropping: {
          invoke: {
            src: 'deleteDraft',
            input: ({ context }) => ({ transactionId: started(context).input.transactionId }),
            onDone: 'closing',
            onError: 'closing',
          },
        },
        closing: { always: { guard: 'settled', target: 'closed' } },
        closed: { type: 'final' },
      },
    },
    drafts: {
      initial: 'idle',
      states: {
        idle: {
          always: [
            { guard: 'unsaved', target: 'writing', actions: assign(({ context }) => ({ writing: context.unsaved, unsaved: null })) },
            { guard: stateIn({ flow: 'closed' }), target: 'stopped' },
          ],
        },
        writing: {
          invoke: {
            src: 'saveDraft',
            input: ({ context }) => beingWritten(context),
            onDone: { target: 'idle', actions: assign({ writing: null }) },
            onError: {
              target: 'idle',
              actions: [assign({ writing: null }), { type: 'report', params: ({ event }) => ({ what: 'draft not saved', error: event.error }) }],
            },
          },
        },
        stopped: { type: 'final' },
      },
    },
  },
});

/** The newest of the drafts loaded (guarded: there is one). */
function newest(drafts: readonly DeskDraft[]): DraftValue {
  const [first] = drafts;
  if (!first) throw new Error('desk machine: no draft to resume');
  return first.value;
}

/** The draft the `writing` state writes (set as it is entered). */
function beingWritten(context: DeskContext): DeskDraft {
  if (!context.writing) throw new Error('desk machine: no draft to write');
  return context.writing;
}

/** The kiosk's service as a new transaction (guarded by `fromKiosk`). */
function fromKiosk(context: DeskContext): TransactionStart {
  const service = kioskService(context);
  if (!service) throw new Error('desk machine: no service from the kiosk');
  return newTransaction(context, service);
}

export type DeskMachine = typeof deskMachine;
export type DeskSnapshot = SnapshotFrom<DeskMachine>;
/** The transaction child as the desk's screen sends it events and reads its steps. */
export type DeskTransactionRef = ActorRefFromLogic<ResumableTransaction>;

/**
 * One counter transaction as a state machine, the same shared steps composed per service
 * (shared/domain/transactionSteps.ts):
 *
 *   identify → fetching → [verify: sending → entering → checking] → [form] → eligibility
 *     → ineligible | [quote → payment] → review → submitting → waiting
 *     → completed → [receipt] → done | parcel      or      → rejected → done
 *
 * and `cancelled` (with the officer's reason) from any step before the transaction is
 * submitted; after that the store decides. Every step that needs the store (the record,
 * the code, the decision) waits visibly when the network is down and carries on by itself
 * (`*Wait` states retry on a timer, or at once on `network.retry`). The machine is pure:
 * the record, the code and the submission come in through named actors the app provides
 * (counter/transaction/transactionActors.ts) and tests replace. Its vocabulary (input,
 * context, events, the actors' shapes, output) is in transactionTypes.ts, its decisions as
 * plain functions in transactionContext.ts. Its snapshot is
 * plain data, so the app saves it (encrypted) at every step and a reload resumes the same
 * step.
 */
import { and, assign, fromCallback, fromPromise, setup, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import { checkIdNumber } from '../domain/identity.ts';
import type { PersonLookup } from '../domain/resident.ts';
import { CANCEL_REASON } from '../sync/transactionArgs.ts';
import { errorOf, messageOf, SPENT_CODES } from './counterTypes.ts';
import {
  byIdNumber, byVisaNumber, CODE_FORMAT, codeCheck, codeEntered, codeRequest, decided, fetchInput, initialContext,
  INVALID_ID_NUMBER, INVALID_VISA_NUMBER, isCodeFormat, isTenDigits, lookingUp, outputOf, paymentOf, personKnown, submission, submittable,
} from './transactionContext.ts';
import {
  RETRY_MS, type FetchInput, type SentCode, type StepMeta, type SubmitInput, type TransactionContext,
  type TransactionEvent, type TransactionInput, type TransactionOutput, type TransactionStep,
} from './transactionTypes.ts';

function notProvided(name: string): never {
  throw new Error(`transaction machine: actor "${name}" was not provided`);
}

export const transactionMachine = setup({
  types: {
    context: {} as TransactionContext,
    events: {} as TransactionEvent,
    input: {} as TransactionInput,
    output: {} as TransactionOutput,
    meta: {} as StepMeta,
  },
  actors: {
    fetchRecord: fromPromise<{ idNumber: string; lookup: PersonLookup }, FetchInput>(async () => notProvided('fetchRecord')),
    sendCode: fromPromise<SentCode, { idNumber: string; transactionId: string }>(async () => notProvided('sendCode')),
    verifyCode: fromPromise<void, { codeId: string; code: string }>(async () => notProvided('verifyCode')),
    /** Writes the submission to the outbox (works offline); the store's answer comes through `watchResult`. */
    submit: fromPromise<void, SubmitInput>(async () => notProvided('submit')),
    /** Sends `store.decided` or `store.refused` once the store's answer about this transaction reaches the device. */
    watchResult: fromCallback<TransactionEvent, { transactionId: string }>(() => undefined),
  },
  delays: { retry: RETRY_MS },
  guards: {
    needsCode: ({ context }) => context.steps.code && !context.codeVerified,
    hasForm: ({ context }) => context.steps.form !== null,
    eligible: ({ context }) => context.decision?.eligible === true,
    charged: ({ context }) => (context.decision?.total ?? 0) > 0,
    /** The actor failed because the store cannot be reached: the step waits and tries again. */
    offline: (_, params: { error: unknown }) => messageOf(params.error).code === 'offline',
    /** The code cannot be tried again (locked, expired, used, unknown). */
    codeSpent: (_, params: { error: unknown }) => SPENT_CODES.includes(messageOf(params.error).code),
    canCancel: (_, params: { reason: string }) => params.reason.trim().length >= CANCEL_REASON.min,
    /** What the store is asked with is in hand (transactionContext.ts builds it, and throws without it): never a made-up value. */
    personKnown: ({ context }) => personKnown(context),
    lookingUp: ({ context }) => lookingUp(context),
    codeEntered: ({ context }) => codeEntered(context),
    submittable: ({ context }) => submittable(context),
    representing: ({ context }) => context.representativeFor !== null,
    /** A visa number of ten digits, for a service that looks people up by visa. */
    visaNumberTyped: ({ context, event }) => event.type === 'person.findVisa' && context.steps.byVisaNumber && isTenDigits(event.visaNumber),
    /** Six digits typed, for a code that was sent. */
    codeTyped: ({ context, event }) => event.type === 'code.enter' && context.code !== null && isCodeFormat(event.code),
  },
  actions: {
    /** What went wrong, for the officer to read. */
    problem: assign((_, params: { error: unknown }) => ({ problem: messageOf(params.error) })),
    clearProblem: assign({ problem: null }),
    /** Runs the shared rules on the record in hand: the answer is the same as the store's, unless the record changes. */
    decide: assign(({ context }) => decided(context) ?? {}),
  },
}).createMachine({
  id: 'transaction',
  context: ({ input }) => initialContext(input),
  initial: 'open',
  output: ({ context }) => outputOf(context),
  states: {
    /** Until it is submitted, the officer can cancel the transaction, with a reason. */
    open: {
      // What the desk asks to offer "Cancel transaction" (never can() with a made-up reason).
      tags: ['cancellable'],
      initial: 'start',
      on: {
        'transaction.cancel': {
          guard: { type: 'canCancel', params: ({ event }) => ({ reason: event.reason }) },
          target: 'cancelled',
          actions: assign({ cancelReason: ({ event }) => event.reason.trim() }),
        },
      },
      states: {
        start: { always: [{ guard: 'personKnown', target: 'identified' }, { target: 'identify' }] },
        identify: {
          meta: { step: 'identify' },
          on: {
            'person.identify': [
              { guard: ({ event }) => checkIdNumber(event.idNumber).ok, target: 'fetching', actions: assign(({ event }) => byIdNumber(event.idNumber)) },
              { actions: assign({ problem: INVALID_ID_NUMBER }) },
            ],
            'person.represent': {
              guard: ({ event }) => event.establishmentId === null || isTenDigits(event.establishmentId),
              actions: assign({ representativeFor: ({ event }) => event.establishmentId }),
            },
            'person.findVisa': [
              { guard: 'visaNumberTyped', target: 'fetching', actions: assign(({ event }) => byVisaNumber(event.visaNumber)) },
              { actions: assign({ problem: INVALID_VISA_NUMBER }) },
            ],
          },
        },
        fetching: {
          meta: { step: 'fetching' },
          invoke: {
            id: 'fetchRecord',
            src: 'fetchRecord',
            input: ({ context }) => fetchInput(context),
            onDone: {
              target: 'identified',
              actions: assign(({ event }) => ({ idNumber: event.output.idNumber, person: event.output.lookup, problem: null })),
            },
            onError: [
              { guard: { type: 'offline', params: errorOf }, target: 'fetchWait', actions: { type: 'problem', params: errorOf } },
              { target: 'identify', actions: { type: 'problem', params: errorOf } },
            ],
          },
        },
        /** The record needs the store: waits for the network, then fetches by itself. */
        fetchWait: {
          meta: { step: 'fetchWait' },
          after: { retry: { guard: 'lookingUp', target: 'fetching' } },
          on: { 'network.retry': { guard: 'lookingUp', target: 'fetching' } },
        },
        identified: {
          always: [{ guard: 'needsCode', target: 'verify' }, { guard: 'hasForm', target: 'form' }, { target: 'eligibility' }],
        },
        verify: {
          initial: 'sending',
          states: {
            sending: {
              meta: { step: 'verify.sending' },
              invoke: {
                id: 'sendCode',
                src: 'sendCode',
                input: ({ context }) => codeRequest(context),
                onDone: { target: 'entering', actions: assign({ code: ({ event }) => event.output, enteredCode: null, problem: null }) },
                onError: [
                  { guard: { type: 'offline', params: errorOf }, target: 'sendWait', actions: { type: 'problem', params: errorOf } },
                  { target: 'entering', actions: [{ type: 'problem', params: errorOf }, assign({ code: null })] },
                ],
              },
            },
            // Every way to `sending` and `checking` is guarded: nothing is asked of the store with a made-up value.
            sendWait: { meta: { step: 'verify.sendWait' }, after: { retry: { guard: 'personKnown', target: 'sending' } }, on: { 'network.retry': { guard: 'personKnown', target: 'sending' } } },
            entering: {
              meta: { step: 'verify.entering' },
              on: {
                'code.enter': [
                  { guard: 'codeTyped', target: 'checking', actions: assign({ enteredCode: ({ event }) => event.code, problem: null }) },
                  { actions: assign({ problem: CODE_FORMAT }) },
                ],
                'code.resend': { guard: 'personKnown', target: 'sending' },
              },
            },
            checking: {
              meta: { step: 'verify.checking' },
              invoke: {
                id: 'verifyCode',
                src: 'verifyCode',
                input: ({ context }) => codeCheck(context),
                onDone: { target: '#transaction.open.verified', actions: assign({ codeVerified: true, enteredCode: null, problem: null }) },
                onError: [
                  { guard: { type: 'offline', params: errorOf }, target: 'checkWait', actions: { type: 'problem', params: errorOf } },
                  // Locked, expired or used codes cannot be tried again: a new one must be sent.
                  { guard: { type: 'codeSpent', params: errorOf }, target: 'entering', actions: [{ type: 'problem', params: errorOf }, assign({ code: null, enteredCode: null })] },
                  { target: 'entering', actions: [{ type: 'problem', params: errorOf }, assign({ enteredCode: null })] },
                ],
              },
            },
            checkWait: { meta: { step: 'verify.checkWait' }, after: { retry: { guard: 'codeEntered', target: 'checking' } }, on: { 'network.retry': { guard: 'codeEntered', target: 'checking' } } },
          },
        },
        verified: { always: [{ guard: 'hasForm', target: 'form' }, { target: 'eligibility' }] },
        form: {
          meta: { step: 'form' },
          on: {
            'form.fill': {
              guard: ({ context, event }) => event.request.service === context.service,
              target: 'eligibility',
              actions: assign({ request: ({ event }) => event.request, problem: null }),
            },
          },
        },
        /** The shared rules, run on the record in hand: every failing rule, or the fee quote. */
        eligibility: {
          entry: 'decide',
          always: [
            { guard: and(['eligible', 'charged']), target: 'quote' },
            // Nothing to pay: straight to the review.
            { guard: 'eligible', target: 'review' },
            { target: 'ineligible' },
          ],
        },
        ineligible: {
          meta: { step: 'ineligible' },
          on: { 'step.back': { guard: 'hasForm', target: 'form' } },
        },
        quote: {
          meta: { step: 'quote' },
          on: {
            'quote.accept': [{ guard: 'charged', target: 'payment' }, { target: 'review' }],
            'step.back': { guard: 'hasForm', target: 'form' },
          },
        },
        payment: {
          meta: { step: 'payment' },
          on: {
            'payment.record': { target: 'review', actions: assign({ payment: ({ event }) => paymentOf(event) }) },
            'step.back': 'quote',
          },
        },
        review: {
          meta: { step: 'review' },
          on: {
            'review.submit': { guard: 'submittable', target: '#transaction.submitting' },
            'step.back': [
              { guard: and([({ context }) => context.payment === null, 'charged']), target: 'quote' },
              { guard: and([({ context }) => context.payment === null, 'hasForm']), target: 'form' },
            ],
          },
        },
      },
    },
    /** Written to the outbox in one device transaction; from here on the store decides. */
    submitting: {
      meta: { step: 'submitting' },
      invoke: {
        id: 'submit',
        src: 'submit',
        input: ({ context }) => submission(context),
        onDone: { target: 'waiting', actions: 'clearProblem' },
        onError: { target: 'open.review', actions: { type: 'problem', params: errorOf } },
      },
    },
    /** Until the store's answer arrives by sync (offline: until the network returns). */
    waiting: {
      meta: { step: 'waiting' },
      invoke: { id: 'watchResult', src: 'watchResult', input: ({ context }) => ({ transactionId: context.transactionId }) },
      on: {
        'store.decided': [
          { guard: ({ event }) => event.result.status === 'completed', target: 'completed', actions: assign({ result: ({ event }) => event.result }) },
          { target: 'rejected', actions: assign({ result: ({ event }) => event.result }) },
        ],
        'store.refused': { target: 'rejected', actions: assign({ refusal: ({ event }) => event.reason }) },
      },
    },
    completed: {
      meta: { step: 'completed' },
      on: {
        'batch.next': { guard: 'representing', target: 'next', actions: assign({ nextEmployee: true }) },
        'receipt.print': { guard: ({ context }) => !context.steps.query, target: 'receipt' },
        'transaction.finish': 'done',
        'parcel.start': { guard: ({ context }) => context.steps.parcel, target: 'parcel', actions: assign({ parcelNext: true }) },
      },
    },
    /** The receipt is on screen and printing; it can be printed again. */
    receipt: {
      meta: { step: 'receipt' },
      on: {
        'batch.next': { guard: 'representing', target: 'next', actions: assign({ nextEmployee: true }) },
        'receipt.print': { target: 'receipt', reenter: true },
        'transaction.finish': 'done',
        'parcel.start': { guard: ({ context }) => context.steps.parcel, target: 'parcel', actions: assign({ parcelNext: true }) },
      },
    },
    rejected: {
      meta: { step: 'rejected' },
      on: {
        'transaction.finish': 'done',
        'batch.next': { guard: 'representing', target: 'next', actions: assign({ nextEmployee: true }) },
      },
    },
    done: { type: 'final', meta: { step: 'done' } },
    /** Done, and the printed iqama goes into a parcel: the desk starts `parcel.add` for the same person. */
    parcel: { type: 'final', meta: { step: 'parcel' } },
    cancelled: { type: 'final', meta: { step: 'cancelled' } },
    /** Done, and the representative has another employee: the desk starts the same service again. */
    next: { type: 'final', meta: { step: 'next' } },
  },
});

export type TransactionMachine = typeof transactionMachine;
export type TransactionActorRef = ActorRefFrom<TransactionMachine>;
export type TransactionSnapshot = SnapshotFrom<TransactionMachine>;

/**
 * The step the transaction is at: what the desk shows (`data-step`) and what a cancellation
 * records for the pilot's figures. It is the state's `meta.step`, not the state's name, so
 * renaming a state does not change what was recorded (transactionMachine.test.ts pins them).
 */
export function stepOf(snapshot: TransactionSnapshot): TransactionStep | 'unknown' {
  // Only the states the machine rests in carry a step, and one of them is active at a time.
  for (const meta of Object.values(snapshot.getMeta())) if (meta?.step) return meta.step;
  return 'unknown';
}

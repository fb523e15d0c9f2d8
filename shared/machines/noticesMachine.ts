/**
 * An establishment's notices (Ishaar) at the counter, a service of its own (issue 11): the
 * officer types the establishment's number, a one-time code goes to its registered mobile,
 * the representative reads it back, and the establishment is open: its subscribed numbers
 * with their event types, its contacts, saving a change set (all or nothing: the store's
 * refusal names the numbers), and its report to print. The store keeps the establishment
 * open for NOTICES_OPEN_MS after the code; the machine closes it at the same moment.
 * Network work is named actors the app provides; tests `.provide()` fakes.
 */
import { and, assign, fromPromise, setup } from 'xstate';
import {
  draftOf, NOTICES_OPEN_MS, toggleEvent, type EstablishmentNotices, type NoticeEventType, type NoticesChange, type NoticesDraft,
  type NoticesReport, type NoticesSaved,
} from '../domain/establishmentNotices.ts';
import { checkIdNumber } from '../domain/identity.ts';
import { errorOf, messageOf, SPENT_CODES, type CounterMessage } from './counterTypes.ts';
import { changeOf, codeCheck, codeEntered, codeRequest, identified, isOpen, opened, saveInput, type Opened } from './noticesContext.ts';
import { RETRY_MS, type SentCode } from './transactionTypes.ts';

export interface NoticesInput {
  /** A fresh UUID: the code request names it, as a transaction's does. */
  readonly visitId: string;
}

export interface NoticesContext {
  readonly visitId: string;
  readonly establishmentId: string | null;
  readonly code: SentCode | null;
  readonly enteredCode: string | null;
  /** The verified code's id: what opens the establishment on the store. */
  readonly openedWith: string | null;
  readonly saved: EstablishmentNotices | null;
  readonly draft: NoticesDraft | null;
  readonly report: NoticesReport | null;
  readonly problem: CounterMessage | null;
  /** What the last save did, for the line under the list. */
  readonly lastSave: { readonly added: number; readonly changed: number; readonly removed: number } | null;
}

export type NoticesEvent =
  | { readonly type: 'notices.number'; readonly establishmentId: string }
  | { readonly type: 'notices.code'; readonly code: string }
  | { readonly type: 'notices.resend' }
  | { readonly type: 'notices.retry' }
  | { readonly type: 'notices.toggle'; readonly idNumber: string; readonly event: NoticeEventType }
  | { readonly type: 'notices.add'; readonly idNumber: string; readonly events: readonly NoticeEventType[] }
  | { readonly type: 'notices.remove'; readonly idNumber: string }
  | { readonly type: 'notices.contacts'; readonly mobile?: string; readonly email?: string; readonly language?: 'ar' | 'en' }
  | { readonly type: 'notices.undo' }
  | { readonly type: 'notices.save' }
  | { readonly type: 'notices.print' }
  | { readonly type: 'notices.back' }
  | { readonly type: 'notices.close' };

export type SaveOutput = NoticesSaved;

const problem = (code: string, text: string, params: Record<string, string | number> = {}): CounterMessage => ({ code, text, params });

function notProvided(name: string): never {
  throw new Error(`notices machine: actor "${name}" was not provided`);
}

/** A resident's iqama or a visitor's border number, normalised; null for anything else (a citizen's ID, a typo). */
function subscribable(input: string): string | null {
  const checked = checkIdNumber(input);
  return checked.ok && checked.kind !== 'citizen' ? checked.number : null;
}

export const noticesMachine = setup({
  types: { context: {} as NoticesContext, events: {} as NoticesEvent, input: {} as NoticesInput },
  actors: {
    sendCode: fromPromise<SentCode, { establishmentId: string; transactionId: string }>(async () => notProvided('sendCode')),
    verifyCode: fromPromise<void, { codeId: string; code: string }>(async () => notProvided('verifyCode')),
    load: fromPromise<EstablishmentNotices, Opened>(async () => notProvided('load')),
    save: fromPromise<SaveOutput, Opened & { change: NoticesChange }>(async () => notProvided('save')),
    report: fromPromise<NoticesReport, Opened>(async () => notProvided('report')),
  },
  delays: { retry: RETRY_MS, open: NOTICES_OPEN_MS },
  actions: {
    /** What went wrong, for the officer to read. */
    problem: assign((_, params: { error: unknown }) => ({ problem: messageOf(params.error) })),
    edit: assign({ draft: ({ context }, draft: NoticesDraft | null) => draft ?? context.draft, problem: null, lastSave: null }),
  },
  guards: {
    /** The actor failed because the store cannot be reached: the step waits and tries again. */
    offline: (_, params: { error: unknown }) => messageOf(params.error).code === 'offline',
    /** The store no longer has the establishment open (its time is up): a new code is needed. */
    closedByStore: (_, params: { error: unknown }) => messageOf(params.error).code === 'security_code_needed',
    /** The code cannot be tried again (locked, expired, used, unknown). */
    codeSpent: (_, params: { error: unknown }) => SPENT_CODES.includes(messageOf(params.error).code),
    changed: ({ context }) => changeOf(context) !== null,
    /** What the store is asked with is in hand (noticesContext.ts builds it, and throws without it): never a made-up value. */
    identified: ({ context }) => identified(context),
    codeEntered: ({ context }) => codeEntered(context),
    isOpen: ({ context }) => isOpen(context),
  },
}).createMachine({
  id: 'notices',
  context: ({ input }) => ({
    visitId: input.visitId, establishmentId: null, code: null, enteredCode: null, openedWith: null, saved: null, draft: null, report: null,
    problem: null, lastSave: null,
  }),
  initial: 'identify',
  on: { 'notices.close': '.closed' },
  states: {
    identify: {
      tags: ['identify'],
      on: {
        'notices.number': [
          {
            guard: ({ event }) => /^\d{10}$/.test(event.establishmentId.trim()),
            target: 'code',
            actions: assign({ establishmentId: ({ event }) => event.establishmentId.trim(), problem: null, code: null, openedWith: null }),
          },
          { actions: assign({ problem: problem('invalid_establishment', 'an establishment number has 10 digits') }) },
        ],
      },
    },
    code: {
      tags: ['code'],
      initial: 'sending',
      on: { 'notices.back': { target: 'identify', actions: assign({ code: null }) } },
      states: {
        sending: {
          tags: ['busy'],
          invoke: {
            id: 'sendCode',
            src: 'sendCode',
            input: ({ context }) => codeRequest(context),
            onDone: { target: 'entering', actions: assign({ code: ({ event }) => event.output, enteredCode: null, problem: null }) },
            onError: [
              { guard: { type: 'offline', params: errorOf }, target: 'sendWait', actions: { type: 'problem', params: errorOf } },
              { target: '#notices.identify', actions: [{ type: 'problem', params: errorOf }, assign({ code: null })] },
            ],
          },
        },
        sendWait: { after: { retry: { guard: 'identified', target: 'sending' } }, on: { 'notices.retry': { guard: 'identified', target: 'sending' } } },
        entering: {
          on: {
            'notices.code': [
              {
                guard: ({ context, event }) => context.code !== null && /^\d{6}$/.test(event.code),
                target: 'checking',
                actions: assign({ enteredCode: ({ event }) => event.code, problem: null }),
              },
              { actions: assign({ problem: problem('code_format', 'the code has 6 digits') }) },
            ],
            'notices.resend': { guard: 'identified', target: 'sending' },
          },
        },
        checking: {
          tags: ['busy'],
          invoke: {
            id: 'verifyCode',
            src: 'verifyCode',
            input: ({ context }) => codeCheck(context),
            onDone: { target: '#notices.open', actions: assign({ openedWith: ({ context }) => codeCheck(context).codeId, enteredCode: null, problem: null }) },
            onError: [
              { guard: { type: 'offline', params: errorOf }, target: 'checkWait', actions: { type: 'problem', params: errorOf } },
              {
                // Locked, expired or used codes cannot be tried again: a new one must be sent.
                guard: { type: 'codeSpent', params: errorOf },
                target: 'entering',
                actions: [{ type: 'problem', params: errorOf }, assign({ code: null, enteredCode: null })],
              },
              { target: 'entering', actions: [{ type: 'problem', params: errorOf }, assign({ enteredCode: null })] },
            ],
          },
        },
        checkWait: { after: { retry: { guard: 'codeEntered', target: 'checking' } }, on: { 'notices.retry': { guard: 'codeEntered', target: 'checking' } } },
      },
    },
    open: {
      // The store closes the establishment this long after the code; so does the counter.
      after: { open: { target: 'identify', actions: assign({ openedWith: null, code: null, saved: null, draft: null, report: null, problem: problem('security_code_needed', 'the visit has timed out; send a new code') }) } },
      initial: 'loading',
      states: {
        loading: {
          tags: ['busy'],
          invoke: {
            id: 'load',
            src: 'load',
            input: ({ context }) => opened(context),
            onDone: { target: 'editing', actions: assign({ saved: ({ event }) => event.output, draft: ({ event }) => draftOf(event.output), problem: null }) },
            onError: [
              { guard: { type: 'offline', params: errorOf }, target: 'loadWait', actions: { type: 'problem', params: errorOf } },
              { target: '#notices.identify', actions: [{ type: 'problem', params: errorOf }, assign({ openedWith: null, code: null })] },
            ],
          },
        },
        loadWait: { after: { retry: { guard: 'isOpen', target: 'loading' } }, on: { 'notices.retry': { guard: 'isOpen', target: 'loading' } } },
        editing: {
          tags: ['editing'],
          on: {
            'notices.toggle': { actions: { type: 'edit', params: ({ context, event }) => context.draft && toggleEvent(context.draft, event.idNumber, event.event) } },
            'notices.add': [
              {
                guard: ({ event }) => subscribable(event.idNumber) !== null && event.events.length > 0,
                actions: {
                  type: 'edit',
                  params: ({ context, event }) => {
                    const idNumber = subscribable(event.idNumber) ?? event.idNumber;
                    if (!context.draft) return null;
                    const rest = context.draft.subscriptions.filter((s) => s.idNumber !== idNumber);
                    return { ...context.draft, subscriptions: [...rest, { idNumber, events: [...event.events] }] };
                  },
                },
              },
              { actions: assign({ problem: problem('invalid_subscription_number', 'a resident’s iqama (2…) or a visitor’s border number (3… or 4…), and at least one event') }) },
            ],
            'notices.remove': {
              actions: {
                type: 'edit',
                params: ({ context, event }) => context.draft && { ...context.draft, subscriptions: context.draft.subscriptions.filter((s) => s.idNumber !== event.idNumber) },
              },
            },
            'notices.contacts': {
              actions: {
                type: 'edit',
                params: ({ context, event }) =>
                  context.draft && {
                    ...context.draft,
                    contacts: {
                      mobile: event.mobile ?? context.draft.contacts.mobile,
                      email: event.email ?? context.draft.contacts.email,
                      language: event.language ?? context.draft.contacts.language,
                    },
                  },
              },
            },
            'notices.undo': { actions: { type: 'edit', params: ({ context }) => context.saved && draftOf(context.saved) } },
            'notices.save': [
              { guard: and(['changed', 'isOpen']), target: 'saving', actions: assign({ problem: null }) },
              { actions: assign({ problem: problem('nothing_changed', 'nothing to save') }) },
            ],
            'notices.print': { guard: 'isOpen', target: 'printing' },
          },
        },
        saving: {
          tags: ['busy', 'editing'],
          invoke: {
            id: 'save',
            src: 'save',
            input: ({ context }) => saveInput(context),
            onDone: {
              target: 'editing',
              actions: assign({
                saved: ({ event }) => event.output,
                draft: ({ event }) => draftOf(event.output),
                lastSave: ({ event }) => ({ added: event.output.added, changed: event.output.changed, removed: event.output.removed }),
                problem: null,
              }),
            },
            // A refusal keeps the draft, so the officer corrects the numbers it names and saves again.
            onError: [
              {
                guard: { type: 'closedByStore', params: errorOf },
                target: '#notices.identify',
                actions: [{ type: 'problem', params: errorOf }, assign({ openedWith: null, code: null })],
              },
              { target: 'editing', actions: { type: 'problem', params: errorOf } },
            ],
          },
        },
        printing: {
          tags: ['busy', 'editing'],
          invoke: {
            id: 'report',
            src: 'report',
            input: ({ context }) => opened(context),
            onDone: { target: 'report', actions: assign({ report: ({ event }) => event.output, problem: null }) },
            onError: [
              {
                guard: { type: 'closedByStore', params: errorOf },
                target: '#notices.identify',
                actions: [{ type: 'problem', params: errorOf }, assign({ openedWith: null, code: null })],
              },
              { target: 'editing', actions: { type: 'problem', params: errorOf } },
            ],
          },
        },
        report: { tags: ['report'], on: { 'notices.back': 'editing' } },
      },
    },
    closed: { type: 'final' },
  },
});

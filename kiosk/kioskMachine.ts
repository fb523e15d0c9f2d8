/**
 * The kiosk's flow as a machine: language → section → service → issuing → ticket, and
 * back to the language screen after the ticket (20 s) or when someone walks away
 * mid-way. Issuing is a named actor (`issueTicket`) that the app provides with the real
 * database write and tests replace with `.provide()`; the ticket screen is only entered
 * once that write has committed.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { ServiceGroup } from '../shared/domain/services.ts';
import type { LocalTicket } from '../shared/db/index.ts';

export interface IssueInput {
  readonly sectionId: string;
  readonly serviceGroup: ServiceGroup;
}

export interface KioskContext {
  readonly language: string | null;
  readonly sectionId: string | null;
  readonly serviceGroup: ServiceGroup | null;
  readonly ticket: LocalTicket | null;
  /** Sections the office has; with one section the section screen is skipped. */
  readonly sectionIds: readonly string[];
}

export type KioskEvent =
  | { readonly type: 'language.select'; readonly language: string }
  | { readonly type: 'section.select'; readonly sectionId: string }
  | { readonly type: 'service.select'; readonly serviceGroup: ServiceGroup }
  | { readonly type: 'back' }
  | { readonly type: 'retry' }
  | { readonly type: 'done' };

export const TICKET_SCREEN_MS = 20_000;
export const IDLE_MS = 60_000;

export const kioskMachine = setup({
  types: {
    context: {} as KioskContext,
    events: {} as KioskEvent,
    input: {} as { sectionIds: readonly string[] },
  },
  actors: {
    issueTicket: fromPromise<LocalTicket, IssueInput>(async () => {
      throw new Error('issueTicket is provided by the kiosk app');
    }),
  },
  actions: {
    /** Side effect supplied by the app: switch the UI language. */
    applyLanguage: (_, _params: { language: string }) => undefined,
    /** Side effect supplied by the app: back to the resting language. */
    resetLanguage: () => undefined,
  },
  delays: {
    ticketTimeout: TICKET_SCREEN_MS,
    idleTimeout: IDLE_MS,
  },
  guards: {
    singleSection: ({ context }) => context.sectionIds.length === 1,
  },
}).createMachine({
  id: 'kiosk',
  context: ({ input }) => ({ language: null, sectionId: null, serviceGroup: null, ticket: null, sectionIds: input.sectionIds }),
  initial: 'language',
  states: {
    language: {
      entry: [assign({ language: null, sectionId: null, serviceGroup: null, ticket: null }), 'resetLanguage'],
      on: {
        'language.select': {
          target: 'section',
          actions: [assign({ language: ({ event }) => event.language }), { type: 'applyLanguage', params: ({ event }) => ({ language: event.language }) }],
        },
      },
    },
    section: {
      always: { guard: 'singleSection', target: 'service', actions: assign({ sectionId: ({ context }) => context.sectionIds[0] ?? null }) },
      after: { idleTimeout: 'language' },
      on: {
        'section.select': { target: 'service', actions: assign({ sectionId: ({ event }) => event.sectionId }) },
        back: 'language',
      },
    },
    service: {
      after: { idleTimeout: 'language' },
      on: {
        'service.select': { target: 'issuing', actions: assign({ serviceGroup: ({ event }) => event.serviceGroup }) },
        back: [{ guard: 'singleSection', target: 'language' }, { target: 'section' }],
      },
    },
    issuing: {
      invoke: {
        src: 'issueTicket',
        input: ({ context }) => ({ sectionId: context.sectionId ?? '', serviceGroup: context.serviceGroup ?? 'enquiries' }),
        onDone: { target: 'ticket', actions: assign({ ticket: ({ event }) => event.output }) },
        onError: 'failed',
      },
    },
    ticket: {
      after: { ticketTimeout: 'language' },
      on: { done: 'language' },
    },
    failed: {
      after: { idleTimeout: 'language' },
      on: { retry: 'issuing', done: 'language' },
    },
  },
});

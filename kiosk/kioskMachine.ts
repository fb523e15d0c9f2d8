/**
 * The kiosk's flow as a machine: language → section → service (with an optional
 * priority reason) → issuing → ticket, and back to the language screen after the ticket
 * (20 s) or when someone walks away mid-way: after IDLE_WARNING_MS without a touch a
 * warning counts down IDLE_GRACE_MS (at least 20 s) for "I am still here", then all of
 * the last person's choices (language, priority, text size, contrast) are forgotten.
 * Issuing is a named actor (`issueTicket`) that the app provides with the real database
 * write and tests replace with `.provide()`; the ticket screen is only entered once that
 * write has committed.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { ServiceGroup } from '../shared/domain/services.ts';
import type { PriorityReason } from '../shared/domain/ticket.ts';
import type { LocalTicket } from '../shared/db/index.ts';

export interface IssueInput {
  readonly sectionId: string;
  readonly serviceGroup: ServiceGroup;
  readonly priority: PriorityReason | null;
}

export interface KioskContext {
  readonly language: string | null;
  readonly sectionId: string | null;
  readonly serviceGroup: ServiceGroup | null;
  /** Asked for at the service screen; staff confirm it at the counter. */
  readonly priority: PriorityReason | null;
  readonly ticket: LocalTicket | null;
  /** Sections the office has; with one section the section screen is skipped. */
  readonly sectionIds: readonly string[];
  /** The resident's display choices, until the kiosk resets. */
  readonly largeText: boolean;
  readonly highContrast: boolean;
}

export type KioskEvent =
  | { readonly type: 'language.select'; readonly language: string }
  | { readonly type: 'section.select'; readonly sectionId: string }
  | { readonly type: 'priority.select'; readonly priority: PriorityReason | null }
  | { readonly type: 'service.select'; readonly serviceGroup: ServiceGroup }
  | { readonly type: 'display.largeText' }
  | { readonly type: 'display.highContrast' }
  /** Any touch or key: the resident is still there. */
  | { readonly type: 'activity' }
  | { readonly type: 'back' }
  | { readonly type: 'retry' }
  | { readonly type: 'done' };

export const TICKET_SCREEN_MS = 20_000;
/** Quiet time before the "are you still there?" warning. */
export const IDLE_WARNING_MS = 40_000;
/** How long the warning gives to answer it. */
export const IDLE_GRACE_MS = 20_000;

/**
 * A screen that waits for the resident: `active` until IDLE_WARNING_MS pass without
 * activity, then `warning` for IDLE_GRACE_MS, then back to the language screen.
 */
const waitsForResident = {
  initial: 'active',
  states: {
    active: {
      after: { idleWarning: 'warning' },
      on: { activity: { target: 'active', reenter: true } },
    },
    warning: {
      after: { idleGrace: '#kiosk.language' },
      on: { activity: 'active' },
    },
  },
} as const;

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
    idleWarning: IDLE_WARNING_MS,
    idleGrace: IDLE_GRACE_MS,
  },
  guards: {
    singleSection: ({ context }) => context.sectionIds.length === 1,
  },
}).createMachine({
  id: 'kiosk',
  context: ({ input }) => ({
    language: null,
    sectionId: null,
    serviceGroup: null,
    priority: null,
    ticket: null,
    sectionIds: input.sectionIds,
    largeText: false,
    highContrast: false,
  }),
  initial: 'language',
  // Text size and contrast can be switched on any screen; they last until the reset.
  on: {
    'display.largeText': { actions: assign({ largeText: ({ context }) => !context.largeText }) },
    'display.highContrast': { actions: assign({ highContrast: ({ context }) => !context.highContrast }) },
  },
  states: {
    language: {
      entry: [
        assign({ language: null, sectionId: null, serviceGroup: null, priority: null, ticket: null, largeText: false, highContrast: false }),
        'resetLanguage',
      ],
      on: {
        'language.select': {
          target: 'section',
          actions: [assign({ language: ({ event }) => event.language }), { type: 'applyLanguage', params: ({ event }) => ({ language: event.language }) }],
        },
      },
    },
    section: {
      always: { guard: 'singleSection', target: 'service', actions: assign({ sectionId: ({ context }) => context.sectionIds[0] ?? null }) },
      ...waitsForResident,
      on: {
        'section.select': { target: 'service', actions: assign({ sectionId: ({ event }) => event.sectionId }) },
        back: 'language',
      },
    },
    service: {
      ...waitsForResident,
      on: {
        'priority.select': { actions: assign({ priority: ({ event }) => event.priority }) },
        'service.select': { target: 'issuing', actions: assign({ serviceGroup: ({ event }) => event.serviceGroup }) },
        back: [{ guard: 'singleSection', target: 'language' }, { target: 'section' }],
      },
    },
    issuing: {
      invoke: {
        src: 'issueTicket',
        input: ({ context }) => ({ sectionId: context.sectionId ?? '', serviceGroup: context.serviceGroup ?? 'enquiries', priority: context.priority }),
        onDone: { target: 'ticket', actions: assign({ ticket: ({ event }) => event.output }) },
        onError: 'failed',
      },
    },
    ticket: {
      after: { ticketTimeout: 'language' },
      on: { done: 'language' },
    },
    failed: {
      ...waitsForResident,
      on: { retry: 'issuing', done: 'language' },
    },
  },
});

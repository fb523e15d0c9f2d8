/**
 * The kiosk's flow as a machine: language → section → service group (with an optional
 * priority reason) → the service within it (what to bring, the fee) → an optional
 * identity number → issuing → ticket; or, from the group screen, a booking code →
 * check-in → issuing. Back to the language screen after the ticket
 * (20 s) or when someone walks away mid-way: after IDLE_WARNING_MS without a touch a
 * warning counts down IDLE_GRACE_MS (at least 20 s) for "I am still here", then all of
 * the last person's choices (language, priority, text size, contrast) are forgotten.
 * Issuing is a named actor (`issueTicket`) that the app provides with the real database
 * write and tests replace with `.provide()`; the ticket screen is only entered once that
 * write has committed. Its vocabulary (input, context, events, the actors' inputs and
 * outputs, the timings) is in kioskTypes.ts, its decisions as plain functions in
 * kioskContext.ts. Events are `domain.verb`, as in every machine of the house.
 */
import { and, assertEvent, assign, fromPromise, setup } from 'xstate';
import type { LocalTicket } from '../shared/db/index.ts';
import { acceptsIdNumber, acceptsMobile, afterBookingCheck, issuable, issueInput, NOBODY, noticeInput, ticketed } from './kioskContext.ts';
import {
  IDLE_GRACE_MS,
  IDLE_WARNING_MS,
  TICKET_SCREEN_MS,
  type BookingCheck,
  type IssueInput,
  type KioskContext,
  type KioskEvent,
  type KioskInput,
  type NoticeInput,
} from './kioskTypes.ts';

/**
 * A screen that waits for the resident: `active` until IDLE_WARNING_MS pass without
 * activity, then `warning` for IDLE_GRACE_MS, then back to the language screen.
 */
const waitsForResident = {
  initial: 'active',
  states: {
    active: {
      after: { idleWarning: 'warning' },
      on: { 'resident.touch': { target: 'active', reenter: true } },
    },
    warning: {
      after: { idleGrace: '#kiosk.language' },
      on: { 'resident.touch': 'active' },
    },
  },
} as const;

export const kioskMachine = setup({
  types: {
    context: {} as KioskContext,
    events: {} as KioskEvent,
    input: {} as KioskInput,
  },
  actors: {
    issueTicket: fromPromise<LocalTicket, IssueInput>(async () => {
      throw new Error('issueTicket is provided by the kiosk app');
    }),
    checkBooking: fromPromise<BookingCheck, { code: string }>(async () => {
      throw new Error('checkBooking is provided by the kiosk app');
    }),
    /** Resolves to the last four digits of the mobile, for the resident to check. */
    requestNotice: fromPromise<string, NoticeInput>(async () => {
      throw new Error('requestNotice is provided by the kiosk app');
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
    validIdNumber: ({ event }) => event.type === 'id.submit' && acceptsIdNumber(event.idNumber),
    validMobile: ({ event }) => event.type === 'notice.submit' && acceptsMobile(event.mobile),
    /** The visit has a section and a service group to issue a ticket with. */
    issuable: ({ context }) => issuable(context),
    /** The visit has its ticket (and language) for a notice to be about. */
    ticketed: ({ context }) => ticketed(context),
    /** No mobile was left for this ticket yet (one per ticket). */
    noticeNotLeft: ({ context }) => context.noticeTo === null,
  },
}).createMachine({
  id: 'kiosk',
  context: ({ input }) => ({ ...NOBODY, sectionIds: input.sectionIds }),
  initial: 'language',
  // Text size and contrast can be switched on any screen; they last until the reset.
  on: {
    'display.largeText': { actions: assign({ largeText: ({ context }) => !context.largeText }) },
    'display.highContrast': { actions: assign({ highContrast: ({ context }) => !context.highContrast }) },
  },
  states: {
    language: {
      entry: [
        assign(NOBODY),
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
        'screen.back': 'language',
      },
    },
    service: {
      ...waitsForResident,
      entry: assign({ appointment: null, service: null }),
      on: {
        'priority.select': { actions: assign({ priority: ({ event }) => event.priority }) },
        'group.select': { target: 'catalog', actions: assign({ serviceGroup: ({ event }) => event.serviceGroup }) },
        'appointment.start': { target: 'booking', actions: assign({ bookingProblem: null }) },
        'screen.back': [{ guard: 'singleSection', target: 'language' }, { target: 'section' }],
      },
    },
    catalog: {
      ...waitsForResident,
      on: {
        'service.select': { target: 'identify', actions: assign({ service: ({ event }) => event.service }) },
        'screen.back': 'service',
      },
    },
    identify: {
      ...waitsForResident,
      entry: assign({ idNumber: null }),
      on: {
        'id.submit': { guard: and(['validIdNumber', 'issuable']), target: 'issuing', actions: assign({ idNumber: ({ event }) => event.idNumber }) },
        'id.skip': { guard: 'issuable', target: 'issuing', actions: assign({ idNumber: null }) },
        'screen.back': 'catalog',
      },
    },
    booking: {
      ...waitsForResident,
      on: {
        'booking.submit': 'checkingBooking',
        'booking.ordinary': { target: 'service', actions: assign({ bookingProblem: null }) },
        'screen.back': { target: 'service', actions: assign({ bookingProblem: null }) },
      },
    },
    checkingBooking: {
      invoke: {
        src: 'checkBooking',
        input: ({ event }) => {
          assertEvent(event, 'booking.submit');
          return { code: event.code };
        },
        onDone: [
          { guard: ({ event }) => event.output.kind === 'found', target: 'issuing', actions: assign(({ event }) => afterBookingCheck(event.output)) },
          { target: 'booking', actions: assign(({ event }) => afterBookingCheck(event.output)) },
        ],
        onError: { target: 'booking', actions: assign({ bookingProblem: { kind: 'notFound' } }) },
      },
    },
    issuing: {
      invoke: {
        src: 'issueTicket',
        input: ({ context }) => issueInput(context),
        // The number has done its job: it is not kept for the ticket screen.
        onDone: { target: 'ticket', actions: assign({ ticket: ({ event }) => event.output, idNumber: null }) },
        onError: 'failed',
      },
    },
    ticket: {
      after: { ticketTimeout: 'language' },
      on: { 'visit.finish': 'language', 'notice.start': { target: 'notice', guard: and(['ticketed', 'noticeNotLeft']) } },
    },
    // "Text me when my turn is near": the mobile is typed, sealed and handed over; never kept.
    notice: {
      ...waitsForResident,
      on: {
        'notice.submit': { guard: 'validMobile', target: 'noticeSaving' },
        'screen.back': 'ticket',
      },
    },
    noticeSaving: {
      invoke: {
        src: 'requestNotice',
        input: ({ context, event }) => {
          assertEvent(event, 'notice.submit');
          return noticeInput(context, event.mobile);
        },
        onDone: {
          target: 'ticket',
          actions: assign({ noticeTo: ({ event }) => event.output, noticeFailed: false }),
        },
        onError: { target: 'ticket', actions: assign({ noticeFailed: true }) },
      },
    },
    failed: {
      ...waitsForResident,
      on: { 'ticket.retry': 'issuing', 'visit.finish': 'language' },
    },
  },
});

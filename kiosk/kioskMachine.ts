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
 * write has committed.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { KioskAppointment } from '../shared/domain/appointments.ts';
import type { ServiceId } from '../shared/domain/catalog.ts';
import { checkIdNumber } from '../shared/domain/identity.ts';
import type { ServiceGroup } from '../shared/domain/services.ts';
import type { PriorityReason } from '../shared/domain/ticket.ts';
import type { BookingLookup, LocalTicket } from '../shared/db/index.ts';

export interface IssueInput {
  readonly sectionId: string;
  readonly serviceGroup: ServiceGroup;
  readonly service: string | null;
  readonly priority: PriorityReason | null;
  /** Typed at the kiosk (already Luhn-checked); the actor seals it before it is stored. */
  readonly idNumber: string | null;
  readonly appointment: KioskAppointment | null;
  /** The language the resident chose (recorded with the ticket for the pilot's figures). */
  readonly language: string | null;
}

/** A mobile left for ticket notices: the app seals it with the ticket's link key and records the request. */
export interface NoticeInput {
  readonly ticketId: string;
  readonly mobile: string;
  readonly language: string;
}

/** A Saudi mobile as the kiosk's keypad takes it: 05 and eight digits. */
export const KIOSK_MOBILE = /^05[0-9]{8}$/;

/** The booking's group (from the catalogue) and section, as the app resolves them. */
export type BookingCheck = BookingLookup & { readonly serviceGroup?: ServiceGroup };

export interface KioskContext {
  readonly language: string | null;
  readonly sectionId: string | null;
  readonly serviceGroup: ServiceGroup | null;
  /** The transaction picked within the group (catalogue id). */
  readonly service: string | null;
  /** The identity number the resident typed; forgotten once the ticket is issued. */
  readonly idNumber: string | null;
  /** The booking being checked in, and why the last code typed was not accepted. */
  readonly appointment: KioskAppointment | null;
  readonly bookingProblem: Exclude<BookingLookup, { kind: 'found' }> | null;
  /** Asked for at the service screen; staff confirm it at the counter. */
  readonly priority: PriorityReason | null;
  readonly ticket: LocalTicket | null;
  /**
   * Ticket notices: the last four digits of the mobile the resident left (the whole number
   * is sealed and gone with the request), or why it could not be taken.
   */
  readonly noticeTo: string | null;
  readonly noticeFailed: boolean;
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
  | { readonly type: 'group.select'; readonly serviceGroup: ServiceGroup }
  | { readonly type: 'service.select'; readonly service: ServiceId }
  | { readonly type: 'id.submit'; readonly idNumber: string }
  | { readonly type: 'id.skip' }
  | { readonly type: 'appointment.start' }
  | { readonly type: 'booking.submit'; readonly code: string }
  | { readonly type: 'booking.ordinary' }
  | { readonly type: 'notice.start' }
  | { readonly type: 'notice.submit'; readonly mobile: string }
  | { readonly type: 'display.largeText' }
  | { readonly type: 'display.highContrast' }
  /** Any touch or key: the resident is still there. */
  | { readonly type: 'activity' }
  | { readonly type: 'back' }
  | { readonly type: 'retry' }
  | { readonly type: 'done' };

/** Everything of one resident's visit: cleared when the kiosk starts over for the next one. */
const NOBODY = {
  language: null,
  sectionId: null,
  serviceGroup: null,
  service: null,
  idNumber: null,
  appointment: null,
  bookingProblem: null,
  priority: null,
  ticket: null,
  noticeTo: null,
  noticeFailed: false,
  largeText: false,
  highContrast: false,
} as const satisfies Omit<KioskContext, 'sectionIds'>;

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
    validIdNumber: ({ event }) => event.type === 'id.submit' && checkIdNumber(event.idNumber).ok,
    validMobile: ({ event }) => event.type === 'notice.submit' && KIOSK_MOBILE.test(event.mobile),
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
        back: 'language',
      },
    },
    service: {
      ...waitsForResident,
      entry: assign({ appointment: null, service: null }),
      on: {
        'priority.select': { actions: assign({ priority: ({ event }) => event.priority }) },
        'group.select': { target: 'catalog', actions: assign({ serviceGroup: ({ event }) => event.serviceGroup }) },
        'appointment.start': { target: 'booking', actions: assign({ bookingProblem: null }) },
        back: [{ guard: 'singleSection', target: 'language' }, { target: 'section' }],
      },
    },
    catalog: {
      ...waitsForResident,
      on: {
        'service.select': { target: 'identify', actions: assign({ service: ({ event }) => event.service }) },
        back: 'service',
      },
    },
    identify: {
      ...waitsForResident,
      entry: assign({ idNumber: null }),
      on: {
        'id.submit': { guard: 'validIdNumber', target: 'issuing', actions: assign({ idNumber: ({ event }) => event.idNumber }) },
        'id.skip': { target: 'issuing', actions: assign({ idNumber: null }) },
        back: 'catalog',
      },
    },
    booking: {
      ...waitsForResident,
      on: {
        'booking.submit': 'checkingBooking',
        'booking.ordinary': { target: 'service', actions: assign({ bookingProblem: null }) },
        back: { target: 'service', actions: assign({ bookingProblem: null }) },
      },
    },
    checkingBooking: {
      invoke: {
        src: 'checkBooking',
        input: ({ event }) => ({ code: event.type === 'booking.submit' ? event.code : '' }),
        onDone: [
          {
            guard: ({ event }) => event.output.kind === 'found',
            target: 'issuing',
            actions: assign(({ event }) => {
              const found = event.output.kind === 'found' ? event.output.appointment : null;
              return {
                appointment: found,
                bookingProblem: null,
                sectionId: found?.sectionId ?? null,
                service: found?.service ?? null,
                serviceGroup: event.output.serviceGroup ?? 'enquiries',
              };
            }),
          },
          {
            target: 'booking',
            actions: assign({ bookingProblem: ({ event }) => (event.output.kind === 'found' ? null : event.output) }),
          },
        ],
        onError: { target: 'booking', actions: assign({ bookingProblem: { kind: 'notFound' } }) },
      },
    },
    issuing: {
      invoke: {
        src: 'issueTicket',
        input: ({ context }) => ({
          sectionId: context.sectionId ?? '',
          serviceGroup: context.serviceGroup ?? 'enquiries',
          service: context.service,
          priority: context.priority,
          idNumber: context.idNumber,
          appointment: context.appointment,
          language: context.language,
        }),
        // The number has done its job: it is not kept for the ticket screen.
        onDone: { target: 'ticket', actions: assign({ ticket: ({ event }) => event.output, idNumber: null }) },
        onError: 'failed',
      },
    },
    ticket: {
      after: { ticketTimeout: 'language' },
      on: { done: 'language', 'notice.start': { target: 'notice', guard: ({ context }) => context.noticeTo === null } },
    },
    // "Text me when my turn is near": the mobile is typed, sealed and handed over; never kept.
    notice: {
      ...waitsForResident,
      on: {
        'notice.submit': { guard: 'validMobile', target: 'noticeSaving' },
        back: 'ticket',
      },
    },
    noticeSaving: {
      invoke: {
        src: 'requestNotice',
        input: ({ context, event }) => ({
          ticketId: context.ticket?.ticketId ?? '',
          mobile: event.type === 'notice.submit' ? event.mobile : '',
          language: context.language ?? 'ar',
        }),
        onDone: {
          target: 'ticket',
          actions: assign({ noticeTo: ({ event }) => event.output, noticeFailed: false }),
        },
        onError: { target: 'ticket', actions: assign({ noticeFailed: true }) },
      },
    },
    failed: {
      ...waitsForResident,
      on: { retry: 'issuing', done: 'language' },
    },
  },
});

/**
 * The kiosk machine's vocabulary (kioskMachine.ts): its input, context and events, its
 * actors' inputs and outputs, and the timings its screens share. Kept apart from the
 * machine so screens and the app's actor implementations import them without it.
 */
import type { KioskAppointment } from '../shared/domain/appointments.ts';
import type { ServiceId } from '../shared/domain/catalog.ts';
import type { ServiceGroup } from '../shared/domain/services.ts';
import type { PriorityReason } from '../shared/domain/ticket.ts';
import type { BookingLookup, LocalTicket } from '../shared/db/index.ts';

/** What the kiosk app starts the machine with. */
export interface KioskInput {
  /** Sections the office has; with one section the section screen is skipped. */
  readonly sectionIds: readonly string[];
}

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

/** A booking check's answer: a booking found comes with its group (from the catalogue), as the app resolves it. */
export type BookingCheck = (Extract<BookingLookup, { kind: 'found' }> & { readonly serviceGroup: ServiceGroup }) | Exclude<BookingLookup, { kind: 'found' }>;

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
  /** Any touch or key, or "I am still here" on the idle warning: the resident is still there. */
  | { readonly type: 'resident.touch' }
  /** The screen's back button: one screen back (from the notice screen, back to the ticket). */
  | { readonly type: 'screen.back' }
  /** Try issuing the ticket again after it failed. */
  | { readonly type: 'ticket.retry' }
  /** The resident is finished (the ticket screen's or the failure screen's "done"): start over. */
  | { readonly type: 'visit.finish' };

export const TICKET_SCREEN_MS = 20_000;
/** Quiet time before the "are you still there?" warning. */
export const IDLE_WARNING_MS = 40_000;
/** How long the warning gives to answer it. */
export const IDLE_GRACE_MS = 20_000;

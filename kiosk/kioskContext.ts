/**
 * What the kiosk machine (kioskMachine.ts) starts each visit with, and its decisions as
 * plain functions, easier to read and test than inline in the machine: the choices a
 * ticket is issued with (and when the visit has them), a notice's request, what a booking
 * check leaves behind, and which typed numbers are accepted.
 */
import type { LocalTicket } from '../shared/db/index.ts';
import { checkIdNumber } from '../shared/domain/identity.ts';
import type { ServiceGroup } from '../shared/domain/services.ts';
import { KIOSK_MOBILE, type BookingCheck, type IssueInput, type KioskContext, type NoticeInput } from './kioskTypes.ts';

/** Everything of one resident's visit: cleared when the kiosk starts over for the next one. */
export const NOBODY = {
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

/** A visit with what a ticket needs: the section and the service group chosen (or booked). */
export type IssuableVisit = KioskContext & { readonly sectionId: string; readonly serviceGroup: ServiceGroup };

export const issuable = (c: KioskContext): c is IssuableVisit => c.sectionId !== null && c.serviceGroup !== null;

/**
 * The resident's choices as the ticket is issued with them. Every way into issuing has
 * them (the identity screen's are guarded by `issuable`, a booking found sets both), so
 * nothing is ever issued to a made-up section or group.
 */
export function issueInput(c: KioskContext): IssueInput {
  if (!issuable(c)) throw new Error('kiosk machine: issuing without a section and a service group');
  return {
    sectionId: c.sectionId,
    serviceGroup: c.serviceGroup,
    service: c.service,
    priority: c.priority,
    idNumber: c.idNumber,
    appointment: c.appointment,
    language: c.language,
  };
}

/**
 * A booking check's answer as the visit keeps it: a booking found is checked in with its
 * section, service and group; anything else is the reason shown on the booking screen.
 */
export function afterBookingCheck(
  check: BookingCheck,
): Partial<Pick<KioskContext, 'appointment' | 'bookingProblem' | 'sectionId' | 'service' | 'serviceGroup'>> {
  if (check.kind !== 'found') return { bookingProblem: check };
  const found = check.appointment;
  return {
    appointment: found,
    bookingProblem: null,
    sectionId: found.sectionId,
    service: found.service,
    serviceGroup: check.serviceGroup,
  };
}

/** A visit whose ticket is issued, in the language the resident chose: what a notice needs. */
export type TicketedVisit = KioskContext & { readonly ticket: LocalTicket; readonly language: string };

export const ticketed = (c: KioskContext): c is TicketedVisit => c.ticket !== null && c.language !== null;

/** The request for ticket notices to `mobile` (guarded by `ticketed`: never for a ticket that is not there). */
export function noticeInput(c: KioskContext, mobile: string): NoticeInput {
  if (!ticketed(c)) throw new Error('kiosk machine: a notice without a ticket');
  return { ticketId: c.ticket.ticketId, mobile, language: c.language };
}

/** An identity number the kiosk takes: it passes the check digit. */
export const acceptsIdNumber = (idNumber: string): boolean => checkIdNumber(idNumber).ok;

/** A mobile the kiosk takes for ticket notices. */
export const acceptsMobile = (mobile: string): boolean => KIOSK_MOBILE.test(mobile);

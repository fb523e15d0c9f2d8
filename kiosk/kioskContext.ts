/**
 * What the kiosk machine (kioskMachine.ts) starts each visit with, and its decisions as
 * plain functions, easier to read and test than inline in the machine: the choices a
 * ticket is issued with, what a booking check leaves behind, and which typed numbers
 * are accepted.
 */
import { checkIdNumber } from '../shared/domain/identity.ts';
import { KIOSK_MOBILE, type BookingCheck, type IssueInput, type KioskContext } from './kioskTypes.ts';

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

/** The resident's choices as the ticket is issued with them. */
export function issueInput(c: KioskContext): IssueInput {
  return {
    sectionId: c.sectionId ?? '',
    serviceGroup: c.serviceGroup ?? 'enquiries',
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
    serviceGroup: check.serviceGroup ?? 'enquiries',
  };
}

/** An identity number the kiosk takes: it passes the check digit. */
export const acceptsIdNumber = (idNumber: string): boolean => checkIdNumber(idNumber).ok;

/** A mobile the kiosk takes for ticket notices. */
export const acceptsMobile = (mobile: string): boolean => KIOSK_MOBILE.test(mobile);

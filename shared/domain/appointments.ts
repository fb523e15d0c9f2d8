/**
 * Appointments booked ahead (Absher, or by phone through the supervisor) and checked in
 * at the kiosk with their booking code. Kiosks hold today's bookings as SHA-256 hashes of
 * the codes, so they can check a resident in with no network without holding anything a
 * passer-by could use; the central store re-checks every check-in against its own record.
 */
import { CODE_ALPHABET } from './ticket.ts';

export const BOOKING_CODE_LENGTH = 8;

export interface AppointmentSettings {
  /** A resident may check in from this many minutes before the slot… */
  readonly checkInEarlyMinutes: number;
  /** …until this many minutes after it; later, they take an ordinary ticket. */
  readonly checkInLateMinutes: number;
}

export const DEFAULT_APPOINTMENT_SETTINGS: AppointmentSettings = { checkInEarlyMinutes: 60, checkInLateMinutes: 15 };

export function appointmentSettingsOf(settings: { readonly appointments?: Partial<AppointmentSettings> }): AppointmentSettings {
  return { ...DEFAULT_APPOINTMENT_SETTINGS, ...settings.appointments };
}

/** A booking as a kiosk holds it: no code, no person. */
export interface KioskAppointment {
  readonly appointmentId: string;
  /** SHA-256 of the normalised booking code, hex. */
  readonly codeHash: string;
  readonly slotAt: number;
  readonly sectionId: string;
  readonly service: string;
  readonly status: 'booked' | 'checkedIn' | 'cancelled';
}

/** Upper case, without the spaces and dashes people type between groups. */
export function normaliseBookingCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function isBookingCode(code: string): boolean {
  return code.length === BOOKING_CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

export async function hashBookingCode(code: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(normaliseBookingCode(code)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export type CheckInWindow = 'early' | 'open' | 'late';

/** Where `now` falls against the slot's check-in window. */
export function checkInWindow(slotAt: number, now: number, settings: AppointmentSettings): CheckInWindow {
  if (now < slotAt - settings.checkInEarlyMinutes * 60_000) return 'early';
  if (now > slotAt + settings.checkInLateMinutes * 60_000) return 'late';
  return 'open';
}

/** The earliest moment a resident may check in for `slotAt`. */
export function checkInOpensAt(slotAt: number, settings: AppointmentSettings): number {
  return slotAt - settings.checkInEarlyMinutes * 60_000;
}

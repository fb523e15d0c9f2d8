/**
 * Appointments booked ahead (Absher, or by phone through the supervisor) and checked in
 * at the kiosk with their booking code. Kiosks hold today's bookings as slow, salted hashes
 * of the codes (PBKDF2, a salt per office and day), so they can check a resident in with no
 * network without holding anything a passer-by, or a thief of the kiosk's storage, could
 * turn back into codes; the central store re-checks every check-in against its own record.
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
  /** The normalised booking code hashed with `salt` (hashBookingCode), hex. */
  readonly codeHash: string;
  /** The salt of its office and day; null: a booking made before salting, hashed with plain SHA-256. */
  readonly salt: string | null;
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

/**
 * PBKDF2 rounds of a booking code's hash. At 50,000, reversing one day's list (2^40 codes,
 * one salt) costs about 5 × 10^16 SHA-256 blocks, months of a GPU, while a kiosk checks a
 * typed code in tens of milliseconds.
 */
export const BOOKING_HASH_ROUNDS = 50_000;

const hex = (bytes: ArrayBuffer): string => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The hash a booking is found by: PBKDF2-SHA-256 with `salt`, or plain SHA-256 for a booking made before salting (null). */
export async function hashBookingCode(code: string, salt: string | null): Promise<string> {
  const { subtle } = globalThis.crypto;
  const text = new TextEncoder().encode(normaliseBookingCode(code));
  if (salt === null) return hex(await subtle.digest('SHA-256', text));
  const key = await subtle.importKey('raw', text, 'PBKDF2', false, ['deriveBits']);
  return hex(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations: BOOKING_HASH_ROUNDS }, key, 256));
}

/** The salt of an office's bookings on one service day. */
export function bookingSalt(officeSalt: string, serviceDay: string): string {
  return `${officeSalt}:${serviceDay}`;
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

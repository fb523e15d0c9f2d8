/**
 * What a kiosk keeps to work with no network beyond its queue: today's (and tomorrow's)
 * bookings as code hashes, and the office key that seals a typed identity number. Fetched
 * from GET /api/kiosk/day; kept in `meta` as one JSON value.
 */
import { checkInOpensAt, checkInWindow, hashBookingCode, isBookingCode, normaliseBookingCode, type AppointmentSettings, type KioskAppointment } from '../domain/appointments.ts';
import { serviceDayOf } from '../domain/office.ts';
import type { KioskDayAnswer } from '../sync/protocol.ts';
import type { DeviceDb } from './schema.ts';

export const META_KIOSK_DAY = 'kioskDay';

/** What the store answered (shared/sync/protocol.ts), and when this kiosk fetched it. */
export interface KioskDay extends KioskDayAnswer {
  readonly fetchedAt: number;
}

export async function loadKioskDay(db: DeviceDb): Promise<KioskDay | null> {
  const row = await db.meta.get(META_KIOSK_DAY);
  if (typeof row?.value !== 'string') return null;
  try {
    return JSON.parse(row.value) as KioskDay;
  } catch {
    return null;
  }
}

/**
 * Stores a fresh copy from the server, keeping this kiosk's own check-ins that the server
 * has not heard of yet (its outbox still holds them).
 */
export async function saveKioskDay(db: DeviceDb, day: KioskDay): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const old = await loadKioskDay(db);
    const mine = new Set(old?.appointments.filter((a) => a.status === 'checkedIn').map((a) => a.appointmentId));
    const appointments = day.appointments.map((a) => (mine.has(a.appointmentId) && a.status === 'booked' ? { ...a, status: 'checkedIn' as const } : a));
    await db.meta.put({ key: META_KIOSK_DAY, value: JSON.stringify({ ...day, appointments }) });
  });
}

/** Marks a booking checked in on this kiosk (inside the issue transaction). */
export async function markCheckedIn(db: DeviceDb, appointmentId: string): Promise<void> {
  const day = await loadKioskDay(db);
  if (!day) return;
  const appointments = day.appointments.map((a) => (a.appointmentId === appointmentId ? { ...a, status: 'checkedIn' as const } : a));
  await db.meta.put({ key: META_KIOSK_DAY, value: JSON.stringify({ ...day, appointments }) });
}

export type BookingLookup =
  | { readonly kind: 'found'; readonly appointment: KioskAppointment }
  | { readonly kind: 'format' }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'used' }
  | { readonly kind: 'early'; readonly slotAt: number; readonly opensAt: number }
  | { readonly kind: 'late'; readonly slotAt: number };

/** Finds the booking behind a typed code and says whether it can be checked in now. */
export async function findBooking(
  db: DeviceDb,
  input: { code: string; now: number; timeZone: string; settings: AppointmentSettings },
): Promise<BookingLookup> {
  const code = normaliseBookingCode(input.code);
  if (!isBookingCode(code)) return { kind: 'format' };
  const day = await loadKioskDay(db);
  // One hash of the typed code per salt the list holds (today's and tomorrow's: two at most, or a legacy one).
  const salts = [...new Set(day?.appointments.map((a) => a.salt) ?? [])];
  const hashes = new Map(await Promise.all(salts.map(async (salt) => [salt, await hashBookingCode(code, salt)] as const)));
  const appointment = day?.appointments.find((a) => a.codeHash === hashes.get(a.salt));
  if (!appointment || appointment.status === 'cancelled') return { kind: 'notFound' };
  if (appointment.status === 'checkedIn') return { kind: 'used' };
  const today = serviceDayOf(input.now, input.timeZone);
  const window = serviceDayOf(appointment.slotAt, input.timeZone) === today ? checkInWindow(appointment.slotAt, input.now, input.settings) : appointment.slotAt > input.now ? 'early' : 'late';
  if (window === 'early') return { kind: 'early', slotAt: appointment.slotAt, opensAt: checkInOpensAt(appointment.slotAt, input.settings) };
  if (window === 'late') return { kind: 'late', slotAt: appointment.slotAt };
  return { kind: 'found', appointment };
}

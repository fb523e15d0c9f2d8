/** The kiosk's offline check-in: today's bookings as hashes, the window, and once only. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APPOINTMENT_SETTINGS, hashBookingCode } from '../domain/appointments.ts';
import { findBooking, issueTicket, loadKioskDay, saveKioskDay, takePushBatch } from './index.ts';
import { enrolledDb } from './testing.ts';

/** 2026-11-22 11:00 in Riyadh. */
const NOW = Date.UTC(2026, 10, 22, 8, 0);
const TZ = 'Asia/Riyadh';
const HOUR = 3_600_000;
const SALT = 'office-salt:2026-11-22';

async function kioskWithBookings() {
  const db = await enrolledDb('kiosk', 1);
  const booking = (id: string, slotAt: number, status: 'booked' | 'checkedIn' | 'cancelled' = 'booked') =>
    hashBookingCode(`BKNGAPT${id}`, SALT).then((codeHash) => ({ appointmentId: `00000000-0000-4000-8000-00000000000${id}`, codeHash, salt: SALT, slotAt, sectionId: 'women', service: 'iqama.renew', status }));
  await saveKioskDay(db, {
    serviceDay: '2026-11-22',
    sealKey: 'key',
    fetchedAt: NOW,
    appointments: await Promise.all([
      booking('2', NOW + 30 * 60_000),
      booking('3', NOW + 3 * HOUR),
      booking('4', NOW - HOUR),
      booking('5', NOW, 'checkedIn'),
      booking('6', NOW, 'cancelled'),
      booking('7', NOW + 24 * HOUR),
    ]),
  });
  const find = (code: string, now = NOW) => findBooking(db, { code, now, timeZone: TZ, settings: DEFAULT_APPOINTMENT_SETTINGS });
  return { db, find };
}

describe('kiosk check-in', () => {
  it('finds a booking by its code, typed in any case, and says why another cannot be used', async () => {
    const { find } = await kioskWithBookings();
    expect(await find('bkng apt2')).toMatchObject({ kind: 'found', appointment: { slotAt: NOW + 30 * 60_000 } });
    expect(await find('BKNGAPT3')).toEqual({ kind: 'early', slotAt: NOW + 3 * HOUR, opensAt: NOW + 2 * HOUR });
    expect(await find('BKNGAPT4')).toEqual({ kind: 'late', slotAt: NOW - HOUR });
    expect(await find('BKNGAPT5')).toEqual({ kind: 'used' });
    expect(await find('BKNGAPT6')).toEqual({ kind: 'notFound' });
    expect(await find('BKNGAPT7')).toMatchObject({ kind: 'early' }); // tomorrow
    expect(await find('BKNGAPT8')).toEqual({ kind: 'notFound' });
    expect(await find('BKNG')).toEqual({ kind: 'format' });
  });

  it('checks a booking in once, even before the server has heard of it, and keeps that across a refresh', async () => {
    const { db, find } = await kioskWithBookings();
    const found = await find('BKNGAPT2');
    if (found.kind !== 'found') throw new Error('not found');
    const ticket = await issueTicket(db, {
      sectionId: 'women',
      serviceGroup: 'residence',
      service: 'iqama.renew',
      now: NOW,
      appointment: { appointmentId: found.appointment.appointmentId, slotAt: found.appointment.slotAt },
    });
    expect(ticket.appointmentAt).toBe(found.appointment.slotAt);
    const [sent] = await takePushBatch(db, 1);
    expect(sent?.args).toMatchObject({ appointmentId: found.appointment.appointmentId, appointmentAt: found.appointment.slotAt });
    expect(await find('BKNGAPT2')).toEqual({ kind: 'used' });
    // A fresh copy from a server that has not received the check-in yet does not undo it.
    const day = await loadKioskDay(db);
    if (!day) throw new Error('no day');
    await saveKioskDay(db, { ...day, appointments: day.appointments.map((a) => ({ ...a, status: 'booked' as const })) });
    expect(await find('BKNGAPT2')).toEqual({ kind: 'used' });
  });
});

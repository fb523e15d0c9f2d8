/** How a booking turned out, at the edges of its slot and its late window. */
import { describe, expect, it } from 'vitest';
import { appointmentFigures, appointmentOutcome } from './appointments.ts';
import type { AppointmentFact } from './types.ts';

const MINUTE = 60_000;
const SLOT = Date.UTC(2026, 10, 22, 7, 0);
const booking = (over: Partial<AppointmentFact> = {}): AppointmentFact => ({
  serviceDay: '2026-11-22',
  slotAt: SLOT,
  sectionId: 'men',
  service: 'iqama.renew',
  status: 'booked',
  checkedInAt: null,
  ...over,
});

describe('appointmentOutcome', () => {
  it('calls a check-in at or before the slot kept, and any later one late', () => {
    const now = SLOT + 600 * MINUTE;
    expect(appointmentOutcome(booking({ status: 'checkedIn', checkedInAt: SLOT - 30 * MINUTE }), now, 15)).toBe('kept');
    expect(appointmentOutcome(booking({ status: 'checkedIn', checkedInAt: SLOT }), now, 15)).toBe('kept');
    expect(appointmentOutcome(booking({ status: 'checkedIn', checkedInAt: SLOT + 1 }), now, 15)).toBe('late');
    // Past the late window they still came: late, not missed.
    expect(appointmentOutcome(booking({ status: 'checkedIn', checkedInAt: SLOT + 90 * MINUTE }), now, 15)).toBe('late');
    expect(appointmentOutcome(booking({ status: 'checkedIn', checkedInAt: null }), now, 15)).toBe('kept');
  });

  it('misses a booking only once the late window has passed, and cancels before anything else', () => {
    expect(appointmentOutcome(booking(), SLOT + 15 * MINUTE, 15)).toBe('upcoming');
    expect(appointmentOutcome(booking(), SLOT + 15 * MINUTE + 1, 15)).toBe('missed');
    expect(appointmentOutcome(booking(), SLOT - 60 * MINUTE, 15)).toBe('upcoming');
    expect(appointmentOutcome(booking({ status: 'cancelled', checkedInAt: SLOT }), SLOT, 15)).toBe('cancelled');
  });

  it('counts outcomes; the kept rate leaves out cancelled and upcoming bookings', () => {
    expect(appointmentFigures(['kept', 'late', 'missed', 'cancelled', 'upcoming', 'kept'])).toEqual({
      booked: 6,
      kept: 2,
      late: 1,
      missed: 1,
      cancelled: 1,
      upcoming: 1,
      keptRate: 3 / 4,
    });
    expect(appointmentFigures([])).toMatchObject({ booked: 0, keptRate: null });
  });
});

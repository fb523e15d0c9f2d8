/**
 * What became of a booking, as of `now`: the resident came on time, came late, never came,
 * cancelled, or the slot is still ahead. One function so the console, the scorecard and the
 * tests count bookings alike.
 */
import { MINUTE_MS, ratio } from './stats.ts';
import type { AppointmentFact, AppointmentFigures, AppointmentOutcome } from './types.ts';

/**
 * - cancelled: the booking was cancelled;
 * - kept: checked in at or before the slot (a check-in without a recorded time counts as kept);
 * - late: checked in after the slot, however late (they came);
 * - missed: not checked in and the slot + `lateMinutes` has passed by `now`;
 * - upcoming: not checked in yet, and there is still time.
 */
export function appointmentOutcome(a: AppointmentFact, now: number, lateMinutes: number): AppointmentOutcome {
  if (a.status === 'cancelled') return 'cancelled';
  if (a.checkedInAt !== null) return a.checkedInAt <= a.slotAt ? 'kept' : 'late';
  if (a.status === 'checkedIn') return 'kept';
  return now > a.slotAt + lateMinutes * MINUTE_MS ? 'missed' : 'upcoming';
}

/** Outcomes of bookings counted; keptRate = (kept + late) ÷ (kept + late + missed). */
export function appointmentFigures(outcomes: Iterable<AppointmentOutcome>): AppointmentFigures {
  const n = { kept: 0, late: 0, missed: 0, cancelled: 0, upcoming: 0 };
  let booked = 0;
  for (const o of outcomes) {
    booked++;
    n[o]++;
  }
  return { booked, ...n, keptRate: ratio(n.kept + n.late, n.kept + n.late + n.missed) };
}

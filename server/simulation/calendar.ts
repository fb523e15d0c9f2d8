/**
 * Days and hours of the simulated pilot: which days the history covers (up to yesterday,
 * so today stays for live use), how busy each hour of each day is, and when the evening
 * prayers fall (officers break for them). Pure functions over office-local dates.
 */
import { addDays, addMonths, daysBetween, type IsoDate } from '../../shared/domain/dates.ts';
import { minutesOfClock, officeTime, type Shift } from '../../shared/domain/office.ts';
import { HOUR_WEIGHTS, WEEKDAY_FACTORS } from './model.ts';

/** The days of a run: `days` days, or `months` months, ending the day before `today`. */
export function runDays(today: IsoDate, span: { readonly months: number; readonly days?: number | undefined }): IsoDate[] {
  const first = span.days !== undefined ? addDays(today, -span.days) : addMonths(today, -span.months);
  const count = daysBetween(first, today);
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: IsoDate): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Epoch ms of `minute` after midnight of `day`, office time. */
export function at(day: IsoDate, minute: number, timeZone: string): number {
  return officeTime(day, minute, timeZone);
}

/**
 * The new office fills up over its first six weeks as word spreads: 70 % of its later
 * traffic on the first day, all of it from the sixth week on.
 */
export function rampUp(dayIndex: number): number {
  return Math.min(1, 0.7 + (0.3 * dayIndex) / 42);
}

/** Relative arrivals per minute at `minute` of a day with weekday `weekday` (0 outside the shifts). */
export function arrivalWeight(minute: number, weekday: number, shifts: readonly Shift[]): number {
  const shift = shifts.find((s) => minute >= minutesOfClock(s.from) && minute < minutesOfClock(s.to));
  if (!shift) return 0;
  const factors = WEEKDAY_FACTORS[weekday] ?? { morning: 1, evening: 1 };
  return (HOUR_WEIGHTS[Math.floor(minute / 60)] ?? 1) * (shift.id === 'morning' ? factors.morning : factors.evening);
}

/** A day's arrival weight summed over its minutes, averaged over the week: "tickets per day" ÷ this = arrivals per minute per unit of weight. */
export function meanDailyWeight(shifts: readonly Shift[]): number {
  let total = 0;
  for (let weekday = 0; weekday < 7; weekday++) {
    for (let minute = 0; minute < 24 * 60; minute += 1) total += arrivalWeight(minute, weekday, shifts);
  }
  return total / 7;
}

/**
 * Sunset (Maghrib) in Riyadh, minutes after midnight, from the day of the year: about
 * 17:05 in December and 18:50 in June. Isha follows 90 minutes later (Umm al-Qura).
 * Close enough for when officers go to pray; not a prayer timetable.
 */
export function maghribMinute(day: IsoDate): number {
  const start = Date.UTC(Number(day.slice(0, 4)), 0, 1);
  const dayOfYear = (Date.parse(`${day}T00:00:00Z`) - start) / 86_400_000;
  return Math.round(17 * 60 + 57 + 52 * Math.sin((2 * Math.PI * (dayOfYear - 81)) / 365));
}

export function ishaMinute(day: IsoDate): number {
  return maghribMinute(day) + 90;
}

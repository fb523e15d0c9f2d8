/**
 * The slice's days as time: each office day's bounds, the hours of each shift, and which
 * shift a minute of the day belongs to. Worked out once per evaluation (a few hundred days)
 * so the loops over hundreds of thousands of facts only look things up.
 */
import { minutesOfClock, shiftAt, type Shift } from '../office.ts';
import { daysFrom, officeMoment, weekdayOf } from './clock.ts';
import type { Interval } from './intervals.ts';

/** A piece of the slice's time, with the index of the day it belongs to. */
export interface MaskPiece extends Interval {
  readonly day: number;
}

/** The slice's days and their bounds. */
export interface DayWindow {
  readonly days: readonly string[];
  /** Day → its index in `days`. */
  readonly index: ReadonlyMap<string, number>;
  /** Weekday (0 = Sunday) of each day. */
  readonly weekdays: readonly number[];
  /** Start of each day, office time, and one more: the end of the last day. */
  readonly bounds: readonly number[];
  readonly timeZone: string;
}

/** The days from `from` to `to` (inclusive) in the office zone. */
export function dayWindow(from: string, to: string, timeZone: string): DayWindow {
  const days = from <= to ? daysFrom(from, to) : [];
  const bounds = days.map((d) => officeMoment(d, 0, timeZone));
  if (days.length > 0) bounds.push(officeMoment(days[days.length - 1]!, 1440, timeZone));
  return { days, index: new Map(days.map((d, i) => [d, i])), weekdays: days.map(weekdayOf), bounds, timeZone };
}

/** Whole office days of the window. */
export function wholeDays(w: DayWindow): MaskPiece[] {
  return w.days.map((_, day) => ({ from: w.bounds[day]!, to: w.bounds[day + 1]!, day }));
}

/** The opening hours of the given shifts on every day of the window, in time order. */
export function shiftHours(w: DayWindow, shifts: readonly Shift[]): MaskPiece[] {
  const ordered = [...shifts].sort((a, b) => minutesOfClock(a.from) - minutesOfClock(b.from));
  const out: MaskPiece[] = [];
  w.days.forEach((d, day) => {
    for (const s of ordered) {
      const from = officeMoment(d, minutesOfClock(s.from), w.timeZone);
      const to = officeMoment(d, minutesOfClock(s.to), w.timeZone);
      if (to > from) out.push({ from, to, day });
    }
  });
  return out;
}

/** shiftAt for every minute of the day, as a table (shiftAt parses clock strings on each call). */
export function shiftTable(shifts: readonly Shift[]): readonly Shift['id'][] {
  const table: Shift['id'][] = [];
  for (let m = 0; m < 1440; m++) table.push(shiftAt(m, shifts));
  return table;
}

/** The shift of a minute of the day, from the table (out-of-range minutes are clamped). */
export function shiftOfMinute(table: readonly Shift['id'][], minuteOfDay: number): Shift['id'] {
  return table[Math.min(1439, Math.max(0, Math.floor(minuteOfDay)))] ?? 'morning';
}

/** Hours of the day (0–23) that overlap one of the shifts. */
export function hoursInShifts(shifts: readonly Shift[]): Set<number> {
  const hours = new Set<number>();
  for (const s of shifts) {
    const from = minutesOfClock(s.from);
    const to = minutesOfClock(s.to);
    for (let h = 0; h < 24; h++) if (h * 60 < to && (h + 1) * 60 > from) hours.add(h);
  }
  return hours;
}

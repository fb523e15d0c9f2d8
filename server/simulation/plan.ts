/**
 * What is fixed before a simulated day starts: which officers open which counters in each
 * shift (sign-in a little early or late, breaks for prayer around the prayer times and a
 * meal), which devices lose the network and when, who walks in (Poisson arrivals by
 * weekday and hour, with their service, language, patience and walk), who comes for a
 * booking and how late, and which bookings the supervisor takes by phone for later days.
 */
import type { ServiceId } from '../../shared/domain/catalog.ts';
import type { IsoDate } from '../../shared/domain/dates.ts';
import { minutesOfClock, type Shift } from '../../shared/domain/office.ts';
import type { PriorityReason } from '../../shared/domain/ticket.ts';
import { arrivalWeight, at, ishaMinute, maghribMinute } from './calendar.ts';
import { LANGUAGES, PRIORITIES, SERVICES, STAFFING, type BreakReason, type Language, type Section, type Tuning } from './model.ts';
import type { Rng } from './rng.ts';

export interface Officer {
  readonly badge: string;
  readonly counterId: number;
  readonly section: Section;
  /** Service time multiplier: below 1 is quicker than the office's median. */
  readonly speed: number;
  /** Weekday off (0 = Sunday). */
  readonly dayOff: number;
}

export interface PlannedBreak {
  readonly at: number;
  readonly minutes: number;
  readonly reason: BreakReason;
}

export interface ShiftPlan {
  readonly shift: Shift['id'];
  readonly officer: Officer;
  readonly signInAt: number;
  /** The shift's end: the officer serves whoever still waits, for a while, then closes. */
  readonly endAt: number;
  readonly breaks: readonly PlannedBreak[];
}

export interface BookedSlot {
  readonly appointmentId: string;
  readonly slotAt: number;
  readonly sectionId: Section;
  readonly service: ServiceId;
  readonly idNumber: string | null;
}

export interface Arrival {
  readonly at: number;
  readonly section: Section;
  readonly service: ServiceId;
  readonly language: Language;
  readonly priority: PriorityReason | null;
  /** Index of the kiosk used. */
  readonly kiosk: number;
  readonly booking: BookedSlot | null;
  readonly typedNumber: boolean;
  readonly patienceMs: number;
  readonly leaveByPhone: boolean;
  /** Leaves a mobile at the kiosk for "your turn is near". */
  readonly noticeMobile: boolean;
  /** Will not come when called (or has walked away without saying so). */
  readonly noShow: boolean;
  readonly walkMs: number;
}

const MINUTE = 60_000;

/** Who opens which counter in each shift of `day`. */
export function planStaffing(rng: Rng, officers: readonly Officer[], day: IsoDate, dayIndex: number, weekday: number, shifts: readonly Shift[], timeZone: string): ShiftPlan[] {
  const plans: ShiftPlan[] = [];
  for (const shift of shifts) {
    const from = minutesOfClock(shift.from);
    const to = minutesOfClock(shift.to);
    for (const section of ['men', 'women'] as const) {
      const mine = officers.filter((o) => o.section === section);
      const needed = STAFFING[shift.id][section][weekday] ?? mine.length;
      const available = mine.filter((o) => o.dayOff !== weekday && !rng.chance(0.015)); // a sick day now and then
      // Rotate who works the quieter shifts, so nobody always has the morning.
      const order = available.map((o, i) => ({ o, k: (i + dayIndex + (shift.id === 'evening' ? 2 : 0)) % Math.max(1, available.length) }));
      order.sort((a, b) => a.k - b.k);
      order.slice(0, needed).forEach(({ o }, slot) => {
        const signIn = from + Math.round(Math.max(-15, Math.min(12, -4 + 4 * rng.normal())));
        plans.push({
          shift: shift.id,
          officer: o,
          signInAt: at(day, signIn, timeZone),
          endAt: at(day, to, timeZone),
          breaks: planBreaks(rng, day, shift, from, to, slot, timeZone),
        });
      });
    }
  }
  return plans;
}

/** Breaks staggered by the counter's slot, so a section never empties at once. */
function planBreaks(rng: Rng, day: IsoDate, shift: Shift, from: number, to: number, slot: number, timeZone: string): PlannedBreak[] {
  const breaks: PlannedBreak[] = [];
  const add = (minute: number, minutes: number, reason: BreakReason): void => {
    if (minute > from + 10 && minute + minutes < to - 15) breaks.push({ at: at(day, minute, timeZone), minutes, reason });
  };
  if (shift.id === 'evening') {
    // Prayer: some pray at Maghrib, some at Isha, taking turns.
    const maghrib = maghribMinute(day);
    if (slot % 2 === 0) add(maghrib + 3 + rng.int(0, 6), rng.int(10, 15), 'prayer');
    else add(ishaMinute(day) + 3 + rng.int(0, 8), rng.int(10, 15), 'prayer');
    if (rng.chance(0.6)) add(17 * 60 + 30 + 25 * slot + rng.int(0, 15), rng.int(20, 28), 'meal');
  }
  if (rng.chance(0.3)) add(from + rng.int(40, Math.max(41, to - from - 40)), rng.int(5, 10), 'rest');
  if (rng.chance(0.015)) add(from + rng.int(20, 60), rng.int(15, 30), 'meeting');
  return breaks.sort((a, b) => a.at - b.at);
}

/** One device offline for 10–90 minutes inside a shift, or none (a few a month per office). */
export function planOutages(rng: Rng, perMonth: number, shifts: readonly Shift[], day: IsoDate, timeZone: string): { from: number; to: number }[] {
  const outages: { from: number; to: number }[] = [];
  let expected = perMonth / 30;
  while (expected > 0 && rng.chance(Math.min(1, expected))) {
    expected -= 1;
    const shift = rng.weighted(shifts.map((s) => [s, minutesOfClock(s.to) - minutesOfClock(s.from)] as const));
    const from = minutesOfClock(shift.from) + 20;
    const latest = minutesOfClock(shift.to) - 40;
    if (latest <= from) continue;
    const start = rng.int(from, latest);
    const end = Math.min(start + rng.int(10, 90), minutesOfClock(shift.to) - 15);
    if (end - start >= 5) outages.push({ from: at(day, start, timeZone), to: at(day, end, timeZone) });
  }
  return outages;
}

/** Walk-ins: a Poisson process per minute of each shift, at `perMinute` × the hour's weight. */
export function planArrivals(rng: Rng, tuning: Tuning, perWeight: number, weekday: number, shifts: readonly Shift[], day: IsoDate, timeZone: string, kiosks: number): Arrival[] {
  const arrivals: Arrival[] = [];
  for (const shift of shifts) {
    // The kiosks stop a few minutes before closing, so the last residents can still be served.
    for (let minute = minutesOfClock(shift.from); minute < minutesOfClock(shift.to) - 5; minute++) {
      const n = poisson(rng, perWeight * arrivalWeight(minute, weekday, shifts));
      for (let i = 0; i < n; i++) arrivals.push(resident(rng, tuning, at(day, minute, timeZone) + rng.int(0, MINUTE - 1), kiosks, null));
    }
  }
  return arrivals;
}

/** Residents with a booking for `day`: most on time, some late, some never (or too late: an ordinary ticket). */
export function planCheckIns(rng: Rng, tuning: Tuning, bookings: readonly BookedSlot[], kiosks: number): Arrival[] {
  const arrivals: Arrival[] = [];
  for (const b of bookings) {
    const r = rng.next();
    if (r < tuning.bookingMissed) {
      // Missed: most never come; some come too late to check in and take an ordinary ticket.
      if (rng.chance(0.3)) arrivals.push({ ...resident(rng, tuning, b.slotAt + rng.int(20, 50) * MINUTE, kiosks, null), section: b.sectionId, service: b.service });
    } else {
      const late = r < tuning.bookingMissed + tuning.bookingLate;
      const when = late ? b.slotAt + rng.int(1, 14) * MINUTE : b.slotAt - rng.int(3, 40) * MINUTE;
      arrivals.push({ ...resident(rng, tuning, when, kiosks, b), section: b.sectionId, service: b.service, typedNumber: false });
    }
  }
  return arrivals;
}

function resident(rng: Rng, tuning: Tuning, time: number, kiosks: number, booking: BookedSlot | null): Arrival {
  const section: Section = rng.chance(tuning.menShare) ? 'men' : 'women';
  return {
    at: time,
    section,
    service: rng.weighted(SERVICES.map((s) => [s.id, s.share] as const)),
    language: rng.weighted(LANGUAGES[section]),
    priority: rng.chance(tuning.priority) ? rng.weighted(PRIORITIES[section]) : null,
    kiosk: rng.chance(0.55) ? 0 : Math.min(1, kiosks - 1),
    booking,
    typedNumber: rng.chance(tuning.typedNumber),
    patienceMs: Math.round(rng.logNormal(tuning.patienceMinutes, 0.7) * MINUTE),
    leaveByPhone: rng.chance(tuning.leaveByPhone),
    noShow: rng.chance(tuning.noShow),
    walkMs: Math.min(10 * MINUTE, Math.round(rng.logNormal(tuning.walkSeconds, 0.7) * 1000)),
    noticeMobile: rng.chance(tuning.noticeMobile),
  };
}

/** Knuth's method: fine for the small per-minute rates of an office. */
function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k += 1;
    p *= rng.next();
  }
  return k;
}

/** Bookings the supervisor takes by phone today, for slots a few days ahead (never past `lastDay`). */
export function planBookings(rng: Rng, tuning: Tuning, count: number, day: IsoDate, lastDay: IsoDate, shifts: readonly Shift[], timeZone: string): { at: number; forDay: IsoDate; slot: { sectionId: Section; service: ServiceId; slotAt: number } }[] {
  const made = [];
  const bookable: ServiceId[] = ['iqama.renew', 'iqama.renew', 'exitReentry.single', 'exitReentry.multiple', 'finalExit.issue', 'sponsorship.transfer', 'profession.change', 'query.resident'];
  for (let i = 0; i < count; i++) {
    const ahead = rng.int(1, tuning.bookingDaysAhead);
    const forDay = new Date(Date.parse(`${day}T00:00:00Z`) + ahead * 86_400_000).toISOString().slice(0, 10);
    if (forDay > lastDay) continue;
    const shift = rng.weighted(shifts.map((s) => [s, minutesOfClock(s.to) - minutesOfClock(s.from)] as const));
    const first = minutesOfClock(shift.from);
    const slots = Math.max(1, Math.floor((minutesOfClock(shift.to) - first - 30) / 30));
    const slotMinute = first + 30 * rng.int(0, slots - 1);
    const taken = shifts[0] ? minutesOfClock(shifts[0].from) + rng.int(10, 150) : 600;
    made.push({
      at: at(day, taken, timeZone),
      forDay,
      slot: { sectionId: rng.chance(tuning.menShare) ? 'men' as const : 'women' as const, service: rng.pick(bookable), slotAt: at(forDay, slotMinute, timeZone) },
    });
  }
  return made.sort((a, b) => a.at - b.at);
}

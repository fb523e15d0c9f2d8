/**
 * Office-local calendar arithmetic for the figures: which day, weekday, hour and minute a
 * moment falls on in the office's zone, fast enough for hundreds of thousands of facts.
 * Intl.DateTimeFormat is exact but slow (microseconds a call), so the zone's offset is asked
 * once per UTC hour and remembered; an hour in which the offset changes at an odd moment is
 * not remembered and is asked again at each call. Days are 'YYYY-MM-DD' strings, handled as
 * whole days since 1970-01-01 with integer arithmetic (no Date parsing on hot paths).
 */
export { addDays, daysBetween } from '../dates.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A zone's remembered hours are dropped past this many (a long-running server). */
const MAX_CACHED_HOURS = 100_000;

/** Where a moment falls on the office's wall clock. */
export interface OfficeClock {
  /** Office-local calendar day, YYYY-MM-DD. */
  readonly day: string;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
  /** 0–23. */
  readonly hour: number;
  /** Minutes after local midnight, 0–1439. */
  readonly minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone: UTC hour number → the offset during all of that hour (ms), or NaN when it changes inside it. */
const offsets = new Map<string, Map<number, number>>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at a moment, asked of Intl (slow, exact to the second). */
function exactOffsetMs(epochMs: number, timeZone: string): number {
  const second = Math.floor(epochMs / 1000) * 1000;
  let y = 1970;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const p of formatterOf(timeZone).formatToParts(new Date(second))) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') mo = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
    else if (p.type === 'hour') h = Number(p.value);
    else if (p.type === 'minute') mi = Number(p.value);
    else if (p.type === 'second') s = Number(p.value);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) - second;
}

/**
 * The office zone's offset from UTC at `epochMs` (local = epochMs + offset). Remembered per
 * UTC hour when the offset is the same at the hour's first and last second.
 */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const hour = Math.floor(epochMs / HOUR_MS);
  let offset = zone.get(hour);
  if (offset === undefined) {
    const first = exactOffsetMs(hour * HOUR_MS, timeZone);
    const last = exactOffsetMs((hour + 1) * HOUR_MS - 1000, timeZone);
    offset = first === last ? first : Number.NaN;
    if (zone.size >= MAX_CACHED_HOURS) zone.clear();
    zone.set(hour, offset);
  }
  return Number.isNaN(offset) ? exactOffsetMs(epochMs, timeZone) : offset;
}

/** Day, weekday, hour and minute of `epochMs` on the office's wall clock. */
export function officeClock(epochMs: number, timeZone: string): OfficeClock {
  const local = epochMs + zoneOffsetMs(epochMs, timeZone);
  const dayNo = Math.floor(local / DAY_MS);
  const minuteOfDay = Math.floor((local - dayNo * DAY_MS) / MINUTE_MS);
  return { day: dayOfNumber(dayNo), weekday: weekdayOfNumber(dayNo), hour: Math.floor(minuteOfDay / 60), minuteOfDay };
}

/**
 * The first moment after `epochMs` at which the office clock shows a new hour. Summer-time
 * switches happen at a whole local hour, so a switch is such a moment too.
 */
export function nextOfficeHour(epochMs: number, timeZone: string): number {
  const local = epochMs + zoneOffsetMs(epochMs, timeZone);
  return epochMs + (HOUR_MS - (((local % HOUR_MS) + HOUR_MS) % HOUR_MS));
}

/** Whole days from 1970-01-01 to a 'YYYY-MM-DD' day (proleptic Gregorian, no Date). */
export function dayNumber(day: string): number {
  const y0 = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const d = Number(day.slice(8, 10));
  if (!Number.isInteger(y0) || !(m >= 1 && m <= 12) || !(d >= 1 && d <= 31)) throw new Error(`not a day: ${day}`);
  // Howard Hinnant's days_from_civil: years start in March so the leap day comes last.
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const dayNames = new Map<number, string>();

/** The 'YYYY-MM-DD' day that is `n` days after 1970-01-01 (remembered: few distinct days). */
export function dayOfNumber(n: number): string {
  let name = dayNames.get(n);
  if (name === undefined) {
    // Hinnant's civil_from_days.
    const z = n + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    name = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    if (dayNames.size >= MAX_CACHED_HOURS) dayNames.clear();
    dayNames.set(n, name);
  }
  return name;
}

function weekdayOfNumber(n: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((n + 4) % 7) + 7) % 7;
}

/** 0 = Sunday … 6 = Saturday, of a 'YYYY-MM-DD' day. */
export function weekdayOf(day: string): number {
  return weekdayOfNumber(dayNumber(day));
}

/** The Sunday on or before `day` (weeks start on Sunday, as at the office). */
export function weekStartOf(day: string): string {
  const n = dayNumber(day);
  return dayOfNumber(n - weekdayOfNumber(n));
}

/** Every day from `from` to `to`, inclusive (empty when `to` is before `from`). */
export function daysFrom(from: string, to: string): string[] {
  const a = dayNumber(from);
  const b = dayNumber(to);
  const out: string[] = [];
  for (let n = a; n <= b; n++) out.push(dayOfNumber(n));
  return out;
}

/**
 * Epoch ms of `minutes` after local midnight of `day` in the zone (office.ts `officeTime`,
 * from the remembered offsets). A wall time skipped by a summer-time switch lands an hour on.
 */
export function officeMoment(day: string, minutes: number, timeZone: string): number {
  const wall = dayNumber(day) * DAY_MS + minutes * MINUTE_MS;
  const guess = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(guess, timeZone);
}

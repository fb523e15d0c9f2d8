/**
 * The office clock against Intl itself: Riyadh (no summer time), Berlin on the days it
 * switches, zones with half-hour offsets and half-hour switches; and the day arithmetic
 * (weeks start on Sunday) against the calendar.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { officeTime } from '../office.ts';
import { addDays, dayNumber, dayOfNumber, daysBetween, daysFrom, nextOfficeHour, officeClock, officeMoment, weekdayOf, weekStartOf, zoneOffsetMs } from './clock.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** What Intl says, the slow way, for comparison. */
function intlClock(epochMs: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const hour = Number(get('hour'));
  return {
    day: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')),
    hour,
    minuteOfDay: hour * 60 + Number(get('minute')),
  };
}

describe('officeClock', () => {
  it('reads Riyadh time (UTC+3 all year): 21:30 UTC is 00:30 the next day', () => {
    expect(officeClock(Date.UTC(2026, 10, 22, 21, 30), 'Asia/Riyadh')).toEqual({ day: '2026-11-23', weekday: 1, hour: 0, minuteOfDay: 30 });
    expect(officeClock(Date.UTC(2026, 10, 22, 20, 59, 59, 999), 'Asia/Riyadh')).toEqual({ day: '2026-11-22', weekday: 0, hour: 23, minuteOfDay: 1439 });
    expect(officeClock(Date.UTC(2026, 10, 22, 6, 0), 'Asia/Riyadh')).toEqual({ day: '2026-11-22', weekday: 0, hour: 9, minuteOfDay: 540 });
  });

  it('follows Berlin into summer time (29 March 2026, 02:00 → 03:00 at 01:00 UTC)', () => {
    const z = 'Europe/Berlin';
    expect(officeClock(Date.UTC(2026, 2, 29, 0, 59), z)).toEqual({ day: '2026-03-29', weekday: 0, hour: 1, minuteOfDay: 119 });
    expect(officeClock(Date.UTC(2026, 2, 29, 1, 0), z)).toEqual({ day: '2026-03-29', weekday: 0, hour: 3, minuteOfDay: 180 });
    expect(zoneOffsetMs(Date.UTC(2026, 2, 29, 0, 59), z)).toBe(HOUR);
    expect(zoneOffsetMs(Date.UTC(2026, 2, 29, 1, 0), z)).toBe(2 * HOUR);
    // The next office hour after 01:30 local is the switch itself (03:00 local).
    expect(nextOfficeHour(Date.UTC(2026, 2, 29, 0, 30), z)).toBe(Date.UTC(2026, 2, 29, 1, 0));
  });

  it('follows Berlin out of summer time (25 October 2026: 02:30 happens twice)', () => {
    const z = 'Europe/Berlin';
    expect(officeClock(Date.UTC(2026, 9, 25, 0, 30), z)).toEqual({ day: '2026-10-25', weekday: 0, hour: 2, minuteOfDay: 150 });
    expect(officeClock(Date.UTC(2026, 9, 25, 1, 30), z)).toEqual({ day: '2026-10-25', weekday: 0, hour: 2, minuteOfDay: 150 });
    expect(officeClock(Date.UTC(2026, 9, 25, 2, 0), z)).toEqual({ day: '2026-10-25', weekday: 0, hour: 3, minuteOfDay: 180 });
  });

  it('agrees with Intl at random moments in zones with odd offsets and odd switches', () => {
    const zones = ['Asia/Riyadh', 'Europe/Berlin', 'America/St_Johns', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kathmandu'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), (zone, t) => {
        expect(officeClock(t, zone)).toEqual(intlClock(t, zone));
      }),
      { numRuns: 2000, seed: 20261122 },
    );
  });

  it('agrees with Intl minute by minute across every switch of 2026 in Berlin, St John’s and Lord Howe', () => {
    const cases: [string, number][] = [
      ['Europe/Berlin', Date.UTC(2026, 2, 29, 0, 0)],
      ['Europe/Berlin', Date.UTC(2026, 9, 25, 0, 0)],
      ['America/St_Johns', Date.UTC(2026, 2, 8, 4, 0)],
      ['America/St_Johns', Date.UTC(2026, 10, 1, 3, 0)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 14, 0)],
      ['Australia/Lord_Howe', Date.UTC(2026, 9, 3, 15, 0)],
    ];
    for (const [zone, from] of cases) {
      for (let t = from; t < from + 3 * HOUR; t += MINUTE) expect(officeClock(t, zone), `${zone} ${new Date(t).toISOString()}`).toEqual(intlClock(t, zone));
    }
  });

  it('finds the next office hour in a zone half an hour off UTC', () => {
    // Kolkata is UTC+5:30: its hours start at half past the UTC hour.
    expect(nextOfficeHour(Date.UTC(2026, 0, 1, 4, 10), 'Asia/Kolkata')).toBe(Date.UTC(2026, 0, 1, 4, 30));
    expect(nextOfficeHour(Date.UTC(2026, 0, 1, 4, 30), 'Asia/Kolkata')).toBe(Date.UTC(2026, 0, 1, 5, 30));
  });

  it('places a wall time of a day like office.ts officeTime does', () => {
    for (const zone of ['Asia/Riyadh', 'Europe/Berlin', 'Asia/Kolkata']) {
      for (const day of ['2026-03-28', '2026-03-30', '2026-10-24', '2026-10-26', '2026-11-22']) {
        for (const minutes of [0, 540, 720, 960, 1320, 1440]) expect(officeMoment(day, minutes, zone)).toBe(officeTime(day, minutes, zone));
      }
    }
    // A skipped wall time lands an hour on: 02:30 on 29 March 2026 in Berlin is 03:30 CEST.
    expect(officeMoment('2026-03-29', 150, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });
});

describe('days', () => {
  it('counts weekdays from Sunday and starts weeks on Sunday', () => {
    expect(['2026-11-22', '2026-11-23', '2026-09-01', '2026-12-31', '2027-01-01'].map(weekdayOf)).toEqual([0, 1, 2, 4, 5]);
    expect(weekStartOf('2026-11-22')).toBe('2026-11-22');
    expect(weekStartOf('2026-11-28')).toBe('2026-11-22');
    expect(weekStartOf('2026-09-01')).toBe('2026-08-30');
    expect(weekStartOf('2027-01-01')).toBe('2026-12-27');
  });

  it('adds and counts days over month, year and leap-day ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-09-01', '2027-03-01')).toBe(181);
    expect(daysFrom('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(daysFrom('2026-12-30', '2026-12-29')).toEqual([]);
  });

  it('numbers days like the calendar does', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayOfNumber(0)).toBe('1970-01-01');
    fc.assert(
      fc.property(fc.integer({ min: -50_000, max: 100_000 }), (n) => {
        const day = new Date(n * 86_400_000).toISOString().slice(0, 10);
        expect(dayOfNumber(n)).toBe(day);
        expect(dayNumber(day)).toBe(n);
        expect(weekdayOf(day)).toBe(new Date(n * 86_400_000).getUTCDay());
      }),
      { numRuns: 1000, seed: 7 },
    );
    expect(() => dayNumber('2026-13-01')).toThrow();
  });
});

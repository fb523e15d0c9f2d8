import { describe, expect, it } from 'vitest';
import { catalogOf, DEFAULT_CATALOG, SERVICE_IDS, servicesOfGroup } from './catalog.ts';
import { DEFAULT_FEES, feeRange, iqamaFee, visaFee, type FeeSchedule } from './fees.ts';
import { checkIdNumber, luhnCheckDigit, luhnValid, toAsciiDigits } from './identity.ts';
import { checkInWindow, DEFAULT_APPOINTMENT_SETTINGS, hashBookingCode, isBookingCode, normaliseBookingCode } from './appointments.ts';
import { SERVICE_GROUPS } from './services.ts';

describe('identity numbers', () => {
  it('accepts the reference number and rejects every single-digit change of it', () => {
    expect(luhnValid('1000000008')).toBe(true);
    for (let i = 0; i < 10; i++) {
      for (let d = 0; d <= 9; d++) {
        const digits = '1000000008'.split('');
        if (digits[i] === String(d)) continue;
        digits[i] = String(d);
        expect(luhnValid(digits.join('')), digits.join('')).toBe(false);
      }
    }
  });

  it('completes any nine digits to a valid number', () => {
    for (const first9 of ['200000000', '212345678', '398765432', '412341234']) {
      const full = first9 + luhnCheckDigit(first9);
      expect(checkIdNumber(full)).toMatchObject({ ok: true, number: full });
    }
  });

  it('names the problem with a wrong number', () => {
    expect(checkIdNumber('')).toEqual({ ok: false, problem: 'empty' });
    expect(checkIdNumber('2abc')).toEqual({ ok: false, problem: 'notDigits' });
    expect(checkIdNumber('212345')).toEqual({ ok: false, problem: 'length' });
    expect(checkIdNumber('5000000001')).toEqual({ ok: false, problem: 'prefix' });
    const valid = `212345678${luhnCheckDigit('212345678')}`;
    const wrongCheck = `212345678${(Number(valid[9]) + 1) % 10}`;
    expect(checkIdNumber(wrongCheck)).toEqual({ ok: false, problem: 'checksum' });
  });

  it('tells residents, visitors and citizens apart and reads Arabic-Indic digits', () => {
    const resident = `212345678${luhnCheckDigit('212345678')}`;
    expect(checkIdNumber(resident)).toMatchObject({ kind: 'resident' });
    expect(checkIdNumber(`312345678${luhnCheckDigit('312345678')}`)).toMatchObject({ kind: 'visitor' });
    expect(checkIdNumber('1000000008')).toMatchObject({ kind: 'citizen' });
    const arabic = resident.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    expect(toAsciiDigits(arabic)).toBe(resident);
    expect(checkIdNumber(arabic)).toMatchObject({ ok: true, number: resident });
    expect(checkIdNumber(`${resident.slice(0, 4)} ${resident.slice(4)}`)).toMatchObject({ ok: true, number: resident });
  });
});

describe('catalogue', () => {
  it('has every service once, each under a known group with something to bring', () => {
    expect(new Set(DEFAULT_CATALOG.map((e) => e.id))).toEqual(new Set(SERVICE_IDS));
    for (const e of DEFAULT_CATALOG) {
      expect(SERVICE_GROUPS).toContain(e.group);
      expect(e.bring.length).toBeGreaterThan(0);
    }
    for (const group of SERVICE_GROUPS) expect(servicesOfGroup({ serviceGroups: SERVICE_GROUPS }, group).length).toBeGreaterThan(0);
  });

  it('offers only the groups the office has', () => {
    const config = { serviceGroups: ['enquiries'] as const };
    expect(catalogOf(config).every((e) => e.group === 'enquiries')).toBe(true);
  });
});

describe('fee ranges', () => {
  it('follows the published schedule', () => {
    expect(feeRange('exitReentry.single', DEFAULT_FEES)).toEqual({ min: 200, max: 1200, extras: [] });
    expect(feeRange('exitReentry.multiple', DEFAULT_FEES)).toEqual({ min: 500, max: 2300, extras: [] });
    expect(feeRange('sponsorship.transfer', DEFAULT_FEES)).toMatchObject({ min: 2000, max: 6000 });
    expect(feeRange('profession.change', DEFAULT_FEES)).toMatchObject({ min: 1000, max: 1000 });
    expect(feeRange('finalExit.cancel', DEFAULT_FEES)).toMatchObject({ min: 0, max: 1000 });
    expect(feeRange('query.visa', DEFAULT_FEES)).toMatchObject({ min: 0, max: 0 });
    // 3 months: a quarter of 650 (163) + 3 × 800; a domestic worker's 12 months: 650, no levy.
    expect(feeRange('iqama.renew', DEFAULT_FEES)).toEqual({ min: 650, max: 650 + 12 * 800, extras: ['dependants', 'latePenalty'] });
  });

  it('is priced at the boundaries of the visa schedule', () => {
    const single = DEFAULT_FEES.exitReentry.single;
    expect(visaFee(single, 2)).toBe(200);
    expect(visaFee(single, 3)).toBe(300);
    expect(iqamaFee(DEFAULT_FEES.iqama, 3, 800)).toBe(163 + 2400);
  });

  it('comes from configuration, not code', () => {
    const fees: FeeSchedule = { ...DEFAULT_FEES, professionChange: 1500 };
    expect(feeRange('profession.change', fees)).toMatchObject({ min: 1500, max: 1500 });
  });
});

describe('appointments', () => {
  it('normalises, checks and hashes booking codes', async () => {
    expect(normaliseBookingCode('ab3d-ef7h')).toBe('AB3DEF7H');
    expect(isBookingCode('AB3DEF7H')).toBe(true);
    expect(isBookingCode('AB3DEF7')).toBe(false);
    expect(isBookingCode('AB3DEF7O')).toBe(false); // O is not in the alphabet
    expect(await hashBookingCode('ab3d ef7h', 'salt:2026-11-22')).toBe(await hashBookingCode('AB3DEF7H', 'salt:2026-11-22'));
    expect(await hashBookingCode('AB3DEF7H', 'salt:2026-11-22')).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashBookingCode('AB3DEF7H', 'salt:2026-11-23')).not.toBe(await hashBookingCode('AB3DEF7H', 'salt:2026-11-22'));
    // A booking made before salting keeps its plain SHA-256, which kiosks can still check.
    expect(await hashBookingCode('ab3d ef7h', null)).toBe('4004aaabf18a3195d05e105f4a88c1f39f7e8da02bfadcec93ef174221388d16');
  });

  it('opens check-in an hour before the slot and closes it a quarter after', () => {
    const slot = 10 * 3_600_000;
    const s = DEFAULT_APPOINTMENT_SETTINGS;
    expect(checkInWindow(slot, slot - 61 * 60_000, s)).toBe('early');
    expect(checkInWindow(slot, slot - 60 * 60_000, s)).toBe('open');
    expect(checkInWindow(slot, slot + 15 * 60_000, s)).toBe('open');
    expect(checkInWindow(slot, slot + 16 * 60_000, s)).toBe('late');
  });
});

describe('office time', () => {
  it('turns a day and a clock time at the office into the moment', async () => {
    const { officeTime, serviceDayOf } = await import('./office.ts');
    expect(officeTime('2026-12-02', 9 * 60, 'Asia/Riyadh')).toBe(Date.parse('2026-12-02T09:00:00+03:00'));
    expect(officeTime('2026-12-02', 23 * 60 + 30, 'Asia/Riyadh')).toBe(Date.parse('2026-12-02T23:30:00+03:00'));
    expect(serviceDayOf(officeTime('2026-12-02', 0, 'Asia/Riyadh'), 'Asia/Riyadh')).toBe('2026-12-02');
    // A zone with daylight saving: 09:00 in London in summer is 08:00 UTC.
    expect(officeTime('2026-07-01', 9 * 60, 'Europe/London')).toBe(Date.parse('2026-07-01T08:00:00Z'));
  });
});

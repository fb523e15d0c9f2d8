/**
 * Golden tests of the counter's rules at their boundaries: fee tables, late penalties,
 * a visa longer than the iqama, passports under 90 / 60 days, the third sponsorship
 * transfer, a domestic worker's profession change, cancelling an expired final exit, an
 * exhausted quota, parcel addresses; and every failing rule listed, not just the first.
 */
import { describe, expect, it } from 'vitest';
import { checkAddress } from './address.ts';
import { addDays, addMonths, daysBetween, isIsoDate } from './dates.ts';
import { allowedPeriods, DEFAULT_FEES } from './fees.ts';
import type { ResidentRecord, VisaRecord } from './resident.ts';
import { decide, decideFor, quotaCheck, type ServiceRequest } from './rules.ts';
import { sampleResident } from './testing.ts';

const TODAY = '2026-12-02';
const ctx = { today: TODAY, fees: DEFAULT_FEES };

const resident = sampleResident;

const visa = (over: Partial<VisaRecord>): VisaRecord => ({
  visaNumber: '9000000001',
  kind: 'exitReentrySingle',
  status: 'issued',
  issuedOn: '2026-11-01',
  validUntil: '2027-01-01',
  months: 2,
  ...over,
});

const codes = (r: ResidentRecord, q: ServiceRequest) => decide(r, q, ctx).failures.map((f) => f.code);

describe('dates', () => {
  it('adds months to the end of shorter months and counts days', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-02', 12)).toBe('2027-12-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-12-02', '2027-03-02')).toBe(90);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-02-28')).toBe(true);
  });
});

describe('the periods the counter offers', () => {
  it('are exactly those the rules accept, for every service with a period, domestic worker or not', () => {
    for (const service of ['iqama.renew', 'iqama.issue', 'exitReentry.single', 'exitReentry.multiple'] as const) {
      for (const domestic of [false, true]) {
        const r = resident({ profession: domestic ? { code: 'houseDriver', domestic: true } : resident().profession });
        const offered = allowedPeriods(DEFAULT_FEES, service, domestic);
        expect(offered.length).toBeGreaterThan(0);
        for (let months = -1; months <= 30; months++) {
          const refused = decide(r, { service, months } as ServiceRequest, ctx).failures.some((f) => f.code === 'periodNotAllowed');
          expect({ service, domestic, months, refused }).toEqual({ service, domestic, months, refused: !offered.includes(months) });
        }
      }
    }
  });
});

describe('iqama renewal', () => {
  it('prices every allowed period from the schedule', () => {
    const r = resident();
    expect(decide(r, { service: 'iqama.renew', months: 3 }, ctx)).toMatchObject({ eligible: true, total: 163 + 2400, outcome: { newIqamaExpiry: '2027-09-30' } });
    expect(decide(r, { service: 'iqama.renew', months: 12 }, ctx).total).toBe(650 + 9600);
    expect(codes(r, { service: 'iqama.renew', months: 5 })).toEqual(['periodNotAllowed']);
  });

  it('adds dependants per month, and a domestic worker renews for 12 months only, without the levy', () => {
    expect(decide(resident({ dependants: 2 }), { service: 'iqama.renew', months: 6 }, ctx).fees).toEqual([
      { code: 'residenceFee', amount: 325, params: { months: 6 } },
      { code: 'workPermitLevy', amount: 4800, params: { months: 6, perMonth: 800 } },
      { code: 'dependantFees', amount: 4800, params: { dependants: 2, months: 6 } },
    ]);
    const domestic = resident({ profession: { code: 'houseDriver', domestic: true } });
    expect(codes(domestic, { service: 'iqama.renew', months: 6 })).toEqual(['periodNotAllowed']);
    expect(decide(domestic, { service: 'iqama.renew', months: 12 }, ctx)).toMatchObject({ eligible: true, total: 650 });
  });

  it('charges the late penalty only after the 3-day grace: 500 the first time, 1,000 after', () => {
    const expiredOn = (days: number) => addDays(TODAY, -days);
    const penalty = (r: ResidentRecord) => decide(r, { service: 'iqama.renew', months: 12 }, ctx).fees.find((f) => f.code === 'latePenalty')?.amount ?? 0;
    expect(penalty(resident({ iqamaExpiry: expiredOn(3) }))).toBe(0);
    expect(penalty(resident({ iqamaExpiry: expiredOn(4) }))).toBe(500);
    expect(penalty(resident({ iqamaExpiry: expiredOn(4), lateRenewals: 1 }))).toBe(1000);
    expect(penalty(resident({ iqamaExpiry: expiredOn(400), lateRenewals: 5 }))).toBe(1000);
    // A lapsed iqama runs on from today, not from its old expiry.
    expect(decide(resident({ iqamaExpiry: expiredOn(400) }), { service: 'iqama.renew', months: 12 }, ctx).outcome.newIqamaExpiry).toBe('2027-12-02');
  });
});

describe('exit & re-entry', () => {
  it('prices single and multiple visas at the edges of their base periods', () => {
    const r = resident({ iqamaExpiry: '2029-01-01' });
    const fee = (service: 'exitReentry.single' | 'exitReentry.multiple', months: number) => decide(r, { service, months }, ctx).total;
    expect([fee('exitReentry.single', 1), fee('exitReentry.single', 2), fee('exitReentry.single', 3), fee('exitReentry.single', 12)]).toEqual([200, 200, 300, 1200]);
    expect([fee('exitReentry.multiple', 3), fee('exitReentry.multiple', 4), fee('exitReentry.multiple', 12)]).toEqual([500, 700, 2300]);
    expect(codes(r, { service: 'exitReentry.single', months: 13 })).toEqual(['periodNotAllowed']);
    expect(codes(r, { service: 'exitReentry.single', months: 0 })).toEqual(['periodNotAllowed']);
  });

  it('refuses a visa that would outlast the iqama, to the day', () => {
    const r = resident({ iqamaExpiry: '2027-03-02' });
    expect(codes(r, { service: 'exitReentry.single', months: 3 })).toEqual([]); // ends 2027-03-02, the expiry day
    expect(decide(r, { service: 'exitReentry.single', months: 4 }, ctx).failures).toEqual([
      { code: 'visaOutlastsIqama', params: { validUntil: '2027-04-02', expiry: '2027-03-02' } },
    ]);
  });

  it('needs a passport valid for 90 days', () => {
    expect(codes(resident({ passport: { number: 'P', expiry: addDays(TODAY, 90) } }), { service: 'exitReentry.multiple', months: 3 })).toEqual([]);
    expect(decide(resident({ passport: { number: 'P', expiry: addDays(TODAY, 89) } }), { service: 'exitReentry.multiple', months: 3 }, ctx).failures).toEqual([
      { code: 'passportExpiresSoon', params: { days: 89, minimum: 90, expiry: addDays(TODAY, 89) } },
    ]);
  });

  it('lists every failing rule at once', () => {
    const r = resident({
      iqamaExpiry: addDays(TODAY, -10),
      passport: { number: 'P', expiry: addDays(TODAY, 30) },
      abroad: true,
      visas: [visa({ validUntil: addDays(TODAY, 5) })],
    });
    expect(codes(r, { service: 'exitReentry.single', months: 2 })).toEqual(['iqamaExpired', 'passportExpiresSoon', 'abroad', 'activeVisaExists']);
  });

  it('cancels and reprints only a visa that is still usable', () => {
    const withVisa = resident({ visas: [visa({})] });
    expect(decide(withVisa, { service: 'exitReentry.cancel' }, ctx)).toMatchObject({ eligible: true, total: 0, outcome: { cancelsVisa: '9000000001' } });
    expect(codes(resident({ visas: [visa({ validUntil: '2026-12-01' })] }), { service: 'exitReentry.cancel' })).toEqual(['noActiveVisa']);
    expect(codes(resident({ visas: [visa({ status: 'used' })] }), { service: 'exitReentry.reprint' })).toEqual(['noActiveVisa']);
    expect(codes(withVisa, { service: 'exitReentry.reprint' })).toEqual([]);
  });
});

describe('final exit', () => {
  it('needs a passport valid for 60 days, no unpaid violations and no vehicle', () => {
    expect(decide(resident({ passport: { number: 'P', expiry: addDays(TODAY, 60) } }), { service: 'finalExit.issue' }, ctx)).toMatchObject({
      eligible: true,
      total: 0,
      outcome: { visaValidUntil: addDays(TODAY, 60) },
    });
    expect(
      codes(resident({ passport: { number: 'P', expiry: addDays(TODAY, 59) }, unpaidViolations: 300, vehicles: 1 }), { service: 'finalExit.issue' }),
    ).toEqual(['passportExpiresSoon', 'unpaidViolations', 'vehiclesRegistered']);
  });

  it('cancels a valid one for free; an expired one costs 1,000 and needs a valid iqama', () => {
    const valid = visa({ kind: 'finalExit', validUntil: addDays(TODAY, 20), months: null });
    const expired = visa({ kind: 'finalExit', validUntil: addDays(TODAY, -1), months: null });
    expect(decide(resident({ visas: [valid] }), { service: 'finalExit.cancel' }, ctx)).toMatchObject({ eligible: true, total: 0 });
    expect(decide(resident({ visas: [expired] }), { service: 'finalExit.cancel' }, ctx)).toMatchObject({ eligible: true, total: 1000 });
    expect(codes(resident({ visas: [expired], iqamaExpiry: addDays(TODAY, -1) }), { service: 'finalExit.cancel' })).toEqual(['iqamaExpired']);
    expect(codes(resident(), { service: 'finalExit.cancel' })).toEqual(['noActiveVisa']);
  });
});

describe('work and sponsor changes', () => {
  it('charges 2,000, 4,000, then 6,000 for the third and every later transfer', () => {
    const fee = (n: number) => decide(resident({ sponsorshipTransfers: n }), { service: 'sponsorship.transfer', newSponsor: { kind: 'establishment', establishmentId: '7009999999' } }, ctx).total;
    expect([fee(0), fee(1), fee(2), fee(3), fee(7)]).toEqual([2000, 4000, 6000, 6000, 6000]);
    expect(codes(resident(), { service: 'sponsorship.transfer', newSponsor: { kind: 'establishment', establishmentId: '7001234567' } })).toEqual(['sameSponsor']);
  });

  it('refuses a profession change to or from a domestic-worker profession', () => {
    expect(decide(resident(), { service: 'profession.change', profession: { code: 'accountant', domestic: false } }, ctx)).toMatchObject({ eligible: true, total: 1000 });
    expect(codes(resident({ profession: { code: 'houseDriver', domestic: true } }), { service: 'profession.change', profession: { code: 'accountant', domestic: false } })).toEqual([
      'domesticWorker',
    ]);
    expect(codes(resident(), { service: 'profession.change', profession: { code: 'houseDriver', domestic: true } })).toEqual(['domesticWorker']);
    expect(codes(resident(), { service: 'profession.change', profession: { code: 'engineer', domestic: false } })).toEqual(['sameProfession']);
  });

  it('stops a representative batch when the operations quota is used up', () => {
    const est = (remaining: number) => ({ establishmentId: 'e', name: { ar: 'م', en: 'E' }, subscription: { kind: 'operations' as const, remaining } });
    expect(quotaCheck(est(3), 3)).toEqual([]);
    expect(quotaCheck(est(2), 3)).toEqual([{ code: 'quotaExhausted', params: { remaining: 2, needed: 3 } }]);
    expect(quotaCheck(est(0), 1)).toHaveLength(1);
    expect(quotaCheck({ ...est(0), subscription: { kind: 'comprehensive' } }, 500)).toEqual([]);
  });

  it('lets a representative act only for the establishment’s own employees, one quota operation each', () => {
    const employer = { establishmentId: '7001234567', name: { ar: 'م', en: 'E' }, subscription: { kind: 'operations' as const, remaining: 1 } };
    const request = { service: 'iqama.renew', months: 12 } as const;
    const employee = resident({ sponsor: { kind: 'establishment', establishmentId: '7001234567' } });
    expect(decideFor(employee, request, ctx, { establishmentId: '7001234567', establishment: employer }).eligible).toBe(true);
    const used = { ...employer, subscription: { kind: 'operations' as const, remaining: 0 } };
    expect(decideFor(employee, request, ctx, { establishmentId: '7001234567', establishment: used }).failures).toEqual([
      { code: 'quotaExhausted', params: { remaining: 0, needed: 1 } },
    ]);
    expect(decideFor(employee, request, ctx, { establishmentId: '7009999999', establishment: null }).failures.map((f) => f.code)).toEqual(['notSponsoredBy']);
    // Without a representative, the person's own transaction never touches the quota.
    expect(decideFor(employee, request, ctx, null)).toEqual(decide(employee, request, ctx));
  });
});

describe('visitors', () => {
  it('may ask questions but holds no iqama to renew or visa to issue', () => {
    const visitor = resident({ kind: 'visitor', idNumber: '3123456787' });
    expect(codes(visitor, { service: 'iqama.renew', months: 12 })).toContain('notAResident');
    expect(codes(visitor, { service: 'exitReentry.single', months: 2 })).toContain('notAResident');
    expect(codes(visitor, { service: 'query.visa' })).toEqual([]);
  });
});

describe('parcel address', () => {
  const national = { kind: 'national' as const, buildingNumber: '2929', street: 'King Fahd Road', district: 'Al Olaya', city: 'Riyadh', postalCode: '12214', additionalNumber: '7788' };
  it('accepts a full National Address or a short address', () => {
    expect(checkAddress(national)).toEqual([]);
    expect(checkAddress({ kind: 'short', shortAddress: 'rrrd2929' })).toEqual([]);
    expect(decide(resident(), { service: 'parcel.add', address: national }, ctx)).toMatchObject({ eligible: true, total: 30 });
  });
  it('names every field that is wrong', () => {
    expect(checkAddress({ ...national, buildingNumber: '29', postalCode: '02214', additionalNumber: 'x', city: ' ' }).map((p) => `${p.field}:${p.problem}`)).toEqual([
      'buildingNumber:fourDigits',
      'city:required',
      'postalCode:region',
      'additionalNumber:fourDigits',
    ]);
    expect(checkAddress({ kind: 'short', shortAddress: 'RRR2929' })).toEqual([{ field: 'shortAddress', problem: 'shortFormat' }]);
  });
});

/**
 * An establishment's report on both stores: a seeded registry around a few people written
 * for the boundaries (expired yesterday, expiring today, exactly 30 / 31 / 90 / 91 days, a
 * re-entry visa past its return deadline while abroad and one not yet), visas in every
 * state by month, open violations, the quota used and left; and its CSV (BOM, CRLF, RFC
 * 4180 quoting, formulas defused, Arabic and English headings).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../shared/domain/identity.ts';
import type { EstablishmentRecord, ResidentRecord, VisaRecord } from '../../shared/domain/resident.ts';
import { toJsonb } from '../http/errors.ts';
import { seedRegistry } from '../registry/seed.ts';
import { PILOT_OFFICE_ID, seedOffice } from '../seed.ts';
import { describeEngines, type TestStore } from '../testing/engines.ts';
import { buildReport, establishmentReport, expiryBucket, reportCsv, type EstablishmentReport } from './report.ts';

const DAY = '2026-12-03';
const EST = '7099999991';
const OTHER = '7099999992';
const id = (prefix: string, n: number) => {
  const body = `${prefix}${String(n).padStart(8, '0')}`;
  return body + luhnCheckDigit(body);
};
const visa = (n: number, kind: VisaRecord['kind'], status: VisaRecord['status'], issuedOn: string, validUntil: string, months: number | null): VisaRecord => ({
  visaNumber: `69000000${String(n).padStart(2, '0')}`,
  kind,
  status,
  issuedOn,
  validUntil,
  months,
});
const person = (n: number, over: Partial<ResidentRecord>): ResidentRecord => ({
  kind: 'resident',
  idNumber: id('2', 99_000_000 + n),
  name: { ar: `مقيم ${n}`, en: `Resident ${n}` },
  nationality: 'IND',
  gender: 'male',
  birthDate: '1990-01-01',
  mobile: '0500000000',
  passport: { number: 'P1234567', expiry: '2030-01-01' },
  iqamaExpiry: '2027-06-01',
  profession: { code: 'engineer', domestic: false },
  sponsor: { kind: 'establishment', establishmentId: EST },
  dependants: 0,
  drivingLicence: null,
  vehicles: 0,
  unpaidViolations: 0,
  visas: [],
  sponsorshipTransfers: 0,
  lateRenewals: 0,
  abroad: false,
  ...over,
});

const PEOPLE: readonly ResidentRecord[] = [
  // Iqama expired yesterday; passport exactly 30 days ahead.
  person(1, { iqamaExpiry: '2026-12-02', passport: { number: 'P1', expiry: '2027-01-02' } }),
  // Iqama expires today (still valid); passport 31 days ahead; unpaid violations; a name a spreadsheet must quote.
  person(2, { iqamaExpiry: DAY, passport: { number: 'P2', expiry: '2027-01-03' }, unpaidViolations: 1500, name: { ar: 'علي "العمري"، الابن', en: 'Ali "Al-Omari", Jr.' } }),
  // Abroad past the return deadline (validUntil 2026-03-10 + 6 months = 2026-09-10); an earlier trip came back. Iqama 90 days, passport 91.
  person(3, {
    abroad: true,
    iqamaExpiry: '2027-03-03',
    passport: { number: 'P3', expiry: '2027-03-04' },
    visas: [visa(1, 'exitReentrySingle', 'used', '2025-05-01', '2025-07-01', 2), visa(2, 'exitReentrySingle', 'used', '2026-01-10', '2026-03-10', 6)],
  }),
  // Abroad, still within the deadline (2026-12-01 + 2 months).
  person(4, { abroad: true, visas: [visa(3, 'exitReentryMultiple', 'used', '2026-10-01', '2026-12-01', 2)] }),
  // An issued visa past its date (expired), one still valid, one cancelled, an expired final exit.
  person(5, {
    visas: [
      visa(4, 'exitReentrySingle', 'issued', '2026-10-02', '2026-12-02', 2),
      visa(5, 'exitReentrySingle', 'issued', '2026-10-10', '2026-12-10', 2),
      visa(6, 'exitReentryMultiple', 'cancelled', '2026-10-15', '2027-01-15', 3),
      visa(7, 'finalExit', 'expired', '2026-01-20', '2026-03-21', null),
    ],
  }),
  // A visitor the establishment sponsors, with a name that would be a formula.
  person(6, { kind: 'visitor', idNumber: id('3', 99_000_006), name: { ar: 'زائر', en: '=HYPERLINK("http://x","y")' }, iqamaExpiry: '2026-12-20' }),
  // Not the establishment's: another establishment's worker, and a domestic worker of a citizen.
  person(7, { sponsor: { kind: 'establishment', establishmentId: OTHER }, unpaidViolations: 100 }),
  person(8, { sponsor: { kind: 'person', idNumber: id('1', 99_000_008) }, unpaidViolations: 100 }),
];

const ESTABLISHMENTS: readonly EstablishmentRecord[] = [
  { establishmentId: EST, name: { ar: 'مؤسسة الاختبار للمقاولات', en: 'Test Contracting Est.' }, subscription: { kind: 'operations', remaining: 12 }, contact: { mobile: '0599999991', language: 'ar' } },
  { establishmentId: OTHER, name: { ar: 'مؤسسة أخرى', en: 'Other Est.' }, subscription: { kind: 'comprehensive' } },
];

describe('expiry buckets', () => {
  it('puts expired yesterday in expired, today and exactly 30 days in within30, then 60 and 90 at their edges', () => {
    expect(expiryBucket('2026-12-02', DAY)).toBe('expired');
    expect(expiryBucket(DAY, DAY)).toBe('within30');
    expect(expiryBucket('2027-01-02', DAY)).toBe('within30'); // 30 days
    expect(expiryBucket('2027-01-03', DAY)).toBe('within60'); // 31
    expect(expiryBucket('2027-02-01', DAY)).toBe('within60'); // 60
    expect(expiryBucket('2027-02-02', DAY)).toBe('within90'); // 61
    expect(expiryBucket('2027-03-03', DAY)).toBe('within90'); // 90
    expect(expiryBucket('2027-03-04', DAY)).toBe('later'); // 91
  });
});

describeEngines('establishment report', (engine) => {
  let t: TestStore;
  let report: EstablishmentReport;

  beforeAll(async () => {
    t = await engine.open();
    await seedOffice(t.store, { hashes: { pin: 'x', password: 'x' } });
    await seedRegistry(t.store, { seed: 99, residents: 200, visitors: 20, establishments: 20, today: DAY, now: Date.parse(`${DAY}T06:00:00Z`) });
    for (const e of ESTABLISHMENTS) await t.store.query('INSERT INTO establishments (establishment_id, record) VALUES ($1, $2::jsonb)', [e.establishmentId, toJsonb(e)]);
    for (const p of PEOPLE) {
      await t.store.query(`INSERT INTO residents (id_number, record, name_keys, updated_at) VALUES ($1, $2::jsonb, '', now())`, [p.idNumber, toJsonb(p)]);
    }
    // The representative's transactions: two completed this month, one last month, one refused, one after the day.
    const tx = (decidedAt: string, status: 'completed' | 'refused', representativeFor: string | null = EST) =>
      t.store.query(
        `INSERT INTO transactions (office_id, transaction_id, device_id, device_seq, officer_badge, session_id, counter_id, id_number, service, request,
           status, total, quoted_total, based_on_version, version, device_time, decided_at, representative_for)
         VALUES ($1, $2, $3, 1, '1001', $4, 1, $5, 'iqama.renew', '{}'::jsonb, $6, 0, 0, 1, 1, 0, $7, $8)`,
        [PILOT_OFFICE_ID, randomUUID(), randomUUID(), randomUUID(), PEOPLE[0]?.idNumber ?? '', status, new Date(decidedAt), representativeFor],
      );
    await tx('2026-12-01T05:00:00Z', 'completed');
    await tx('2026-12-03T20:59:00Z', 'completed'); // 23:59 Riyadh on the day
    await tx('2026-11-30T20:59:00Z', 'completed'); // 23:59 Riyadh on 30 November: last month
    await tx('2026-12-02T05:00:00Z', 'refused');
    await tx('2026-12-03T21:00:00Z', 'completed'); // 00:00 Riyadh on the 4th: after the day
    await tx('2026-12-02T05:00:00Z', 'completed', OTHER);
    const built = await establishmentReport(t.store, EST, DAY);
    if (!built) throw new Error('no report');
    report = built;
  });
  afterAll(() => t?.close());

  it('finds only the establishment’s own residents and visitors, and nothing for an unknown establishment', async () => {
    expect(report.people.map((p) => p.idNumber)).toEqual(PEOPLE.slice(0, 6).map((p) => p.idNumber).sort());
    expect(report.counts).toEqual({ residents: 5, visitors: 1 });
    expect(await establishmentReport(t.store, '7000000000', DAY)).toBeNull();
  });

  it('buckets iqama and passport expiries at their boundaries', () => {
    const of = (n: number) => report.people.find((p) => p.idNumber === PEOPLE[n - 1]?.idNumber);
    expect(of(1)).toMatchObject({ iqama: 'expired', passport: 'within30' });
    expect(of(2)).toMatchObject({ iqama: 'within30', passport: 'within60' });
    expect(of(3)).toMatchObject({ iqama: 'within90', passport: 'later' });
    expect(of(6)).toMatchObject({ kind: 'visitor', iqama: 'within30' });
    expect(report.expiry.iqama).toEqual({ expired: 1, within30: 2, within60: 0, within90: 1, later: 2 });
    expect(report.expiry.passport).toEqual({ expired: 0, within30: 1, within60: 1, within90: 0, later: 4 });
    // Only what the report needs of a person.
    expect(Object.keys(report.people[0] ?? {}).sort()).toEqual(['idNumber', 'iqama', 'iqamaExpiry', 'kind', 'name', 'passport', 'passportExpiry']);
  });

  it('counts visas by state and month of issue, with "not returned" for the trip past its deadline only', () => {
    expect(report.visas.total).toEqual({ issued: 1, used: 2, cancelled: 1, expired: 2, notReturned: 1 });
    expect(report.visas.byMonth.map((m) => [m.month, m.counts])).toEqual([
      ['2025-05', { issued: 0, used: 1, cancelled: 0, expired: 0, notReturned: 0 }],
      ['2026-01', { issued: 0, used: 0, cancelled: 0, expired: 1, notReturned: 1 }],
      ['2026-10', { issued: 1, used: 1, cancelled: 1, expired: 1, notReturned: 0 }],
    ]);
  });

  it('lists open violations: unpaid, expired iqama, re-entry expired while abroad', () => {
    expect(report.violations.map((v) => [v.idNumber, v.kind, v.amount, v.since, v.visaNumber])).toEqual([
      [PEOPLE[0]?.idNumber, 'iqamaExpired', null, '2026-12-02', null],
      [PEOPLE[1]?.idNumber, 'unpaidViolations', 1500, null, null],
      [PEOPLE[2]?.idNumber, 'notReturned', null, '2026-09-11', '6900000002'],
    ]);
  });

  it('counts the quota used this month (office time, to the end of the day) and in all, and what is left', () => {
    expect(report.quota).toEqual({ kind: 'operations', remaining: 12, usedInMonth: 2, usedTotal: 3 });
  });

  it('a comprehensive subscription has no limit', async () => {
    expect((await establishmentReport(t.store, OTHER, DAY))?.quota).toEqual({ kind: 'comprehensive', remaining: null, usedInMonth: 1, usedTotal: 1 });
  });

  it('writes CSV with a BOM, CRLF lines, quoted fields, formulas defused and Arabic headings', () => {
    const csv = reportCsv(report, 'ar');
    expect(csv.startsWith('\uFEFFتقرير المنشأة\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(csv).toContain('\r\nرقم الهوية,الاسم,الفئة,انتهاء الإقامة,حالة الإقامة,انتهاء الجواز,حالة الجواز\r\n');
    expect(csv).toContain(`\r\n${PEOPLE[1]?.idNumber},"علي ""العمري""، الابن",مقيم,${DAY},خلال 30 يومًا,2027-01-03,خلال 31–60 يومًا\r\n`);
    expect(csv).toContain('\r\nالعمليات المتبقية,12\r\n');
    const en = reportCsv(report, 'en');
    expect(en).toContain('\r\nID number,Name,Kind,Iqama expiry,Iqama status,Passport expiry,Passport status\r\n');
    expect(en).toContain('"Ali ""Al-Omari"", Jr."');
    expect(en).toContain(`\r\n${PEOPLE[5]?.idNumber},"'=HYPERLINK(""http://x"",""y"")",Visitor,`);
    expect(en).toContain('\r\nMonth,Issued,Used,Cancelled,Expired,Not returned,Total\r\n2025-05,0,1,0,0,0,1\r\n');
    expect(en).toContain('\r\nTotal,1,2,1,2,1,7\r\n');
    expect(en).not.toContain('0500000000'); // no mobile, no passport number
    expect(en).not.toContain('P1234567');
  });

  it('builds the same report from records without a store (the pure part)', () => {
    const again = buildReport(ESTABLISHMENTS[0] as EstablishmentRecord, PEOPLE.slice(0, 6), { usedInMonth: 2, usedTotal: 3 }, DAY);
    expect(again).toEqual(report);
  });
});

/**
 * An establishment's report on its people (issue 11; the Muqeem portal's "detailed reports
 * on residents and visa statistics"): for one establishment and one day, its sponsored
 * residents and visitors with their iqama and passport expiries in buckets, its visas by
 * state and month of issue, its open violations, and its Muqeem quota. It goes to the
 * establishment only, so numbers are whole; but a person appears by id number, name and
 * the dates the report is about, nothing else of their record (no mobile, birth date,
 * passport number or nationality).
 *
 * Definitions (all on the report's day, dates 'YYYY-MM-DD'):
 * - Expiry buckets by days left = expiry − day: `expired` below 0 (expired yesterday or
 *   earlier; a document expiring on the day is still valid that day), `within30` 0–30
 *   (exactly 30 days is in it), `within60` 31–60, `within90` 61–90, `later` beyond. For a
 *   visitor the registry's iqama expiry is the end of the visit, bucketed the same way.
 * - Visa states: the registry's status, except an `issued` visa past its `validUntil` is
 *   `expired` (never used, not cancelled in time: its fee is lost), and `notReturned`: the
 *   person is abroad on an exit/re-entry visa (their latest used one) and the day is past
 *   its return deadline, `validUntil` + `months` (the latest they could be due back, as
 *   the day they left is not in the record: nobody is called late who may not be). Each
 *   visa has one state; counts per calendar month of `issuedOn`.
 * - Open violations: unpaid violations (> 0 riyals), an expired iqama, a re-entry visa
 *   expired while abroad (`notReturned` above).
 * - Quota: `remaining` from the establishment's record (null: comprehensive, unlimited);
 *   `used` counts counter transactions completed for its representatives in our offices,
 *   in the report day's month (office time, to the end of the day) and in all.
 */
import { addDays, addMonths, daysBetween, type IsoDate } from '../../shared/domain/dates.ts';
import { officeMoment } from '../../shared/domain/metrics/clock.ts';
import type { EstablishmentRecord, ResidentRecord, VisaRecord } from '../../shared/domain/resident.ts';
import { csvLine } from '../metrics/csv.ts';
import type { Queryable } from '../store/index.ts';

export const EXPIRY_BUCKETS = ['expired', 'within30', 'within60', 'within90', 'later'] as const;
export type ExpiryBucket = (typeof EXPIRY_BUCKETS)[number];
export const VISA_STATES = ['issued', 'used', 'cancelled', 'expired', 'notReturned'] as const;
export type VisaState = (typeof VISA_STATES)[number];
export type ViolationKind = 'unpaidViolations' | 'iqamaExpired' | 'notReturned';

type Name = { readonly ar: string; readonly en: string };

export interface ReportPerson {
  readonly idNumber: string;
  readonly kind: 'resident' | 'visitor';
  readonly name: Name;
  readonly iqamaExpiry: IsoDate;
  readonly iqama: ExpiryBucket;
  readonly passportExpiry: IsoDate;
  readonly passport: ExpiryBucket;
}

export interface ReportViolation {
  readonly idNumber: string;
  readonly name: Name;
  readonly kind: ViolationKind;
  /** Riyals unpaid (unpaidViolations). */
  readonly amount: number | null;
  /** Since when: the iqama's expiry, or the return deadline passed. */
  readonly since: IsoDate | null;
  readonly visaNumber: string | null;
}

export interface EstablishmentReport {
  readonly establishmentId: string;
  readonly name: Name;
  readonly day: IsoDate;
  readonly quota: { readonly kind: 'comprehensive' | 'operations'; readonly remaining: number | null; readonly usedInMonth: number; readonly usedTotal: number };
  readonly counts: { readonly residents: number; readonly visitors: number };
  readonly expiry: { readonly iqama: Readonly<Record<ExpiryBucket, number>>; readonly passport: Readonly<Record<ExpiryBucket, number>> };
  readonly visas: { readonly total: Readonly<Record<VisaState, number>>; readonly byMonth: readonly { readonly month: string; readonly counts: Readonly<Record<VisaState, number>> }[] };
  readonly violations: readonly ReportViolation[];
  readonly people: readonly ReportPerson[];
}

/** The bucket of a document expiring on `expiry`, seen on `day`. */
export function expiryBucket(expiry: IsoDate, day: IsoDate): ExpiryBucket {
  const left = daysBetween(day, expiry);
  return left < 0 ? 'expired' : left <= 30 ? 'within30' : left <= 60 ? 'within60' : left <= 90 ? 'within90' : 'later';
}

const isReentry = (v: VisaRecord): boolean => v.kind === 'exitReentrySingle' || v.kind === 'exitReentryMultiple';

/** The last day a person abroad on this re-entry visa may come back. */
export function returnDeadline(v: VisaRecord): IsoDate {
  return addMonths(v.validUntil, v.months ?? 0);
}

/** The re-entry visa a person abroad left on (their latest used one), if any. */
function departureVisa(p: ResidentRecord): VisaRecord | null {
  if (!p.abroad) return null;
  return p.visas.filter((v) => isReentry(v) && v.status === 'used').sort((a, b) => b.issuedOn.localeCompare(a.issuedOn))[0] ?? null;
}

/** One visa's state on `day` (see the module's definitions). */
export function visaState(v: VisaRecord, person: ResidentRecord, day: IsoDate): VisaState {
  if (v.status === 'issued' && v.validUntil < day) return 'expired';
  if (v.status === 'used' && departureVisa(person) === v && returnDeadline(v) < day) return 'notReturned';
  return v.status;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export interface QuotaUse {
  readonly usedInMonth: number;
  readonly usedTotal: number;
}

/** The report from records already read (pure: the store is read by `establishmentReport`). */
export function buildReport(establishment: EstablishmentRecord, people: readonly ResidentRecord[], use: QuotaUse, day: IsoDate): EstablishmentReport {
  const iqama = zeros(EXPIRY_BUCKETS);
  const passport = zeros(EXPIRY_BUCKETS);
  const total = zeros(VISA_STATES);
  const months = new Map<string, Record<VisaState, number>>();
  const violations: ReportViolation[] = [];
  const rows: ReportPerson[] = [];
  const sorted = [...people].sort((a, b) => a.idNumber.localeCompare(b.idNumber));
  for (const p of sorted) {
    const row: ReportPerson = {
      idNumber: p.idNumber,
      kind: p.kind,
      name: { ar: p.name.ar, en: p.name.en },
      iqamaExpiry: p.iqamaExpiry,
      iqama: expiryBucket(p.iqamaExpiry, day),
      passportExpiry: p.passport.expiry,
      passport: expiryBucket(p.passport.expiry, day),
    };
    rows.push(row);
    iqama[row.iqama] += 1;
    passport[row.passport] += 1;
    const violation = (kind: ViolationKind, extra: Partial<Pick<ReportViolation, 'amount' | 'since' | 'visaNumber'>>) =>
      violations.push({ idNumber: p.idNumber, name: row.name, kind, amount: extra.amount ?? null, since: extra.since ?? null, visaNumber: extra.visaNumber ?? null });
    if (p.unpaidViolations > 0) violation('unpaidViolations', { amount: p.unpaidViolations });
    if (row.iqama === 'expired') violation('iqamaExpired', { since: p.iqamaExpiry });
    for (const v of p.visas) {
      const state = visaState(v, p, day);
      total[state] += 1;
      const month = v.issuedOn.slice(0, 7);
      const counts = months.get(month) ?? zeros(VISA_STATES);
      counts[state] += 1;
      months.set(month, counts);
      if (state === 'notReturned') violation('notReturned', { since: addDays(returnDeadline(v), 1), visaNumber: v.visaNumber });
    }
  }
  const s = establishment.subscription;
  return {
    establishmentId: establishment.establishmentId,
    name: { ar: establishment.name.ar, en: establishment.name.en },
    day,
    quota: { kind: s.kind, remaining: s.kind === 'operations' ? s.remaining : null, ...use },
    counts: { residents: people.filter((p) => p.kind === 'resident').length, visitors: people.filter((p) => p.kind === 'visitor').length },
    expiry: { iqama, passport },
    visas: { total, byMonth: [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, counts]) => ({ month, counts })) },
    violations,
    people: rows,
  };
}

/**
 * Reads the establishment, the people it sponsors (residents and visitors) and its quota
 * use, and builds the report; null when the registry has no such establishment. National,
 * not per office: an establishment's people and quota are the same in every office, so
 * the quota count reads every office's transactions on purpose.
 */
export async function establishmentReport(q: Queryable, establishmentId: string, day: IsoDate, timeZone = 'Asia/Riyadh'): Promise<EstablishmentReport | null> {
  const [est] = await q.query<{ record: EstablishmentRecord }>('SELECT record FROM establishments WHERE establishment_id = $1', [establishmentId]);
  if (!est) return null;
  const people = await q.query<{ record: ResidentRecord }>(
    `SELECT record FROM residents
      WHERE record->'sponsor'->>'establishmentId' = $1 AND record->'sponsor'->>'kind' = 'establishment'`,
    [establishmentId],
  );
  const end = new Date(officeMoment(addDays(day, 1), 0, timeZone));
  const monthStart = new Date(officeMoment(`${day.slice(0, 7)}-01`, 0, timeZone));
  const [use] = await q.query<{ in_month: number; total: number }>(
    `SELECT count(*) FILTER (WHERE decided_at >= $2)::int AS in_month, count(*)::int AS total
       FROM transactions WHERE representative_for = $1 AND status = 'completed' AND decided_at < $3`,
    [establishmentId, monthStart, end],
  );
  return buildReport(est.record, people.map((p) => p.record), { usedInMonth: use?.in_month ?? 0, usedTotal: use?.total ?? 0 }, day);
}

type Language = 'ar' | 'en';

const WORDS = {
  title: { ar: 'تقرير المنشأة', en: 'Establishment report' },
  establishment: { ar: 'المنشأة', en: 'Establishment' },
  establishmentId: { ar: 'رقم المنشأة', en: 'Establishment number' },
  day: { ar: 'التاريخ', en: 'Date' },
  subscription: { ar: 'اشتراك مقيم', en: 'Muqeem subscription' },
  comprehensive: { ar: 'شامل (عمليات غير محدودة)', en: 'Comprehensive (unlimited operations)' },
  operations: { ar: 'عمليات (عدد محدود)', en: 'Operations (limited number)' },
  remaining: { ar: 'العمليات المتبقية', en: 'Operations left' },
  unlimited: { ar: 'غير محدود', en: 'Unlimited' },
  usedInMonth: { ar: 'العمليات المستخدمة هذا الشهر', en: 'Operations used this month' },
  usedTotal: { ar: 'العمليات المستخدمة (الإجمالي)', en: 'Operations used (all)' },
  residents: { ar: 'المقيمون', en: 'Residents' },
  visitors: { ar: 'الزوار', en: 'Visitors' },
  expiries: { ar: 'انتهاء الوثائق', en: 'Document expiry' },
  period: { ar: 'الفترة', en: 'Period' },
  iqama: { ar: 'الإقامة', en: 'Iqama' },
  passport: { ar: 'جواز السفر', en: 'Passport' },
  visasByMonth: { ar: 'التأشيرات حسب شهر الإصدار', en: 'Visas by month of issue' },
  month: { ar: 'الشهر', en: 'Month' },
  total: { ar: 'الإجمالي', en: 'Total' },
  violations: { ar: 'المخالفات القائمة', en: 'Open violations' },
  idNumber: { ar: 'رقم الهوية', en: 'ID number' },
  name: { ar: 'الاسم', en: 'Name' },
  violation: { ar: 'المخالفة', en: 'Violation' },
  amount: { ar: 'المبلغ (ريال)', en: 'Amount (SAR)' },
  since: { ar: 'منذ', en: 'Since' },
  visaNumber: { ar: 'رقم التأشيرة', en: 'Visa number' },
  people: { ar: 'الأشخاص', en: 'People' },
  kind: { ar: 'الفئة', en: 'Kind' },
  resident: { ar: 'مقيم', en: 'Resident' },
  visitor: { ar: 'زائر', en: 'Visitor' },
  iqamaExpiry: { ar: 'انتهاء الإقامة', en: 'Iqama expiry' },
  iqamaStatus: { ar: 'حالة الإقامة', en: 'Iqama status' },
  passportExpiry: { ar: 'انتهاء الجواز', en: 'Passport expiry' },
  passportStatus: { ar: 'حالة الجواز', en: 'Passport status' },
} as const satisfies Record<string, Record<Language, string>>;

const BUCKET_WORDS: Record<ExpiryBucket, Record<Language, string>> = {
  expired: { ar: 'منتهية', en: 'Expired' },
  within30: { ar: 'خلال 30 يومًا', en: 'Within 30 days' },
  within60: { ar: 'خلال 31–60 يومًا', en: 'In 31–60 days' },
  within90: { ar: 'خلال 61–90 يومًا', en: 'In 61–90 days' },
  later: { ar: 'بعد أكثر من 90 يومًا', en: 'After 90 days' },
};

const STATE_WORDS: Record<VisaState, Record<Language, string>> = {
  issued: { ar: 'صادرة', en: 'Issued' },
  used: { ar: 'مستخدمة', en: 'Used' },
  cancelled: { ar: 'ملغاة', en: 'Cancelled' },
  expired: { ar: 'منتهية', en: 'Expired' },
  notReturned: { ar: 'لم يعد', en: 'Not returned' },
};

const VIOLATION_WORDS: Record<ViolationKind, Record<Language, string>> = {
  unpaidViolations: { ar: 'مخالفات غير مسددة', en: 'Unpaid violations' },
  iqamaExpired: { ar: 'إقامة منتهية', en: 'Expired iqama' },
  notReturned: { ar: 'انتهت تأشيرة الخروج والعودة وهو خارج المملكة', en: 'Re-entry visa expired while abroad' },
};

/**
 * The report as CSV for a spreadsheet, headings in Arabic or English: UTF-8 with a
 * byte-order mark (so Excel reads Arabic), CRLF lines, RFC 4180 quoting and formulas
 * defused (csvField in metrics/csv.ts). Sections one under another, a blank line between:
 * the summary, expiries, visas by month, open violations, then every person.
 */
export function reportCsv(report: EstablishmentReport, language: Language): string {
  const w = (key: keyof typeof WORDS): string => WORDS[key][language];
  const name = (n: Name): string => n[language];
  const out: string[] = ['\uFEFF'];
  const line = (...values: (string | number | null)[]) => out.push(csvLine(values));
  const blank = () => out.push('\r\n');
  const q = report.quota;
  line(w('title'));
  line(w('establishment'), name(report.name));
  line(w('establishmentId'), report.establishmentId);
  line(w('day'), report.day);
  line(w('subscription'), w(q.kind));
  line(w('remaining'), q.remaining ?? w('unlimited'));
  line(w('usedInMonth'), q.usedInMonth);
  line(w('usedTotal'), q.usedTotal);
  line(w('residents'), report.counts.residents);
  line(w('visitors'), report.counts.visitors);
  blank();
  line(w('expiries'));
  line(w('period'), w('iqama'), w('passport'));
  for (const b of EXPIRY_BUCKETS) line(BUCKET_WORDS[b][language], report.expiry.iqama[b], report.expiry.passport[b]);
  blank();
  line(w('visasByMonth'));
  line(w('month'), ...VISA_STATES.map((s) => STATE_WORDS[s][language]), w('total'));
  const sum = (c: Readonly<Record<VisaState, number>>) => VISA_STATES.reduce((n, s) => n + c[s], 0);
  for (const m of report.visas.byMonth) line(m.month, ...VISA_STATES.map((s) => m.counts[s]), sum(m.counts));
  line(w('total'), ...VISA_STATES.map((s) => report.visas.total[s]), sum(report.visas.total));
  blank();
  line(w('violations'));
  line(w('idNumber'), w('name'), w('violation'), w('amount'), w('since'), w('visaNumber'));
  for (const v of report.violations) line(v.idNumber, name(v.name), VIOLATION_WORDS[v.kind][language], v.amount, v.since, v.visaNumber);
  blank();
  line(w('people'));
  line(w('idNumber'), w('name'), w('kind'), w('iqamaExpiry'), w('iqamaStatus'), w('passportExpiry'), w('passportStatus'));
  for (const p of report.people) {
    line(p.idNumber, name(p.name), w(p.kind), p.iqamaExpiry, BUCKET_WORDS[p.iqama][language], p.passportExpiry, BUCKET_WORDS[p.passport][language]);
  }
  return out.join('');
}

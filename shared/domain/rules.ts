/**
 * The counter's rules, one function for every service: given a person's record, the
 * request and today's date, every failing rule with its reason (never only the first),
 * the itemised fee quote (late penalties included) and what the result would be (new
 * expiry, visa dates). The counter runs it to answer at once, offline too; the central
 * store runs the very same function on its own current record before anything becomes
 * true. Fees and limits come from the schedule (fees.ts), never from code.
 */
import { checkAddress, type AddressProblem, type ParcelAddress } from './address.ts';
import type { ServiceId } from './catalog.ts';
import { addDays, addMonths, daysBetween, type IsoDate } from './dates.ts';
import { allowedPeriods, iqamaFee, visaFee, type FeeSchedule } from './fees.ts';
import { activeVisa, type EstablishmentRecord, type ResidentRecord, type Sponsor } from './resident.ts';

/** Minimum passport validity left (days) for each kind of visa. */
export const PASSPORT_DAYS = { exitReentry: 90, finalExit: 60 } as const;

export type ServiceRequest =
  | { readonly service: 'iqama.renew' | 'iqama.issue'; readonly months: number }
  | { readonly service: 'exitReentry.single' | 'exitReentry.multiple'; readonly months: number }
  | { readonly service: 'exitReentry.cancel' | 'exitReentry.reprint' | 'finalExit.issue' | 'finalExit.cancel' | 'finalExit.reprint' }
  | { readonly service: 'profession.change'; readonly profession: { readonly code: string; readonly domestic: boolean } }
  | { readonly service: 'sponsorship.transfer'; readonly newSponsor: Sponsor }
  | { readonly service: 'parcel.add'; readonly address: ParcelAddress }
  | { readonly service: 'query.resident' | 'query.visa' | 'query.drivingLicence' };

export type FailureCode =
  | 'periodNotAllowed'
  | 'iqamaExpired'
  | 'passportExpiresSoon'
  | 'visaOutlastsIqama'
  | 'abroad'
  | 'activeVisaExists'
  | 'noActiveVisa'
  | 'unpaidViolations'
  | 'vehiclesRegistered'
  | 'domesticWorker'
  | 'sameProfession'
  | 'sameSponsor'
  | 'invalidAddress'
  | 'quotaExhausted'
  | 'notSponsoredBy'
  | 'notAResident';

/** A failing rule; `params` fill the message in any language. */
export interface RuleFailure {
  readonly code: FailureCode;
  readonly params: Readonly<Record<string, string | number>>;
}

export type FeeCode =
  | 'residenceFee'
  | 'workPermitLevy'
  | 'dependantFees'
  | 'latePenalty'
  | 'visaFee'
  | 'cancellationFee'
  | 'reprintFee'
  | 'transferFee'
  | 'professionChangeFee'
  | 'parcelDelivery';

export interface FeeLine {
  readonly code: FeeCode;
  readonly amount: number;
  readonly params: Readonly<Record<string, string | number>>;
}

/** What the transaction would change, for the review step and the receipt. */
export interface Outcome {
  readonly newIqamaExpiry?: IsoDate;
  readonly visaValidUntil?: IsoDate;
  readonly visaMonths?: number;
  readonly cancelsVisa?: string;
}

export interface Decision {
  readonly eligible: boolean;
  readonly failures: readonly RuleFailure[];
  readonly fees: readonly FeeLine[];
  readonly total: number;
  readonly outcome: Outcome;
}

export interface RuleContext {
  readonly today: IsoDate;
  readonly fees: FeeSchedule;
}

const fail = (code: FailureCode, params: RuleFailure['params'] = {}): RuleFailure => ({ code, params });
const line = (code: FeeCode, amount: number, params: FeeLine['params'] = {}): FeeLine => ({ code, amount, params });

function decision(failures: RuleFailure[], fees: FeeLine[], outcome: Outcome = {}): Decision {
  const charged = fees.filter((f) => f.amount > 0);
  return { eligible: failures.length === 0, failures, fees: charged, total: charged.reduce((sum, f) => sum + f.amount, 0), outcome };
}

function passportCheck(record: ResidentRecord, today: IsoDate, minimum: number): RuleFailure[] {
  const days = daysBetween(today, record.passport.expiry);
  return days < minimum ? [fail('passportExpiresSoon', { days, minimum, expiry: record.passport.expiry })] : [];
}

function iqamaValid(record: ResidentRecord, today: IsoDate): RuleFailure[] {
  return record.iqamaExpiry < today ? [fail('iqamaExpired', { expiry: record.iqamaExpiry })] : [];
}

/** The nth late renewal's penalty: the schedule's last amount applies to all later ones. */
export function latePenalty(fees: FeeSchedule, lateRenewals: number): number {
  const list = fees.iqama.latePenalties;
  return list[Math.min(lateRenewals, list.length - 1)] ?? 0;
}

function iqama(record: ResidentRecord, months: number, issue: boolean, { today, fees }: RuleContext): Decision {
  const f = fees.iqama;
  const domestic = record.profession.domestic;
  const allowed = allowedPeriods(fees, issue ? 'iqama.issue' : 'iqama.renew', domestic);
  const failures: RuleFailure[] = [];
  if (!allowed.includes(months)) failures.push(fail('periodNotAllowed', { months, allowed: allowed.join(', ') }));
  const levy = domestic ? f.domesticWorkerLevyPerMonth : f.workPermitLevyPerMonth;
  const lines = [
    line('residenceFee', iqamaFee(f, months, 0), { months }),
    line('workPermitLevy', levy * months, { months, perMonth: levy }),
    line('dependantFees', record.dependants * f.dependantFeePerMonth * months, { dependants: record.dependants, months }),
  ];
  const late = !issue && daysBetween(record.iqamaExpiry, today) > f.lateGraceDays;
  if (late) {
    lines.push(line('latePenalty', latePenalty(fees, record.lateRenewals), { offence: record.lateRenewals + 1, expiry: record.iqamaExpiry }));
  }
  // A renewal runs on from the old expiry; one that lapsed runs from today.
  const from = record.iqamaExpiry >= today ? record.iqamaExpiry : today;
  return decision(failures, lines, { newIqamaExpiry: addMonths(from, months) });
}

function exitReentry(record: ResidentRecord, kind: 'single' | 'multiple', months: number, { today, fees }: RuleContext): Decision {
  const schedule = fees.exitReentry[kind];
  const failures: RuleFailure[] = [];
  if (!allowedPeriods(fees, kind === 'single' ? 'exitReentry.single' : 'exitReentry.multiple', false).includes(months)) {
    failures.push(fail('periodNotAllowed', { months, allowed: `1–${schedule.maxMonths}` }));
  }
  failures.push(...iqamaValid(record, today), ...passportCheck(record, today, PASSPORT_DAYS.exitReentry));
  const validUntil = addMonths(today, Math.max(1, months));
  if (validUntil > record.iqamaExpiry && record.iqamaExpiry >= today) {
    failures.push(fail('visaOutlastsIqama', { validUntil, expiry: record.iqamaExpiry }));
  }
  if (record.abroad) failures.push(fail('abroad'));
  const open = activeVisa(record, ['exitReentrySingle', 'exitReentryMultiple', 'finalExit'], today);
  if (open) failures.push(fail('activeVisaExists', { visaNumber: open.visaNumber }));
  return decision(failures, [line('visaFee', visaFee(schedule, Math.max(1, months)), { months })], { visaValidUntil: validUntil, visaMonths: months });
}

/** Services a visitor (border number, no iqama) can be given. */
const VISITOR_SERVICES: ReadonlySet<ServiceRequest['service']> = new Set(['query.resident', 'query.visa', 'query.drivingLicence']);

/** Decides a request for one person. Pure: the same record, request and day always give the same answer. */
export function decide(record: ResidentRecord, request: ServiceRequest, ctx: RuleContext): Decision {
  const decided = decideService(record, request, ctx);
  if (record.kind === 'resident' || VISITOR_SERVICES.has(request.service)) return decided;
  return { ...decided, eligible: false, failures: [fail('notAResident'), ...decided.failures] };
}

function decideService(record: ResidentRecord, request: ServiceRequest, ctx: RuleContext): Decision {
  const { today, fees } = ctx;
  switch (request.service) {
    case 'iqama.renew':
    case 'iqama.issue':
      return iqama(record, request.months, request.service === 'iqama.issue', ctx);
    case 'exitReentry.single':
      return exitReentry(record, 'single', request.months, ctx);
    case 'exitReentry.multiple':
      return exitReentry(record, 'multiple', request.months, ctx);
    case 'exitReentry.cancel': {
      const visa = activeVisa(record, ['exitReentrySingle', 'exitReentryMultiple'], today);
      const failures = visa ? [] : [fail('noActiveVisa')];
      if (record.abroad) failures.push(fail('abroad'));
      return decision(failures, [line('cancellationFee', fees.exitReentry.cancel)], visa ? { cancelsVisa: visa.visaNumber } : {});
    }
    case 'exitReentry.reprint':
    case 'finalExit.reprint': {
      const kinds = request.service === 'finalExit.reprint' ? (['finalExit'] as const) : (['exitReentrySingle', 'exitReentryMultiple'] as const);
      const visa = activeVisa(record, kinds, today);
      const amount = request.service === 'finalExit.reprint' ? fees.finalExit.reprint : fees.exitReentry.reprint;
      return decision(visa ? [] : [fail('noActiveVisa')], [line('reprintFee', amount)]);
    }
    case 'finalExit.issue': {
      const failures = [...passportCheck(record, today, PASSPORT_DAYS.finalExit)];
      if (record.unpaidViolations > 0) failures.push(fail('unpaidViolations', { amount: record.unpaidViolations }));
      if (record.vehicles > 0) failures.push(fail('vehiclesRegistered', { count: record.vehicles }));
      if (record.abroad) failures.push(fail('abroad'));
      const open = activeVisa(record, ['exitReentrySingle', 'exitReentryMultiple', 'finalExit'], today);
      if (open) failures.push(fail('activeVisaExists', { visaNumber: open.visaNumber }));
      return decision(failures, [line('visaFee', fees.finalExit.issue)], { visaValidUntil: addDays(today, fees.finalExit.validityDays) });
    }
    case 'finalExit.cancel': {
      // The latest final exit that was not used or cancelled; an expired one costs more and needs a valid iqama.
      const visa = [...record.visas].reverse().find((v) => v.kind === 'finalExit' && (v.status === 'issued' || v.status === 'expired'));
      if (!visa) return decision([fail('noActiveVisa')], []);
      const expired = visa.status === 'expired' || visa.validUntil < today;
      const failures = expired ? iqamaValid(record, today) : [];
      return decision(failures, [line('cancellationFee', expired ? fees.finalExit.expiredCancellation : 0, { expired: expired ? 1 : 0 })], {
        cancelsVisa: visa.visaNumber,
      });
    }
    case 'profession.change': {
      const failures: RuleFailure[] = [];
      if (record.profession.domestic || request.profession.domestic) failures.push(fail('domesticWorker'));
      if (request.profession.code === record.profession.code) failures.push(fail('sameProfession'));
      failures.push(...iqamaValid(record, today));
      return decision(failures, [line('professionChangeFee', fees.professionChange)]);
    }
    case 'sponsorship.transfer': {
      const failures = [...iqamaValid(record, today)];
      if (sameSponsor(request.newSponsor, record.sponsor)) failures.push(fail('sameSponsor'));
      const list = fees.sponsorshipTransfer;
      const amount = list[Math.min(record.sponsorshipTransfers, list.length - 1)] ?? 0;
      return decision(failures, [line('transferFee', amount, { transfer: record.sponsorshipTransfers + 1 })]);
    }
    case 'parcel.add': {
      const problems: AddressProblem[] = checkAddress(request.address);
      return decision(
        problems.map((p) => fail('invalidAddress', { field: p.field, problem: p.problem })),
        [line('parcelDelivery', fees.parcelDelivery)],
      );
    }
    case 'query.resident':
    case 'query.visa':
    case 'query.drivingLicence':
      return decision([], []);
  }
}

function sameSponsor(a: Sponsor, b: Sponsor): boolean {
  if (a.kind === 'establishment' && b.kind === 'establishment') return a.establishmentId === b.establishmentId;
  if (a.kind === 'person' && b.kind === 'person') return a.idNumber === b.idNumber;
  return false;
}

/** A representative's batch: the establishment's Muqeem operations quota must cover it. */
export function quotaCheck(establishment: EstablishmentRecord, operations: number): RuleFailure[] {
  const s = establishment.subscription;
  if (s.kind === 'comprehensive') return [];
  return s.remaining >= operations ? [] : [fail('quotaExhausted', { remaining: s.remaining, needed: operations })];
}

/** Who a transaction is done for: the person themself, or an establishment through its representative (Muqeem). */
export interface Representation {
  readonly establishmentId: string;
  /** The establishment as the store holds it now (its quota), or null when unknown. */
  readonly establishment: EstablishmentRecord | null;
}

/**
 * A transaction a representative does for an establishment's employee: the person must be
 * sponsored by that establishment, and its Muqeem operations quota must cover one more
 * operation (each transaction of a batch uses one; the store counts them down).
 */
export function representativeCheck(record: ResidentRecord, rep: Representation): RuleFailure[] {
  const failures: RuleFailure[] = [];
  if (record.sponsor.kind !== 'establishment' || record.sponsor.establishmentId !== rep.establishmentId) {
    failures.push(fail('notSponsoredBy', { establishmentId: rep.establishmentId }));
  }
  if (rep.establishment) failures.push(...quotaCheck(rep.establishment, 1));
  return failures;
}

/** `decide`, and for a representative's transaction the establishment's checks as well. */
export function decideFor(record: ResidentRecord, request: ServiceRequest, ctx: RuleContext, rep: Representation | null): Decision {
  const decided = decide(record, request, ctx);
  if (!rep) return decided;
  const extra = representativeCheck(record, rep);
  return extra.length ? { ...decided, eligible: false, failures: [...decided.failures, ...extra] } : decided;
}

/** Services whose request needs a one-time security code sent to the registered mobile. */
export const NEEDS_SECURITY_CODE: ReadonlySet<ServiceId> = new Set([
  'iqama.renew',
  'exitReentry.single',
  'exitReentry.multiple',
  'exitReentry.cancel',
  'finalExit.issue',
  'finalExit.cancel',
  'profession.change',
  'sponsorship.transfer',
]);

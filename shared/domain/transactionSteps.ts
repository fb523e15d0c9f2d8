/**
 * Which of the shared counter steps each service takes, and the form a service starts
 * from. The transaction machine (shared/machines/transactionMachine.ts) is one set of
 * steps composed per service from this table, so "identify → record → code → form →
 * eligibility → quote → payment → review → submit → result → receipt" is written once.
 */
import type { ServiceId } from './catalog.ts';
import { addMonths, type IsoDate } from './dates.ts';
import type { FeeSchedule } from './fees.ts';
import type { ResidentRecord } from './resident.ts';
import { NEEDS_SECURITY_CODE, type ServiceRequest } from './rules.ts';

/** What the service form asks for (null: nothing beyond the person). */
export type FormKind = 'months' | 'profession' | 'sponsor' | 'address' | null;

export interface ServiceSteps {
  readonly service: ServiceId;
  /** A one-time code to the person's registered mobile before anything changes. */
  readonly code: boolean;
  readonly form: FormKind;
  /** A query changes nothing: its review shows the record, and it has no receipt. */
  readonly query: boolean;
  /** After completion the printed iqama can go into a postal parcel. */
  readonly parcel: boolean;
  /** The person can also be found by a visa number. */
  readonly byVisaNumber: boolean;
}

const FORMS: Readonly<Partial<Record<ServiceId, FormKind>>> = {
  'iqama.renew': 'months',
  'iqama.issue': 'months',
  'exitReentry.single': 'months',
  'exitReentry.multiple': 'months',
  'profession.change': 'profession',
  'sponsorship.transfer': 'sponsor',
  'parcel.add': 'address',
};

export function stepsOf(service: ServiceId): ServiceSteps {
  return {
    service,
    code: NEEDS_SECURITY_CODE.has(service),
    form: FORMS[service] ?? null,
    query: service.startsWith('query.'),
    parcel: service === 'iqama.renew' || service === 'iqama.issue',
    byVisaNumber: service === 'query.visa' || service === 'exitReentry.reprint' || service === 'finalExit.reprint',
  };
}

/** Exit & re-entry months the form offers first: as long as the iqama allows, up to a usual stay. */
const USUAL_VISA_MONTHS = { 'exitReentry.single': 3, 'exitReentry.multiple': 6 } as const;

/** Months an exit/re-entry visa from `today` can run without outlasting the iqama (at least 1). */
function monthsWithinIqama(record: ResidentRecord, today: IsoDate, max: number): number {
  let months = max;
  while (months > 1 && addMonths(today, months) > record.iqamaExpiry) months -= 1;
  return months;
}

/**
 * The request a service's form starts from: the common case filled in, so the officer
 * usually only confirms it (an iqama for 12 months, a visa as long as the iqama allows).
 */
export function defaultRequest(service: ServiceId, record: ResidentRecord, fees: FeeSchedule, today: IsoDate): ServiceRequest {
  switch (service) {
    case 'iqama.renew':
    case 'iqama.issue': {
      const periods = record.profession.domestic ? fees.iqama.domesticWorkerPeriodsMonths : fees.iqama.periodsMonths;
      return { service, months: periods.includes(12) ? 12 : (periods[periods.length - 1] ?? 12) };
    }
    case 'exitReentry.single':
    case 'exitReentry.multiple': {
      const max = Math.min(USUAL_VISA_MONTHS[service], fees.exitReentry[service === 'exitReentry.single' ? 'single' : 'multiple'].maxMonths);
      return { service, months: monthsWithinIqama(record, today, max) };
    }
    case 'profession.change':
      return { service, profession: { code: '', domestic: false } };
    case 'sponsorship.transfer':
      return { service, newSponsor: { kind: 'establishment', establishmentId: '' } };
    case 'parcel.add':
      return { service, address: { kind: 'short', shortAddress: '' } };
    default:
      return { service };
  }
}

/** Professions the form offers (the registry's codes; a real deployment reads Muqeem's list). */
export const PROFESSION_CODES = [
  'engineer',
  'accountant',
  'technician',
  'electrician',
  'carpenter',
  'lightDriver',
  'salesman',
  'nurse',
  'doctor',
  'cook',
  'laborer',
  'plumber',
] as const;

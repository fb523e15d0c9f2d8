/**
 * Fees, as configuration: the default schedule below restates public reporting
 * (2022–2024, see ../shared/domain.md); an office's `OfficeConfig.fees` replaces it. The
 * kiosk shows each service's range from here; the counter's itemised quote (issue 4)
 * computes from the same schedule. Amounts are whole Saudi riyals.
 */
import type { ServiceId } from './catalog.ts';
import type { OfficeConfig } from './office.ts';

export interface VisaFees {
  /** Fee for a visa of up to `baseMonths`. */
  readonly baseFee: number;
  readonly baseMonths: number;
  /** Added for each month beyond `baseMonths`. */
  readonly perExtraMonth: number;
  /** Longest visa the office issues (it may not outlast the iqama either). */
  readonly maxMonths: number;
}

export interface FeeSchedule {
  readonly iqama: {
    readonly residenceFeePerYear: number;
    readonly workPermitLevyPerMonth: number;
    readonly dependantFeePerMonth: number;
    readonly periodsMonths: readonly number[];
    /** Domestic workers renew for these periods only, and pay this levy. */
    readonly domesticWorkerPeriodsMonths: readonly number[];
    readonly domesticWorkerLevyPerMonth: number;
    /** Days after expiry before renewal counts as late. */
    readonly lateGraceDays: number;
    /** Penalty for the 1st, 2nd, … late renewal; the last applies to all later ones. */
    readonly latePenalties: readonly number[];
  };
  readonly exitReentry: {
    readonly single: VisaFees;
    readonly multiple: VisaFees;
    readonly cancel: number;
    readonly reprint: number;
  };
  readonly finalExit: {
    readonly issue: number;
    readonly validityDays: number;
    /** Cancelling a final exit that has expired. */
    readonly expiredCancellation: number;
    readonly reprint: number;
  };
  /** 1st, 2nd, 3rd and later transfers. */
  readonly sponsorshipTransfer: readonly number[];
  readonly professionChange: number;
  readonly parcelDelivery: number;
  readonly query: number;
}

export const DEFAULT_FEES: FeeSchedule = {
  iqama: {
    residenceFeePerYear: 650,
    workPermitLevyPerMonth: 800,
    dependantFeePerMonth: 400,
    periodsMonths: [3, 6, 9, 12],
    domesticWorkerPeriodsMonths: [12],
    domesticWorkerLevyPerMonth: 0,
    lateGraceDays: 3,
    latePenalties: [500, 1000],
  },
  exitReentry: {
    single: { baseFee: 200, baseMonths: 2, perExtraMonth: 100, maxMonths: 12 },
    multiple: { baseFee: 500, baseMonths: 3, perExtraMonth: 200, maxMonths: 12 },
    cancel: 0,
    reprint: 0,
  },
  finalExit: { issue: 0, validityDays: 60, expiredCancellation: 1000, reprint: 0 },
  sponsorshipTransfer: [2000, 4000, 6000],
  professionChange: 1000,
  parcelDelivery: 30,
  query: 0,
};

export function feesOf(config: Pick<OfficeConfig, 'fees'>): FeeSchedule {
  return config.fees ?? DEFAULT_FEES;
}

/** What may come on top of a range, shown as a note beside it. */
export type FeeExtra = 'dependants' | 'latePenalty';

export interface FeeRange {
  readonly min: number;
  readonly max: number;
  readonly extras: readonly FeeExtra[];
}

/** Residence fee for `months` (a share of the yearly fee, rounded to the riyal) plus the levy. */
export function iqamaFee(fees: FeeSchedule['iqama'], months: number, levyPerMonth: number): number {
  return Math.round((fees.residenceFeePerYear * months) / 12) + levyPerMonth * months;
}

/** Fee for a visa of `months` months. */
export function visaFee(fees: VisaFees, months: number): number {
  return fees.baseFee + Math.max(0, months - fees.baseMonths) * fees.perExtraMonth;
}

function range(amounts: readonly number[], extras: readonly FeeExtra[] = []): FeeRange {
  return { min: Math.min(...amounts), max: Math.max(...amounts), extras };
}

/** The fee range of a service for one person, as the kiosk shows it before anyone is identified. */
export function feeRange(service: ServiceId, fees: FeeSchedule): FeeRange {
  switch (service) {
    case 'iqama.issue':
    case 'iqama.renew': {
      const ordinary = fees.iqama.periodsMonths.map((m) => iqamaFee(fees.iqama, m, fees.iqama.workPermitLevyPerMonth));
      const domestic = fees.iqama.domesticWorkerPeriodsMonths.map((m) => iqamaFee(fees.iqama, m, fees.iqama.domesticWorkerLevyPerMonth));
      return range([...ordinary, ...domestic], service === 'iqama.renew' ? ['dependants', 'latePenalty'] : ['dependants']);
    }
    case 'exitReentry.single':
    case 'exitReentry.multiple': {
      const visa = service === 'exitReentry.single' ? fees.exitReentry.single : fees.exitReentry.multiple;
      return range([visaFee(visa, 1), visaFee(visa, visa.maxMonths)]);
    }
    case 'exitReentry.cancel':
      return range([fees.exitReentry.cancel]);
    case 'exitReentry.reprint':
      return range([fees.exitReentry.reprint]);
    case 'finalExit.issue':
      return range([fees.finalExit.issue]);
    case 'finalExit.cancel':
      return range([0, fees.finalExit.expiredCancellation]);
    case 'finalExit.reprint':
      return range([fees.finalExit.reprint]);
    case 'profession.change':
      return range([fees.professionChange]);
    case 'sponsorship.transfer':
      return range(fees.sponsorshipTransfer);
    case 'parcel.add':
      return range([fees.parcelDelivery]);
    case 'query.resident':
    case 'query.visa':
    case 'query.drivingLicence':
      return range([fees.query]);
  }
}

/**
 * The periods, in months, the schedule allows for a service: the rules refuse any other
 * and the counter's form offers exactly these. Empty for a service without a period.
 */
export function allowedPeriods(fees: FeeSchedule, service: ServiceId, domestic: boolean): readonly number[] {
  switch (service) {
    case 'iqama.renew':
    case 'iqama.issue':
      return domestic ? fees.iqama.domesticWorkerPeriodsMonths : fees.iqama.periodsMonths;
    case 'exitReentry.single':
    case 'exitReentry.multiple': {
      const { maxMonths } = fees.exitReentry[service === 'exitReentry.single' ? 'single' : 'multiple'];
      return Array.from({ length: maxMonths }, (_, i) => i + 1);
    }
    default:
      return [];
  }
}

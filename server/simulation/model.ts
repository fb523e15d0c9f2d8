/**
 * The pilot's shape as numbers: who comes when, for what, in which language, how long
 * officers take, how often people give up, do not come, answer the survey. Kept apart
 * from the simulation code so that what is an assumption is visible in one place (and a
 * test can turn the rare cases up to see each of them in a three-day run).
 */
import type { ServiceId } from '../../shared/domain/catalog.ts';
import type { PriorityReason } from '../../shared/domain/ticket.ts';
import type { TICKET_LANGUAGES } from '../../shared/sync/mutations.ts';

export type Language = (typeof TICKET_LANGUAGES)[number];
export type Section = 'men' | 'women';

/** Mean tickets per office day once the pilot is known (after its first weeks). */
export const VOLUMES = { low: 300, normal: 580, high: 900 } as const;
export type VolumeName = keyof typeof VOLUMES;

/** Relative arrivals by hour of the day (office time); hours outside the shifts get none. */
export const HOUR_WEIGHTS: Readonly<Record<number, number>> = {
  8: 0.4, 9: 0.65, 10: 0.9, 11: 0.85, 12: 0.5, 13: 0.4, 14: 0.5, 15: 0.6,
  16: 0.8, 17: 0.95, 18: 1.05, 19: 1.25, 20: 1.3, 21: 1.0, 22: 0.5, 23: 0.3,
};

/**
 * Weekday factors (0 = Sunday), for the morning and the evening. The Saudi weekend is
 * Friday and Saturday; malls fill on Thursday and Friday evenings; Friday morning is quiet
 * (the Friday prayer).
 */
export const WEEKDAY_FACTORS: readonly { readonly morning: number; readonly evening: number }[] = [
  { morning: 1.0, evening: 1.0 },
  { morning: 0.95, evening: 0.95 },
  { morning: 0.95, evening: 0.95 },
  { morning: 1.0, evening: 1.05 },
  { morning: 1.05, evening: 1.3 },
  { morning: 0.35, evening: 1.35 },
  { morning: 1.1, evening: 1.15 },
];

/** Share of tickets per service (the kiosk's choice), and the median minutes of its service at the counter. */
export const SERVICES: readonly { readonly id: ServiceId; readonly share: number; readonly minutes: number }[] = [
  { id: 'iqama.renew', share: 21, minutes: 3.5 },
  { id: 'iqama.issue', share: 4, minutes: 5 },
  { id: 'parcel.add', share: 2, minutes: 1.5 },
  { id: 'exitReentry.single', share: 16, minutes: 3 },
  { id: 'exitReentry.multiple', share: 6, minutes: 3.5 },
  { id: 'exitReentry.cancel', share: 3, minutes: 2 },
  { id: 'exitReentry.reprint', share: 2.5, minutes: 1.5 },
  { id: 'finalExit.issue', share: 6, minutes: 4.5 },
  { id: 'finalExit.cancel', share: 1.5, minutes: 3 },
  { id: 'finalExit.reprint', share: 1.5, minutes: 1.5 },
  { id: 'profession.change', share: 3.5, minutes: 5 },
  { id: 'sponsorship.transfer', share: 4.5, minutes: 6 },
  { id: 'query.resident', share: 13, minutes: 1.5 },
  { id: 'query.visa', share: 9, minutes: 1.5 },
  { id: 'query.drivingLicence', share: 6, minutes: 1.5 },
];

/** Kiosk languages: Arabic most, then the expatriate languages; the women's section has more Filipino and Indonesian. */
export const LANGUAGES: Readonly<Record<Section, readonly (readonly [Language, number])[]>> = {
  men: [['ar', 34], ['ur', 18], ['hi', 13], ['bn', 13], ['en', 10], ['tl', 4], ['id', 3], ['ml', 5]],
  women: [['ar', 36], ['ur', 8], ['hi', 8], ['bn', 4], ['en', 13], ['tl', 15], ['id', 11], ['ml', 5]],
};

export const PRIORITIES: Readonly<Record<Section, readonly (readonly [PriorityReason, number])[]>> = {
  men: [['elderly', 3], ['disabled', 1]],
  women: [['elderly', 2.5], ['disabled', 0.8], ['pregnant', 1.5]],
};

/** Break reasons as the counter's break panel offers them (counter/components/BreakDialog.tsx). */
export type BreakReason = 'prayer' | 'meal' | 'rest' | 'meeting';

/** Why an officer cancels a transaction before submitting it, with the step it happens at. */
export const CANCELLATIONS: readonly { readonly step: string; readonly reason: string; readonly weight: number }[] = [
  { step: 'identify', reason: 'Missing documents', weight: 4 },
  { step: 'payment', reason: 'Cannot pay now', weight: 2 },
  { step: 'quote', reason: 'Resident changed their mind', weight: 2 },
  { step: 'verify.entering', reason: 'Security code not received', weight: 1.5 },
  { step: 'form', reason: 'Wrong service chosen', weight: 1 },
];

/** How often the rarer things happen; a test raises them to see every one in a short run. */
export interface Tuning {
  /** Share of tickets in the men's section. */
  readonly menShare: number;
  /** Share of residents who mark a priority at the kiosk (before the per-reason split). */
  readonly priority: number;
  /** Share who type their iqama / border number at the kiosk (sealed). */
  readonly typedNumber: number;
  /** Patience before giving up, log-normal median minutes; and the share who tell the phone page they left. */
  readonly patienceMinutes: number;
  readonly leaveByPhone: number;
  /** Share who leave a mobile at the kiosk for ticket notices (issue 11). */
  readonly noticeMobile: number;
  /** Called but never coming (shopping far away, forgot). */
  readonly noShow: number;
  /** Median walk from the call to the counter (seconds): a mall, people shop while they wait. */
  readonly walkSeconds: number;
  readonly transfer: number;
  readonly park: number;
  /** Served tickets that lead to a counter transaction, and of those: cancelled, refused by the rules, followed by a parcel. */
  readonly transaction: number;
  readonly cancel: number;
  readonly refused: number;
  readonly parcelAfterIqama: number;
  /** A wrong code typed once before the right one. */
  readonly wrongCode: number;
  readonly surveyAnswer: number;
  /** Offline periods per office per month (kiosks, counters and boards together). */
  readonly outagesPerMonth: number;
  /** Bookings per office day, made up to this many days ahead, and how they turn out. */
  readonly bookingsPerDay: number;
  readonly bookingDaysAhead: number;
  readonly bookingMissed: number;
  readonly bookingLate: number;
}

export const DEFAULT_TUNING: Tuning = {
  menShare: 0.56,
  priority: 0.04,
  typedNumber: 0.2,
  patienceMinutes: 80,
  leaveByPhone: 0.7,
  noticeMobile: 0.15,
  noShow: 0.035,
  walkSeconds: 40,
  transfer: 0.012,
  park: 0.01,
  transaction: 0.86,
  cancel: 0.03,
  refused: 0.03,
  parcelAfterIqama: 0.08,
  wrongCode: 0.04,
  surveyAnswer: 0.4,
  outagesPerMonth: 4,
  bookingsPerDay: 28,
  bookingDaysAhead: 10,
  bookingMissed: 0.13,
  bookingLate: 0.12,
};

/**
 * Counters open per section and shift, by weekday (0 = Sunday): all of them on Thursday to
 * Saturday evenings, fewer on quiet mornings. Each officer has one day off a week, on a
 * quiet day, so the busy days have everyone.
 */
export const STAFFING: Readonly<Record<'morning' | 'evening', Readonly<Record<Section, readonly number[]>>>> = {
  morning: { men: [3, 3, 3, 3, 3, 2, 4], women: [2, 2, 2, 2, 2, 1, 3] },
  evening: { men: [4, 4, 4, 4, 4, 4, 4], women: [3, 3, 3, 3, 4, 4, 4] },
};

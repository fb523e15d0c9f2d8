/**
 * Office configuration as devices receive it at enrollment. Everything an office may
 * change (sections, counters, idle-lock minutes, the service-level target) lives here as
 * data, never as code.
 */
import type { AppointmentSettings } from './appointments.ts';
import type { CatalogEntry } from './catalog.ts';
import type { AlertSettings } from './floor.ts';
import type { FeeSchedule } from './fees.ts';
import type { QueueSettings } from './queue.ts';
import type { ServiceGroup } from './services.ts';

export type LocalizedText = Readonly<Record<string, string>> & { readonly en: string; readonly ar: string };

export interface Section {
  readonly id: string;
  /** One letter that starts every ticket number of this section, e.g. "M". */
  readonly letter: string;
  readonly name: LocalizedText;
}

export interface Counter {
  readonly id: number;
  readonly sectionId: string;
  /** Service groups this counter serves, most preferred first; unset or empty = all. */
  readonly skills?: readonly ServiceGroup[];
}

export interface OfficeSettings {
  /** IANA time zone used to decide which service day a moment belongs to. */
  readonly timeZone: string;
  /** A counter terminal locks after this many idle minutes and asks for the PIN again. */
  readonly idleLockMinutes: number;
  /** An officer's session ends after this many hours (a working day). */
  readonly sessionHours: number;
  /** Service level target: a ticket counts as served in time if its wait is within this. */
  readonly serviceLevelTargetMinutes: number;
  /** Wrong PINs in a row before an officer is locked out until a supervisor unlocks. */
  readonly maxPinAttempts: number;
  /** Queue limits (see shared/domain/queue.ts); defaults apply to what is unset. */
  readonly queue?: Partial<QueueSettings>;
  /** Appointment check-in window; defaults apply to what is unset. */
  readonly appointments?: Partial<AppointmentSettings>;
  /** Opening periods of every day (the mall's hours); unset = DEFAULT_SHIFTS. */
  readonly shifts?: readonly Shift[];
  /** The pilot's window, targets and baseline (the six-month evaluation); unset = DEFAULT_PILOT. */
  readonly pilot?: PilotSettings;
  /** When the live floor raises alerts; defaults apply to what is unset (floor.ts). */
  readonly alerts?: Partial<AlertSettings>;
}

/** One opening period of the day, in office time ("09:00"–"12:00"). */
export interface Shift {
  readonly id: 'morning' | 'evening';
  /** "HH:MM", office time. */
  readonly from: string;
  readonly to: string;
}

export const SHIFT_IDS = ['morning', 'evening'] as const;

export const DEFAULT_SHIFTS: readonly Shift[] = [
  { id: 'morning', from: '09:00', to: '12:00' },
  { id: 'evening', from: '16:00', to: '22:00' },
];

/**
 * The pilot's evaluation as the directorate set it: when it started, how long it runs,
 * the targets it is judged by (written as people write them: "85 % served within 15
 * minutes"), what a counter-hour costs, and a regular office's figures to compare with.
 */
export interface PilotSettings {
  /** First day of the pilot (YYYY-MM-DD, office time). */
  readonly startDate: string;
  readonly months: number;
  readonly targets: PilotTargets;
  /** Staff cost of one counter open for one hour (SAR), for the cost per transaction. */
  readonly staffCostPerCounterHour: number;
  /** A regular (non-mall) office's figures, entered by the directorate; null where unknown. */
  readonly baseline: PilotBaseline;
}

export interface PilotTargets {
  /** Share of tickets whose wait is within `serviceLevelMinutes` (0–1), e.g. 0.85. */
  readonly serviceLevelShare: number;
  readonly serviceLevelMinutes: number;
  /** Satisfied residents (4 or 5 of 5) per 100 answers, e.g. 85. */
  readonly satisfaction: number;
  /** Highest acceptable no-show share (0–1), e.g. 0.08. */
  readonly noShowMax: number;
  /** Counter transactions decided per staffed counter-hour, at least. */
  readonly transactionsPerCounterHour: number;
  /** Highest acceptable staff cost per transaction (SAR). */
  readonly costPerTransactionMax: number;
}

export interface PilotBaseline {
  /** What the figures are from, e.g. "Riyadh Al-Malaz passport office, 2025". */
  readonly label: string;
  readonly serviceLevelShare: number | null;
  readonly medianWaitMinutes: number | null;
  readonly satisfaction: number | null;
  readonly noShowShare: number | null;
  readonly transactionsPerCounterHour: number | null;
  readonly costPerTransaction: number | null;
}

export const DEFAULT_PILOT: PilotSettings = {
  startDate: '2026-09-01',
  months: 6,
  targets: {
    serviceLevelShare: 0.85,
    serviceLevelMinutes: 15,
    satisfaction: 85,
    noShowMax: 0.08,
    transactionsPerCounterHour: 4,
    costPerTransactionMax: 40,
  },
  staffCostPerCounterHour: 120,
  baseline: {
    label: '',
    serviceLevelShare: 0.62,
    medianWaitMinutes: 24,
    satisfaction: 71,
    noShowShare: 0.11,
    transactionsPerCounterHour: 3.2,
    costPerTransaction: 52,
  },
};

export function shiftsOf(settings: Pick<OfficeSettings, 'shifts'>): readonly Shift[] {
  return settings.shifts && settings.shifts.length > 0 ? settings.shifts : DEFAULT_SHIFTS;
}

export function pilotOf(settings: Pick<OfficeSettings, 'pilot'>): PilotSettings {
  return settings.pilot ?? DEFAULT_PILOT;
}

/** Minutes after midnight of "HH:MM". */
export function minutesOfClock(clock: string): number {
  const [h = '0', m = '0'] = clock.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * The shift a moment of the day belongs to (minutes after midnight, office time): the one
 * it falls in, else the nearest one (a ticket taken just before opening counts with the
 * shift that serves it).
 */
export function shiftAt(minuteOfDay: number, shifts: readonly Shift[]): Shift['id'] {
  let best: Shift | undefined;
  let bestDistance = Infinity;
  for (const s of shifts) {
    const from = minutesOfClock(s.from);
    const to = minutesOfClock(s.to);
    const distance = minuteOfDay < from ? from - minuteOfDay : minuteOfDay >= to ? minuteOfDay - to + 1 : 0;
    if (distance < bestDistance) {
      best = s;
      bestDistance = distance;
    }
  }
  return best?.id ?? 'morning';
}

export interface OfficeConfig {
  readonly officeId: string;
  readonly name: LocalizedText;
  readonly sections: readonly Section[];
  readonly counters: readonly Counter[];
  readonly serviceGroups: readonly ServiceGroup[];
  readonly settings: OfficeSettings;
  /** The transactions offered and what to bring (catalog.ts); unset = the default catalogue. */
  readonly catalog?: readonly CatalogEntry[];
  /** The fee schedule (fees.ts); unset = the default schedule. */
  readonly fees?: FeeSchedule;
}

export const DEFAULT_SETTINGS: OfficeSettings = {
  timeZone: 'Asia/Riyadh',
  idleLockMinutes: 5,
  sessionHours: 12,
  serviceLevelTargetMinutes: 15,
  maxPinAttempts: 5,
};

/**
 * One formatter per time zone, made once: building an Intl.DateTimeFormat costs far more
 * than using one (it was a fifth of the store's CPU taking pushes, where every change asks
 * for its day, and the kiosk asks for it while issuing a ticket).
 */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** The office-local calendar day (YYYY-MM-DD) that a moment belongs to. */
export function serviceDayOf(epochMs: number, timeZone: string): string {
  const parts = dayFormat(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * Epoch ms of `minutes` after 00:00 of `day` (YYYY-MM-DD) in `timeZone`, e.g. a booked
 * slot typed as a date and a clock time at the office. Offsets are taken at that moment.
 */
export function officeTime(day: string, minutes: number, timeZone: string): number {
  const guess = Date.parse(`${day}T00:00:00Z`) + minutes * 60_000;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(guess));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const shownAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return guess - (shownAsUtc - guess);
}

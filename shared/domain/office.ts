/**
 * Office configuration as devices receive it at enrollment. Everything an office may
 * change (sections, counters, idle-lock minutes, the service-level target) lives here as
 * data, never as code.
 */
import type { AppointmentSettings } from './appointments.ts';
import type { CatalogEntry } from './catalog.ts';
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

/** The office-local calendar day (YYYY-MM-DD) that a moment belongs to. */
export function serviceDayOf(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(epochMs));
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

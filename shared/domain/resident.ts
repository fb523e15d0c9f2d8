/**
 * A person's record as the central registry holds it and the counter's rules read it.
 * Synthetic in the pilot (server/registry/), shaped after the Muqeem / Absher data the
 * counter sees. Dates are 'YYYY-MM-DD' (dates.ts).
 */
import type { IsoDate } from './dates.ts';

export type VisaKind = 'exitReentrySingle' | 'exitReentryMultiple' | 'finalExit';
/** issued: valid and not used yet; used: the person left (and, for re-entry, came back). */
export type VisaStatus = 'issued' | 'used' | 'cancelled' | 'expired';

export interface VisaRecord {
  readonly visaNumber: string;
  readonly kind: VisaKind;
  readonly status: VisaStatus;
  readonly issuedOn: IsoDate;
  /** Last day to leave on it. */
  readonly validUntil: IsoDate;
  /** Exit & re-entry: months abroad allowed after leaving. */
  readonly months: number | null;
}

export type Sponsor =
  | { readonly kind: 'establishment'; readonly establishmentId: string }
  | { readonly kind: 'person'; readonly idNumber: string };

export interface ResidentRecord {
  /** A resident holds an iqama (number starts with 2); a visitor a border number (3 or 4). */
  readonly kind: 'resident' | 'visitor';
  readonly idNumber: string;
  readonly name: { readonly ar: string; readonly en: string };
  readonly nationality: string;
  readonly gender: 'male' | 'female';
  readonly birthDate: IsoDate;
  /** Registered mobile (10 digits from 05), where one-time security codes go. */
  readonly mobile: string;
  readonly passport: { readonly number: string; readonly expiry: IsoDate };
  readonly iqamaExpiry: IsoDate;
  readonly profession: { readonly code: string; readonly domestic: boolean };
  readonly sponsor: Sponsor;
  /** Dependants on this iqama (their fees are added to a renewal). */
  readonly dependants: number;
  readonly drivingLicence: { readonly number: string; readonly expiry: IsoDate } | null;
  readonly vehicles: number;
  /** Unpaid traffic and other violations, in riyals. */
  readonly unpaidViolations: number;
  readonly visas: readonly VisaRecord[];
  /** Sponsorship transfers so far. */
  readonly sponsorshipTransfers: number;
  /** Late iqama renewals so far (the next penalty depends on it). */
  readonly lateRenewals: number;
  /** Outside the Kingdom right now. */
  readonly abroad: boolean;
}

export type MuqeemSubscription = { readonly kind: 'comprehensive' } | { readonly kind: 'operations'; readonly remaining: number };

export interface EstablishmentRecord {
  readonly establishmentId: string;
  readonly name: { readonly ar: string; readonly en: string };
  readonly subscription: MuqeemSubscription;
  /** Where the establishment hears of its people's records (Ishaar); kept on the store, never sent to devices. */
  readonly contact?: EstablishmentContact;
}

export interface EstablishmentContact {
  readonly mobile: string;
  readonly language: 'ar' | 'en';
}

/** The visa of `kinds` that is still usable (issued and not past its date), if any. */
export function activeVisa(record: ResidentRecord, kinds: readonly VisaKind[], today: IsoDate): VisaRecord | null {
  return record.visas.find((v) => kinds.includes(v.kind) && v.status === 'issued' && v.validUntil >= today) ?? null;
}

/** A person's record as the counter receives it: the record, its version (the store checks it on submit) and the sponsor. */
export interface PersonLookup {
  readonly record: ResidentRecord;
  readonly version: number;
  readonly establishment: EstablishmentRecord | null;
}

/**
 * The catalogue of transactions the office performs, each under the service group whose
 * queue it joins, with the documents a resident should bring. Offices may trim or reorder
 * it in their configuration (`OfficeConfig.catalog`); names and document names are
 * translated (kiosk `catalog.*` and `documents.*` strings). Fees are in fees.ts.
 */
import type { OfficeConfig } from './office.ts';
import type { ServiceGroup } from './services.ts';

export const SERVICE_IDS = [
  'iqama.issue',
  'iqama.renew',
  'parcel.add',
  'exitReentry.single',
  'exitReentry.multiple',
  'exitReentry.cancel',
  'exitReentry.reprint',
  'finalExit.issue',
  'finalExit.cancel',
  'finalExit.reprint',
  'profession.change',
  'sponsorship.transfer',
  'query.resident',
  'query.visa',
  'query.drivingLicence',
] as const;

export type ServiceId = (typeof SERVICE_IDS)[number];

export function isServiceId(value: unknown): value is ServiceId {
  return typeof value === 'string' && (SERVICE_IDS as readonly string[]).includes(value);
}

export const DOCUMENT_KINDS = [
  'passport',
  'iqama',
  'photo',
  'healthInsurance',
  'employerLetter',
  'visaPrint',
  'certificate',
  'nationalAddress',
  'newEmployerConsent',
] as const;

export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface CatalogEntry {
  readonly id: ServiceId;
  readonly group: ServiceGroup;
  /** What to bring, most important first. */
  readonly bring: readonly DocumentKind[];
}

export const DEFAULT_CATALOG: readonly CatalogEntry[] = [
  { id: 'iqama.renew', group: 'residence', bring: ['iqama', 'passport', 'healthInsurance'] },
  { id: 'iqama.issue', group: 'residence', bring: ['passport', 'photo', 'healthInsurance', 'employerLetter'] },
  { id: 'parcel.add', group: 'residence', bring: ['iqama', 'nationalAddress'] },
  { id: 'exitReentry.single', group: 'exitReentry', bring: ['iqama', 'passport'] },
  { id: 'exitReentry.multiple', group: 'exitReentry', bring: ['iqama', 'passport'] },
  { id: 'exitReentry.cancel', group: 'exitReentry', bring: ['iqama', 'visaPrint'] },
  { id: 'exitReentry.reprint', group: 'exitReentry', bring: ['iqama'] },
  { id: 'finalExit.issue', group: 'finalExit', bring: ['iqama', 'passport', 'employerLetter'] },
  { id: 'finalExit.cancel', group: 'finalExit', bring: ['iqama', 'visaPrint'] },
  { id: 'finalExit.reprint', group: 'finalExit', bring: ['iqama'] },
  { id: 'profession.change', group: 'employment', bring: ['iqama', 'passport', 'certificate', 'employerLetter'] },
  { id: 'sponsorship.transfer', group: 'employment', bring: ['iqama', 'passport', 'newEmployerConsent'] },
  { id: 'query.resident', group: 'enquiries', bring: ['iqama'] },
  { id: 'query.visa', group: 'enquiries', bring: ['iqama'] },
  { id: 'query.drivingLicence', group: 'enquiries', bring: ['iqama'] },
];

/** The office's catalogue: its own list if configured, else the default; only groups it offers. */
export function catalogOf(config: Pick<OfficeConfig, 'catalog' | 'serviceGroups'>): readonly CatalogEntry[] {
  const entries = config.catalog ?? DEFAULT_CATALOG;
  return entries.filter((e) => config.serviceGroups.includes(e.group));
}

/** The entries of one group, in the catalogue's order. */
export function servicesOfGroup(config: Pick<OfficeConfig, 'catalog' | 'serviceGroups'>, group: ServiceGroup): readonly CatalogEntry[] {
  return catalogOf(config).filter((e) => e.group === group);
}

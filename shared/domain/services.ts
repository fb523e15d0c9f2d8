/**
 * The service groups a resident picks at the kiosk. The catalogue of individual
 * transactions (iqama renewal, exit/re-entry, ...) hangs under these groups in later
 * issues; the group decides which queue a ticket joins and what the board shows.
 */
export const SERVICE_GROUPS = [
  'residence',
  'exitReentry',
  'finalExit',
  'employment',
  'enquiries',
] as const;

export type ServiceGroup = (typeof SERVICE_GROUPS)[number];

export function isServiceGroup(value: unknown): value is ServiceGroup {
  return typeof value === 'string' && (SERVICE_GROUPS as readonly string[]).includes(value);
}

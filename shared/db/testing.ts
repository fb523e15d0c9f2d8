/**
 * Test helpers for the device database: a demo office config and an enrolled device on
 * fake-indexeddb. Imported by tests only.
 */
import { DEFAULT_SETTINGS, type OfficeConfig } from '../domain/office.ts';
import type { DeviceRole } from '../sync/mutations.ts';
import { openDeviceDb, saveEnrollment } from './device.ts';
import type { DeviceDb } from './schema.ts';

export const TEST_CONFIG: OfficeConfig = {
  officeId: 'test-office',
  name: { en: 'Test office', ar: 'مكتب تجريبي' },
  sections: [
    { id: 'men', letter: 'M', name: { en: "Men's section", ar: 'قسم الرجال' } },
    { id: 'women', letter: 'W', name: { en: "Women's section", ar: 'قسم النساء' } },
  ],
  counters: [
    { id: 1, sectionId: 'men' },
    { id: 2, sectionId: 'men' },
    { id: 5, sectionId: 'women' },
  ],
  serviceGroups: ['residence', 'exitReentry', 'finalExit', 'employment', 'enquiries'],
  settings: DEFAULT_SETTINGS,
};

let counter = 0;

/** A freshly enrolled device database with a unique name. */
export async function enrolledDb(role: DeviceRole, kioskNo = 1, config: OfficeConfig = TEST_CONFIG): Promise<DeviceDb> {
  counter += 1;
  const db = openDeviceDb(`test-${role}-${counter}-${Math.random()}`);
  await saveEnrollment(
    db,
    { deviceId: crypto.randomUUID(), token: 'token', role, officeId: config.officeId, kioskNo, config, nextSeq: 1 },
    Date.now(),
  );
  return db;
}

/**
 * Issue 12, point 15: storage failures people meet, each told apart and said plainly.
 * A quota error on a device with room left is the browser's limit, not a full disk; an
 * older copy of the app in another tab blocks the database's upgrade until it is closed;
 * the older copy hears that a newer one took over and must reload. Every message exists
 * in the eight languages.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDeviceDb, quotaProblemOf, storageProblemOf, type StorageProblem } from '../db/index.ts';
import { KIOSK_LANGUAGES } from '../i18n/index.ts';
import { reportStorageProblem, subscribeStorageProblem, watchVersions } from './bootstrap.ts';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

it('tells a full disk from the browser refusing more while the disk has room', () => {
  expect(storageProblemOf(new DOMException('full', 'QuotaExceededError'))).toBe('quota');
  expect(quotaProblemOf({ usage: 59.95 * GB, quota: 60 * GB })).toBe('quota'); // the disk is full
  expect(quotaProblemOf({ usage: 1 * GB, quota: 60 * GB })).toBe('quotaBrowser'); // room left: a browser's limit
  expect(quotaProblemOf({ usage: 99 * MB, quota: 100 * MB })).toBe('quotaBrowser'); // a private window's small allowance
  expect(quotaProblemOf(null)).toBe('quota');
});

it('says when an older copy in another tab blocks the upgrade, and tells that copy to reload', async () => {
  const seen: (StorageProblem | null)[] = [];
  const stop = subscribeStorageProblem((p) => seen.push(p));
  const name = `jawazat-blocked-${crypto.randomUUID()}`;
  // The older copy: the database at an earlier version, holding its connection.
  const older = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('meta', { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  older.onversionchange = () => {}; // an old tab that does not let go
  const newer = openDeviceDb(name);
  watchVersions(newer);
  const opening = newer.open();
  await expect.poll(() => seen.includes('blocked')).toBe(true);
  older.close(); // the person closes the other tab
  await opening;
  expect(newer.isOpen()).toBe(true);
  expect(seen.at(-1)).toBeNull(); // the banner clears once the upgrade went through

  // Now this copy is the older one: another tab opens the database at a newer version.
  const next = indexedDB.open(name, Math.round(newer.verno * 10) + 10);
  await new Promise<void>((resolve) => {
    next.onsuccess = () => {
      next.result.close();
      resolve();
    };
  });
  expect(seen.at(-1)).toBe('newerTab');
  reportStorageProblem('connection'); // what fails after does not hide the one thing that helps
  expect(seen.at(-1)).toBe('newerTab');
  stop();
});

it('has every storage message in every language', () => {
  const problems: StorageProblem[] = ['quota', 'quotaBrowser', 'connection', 'blocked', 'newerTab', 'other'];
  for (const lang of KIOSK_LANGUAGES) {
    const common = JSON.parse(readFileSync(join(import.meta.dirname, `../i18n/locales/${lang}/common.json`), 'utf8')) as { storage: Record<string, string> };
    expect(Object.keys(common.storage).sort(), lang).toEqual([...problems].sort());
  }
});

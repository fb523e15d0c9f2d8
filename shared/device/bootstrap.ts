/**
 * Starting a device app: open its database, ask the browser to keep it, start the sync
 * loop once the device is enrolled, and keep one place that knows about storage trouble
 * (disk full, IndexedDB connection lost) so every app can tell the person and keep
 * retrying instead of dropping data.
 */
import {
  getIdentity,
  openDeviceDb,
  outboxCounts,
  quotaProblemOf,
  requestPersistentStorage,
  storageEstimate,
  storageProblemOf,
  withStorageRetry,
  type DeviceDb,
  type DeviceIdentity,
  type StorageProblem,
} from '../db/index.ts';
import type { DeviceRole } from '../sync/mutations.ts';
import { createSyncClient, type SyncClient } from './syncClient.ts';

/** Each role keeps its own database, so one browser may host two apps without mixing identities. */
export function deviceDbName(role: DeviceRole): string {
  return `jawazat-${role}`;
}

// ---- storage problems -------------------------------------------------------------

let storageProblem: StorageProblem | null = null;
const storageListeners = new Set<(problem: StorageProblem | null) => void>();

/**
 * Reports a storage failure (or null once a write succeeded again) to the banner. A quota
 * error is told apart first (a full disk, or the browser's limit on this site), since the
 * two need different things from the person.
 */
let reports = 0;

export function reportStorageProblem(problem: StorageProblem | null): void {
  const report = ++reports;
  if (problem === 'quota') {
    // Unless a later report (a write that went through) came in while the browser answered.
    void storageEstimate().then((estimate) => report === reports && setStorageProblem(quotaProblemOf(estimate)));
    return;
  }
  setStorageProblem(problem);
}

function setStorageProblem(problem: StorageProblem | null): void {
  // A newer copy took the database over: only a reload helps, whatever fails after.
  if (problem === storageProblem || storageProblem === 'newerTab') return;
  storageProblem = problem;
  for (const l of storageListeners) l(problem);
}

export function subscribeStorageProblem(listener: (problem: StorageProblem | null) => void): () => void {
  storageListeners.add(listener);
  listener(storageProblem);
  return () => storageListeners.delete(listener);
}

/**
 * A local write with retries for passing storage failures; the banner shows each failure
 * and clears when the write lands. Throws when it still fails after the retries.
 */
export async function saveLocally<T>(db: DeviceDb, write: () => Promise<T>): Promise<T> {
  try {
    const result = await withStorageRetry(db, write, { onProblem: (problem) => reportStorageProblem(problem) });
    reportStorageProblem(null);
    return result;
  } catch (error) {
    const problem = storageProblemOf(error);
    if (problem !== 'other') reportStorageProblem(problem);
    throw error;
  }
}

// ---- opening the device -------------------------------------------------------------

export interface OpenedDevice {
  readonly db: DeviceDb;
  /** Undefined until the device is enrolled. */
  readonly identity: DeviceIdentity | undefined;
  /** The browser promised not to evict this origin's data. */
  readonly persisted: boolean;
}

const opened = new Map<string, DeviceDb>();

/** Opens the role's database (once per page) and reads who this device is. */
export async function openDevice(role: DeviceRole): Promise<OpenedDevice> {
  const name = deviceDbName(role);
  let db = opened.get(name);
  if (!db) {
    db = openDeviceDb(name);
    watchVersions(db);
    opened.set(name, db);
    watchUnhandledStorageErrors();
  }
  const [identity, persisted] = await Promise.all([
    withStorageRetry(db, () => getIdentity(db), { onProblem: (p) => reportStorageProblem(p) }),
    requestPersistentStorage(),
  ]);
  reportStorageProblem(null);
  return { db, identity, persisted };
}

/**
 * Two copies of an app in one browser with different database versions: the newer one
 * waits while the older keeps its connection open (`blocked`), and the older one must
 * reload once the newer has moved the database on (`newerTab`). Both are said on screen.
 */
export function watchVersions(db: DeviceDb): void {
  db.on('blocked', () => reportStorageProblem('blocked'));
  db.on('versionchange', () => {
    reportStorageProblem('newerTab');
    db.close(); // let the newer copy go ahead; this one reloads
    return false;
  });
  db.on('ready', () => {
    if (storageProblem === 'blocked') reportStorageProblem(null);
  });
}

let watching = false;

/** Storage errors from background work (live queries, sync) reach the banner too. */
function watchUnhandledStorageErrors(): void {
  if (watching || typeof window === 'undefined') return;
  watching = true;
  window.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    const problem = storageProblemOf(event.reason);
    if (problem !== 'other') reportStorageProblem(problem);
  });
}

// ---- sync -----------------------------------------------------------------------------

const clients = new WeakMap<DeviceDb, SyncClient>();

/** The device's sync client, created and started on first use (one per database). */
export function startSync(db: DeviceDb): SyncClient {
  let client = clients.get(db);
  if (!client) {
    client = createSyncClient({ db, appVersion: String(import.meta.env.VITE_APP_VERSION ?? 'dev') });
    clients.set(db, client);
    client.start();
  }
  return client;
}

/** After enrolling again: a fresh start re-opens the live stream with the new token. */
export function restartSync(db: DeviceDb): SyncClient {
  const client = startSync(db);
  client.stop();
  client.start();
  return client;
}

/**
 * True when the outbox is empty (nothing waiting to be sent nor waiting for the server's
 * confirmation): the base condition for installing an update.
 */
export async function outboxIsEmpty(db: DeviceDb): Promise<boolean> {
  const [{ pending }, total] = await Promise.all([outboxCounts(db), db.outbox.count()]);
  return pending === 0 && total === 0;
}

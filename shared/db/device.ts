/**
 * Device identity, the counter's officer session and storage health. The officer's PIN
 * never leaves the sign-in request: only a PBKDF2 verifier is kept, so the idle lock can
 * be lifted while the mall's network is down.
 */
import { Dexie, liveQuery } from 'dexie';
import type { EnrollResponse, OfficerSession } from '../sync/protocol.ts';
import { META_CURSOR, META_NEXT_SEQ } from './outbox.ts';
import { newDataKey, wipeSession } from './vault.ts';
import { DeviceDb, type DeviceIdentity, type RejectionRow, type SessionRow } from './schema.ts';

/** Opens (and creates) this device's database. Tests pass their own name per device. */
export function openDeviceDb(name = 'jawazat-device'): DeviceDb {
  return new DeviceDb(name);
}

/** Stores what enrollment returned. A device is enrolled once; enrolling again replaces everything. */
export async function saveEnrollment(db: DeviceDb, enrollment: EnrollResponse, now: number): Promise<DeviceIdentity> {
  const identity: DeviceIdentity = {
    key: 'self',
    deviceId: enrollment.deviceId,
    token: enrollment.token,
    role: enrollment.role,
    officeId: enrollment.officeId,
    kioskNo: enrollment.kioskNo,
    enrolledAt: now,
    config: enrollment.config,
  };
  await db.transaction('rw', db.tables, async () => {
    const pending = await db.outbox.count();
    if (pending > 0) throw new Error('This device still has unsent changes; it cannot be enrolled again');
    await Promise.all(db.tables.map((t) => t.clear()));
    await db.identity.put(identity);
    await db.meta.bulkPut([
      { key: META_NEXT_SEQ, value: enrollment.nextSeq },
      { key: META_CURSOR, value: 0 },
    ]);
  });
  return identity;
}

export function getIdentity(db: DeviceDb): Promise<DeviceIdentity | undefined> {
  return db.identity.get('self');
}

const PBKDF2_ITERATIONS = 100_000;

function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function pinHash(pin: string, saltHex: string, iterations: number): Promise<string> {
  const salt = new Uint8Array(saltHex.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return toHex(bits);
}

/** Keeps a signed-in officer's session and an offline PIN verifier. */
export async function saveSession(db: DeviceDb, session: OfficerSession, pin: string, now: number): Promise<SessionRow> {
  const salt = toHex(crypto.getRandomValues(new Uint8Array(16)));
  // The same session signed in again (an unlock that refreshes the verifier) keeps its key,
  // so its drafts stay readable; a new session gets a new key.
  const before = await db.session.get('current');
  const dataKey = before?.sessionId === session.sessionId && before.dataKey ? before.dataKey : await newDataKey();
  const row: SessionRow = {
    ...session,
    key: 'current',
    dataKey,
    pinVerifier: { salt, hash: await pinHash(pin, salt, PBKDF2_ITERATIONS), iterations: PBKDF2_ITERATIONS },
    lastActivityAt: now,
    locked: false,
    failedUnlocks: 0,
  };
  await db.session.put(row);
  return row;
}

export function getSession(db: DeviceDb): Promise<SessionRow | undefined> {
  return db.session.get('current');
}

export async function touchSession(db: DeviceDb, now: number): Promise<void> {
  await db.session.update('current', { lastActivityAt: now });
}

export async function lockSession(db: DeviceDb): Promise<void> {
  await db.session.update('current', { locked: true });
}

/** Checks the PIN against the local verifier; after `maxAttempts` failures the session is ended. */
export async function unlockOffline(db: DeviceDb, pin: string, now: number, maxAttempts: number): Promise<'unlocked' | 'wrong' | 'ended'> {
  const session = await db.session.get('current');
  if (!session) return 'ended';
  const { salt, hash, iterations } = session.pinVerifier;
  if ((await pinHash(pin, salt, iterations)) === hash) {
    await db.session.update('current', { locked: false, failedUnlocks: 0, lastActivityAt: now });
    return 'unlocked';
  }
  const failed = session.failedUnlocks + 1;
  if (failed >= maxAttempts) {
    await wipeSession(db);
    return 'ended';
  }
  await db.session.update('current', { failedUnlocks: failed });
  return 'wrong';
}

/** Forgets the officer's session and, with it, every transaction draft and result (vault.ts). */
export async function endSession(db: DeviceDb): Promise<void> {
  await wipeSession(db);
}

export function unseenRejections(db: DeviceDb): Promise<RejectionRow[]> {
  return db.rejections.where('seen').equals(0).sortBy('seq');
}

export async function markRejectionSeen(db: DeviceDb, seq: number): Promise<void> {
  await db.rejections.update(seq, { seen: 1 });
}

/**
 * Watches a query over the device database: `onValue` runs now and whenever the data it
 * read changes (in this tab or another). Returns the unsubscribe function.
 */
export function observe<T>(query: () => Promise<T>, onValue: (value: T) => void, onError?: (error: unknown) => void): () => void {
  const subscription = liveQuery(query).subscribe({ next: onValue, error: (e: unknown) => onError?.(e) });
  return () => subscription.unsubscribe();
}

/** Asks the browser not to evict this device's data under storage pressure. */
export async function requestPersistentStorage(): Promise<boolean> {
  if (typeof navigator === 'undefined' || !navigator.storage?.persist) return false;
  try {
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    return false;
  }
}

/**
 * What went wrong with the device's storage, as a person should hear it:
 * - `quota`: the disk is full;
 * - `quotaBrowser`: the browser refused more for this site though the disk has room (a
 *   private window, a site storage setting, a browser's own cap);
 * - `connection`: the IndexedDB connection was lost (a reopen fixes it);
 * - `blocked`: an older copy of this app, open in another tab or window, keeps the
 *   database from moving to this version until it is closed;
 * - `newerTab`: a newer copy of this app opened in another tab: this one must reload;
 * - `other`: anything else.
 */
export type StorageProblem = 'quota' | 'quotaBrowser' | 'connection' | 'blocked' | 'newerTab' | 'other';

/** Room left below which a quota error means a full disk rather than a browser's limit. */
const ROOM_LEFT_BYTES = 100 * 1024 * 1024;
/** A site quota this small is the browser's own cap (private windows, Safari), not the disk. */
const SMALL_QUOTA_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * A quota error, told apart by what the browser says is used and allowed: plenty of room
 * left, or a small allowance, means the browser's limit on this site (not a full disk).
 */
export function quotaProblemOf(estimate: { usage?: number; quota?: number } | null): 'quota' | 'quotaBrowser' {
  if (!estimate || estimate.quota === undefined) return 'quota';
  const left = estimate.quota - (estimate.usage ?? 0);
  return left > ROOM_LEFT_BYTES || estimate.quota < SMALL_QUOTA_BYTES ? 'quotaBrowser' : 'quota';
}

/** The browser's storage estimate, or null where there is none. */
export async function storageEstimate(): Promise<{ usage?: number; quota?: number } | null> {
  try {
    return typeof navigator !== 'undefined' && navigator.storage?.estimate ? await navigator.storage.estimate() : null;
  } catch {
    return null;
  }
}

/**
 * Classifies a storage failure: a full disk ("quota") or a lost IndexedDB connection
 * (Chrome's "Connection to Indexed Database server lost"), which a reopen fixes.
 */
export function storageProblemOf(error: unknown): StorageProblem {
  const e = error as { name?: string; message?: string; inner?: { name?: string } } | null;
  const names = [e?.name, e?.inner?.name];
  if (names.includes('QuotaExceededError') || names.includes(Dexie.errnames.QuotaExceeded)) return 'quota';
  if (
    names.includes(Dexie.errnames.DatabaseClosed) ||
    names.includes('UnknownError') ||
    /connection.*lost|database.*closed/i.test(e?.message ?? '')
  ) {
    return 'connection';
  }
  return 'other';
}

/**
 * Runs a write, retrying storage failures that can pass (reopening a lost connection,
 * waiting for space) and telling the caller about each failure so a person is told.
 * The write itself is one transaction, so a retry never applies it twice.
 */
export async function withStorageRetry<T>(
  db: DeviceDb,
  write: () => Promise<T>,
  opts: { attempts?: number; delayMs?: number; onProblem?: (problem: StorageProblem, attempt: number) => void } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const problem = storageProblemOf(error);
      if (problem === 'other' || attempt >= attempts) throw error;
      opts.onProblem?.(problem, attempt);
      if (problem === 'connection' && !db.isOpen()) await db.open().catch(() => undefined);
      await new Promise((r) => setTimeout(r, (opts.delayMs ?? 500) * attempt));
    }
  }
}

const META_CLOCK_OFFSET = 'clockOffset';

/**
 * The store's clock minus this device's (ms), as the last heartbeat measured it. A kiosk
 * numbers its tickets by the office day of its clock corrected with it, the day the store
 * files them under, so a kiosk clock set a day wrong neither starts a new series of
 * numbers early nor repeats yesterday's.
 */
export async function saveClockOffset(db: DeviceDb, offsetMs: number): Promise<void> {
  if (Number.isFinite(offsetMs)) await db.meta.put({ key: META_CLOCK_OFFSET, value: Math.round(offsetMs) });
}

export async function clockOffsetOf(db: DeviceDb): Promise<number> {
  const row = await db.meta.get(META_CLOCK_OFFSET);
  return typeof row?.value === 'number' ? row.value : 0;
}

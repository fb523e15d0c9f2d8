/**
 * The counter's one deliberate exception to "no personal data in browser storage":
 * a transaction in progress (the person's record, the form, the quote) is kept on the
 * device so that a reload, a crash or a dropped network never loses the officer's work.
 * It is kept only
 * - encrypted with AES-GCM under a key made at sign-in as a non-extractable CryptoKey
 *   (the browser uses it, but no script can read its bytes) and stored with the session;
 * - as long as its transaction runs: finishing or cancelling deletes the draft;
 * - as long as the officer's session: sign-out, expiry, a supervisor ending the session
 *   or too many wrong PINs delete the key, every draft and every result together.
 * A draft from another session (its key gone) can never be read and is dropped on sight.
 */
import type { DeviceDb, DraftRow, SessionRow } from './schema.ts';

const ALGORITHM = 'AES-GCM';

/** A fresh data key for a new officer session. */
export function newDataKey(): Promise<CryptoKey> {
  return globalThis.crypto.subtle.generateKey({ name: ALGORITHM, length: 256 }, false, ['encrypt', 'decrypt']);
}

export interface Draft<T> {
  readonly transactionId: string;
  readonly ticketId: string | null;
  readonly value: T;
  readonly updatedAt: number;
}

async function sessionKey(db: DeviceDb): Promise<{ session: SessionRow; key: CryptoKey } | null> {
  const session = await db.session.get('current');
  return session?.dataKey ? { session, key: session.dataKey } : null;
}

/** Encrypts and stores a transaction's state; false when no officer is signed in (nothing is kept). */
export async function saveDraft<T>(db: DeviceDb, draft: Omit<Draft<T>, 'updatedAt'>, now: number): Promise<boolean> {
  const held = await sessionKey(db);
  if (!held) return false;
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(draft.value));
  const data = await globalThis.crypto.subtle.encrypt({ name: ALGORITHM, iv }, held.key, plain);
  const row: DraftRow = { transactionId: draft.transactionId, sessionId: held.session.sessionId, ticketId: draft.ticketId, iv, data, updatedAt: now };
  await db.drafts.put(row);
  return true;
}

/**
 * The signed-in officer's drafts, decrypted, newest first. Drafts of any other session
 * (and any that fail to decrypt) are deleted: nobody can read them any more.
 */
export async function loadDrafts<T>(db: DeviceDb): Promise<Draft<T>[]> {
  const held = await sessionKey(db);
  const rows = await db.drafts.toArray();
  const out: Draft<T>[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    if (!held || row.sessionId !== held.session.sessionId) {
      unreadable.push(row.transactionId);
      continue;
    }
    try {
      const plain = await globalThis.crypto.subtle.decrypt({ name: ALGORITHM, iv: row.iv as Uint8Array<ArrayBuffer> }, held.key, row.data);
      out.push({ transactionId: row.transactionId, ticketId: row.ticketId, value: JSON.parse(new TextDecoder().decode(plain)) as T, updatedAt: row.updatedAt });
    } catch {
      unreadable.push(row.transactionId);
    }
  }
  if (unreadable.length) await db.drafts.bulkDelete(unreadable);
  return out.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** A finished or cancelled transaction keeps nothing on the device. */
export async function deleteDraft(db: DeviceDb, transactionId: string): Promise<void> {
  await db.transaction('rw', db.drafts, db.transactionResults, async () => {
    await db.drafts.delete(transactionId);
    await db.transactionResults.delete(transactionId);
  });
}

/** Ends the officer's session on this device: its key, every draft and every result go together. */
export async function wipeSession(db: DeviceDb): Promise<void> {
  await db.transaction('rw', [db.session, db.drafts, db.transactionResults, db.sent], async () => {
    await db.session.delete('current');
    await db.drafts.clear();
    await db.transactionResults.clear();
    // Confirmed transactions kept for a restore hold a person's request: they go with the session too.
    await db.sent.filter((r) => r.name.startsWith('transaction.')).delete();
  });
}

/** How many transactions are in progress on this counter (any session's; loadDrafts drops the unreadable). */
export function countDrafts(db: DeviceDb): Promise<number> {
  return db.drafts.count();
}

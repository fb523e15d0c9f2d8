/**
 * Reads a device's IndexedDB from the page (tests only), to check what a reload must
 * keep: the outbox rows still waiting to be sent.
 */
import type { Page } from '@playwright/test';

/** Every row of one object store of a device's database, read in the page. */
export function readAll<T>(page: Page, dbName: string, store: string): Promise<T[]> {
  return page.evaluate(
    async ([name, storeName]) => {
      const open = indexedDB.open(name);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        return await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(storeName).objectStore(storeName).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error);
        });
      } finally {
        db.close();
      }
    },
    [dbName, store] as const,
  ) as Promise<T[]>;
}

/** Outbox rows of `dbName` that the server has not confirmed yet. */
export async function pendingChanges(page: Page, dbName: string): Promise<number> {
  const rows = await readAll<{ status: string }>(page, dbName, 'outbox');
  return rows.filter((r) => r.status === 'pending').length;
}

/** Whether the device's screen copy holds a ticket with this number (it has reached the device). */
export async function hasTicket(page: Page, dbName: string, displayNumber: string): Promise<boolean> {
  const rows = await readAll<{ displayNumber: string }>(page, dbName, 'tickets');
  return rows.some((r) => r.displayNumber === displayNumber);
}

/** The outbox rows of `dbName` for one kind of change (e.g. "transaction.submit"): confirmed or not, and how many pushes carried each. */
export async function outboxOf(page: Page, dbName: string, name: string): Promise<{ status: string; attempts: number }[]> {
  const rows = await readAll<{ name: string; status: string; attempts: number }>(page, dbName, 'outbox');
  return rows.filter((r) => r.name === name).map(({ status, attempts }) => ({ status, attempts }));
}

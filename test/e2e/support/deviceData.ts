/**
 * Reads a device's IndexedDB from the page (tests only), to check what a reload must
 * keep: the outbox rows still waiting to be sent.
 */
import type { Page } from '@playwright/test';

/** Outbox rows of `dbName` that the server has not confirmed yet. */
export function pendingChanges(page: Page, dbName: string): Promise<number> {
  return page.evaluate(async (name) => {
    const open = indexedDB.open(name);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const rows = await new Promise<Array<{ status: string }>>((resolve, reject) => {
        const request = db.transaction('outbox').objectStore('outbox').getAll();
        request.onsuccess = () => resolve(request.result as Array<{ status: string }>);
        request.onerror = () => reject(request.error);
      });
      return rows.filter((r) => r.status === 'pending').length;
    } finally {
      db.close();
    }
  }, dbName);
}

/** Whether the device's screen copy holds a ticket with this number (it has reached the device). */
export function hasTicket(page: Page, dbName: string, displayNumber: string): Promise<boolean> {
  return page.evaluate(
    async ([name, number]) => {
      const open = indexedDB.open(name);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        const rows = await new Promise<Array<{ displayNumber: string }>>((resolve, reject) => {
          const request = db.transaction('tickets').objectStore('tickets').getAll();
          request.onsuccess = () => resolve(request.result as Array<{ displayNumber: string }>);
          request.onerror = () => reject(request.error);
        });
        return rows.some((r) => r.displayNumber === number);
      } finally {
        db.close();
      }
    },
    [dbName, displayNumber] as const,
  );
}

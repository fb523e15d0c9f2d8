/**
 * The device's pull: pages of the store's changes by cursor until caught up. The next
 * page is requested while this one is written to the device database (its cursor is known
 * from the answer), so the network and IndexedDB work overlap; it is used only if the
 * stored cursor is where it starts.
 */
import { applyPullPage, getCursor, syncPosition, type DeviceDb } from '../db/index.ts';
import type { PullResponse } from '../sync/protocol.ts';

export interface PullOptions {
  readonly db: DeviceDb;
  readonly limit: number;
  readonly get: <T>(path: string) => Promise<T>;
  /** Each page written: the cursor now held (0 after a reset page). */
  readonly applied: (cursor: number) => void;
}

export async function pullAll({ db, limit, get, applied }: PullOptions): Promise<void> {
  // The page after this one names the epoch this one leaves stored (shared/db/pullPage.ts), known
  // from the answer: reading it back from the database would queue the request behind
  // this page's write transaction, and the overlap would be lost. Any other request reads
  // it from the database (a reset page brings a new one).
  const fetchPage = (cursor: number, epoch: string): Promise<PullResponse> =>
    get<PullResponse>(`/api/sync/pull?cursor=${cursor}&limit=${limit}&epoch=${encodeURIComponent(epoch)}`);
  let from = await getCursor(db);
  let epoch = (await syncPosition(db)).epoch;
  let page = await fetchPage(from, epoch);
  for (;;) {
    if (page.epoch !== undefined) epoch = page.epoch ?? '';
    const ahead = page.more && !page.reset ? { cursor: page.cursor, page: fetchPage(page.cursor, epoch) } : null;
    ahead?.page.catch(() => {}); // its failure is handled where it is awaited
    try {
      await applyPullPage(db, page);
    } catch (error) {
      await ahead?.page.catch(() => {});
      throw error;
    }
    applied(page.reset ? 0 : page.cursor);
    if (!page.more && !page.reset) return;
    from = await getCursor(db);
    if (ahead && ahead.cursor === from) {
      page = await ahead.page;
    } else {
      await ahead?.page.catch(() => {});
      epoch = (await syncPosition(db)).epoch;
      page = await fetchPage(from, epoch);
    }
  }
}

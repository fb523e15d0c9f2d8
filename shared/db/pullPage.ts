/**
 * What the store sends down, applied to the device database: a pull page, or a page that
 * came with a poke on the event stream (only where it joins what the device holds). One
 * transaction each: the server's copies, the cursor, the outbox rows the page confirms,
 * the office configuration, this counter's transaction results, the kiosk's numbers, and
 * the screen rows rebuilt.
 */
import type { Ticket } from '../domain/ticket.ts';
import type { Change, PullResponse } from '../sync/protocol.ts';
import { dropConfirmed, META_CURSOR, META_EPOCH, metaNumber, ticketSeqKey } from './outbox.ts';
import { syncTables, type DeviceDb } from './schema.ts';
import { rebuildTickets } from './view.ts';

/**
 * Applies one pull page: stores the server's copies, advances the cursor, drops outbox
 * rows the page confirms, and rebuilds the affected screen rows, all in one transaction.
 * The cursor only moves forward, except on a server-requested reset.
 */
export async function applyPullPage(db: DeviceDb, page: PullResponse): Promise<void> {
  await applyPage(db, page, null);
}

/**
 * A page the store sent down the event stream on its own (the changes after `from`, the
 * version it last told this device of). Applied only if it joins what this device holds:
 * its cursor is at least `from` (no gap), from the same store epoch, and not a reset.
 * Answers false when it does not join; the device then pulls as usual.
 */
export async function applyStreamPage(db: DeviceDb, from: number, page: PullResponse): Promise<boolean> {
  if (page.reset || page.more) return false;
  return applyPage(db, page, from);
}

async function applyPage(db: DeviceDb, page: PullResponse, from: number | null): Promise<boolean> {
  return db.transaction('rw', syncTables(db), async () => {
    const current = await metaNumber(db, META_CURSOR, 0);
    if (from !== null) {
      const epoch = await db.meta.get(META_EPOCH);
      const held = typeof epoch?.value === 'string' ? epoch.value : '';
      if (current < from || (page.epoch !== undefined && (page.epoch ?? '') !== held)) return false;
      if (page.cursor <= current) return true; // nothing new: already here
    }
    if (page.reset) {
      // The server does not know our cursor: forget its copies (kept bases, and screen
      // rows that are nothing but a server copy), keep every outbox row and what it shows.
      const withRows = new Set((await db.outbox.toArray()).flatMap((r) => (r.ticketId ? [r.ticketId] : [])));
      await db.serverTickets.clear();
      const screenOnly = (await db.tickets.toCollection().primaryKeys()).filter((id) => !withRows.has(id));
      await db.tickets.bulkDelete(screenOnly);
      await rebuildTickets(db, withRows);
    } else if (page.cursor < current) {
      return true; // a stale page (e.g. a late duplicate answer): never move backwards
    }
    const fresh = latestCopies(page.changes, page.reset ? 0 : current);
    await keepConfig(db, page.changes, page.reset ? 0 : current);
    await keepResults(db, page.changes);
    await noteKioskNumbers(db, fresh.values());
    await db.meta.put({ key: META_CURSOR, value: page.cursor });
    if (page.epoch !== undefined) await db.meta.put({ key: META_EPOCH, value: page.epoch ?? '' });
    const settled = await dropConfirmed(db, page.cursor);
    // Only tickets whose server copy or outbox rows changed need a new screen row.
    await rebuildTickets(db, fresh.keys(), { known: fresh, settled });
    return true;
  });
}

/**
 * The server's copies in a page, newest per ticket. Every copy this device holds came
 * from a page it applied, so it is at most `cursor`: a change above the cursor is newer
 * than anything here, one at or below it (a page answered twice) is already here.
 */
function latestCopies(changes: readonly Change[], cursor: number): Map<string, Ticket> {
  const latest = new Map<string, Ticket>();
  for (const change of changes) {
    if (change.entity !== 'ticket' || change.version <= cursor) continue;
    const seen = latest.get(change.data.ticketId);
    if (!seen || seen.version < change.data.version) latest.set(change.data.ticketId, change.data);
  }
  return latest;
}

/**
 * The office configuration a supervisor changed: the newest in the page replaces the one
 * enrollment gave (screens observe the identity row and re-render with it). One at or
 * below the cursor is already here.
 */
async function keepConfig(db: DeviceDb, changes: readonly Change[], cursor: number): Promise<void> {
  let newest: Extract<Change, { entity: 'config' }> | undefined;
  for (const change of changes) {
    if (change.entity === 'config' && change.version > cursor && (!newest || change.version > newest.version)) newest = change;
  }
  if (newest) await db.identity.update('self', { config: newest.data });
}

/**
 * The store's decisions about this counter's transactions. Kept only for a transaction
 * still in progress here (it has a draft): one finished, cancelled or wiped at sign-out
 * keeps nothing.
 */
async function keepResults(db: DeviceDb, changes: readonly Change[]): Promise<void> {
  const results = changes.flatMap((c) => (c.entity === 'transaction' ? [c.data] : []));
  if (!results.length) return;
  const drafts = await db.drafts.bulkGet(results.map((r) => r.transactionId));
  const kept = results.filter((_, i) => drafts[i] !== undefined);
  if (kept.length) await db.transactionResults.bulkPut(kept);
}

/**
 * A kiosk never reuses a ticket number: numbers with its prefix that reach it from the
 * server (e.g. issued before it was re-enrolled under the same kiosk number) raise its
 * daily sequence, so issuing a ticket reads one meta row, not the day's tickets.
 */
async function noteKioskNumbers(db: DeviceDb, tickets: Iterable<Ticket>): Promise<void> {
  const identity = await db.identity.get('self');
  if (!identity || identity.role !== 'kiosk') return;
  const highest = new Map<string, number>();
  for (const t of tickets) {
    const letter = identity.config.sections.find((s) => s.id === t.sectionId)?.letter;
    const prefix = `${letter ?? ''}${identity.kioskNo}-`;
    if (!letter || !t.displayNumber.startsWith(prefix)) continue;
    const n = Number(t.displayNumber.slice(prefix.length)) || 0;
    // The store's renumbering of a number used twice in a day (5001…) is not this kiosk's series.
    if (n >= 5001) continue;
    const key = ticketSeqKey(t.serviceDay, t.sectionId);
    highest.set(key, Math.max(highest.get(key) ?? 0, n));
  }
  for (const [key, n] of highest) {
    const row = await db.meta.get(key);
    if (typeof row?.value !== 'number' || row.value < n) await db.meta.put({ key, value: n });
  }
}

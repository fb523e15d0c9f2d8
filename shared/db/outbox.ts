/**
 * The outbox and the sync bookkeeping on the device side. A change and its outbox row
 * are written in ONE Dexie transaction (see `recordChange`), so a crash can never leave
 * a change that will not be sent, nor a sent change the screen does not show.
 */
import type { Ticket } from '../domain/ticket.ts';
import type { MutationName } from '../sync/mutations.ts';
import { SCHEMA_VERSION, type Change, type MutationEnvelope, type PullResponse, type PushResponse } from '../sync/protocol.ts';
import { syncTables, type DeviceDb, type OutboxRow } from './schema.ts';
import { rebuildTickets } from './view.ts';

export const META_CURSOR = 'cursor';
export const META_NEXT_SEQ = 'nextSeq';

async function metaNumber(db: DeviceDb, key: string, fallback: number): Promise<number> {
  const row = await db.meta.get(key);
  return typeof row?.value === 'number' ? row.value : fallback;
}

export interface ChangeInput {
  readonly name: MutationName;
  readonly args: Record<string, unknown>;
  readonly ticketId: string | null;
  readonly sessionId: string | null;
  readonly serviceDay: string;
  readonly officerBadge: string | null;
  readonly deviceTime: number;
}

/**
 * Appends one mutation to the outbox and refreshes the screen's copy of its ticket.
 * Call inside a rw transaction spanning `syncTables(db)` (recordChange opens one if not).
 */
export async function recordChange(db: DeviceDb, input: ChangeInput): Promise<OutboxRow> {
  return db.transaction('rw', syncTables(db), async () => {
    const seq = await metaNumber(db, META_NEXT_SEQ, 1);
    const row: OutboxRow = {
      seq,
      name: input.name,
      args: input.args,
      deviceTime: input.deviceTime,
      schemaVersion: SCHEMA_VERSION,
      sessionId: input.sessionId,
      status: 'pending',
      version: 0,
      ticketId: input.ticketId,
      local: { serviceDay: input.serviceDay, officerBadge: input.officerBadge },
      attempts: 0,
    };
    await db.outbox.add(row);
    await db.meta.put({ key: META_NEXT_SEQ, value: seq + 1 });
    if (input.ticketId) await rebuildTickets(db, [input.ticketId]);
    return row;
  });
}

/** The oldest pending mutations, as they go on the wire. Marks their attempt. */
export async function takePushBatch(db: DeviceDb, max: number): Promise<MutationEnvelope[]> {
  return db.transaction('rw', db.outbox, async () => {
    const rows = await db.outbox.where('status').equals('pending').limit(max).sortBy('seq');
    await Promise.all(rows.map((r) => db.outbox.update(r.seq, { attempts: r.attempts + 1 })));
    return rows.map(({ seq, name, args, deviceTime, schemaVersion, sessionId }) => ({
      seq,
      name,
      args,
      deviceTime,
      schemaVersion,
      sessionId,
    }));
  });
}

/**
 * Records the server's answer to a push: applied rows wait for the pull that brings
 * their effect; rejected rows move to `rejections` with the reason, to be shown.
 */
export async function applyPushResponse(db: DeviceDb, response: PushResponse, now: number): Promise<void> {
  await db.transaction('rw', syncTables(db), async () => {
    const touched: string[] = [];
    for (const result of response.results) {
      const row = await db.outbox.get(result.seq);
      if (!row || row.status !== 'pending') continue; // a duplicate answer: already recorded
      if (row.ticketId) touched.push(row.ticketId);
      if (result.status === 'applied') {
        await db.outbox.update(row.seq, { status: 'applied', version: result.version });
      } else {
        await db.rejections.put({
          seq: row.seq,
          name: row.name,
          args: row.args,
          ticketId: row.ticketId,
          deviceTime: row.deviceTime,
          reason: result.reason,
          rejectedAt: now,
          seen: 0,
        });
        await db.outbox.delete(row.seq);
      }
    }
    await dropConfirmed(db, await metaNumber(db, META_CURSOR, 0));
    await rebuildTickets(db, touched);
  });
}

/**
 * Applies one pull page: stores the server's copies, advances the cursor, drops outbox
 * rows the page confirms, and rebuilds the affected screen rows, all in one transaction.
 * The cursor only moves forward, except on a server-requested reset.
 */
export async function applyPullPage(db: DeviceDb, page: PullResponse): Promise<void> {
  await db.transaction('rw', syncTables(db), async () => {
    const current = await metaNumber(db, META_CURSOR, 0);
    const touched = new Set<string>();
    if (page.reset) {
      // The server does not know our cursor: forget its copy, keep every outbox row.
      for (const key of await db.serverTickets.toCollection().primaryKeys()) touched.add(key);
      await db.serverTickets.clear();
    } else if (page.cursor < current) {
      return; // a stale page (e.g. a late duplicate answer): never move backwards
    }
    for (const change of page.changes) await applyChange(db, change, touched);
    await db.meta.put({ key: META_CURSOR, value: page.cursor });
    await dropConfirmed(db, page.cursor);
    const pendingIds = (await db.outbox.toArray()).flatMap((r) => (r.ticketId ? [r.ticketId] : []));
    await rebuildTickets(db, [...touched, ...pendingIds]);
  });
}

async function applyChange(db: DeviceDb, change: Change, touched: Set<string>): Promise<void> {
  const incoming: Ticket = change.data;
  const existing = await db.serverTickets.get(incoming.ticketId);
  if (existing && existing.version >= incoming.version) return;
  await db.serverTickets.put(incoming);
  touched.add(incoming.ticketId);
}

/** Applied outbox rows whose version the cursor has passed are confirmed: drop them. */
async function dropConfirmed(db: DeviceDb, cursor: number): Promise<void> {
  const applied = await db.outbox.where('status').equals('applied').toArray();
  const done = applied.filter((r) => r.version <= cursor).map((r) => r.seq);
  if (done.length) await db.outbox.bulkDelete(done);
}

export async function getCursor(db: DeviceDb): Promise<number> {
  return metaNumber(db, META_CURSOR, 0);
}

/** Counts for the "n changes waiting to be sent" badge. */
export async function outboxCounts(db: DeviceDb): Promise<{ pending: number; unseenRejections: number }> {
  const [pending, unseenRejections] = await Promise.all([
    db.outbox.where('status').equals('pending').count(),
    db.rejections.where('seen').equals(0).count(),
  ]);
  return { pending, unseenRejections };
}

/** Removes tickets of past service days from both copies (they are on the server). */
export async function pruneBefore(db: DeviceDb, serviceDay: string): Promise<void> {
  await db.transaction('rw', syncTables(db), async () => {
    const pendingIds = new Set((await db.outbox.toArray()).flatMap((r) => (r.ticketId ? [r.ticketId] : [])));
    const old = await db.serverTickets.where('serviceDay').below(serviceDay).primaryKeys();
    const drop = old.filter((id) => !pendingIds.has(id));
    await db.serverTickets.bulkDelete(drop);
    await db.tickets.bulkDelete(drop);
  });
}

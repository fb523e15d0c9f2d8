/**
 * What a device keeps over six months (issue 12, point 14): the live queue, not the
 * archive. The store holds everything; a device prunes, once a service day, what the store
 * has confirmed and no screen needs.
 */
import { serviceDayOf } from '../domain/office.ts';
import { clockOffsetOf, getIdentity } from './device.ts';
import { syncTables, type DeviceDb } from './schema.ts';

/** How long a device keeps what the store has and no screen needs any more (issue 12, point 14). */
export const KEEP_ON_DEVICE = {
  /** A counter's transaction results: the receipt can be printed again for a week. */
  resultsMs: 7 * 86_400_000,
  /** Refusals a person has seen and dismissed. */
  seenRejectionsMs: 30 * 86_400_000,
} as const;

export interface Pruned {
  readonly tickets: number;
  readonly results: number;
  readonly rejections: number;
}

/**
 * Removes what the store holds and no screen needs: tickets of service days before
 * `keepFrom` (devices pull today and yesterday only), except those a change still waiting
 * to be sent or a transaction in progress names; transaction results older than a week;
 * refusals a person dismissed a month ago. Six months of an office (about 200,000 tickets)
 * would otherwise pile up on every device and slow every screen.
 */
export async function pruneDevice(db: DeviceDb, keepFrom: string, now: number): Promise<Pruned> {
  return db.transaction('rw', syncTables(db), async () => {
    const keep = new Set((await db.outbox.toArray()).flatMap((r) => (r.ticketId ? [r.ticketId] : [])));
    for (const d of await db.drafts.toArray()) if (d.ticketId) keep.add(d.ticketId);
    const old = new Set([
      ...(await db.tickets.where('serviceDay').below(keepFrom).primaryKeys()),
      ...(await db.serverTickets.where('serviceDay').below(keepFrom).primaryKeys()),
    ]);
    const drop = [...old].filter((id) => !keep.has(id));
    await db.serverTickets.bulkDelete(drop);
    await db.tickets.bulkDelete(drop);
    const results = await db.transactionResults.filter((r) => r.decidedAt < now - KEEP_ON_DEVICE.resultsMs).primaryKeys();
    await db.transactionResults.bulkDelete(results);
    const rejections = await db.rejections
      .where('seen')
      .equals(1)
      .filter((r) => r.rejectedAt < now - KEEP_ON_DEVICE.seenRejectionsMs)
      .primaryKeys();
    await db.rejections.bulkDelete(rejections);
    return { tickets: drop.length, results: results.length, rejections: rejections.length };
  });
}

const META_PRUNED_DAY = 'prunedDay';

/**
 * Prunes once per service day (the office's, by the store's clock): called after each pull,
 * it costs one read of `meta` on every other run. Returns what it removed, or null when
 * today was already done or the device is not enrolled.
 */
export async function pruneIfNewDay(db: DeviceDb, now: number): Promise<Pruned | null> {
  const identity = await getIdentity(db);
  if (!identity) return null;
  const storeNow = now + (await clockOffsetOf(db));
  const { timeZone } = identity.config.settings;
  const today = serviceDayOf(storeNow, timeZone);
  if ((await db.meta.get(META_PRUNED_DAY))?.value === today) return null;
  const pruned = await pruneDevice(db, serviceDayOf(storeNow - 86_400_000, timeZone), now);
  await db.meta.put({ key: META_PRUNED_DAY, value: today });
  return pruned;
}


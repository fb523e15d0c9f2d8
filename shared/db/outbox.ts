/**
 * The outbox and the sync bookkeeping on the device side. A change and its outbox row
 * are written in ONE Dexie transaction (see `recordChange`), so a crash can never leave
 * a change that will not be sent, nor a sent change the screen does not show.
 */
import Dexie from 'dexie';
import { parseMutation, type MutationName } from '../sync/mutations.ts';
import { MAX_BODY_BYTES, SCHEMA_VERSION, type MutationEnvelope, type PushResponse } from '../sync/protocol.ts';
import { syncTables, type DeviceDb, type OutboxRow, type RejectionRow, type SentRow } from './schema.ts';
import { rebuildTickets, serverCopyOf } from './view.ts';

export const META_CURSOR = 'cursor';
export const META_NEXT_SEQ = 'nextSeq';
/** The store epoch this device last pulled under (see PullResponse.epoch). */
export const META_EPOCH = 'epoch';
/** The highest change seq the store answered (applied or refused). */
export const META_CONFIRMED_SEQ = 'confirmedSeq';
/**
 * The epoch this device held when the store answered that seq. A seq answered before a
 * restore this device has since pulled is not evidence of another one (see syncPosition).
 */
export const META_CONFIRMED_EPOCH = 'confirmedEpoch';

async function metaString(db: DeviceDb, key: string): Promise<string> {
  const row = await db.meta.get(key);
  return typeof row?.value === 'string' ? row.value : '';
}

export async function metaNumber(db: DeviceDb, key: string, fallback: number): Promise<number> {
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
 * A ticket without outbox rows has its server copy only as its screen row (see view.ts):
 * before its first row, keep that copy as the base the rows will be replayed on.
 */
async function keepBaseBeforeFirstRow(db: DeviceDb, ticketId: string): Promise<void> {
  if ((await db.outbox.where('ticketId').equals(ticketId).count()) > 0) return;
  if (await db.serverTickets.get(ticketId)) return;
  const screen = await db.tickets.get(ticketId);
  if (screen && !screen.pending) await db.serverTickets.put(serverCopyOf(screen));
}

/**
 * Appends one mutation to the outbox and refreshes the screen's copy of its ticket.
 * Call inside a rw transaction spanning `syncTables(db)` (recordChange opens one if not).
 */
export async function recordChange(db: DeviceDb, input: ChangeInput): Promise<OutboxRow> {
  // A change the server's schema would refuse must fail here, where a person sees it,
  // not vanish from the screen and come back as a refusal.
  const parsed = parseMutation(input.name, input.args);
  if (!parsed.ok) throw new Error(`invalid change: ${parsed.message}`);
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
    if (input.ticketId) await keepBaseBeforeFirstRow(db, input.ticketId);
    await db.outbox.add(row);
    // Said once the write is durable (the outermost transaction commits), not before.
    Dexie.currentTransaction?.idbtrans?.addEventListener('complete', () => announce(db, envelopeOf(row)), { once: true });
    await db.meta.put({ key: META_NEXT_SEQ, value: seq + 1 });
    if (input.ticketId) await rebuildTickets(db, [input.ticketId]);
    return row;
  });
}

type LocalChangeListener = (change: MutationEnvelope) => void;
const localChangeListeners = new WeakMap<DeviceDb, Set<LocalChangeListener>>();

/**
 * Calls `listener` with each change made here, as it goes on the wire, as soon as it is
 * committed: the sync client pushes at once, without reading back the row it was told of,
 * instead of waiting for a live query to notice the outbox.
 */
export function onLocalChange(db: DeviceDb, listener: LocalChangeListener): () => void {
  const set = localChangeListeners.get(db) ?? new Set();
  localChangeListeners.set(db, set);
  set.add(listener);
  return () => set.delete(listener);
}

function announce(db: DeviceDb, change: MutationEnvelope): void {
  for (const listener of localChangeListeners.get(db) ?? []) listener(change);
}

/** The seq of the last change this device made (0: none yet): what an officer session covered when it ends. */
export async function lastSeq(db: DeviceDb): Promise<number> {
  return (await metaNumber(db, META_NEXT_SEQ, 1)) - 1;
}

/**
 * The oldest pending mutations, as they go on the wire. Only reads: a write here would
 * queue the push behind every screen's live query of the outbox (tens of ms on a busy
 * counter). A push that is not answered counts its attempt afterwards (`countAttempt`).
 */
export async function takePushBatch(db: DeviceDb, max: number, maxBytes = PUSH_BODY_BUDGET, afterSeq = 0): Promise<MutationEnvelope[]> {
  const rows = await db.transaction('r', db.outbox, async () => {
    if (afterSeq <= 0) return db.outbox.where('status').equals('pending').limit(max).sortBy('seq');
    // Read while the answers to the changes up to afterSeq are still being written: those
    // are pending here yet already sent, so only the changes after them are taken.
    const seqs = (await db.outbox.where('status').equals('pending').primaryKeys()).filter((seq) => seq > afterSeq).slice(0, max);
    return (await db.outbox.bulkGet(seqs)).filter((r): r is OutboxRow => r?.status === 'pending');
  });
  return withinBudget(rows.map(envelopeOf), maxBytes);
}

/**
 * The first changes of `changes` that fit in `maxBytes` of JSON (the first always goes), so
 * a push never meets the store's body limit however large its changes are.
 */
export function withinBudget<T extends MutationEnvelope>(changes: readonly T[], maxBytes = PUSH_BODY_BUDGET): T[] {
  if (maxBytes === Infinity) return [...changes];
  const batch: T[] = [];
  let bytes = 0;
  for (const change of changes) {
    bytes += utf8.encode(JSON.stringify(change)).length + 1;
    if (batch.length > 0 && bytes > maxBytes) break;
    batch.push(change);
  }
  return batch;
}
const utf8 = new TextEncoder();
/** Half the store's body limit: room for the request's own fields and a margin. */
export const PUSH_BODY_BUDGET = MAX_BODY_BYTES / 2;

/** A push that carried these changes went unanswered (or answered part): one more attempt each. */
export async function countAttempt(db: DeviceDb, seqs: readonly number[]): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const rows = (await db.outbox.bulkGet([...seqs])).filter((r): r is OutboxRow => r !== undefined && r.status === 'pending');
    if (rows.length) await db.outbox.bulkPut(rows.map((r) => ({ ...r, attempts: r.attempts + 1 })));
  });
}

/**
 * Records the server's answer to a push: applied rows wait for the pull that brings
 * their effect (which follows at once; their screen rows lose the "pending" mark then);
 * rejected rows move to `rejections` with the reason, to be shown, and their tickets
 * are shown without them at once.
 */
export async function applyPushResponse(db: DeviceDb, response: PushResponse, now: number): Promise<void> {
  await db.transaction('rw', syncTables(db), async () => {
    const settled: string[] = [];
    const rows = await db.outbox.bulkGet(response.results.map((r) => r.seq));
    const applied: OutboxRow[] = [];
    const rejected: RejectionRow[] = [];
    response.results.forEach((result, i) => {
      const row = rows[i];
      if (!row || row.status !== 'pending') return; // a duplicate answer: already recorded
      if (row.ticketId && result.status === 'rejected') settled.push(row.ticketId);
      if (result.status === 'applied') {
        applied.push({ ...row, status: 'applied', version: result.version });
      } else {
        rejected.push({
          seq: row.seq,
          name: row.name,
          args: row.args,
          ticketId: row.ticketId,
          deviceTime: row.deviceTime,
          reason: result.reason,
          rejectedAt: now,
          seen: 0,
        });
      }
    });
    if (applied.length) await db.outbox.bulkPut(applied);
    if (rejected.length) {
      await db.rejections.bulkPut(rejected);
      await db.outbox.bulkDelete(rejected.map((r) => r.seq));
      const sentRows = rows.filter((r): r is OutboxRow => r !== undefined && rejected.some((x) => x.seq === r.seq));
      await keepSent(db, sentRows.map((r) => ({ ...envelopeOf(r), confirmedAt: now, outcome: 'rejected' as const })), now);
    }
    settled.push(...(await dropConfirmed(db, await metaNumber(db, META_CURSOR, 0), now)));
    await noteConfirmed(db, Math.max(0, ...response.results.map((r) => r.seq)));
    await rebuildTickets(db, [], { settled });
  });
}

/** The highest seq the store answered, under the epoch this device holds now (a new epoch starts again). */
async function noteConfirmed(db: DeviceDb, answered: number): Promise<void> {
  if (answered === 0) return;
  const [epoch, confirmedEpoch, confirmed] = await Promise.all([metaString(db, META_EPOCH), metaString(db, META_CONFIRMED_EPOCH), metaNumber(db, META_CONFIRMED_SEQ, 0)]);
  if (confirmedEpoch === epoch && answered <= confirmed) return;
  await db.meta.bulkPut([
    { key: META_CONFIRMED_SEQ, value: confirmedEpoch === epoch ? Math.max(confirmed, answered) : answered },
    { key: META_CONFIRMED_EPOCH, value: epoch },
  ]);
}

/** Meta key of the highest ticket sequence a kiosk has used on a day in a section. */
export const ticketSeqKey = (day: string, sectionId: string): string => `ticketSeq:${day}:${sectionId}`;

/**
 * Applied outbox rows whose version the cursor has passed are confirmed: drops them and
 * returns their tickets (whose "pending" mark changes).
 */
export async function dropConfirmed(db: DeviceDb, cursor: number, now = Date.now()): Promise<string[]> {
  const passed = await db.outbox.where('[status+version]').between(['applied', Dexie.minKey], ['applied', cursor], true, true).toArray();
  // A ticket's row on the store carries the version of its latest change: while a later
  // change of the same ticket is still in the outbox (pending, or applied above the
  // cursor), the pages up to the cursor may not have held the ticket at all, so an earlier
  // applied change is not yet shown by any server copy here. Its rows go together, later.
  const tickets = new Set(passed.flatMap((r) => (r.ticketId ? [r.ticketId] : [])));
  // The rows that hold a ticket back are the pending ones and the applied ones above the
  // cursor: two index ranges, usually short, read whole (an index jump per ticket, for the
  // 2,000 tickets of a day's catch-up, is 2,000 round trips to the browser's storage).
  const held = new Set<string>();
  if (tickets.size) {
    const [pending, ahead] = await Promise.all([
      db.outbox.where('status').equals('pending').toArray(),
      db.outbox.where('[status+version]').between(['applied', cursor], ['applied', Dexie.maxKey], false, true).toArray(),
    ]);
    for (const r of [...pending, ...ahead]) if (r.ticketId && tickets.has(r.ticketId)) held.add(r.ticketId);
  }
  const done = passed.filter((r) => !r.ticketId || !held.has(r.ticketId));
  if (done.length) {
    await db.outbox.bulkDelete(done.map((r) => r.seq));
    await keepSent(db, done.map((r) => ({ ...envelopeOf(r), confirmedAt: now, outcome: 'applied' as const })), now);
  }
  return done.flatMap((r) => (r.ticketId ? [r.ticketId] : []));
}

/** How long a confirmed change is kept to be sent again to a store restored from a backup. */
export const SENT_KEEP_MS = 7 * 24 * 3_600_000;

/** A row (outbox or sent) as it goes on the wire. */
export function envelopeOf(r: MutationEnvelope): MutationEnvelope {
  return { seq: r.seq, name: r.name, args: r.args, deviceTime: r.deviceTime, schemaVersion: r.schemaVersion, sessionId: r.sessionId };
}

/** Keeps confirmed changes for a week, then forgets them (see SentRow). */
async function keepSent(db: DeviceDb, rows: readonly SentRow[], now: number): Promise<void> {
  await db.sent.bulkPut(rows);
  await db.sent.where('confirmedAt').below(now - SENT_KEEP_MS).delete();
}

/** Confirmed changes kept for seqs from…to (inclusive), in seq order. */
export function sentBetween(db: DeviceDb, from: number, to: number): Promise<SentRow[]> {
  return db.sent.where('seq').between(from, to, true, true).toArray();
}

/**
 * What this device knows of the store, for its heartbeat: the epoch it pulled under, and
 * the highest seq the store answered under that epoch (0 when none yet). A seq answered
 * before a restore, reported after this device pulled the restore's new epoch, would make
 * the store notice the same restore again, and every device pull everything twice.
 */
export async function syncPosition(db: DeviceDb): Promise<{ epoch: string; confirmedSeq: number }> {
  const [epoch, confirmedEpoch, confirmedSeq] = await Promise.all([metaString(db, META_EPOCH), metaString(db, META_CONFIRMED_EPOCH), metaNumber(db, META_CONFIRMED_SEQ, 0)]);
  return { epoch, confirmedSeq: confirmedEpoch === epoch ? confirmedSeq : 0 };
}

/**
 * After a restore: the store now answers from `nextSeq`. Changes it answered before (and
 * `confirmedSeq` above it) are answered again as they are resent; a skipped range leaves a
 * notice for a person, kept with the refused changes.
 */
export async function noteLostChanges(db: DeviceDb, fromSeq: number, toSeq: number, now: number): Promise<void> {
  await db.rejections.put({
    seq: fromSeq,
    name: 'sync.lost',
    args: { fromSeq, toSeq },
    ticketId: null,
    deviceTime: now,
    reason: {
      code: 'lost_in_restore',
      message: `The central store was restored from a backup; ${toSeq - fromSeq + 1} change(s) made here before it (#${fromSeq}–#${toSeq}) were no longer on this device and could not be sent again.`,
      params: { count: toSeq - fromSeq + 1, from: fromSeq, to: toSeq },
    },
    rejectedAt: now,
    seen: 0,
  });
}

/** Records the store's answers to changes sent again after a restore: refusals are shown like any other. */
export async function applyResentResults(db: DeviceDb, response: PushResponse, now: number): Promise<void> {
  await db.transaction('rw', db.rejections, db.sent, async () => {
    const rows = await db.sent.bulkGet(response.results.map((r) => r.seq));
    for (const [i, result] of response.results.entries()) {
      const row = rows[i];
      if (!row) continue;
      await db.sent.put({ ...row, confirmedAt: now, outcome: result.status });
      if (result.status === 'rejected' && !(await db.rejections.get(row.seq))) {
        const ticketId = (row.args as { ticketId?: unknown } | null)?.ticketId;
        await db.rejections.put({
          seq: row.seq,
          name: row.name,
          args: row.args,
          ticketId: typeof ticketId === 'string' ? ticketId : null,
          deviceTime: row.deviceTime,
          reason: result.reason,
          rejectedAt: now,
          seen: 0,
        });
      }
    }
  });
}

export async function getCursor(db: DeviceDb): Promise<number> {
  return metaNumber(db, META_CURSOR, 0);
}

/**
 * Counts for the "n changes waiting to be sent" badge, and the newest change's seq: it
 * grows with every change made here, so a watcher knows a new one came even when the
 * count stayed the same (one confirmed as another was made).
 */
export async function outboxCounts(db: DeviceDb): Promise<{ pending: number; unseenRejections: number; newestSeq: number }> {
  const [pending, unseenRejections, newest] = await Promise.all([
    db.outbox.where('status').equals('pending').count(),
    db.rejections.where('seen').equals(0).count(),
    db.outbox.toCollection().lastKey(),
  ]);
  return { pending, unseenRejections, newestSeq: typeof newest === 'number' ? newest : 0 };
}

/** What a heartbeat reports: changes not yet accepted by the store, and when the oldest was made. */
export async function outboxHealth(db: DeviceDb): Promise<{ depth: number; oldestUnsentAt: number | null }> {
  return db.transaction('r', db.outbox, async () => {
    const depth = await db.outbox.where('status').equals('pending').count();
    const oldest = depth > 0 ? (await db.outbox.where('status').equals('pending').sortBy('seq'))[0] : undefined;
    return { depth, oldestUnsentAt: oldest?.deviceTime ?? null };
  });
}

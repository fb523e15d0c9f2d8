/**
 * The outbox and the sync bookkeeping on the device side. A change and its outbox row
 * are written in ONE Dexie transaction (see `recordChange`), so a crash can never leave
 * a change that will not be sent, nor a sent change the screen does not show.
 */
import Dexie from 'dexie';
import type { Ticket } from '../domain/ticket.ts';
import { parseMutation, type MutationName } from '../sync/mutations.ts';
import { SCHEMA_VERSION, type Change, type MutationEnvelope, type PullResponse, type PushResponse } from '../sync/protocol.ts';
import { syncTables, type DeviceDb, type OutboxRow, type RejectionRow, type SentRow } from './schema.ts';
import { rebuildTickets, serverCopyOf } from './view.ts';

export const META_CURSOR = 'cursor';
export const META_NEXT_SEQ = 'nextSeq';
/** The store epoch this device last pulled under (see PullResponse.epoch). */
export const META_EPOCH = 'epoch';
/** The highest change seq the store answered (applied or refused). */
export const META_CONFIRMED_SEQ = 'confirmedSeq';

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
    Dexie.currentTransaction?.idbtrans?.addEventListener('complete', () => announce(db, seq), { once: true });
    await db.meta.put({ key: META_NEXT_SEQ, value: seq + 1 });
    if (input.ticketId) await rebuildTickets(db, [input.ticketId]);
    return row;
  });
}

const localChangeListeners = new WeakMap<DeviceDb, Set<(seq: number) => void>>();

/**
 * Calls `listener` with the seq of each change made here, as soon as it is committed: the
 * sync client pushes at once instead of waiting for a live query to notice the outbox.
 */
export function onLocalChange(db: DeviceDb, listener: (seq: number) => void): () => void {
  const set = localChangeListeners.get(db) ?? new Set();
  localChangeListeners.set(db, set);
  set.add(listener);
  return () => set.delete(listener);
}

function announce(db: DeviceDb, seq: number): void {
  for (const listener of localChangeListeners.get(db) ?? []) listener(seq);
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
export async function takePushBatch(db: DeviceDb, max: number): Promise<MutationEnvelope[]> {
  return db.transaction('r', db.outbox, async () => {
    const rows = await db.outbox.where('status').equals('pending').limit(max).sortBy('seq');
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
    const answered = Math.max(0, ...response.results.map((r) => r.seq));
    if (answered > (await metaNumber(db, META_CONFIRMED_SEQ, 0))) await db.meta.put({ key: META_CONFIRMED_SEQ, value: answered });
    await rebuildTickets(db, [], { settled });
  });
}

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

/** Meta key of the highest ticket sequence a kiosk has used on a day in a section. */
export const ticketSeqKey = (day: string, sectionId: string): string => `ticketSeq:${day}:${sectionId}`;

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

/**
 * Applied outbox rows whose version the cursor has passed are confirmed: drops them and
 * returns their tickets (whose "pending" mark changes).
 */
async function dropConfirmed(db: DeviceDb, cursor: number, now = Date.now()): Promise<string[]> {
  const done = await db.outbox.where('[status+version]').between(['applied', Dexie.minKey], ['applied', cursor], true, true).toArray();
  if (done.length) {
    await db.outbox.bulkDelete(done.map((r) => r.seq));
    await keepSent(db, done.map((r) => ({ ...envelopeOf(r), confirmedAt: now, outcome: 'applied' as const })), now);
  }
  return done.flatMap((r) => (r.ticketId ? [r.ticketId] : []));
}

/** How long a confirmed change is kept to be sent again to a store restored from a backup. */
export const SENT_KEEP_MS = 7 * 24 * 3_600_000;

function envelopeOf(r: MutationEnvelope): MutationEnvelope {
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

/** What this device knows of the store, for its heartbeat: the epoch it pulled under, its highest confirmed seq. */
export async function syncPosition(db: DeviceDb): Promise<{ epoch: string; confirmedSeq: number }> {
  const epoch = await db.meta.get(META_EPOCH);
  return { epoch: typeof epoch?.value === 'string' ? epoch.value : '', confirmedSeq: await metaNumber(db, META_CONFIRMED_SEQ, 0) };
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

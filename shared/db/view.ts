/**
 * Rebuilds the screen's copy of tickets: the server's copy with this device's
 * unconfirmed changes replayed on top, through the same rules the server runs. Called
 * inside the transaction that changed either side, so screens never see a half state.
 *
 * Where the server's copy lives (one write per ticket per pull, not two):
 * - a ticket with no outbox rows: its screen row IS the server's copy (`pending: false`);
 * - a ticket with outbox rows: the server's copy (if the server has sent one) is kept in
 *   `serverTickets` as the base the rows are replayed on.
 * `rebuildTickets` keeps this so: once a ticket has no rows left, its base leaves
 * `serverTickets`, and `recordChange` copies the screen row there before the first row.
 */
import { queueSettingsOf, type QueueSettings } from '../domain/queue.ts';
import { applyTicketAction, type Ticket } from '../domain/ticket.ts';
import { parseMutation, toTicketAction } from '../sync/mutations.ts';
import type { DeviceDb, LocalTicket, OutboxRow } from './schema.ts';

/** Replays `rows` (seq order) onto `base`; rows the rules refuse are left out of the view. */
export function replay(
  base: Ticket | undefined,
  rows: readonly OutboxRow[],
  officeId: string,
  kioskNo: number,
  queue?: QueueSettings,
): LocalTicket | undefined {
  let ticket = base;
  let pending = false;
  for (const row of rows) {
    const parsed = parseMutation(row.name, row.args);
    if (!parsed.ok) continue;
    const action = toTicketAction(parsed.value, {
      officeId,
      kioskNo,
      serviceDay: row.local.serviceDay,
      officerBadge: row.local.officerBadge,
    });
    if (!action) continue;
    // An applied row whose effect the server copy already shows must not be replayed.
    if (row.status === 'applied' && base && base.version >= row.version) continue;
    const result = applyTicketAction(ticket, action, { deviceTime: row.deviceTime, version: 0, queue });
    if (result.ok) {
      ticket = result.ticket;
      pending = pending || row.status === 'pending';
    }
  }
  if (!ticket) return undefined;
  const stillPending = pending || rows.some((r) => r.status === 'pending');
  return { ...ticket, pending: stillPending };
}

/** A screen row back to the server's copy it stands for (tickets without outbox rows). */
export function serverCopyOf(view: LocalTicket): Ticket {
  const { pending: _pending, ...ticket } = view;
  return ticket;
}

export interface RebuildOptions {
  /** Server copies just received (so they need not be read back). */
  readonly known?: ReadonlyMap<string, Ticket>;
  /** Tickets whose outbox rows were just removed: a base kept for them may now go. */
  readonly settled?: Iterable<string>;
}

/**
 * Recomputes the screen rows of the given tickets. Must run inside a rw transaction over
 * tickets, serverTickets, outbox, identity.
 */
export async function rebuildTickets(db: DeviceDb, ticketIds: Iterable<string>, options: RebuildOptions = {}): Promise<void> {
  const { known } = options;
  const settled = new Set(options.settled ?? []);
  const ids = [...new Set([...ticketIds, ...settled])];
  if (ids.length === 0) return;
  const identity = await db.identity.get('self');
  const officeId = identity?.officeId ?? '';
  const kioskNo = identity?.kioskNo ?? 0;
  const queue = identity ? queueSettingsOf(identity.config.settings) : undefined;
  // A kept base is looked up where none came with the page, or where one may now go; the
  // screen row only where neither a fresh nor a kept copy can be the base.
  const unknown = ids.filter((id) => !known?.has(id) || settled.has(id));
  const unshown = known ? ids.filter((id) => !known.has(id)) : ids;
  const [stored, rows, shown] = await Promise.all([keptBasesOf(db, unknown), outboxRowsOf(db, ids), db.tickets.bulkGet(unshown)]);
  const storedOf = new Map(unknown.map((id, i) => [id, stored[i]] as const));
  const shownOf = new Map(unshown.map((id, i) => [id, shown[i]] as const));
  const rowsOf = new Map<string, OutboxRow[]>();
  for (const row of rows.sort((a, b) => a.seq - b.seq)) {
    if (!row.ticketId) continue;
    const list = rowsOf.get(row.ticketId);
    if (list) list.push(row);
    else rowsOf.set(row.ticketId, [row]);
  }
  const views: LocalTicket[] = [];
  const gone: string[] = [];
  const keepBase: Ticket[] = [];
  const dropBase: string[] = [];
  for (const id of ids) {
    const own = rowsOf.get(id) ?? [];
    const screen = shownOf.get(id);
    const fresh = known?.get(id);
    const kept = storedOf.get(id);
    // The base: what just came from the server, else the kept copy, else (a ticket with
    // no rows) its screen row, which is then the server's copy itself.
    const base = fresh ?? kept ?? (own.length === 0 && screen && !screen.pending ? serverCopyOf(screen) : undefined);
    const view = replay(base, own, officeId, kioskNo, queue);
    if (view) views.push(view);
    else gone.push(id);
    if (own.length > 0 && fresh) keepBase.push(fresh);
    else if (own.length === 0 && kept) dropBase.push(id);
  }
  if (views.length) await db.tickets.bulkPut(views);
  if (gone.length) await db.tickets.bulkDelete(gone);
  if (keepBase.length) await db.serverTickets.bulkPut(keepBase);
  if (dropBase.length) await db.serverTickets.bulkDelete(dropBase);
}

/**
 * Kept bases of these tickets. Bases exist only for tickets with outbox rows, so for many
 * tickets (a pull page confirming a day's pushes) one read of the few keys there are
 * spares thousands of lookups of bases that are not there.
 */
async function keptBasesOf(db: DeviceDb, ids: readonly string[]): Promise<Array<Ticket | undefined>> {
  if (ids.length <= 128) return db.serverTickets.bulkGet([...ids]);
  const present = new Set(await db.serverTickets.toCollection().primaryKeys());
  const wanted = ids.filter((id) => present.has(id));
  const found = new Map((await db.serverTickets.bulkGet(wanted)).map((t, i) => [wanted[i], t] as const));
  return ids.map((id) => found.get(id));
}

/**
 * Outbox rows of these tickets. For a few tickets, an index lookup each. For many (a pull
 * page), first which tickets have rows at all, from the index's keys alone (no row is read
 * or decoded): a page of another device's tickets usually has none. Where many do (the
 * page confirming this device's own pushes), one read of the whole outbox is far cheaper
 * than hundreds of index jumps (each a round trip to the browser's storage process).
 */
async function outboxRowsOf(db: DeviceDb, ids: readonly string[]): Promise<OutboxRow[]> {
  if (ids.length <= 128) return db.outbox.where('ticketId').anyOf(ids).toArray();
  const withRows = new Set(await db.outbox.orderBy('ticketId').uniqueKeys());
  const wanted = ids.filter((id) => withRows.has(id));
  if (wanted.length === 0) return [];
  if (wanted.length <= 128) return db.outbox.where('ticketId').anyOf(wanted).toArray();
  const set = new Set(wanted);
  return (await db.outbox.toArray()).filter((r) => r.ticketId !== null && r.ticketId !== undefined && set.has(r.ticketId));
}

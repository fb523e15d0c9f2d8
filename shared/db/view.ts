/**
 * Rebuilds the screen's copy of tickets: the server's copy with this device's
 * unconfirmed changes replayed on top, through the same rules the server runs. Called
 * inside the transaction that changed either side, so screens never see a half state.
 */
import { applyTicketAction, type Ticket } from '../domain/ticket.ts';
import { parseMutation, toTicketAction } from '../sync/mutations.ts';
import type { DeviceDb, LocalTicket, OutboxRow } from './schema.ts';

/** Replays `rows` (seq order) onto `base`; rows the rules refuse are left out of the view. */
export function replay(base: Ticket | undefined, rows: readonly OutboxRow[], officeId: string, kioskNo: number): LocalTicket | undefined {
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
    const result = applyTicketAction(ticket, action, { deviceTime: row.deviceTime, version: 0 });
    if (result.ok) {
      ticket = result.ticket;
      pending = pending || row.status === 'pending';
    }
  }
  if (!ticket) return undefined;
  const stillPending = pending || rows.some((r) => r.status === 'pending');
  return { ...ticket, pending: stillPending };
}

/** Recomputes the view rows of the given tickets. Must run inside a rw transaction over tickets, serverTickets, outbox, identity. */
export async function rebuildTickets(db: DeviceDb, ticketIds: Iterable<string>): Promise<void> {
  const identity = await db.identity.get('self');
  const officeId = identity?.officeId ?? '';
  const kioskNo = identity?.kioskNo ?? 0;
  for (const id of new Set(ticketIds)) {
    const [base, rows] = await Promise.all([db.serverTickets.get(id), db.outbox.where('ticketId').equals(id).sortBy('seq')]);
    const view = replay(base, rows, officeId, kioskNo);
    if (view) await db.tickets.put(view);
    else await db.tickets.delete(id);
  }
}

/**
 * "People ahead of you" for a ticket the kiosk just printed, from the kiosk's own copy
 * of the queue (it pulls every ticket of the office). Offline it counts what it knows:
 * an unsynced ticket is placed after every synced one, as the server will place it.
 */
import { waitingQueue } from '../shared/domain/ticket.ts';
import type { DeviceDb, LocalTicket } from '../shared/db/index.ts';

export async function peopleAhead(db: DeviceDb, ticket: LocalTicket): Promise<number> {
  const waiting = await db.tickets.where('[sectionId+status]').equals([ticket.sectionId, 'waiting']).toArray();
  const queue = waitingQueue(
    waiting.filter((t) => t.serviceDay === ticket.serviceDay),
    ticket.sectionId,
  );
  const index = queue.findIndex((t) => t.ticketId === ticket.ticketId);
  return index >= 0 ? index : 0;
}

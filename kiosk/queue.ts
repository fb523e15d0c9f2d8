/**
 * "People ahead of you" for a ticket the kiosk just printed, from the kiosk's own copy
 * of the queue (it pulls every ticket of the office). Offline it counts what it knows:
 * an unsynced ticket is placed after every synced one, as the server will place it.
 */
import { callOrder, queueSettingsOf } from '../shared/domain/queue.ts';
import type { DeviceDb, DeviceIdentity, LocalTicket } from '../shared/db/index.ts';

export async function peopleAhead(db: DeviceDb, identity: DeviceIdentity, ticket: LocalTicket, now = Date.now()): Promise<number> {
  const waiting = await db.tickets.where('[sectionId+status]').equals([ticket.sectionId, 'waiting']).toArray();
  const queue = callOrder(
    waiting.filter((t) => t.serviceDay === ticket.serviceDay),
    ticket.sectionId,
    identity.config.serviceGroups,
    queueSettingsOf(identity.config.settings),
    now,
  );
  const index = queue.findIndex((t) => t.ticketId === ticket.ticketId);
  return index >= 0 ? index : 0;
}

/**
 * "People ahead of you" for a ticket the kiosk just printed, from the kiosk's own copy
 * of the queue (it pulls every ticket of the office): the tickets the counters able to
 * serve it will call before it (shared/domain/placeInLine.ts). Offline it counts what it
 * knows: an unsynced ticket is placed after every synced one, as the server will place it.
 */
import type { DeviceDb, DeviceIdentity, LocalTicket } from '../shared/db/index.ts';
import { placeOnDevice } from '../shared/db/queuePlace.ts';

export async function peopleAhead(db: DeviceDb, identity: DeviceIdentity, ticket: LocalTicket, now = Date.now()): Promise<number> {
  return (await placeOnDevice(db, identity.config, ticket, now)).ahead;
}

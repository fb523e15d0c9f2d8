/**
 * A ticket's place in its section's line on this device's copy: the kiosk's "people ahead
 * of you" and the wait printed on a new ticket. The device pulls tickets, not the counters'
 * open and close events, so the counters taken as open are those that called or finished a
 * ticket in the last half hour (the same ones the estimate counts as working); a ticket
 * none of them can serve is placed among the section's configured counters (placeInLine.ts).
 */
import type { OfficeConfig } from '../domain/office.ts';
import { placesOfDay, type DayPlace } from '../domain/placeInLine.ts';
import { queueSettingsOf } from '../domain/queue.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { DeviceDb, LocalTicket } from './schema.ts';

/** The section's tickets of a day that placing a ticket needs: waiting, and those that show who works and how fast. */
export async function sectionDayTickets(db: DeviceDb, sectionId: string, day: string): Promise<LocalTicket[]> {
  const rows = await Promise.all(
    (['waiting', 'called', 'serving', 'done'] as const).map((status) => db.tickets.where('[sectionId+status]').equals([sectionId, status]).toArray()),
  );
  return rows.flat().filter((t) => t.serviceDay === day);
}

/** Where `ticket` stands now (it may be one about to be issued, not yet in the table), and the wait to quote. */
export async function placeOnDevice(db: DeviceDb, config: OfficeConfig, ticket: Ticket, now: number): Promise<DayPlace> {
  const tickets = await sectionDayTickets(db, ticket.sectionId, ticket.serviceDay);
  const place = placesOfDay(
    {
      tickets,
      sectionId: ticket.sectionId,
      counters: config.counters,
      open: null,
      offered: config.serviceGroups,
      settings: queueSettingsOf(config.settings),
      now,
    },
    [ticket],
  ).get(ticket.ticketId);
  if (!place) throw new Error(`ticket ${ticket.ticketId} was not placed`);
  return place;
}

/**
 * The counter's read-only questions to the device database: which ticket is open at this
 * counter, and who waits in its section. Reads only; every write goes through the
 * repository functions of shared/db (actOnTicket, callNext, ...), which keep the outbox.
 * They live in shared/db, not in the counter app, so apps never query Dexie tables directly.
 */
import type { DeviceDb, LocalTicket } from './schema.ts';
import { serviceDayOf } from '../domain/office.ts';
import { callSequence } from '../domain/placeInLine.ts';
import { queueSettingsOf, waitingSummary, type WaitingSummary } from '../domain/queue.ts';
import type { OfficeConfig } from '../domain/office.ts';

/** The ticket this counter has called or is serving (the latest, should there be two). */
export async function openTicketAt(db: DeviceDb, counterId: number): Promise<LocalTicket | null> {
  const rows = await db.tickets.where('counterId').equals(counterId).toArray();
  const open = rows.filter((t) => t.status === 'called' || t.status === 'serving');
  open.sort((a, b) => (b.calledAt ?? 0) - (a.calledAt ?? 0));
  return open[0] ?? null;
}

export interface SectionQueue {
  readonly count: number;
  /**
   * The first few this counter would call, in order, were its officer to press "call next"
   * now and again (the queue engine's decision for this counter: its skills, tickets sent to
   * it, not those sent to another counter). Other counters may take some of them first.
   */
  readonly next: readonly LocalTicket[];
  /** Per service group: how many wait, how many of them priority, the longest wait. */
  readonly summary: readonly WaitingSummary[];
  /** Tickets this counter set aside (parked), to resume. */
  readonly parked: readonly LocalTicket[];
}

/** Today's waiting tickets of a section: how many, and the next few this counter would call. */
export async function sectionQueue(db: DeviceDb, sectionId: string, config: OfficeConfig, now: number, counterId: number, take = 8): Promise<SectionQueue> {
  const day = serviceDayOf(now, config.settings.timeZone);
  const [waitingRows, parkedRows] = await Promise.all([
    db.tickets.where('[sectionId+status]').equals([sectionId, 'waiting']).toArray(),
    db.tickets.where('[sectionId+status]').equals([sectionId, 'parked']).toArray(),
  ]);
  const waiting = waitingRows.filter((t) => t.serviceDay === day);
  const counter = config.counters.find((c) => c.id === counterId) ?? { id: counterId, sectionId };
  const byId = new Map(waiting.map((t) => [t.ticketId, t]));
  const next = callSequence({ waiting, offered: config.serviceGroups, settings: queueSettingsOf(config.settings), now }, counter, take);
  return {
    count: waiting.length,
    next: next.flatMap((t) => byId.get(t.ticketId) ?? []),
    summary: waitingSummary(waiting, sectionId, config.serviceGroups, now),
    parked: parkedRows.filter((t) => t.counterId === counterId && t.serviceDay === day),
  };
}

/** One ticket as the screen shows it now (its `pending` flag changes as sync confirms it). */
export function ticketById(db: DeviceDb, ticketId: string): Promise<LocalTicket | undefined> {
  return db.tickets.get(ticketId);
}

/**
 * What kiosks and counters do to tickets, as local writes. Each function checks the
 * rules on the device's copy first (so the person gets an answer at once, offline too)
 * and then records the change with its outbox row in one transaction.
 */
import { serviceDayOf } from '../domain/office.ts';
import type { ServiceGroup } from '../domain/services.ts';
import type { WaitQuote } from '../domain/estimate.ts';
import { nextTicket, queueSettingsOf } from '../domain/queue.ts';
import { applyTicketAction, formatDisplayNumber, randomCode, type PriorityReason, type RuleError, type Ticket, type TicketAction } from '../domain/ticket.ts';
import { ticketKey, ticketKeyHash } from '../domain/ticketKey.ts';
import { TICKET_LANGUAGES, type MutationName } from '../sync/mutations.ts';
import { clockOffsetOf } from './device.ts';
import { markCheckedIn } from './kioskDay.ts';
import { recordChange, ticketSeqKey } from './outbox.ts';
import type * as PlacingCode from './queuePlace.ts';
import type { placeOnDevice } from './queuePlace.ts';
import { syncTables, type DeviceDb, type DeviceIdentity, type LocalTicket } from './schema.ts';

export class RuleRefusedError extends Error {
  constructor(readonly rule: RuleError) {
    super(rule.message);
    this.name = 'RuleRefusedError';
  }
}

export class NotEnrolledError extends Error {
  constructor() {
    super('This device is not enrolled');
    this.name = 'NotEnrolledError';
  }
}

async function identityOf(db: DeviceDb): Promise<DeviceIdentity> {
  const identity = await db.identity.get('self');
  if (!identity) throw new NotEnrolledError();
  return identity;
}

/** Highest ticket sequence this kiosk has used today in a section (see noteKioskNumbers). */
async function lastTicketSeq(db: DeviceDb, day: string, sectionId: string): Promise<number> {
  const stored = await db.meta.get(ticketSeqKey(day, sectionId));
  return typeof stored?.value === 'number' ? stored.value : 0;
}

export interface IssueInput {
  readonly sectionId: string;
  readonly serviceGroup: ServiceGroup;
  readonly now: number;
  readonly ticketId?: string;
  /** The transaction picked within the group (catalogue id). */
  readonly service?: string | null;
  readonly priority?: PriorityReason | null;
  /** The booking being checked in (its slot is shown at once; the store confirms it). */
  readonly appointment?: { readonly appointmentId: string; readonly slotAt: number } | null;
  /** The resident's identity number, already sealed with the office key (shared/sync/sealing.ts). */
  readonly sealedIdNumber?: string | null;
  /** The kiosk language the resident used (one of TICKET_LANGUAGES; anything else is not recorded). */
  readonly language?: string | null;
}

/**
 * The wait to print on a new ticket, from the kiosk's own copy of today's queue: the people
 * the counters able to serve it would call before it, the counters working lately and how
 * long their recent tickets took (shared/domain/placeInLine.ts, estimate.ts).
 */
type Placer = typeof placeOnDevice;

async function quoteFor(place: Placer, db: DeviceDb, identity: DeviceIdentity, ticket: Ticket, now: number): Promise<WaitQuote> {
  return (await place(db, identity.config, ticket, now)).estimate;
}

/** The ticket an issue will make, as the device's rules make it: the one to place for the quote. */
function ticketToBe(identity: DeviceIdentity, input: IssueInput, issue: { ticketId: string; sectionId: string; displayNumber: string; day: string }): Ticket {
  const made = applyTicketAction(
    undefined,
    {
      type: 'issue',
      ticketId: issue.ticketId,
      officeId: identity.officeId,
      sectionId: issue.sectionId,
      serviceGroup: input.serviceGroup,
      displayNumber: issue.displayNumber,
      publicCode: '',
      kioskNo: identity.kioskNo,
      serviceDay: issue.day,
      service: input.service ?? null,
      priority: input.priority ?? null,
      appointmentAt: input.appointment?.slotAt ?? null,
    },
    { deviceTime: input.now, version: 0 },
  );
  if (!made.ok) throw new RuleRefusedError(made.error);
  return made.ticket;
}

type PlacingModule = typeof PlacingCode;

/** The code that places a new ticket in its line, once loaded (see loadPlacing). */
let placing: PlacingModule | undefined;

/**
 * Loads the code that places a ticket in its line, for the quote: the board and the
 * counter share this module and never place one, so it is not in their download. A
 * kiosk loads it as it starts, so the tap does not await an import (which, like every
 * task after a tap, waits for the frame the tap set off: bench/tapToTicket.ts).
 */
export async function loadPlacing(): Promise<PlacingModule> {
  return (placing ??= await import('./queuePlace.ts'));
}

/** Issues a ticket on a kiosk: a unique number even offline (section letter + kiosk number + daily sequence). */
export async function issueTicket(db: DeviceDb, input: IssueInput): Promise<LocalTicket> {
  // Worked out before the transaction: IndexedDB transactions end at an await that is not theirs.
  const { placeOnDevice } = placing ?? (await loadPlacing());
  const ticketId = input.ticketId ?? crypto.randomUUID();
  const kiosk = await identityOf(db);
  const leaveKeyHash = await ticketKeyHash(await ticketKey(kiosk.token, ticketId));
  return db.transaction('rw', syncTables(db), async () => {
    const identity = await identityOf(db);
    const section = identity.config.sections.find((s) => s.id === input.sectionId);
    if (!section) throw new Error(`Unknown section ${input.sectionId}`);
    // The office day of the store's clock (see saveClockOffset), the day the store files the ticket under.
    const day = serviceDayOf(input.now + (await clockOffsetOf(db)), identity.config.settings.timeZone);
    const seq = (await lastTicketSeq(db, day, section.id)) + 1;
    await db.meta.put({ key: ticketSeqKey(day, section.id), value: seq });
    const displayNumber = formatDisplayNumber(section.letter, identity.kioskNo, seq);
    const quote = await quoteFor(placeOnDevice, db, identity, ticketToBe(identity, input, { ticketId, sectionId: section.id, displayNumber, day }), input.now);
    await recordChange(db, {
      name: 'ticket.issue',
      args: {
        ticketId,
        sectionId: section.id,
        serviceGroup: input.serviceGroup,
        displayNumber,
        publicCode: randomCode(10),
        leaveKeyHash,
        ...(input.service ? { service: input.service } : {}),
        ...(input.priority ? { priority: input.priority } : {}),
        ...(input.appointment ? { appointmentId: input.appointment.appointmentId, appointmentAt: input.appointment.slotAt } : {}),
        ...(input.sealedIdNumber ? { sealedIdNumber: input.sealedIdNumber } : {}),
        ...(input.language && (TICKET_LANGUAGES as readonly string[]).includes(input.language) ? { language: input.language } : {}),
        quotedWaitMin: quote.minMinutes,
        quotedWaitMax: quote.maxMinutes,
      },
      ticketId,
      sessionId: null,
      serviceDay: day,
      officerBadge: null,
      deviceTime: input.now,
    });
    if (input.appointment) await markCheckedIn(db, input.appointment.appointmentId);
    const ticket = await db.tickets.get(ticketId);
    if (!ticket) throw new Error('Ticket was not recorded');
    return ticket;
  });
}

/**
 * A mobile the resident left at the kiosk for ticket notices (issue 11), already sealed
 * with the ticket's link key: a request to the store, which alone can read it. Not a change
 * of the ticket, so no screen's copy moves.
 */
export async function requestTicketNotice(
  db: DeviceDb,
  input: { readonly ticketId: string; readonly sealedContact: string; readonly language: string; readonly now: number },
): Promise<void> {
  const ticket = await db.tickets.get(input.ticketId);
  if (!ticket) throw new Error(`Unknown ticket ${input.ticketId}`);
  await recordChange(db, {
    name: 'ticket.notify',
    args: { ticketId: input.ticketId, sealedContact: input.sealedContact, language: input.language },
    ticketId: null,
    sessionId: null,
    serviceDay: ticket.serviceDay,
    officerBadge: null,
    deviceTime: input.now,
  });
}

export type CounterTicketAction = 'call' | 'recall' | 'start' | 'complete' | 'noShow' | 'park' | 'resume' | 'transfer';

const actionMutation: Record<CounterTicketAction, MutationName> = {
  call: 'ticket.call',
  recall: 'ticket.recall',
  start: 'ticket.start',
  complete: 'ticket.complete',
  noShow: 'ticket.noShow',
  park: 'ticket.park',
  resume: 'ticket.resume',
  transfer: 'ticket.transfer',
};

export type CounterTicketInput = {
  readonly ticketId: string;
  readonly counterId: number;
  readonly now: number;
  /** Staff's reason: a call out of the queue's order, a transfer. */
  readonly reason?: string | null;
} & (
  | { readonly action: Exclude<CounterTicketAction, 'transfer'> }
  | { readonly action: 'transfer'; readonly serviceGroup: ServiceGroup; readonly targetCounterId: number | null }
);

/** A counter acts on a ticket. Throws RuleRefusedError when the device's copy already shows it cannot. */
export async function actOnTicket(db: DeviceDb, input: CounterTicketInput): Promise<LocalTicket> {
  return db.transaction('rw', [...syncTables(db), db.session], async () => {
    const identity = await identityOf(db);
    const session = await db.session.get('current');
    if (!session) throw new Error('No officer is signed in');
    const ticket = await db.tickets.get(input.ticketId);
    const base = { ticketId: input.ticketId, counterId: input.counterId };
    const reason = input.reason?.trim() || null;
    const [action, args]: [TicketAction, Record<string, unknown>] =
      input.action === 'transfer'
        ? [
            { type: 'transfer', counterId: input.counterId, officerBadge: session.badge, serviceGroup: input.serviceGroup, targetCounterId: input.targetCounterId },
            { ...base, serviceGroup: input.serviceGroup, targetCounterId: input.targetCounterId, ...(reason ? { reason } : {}) },
          ]
        : [
            { type: input.action, counterId: input.counterId, officerBadge: session.badge },
            { ...base, ...(input.action === 'call' && reason ? { reason } : {}) },
          ];
    const check = applyTicketAction(ticket, action, { deviceTime: input.now, version: 0, queue: queueSettingsOf(identity.config.settings) });
    if (!check.ok) throw new RuleRefusedError(check.error);
    await recordChange(db, {
      name: actionMutation[input.action],
      args,
      ticketId: input.ticketId,
      sessionId: session.sessionId,
      serviceDay: ticket?.serviceDay ?? serviceDayOf(input.now, identity.config.settings.timeZone),
      officerBadge: session.badge,
      deviceTime: input.now,
    });
    const updated = await db.tickets.get(input.ticketId);
    if (!updated) throw new Error('Ticket vanished');
    return updated;
  });
}

/**
 * Calls the first waiting ticket of the counter's section; null when nobody is waiting.
 * One pass of `nextTicket` over the rows just read, not a kept WaitingLine: an officer
 * presses this every few minutes, reading the rows from IndexedDB costs milliseconds
 * against microseconds for the pass, and a line kept between presses would have to follow
 * every change to the tickets table (pulls, replays of the outbox, other counters' calls
 * and transfers, prunes), all written outside this file, or call a stale ticket.
 */
export async function callNext(db: DeviceDb, input: { counterId: number; now: number }): Promise<LocalTicket | null> {
  return db.transaction('rw', [...syncTables(db), db.session], async () => {
    const identity = await identityOf(db);
    const counter = identity.config.counters.find((c) => c.id === input.counterId);
    if (!counter) throw new Error(`Unknown counter ${input.counterId}`);
    const day = serviceDayOf(input.now + (await clockOffsetOf(db)), identity.config.settings.timeZone);
    const waiting = await db.tickets.where('[sectionId+status]').equals([counter.sectionId, 'waiting']).toArray();
    const next = nextTicket(
      waiting.filter((t) => t.serviceDay === day),
      counter,
      identity.config.serviceGroups,
      queueSettingsOf(identity.config.settings),
      input.now,
    )?.ticket;
    if (!next) return null;
    return actOnTicket(db, { action: 'call', ticketId: next.ticketId, counterId: input.counterId, now: input.now });
  });
}

const META_BREAK = 'counterBreak';

/**
 * Starts (reason) or ends (null) the officer's break at this counter: the change for the
 * store and the terminal's own note of it, in one transaction, so a reload shows the break.
 */
export async function recordCounterBreak(db: DeviceDb, input: { counterId: number; reason: string | null; now: number }): Promise<void> {
  await db.transaction('rw', [...syncTables(db), db.session], async () => {
    const identity = await identityOf(db);
    const session = await db.session.get('current');
    if (!session) throw new Error('No officer is signed in');
    await recordChange(db, {
      name: input.reason === null ? 'counter.resume' : 'counter.break',
      args: input.reason === null ? { counterId: input.counterId } : { counterId: input.counterId, reason: input.reason },
      ticketId: null,
      sessionId: session.sessionId,
      serviceDay: serviceDayOf(input.now, identity.config.settings.timeZone),
      officerBadge: session.badge,
      deviceTime: input.now,
    });
    if (input.reason === null) await db.meta.delete(META_BREAK);
    else await db.meta.put({ key: META_BREAK, value: `${session.sessionId} ${input.reason}` });
  });
}

/** The reason of the break this session is on, or null. */
export async function currentBreak(db: DeviceDb, sessionId: string): Promise<string | null> {
  const row = await db.meta.get(META_BREAK);
  if (typeof row?.value !== 'string' || !row.value.startsWith(`${sessionId} `)) return null;
  return row.value.slice(sessionId.length + 1);
}

/** Records that a counter opened or closed (for utilisation metrics). */
export async function recordCounterState(db: DeviceDb, input: { open: boolean; counterId: number; now: number }): Promise<void> {
  await db.transaction('rw', [...syncTables(db), db.session], async () => {
    const identity = await identityOf(db);
    const session = await db.session.get('current');
    if (!session) throw new Error('No officer is signed in');
    await recordChange(db, {
      name: input.open ? 'counter.open' : 'counter.close',
      args: { counterId: input.counterId },
      ticketId: null,
      sessionId: session.sessionId,
      serviceDay: serviceDayOf(input.now, identity.config.settings.timeZone),
      officerBadge: session.badge,
      deviceTime: input.now,
    });
  });
}

/** Every ticket of one service day as screens see it (the display's call board reads these). */
export function ticketsOfDay(db: DeviceDb, serviceDay: string): Promise<LocalTicket[]> {
  return db.tickets.where('serviceDay').equals(serviceDay).toArray();
}

/**
 * One ticket's row and its event history, turned into the TicketFact every figure reads.
 * The history is read in the store's order (version), never by the events' times: devices'
 * clocks disagree, so "the last call before service started" means the last one the store
 * recorded before the start, whatever times the devices wrote on them.
 */
import { officeTime } from '../office.ts';
import type { PriorityReason, TicketEventType, TicketStatus } from '../ticket.ts';
import type { ServiceGroup } from '../services.ts';
import { officeClock, weekdayOf } from './clock.ts';
import { LATE_AFTER_MS, type ServingSegment, type TicketFact } from './types.ts';

/** The ticket's row as the store keeps it (the parts the figures need). */
export interface TicketRecord {
  readonly ticketId: string;
  /** The office day the store assigned the ticket to. */
  readonly serviceDay: string;
  readonly sectionId: string;
  readonly serviceGroup: ServiceGroup;
  readonly service: string | null;
  readonly language: string | null;
  readonly priority: PriorityReason | null;
  readonly appointmentAt: number | null;
  readonly quotedWaitMin: number | null;
  readonly quotedWaitMax: number | null;
  readonly status: TicketStatus;
}

/** One entry of the ticket's history. */
export interface TicketEventRecord {
  readonly type: TicketEventType;
  /** When it happened: the device's clock, corrected (ms). */
  readonly at: number;
  /** When the store got it (ms). */
  readonly receivedAt: number;
  readonly counterId: number | null;
  readonly officerBadge: string | null;
  /** The store's order; "before" and "after" mean by this. */
  readonly version: number;
}

const CLOSING: Partial<Record<TicketStatus, TicketEventType>> = { done: 'completed', noShow: 'noShow', cancelled: 'cancelled' };

function inVersionOrder(events: readonly TicketEventRecord[]): readonly TicketEventRecord[] {
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.version < events[i - 1]!.version) return [...events].sort((a, b) => a.version - b.version);
  }
  return events;
}

/**
 * The fact of one ticket. Times are the events' `at`:
 * - issuedAt: the 'issued' event (without one, the first event; without any, the start of
 *   its service day, so a broken history still lands on its day);
 * - firstCalledAt: the first 'called'; calledAt: the last 'called' or 'recalled' before the
 *   first 'started' (never started: the last call or recall);
 * - startedAt: the first 'started'; endedAt: the 'completed'; closedAt: the event that gave
 *   the ticket its final status (null while it is not final);
 * - segments: each 'started' or 'resumed' up to the next event in the history; one still
 *   running (the ticket is being served now) is left out. A segment whose end a device
 *   stamped before its start (clocks) lasts zero minutes;
 * - counterId / officerBadge: the completing event's, else the last call's;
 * - lateEvents: events the store received more than LATE_AFTER_MS after they happened.
 */
export function ticketFactOf(ticket: TicketRecord, events: readonly TicketEventRecord[], timeZone: string, surveyScore: number | null): TicketFact {
  const history = inVersionOrder(events);
  let issuedAt: number | null = null;
  let firstCalledAt: number | null = null;
  let lastCall: TicketEventRecord | null = null;
  let callBeforeStart: TicketEventRecord | null = null;
  let startedAt: number | null = null;
  let completed: TicketEventRecord | null = null;
  let closedAt: number | null = null;
  let recalls = 0;
  let transfers = 0;
  let lateEvents = 0;
  let maxLateMs = 0;
  const segments: ServingSegment[] = [];
  let open: { from: number; counterId: number | null; officerBadge: string | null } | null = null;
  const closing = CLOSING[ticket.status];

  for (const e of history) {
    if (open) {
      const counterId = open.counterId ?? lastCall?.counterId ?? null;
      if (counterId !== null) segments.push({ counterId, officerBadge: open.officerBadge, from: open.from, to: Math.max(open.from, e.at) });
      open = null;
    }
    const late = e.receivedAt - e.at;
    if (late > LATE_AFTER_MS) lateEvents++;
    if (late > maxLateMs) maxLateMs = late;
    switch (e.type) {
      case 'issued':
        issuedAt ??= e.at;
        break;
      case 'called':
      case 'recalled':
        if (e.type === 'called') firstCalledAt ??= e.at;
        else recalls++;
        lastCall = e;
        if (startedAt === null) callBeforeStart = e;
        break;
      case 'started':
      case 'resumed':
        if (e.type === 'started') startedAt ??= e.at;
        open = { from: e.at, counterId: e.counterId, officerBadge: e.officerBadge };
        break;
      case 'completed':
        completed = e;
        break;
      case 'transferred':
        transfers++;
        break;
      default:
        break;
    }
    if (e.type === closing) closedAt = e.at;
  }

  const issued = issuedAt ?? history[0]?.at ?? officeTime(ticket.serviceDay, 0, timeZone);
  const clock = officeClock(issued, timeZone);
  return {
    ticketId: ticket.ticketId,
    serviceDay: ticket.serviceDay,
    weekday: weekdayOf(ticket.serviceDay),
    hour: clock.hour,
    minuteOfDay: clock.minuteOfDay,
    sectionId: ticket.sectionId,
    serviceGroup: ticket.serviceGroup,
    service: ticket.service,
    language: ticket.language,
    priority: ticket.priority !== null,
    appointment: ticket.appointmentAt !== null,
    status: ticket.status,
    issuedAt: issued,
    firstCalledAt,
    calledAt: callBeforeStart?.at ?? null,
    startedAt,
    endedAt: completed?.at ?? null,
    closedAt,
    counterId: completed?.counterId ?? lastCall?.counterId ?? null,
    officerBadge: completed?.officerBadge ?? lastCall?.officerBadge ?? null,
    segments,
    recalls,
    transfers,
    quotedWaitMin: ticket.quotedWaitMin,
    quotedWaitMax: ticket.quotedWaitMax,
    surveyScore,
    events: history.length,
    lateEvents,
    maxLateMs,
  };
}

/**
 * Which calls the board shows and which are new. The board keeps its own short log:
 * seeded on start from the tickets that are called or being served (no announcement),
 * then every call or recall (callCount grows on a ticket that is "called") is a new
 * entry to flash and announce. Order is the server's version order, never device clocks.
 */
import type { Ticket } from '../shared/domain/ticket.ts';

export interface Call {
  /** Unique per call: a recall is a new call of the same ticket. */
  readonly key: string;
  readonly ticketId: string;
  readonly displayNumber: string;
  readonly counterId: number;
  readonly sectionId: string;
  readonly version: number;
}

export interface CallLog {
  /** Newest first, at most `limit`. */
  readonly calls: readonly Call[];
  /** callCount last seen per ticket. */
  readonly seen: ReadonlyMap<string, number>;
}

export const CALL_LOG_LIMIT = 9;

type BoardTicket = Pick<Ticket, 'ticketId' | 'displayNumber' | 'counterId' | 'sectionId' | 'version' | 'status' | 'callCount'>;

function toCall(t: BoardTicket): Call | null {
  if (t.counterId === null || t.callCount === 0) return null;
  return {
    key: `${t.ticketId}:${t.callCount}`,
    ticketId: t.ticketId,
    displayNumber: t.displayNumber,
    counterId: t.counterId,
    sectionId: t.sectionId,
    version: t.version,
  };
}

const byVersion = (a: BoardTicket, b: BoardTicket): number => a.version - b.version || a.displayNumber.localeCompare(b.displayNumber);

function push(calls: readonly Call[], call: Call, limit: number): Call[] {
  return [call, ...calls.filter((c) => c.ticketId !== call.ticketId)].slice(0, limit);
}

/** The log on start: tickets now called or being served, newest (highest version) first. */
export function seedCallLog(tickets: readonly BoardTicket[], limit = CALL_LOG_LIMIT): CallLog {
  let calls: Call[] = [];
  for (const t of [...tickets].filter((t) => t.status === 'called' || t.status === 'serving').sort(byVersion)) {
    const call = toCall(t);
    if (call) calls = push(calls, call, limit);
  }
  return { calls, seen: new Map(tickets.map((t) => [t.ticketId, t.callCount])) };
}

/** Folds a new snapshot of the tickets into the log; `fresh` are the calls to announce, oldest first. */
export function advanceCallLog(log: CallLog, tickets: readonly BoardTicket[], limit = CALL_LOG_LIMIT): { log: CallLog; fresh: Call[] } {
  const fresh: Call[] = [];
  for (const t of [...tickets].sort(byVersion)) {
    if (t.status !== 'called' || t.callCount <= (log.seen.get(t.ticketId) ?? 0)) continue;
    const call = toCall(t);
    if (call) fresh.push(call);
  }
  let calls = [...log.calls];
  for (const call of fresh) calls = push(calls, call, limit);
  return { log: { calls, seen: new Map(tickets.map((t) => [t.ticketId, t.callCount])) }, fresh };
}

/**
 * A ticket for tests: a waiting men's-section residence ticket with every field set,
 * overridden by `over`. Imported by tests only.
 */
import type { Ticket } from './ticket.ts';

export function sampleTicket(over: Partial<Ticket> = {}): Ticket {
  return {
    ticketId: 't-1',
    officeId: 'o',
    sectionId: 'men',
    serviceGroup: 'residence',
    service: null,
    priority: null,
    appointmentAt: null,
    targetCounterId: null,
    quotedWaitMin: null,
    quotedWaitMax: null,
    displayNumber: 'M1-001',
    publicCode: 'ABCDEFGHJK',
    kioskNo: 1,
    serviceDay: '2026-11-22',
    status: 'waiting',
    issuedAt: 0,
    issuedVersion: 1,
    counterId: null,
    officerBadge: null,
    calledAt: null,
    callCount: 0,
    startedAt: null,
    endedAt: null,
    version: 1,
    ...over,
  };
}

/**
 * The tickets table ⇄ the shared `Ticket` shape. Kept in one place so pull, push and the
 * public status page cannot drift apart in which columns they read.
 */
import type { ServiceGroup } from '../../shared/domain/services.ts';
import type { Ticket, TicketStatus } from '../../shared/domain/ticket.ts';
import type { Queryable } from '../store/index.ts';

export const TICKET_COLUMNS = `ticket_id, office_id, section_id, service_group, display_number, public_code, kiosk_no,
  service_day, status, issued_at, issued_version, counter_id, officer_badge, called_at, call_count, started_at,
  ended_at, version`;

export interface TicketRow {
  ticket_id: string;
  office_id: string;
  section_id: string;
  service_group: ServiceGroup;
  display_number: string;
  public_code: string;
  kiosk_no: number;
  service_day: string;
  status: TicketStatus;
  issued_at: number;
  issued_version: number;
  counter_id: number | null;
  officer_badge: string | null;
  called_at: number | null;
  call_count: number;
  started_at: number | null;
  ended_at: number | null;
  version: number;
}

export function rowToTicket(r: TicketRow): Ticket {
  return {
    ticketId: r.ticket_id,
    officeId: r.office_id,
    sectionId: r.section_id,
    serviceGroup: r.service_group,
    displayNumber: r.display_number,
    publicCode: r.public_code,
    kioskNo: r.kiosk_no,
    serviceDay: r.service_day,
    status: r.status,
    issuedAt: r.issued_at,
    issuedVersion: r.issued_version,
    counterId: r.counter_id,
    officerBadge: r.officer_badge,
    calledAt: r.called_at,
    callCount: r.call_count,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    version: r.version,
  };
}

/** Loads one ticket and locks its row until the transaction ends. */
export async function lockTicket(q: Queryable, officeId: string, ticketId: string): Promise<Ticket | undefined> {
  const rows = await q.query<TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE office_id = $1 AND ticket_id = $2 FOR UPDATE`,
    [officeId, ticketId],
  );
  return rows[0] ? rowToTicket(rows[0]) : undefined;
}

/** Writes the rules' result: inserts a new ticket or updates the mutable columns. */
export async function saveTicket(q: Queryable, t: Ticket, issuedByDevice: string): Promise<void> {
  await q.query(
    `INSERT INTO tickets (ticket_id, office_id, section_id, service_group, display_number, public_code, kiosk_no,
       service_day, status, issued_at, issued_version, issued_by_device, counter_id, officer_badge, called_at,
       call_count, started_at, ended_at, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     ON CONFLICT (office_id, ticket_id) DO UPDATE SET
       status = EXCLUDED.status, counter_id = EXCLUDED.counter_id, officer_badge = EXCLUDED.officer_badge,
       called_at = EXCLUDED.called_at, call_count = EXCLUDED.call_count, started_at = EXCLUDED.started_at,
       ended_at = EXCLUDED.ended_at, version = EXCLUDED.version`,
    [
      t.ticketId,
      t.officeId,
      t.sectionId,
      t.serviceGroup,
      t.displayNumber,
      t.publicCode,
      t.kioskNo,
      t.serviceDay,
      t.status,
      t.issuedAt,
      t.issuedVersion,
      issuedByDevice,
      t.counterId,
      t.officerBadge,
      t.calledAt,
      t.callCount,
      t.startedAt,
      t.endedAt,
      t.version,
    ],
  );
}

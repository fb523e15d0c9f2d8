/**
 * The tickets table ⇄ the shared `Ticket` shape. Kept in one place so pull, push and the
 * public status page cannot drift apart in which columns they read.
 */
import type { ServiceGroup } from '../../shared/domain/services.ts';
import type { PriorityReason, Ticket, TicketStatus } from '../../shared/domain/ticket.ts';
import type { Queryable, SqlParam } from '../store/index.ts';
import { UUID_RE } from '../security/secrets.ts';
import { multiRowInsert } from '../store/sql.ts';

export const TICKET_COLUMNS = `ticket_id, office_id, section_id, service_group, service, priority, appointment_at,
  target_counter_id, quoted_wait_min, quoted_wait_max, display_number, public_code, kiosk_no,
  service_day, status, issued_at, issued_version, counter_id, officer_badge, called_at, call_count, started_at,
  ended_at, version, queue_order`;

export interface TicketRow {
  ticket_id: string;
  office_id: string;
  section_id: string;
  service_group: ServiceGroup;
  service: string | null;
  priority: PriorityReason | null;
  appointment_at: number | null;
  target_counter_id: number | null;
  quoted_wait_min: number | null;
  quoted_wait_max: number | null;
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
  queue_order: number | null;
}

export function rowToTicket(r: TicketRow): Ticket {
  return {
    ticketId: r.ticket_id,
    officeId: r.office_id,
    sectionId: r.section_id,
    serviceGroup: r.service_group,
    service: r.service,
    priority: r.priority,
    appointmentAt: r.appointment_at,
    targetCounterId: r.target_counter_id,
    quotedWaitMin: r.quoted_wait_min,
    quotedWaitMax: r.quoted_wait_max,
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
    ...(r.queue_order != null ? { queueOrder: Number(r.queue_order) } : {}),
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

/**
 * Loads and locks every ticket a push batch names by id, and finds which of the public
 * codes it names are taken: two statements per push instead of two per mutation. Only
 * well-formed ids and codes are looked up (the mutation's own validation refuses the
 * rest); they go in as array literals so both lookups use their indexes.
 */
export async function lockTickets(
  q: Queryable,
  officeId: string,
  ticketIds: readonly string[],
  publicCodes: readonly string[],
): Promise<{ tickets: Ticket[]; takenCodes: string[] }> {
  const ids = ticketIds.filter((id) => UUID_RE.test(id));
  const codes = publicCodes.filter((c) => CODE_RE.test(c));
  const tickets = ids.length
    ? (await q.query<TicketRow>(
        `SELECT ${TICKET_COLUMNS} FROM tickets WHERE office_id = $1 AND ticket_id = ANY($2::uuid[]) FOR UPDATE`,
        [officeId, `{${ids.join(',')}}`],
      )).map(rowToTicket)
    : [];
  const takenCodes = codes.length
    ? (await q.query<{ public_code: string }>(
        // Across the whole store: a phone finds its ticket by the code alone (issue 12, point 8).
        'SELECT public_code FROM tickets WHERE public_code = ANY($1::text[])',
        [`{${codes.join(',')}}`],
      )).map((r) => r.public_code)
    : [];
  return { tickets, takenCodes };
}

const CODE_RE = /^[A-Za-z0-9]{1,64}$/;


export const TICKET_INSERT_COLUMNS = [
  'ticket_id', 'office_id', 'section_id', 'service_group', 'display_number', 'public_code', 'kiosk_no', 'service_day',
  'status', 'issued_at', 'issued_version', 'issued_by_device', 'counter_id', 'officer_badge', 'called_at', 'call_count',
  'started_at', 'ended_at', 'version', 'service', 'priority', 'appointment_at', 'target_counter_id', 'quoted_wait_min',
  'quoted_wait_max', 'language', 'queue_order',
] as const;

/**
 * Writes the rules' results, one row per ticket (its latest state): inserts new tickets
 * and updates the mutable columns of known ones. `created` names (lower-case ids) the
 * tickets the caller knows are not in the store yet (looked up under the office lock):
 * they go in by a plain INSERT, the others by an upsert, whose ON CONFLICT path costs
 * a quarter more per row on PGlite (100 rows: 20.1 against 15.7 ms of CPU on the bench
 * machine). Without `created`, every row is upserted. `issuedByDevice` and the kiosk
 * `languages` (by ticket id) are recorded for new tickets only.
 */
export async function saveTickets(
  q: Queryable,
  tickets: readonly Ticket[],
  issuedByDevice: string,
  languages: ReadonlyMap<string, string> = new Map(),
  created: ReadonlySet<string> = new Set(),
): Promise<void> {
  const fresh = tickets.filter((t) => created.has(t.ticketId.toLowerCase()));
  const known = fresh.length === 0 ? tickets : tickets.filter((t) => !created.has(t.ticketId.toLowerCase()));
  if (fresh.length > 0) await q.query(multiRowInsert('tickets', TICKET_INSERT_COLUMNS, { service_day: '::date' }, fresh.length), rowsOf(fresh, issuedByDevice, languages));
  if (known.length === 0) return;
  await q.query(
    `${multiRowInsert('tickets', TICKET_INSERT_COLUMNS, { service_day: '::date' }, known.length)}
     ON CONFLICT (office_id, ticket_id) DO UPDATE SET
       status = EXCLUDED.status, service_group = EXCLUDED.service_group, target_counter_id = EXCLUDED.target_counter_id,
       counter_id = EXCLUDED.counter_id, officer_badge = EXCLUDED.officer_badge,
       called_at = EXCLUDED.called_at, call_count = EXCLUDED.call_count, started_at = EXCLUDED.started_at,
       ended_at = EXCLUDED.ended_at, version = EXCLUDED.version, queue_order = EXCLUDED.queue_order`,
    rowsOf(known, issuedByDevice, languages),
  );
}

/** The parameters of `tickets` for TICKET_INSERT_COLUMNS, row after row. */
function rowsOf(tickets: readonly Ticket[], issuedByDevice: string, languages: ReadonlyMap<string, string>): SqlParam[] {
  const params: SqlParam[] = [];
  for (const t of tickets) {
    params.push(t.ticketId, t.officeId, t.sectionId, t.serviceGroup, t.displayNumber, t.publicCode, t.kioskNo, t.serviceDay,
      t.status, t.issuedAt, t.issuedVersion, issuedByDevice, t.counterId, t.officerBadge, t.calledAt, t.callCount,
      t.startedAt, t.endedAt, t.version, t.service, t.priority, t.appointmentAt, t.targetCounterId, t.quotedWaitMin,
      t.quotedWaitMax, languages.get(t.ticketId) ?? null, t.queueOrder ?? null);
  }
  return params;
}

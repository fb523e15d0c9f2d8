/**
 * The batch's write buffer: what the mutations of one push decided, held in memory and
 * written by `flushWrites` in a few multi-row statements instead of one per change.
 */
import type { Ticket } from '../../shared/domain/ticket.ts';
import { recordNotice, type NoticeRequest } from '../notifications/ticketNotices.ts';
import type { SqlParam } from '../store/index.ts';
import { multiRowInsert } from '../store/sql.ts';
import { LEDGER_COLUMNS } from './ledger.ts';
import type { PushState } from './pushState.ts';
import { saveTickets } from './ticketRows.ts';

export interface PendingWrites {
  /** Latest state of each ticket the batch changed. */
  readonly tickets: Map<string, Ticket>;
  /** Those of them the batch created (not in the store when it looked, under the office lock): inserted, not upserted. */
  readonly created: Set<string>;
  /** The kiosk language of tickets the batch issued. */
  readonly languages: Map<string, string>;
  /** Parameter rows of ticket_events and applied_mutations, in seq order. */
  readonly events: SqlParam[][];
  readonly ledger: SqlParam[][];
  /** ticket_identities rows (after their tickets) and bookings checked in. */
  readonly identities: SqlParam[][];
  /** ticket_keys rows: the SHA-256 of the key a ticket's QR link carries. */
  readonly keys: SqlParam[][];
  readonly checkIns: SqlParam[][];
  /** Mobiles left at the kiosk for ticket notices (written after their tickets). */
  readonly notices: NoticeRequest[];
}

export function newPendingWrites(): PendingWrites {
  return { tickets: new Map(), created: new Set(), languages: new Map(), events: [], ledger: [], identities: [], keys: [], checkIns: [], notices: [] };
}

const IDENTITY_COLUMNS = ['office_id', 'ticket_id', 'id_number', 'source', 'recorded_at'] as const;
const KEY_COLUMNS = ['office_id', 'ticket_id', 'key_hash'] as const;

export const EVENT_COLUMNS = ['office_id', 'ticket_id', 'type', 'service_day', 'device_id', 'device_seq', 'device_time', 'server_time',
  'counter_id', 'officer_badge', 'session_id', 'version', 'reason', 'at'] as const;
/** Rows per statement, well under PostgreSQL's 65,535 parameters. */
const ROWS_PER_STATEMENT = 500;

/** Writes what the batch decided: tickets first (events reference them), then history and ledger. */
export async function flushWrites(s: PushState): Promise<void> {
  const { tickets, created, languages, events, ledger, identities, keys, checkIns, notices } = s.writes;
  const all = [...tickets.values()];
  for (let i = 0; i < all.length; i += ROWS_PER_STATEMENT) {
    await saveTickets(s.q, all.slice(i, i + ROWS_PER_STATEMENT), s.device.deviceId, languages, created);
  }
  for (let i = 0; i < identities.length; i += ROWS_PER_STATEMENT) {
    const rows = identities.slice(i, i + ROWS_PER_STATEMENT);
    await s.q.query(`${multiRowInsert('ticket_identities', IDENTITY_COLUMNS, {}, rows.length)} ON CONFLICT DO NOTHING`, rows.flat());
  }
  for (let i = 0; i < keys.length; i += ROWS_PER_STATEMENT) {
    const rows = keys.slice(i, i + ROWS_PER_STATEMENT);
    await s.q.query(`${multiRowInsert('ticket_keys', KEY_COLUMNS, {}, rows.length)} ON CONFLICT DO NOTHING`, rows.flat());
  }
  for (const row of checkIns) {
    await s.q.query(
      `UPDATE appointments SET status = 'checkedIn', ticket_id = $3, checked_in_at = $4 WHERE office_id = $1 AND appointment_id = $2`,
      row,
    );
  }
  for (const notice of notices) if (await recordNotice(s.q, notice)) s.messagesQueued = true;
  identities.length = 0;
  keys.length = 0;
  checkIns.length = 0;
  notices.length = 0;
  for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
    const rows = events.slice(i, i + ROWS_PER_STATEMENT);
    await s.q.query(multiRowInsert('ticket_events', EVENT_COLUMNS, { service_day: '::date' }, rows.length), rows.flat());
  }
  for (let i = 0; i < ledger.length; i += ROWS_PER_STATEMENT) {
    const rows = ledger.slice(i, i + ROWS_PER_STATEMENT);
    await s.q.query(multiRowInsert('applied_mutations', LEDGER_COLUMNS, { reason: '::jsonb', args: '::jsonb' }, rows.length), rows.flat());
  }
  tickets.clear();
  created.clear();
  languages.clear();
  events.length = 0;
  ledger.length = 0;
}

/**
 * What a push reads from the store besides the mutations themselves: the tickets and
 * public codes the batch names (loaded and locked up front), the day numbers a new ticket
 * may be filed under, officer sessions and bookings (read on first need). Each is kept in
 * the push's state, so a batch asks the store once for each.
 */
import { addDays } from '../../shared/domain/dates.ts';
import type { MutationEnvelope } from '../../shared/sync/protocol.ts';
import { UUID_RE } from '../security/secrets.ts';
import type { BookingRow, PushState, SessionInfo } from './pushState.ts';
import { lockTickets } from './ticketRows.ts';

/** Loads and locks every ticket (by id or public code) that `mutations` name, into `s`. */
export async function prefetchTickets(s: PushState, mutations: readonly MutationEnvelope[]): Promise<void> {
  const ids = new Set<string>();
  const codes = new Set<string>();
  for (const m of mutations) {
    const args = m.args as { ticketId?: unknown; publicCode?: unknown } | null;
    if (typeof args !== 'object' || args === null) continue;
    if (typeof args.ticketId === 'string' && UUID_RE.test(args.ticketId)) ids.add(args.ticketId.toLowerCase());
    if (typeof args.publicCode === 'string' && /^[A-Za-z0-9]{1,64}$/.test(args.publicCode)) codes.add(args.publicCode);
  }
  const found = await lockTickets(s.q, s.device.officeId, [...ids], [...codes]);
  for (const id of ids) s.tickets.set(id, undefined);
  for (const code of codes) s.checkedCodes.add(code);
  for (const t of found.tickets) {
    s.tickets.set(t.ticketId, t);
    s.takenCodes.add(t.publicCode);
  }
  for (const code of found.takenCodes) s.takenCodes.add(code);
  // The numbers new tickets carry, used on the last days (a ticket is filed under the day it
  // was taken, which an outage can put a day or two back).
  const numbers = new Set<string>();
  for (const m of mutations) {
    const n = (m.args as { displayNumber?: unknown } | null)?.displayNumber;
    if (m.name === 'ticket.issue' && typeof n === 'string' && /^[A-Z][0-9]{1,2}-[0-9]{3,5}$/.test(n)) numbers.add(n);
  }
  if (numbers.size > 0) {
    const from = addDays(s.serviceDay, -NUMBER_LOOKBACK_DAYS);
    const rows = await s.q.query<{ day: string; display_number: string }>(
      `SELECT service_day::text AS day, display_number FROM tickets
        WHERE office_id = $1 AND service_day >= $2::date AND display_number = ANY($3::text[])`,
      [s.device.officeId, from, `{${[...numbers].join(',')}}`],
    );
    s.numbersFrom = from;
    for (const n of numbers) s.checkedNumbers.add(n);
    for (const r of rows) s.takenNumbers.add(`${r.day}|${r.display_number}`);
  }
}

/** A ticket filed under a day further back than this is checked against the store itself. */
const NUMBER_LOOKBACK_DAYS = 3;
/** Where the store renumbers a ticket whose printed number was already used that day. */
const RENUMBER_FROM = 5001;

/** Whether `number` is used on `day` (by the store or earlier in this batch). */
async function numberTaken(s: PushState, day: string, number: string): Promise<boolean> {
  if (s.takenNumbers.has(`${day}|${number}`)) return true;
  if (s.checkedNumbers.has(number) && s.numbersFrom !== null && day >= s.numbersFrom) return false;
  const rows = await s.q.query('SELECT 1 FROM tickets WHERE office_id = $1 AND service_day = $2::date AND display_number = $3', [s.device.officeId, day, number]);
  return rows.length > 0;
}

/**
 * The number a new ticket is filed under on its day: the one printed on it, unless another
 * ticket of that day already has it (a kiosk whose clock was wrong, a kiosk number reused
 * the same day); then the next free number from RENUMBER_FROM of the same prefix, so no two
 * tickets of a day are ever called by one number. The resident's phone and the board show
 * the new number; the ticket's history says why.
 */
export async function dayNumber(s: PushState, day: string, printed: string, prefix: string): Promise<string> {
  if (!(await numberTaken(s, day, printed))) return printed;
  // After the highest renumbered one of the day, found in one query: probing 5001, 5002, …
  // one query each grew with every renumbering (npm run chaos: restarts took 25 s after
  // a few thousand repeated numbers, the store busy probing).
  const [row] = await s.q.query<{ top: number | null }>(
    `SELECT max(substring(display_number FROM char_length($3) + 1)::int) AS top FROM tickets
      WHERE office_id = $1 AND service_day = $2::date AND left(display_number, char_length($3)) = $3
        AND substring(display_number FROM char_length($3) + 1) ~ '^[0-9]{1,9}$'`,
    [s.device.officeId, day, prefix],
  );
  let n = Math.max(RENUMBER_FROM, (row?.top ?? 0) + 1);
  // Numbers this batch gave out are not in the store yet.
  while (s.takenNumbers.has(`${day}|${prefix}${n}`)) n++;
  for (; ; n++) {
    const candidate = `${prefix}${n}`;
    if (!(await numberTaken(s, day, candidate))) return candidate;
  }
}

/**
 * A session is valid for this mutation when it belongs to this device and was not ended
 * by a supervisor. A session the officer signed out of, that locked on wrong PINs, or that
 * expired still covers writes made during it that arrive late from an offline terminal:
 * those up to the last change the terminal said it made under it (`lastSeq`); a later
 * change naming it is refused (issue 12, point 1).
 */
export async function loadSession(s: PushState, sessionId: string | null): Promise<SessionInfo | null> {
  if (!sessionId || !UUID_RE.test(sessionId)) return null;
  const cached = s.sessions.get(sessionId);
  if (cached !== undefined) return cached;
  const rows = await s.q.query<{ badge: string; counter_id: number; end_reason: string | null; last_seq: number | null }>(
    `SELECT badge, counter_id, end_reason, last_seq FROM officer_sessions
      WHERE office_id = $1 AND session_id = $2 AND device_id = $3`,
    [s.device.officeId, sessionId, s.device.deviceId],
  );
  const row = rows[0];
  const info = row && row.end_reason !== 'revoked' && row.end_reason !== 'deviceRevoked'
    ? { sessionId, badge: row.badge, counterId: row.counter_id, lastSeq: row.last_seq }
    : null;
  s.sessions.set(sessionId, info);
  return info;
}

/** A booking a kiosk checked in, locked for the check-in (cached for the batch). */
export async function loadBooking(s: PushState, appointmentId: string): Promise<BookingRow | null> {
  const cache = s.appointments;
  const key = appointmentId.toLowerCase();
  if (cache.has(key)) return cache.get(key) ?? null;
  const rows = await s.q.query<{ service_day: string | Date; slot_at: Date; id_number: string | null; status: BookingRow['status'] }>(
    `SELECT service_day::text AS service_day, slot_at, id_number, status FROM appointments
      WHERE office_id = $1 AND appointment_id = $2 FOR UPDATE`,
    [s.device.officeId, appointmentId],
  );
  const r = rows[0];
  const row: BookingRow | null = r
    ? { appointmentId: key, serviceDay: String(r.service_day), slotAt: r.slot_at.getTime(), idNumber: r.id_number, status: r.status }
    : null;
  cache.set(key, row);
  return row;
}

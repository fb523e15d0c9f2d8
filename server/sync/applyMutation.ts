/**
 * Applies ONE device mutation inside the push transaction: checks the arguments, the
 * device's role, the officer session, then runs the shared ticket rules (the same
 * function the device ran optimistically) and writes the ticket, its history and the
 * ledger row. A business refusal is a result, not an exception: it is recorded and the
 * device moves on. Facts a device cannot be trusted with come from the server.
 */
import { checkIdNumber } from '../../shared/domain/identity.ts';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import { applyTicketAction, type Ticket } from '../../shared/domain/ticket.ts';
import type { MutationEnvelope, MutationResult, RejectionReason } from '../../shared/sync/protocol.ts';
import type { MutationArgs, ValidMutation } from '../../shared/sync/mutations.ts';
import { isMutationName, mutationRights, parseMutation, reasonOf, ticketIdOf, toTicketAction } from '../../shared/sync/mutations.ts';
import { parseTransactionArgs } from '../../shared/sync/transactionArgs.ts';
import { queueSettingsOf } from '../../shared/domain/queue.ts';
import { addDays } from '../../shared/domain/dates.ts';
import { serviceDayOf } from '../../shared/domain/office.ts';
import type { AuthDevice } from '../http/context.ts';
import { EPOCH_MS_MAX } from '../../shared/sync/bounds.ts';
import { cleanText, toJsonb } from '../http/errors.ts';
import type { Queryable, SqlParam } from '../store/index.ts';
import { officeSealKey, unseal, type OfficeSealKey } from '../security/sealing.ts';
import { multiRowInsert } from '../store/sql.ts';
import { lockTicket, lockTickets, saveTickets } from './ticketRows.ts';
import { submitTransaction } from './transactions.ts';
import { sha256, UUID_RE } from '../security/secrets.ts';
import { parseContact, recordNotice, type NoticeRequest } from '../notifications/ticketNotices.ts';

const COUNTER_EVENT_TYPES = {
  'counter.open': 'open',
  'counter.close': 'close',
  'counter.break': 'break',
  'counter.resume': 'resume',
} as const;

/** Args bigger than this (characters of JSON) are not copied into the ledger. */
const MAX_STORED_ARGS = 16_384;

/** An officer session as a mutation sees it. */
interface SessionInfo {
  readonly sessionId: string;
  readonly badge: string;
  readonly counterId: number;
  /** The last change of this device the session covers (set when it ended); later ones are refused. */
  readonly lastSeq: number | null;
}

/** Per-push state shared by the mutations of one batch. */
export interface PushState {
  readonly q: Queryable;
  readonly device: AuthDevice;
  readonly config: OfficeConfig;
  /**
   * Server time of this push (ms) and the office day it falls on. A replay (the pilot
   * simulator) moves them forward mutation by mutation; live pushes keep one of each.
   */
  now: number;
  serviceDay: string;
  /** A notification was written in this push (server/notifications): the worker is told once it commits. */
  messagesQueued: boolean;
  /** Server clock − device clock (ms), as this device's latest heartbeat measured it (0 if none yet). */
  readonly clockOffset: number;
  /** The office version; bumped by one for each applied mutation. */
  version: number;
  readonly sessions: Map<string, SessionInfo | null>;
  /**
   * Tickets the batch names, loaded and locked up front (see `prefetchTickets`) and kept
   * current as mutations apply: an id mapped to undefined is known not to exist.
   */
  readonly tickets: Map<string, Ticket | undefined>;
  /** Public codes already in use in the office (those the batch names, plus ones it issues). */
  readonly takenCodes: Set<string>;
  /** Public codes whose use was checked by the prefetch (in use or not). */
  readonly checkedCodes: Set<string>;
  /** Ticket numbers in use, as "day|number", for the days the batch's numbers were looked up on. */
  readonly takenNumbers: Set<string>;
  /** From this day on, takenNumbers holds every use of the numbers in `checkedNumbers`. */
  numbersFrom: string | null;
  readonly checkedNumbers: Set<string>;
  /** Writes collected while deciding, made by `flushWrites` in a few statements. */
  readonly writes: PendingWrites;
  /** The office's key for sealed identity numbers, loaded on first need. */
  sealKey?: OfficeSealKey;
  /** Bookings this batch looked at, kept current as check-ins apply. */
  readonly appointments: Map<string, BookingRow | null>;
}

/** An appointment as a check-in needs it. */
interface BookingRow {
  readonly appointmentId: string;
  readonly serviceDay: string;
  readonly slotAt: number;
  readonly idNumber: string | null;
  status: 'booked' | 'checkedIn' | 'cancelled';
}

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
export const LEDGER_COLUMNS = ['office_id', 'device_id', 'seq', 'name', 'status', 'reason', 'args', 'officer_badge', 'session_id',
  'version', 'device_time', 'server_time'] as const;
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
async function dayNumber(s: PushState, day: string, printed: string, prefix: string): Promise<string> {
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
 * When a change happened, as the figures use it: the device's clock corrected by the
 * offset measured for that device, but never after the store received it (a clock that
 * runs fast, or an offset measured before the clock was set right, cannot put an event in
 * the future).
 */
export function happenedAt(s: Pick<PushState, 'now' | 'clockOffset'>, deviceTime: number): Date {
  return new Date(Math.min(s.now, deviceTime + s.clockOffset));
}

type Outcome = { ok: true; session: SessionInfo | null } | { ok: false; reason: RejectionReason; session: SessionInfo | null };

function reject(code: string, message: string, params?: Record<string, string | number>, session: SessionInfo | null = null): Outcome {
  return { ok: false, session, reason: params ? { code, message, params } : { code, message } };
}

/**
 * A session is valid for this mutation when it belongs to this device and was not ended
 * by a supervisor. A session the officer signed out of, that locked on wrong PINs, or that
 * expired still covers writes made during it that arrive late from an offline terminal:
 * those up to the last change the terminal said it made under it (`lastSeq`); a later
 * change naming it is refused (issue 12, point 1).
 */
async function loadSession(s: PushState, sessionId: string | null): Promise<SessionInfo | null> {
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

async function execute(s: PushState, env: MutationEnvelope, mutation: ValidMutation, session: SessionInfo | null): Promise<Outcome> {
  let m = mutation;
  const { q, device, config } = s;
  const officeId = device.officeId;
  const badge = session?.badge ?? null;
  if ('counterId' in m.args && session && m.args.counterId !== session.counterId) {
    return reject('wrong_counter', `the officer is signed in at counter ${session.counterId}`, { counter: session.counterId }, session);
  }

  if (m.name === 'counter.open' || m.name === 'counter.close' || m.name === 'counter.break' || m.name === 'counter.resume') {
    const counterId = m.args.counterId;
    if (!config.counters.some((c) => c.id === counterId)) return reject('unknown_counter', `no counter ${counterId}`, { counter: counterId }, session);
    s.version += 1;
    await q.query(
      `INSERT INTO counter_events (office_id, counter_id, type, service_day, officer_badge, session_id, device_id,
         device_seq, device_time, server_time, version, at, reason)
       VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [officeId, counterId, COUNTER_EVENT_TYPES[m.name], s.serviceDay, badge, session?.sessionId ?? null,
        device.deviceId, env.seq, env.deviceTime, new Date(s.now), s.version, happenedAt(s, env.deviceTime),
        m.name === 'counter.break' ? cleanText(m.args.reason) : null],
    );
    return { ok: true, session };
  }

  if (m.name === 'transaction.cancel') {
    if (!session) return reject('session_invalid', 'no valid officer session on this device; sign in again');
    const full = parseTransactionArgs('transaction.cancel', m.args);
    if (!full.ok) return reject('invalid_args', full.message, undefined, session);
    const args = full.args;
    await q.query(
      `INSERT INTO transaction_cancellations (office_id, transaction_id, device_id, device_seq, officer_badge, session_id, counter_id,
         ticket_id, service, step, reason, device_time, server_time, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING`,
      [officeId, args.transactionId, device.deviceId, env.seq, session.badge, session.sessionId, args.counterId, args.ticketId,
        args.service, args.step, cleanText(args.reason), env.deviceTime, new Date(s.now), happenedAt(s, env.deviceTime)],
    );
    return { ok: true, session };
  }

  if (m.name === 'transaction.submit') {
    if (!session) return reject('session_invalid', 'no valid officer session on this device; sign in again');
    const full = parseTransactionArgs('transaction.submit', m.args);
    if (!full.ok) return reject('invalid_args', full.message, undefined, session);
    const refusal = await submitTransaction(s, env, full.args, session);
    return refusal ? { ok: false, session, reason: refusal } : { ok: true, session };
  }

  if (m.name === 'ticket.notify') {
    const refusal = await noticeRequest(s, m.args, officeId);
    return refusal ? { ok: false, session, reason: refusal } : { ok: true, session };
  }

  if (m.name === 'ticket.issue') {
    const sectionId = m.args.sectionId;
    const section = config.sections.find((x) => x.id === sectionId);
    if (!section) return reject('unknown_section', `no section "${m.args.sectionId}"`, { section: m.args.sectionId });
    if (!config.serviceGroups.includes(m.args.serviceGroup)) {
      return reject('unknown_service_group', `service group "${m.args.serviceGroup}" is not offered here`, { group: m.args.serviceGroup });
    }
    const prefix = `${section.letter}${device.kioskNo ?? 0}-`;
    if (!m.args.displayNumber.startsWith(prefix)) {
      return reject('display_number_mismatch', `ticket numbers of this kiosk and section start with ${prefix}`, { prefix });
    }
    const code = m.args.publicCode;
    const taken = s.takenCodes.has(code) ||
      (!s.checkedCodes.has(code) && (await q.query('SELECT 1 FROM tickets WHERE public_code = $1', [code])).length > 0);
    if (taken) return reject('public_code_taken', 'another ticket already has this public code');
  }

  const ticketId = ticketIdOf(m);
  // A ticket belongs to the day it was taken (its device's clock corrected, never later than
  // it arrived), not the day it reached the store: an evening ticket held overnight by an
  // outage is yesterday's, and never joins today's queue.
  const issueDay = m.name === 'ticket.issue' ? serviceDayOf(happenedAt(s, env.deviceTime).getTime(), config.settings.timeZone) : s.serviceDay;
  let renumbered: string | null = null;
  if (m.name === 'ticket.issue') {
    const sectionId = m.args.sectionId;
    const section = config.sections.find((x) => x.id === sectionId);
    const number = await dayNumber(s, issueDay, m.args.displayNumber, `${section?.letter ?? ''}${device.kioskNo ?? 0}-`);
    if (number !== m.args.displayNumber) {
      renumbered = `number ${m.args.displayNumber} was already used on ${issueDay}; called as ${number}`;
      m = { ...m, args: { ...m.args, displayNumber: number } };
    }
    s.takenNumbers.add(`${issueDay}|${number}`);
  }
  // A check-in's slot and a typed number are facts for the store to establish, never to reject
  // a ticket over: the resident already holds it. What could not be honoured is noted instead.
  const extras = m.name === 'ticket.issue' ? await issueExtras(s, m.args, issueDay) : null;
  const action = toTicketAction(m, {
    officeId,
    kioskNo: device.kioskNo ?? 0,
    serviceDay: issueDay,
    officerBadge: badge,
    ...(extras ? { appointmentAt: extras.appointmentAt } : {}),
  });
  if (!ticketId || !action) return reject('invalid_args', `${m.name} is not a ticket action`);
  const key = ticketId.toLowerCase();
  const current = s.tickets.has(key) ? s.tickets.get(key) : await lockTicket(q, officeId, ticketId);
  if (action.type === 'call' && current && current.status === 'waiting') {
    // A counter calls the tickets of its own section, or one transferred to it by number (issue 12, point 2).
    const section = config.counters.find((x) => x.id === action.counterId)?.sectionId;
    if (section !== current.sectionId && current.targetCounterId !== action.counterId) {
      return reject('wrong_section', `ticket ${current.displayNumber} waits in another section than counter ${action.counterId}'s`, {
        number: current.displayNumber,
        counter: action.counterId,
      }, session);
    }
  }
  const result = applyTicketAction(current, action, { deviceTime: env.deviceTime, version: s.version + 1, queue: queueSettingsOf(config.settings) });
  if (!result.ok) return { ok: false, session, reason: { ...result.error } };
  s.version += 1;
  const t = result.ticket;
  s.tickets.set(key, t);
  s.takenCodes.add(t.publicCode);
  s.writes.tickets.set(key, t);
  if (!current) s.writes.created.add(key);
  s.writes.events.push([officeId, t.ticketId, result.event, t.serviceDay, device.deviceId, env.seq, env.deviceTime, new Date(s.now),
    'counterId' in action ? action.counterId : null, badge, session?.sessionId ?? null, s.version,
    [renumbered, extras?.note ?? reasonOf(m)].filter(Boolean).join('; ') || null, happenedAt(s, env.deviceTime)]);
  if (m.name === 'ticket.issue' && m.args.language) s.writes.languages.set(t.ticketId, m.args.language);
  if (m.name === 'ticket.issue' && m.args.leaveKeyHash) s.writes.keys.push([officeId, t.ticketId, m.args.leaveKeyHash]);
  if (extras?.booking) {
    extras.booking.status = 'checkedIn';
    s.writes.checkIns.push([officeId, extras.booking.appointmentId, t.ticketId, new Date(s.now)]);
  }
  if (extras?.idNumber) s.writes.identities.push([officeId, t.ticketId, extras.idNumber.number, extras.idNumber.source, new Date(s.now)]);
  return { ok: true, session };
}

/**
 * A mobile left at the kiosk for the ticket's notices: opened, checked against the key of
 * the ticket's QR link (which proves the kiosk that issued the ticket sealed it), and kept
 * to be written after the ticket. Refused with a reason the kiosk's log shows; the
 * resident already holds the ticket either way.
 */
async function noticeRequest(
  s: PushState,
  args: MutationArgs<'ticket.notify'>,
  officeId: string,
): Promise<RejectionReason | null> {
  const ticket = s.tickets.get(args.ticketId.toLowerCase());
  if (!ticket) return { code: 'ticket_unknown', message: 'No such ticket' };
  if (ticket.status !== 'waiting') {
    return { code: 'not_waiting', message: `ticket ${ticket.displayNumber} is ${ticket.status}: no notices to send`, params: { number: ticket.displayNumber } };
  }
  s.sealKey ??= await officeSealKey(s.q, officeId, s.now);
  const opened = unseal(s.sealKey.privateKey, args.sealedContact);
  const contact = opened === null ? null : parseContact(opened);
  if (!contact) return { code: 'invalid_contact', message: 'the sealed mobile could not be opened, or is not a Saudi mobile (05xxxxxxxx)' };
  const keyHash = sha256(contact.key);
  const pending = s.writes.keys.find((k) => k[1] === ticket.ticketId);
  const stored = pending
    ? String(pending[2])
    : (await s.q.query<{ key_hash: string }>('SELECT key_hash FROM ticket_keys WHERE office_id = $1 AND ticket_id = $2', [officeId, ticket.ticketId]))[0]
        ?.key_hash;
  if (stored !== keyHash) return { code: 'ticket_key_mismatch', message: 'the link key does not belong to this ticket' };
  s.writes.notices.push({ officeId, ticket, mobile: contact.mobile, key: contact.key, language: args.language, now: s.now });
  return null;
}

interface IssueExtras {
  /** The slot of an honoured booking, else null (a device's own claim is never taken). */
  readonly appointmentAt: number | null;
  readonly booking: BookingRow | null;
  readonly idNumber: { readonly number: string; readonly source: 'kiosk' | 'appointment' } | null;
  /** Why a booking or a number was not taken, for the ticket's history. */
  readonly note: string | null;
}

/** Checks the booking a kiosk checked in and opens the number a resident typed. */
async function issueExtras(s: PushState, args: { appointmentId?: string | null; sealedIdNumber?: string | null }, day: string): Promise<IssueExtras> {
  const notes: string[] = [];
  let booking: BookingRow | null = null;
  if (args.appointmentId) {
    const found = await loadBooking(s, args.appointmentId);
    if (!found) notes.push('booking not found');
    else if (found.status !== 'booked') notes.push(`booking already ${found.status === 'checkedIn' ? 'checked in' : 'cancelled'}`);
    else if (found.serviceDay !== day) notes.push(`booking is for ${found.serviceDay}`);
    else booking = found;
  }
  let idNumber: IssueExtras['idNumber'] = null;
  if (args.sealedIdNumber) {
    s.sealKey ??= await officeSealKey(s.q, s.device.officeId, s.now);
    const opened = unseal(s.sealKey.privateKey, args.sealedIdNumber);
    const checked = opened === null ? null : checkIdNumber(opened);
    if (checked?.ok) idNumber = { number: checked.number, source: 'kiosk' };
    else notes.push(opened === null ? 'typed number could not be opened' : 'typed number is not valid');
  }
  if (!idNumber && booking?.idNumber) idNumber = { number: booking.idNumber, source: 'appointment' };
  return { appointmentAt: booking?.slotAt ?? null, booking, idNumber, note: notes.length ? notes.join('; ') : null };
}

async function loadBooking(s: PushState, appointmentId: string): Promise<BookingRow | null> {
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

async function decide(s: PushState, env: MutationEnvelope): Promise<Outcome> {
  if (!Number.isSafeInteger(env.deviceTime) || env.deviceTime > EPOCH_MS_MAX) return reject('invalid_args', 'deviceTime is out of range');
  // Who may send it first (by name alone), so a caller without the right learns nothing of the arguments' rules.
  if (!isMutationName(env.name)) return reject('invalid_args', `unknown mutation "${cleanText(env.name).slice(0, 64)}"`);
  const rights = mutationRights[env.name];
  if (rights.role !== s.device.role) {
    return reject('forbidden', `a ${s.device.role} device may not send ${env.name}`, { mutation: env.name });
  }
  let session: SessionInfo | null = null;
  if (rights.officer) {
    session = await loadSession(s, env.sessionId);
    if (!session) return reject('session_invalid', 'no valid officer session on this device; sign in again');
    if (session.lastSeq !== null && env.seq > session.lastSeq) {
      return reject('session_invalid', 'the officer had signed out of this session before this change; sign in again');
    }
  }
  const parsed = parseMutation(env.name, env.args);
  if (!parsed.ok) return reject('invalid_args', parsed.message, undefined, session);
  return execute(s, env, parsed.value, session);
}

/** The raw args as jsonb for the audit, or null when they are too big or cannot be stored. */
function storableArgs(args: unknown): string | null {
  try {
    const text = toJsonb(args ?? null);
    return text.length <= MAX_STORED_ARGS ? text : null;
  } catch {
    return null; // e.g. nesting too deep to serialise: the ledger row still records the refusal
  }
}

/** Decides one mutation (seq == the device's next seq), writes its ledger row, returns its result. */
export async function applyMutation(s: PushState, env: MutationEnvelope): Promise<MutationResult> {
  const outcome = await decide(s, env);
  const reason = outcome.ok ? null : { ...outcome.reason, message: cleanText(outcome.reason.message) };
  s.writes.ledger.push(
    [
      s.device.officeId,
      s.device.deviceId,
      env.seq,
      cleanText(env.name),
      outcome.ok ? 'applied' : 'rejected',
      reason ? toJsonb(reason) : null,
      storableArgs(env.args),
      outcome.session?.badge ?? null,
      outcome.session?.sessionId ?? null,
      s.version,
      Number.isSafeInteger(env.deviceTime) && env.deviceTime <= EPOCH_MS_MAX ? env.deviceTime : null,
      new Date(s.now),
    ],
  );
  return reason
    ? { seq: env.seq, status: 'rejected', version: s.version, reason }
    : { seq: env.seq, status: 'applied', version: s.version };
}

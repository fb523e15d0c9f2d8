/**
 * The queries that read one office's facts from the store, each from a cursor on: ticket
 * facts by their roll-up seq, transactions and counter events by version, the rest by
 * time. Each answers as one aggregated text, split here into facts, with the cursor to ask
 * from next time; OfficeData (officeData.ts) keeps what they read.
 *
 * A person's number never leaves the store: a transaction carries a keyed hash of it, with
 * a key made when the process starts and never stored, only good for "same person again".
 */
import { randomBytes } from 'node:crypto';
import { officeClock } from '../../shared/domain/metrics/clock.ts';
import type {
  AppointmentFact,
  CancellationFact,
  CounterStateEvent,
  PresencePeriod,
  ServingSegment,
  TicketFact,
  TransactionFact,
} from '../../shared/domain/metrics/types.ts';
import type { TicketStatus } from '../../shared/domain/ticket.ts';
import type { ServiceGroup } from '../../shared/domain/services.ts';
import type { Store } from '../store/index.ts';
import { FIELD, msOf, RECORD } from './rollup.ts';

const PERSON_SALT = randomBytes(16).toString('hex');

/** What one query read, and where the next one starts (null: nothing read). */
export interface Batch<T> {
  readonly rows: readonly T[];
  readonly cursor: number | null;
}

/** A fact with the key it is kept under. */
export type Keyed<T> = readonly [key: string, fact: T];

/** The section a counter belongs to, by the office's configuration. */
export type SectionOf = (counterId: number) => string | null;

const nullable = (text: string | undefined): string | null => (text === undefined || text === '' ? null : text);
const nullableNumber = (text: string | undefined): number | null => (text === undefined || text === '' ? null : Number(text));

/** Reads `SELECT string_agg(...) AS text, <max> AS cursor` and splits it into records, each made into a row by `row`. */
async function records<T>(store: Store, sql: string, params: readonly (string | number | Date)[], row: (f: string[]) => T): Promise<Batch<T>> {
  const [answer] = await store.query<{ text: string | null; cursor: number | string | null }>(sql, params);
  const rows = answer?.text ? answer.text.split(RECORD).map((r) => row(r.split(FIELD))) : [];
  return { rows, cursor: answer?.cursor === null || answer?.cursor === undefined ? null : Number(answer.cursor) };
}

function parseSegments(text: string | undefined): ServingSegment[] {
  if (!text) return [];
  return text.split(';').map((s) => {
    const [counter = '0', badge = '', from = '0', to = '0'] = s.split(':');
    return { counterId: Number(counter), officerBadge: badge || null, from: Number(from), to: Number(to) };
  });
}

/** Ticket facts the roll-up wrote after `seq`, by ticket id. */
export function readTicketFacts(store: Store, officeId: string, seq: number): Promise<Batch<Keyed<TicketFact>>> {
  return records(
    store,
    `SELECT max(seq) AS cursor, string_agg(concat_ws(chr(31), ticket_id, service_day, weekday, hour, minute_of_day, section_id,
       service_group, coalesce(service, ''), coalesce(language, ''), priority, appointment, status, issued_at,
       coalesce(first_called_at::text, ''), coalesce(called_at::text, ''), coalesce(started_at::text, ''), coalesce(ended_at::text, ''),
       coalesce(closed_at::text, ''), coalesce(counter_id::text, ''), coalesce(officer_badge, ''), segments, recalls, transfers,
       coalesce(quoted_wait_min::text, ''), coalesce(quoted_wait_max::text, ''), coalesce(survey_score::text, ''), events,
       late_events, max_late_ms), chr(30)) AS text
       FROM ticket_facts WHERE office_id = $1 AND seq > $2`,
    [officeId, seq],
    (f) => {
      const fact: TicketFact = {
        ticketId: f[0] ?? '',
        serviceDay: f[1] ?? '',
        weekday: Number(f[2]),
        hour: Number(f[3]),
        minuteOfDay: Number(f[4]),
        sectionId: f[5] ?? '',
        serviceGroup: (f[6] ?? 'enquiries') as ServiceGroup,
        service: nullable(f[7]),
        language: nullable(f[8]),
        priority: f[9] === 'true',
        appointment: f[10] === 'true',
        status: (f[11] ?? 'waiting') as TicketStatus,
        issuedAt: Number(f[12]),
        firstCalledAt: nullableNumber(f[13]),
        calledAt: nullableNumber(f[14]),
        startedAt: nullableNumber(f[15]),
        endedAt: nullableNumber(f[16]),
        closedAt: nullableNumber(f[17]),
        counterId: nullableNumber(f[18]),
        officerBadge: nullable(f[19]),
        segments: parseSegments(f[20]),
        recalls: Number(f[21]),
        transfers: Number(f[22]),
        quotedWaitMin: nullableNumber(f[23]),
        quotedWaitMax: nullableNumber(f[24]),
        surveyScore: nullableNumber(f[25]),
        events: Number(f[26]),
        lateEvents: Number(f[27]),
        maxLateMs: Number(f[28]),
      };
      return [fact.ticketId, fact];
    },
  );
}

/** Transactions decided after `version`, by transaction id. */
export function readTransactions(store: Store, officeId: string, version: number, timeZone: string, sectionOf: SectionOf): Promise<Batch<Keyed<TransactionFact>>> {
  return records(
    store,
    `SELECT max(version) AS cursor, string_agg(concat_ws(chr(31), transaction_id, ${msOf('coalesce(at, decided_at)')}, service, status, total,
       coalesce((SELECT string_agg(f->>'code', ',') FROM jsonb_array_elements(failures) f), ''), counter_id, officer_badge,
       coalesce(ticket_id::text, ''), (representative_for IS NOT NULL), md5($3 || id_number)), chr(30)) AS text
       FROM transactions WHERE office_id = $1 AND version > $2`,
    [officeId, version, PERSON_SALT],
    (f) => {
      const at = Number(f[1]);
      const clock = officeClock(at, timeZone);
      const counterId = Number(f[6]);
      const fact: TransactionFact = {
        transactionId: f[0] ?? '',
        serviceDay: clock.day,
        decidedAt: at,
        minuteOfDay: clock.minuteOfDay,
        service: f[2] ?? '',
        status: f[3] === 'completed' ? 'completed' : 'refused',
        total: Number(f[4]),
        failures: f[5] ? f[5].split(',') : [],
        counterId,
        sectionId: sectionOf(counterId),
        officerBadge: f[7] ?? '',
        ticketId: nullable(f[8]),
        representative: f[9] === 'true',
        personKey: f[10] ?? '',
      };
      return [f[0] ?? '', fact];
    },
  );
}

/** Cancellations the store received after `since`, by the cancelled transaction's id. */
export function readCancellations(store: Store, officeId: string, since: Date, timeZone: string, sectionOf: SectionOf): Promise<Batch<Keyed<CancellationFact>>> {
  return records(
    store,
    `SELECT ${msOf('max(server_time)')} AS cursor, string_agg(concat_ws(chr(31), transaction_id,
       ${msOf('coalesce(at, server_time)')}, service, step, replace(replace(reason, chr(30), ' '), chr(31), ' '), counter_id, officer_badge), chr(30)) AS text
       FROM transaction_cancellations WHERE office_id = $1 AND server_time > $2`,
    [officeId, since],
    (f) => {
      const at = Number(f[1]);
      const clock = officeClock(at, timeZone);
      const counterId = Number(f[5]);
      const fact: CancellationFact = {
        serviceDay: clock.day,
        at,
        minuteOfDay: clock.minuteOfDay,
        service: f[2] ?? '',
        step: f[3] ?? '',
        reason: f[4] ?? '',
        counterId,
        sectionId: sectionOf(counterId),
        officerBadge: f[6] ?? '',
      };
      return [f[0] ?? '', fact];
    },
  );
}

/** Bookings made or checked in after `since`, by booking id. */
export function readAppointments(store: Store, officeId: string, since: Date): Promise<Batch<Keyed<AppointmentFact>>> {
  // A booking changes when it is made and when it is checked in: both times move the cursor.
  return records(
    store,
    `SELECT ${msOf('max(greatest(created_at, checked_in_at))')} AS cursor, string_agg(concat_ws(chr(31), appointment_id, service_day,
       ${msOf('slot_at')}, section_id, service, status, coalesce(${msOf('checked_in_at')}::text, '')), chr(30)) AS text
       FROM appointments WHERE office_id = $1 AND greatest(created_at, checked_in_at) > $2`,
    [officeId, since],
    (f) => {
      const fact: AppointmentFact = {
        serviceDay: f[1] ?? '',
        slotAt: Number(f[2]),
        sectionId: f[3] ?? '',
        service: f[4] ?? '',
        status: (f[5] ?? 'booked') as AppointmentFact['status'],
        checkedInAt: nullableNumber(f[6]),
      };
      return [f[0] ?? '', fact];
    },
  );
}

/** Counter state changes after `version`, in their order. */
export function readCounterEvents(store: Store, officeId: string, version: number): Promise<Batch<CounterStateEvent>> {
  return records(
    store,
    `SELECT max(version) AS cursor, string_agg(concat_ws(chr(31), counter_id, type, ${msOf('coalesce(at, server_time)')},
       coalesce(officer_badge, ''), coalesce(session_id::text, ''), coalesce(replace(replace(reason, chr(30), ' '), chr(31), ' '), '')),
       chr(30) ORDER BY version) AS text
       FROM counter_events WHERE office_id = $1 AND version > $2`,
    [officeId, version],
    (f) => ({
      counterId: Number(f[0]),
      type: (f[1] ?? 'open') as CounterStateEvent['type'],
      at: Number(f[2]),
      officerBadge: nullable(f[3]),
      sessionId: nullable(f[4]),
      reason: nullable(f[5]),
    }),
  );
}

/** Presence periods that went on after `since`, by device and start. */
export function readPresence(store: Store, officeId: string, since: Date): Promise<Batch<Keyed<PresencePeriod>>> {
  return records(
    store,
    `SELECT ${msOf('max(p.last_at)')} AS cursor, string_agg(concat_ws(chr(31), p.device_id, d.role, coalesce(p.session_id::text, ''),
       coalesce(p.counter_id::text, ''), ${msOf('p.started_at')}, ${msOf('p.last_at')}), chr(30)) AS text
       FROM device_presence p JOIN devices d ON d.office_id = p.office_id AND d.device_id = p.device_id
      WHERE p.office_id = $1 AND p.last_at > $2`,
    [officeId, since],
    (f) => {
      const from = Number(f[4]);
      const fact: PresencePeriod = {
        deviceId: f[0] ?? '',
        role: (f[1] ?? 'kiosk') as PresencePeriod['role'],
        sessionId: nullable(f[2]),
        counterId: nullableNumber(f[3]),
        from,
        to: Number(f[5]),
      };
      return [`${f[0]}|${from}`, fact];
    },
  );
}

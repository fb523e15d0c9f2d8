/**
 * The roll-up: one row per ticket in `ticket_facts`, computed from the ticket and its
 * events by the same pure function the tests check by hand (shared/domain/metrics/facts.ts).
 * It runs incrementally: tickets whose version moved past the office's roll-up cursor are
 * read (with their whole history), turned into facts and written back, a chunk per
 * transaction; survey answers given since the last run are folded in. Reading a chunk as
 * one aggregated text row instead of thousands of result rows is what keeps it fast on the
 * embedded store (PGlite spends ~30 µs per result row, ~2 µs per row inside one text).
 */
import { ticketFactOf, type TicketEventRecord, type TicketRecord } from '../../shared/domain/metrics/facts.ts';
import type { TicketFact } from '../../shared/domain/metrics/types.ts';
import type { PriorityReason, TicketEventType, TicketStatus } from '../../shared/domain/ticket.ts';
import type { ServiceGroup } from '../../shared/domain/services.ts';
import type { Queryable, SqlParam, Store } from '../store/index.ts';
import { multiRowInsert } from '../store/sql.ts';

/** Tickets per roll-up transaction. */
const CHUNK = 2000;
/** Fact rows per INSERT statement (31 columns each, well under the parameter limit). */
const ROWS_PER_STATEMENT = 400;
/** Survey answers are re-read with this much overlap, so one committed late is not missed. */
const SURVEY_OVERLAP_MS = 10_000;

export const FIELD = '\x1f';
export const RECORD = '\x1e';

/** Milliseconds since the epoch of a timestamptz, as SQL text. */
export const msOf = (column: string): string => `floor(extract(epoch from ${column}) * 1000)::bigint`;

const FACT_COLUMNS = [
  'office_id', 'ticket_id', 'service_day', 'weekday', 'hour', 'minute_of_day', 'section_id', 'service_group', 'service', 'language',
  'priority', 'appointment', 'status', 'issued_at', 'first_called_at', 'called_at', 'started_at', 'ended_at', 'closed_at',
  'counter_id', 'officer_badge', 'segments', 'recalls', 'transfers', 'quoted_wait_min', 'quoted_wait_max', 'survey_score',
  'events', 'late_events', 'max_late_ms', 'version',
] as const;

const UPDATED = FACT_COLUMNS.filter((c) => c !== 'office_id' && c !== 'ticket_id').map((c) => `${c} = EXCLUDED.${c}`).join(', ');

/** "counter:badge:from:to" joined by ";" (the table's text form of segments). */
export function segmentsText(fact: TicketFact): string {
  return fact.segments.map((s) => `${s.counterId}:${s.officerBadge ?? ''}:${s.from}:${s.to}`).join(';');
}

const nullable = (text: string | undefined): string | null => (text === undefined || text === '' ? null : text);
const nullableNumber = (text: string | undefined): number | null => (text === undefined || text === '' ? null : Number(text));

/** Parses the events text of one ticket ("type,at,receivedAt,counter,badge,version;…"). */
function parseEvents(text: string): TicketEventRecord[] {
  if (!text) return [];
  return text.split(';').map((part) => {
    const [type = '', at = '0', received = '0', counter = '', badge = '', version = '0'] = part.split(',');
    return {
      type: type as TicketEventType,
      at: Number(at),
      receivedAt: Number(received),
      counterId: nullableNumber(counter),
      officerBadge: nullable(badge),
      version: Number(version),
    };
  });
}

interface ChunkRow {
  readonly ticket: TicketRecord;
  readonly version: number;
  readonly surveyScore: number | null;
  readonly events: TicketEventRecord[];
}

/** Tickets changed in (after, upTo], oldest change first, with their histories, as one text. */
async function readChunk(q: Queryable, officeId: string, after: number, upTo: number): Promise<ChunkRow[]> {
  const [row] = await q.query<{ text: string | null }>(
    `SELECT string_agg(line, chr(30) ORDER BY version) AS text FROM (
       SELECT t.version, concat_ws(chr(31), t.ticket_id, t.service_day, t.section_id, t.service_group, coalesce(t.service, ''),
         coalesce(t.language, ''), coalesce(t.priority, ''), coalesce(t.appointment_at::text, ''), coalesce(t.quoted_wait_min::text, ''),
         coalesce(t.quoted_wait_max::text, ''), t.status, t.version, coalesce(s.score::text, ''),
         (SELECT string_agg(concat_ws(',', e.type, ${msOf('coalesce(e.at, to_timestamp(e.device_time / 1000.0))')}, ${msOf('e.server_time')},
                   coalesce(e.counter_id::text, ''), coalesce(e.officer_badge, ''), e.version), ';' ORDER BY e.version)
            FROM ticket_events e WHERE e.office_id = t.office_id AND e.ticket_id = t.ticket_id)) AS line
         FROM tickets t LEFT JOIN ticket_surveys s ON s.office_id = t.office_id AND s.ticket_id = t.ticket_id
        WHERE t.office_id = $1 AND t.version > $2 AND t.version <= $3
        ORDER BY t.version LIMIT ${CHUNK}) chunk`,
    [officeId, after, upTo],
  );
  if (!row?.text) return [];
  return row.text.split(RECORD).map((line) => {
    const f = line.split(FIELD);
    return {
      ticket: {
        ticketId: f[0] ?? '',
        serviceDay: f[1] ?? '',
        sectionId: f[2] ?? '',
        serviceGroup: (f[3] ?? 'enquiries') as ServiceGroup,
        service: nullable(f[4]),
        language: nullable(f[5]),
        priority: nullable(f[6]) as PriorityReason | null,
        appointmentAt: nullableNumber(f[7]),
        quotedWaitMin: nullableNumber(f[8]),
        quotedWaitMax: nullableNumber(f[9]),
        status: (f[10] ?? 'waiting') as TicketStatus,
      },
      version: Number(f[11]),
      surveyScore: nullableNumber(f[12]),
      events: parseEvents(f[13] ?? ''),
    };
  });
}

function factParams(officeId: string, fact: TicketFact, version: number): SqlParam[] {
  return [
    officeId, fact.ticketId, fact.serviceDay, fact.weekday, fact.hour, fact.minuteOfDay, fact.sectionId, fact.serviceGroup, fact.service,
    fact.language, fact.priority, fact.appointment, fact.status, fact.issuedAt, fact.firstCalledAt, fact.calledAt, fact.startedAt,
    fact.endedAt, fact.closedAt, fact.counterId, fact.officerBadge, segmentsText(fact), fact.recalls, fact.transfers, fact.quotedWaitMin,
    fact.quotedWaitMax, fact.surveyScore, fact.events, fact.lateEvents, fact.maxLateMs, version,
  ];
}

async function writeFacts(q: Queryable, officeId: string, rows: readonly { fact: TicketFact; version: number }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const part = rows.slice(i, i + ROWS_PER_STATEMENT);
    await q.query(
      `${multiRowInsert('ticket_facts', FACT_COLUMNS, { service_day: '::date' }, part.length)}
       ON CONFLICT (office_id, ticket_id) DO UPDATE SET ${UPDATED}, seq = nextval('ticket_facts_seq')`,
      part.flatMap((r) => factParams(officeId, r.fact, r.version)),
    );
  }
}

export interface RollupResult {
  /** Tickets whose facts were (re)written. */
  readonly tickets: number;
  readonly surveys: number;
  /** The office version the facts now reflect. */
  readonly version: number;
}

/**
 * Brings `ticket_facts` of one office up to the office's current version. Safe to run from
 * several processes at once: each chunk holds the office's roll-up row lock. `onProgress`
 * gets (tickets done, tickets to do) after each chunk.
 */
export async function rollUp(store: Store, officeId: string, timeZone: string, onProgress?: (done: number, total: number) => void): Promise<RollupResult> {
  await store.query('INSERT INTO metric_rollups (office_id) VALUES ($1) ON CONFLICT DO NOTHING', [officeId]);
  const [office] = await store.query<{ version: number }>('SELECT version FROM offices WHERE office_id = $1', [officeId]);
  const target = office?.version ?? 0;
  const [start] = await store.query<{ version: number }>('SELECT version FROM metric_rollups WHERE office_id = $1', [officeId]);
  const total = onProgress
    ? ((await store.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets WHERE office_id = $1 AND version > $2 AND version <= $3', [
        officeId, start?.version ?? 0, target,
      ]))[0]?.n ?? 0)
    : 0;
  let tickets = 0;
  for (;;) {
    const done = await store.tx(async (q) => {
      const [cursor] = await q.query<{ version: number }>('SELECT version FROM metric_rollups WHERE office_id = $1 FOR UPDATE', [officeId]);
      const after = cursor?.version ?? 0;
      if (after >= target) return true;
      const chunk = await readChunk(q, officeId, after, target);
      const facts = chunk.map((r) => ({ fact: ticketFactOf(r.ticket, r.events, timeZone, r.surveyScore), version: r.version }));
      await writeFacts(q, officeId, facts);
      const reached = chunk.length < CHUNK ? target : (chunk.at(-1)?.version ?? target);
      await q.query('UPDATE metric_rollups SET version = $2 WHERE office_id = $1', [officeId, reached]);
      tickets += chunk.length;
      return reached >= target;
    });
    onProgress?.(tickets, total);
    if (done) break;
  }
  const surveys = await foldSurveys(store, officeId);
  return { tickets, surveys, version: target };
}

/** Survey answers given since the last run: their tickets' facts get the score (and a new seq). */
async function foldSurveys(store: Store, officeId: string): Promise<number> {
  return store.tx(async (q) => {
    const [cursor] = await q.query<{ surveys_through: Date | null }>('SELECT surveys_through FROM metric_rollups WHERE office_id = $1 FOR UPDATE', [
      officeId,
    ]);
    const since = new Date((cursor?.surveys_through?.getTime() ?? 0) - SURVEY_OVERLAP_MS);
    const updated = await q.query<{ answered_at: Date }>(
      `UPDATE ticket_facts f SET survey_score = s.score, seq = nextval('ticket_facts_seq')
         FROM ticket_surveys s
        WHERE s.office_id = $1 AND s.answered_at > $2 AND f.office_id = s.office_id AND f.ticket_id = s.ticket_id
          AND f.survey_score IS DISTINCT FROM s.score
        RETURNING s.answered_at`,
      [officeId, since],
    );
    const [latest] = await q.query<{ at: Date | null }>('SELECT max(answered_at) AS at FROM ticket_surveys WHERE office_id = $1', [officeId]);
    if (latest?.at) await q.query('UPDATE metric_rollups SET surveys_through = $2 WHERE office_id = $1', [officeId, latest.at]);
    return updated.length;
  });
}

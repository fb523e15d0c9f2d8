/**
 * Everything the figures of one office are computed from, kept in this process's memory
 * and brought up to date incrementally before each use: ticket facts by their roll-up seq,
 * transactions and counter events by version, the rest by time with an overlap. Six months
 * of a busy office (200,000 tickets) is read once (about half a second on the embedded
 * store, as aggregated text) and then costs a few small queries per refresh, so the
 * console's figures are pure computation over memory (shared/domain/metrics/).
 *
 * A person's number never enters this cache: transactions carry a keyed hash of it, with a
 * key made when the process starts and never stored, only good for "same person again".
 */
import { randomBytes } from 'node:crypto';
import { officeClock } from '../../shared/domain/metrics/clock.ts';
import type {
  AppointmentFact,
  CancellationFact,
  CounterStateEvent,
  MetricsInput,
  PresencePeriod,
  ServingSegment,
  TicketFact,
  TransactionFact,
} from '../../shared/domain/metrics/types.ts';
import { PRESENCE_TIMEOUT_MS } from '../../shared/domain/metrics/types.ts';
import { appointmentSettingsOf } from '../../shared/domain/appointments.ts';
import { pilotOf, shiftsOf, type OfficeConfig } from '../../shared/domain/office.ts';
import type { TicketStatus } from '../../shared/domain/ticket.ts';
import type { ServiceGroup } from '../../shared/domain/services.ts';
import type { Store } from '../store/index.ts';
import { FIELD, msOf, RECORD, rollUp } from './rollup.ts';

/** Rows re-read by time are read again from this far back, so a late commit is not missed. */
const OVERLAP_MS = 60_000;
/** A refresh within this long of the last one is skipped (the console polls; pushes are constant). */
export const REFRESH_EVERY_MS = 2000;

const PERSON_SALT = randomBytes(16).toString('hex');

const nullable = (text: string | undefined): string | null => (text === undefined || text === '' ? null : text);
const nullableNumber = (text: string | undefined): number | null => (text === undefined || text === '' ? null : Number(text));

/** Reads `SELECT string_agg(...) AS text, <max> AS cursor` and splits it into records. */
async function records(store: Store, sql: string, params: readonly (string | number | Date)[]): Promise<{ rows: string[][]; cursor: number | null }> {
  const [row] = await store.query<{ text: string | null; cursor: number | string | null }>(sql, params);
  const rows = row?.text ? row.text.split(RECORD).map((r) => r.split(FIELD)) : [];
  return { rows, cursor: row?.cursor === null || row?.cursor === undefined ? null : Number(row.cursor) };
}

function parseSegments(text: string | undefined): ServingSegment[] {
  if (!text) return [];
  return text.split(';').map((s) => {
    const [counter = '0', badge = '', from = '0', to = '0'] = s.split(':');
    return { counterId: Number(counter), officerBadge: badge || null, from: Number(from), to: Number(to) };
  });
}

export class OfficeData {
  readonly tickets = new Map<string, TicketFact>();
  readonly transactions = new Map<string, TransactionFact>();
  readonly cancellations = new Map<string, CancellationFact>();
  readonly appointments = new Map<string, AppointmentFact>();
  readonly counterEvents: CounterStateEvent[] = [];
  readonly presence = new Map<string, PresencePeriod>();
  /** Bumped whenever anything above changed: results computed from an older generation are stale. */
  generation = 0;
  private factSeq = 0;
  private transactionVersion = 0;
  private counterVersion = 0;
  private cancellationsAt = 0;
  private appointmentsAt = 0;
  private presenceAt = 0;
  private refreshedAt = -Infinity;
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    readonly officeId: string,
    public config: OfficeConfig,
  ) {}

  /** Brings the data up to date (at most every REFRESH_EVERY_MS; concurrent callers share one run). */
  refresh(now: number, force = false): Promise<void> {
    if (this.running) return this.running;
    if (!force && now - this.refreshedAt < REFRESH_EVERY_MS) return Promise.resolve();
    this.running = this.load(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The figures' input as of `now`. */
  input(now: number): MetricsInput {
    const settings = this.config.settings;
    return {
      tickets: [...this.tickets.values()],
      transactions: [...this.transactions.values()],
      cancellations: [...this.cancellations.values()],
      appointments: [...this.appointments.values()],
      counterEvents: this.counterEvents,
      presence: [...this.presence.values()],
      counters: this.config.counters.map((c) => ({ id: c.id, sectionId: c.sectionId })),
      timeZone: settings.timeZone,
      shifts: shiftsOf(settings),
      serviceLevelMinutes: pilotOf(settings).targets.serviceLevelMinutes,
      appointmentLateMinutes: appointmentSettingsOf(settings).checkInLateMinutes,
      staffCostPerCounterHour: pilotOf(settings).staffCostPerCounterHour,
      now,
    };
  }

  private async load(now: number): Promise<void> {
    const [office] = await this.store.query<{ config: OfficeConfig }>('SELECT config FROM offices WHERE office_id = $1', [this.officeId]);
    if (office) this.config = office.config;
    const timeZone = this.config.settings.timeZone;
    await rollUp(this.store, this.officeId, timeZone);
    const changed =
      (await this.loadFacts()) +
      (await this.loadTransactions(timeZone)) +
      (await this.loadCancellations(timeZone)) +
      (await this.loadAppointments()) +
      (await this.loadCounterEvents()) +
      (await this.loadPresence());
    if (changed > 0) this.generation += 1;
    this.refreshedAt = now;
  }

  private async loadFacts(): Promise<number> {
    const { rows, cursor } = await records(
      this.store,
      `SELECT max(seq) AS cursor, string_agg(concat_ws(chr(31), ticket_id, service_day, weekday, hour, minute_of_day, section_id,
         service_group, coalesce(service, ''), coalesce(language, ''), priority, appointment, status, issued_at,
         coalesce(first_called_at::text, ''), coalesce(called_at::text, ''), coalesce(started_at::text, ''), coalesce(ended_at::text, ''),
         coalesce(closed_at::text, ''), coalesce(counter_id::text, ''), coalesce(officer_badge, ''), segments, recalls, transfers,
         coalesce(quoted_wait_min::text, ''), coalesce(quoted_wait_max::text, ''), coalesce(survey_score::text, ''), events,
         late_events, max_late_ms), chr(30)) AS text
         FROM ticket_facts WHERE office_id = $1 AND seq > $2`,
      [this.officeId, this.factSeq],
    );
    for (const f of rows) {
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
      this.tickets.set(fact.ticketId, fact);
    }
    if (cursor !== null) this.factSeq = Math.max(this.factSeq, cursor);
    return rows.length;
  }

  private sectionOf(counterId: number): string | null {
    return this.config.counters.find((c) => c.id === counterId)?.sectionId ?? null;
  }

  private async loadTransactions(timeZone: string): Promise<number> {
    const { rows, cursor } = await records(
      this.store,
      `SELECT max(version) AS cursor, string_agg(concat_ws(chr(31), transaction_id, ${msOf('coalesce(at, decided_at)')}, service, status, total,
         coalesce((SELECT string_agg(f->>'code', ',') FROM jsonb_array_elements(failures) f), ''), counter_id, officer_badge,
         coalesce(ticket_id::text, ''), (representative_for IS NOT NULL), md5($3 || id_number)), chr(30)) AS text
         FROM transactions WHERE office_id = $1 AND version > $2`,
      [this.officeId, this.transactionVersion, PERSON_SALT],
    );
    for (const f of rows) {
      const at = Number(f[1]);
      const clock = officeClock(at, timeZone);
      const counterId = Number(f[6]);
      this.transactions.set(f[0] ?? '', {
        transactionId: f[0] ?? '',
        serviceDay: clock.day,
        decidedAt: at,
        minuteOfDay: clock.minuteOfDay,
        service: f[2] ?? '',
        status: f[3] === 'completed' ? 'completed' : 'refused',
        total: Number(f[4]),
        failures: f[5] ? f[5].split(',') : [],
        counterId,
        sectionId: this.sectionOf(counterId),
        officerBadge: f[7] ?? '',
        ticketId: nullable(f[8]),
        representative: f[9] === 'true',
        personKey: f[10] ?? '',
      });
    }
    if (cursor !== null) this.transactionVersion = Math.max(this.transactionVersion, cursor);
    return rows.length;
  }

  private async loadCancellations(timeZone: string): Promise<number> {
    const { rows, cursor } = await records(
      this.store,
      `SELECT ${msOf('max(server_time)')} AS cursor, string_agg(concat_ws(chr(31), transaction_id,
         ${msOf('coalesce(at, server_time)')}, service, step, replace(replace(reason, chr(30), ' '), chr(31), ' '), counter_id, officer_badge), chr(30)) AS text
         FROM transaction_cancellations WHERE office_id = $1 AND server_time > $2`,
      [this.officeId, new Date(this.cancellationsAt - OVERLAP_MS)],
    );
    for (const f of rows) {
      const at = Number(f[1]);
      const clock = officeClock(at, timeZone);
      const counterId = Number(f[5]);
      this.cancellations.set(f[0] ?? '', {
        serviceDay: clock.day,
        at,
        minuteOfDay: clock.minuteOfDay,
        service: f[2] ?? '',
        step: f[3] ?? '',
        reason: f[4] ?? '',
        counterId,
        sectionId: this.sectionOf(counterId),
        officerBadge: f[6] ?? '',
      });
    }
    if (cursor !== null) this.cancellationsAt = Math.max(this.cancellationsAt, cursor);
    return rows.length;
  }

  private async loadAppointments(): Promise<number> {
    // A booking changes when it is made and when it is checked in: both times move the cursor.
    const { rows, cursor } = await records(
      this.store,
      `SELECT ${msOf('max(greatest(created_at, checked_in_at))')} AS cursor, string_agg(concat_ws(chr(31), appointment_id, service_day,
         ${msOf('slot_at')}, section_id, service, status, coalesce(${msOf('checked_in_at')}::text, '')), chr(30)) AS text
         FROM appointments WHERE office_id = $1 AND greatest(created_at, checked_in_at) > $2`,
      [this.officeId, new Date(this.appointmentsAt - OVERLAP_MS)],
    );
    for (const f of rows) {
      this.appointments.set(f[0] ?? '', {
        serviceDay: f[1] ?? '',
        slotAt: Number(f[2]),
        sectionId: f[3] ?? '',
        service: f[4] ?? '',
        status: (f[5] ?? 'booked') as AppointmentFact['status'],
        checkedInAt: nullableNumber(f[6]),
      });
    }
    if (cursor !== null) this.appointmentsAt = Math.max(this.appointmentsAt, cursor);
    return rows.length;
  }

  private async loadCounterEvents(): Promise<number> {
    const { rows, cursor } = await records(
      this.store,
      `SELECT max(version) AS cursor, string_agg(concat_ws(chr(31), counter_id, type, ${msOf('coalesce(at, server_time)')},
         coalesce(officer_badge, ''), coalesce(session_id::text, ''), coalesce(replace(replace(reason, chr(30), ' '), chr(31), ' '), '')),
         chr(30) ORDER BY version) AS text
         FROM counter_events WHERE office_id = $1 AND version > $2`,
      [this.officeId, this.counterVersion],
    );
    for (const f of rows) {
      this.counterEvents.push({
        counterId: Number(f[0]),
        type: (f[1] ?? 'open') as CounterStateEvent['type'],
        at: Number(f[2]),
        officerBadge: nullable(f[3]),
        sessionId: nullable(f[4]),
        reason: nullable(f[5]),
      });
    }
    if (cursor !== null) this.counterVersion = Math.max(this.counterVersion, cursor);
    return rows.length;
  }

  private async loadPresence(): Promise<number> {
    const { rows, cursor } = await records(
      this.store,
      `SELECT ${msOf('max(p.last_at)')} AS cursor, string_agg(concat_ws(chr(31), p.device_id, d.role, coalesce(p.session_id::text, ''),
         coalesce(p.counter_id::text, ''), ${msOf('p.started_at')}, ${msOf('p.last_at')}), chr(30)) AS text
         FROM device_presence p JOIN devices d ON d.office_id = p.office_id AND d.device_id = p.device_id
        WHERE p.office_id = $1 AND p.last_at > $2`,
      [this.officeId, new Date(this.presenceAt - PRESENCE_TIMEOUT_MS - OVERLAP_MS)],
    );
    for (const f of rows) {
      const from = Number(f[4]);
      this.presence.set(`${f[0]}|${from}`, {
        deviceId: f[0] ?? '',
        role: (f[1] ?? 'kiosk') as PresencePeriod['role'],
        sessionId: nullable(f[2]),
        counterId: nullableNumber(f[3]),
        from,
        to: Number(f[5]),
      });
    }
    if (cursor !== null) this.presenceAt = Math.max(this.presenceAt, cursor);
    return rows.length;
  }
}

/** One OfficeData per office, made on first use. */
export class MetricsCache {
  private readonly offices = new Map<string, OfficeData>();
  constructor(private readonly store: Store) {}

  async office(officeId: string, now: number, force = false): Promise<OfficeData> {
    let data = this.offices.get(officeId);
    if (!data) {
      const [row] = await this.store.query<{ config: OfficeConfig }>('SELECT config FROM offices WHERE office_id = $1', [officeId]);
      if (!row) throw new Error(`office ${officeId} vanished`);
      data = new OfficeData(this.store, officeId, row.config);
      this.offices.set(officeId, data);
    }
    await data.refresh(now, force);
    return data;
  }
}

/**
 * Everything the figures of one office are computed from, kept in this process's memory
 * and brought up to date incrementally before each use: ticket facts by their roll-up seq,
 * transactions and counter events by version, the rest by time with an overlap (the
 * queries are factQueries.ts). Six months of a busy office (200,000 tickets) is read once
 * (about half a second on the embedded store, as aggregated text) and then costs a few
 * small queries per refresh, so the console's figures are pure computation over memory
 * (shared/domain/metrics/).
 *
 * A person's number never enters this cache: transactions carry a keyed hash of it, with a
 * key made when the process starts and never stored, only good for "same person again".
 */
import type {
  AppointmentFact,
  CancellationFact,
  CounterStateEvent,
  MetricsInput,
  PresencePeriod,
  TicketFact,
  TransactionFact,
} from '../../shared/domain/metrics/types.ts';
import { PRESENCE_TIMEOUT_MS } from '../../shared/domain/metrics/types.ts';
import { appointmentSettingsOf } from '../../shared/domain/appointments.ts';
import { pilotOf, shiftsOf, type OfficeConfig } from '../../shared/domain/office.ts';
import type { Store } from '../store/index.ts';
import {
  readAppointments,
  readCancellations,
  readCounterEvents,
  readPresence,
  readTicketFacts,
  readTransactions,
  type Batch,
  type Keyed,
} from './factQueries.ts';
import { rollUp } from './rollup.ts';

/** Rows re-read by time are read again from this far back, so a late commit is not missed. */
const OVERLAP_MS = 60_000;
/** A refresh within this long of the last one is skipped (the console polls; pushes are constant). */
export const REFRESH_EVERY_MS = 2000;

/** Keeps a batch's facts under their keys; how many it read. */
function keep<T>(into: Map<string, T>, batch: Batch<Keyed<T>>): number {
  for (const [key, fact] of batch.rows) into.set(key, fact);
  return batch.rows.length;
}

/** A cursor moved on by a batch (never back). */
const advance = (cursor: number, batch: Batch<unknown>): number => (batch.cursor === null ? cursor : Math.max(cursor, batch.cursor));

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

  /** The fact lists of the current generation and config, made once (evaluations over the same lists share their window's facts). */
  private lists: { generation: number; config: OfficeConfig; value: Omit<MetricsInput, 'now'> } | null = null;

  /** The figures' input as of `now`: the same lists while the facts and the config have not changed. */
  input(now: number): MetricsInput {
    if (this.lists?.generation !== this.generation || this.lists.config !== this.config) {
      const settings = this.config.settings;
      this.lists = {
        generation: this.generation,
        config: this.config,
        value: {
          tickets: [...this.tickets.values()],
          transactions: [...this.transactions.values()],
          cancellations: [...this.cancellations.values()],
          appointments: [...this.appointments.values()],
          counterEvents: [...this.counterEvents],
          presence: [...this.presence.values()],
          counters: this.config.counters.map((c) => ({ id: c.id, sectionId: c.sectionId })),
          timeZone: settings.timeZone,
          shifts: shiftsOf(settings),
          serviceLevelMinutes: pilotOf(settings).targets.serviceLevelMinutes,
          appointmentLateMinutes: appointmentSettingsOf(settings).checkInLateMinutes,
          staffCostPerCounterHour: pilotOf(settings).staffCostPerCounterHour,
        },
      };
    }
    return { ...this.lists.value, now };
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

  private readonly sectionOf = (counterId: number): string | null => this.config.counters.find((c) => c.id === counterId)?.sectionId ?? null;

  private async loadFacts(): Promise<number> {
    const batch = await readTicketFacts(this.store, this.officeId, this.factSeq);
    this.factSeq = advance(this.factSeq, batch);
    return keep(this.tickets, batch);
  }

  private async loadTransactions(timeZone: string): Promise<number> {
    const batch = await readTransactions(this.store, this.officeId, this.transactionVersion, timeZone, this.sectionOf);
    this.transactionVersion = advance(this.transactionVersion, batch);
    return keep(this.transactions, batch);
  }

  private async loadCancellations(timeZone: string): Promise<number> {
    const batch = await readCancellations(this.store, this.officeId, new Date(this.cancellationsAt - OVERLAP_MS), timeZone, this.sectionOf);
    this.cancellationsAt = advance(this.cancellationsAt, batch);
    return keep(this.cancellations, batch);
  }

  private async loadAppointments(): Promise<number> {
    const batch = await readAppointments(this.store, this.officeId, new Date(this.appointmentsAt - OVERLAP_MS));
    this.appointmentsAt = advance(this.appointmentsAt, batch);
    return keep(this.appointments, batch);
  }

  private async loadCounterEvents(): Promise<number> {
    const batch = await readCounterEvents(this.store, this.officeId, this.counterVersion);
    this.counterEvents.push(...batch.rows);
    this.counterVersion = advance(this.counterVersion, batch);
    return batch.rows.length;
  }

  private async loadPresence(): Promise<number> {
    const batch = await readPresence(this.store, this.officeId, new Date(this.presenceAt - PRESENCE_TIMEOUT_MS - OVERLAP_MS));
    this.presenceAt = advance(this.presenceAt, batch);
    return keep(this.presence, batch);
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

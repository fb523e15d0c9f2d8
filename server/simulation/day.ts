/**
 * One office day as a discrete-event simulation. Residents take tickets at the kiosks
 * (quoted by the kiosk's own estimator), counters call them with the real queue engine
 * (shared/domain/queue.ts) and every change goes through the shared ticket rules
 * (shared/domain/ticketRules.ts) on the model's copy of the store's tickets, exactly as a device
 * applies them. The model only sees what the store would: a ticket issued at a kiosk that
 * is offline cannot be called until that kiosk is back. The kiosks' side is kiosk.ts, the
 * counters' shifts counter.ts, a ticket at a counter service.ts. What happened comes out as
 * ops (ops.ts) for delivery; the store then decides everything again on its own.
 */
import { catalogOf } from '../../shared/domain/catalog.ts';
import type { IsoDate } from '../../shared/domain/dates.ts';
import { feesOf, type FeeSchedule } from '../../shared/domain/fees.ts';
import { shiftsOf, type Counter, type OfficeConfig } from '../../shared/domain/office.ts';
import { queueSettingsOf, type QueueSettings } from '../../shared/domain/queue.ts';
import type { ServiceGroup } from '../../shared/domain/services.ts';
import { applyTicketAction, type Ticket, type TicketAction } from '../../shared/domain/ticket.ts';
import type { MutationName } from '../../shared/sync/mutations.ts';
import { signIn, tryCall } from './counter.ts';
import { Agenda } from './heap.ts';
import { arrive } from './kiosk.ts';
import type { Section, Tuning } from './model.ts';
import { arrivalOf, type Op, type SimDevice, type SimSession } from './ops.ts';
import type { Person, Registry } from './people.ts';
import { planArrivals, planCheckIns, planOutages, planStaffing, type Arrival, type BookedSlot, type Officer, type PlannedBreak, type ShiftPlan } from './plan.ts';
import type { Rng } from './rng.ts';
import { WaitingTickets } from './waiting.ts';

export interface OfficeRun {
  readonly index: number;
  readonly officeId: string;
  readonly config: OfficeConfig;
  readonly kiosks: readonly SimDevice[];
  /** The terminal at each counter. */
  readonly terminals: ReadonlyMap<number, SimDevice>;
  readonly boards: readonly SimDevice[];
  readonly officers: readonly Officer[];
  /** The office's public key (SPKI, base64) that seals identity numbers. */
  readonly sealKey: string;
}

export interface DayInput {
  readonly office: OfficeRun;
  readonly rng: Rng;
  readonly day: IsoDate;
  readonly dayIndex: number;
  readonly weekday: number;
  /** Walk-ins per minute per unit of arrival weight (calendar.ts). */
  readonly perWeight: number;
  readonly tuning: Tuning;
  readonly registry: Registry;
  readonly bookings: readonly BookedSlot[];
}

export interface SimTicket {
  readonly id: string;
  readonly publicCode: string;
  readonly arrival: Arrival;
  readonly kiosk: SimDevice;
  /** The model's copy of the store's ticket; null until its issue reached the store. */
  ticket: Ticket | null;
  /** The person behind it, when known before the counter (typed at the kiosk, or booked). */
  readonly person: Person | null;
  /** Walked away without telling anyone: will not come when called. */
  gone: boolean;
  /** First call (true time), for the wait the survey answer reflects. */
  firstCalledAt: number | null;
  /** A parked resident comes back at this time. */
  returnAt: number | null;
  /** Sent back to the queue by a transfer: the service is then one of its new group. */
  transferred: boolean;
  /** The key of its QR link, when the resident left a mobile for notices (sealed with it). */
  key: string | null;
}

export interface Agent {
  readonly counter: Counter;
  readonly section: Section;
  readonly device: SimDevice;
  state: 'closed' | 'idle' | 'busy' | 'break';
  plan: ShiftPlan | null;
  session: SimSession | null;
  breaks: PlannedBreak[];
  readonly parked: SimTicket[];
}

export class DayModel {
  readonly ops: Op[] = [];
  readonly agenda = new Agenda();
  readonly settings: QueueSettings;
  readonly fees: FeeSchedule;
  readonly rng: Rng;
  readonly waiting: Record<Section, WaitingTickets> = { men: new WaitingTickets(), women: new WaitingTickets() };
  readonly #byId = new Map<string, SimTicket>();
  readonly #sectionTickets: Record<Section, SimTicket[]> = { men: [], women: [] };
  readonly #kioskSeq = new Map<string, number>();
  readonly agents: Agent[];
  readonly #groups: ReadonlyMap<string, ServiceGroup>;
  /** Identity numbers whose records the day's transactions may change. */
  readonly people = new Set<string>();
  version = 0;

  constructor(readonly input: DayInput) {
    const { config } = input.office;
    this.rng = input.rng;
    this.settings = queueSettingsOf(config.settings);
    this.fees = feesOf(config);
    this.#groups = new Map(catalogOf(config).map((e) => [e.id, e.group]));
    this.agents = config.counters.flatMap((counter) => {
      const device = input.office.terminals.get(counter.id);
      const section = counter.sectionId === 'women' ? 'women' : 'men';
      return device ? [{ counter, section, device, state: 'closed', plan: null, session: null, breaks: [], parked: [] } as Agent] : [];
    });
  }

  /** The day's tickets as the model left them (for checks and tuning). */
  tickets(): readonly SimTicket[] {
    return [...this.#byId.values()];
  }

  groupOf(service: string): ServiceGroup | undefined {
    return this.#groups.get(service);
  }

  get tuning(): Tuning {
    return this.input.tuning;
  }

  /** Runs the day; returns its ops in the order the store receives them. */
  run(): Op[] {
    const { office, rng, day, dayIndex, weekday, tuning } = this.input;
    const { timeZone } = office.config.settings;
    const shifts = shiftsOf(office.config.settings);
    const plans = planStaffing(rng, office.officers, day, dayIndex, weekday, shifts, timeZone);
    this.#planOutages(plans, planOutages(rng, tuning.outagesPerMonth, shifts, day, timeZone));
    for (const plan of plans) {
      const agent = this.agents.find((a) => a.counter.id === plan.officer.counterId);
      if (agent) this.agenda.add(plan.signInAt, () => signIn(this, agent, plan, plan.signInAt));
    }
    const walkIns = planArrivals(rng, tuning, this.input.perWeight, weekday, shifts, day, timeZone, office.kiosks.length);
    for (const a of [...walkIns, ...planCheckIns(rng, tuning, this.input.bookings, office.kiosks.length)]) {
      this.agenda.add(a.at, () => arrive(this, a));
    }
    for (let next = this.agenda.take(); next; next = this.agenda.take()) next.run(next.time);
    return this.ops.map((op, i) => ({ op, i })).sort((a, b) => a.op.arriveAt - b.op.arriveAt || a.i - b.i).map((x) => x.op);
  }

  /** Each planned outage strikes one device that is up then: a kiosk, a staffed counter's terminal or a board. */
  #planOutages(plans: readonly ShiftPlan[], outages: readonly { from: number; to: number }[]): void {
    const { kiosks, boards, terminals } = this.input.office;
    for (const d of [...kiosks, ...boards, ...terminals.values()]) d.outages = [];
    for (const o of outages) {
      const staffed = plans.filter((p) => p.signInAt + 10 * 60_000 < o.from && p.endAt > o.to).map((p) => terminals.get(p.officer.counterId));
      const kind = this.rng.weighted([['kiosk', 0.4], ['counter', staffed.length ? 0.45 : 0], ['board', 0.15]] as const);
      const pool = kind === 'kiosk' ? kiosks : kind === 'board' ? boards : staffed.filter((d): d is SimDevice => d !== undefined);
      const device = pool.length ? this.rng.pick(pool) : undefined;
      if (device && !device.outages.some(([f, t]) => f < o.to && o.from < t)) device.outages = [...device.outages, [o.from, o.to]];
    }
  }

  /** Records a device's change, as made at `at`; returns when the store receives it. */
  emit(device: SimDevice, at: number, name: MutationName, args: () => unknown, session: SimSession | null, ticketId: string | null, refusal = false): number {
    if (!Number.isSafeInteger(at)) throw new Error(`${name} at a time that is not whole milliseconds: ${at}`);
    const arriveAt = arrivalOf(device, at, this.rng.next());
    const sessionId = session?.sessionId ?? null;
    this.ops.push({ kind: 'mutation', at, arriveAt, device, name, deviceTime: at + device.skewMs, sessionId, ticketId, args, refusal });
    return arriveAt;
  }

  /** A call to a route of the store at `at` (online: received at once). */
  route(op: Op): void {
    if (!Number.isSafeInteger(op.at)) throw new Error(`${op.kind} at a time that is not whole milliseconds: ${op.at}`);
    this.ops.push(op);
  }

  /** The same ticket rule the device runs, on the model's copy; a refusal here is a bug of the model. */
  apply(st: SimTicket, action: TicketAction, device: SimDevice, at: number): void {
    const result = applyTicketAction(st.ticket ?? undefined, action, { deviceTime: at + device.skewMs, version: ++this.version, queue: this.settings });
    if (!result.ok) throw new Error(`the day model broke a ticket rule: ${result.error.message}`);
    st.ticket = result.ticket;
    this.waiting[st.arrival.section].update(st);
  }

  /** Lets every idle counter of `section` look at the queue (in a random order: whoever presses first). */
  wake(section: Section, t: number): void {
    const idle = this.agents.filter((a) => a.section === section && a.state === 'idle');
    for (let i = idle.length - 1; i > 0; i--) {
      const j = this.rng.int(0, i);
      [idle[i], idle[j]] = [idle[j] as Agent, idle[i] as Agent];
    }
    for (const a of idle) tryCall(this, a, t);
  }

  /** Registers a ticket just taken at a kiosk. */
  add(st: SimTicket): void {
    this.#byId.set(st.id, st);
    this.#sectionTickets[st.arrival.section].push(st);
  }

  /** The section's tickets of the day, as the kiosk's copy holds them. */
  sectionTickets(section: Section): readonly SimTicket[] {
    return this.#sectionTickets[section];
  }

  /** The next number a kiosk prints in a section today. */
  nextNumber(kiosk: SimDevice, section: Section): number {
    const key = `${kiosk.deviceId}:${section}`;
    const n = (this.#kioskSeq.get(key) ?? 0) + 1;
    this.#kioskSeq.set(key, n);
    return n;
  }
}

/**
 * One office day as a discrete-event simulation. Residents take tickets at the kiosks
 * (quoted by the kiosk's own estimator), counters call them with the real queue engine
 * (shared/domain/queue.ts) and every change goes through the shared ticket rules
 * (shared/domain/ticket.ts) on the model's copy of the store's tickets, exactly as a device
 * applies them. The model only sees what the store would: a ticket issued at a kiosk that
 * is offline cannot be called until that kiosk is back. What happened comes out as ops
 * (ops.ts) for delivery; the store then decides everything again on its own.
 */
import { catalogOf } from '../../shared/domain/catalog.ts';
import type { IsoDate } from '../../shared/domain/dates.ts';
import { quoteFromDay } from '../../shared/domain/estimate.ts';
import { feesOf, type FeeSchedule } from '../../shared/domain/fees.ts';
import { shiftsOf, type Counter, type OfficeConfig } from '../../shared/domain/office.ts';
import { nextTicket, queueSettingsOf, type QueueSettings } from '../../shared/domain/queue.ts';
import type { ServiceGroup } from '../../shared/domain/services.ts';
import { applyTicketAction, formatDisplayNumber, type Ticket, type TicketAction } from '../../shared/domain/ticket.ts';
import { seal } from './seal.ts';
import type { MutationName } from '../../shared/sync/mutations.ts';
import { newId, newToken } from '../security/secrets.ts';
import { Agenda } from './heap.ts';
import type { Section, Tuning } from './model.ts';
import { arrivalOf, outageAt, type Op, type SimDevice, type SimSession } from './ops.ts';
import type { Person, Registry } from './people.ts';
import { planArrivals, planCheckIns, planOutages, planStaffing, type Arrival, type BookedSlot, type Officer, type PlannedBreak, type ShiftPlan } from './plan.ts';
import type { Rng } from './rng.ts';
import { resumeService, serveTicket } from './service.ts';

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

/** How long counters keep serving after the shift's end, when people still wait. */
const OVERTIME_MS = 45 * 60_000;

export class DayModel {
  readonly ops: Op[] = [];
  readonly agenda = new Agenda();
  readonly settings: QueueSettings;
  readonly fees: FeeSchedule;
  readonly rng: Rng;
  readonly waiting: Record<Section, Set<SimTicket>> = { men: new Set(), women: new Set() };
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
      if (agent) this.agenda.add(plan.signInAt, () => this.#signIn(agent, plan, plan.signInAt));
    }
    const walkIns = planArrivals(rng, tuning, this.input.perWeight, weekday, shifts, day, timeZone, office.kiosks.length);
    for (const a of [...walkIns, ...planCheckIns(rng, tuning, this.input.bookings, office.kiosks.length)]) {
      this.agenda.add(a.at, () => this.#arrive(a));
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
  }

  ticketOf(t: Ticket): SimTicket {
    const st = this.#byId.get(t.ticketId);
    if (!st) throw new Error(`unknown ticket ${t.ticketId}`);
    return st;
  }

  /** Lets every idle counter of `section` look at the queue (in a random order: whoever presses first). */
  wake(section: Section, t: number): void {
    const idle = this.agents.filter((a) => a.section === section && a.state === 'idle');
    for (let i = idle.length - 1; i > 0; i--) {
      const j = this.rng.int(0, i);
      [idle[i], idle[j]] = [idle[j] as Agent, idle[i] as Agent];
    }
    for (const a of idle) this.tryCall(a, t);
  }

  #signIn(agent: Agent, plan: ShiftPlan, t: number): void {
    const outage = outageAt(agent.device, t);
    if (outage) return this.agenda.add(outage[1] + 1000, () => this.#signIn(agent, plan, outage[1] + 1000));
    const session: SimSession = { sessionId: newId(), token: newToken('officer'), badge: plan.officer.badge, counterId: agent.counter.id, device: agent.device, signInAt: t, signOutAt: t };
    agent.session = session;
    agent.plan = plan;
    agent.breaks = [...plan.breaks];
    agent.state = 'idle';
    this.route({ kind: 'signIn', at: t, arriveAt: t, session });
    this.emit(agent.device, t + 4000, 'counter.open', () => ({ counterId: agent.counter.id }), session, null);
    this.agenda.add(t + 10_000, () => this.tryCall(agent, t + 10_000));
  }

  /** A free counter: a returned parked resident first, then a due break, closing time, or the next ticket. */
  tryCall(a: Agent, t: number): void {
    const plan = a.plan;
    if (a.state !== 'idle' || !plan) return;
    const outage = outageAt(a.device, t);
    // Offline, the board cannot announce a call: the officer waits for the network.
    if (outage) return this.agenda.add(outage[1] + 1000, () => this.tryCall(a, outage[1] + 1000));
    const back = a.parked.find((p) => p.returnAt !== null && p.returnAt <= t);
    if (back) {
      a.parked.splice(a.parked.indexOf(back), 1);
      return resumeService(this, a, back, t);
    }
    let due = a.breaks[0];
    // A break is taken once the ticket in hand is done; one that would run into closing time is skipped.
    while (due && due.at <= t && t + due.minutes * 60_000 > plan.endAt - 10 * 60_000) {
      a.breaks.shift();
      due = a.breaks[0];
    }
    if (due && due.at <= t) {
      a.breaks.shift();
      return this.#takeBreak(a, due, t);
    }
    const queue = this.waiting[a.section];
    if (t >= plan.endAt && a.parked.length === 0 && (queue.size === 0 || t >= plan.endAt + OVERTIME_MS)) return this.#close(a, t);
    const pick = queue.size
      ? nextTicket([...queue].map((s) => s.ticket as Ticket), a.counter, this.input.office.config.serviceGroups, this.settings, t + a.device.skewMs)
      : null;
    if (pick) return serveTicket(this, a, this.ticketOf(pick.ticket), t);
    // Nothing to call: look again at the next break, the end of the shift or a parked resident's return.
    const wakes = [due?.at, plan.endAt > t ? plan.endAt : plan.endAt + OVERTIME_MS, ...a.parked.map((p) => p.returnAt ?? 0)];
    const wake = Math.min(...wakes.filter((w): w is number => w !== undefined && w > t));
    if (Number.isFinite(wake)) this.agenda.add(wake, () => this.tryCall(a, wake));
  }

  /** The counter is free again at `t`. */
  free(a: Agent, t: number): void {
    this.agenda.add(t, () => {
      a.state = 'idle';
      this.tryCall(a, t);
    });
  }

  #takeBreak(a: Agent, b: PlannedBreak, t: number): void {
    a.state = 'break';
    this.emit(a.device, t, 'counter.break', () => ({ counterId: a.counter.id, reason: b.reason }), a.session, null);
    const back = t + b.minutes * 60_000;
    this.agenda.add(back, () => {
      this.emit(a.device, back, 'counter.resume', () => ({ counterId: a.counter.id }), a.session, null);
      a.state = 'idle';
      this.tryCall(a, back);
    });
  }

  #close(a: Agent, t: number): void {
    const session = a.session;
    this.emit(a.device, t, 'counter.close', () => ({ counterId: a.counter.id }), session, null);
    if (session) {
      session.signOutAt = t + 20_000;
      this.route({ kind: 'signOut', at: session.signOutAt, arriveAt: session.signOutAt, session });
    }
    a.state = 'closed';
    a.plan = null;
    a.session = null;
    // The last counter of the section closed: whoever still waits is told to come back another time.
    if (!this.agents.some((x) => x.section === a.section && x.state !== 'closed')) {
      for (const st of [...this.waiting[a.section]]) this.agenda.add(t + this.rng.int(0, 600_000), (time) => this.#giveUp(st, time));
    }
  }

  #arrive(a: Arrival): void {
    const { office, registry, day } = this.input;
    const kiosk = office.kiosks[a.kiosk] ?? office.kiosks[0];
    const section = office.config.sections.find((s) => s.id === a.section);
    if (!kiosk || !section) return;
    const key = `${kiosk.deviceId}:${a.section}`;
    const n = (this.#kioskSeq.get(key) ?? 0) + 1;
    this.#kioskSeq.set(key, n);
    let person: Person | null = null;
    if (a.booking?.idNumber) person = registry.get(a.booking.idNumber) ?? null;
    else if (a.typedNumber) person = registry.choose(this.rng, a.section, a.service, day, true, this.fees)?.person ?? null;
    if (person) registry.visit(person, a.service, day);
    const quote = this.#quote(a.section, kiosk, a.at);
    const st: SimTicket = {
      id: this.rng.uuid(), publicCode: this.rng.code(10), arrival: a, kiosk, ticket: null, person, gone: false,
      firstCalledAt: null, returnAt: null, transferred: false,
    };
    this.#byId.set(st.id, st);
    this.#sectionTickets[a.section].push(st);
    const serviceGroup = this.#groups.get(a.service) ?? 'enquiries';
    const displayNumber = formatDisplayNumber(section.letter, kiosk.auth.kioskNo ?? 0, n);
    const quoted = { quotedWaitMin: quote.minMinutes, quotedWaitMax: quote.maxMinutes };
    const common = { ticketId: st.id, sectionId: a.section, serviceGroup, displayNumber, publicCode: st.publicCode, service: a.service, priority: a.priority, ...quoted };
    const typed = a.typedNumber && !a.booking && person ? person.idNumber : null;
    const sealKey = office.sealKey;
    const args = (): unknown => ({
      ...common,
      appointmentId: a.booking?.appointmentId ?? null,
      sealedIdNumber: typed ? seal(sealKey, typed) : null,
      language: a.language,
    });
    const arriveAt = this.emit(kiosk, a.at, 'ticket.issue', args, null, st.id);
    this.agenda.add(arriveAt, () => {
      // The store takes the slot from its booking record; the model from the same booking.
      this.apply(st, { type: 'issue', ...common, officeId: office.officeId, kioskNo: kiosk.auth.kioskNo ?? 0, serviceDay: day, appointmentAt: a.booking?.slotAt ?? null }, kiosk, a.at);
      this.waiting[a.section].add(st);
      this.wake(a.section, arriveAt);
    });
    this.agenda.add(a.at + a.patienceMs, (time) => this.#giveUp(st, time));
  }

  /** The kiosk's quote: the people ahead in its section and how the counters have been doing. */
  #quote(section: Section, kiosk: SimDevice, t: number): { minMinutes: number; maxMinutes: number } {
    const unsent = this.#sectionTickets[section].filter((s) => s.ticket === null && s.kiosk === kiosk).length;
    const seen = this.#sectionTickets[section].flatMap((s) => (s.ticket && s.ticket.status !== 'waiting' ? [s.ticket] : []));
    return quoteFromDay({ ahead: this.waiting[section].size + unsent, tickets: seen, sectionId: section, now: t + kiosk.skewMs, settings: this.settings });
  }

  /** Patience ran out (or the office closed): leave through the phone page, or just walk away. */
  #giveUp(st: SimTicket, t: number): void {
    if (st.firstCalledAt !== null) return;
    if (st.ticket?.status === 'waiting' && st.arrival.leaveByPhone) {
      this.apply(st, { type: 'cancel', reason: 'resident_left' }, st.kiosk, t);
      this.waiting[st.arrival.section].delete(st);
      this.route({ kind: 'leave', at: t, arriveAt: t, publicCode: st.publicCode });
    } else {
      st.gone = true;
    }
  }
}

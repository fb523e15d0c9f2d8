/**
 * The pilot's evaluation of one slice (days, and optionally a section, service, shift,
 * counter, officer or language): every figure of the brief's "Queue metrics", per shift,
 * per day, per week, per weekday-hour and per officer. The facts are selected once; the
 * parts (the slice, each shift) then share the counters' stretches, the lines of each
 * section and the index of repeat visits, so the whole evaluation stays a few linear passes.
 */
import type { Shift } from '../office.ts';
import { addDays, officeClock } from './clock.ts';
import { appointmentFigures, appointmentOutcome } from './appointments.ts';
import { breakdownsOf } from './breakdowns.ts';
import { completenessFigures, presenceGaps } from './completeness.ts';
import { counterFigures, counterTime, type CounterTime } from './counterFigures.ts';
import { counterStretches } from './counters.ts';
import { busyOf, type Interval } from './intervals.ts';
import { ticketFigures, waitingEnds } from './ticketFigures.ts';
import { returnTimes, transactionFigures } from './transactionFigures.ts';
import type { AppointmentOutcome, CancellationFact, CounterStretch, Evaluation, Figures, MetricsFilter, MetricsInput, TicketFact, TransactionFact } from './types.ts';
import { dayWindow, hoursInShifts, shiftHours, shiftOfMinute, shiftTable, wholeDays, type DayWindow, type MaskPiece } from './window.ts';

export interface EvaluateOptions {
  /** Share of residents that should wait no longer than the target, for the heat map's counters needed (default 0.85). */
  readonly serviceLevelShare?: number;
}

/** The facts of one part of the slice, and its time. */
interface Part {
  readonly tickets: readonly TicketFact[];
  readonly transactions: readonly TransactionFact[];
  /** returnTimes of `transactions`, same order. */
  readonly returns: ArrayLike<number>;
  readonly cancellations: readonly CancellationFact[];
  readonly appointments: readonly { readonly outcome: AppointmentOutcome; readonly shift: Shift['id'] }[];
  /** Counter time is counted inside these pieces. */
  readonly mask: readonly MaskPiece[];
  /** Opening hours, for the devices' silences. */
  readonly openHours: readonly Interval[];
}

/** What every part of one evaluation shares. */
interface Shared {
  readonly input: MetricsInput;
  readonly filter: MetricsFilter;
  readonly window: DayWindow;
  readonly today: string;
  readonly dayEnd: ReadonlyMap<string, number>;
  readonly sectionOf: ReadonlyMap<number, string>;
  readonly counterIds: readonly number[];
  readonly stretchesByCounter: ReadonlyMap<number, readonly CounterStretch[]>;
  readonly waitingBySection: ReadonlyMap<string, readonly Interval[]>;
  readonly gaps: readonly Interval[];
}

function groupStretches(stretches: readonly CounterStretch[]): Map<number, CounterStretch[]> {
  const by = new Map<number, CounterStretch[]>();
  for (const s of stretches) {
    const list = by.get(s.counterId);
    if (list) list.push(s);
    else by.set(s.counterId, [s]);
  }
  return by;
}

/**
 * When each section had at least one ticket waiting, over all the window's tickets whatever
 * the other filters: a counter idle while its section's line is not empty is idle while
 * someone waits, whichever service or language they asked for.
 */
function waitingBySection(tickets: readonly TicketFact[], shared: Pick<Shared, 'window' | 'dayEnd' | 'input'>): Map<string, Interval[]> {
  const bySection = new Map<string, TicketFact[]>();
  for (const t of tickets) {
    if (!shared.window.index.has(t.serviceDay)) continue;
    const list = bySection.get(t.sectionId);
    if (list) list.push(t);
    else bySection.set(t.sectionId, [t]);
  }
  const out = new Map<string, Interval[]>();
  for (const [section, list] of bySection) {
    const { starts, ends } = waitingEnds(list, { now: shared.input.now, dayEnd: shared.dayEnd });
    out.set(section, busyOf(starts, ends));
  }
  return out;
}

function figuresOf(part: Part, shared: Shared, cells = false): { figures: Figures; time: CounterTime } {
  const { input, filter } = shared;
  const time = counterTime({
    stretchesByCounter: shared.stretchesByCounter,
    counterIds: shared.counterIds,
    sectionOf: shared.sectionOf,
    mask: part.mask,
    days: shared.window.days.length,
    waitingBySection: shared.waitingBySection,
    officerBadge: filter.officerBadge,
    timeZone: input.timeZone,
    cells,
  });
  const tickets = ticketFigures(part.tickets, {
    targetMinutes: input.serviceLevelMinutes,
    today: shared.today,
    now: input.now,
    dayEnd: shared.dayEnd,
    staffed: time.staffed,
  });
  const transactions = transactionFigures(part.transactions, part.returns, part.cancellations);
  const counters = counterFigures(time, {
    served: tickets.served,
    decided: transactions.completed + transactions.refused,
    completed: transactions.completed,
    staffCostPerCounterHour: input.staffCostPerCounterHour,
  });
  return {
    figures: {
      tickets,
      counters,
      transactions,
      appointments: appointmentFigures(part.appointments.map((a) => a.outcome)),
      completeness: completenessFigures(part.tickets, shared.gaps, part.openHours),
    },
    time,
  };
}

/**
 * Evaluates a slice. Which facts a filter keeps:
 * - days: by serviceDay (appointments too); shift: tickets, transactions, cancellations and
 *   appointments by the shift their minute of the day belongs to (shiftAt), counter time
 *   and device silences by the part of them inside the shift's hours;
 * - section: tickets and appointments by sectionId, transactions and cancellations by theirs
 *   (else their counter's), counter time by the counter's section;
 * - service: tickets, transactions, cancellations, appointments; counter time is not
 *   filtered by service (a counter serves every service; its hours cannot be split);
 * - counterId / officerBadge: tickets by the counter and officer that completed (else last
 *   called) them, transactions and cancellations by theirs, counter time by the counter /
 *   the stretches' officer, device silences by the counter (officer: not filtered);
 * - language: tickets by their language, transactions by their ticket's (none: left out).
 * A fact without the filtered dimension is not filtered by it: appointments by counter,
 * officer or language; cancellations by language; counter time by language.
 */
export function evaluate(input: MetricsInput, filter: MetricsFilter, options: EvaluateOptions = {}): Evaluation {
  const serviceLevelShare = options.serviceLevelShare ?? 0.85;
  const tz = input.timeZone;
  const window = dayWindow(filter.from, filter.to, tz);
  const table = shiftTable(input.shifts);
  const sectionOf = new Map(input.counters.map((c) => [c.id, c.sectionId]));
  const dayEnd = new Map(window.days.map((d, i) => [d, window.bounds[i + 1]!]));
  const inWindow = (day: string) => window.index.has(day);
  const f = filter;

  // Every filter but the shift; the parts split by shift afterwards.
  const tickets = input.tickets.filter(
    (t) =>
      inWindow(t.serviceDay) &&
      (f.sectionId === undefined || t.sectionId === f.sectionId) &&
      (f.service === undefined || t.service === f.service) &&
      (f.counterId === undefined || t.counterId === f.counterId) &&
      (f.officerBadge === undefined || t.officerBadge === f.officerBadge) &&
      (f.language === undefined || t.language === f.language),
  );
  // A transaction has the language of the ticket it served.
  let ticketsInLanguage: Set<string> | null = null;
  if (f.language !== undefined) {
    ticketsInLanguage = new Set();
    for (const t of input.tickets) if (t.language === f.language && inWindow(t.serviceDay)) ticketsInLanguage.add(t.ticketId);
  }
  const sectionOfFact = (x: { sectionId: string | null; counterId: number }) => x.sectionId ?? sectionOf.get(x.counterId) ?? null;
  const byCounterFilters = (x: TransactionFact | CancellationFact) =>
    inWindow(x.serviceDay) &&
    (f.sectionId === undefined || sectionOfFact(x) === f.sectionId) &&
    (f.service === undefined || x.service === f.service) &&
    (f.counterId === undefined || x.counterId === f.counterId) &&
    (f.officerBadge === undefined || x.officerBadge === f.officerBadge);
  // A repeat visit is looked for up to 30 days after the slice's last day, whatever the filters.
  const lastRepeatDay = window.days.length === 0 ? '' : addDays(f.to, 31);
  const nearTransactions = input.transactions.filter((x) => x.serviceDay >= f.from && x.serviceDay <= lastRepeatDay);
  const picked: number[] = [];
  nearTransactions.forEach((x, i) => {
    if (byCounterFilters(x) && (ticketsInLanguage === null || (x.ticketId !== null && ticketsInLanguage.has(x.ticketId)))) picked.push(i);
  });
  const transactions = picked.map((i) => nearTransactions[i]!);
  const back = picked.length === 0 ? new Float64Array(0) : returnTimes(nearTransactions);
  const returns = Float64Array.from(picked, (i) => back[i]!);
  const cancellations = input.cancellations.filter(byCounterFilters);
  const appointments = input.appointments
    .filter((a) => inWindow(a.serviceDay) && (f.sectionId === undefined || a.sectionId === f.sectionId) && (f.service === undefined || a.service === f.service))
    .map((a) => ({
      outcome: appointmentOutcome(a, input.now, input.appointmentLateMinutes),
      shift: shiftOfMinute(table, officeClock(a.slotAt, tz).minuteOfDay),
    }));

  // Segments of the days around the window: a counter's time near midnight needs its neighbours.
  const [before, after] = window.days.length === 0 ? ['', ''] : [addDays(f.from, -1), addDays(f.to, 1)];
  const near = window.days.length === 0 ? [] : input.tickets.filter((t) => t.serviceDay >= before && t.serviceDay <= after);
  const stretches = counterStretches({ counterEvents: input.counterEvents, presence: input.presence, tickets: near, counters: input.counters, now: input.now });
  const stretchesByCounter = groupStretches(stretches);
  const counterIds = [...new Set([...input.counters.map((c) => c.id), ...stretchesByCounter.keys()])]
    .filter((id) => (f.sectionId === undefined || sectionOf.get(id) === f.sectionId) && (f.counterId === undefined || id === f.counterId))
    .sort((a, b) => a - b);

  const base = { input, window, dayEnd };
  const shared: Shared = {
    ...base,
    filter,
    today: officeClock(input.now, tz).day,
    sectionOf,
    counterIds,
    stretchesByCounter,
    waitingBySection: waitingBySection(input.tickets, base),
    gaps: presenceGaps(input.presence, (p) => f.counterId === undefined || p.counterId === f.counterId),
  };

  const shiftsOf = (id: Shift['id'] | undefined) => (id === undefined ? input.shifts : input.shifts.filter((s) => s.id === id));
  const partOf = (shift: Shift['id'] | undefined): Part => {
    const keep = (minuteOfDay: number) => shift === undefined || shiftOfMinute(table, minuteOfDay) === shift;
    const kept = shift === undefined ? null : transactions.flatMap((x, i) => (keep(x.minuteOfDay) ? [i] : []));
    return {
      tickets: shift === undefined ? tickets : tickets.filter((t) => keep(t.minuteOfDay)),
      transactions: kept === null ? transactions : kept.map((i) => transactions[i]!),
      returns: kept === null ? returns : Float64Array.from(kept, (i) => returns[i]!),
      cancellations: shift === undefined ? cancellations : cancellations.filter((x) => keep(x.minuteOfDay)),
      appointments: shift === undefined ? appointments : appointments.filter((a) => a.shift === shift),
      mask: shift === undefined ? wholeDays(window) : shiftHours(window, shiftsOf(shift)),
      openHours: shiftHours(window, shiftsOf(shift)),
    };
  };

  const slice = partOf(f.shift);
  const { figures, time } = figuresOf(slice, shared, true);
  const shifts = (f.shift === undefined ? input.shifts.map((s) => s.id) : [f.shift]).map((id) => ({
    shift: id,
    figures: id === f.shift ? figures : figuresOf(partOf(id), shared).figures,
  }));

  return {
    filter,
    figures,
    ...breakdownsOf(slice.tickets, slice.transactions, {
      window,
      targetMinutes: input.serviceLevelMinutes,
      staffCostPerCounterHour: input.staffCostPerCounterHour,
      time,
      openHours: hoursInShifts(shiftsOf(f.shift)),
      meanServiceMinutes: figures.tickets.service.mean,
      serviceLevelShare,
    }),
    shifts,
  };
}

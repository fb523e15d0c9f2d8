/**
 * The pilot's evaluation of one slice (days, and optionally a section, service, shift,
 * counter, officer or language): every figure of the brief's "Queue metrics", per shift,
 * per day, per week, per weekday-hour and per officer. One pass over the tickets and one
 * over the transactions fill the slice's and each shift's tallies and the breakdowns; the
 * counters' stretches, each section's line and the repeat visits are worked out once and
 * shared, so a pilot's 200,000 tickets take a few linear passes.
 */
import type { Shift } from '../office.ts';
import { addDays, officeClock } from './clock.ts';
import { appointmentFigures, appointmentOutcome } from './appointments.ts';
import { Breakdown } from './breakdowns.ts';
import { completenessFigures, presenceGaps } from './completeness.ts';
import { counterFigures, counterTime, type CounterTime } from './counterFigures.ts';
import { counterColumnsByCounter, type StretchColumns } from './counters.ts';
import { busyOf, type Interval } from './intervals.ts';
import { FewKeys, NumberList } from './stats.ts';
import { leftLineAt, ticketFiguresOf, TicketTally, type TallyContext } from './ticketFigures.ts';
import { returnTimes, transactionFiguresOf, TransactionTally } from './transactionFigures.ts';
import type { AppointmentOutcome, CancellationFact, Evaluation, Figures, MetricsFilter, MetricsInput, TicketFact, TransactionFact } from './types.ts';
import { dayWindow, hoursInShifts, shiftHours, shiftOfMinute, shiftTable, wholeDays, type DayWindow, type MaskPiece } from './window.ts';

/** Settings of an evaluation that are not facts. */
export interface EvaluateOptions {
  /** Share of residents that should wait no longer than the target, for the heat map's counters needed (default 0.85). */
  readonly serviceLevelShare?: number;
}

/** One part of the slice (the slice itself, or one shift of it): its tallies and its time. */
interface Part {
  readonly tickets: TicketTally;
  readonly transactions: TransactionTally;
  readonly outcomes: AppointmentOutcome[];
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
  readonly sectionOf: ReadonlyMap<number, string>;
  readonly counterIds: readonly number[];
  readonly stretchesByCounter: ReadonlyMap<number, StretchColumns>;
  readonly waitingBySection: ReadonlyMap<string, readonly Interval[]>;
  readonly gaps: readonly Interval[];
}

const OUTSIDE = -2;
const NEAR = -1;

/**
 * A fact's day → its index in the window; NEAR for the days from `before` to `after` around
 * it, OUTSIDE beyond. Facts come grouped by day, so the last answer is kept and a fact's own
 * copy of the day string is compared with the previous one rather than hashed.
 */
function dayIndexer(window: DayWindow, before: string, after: string): (day: string) => number {
  let lastKey: string | null = null;
  let last = OUTSIDE;
  return (day) => {
    if (day !== lastKey) {
      lastKey = day;
      last = day < before || day > after ? OUTSIDE : (window.index.get(day) ?? NEAR);
    }
    return last;
  };
}

function figuresOf(part: Part, shared: Shared, cells: boolean): { figures: Figures; time: CounterTime } {
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
  const tickets = ticketFiguresOf(part.tickets, input.serviceLevelMinutes, time.staffed);
  const transactions = transactionFiguresOf(part.transactions);
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
      appointments: appointmentFigures(part.outcomes),
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
 * "Idle while someone waits" looks at every ticket of the counter's section in the window,
 * whatever the other filters: whoever waits, the counter could have called them.
 */
export function evaluate(input: MetricsInput, filter: MetricsFilter, options: EvaluateOptions = {}): Evaluation {
  const f = filter;
  const tz = input.timeZone;
  const window = dayWindow(f.from, f.to, tz);
  const open = window.days.length > 0;
  const table = shiftTable(input.shifts);
  const sectionOf = new Map(input.counters.map((c) => [c.id, c.sectionId]));
  const ctx: TallyContext = {
    targetMinutes: input.serviceLevelMinutes,
    today: officeClock(input.now, tz).day,
    now: input.now,
    dayEnd: new Map(window.days.map((d, i) => [d, window.bounds[i + 1]!])),
  };
  const shiftsOf = (id: Shift['id'] | undefined) => (id === undefined ? input.shifts : input.shifts.filter((s) => s.id === id));
  const newPart = (shift: Shift['id'] | undefined): Part => ({
    tickets: new TicketTally(ctx),
    transactions: new TransactionTally(),
    outcomes: [],
    mask: shift === undefined ? wholeDays(window) : shiftHours(window, shiftsOf(shift)),
    openHours: shiftHours(window, shiftsOf(shift)),
  });
  // The slice, and each shift as a part of its own (or the slice alone when it is one shift).
  const slice = newPart(f.shift);
  const parts = new Map<Shift['id'], Part>(
    f.shift === undefined ? input.shifts.map((s) => [s.id, newPart(s.id)] as const) : [[f.shift, slice]],
  );
  // The parts a fact of each shift counts in (arrays made once, not per fact).
  const into = new Map<Shift['id'], Part[]>(
    f.shift !== undefined ? [[f.shift, [slice]]] : [...new Set(table)].map((id) => [id, parts.has(id) ? [slice, parts.get(id)!] : [slice]] as const),
  );
  const partsOf = (minuteOfDay: number): readonly Part[] | null => into.get(shiftOfMinute(table, minuteOfDay)) ?? null;
  const breakdown = new Breakdown(window, input.serviceLevelMinutes);

  // Tickets, one pass: segments of the days around the window (a counter's time near
  // midnight needs its neighbours), each section's line, the language's tickets, the slice.
  const [before, after] = open ? [addDays(f.from, -1), addDays(f.to, 1)] : ['', ''];
  const near: TicketFact[] = [];
  const lines = new FewKeys<{ starts: NumberList; ends: NumberList }>();
  const newLine = () => ({ starts: new NumberList(), ends: new NumberList() });
  const inLanguage = f.language !== undefined ? new Set<string>() : null;
  const dayOf = dayIndexer(window, before, after);
  for (const t of input.tickets) {
    const day = dayOf(t.serviceDay);
    if (day === OUTSIDE) continue;
    if (t.segments.length > 0) near.push(t);
    if (day === NEAR) continue;
    const left = leftLineAt(t, ctx);
    if (left > t.issuedAt) {
      const line = lines.get(t.sectionId, newLine);
      line.starts.push(t.issuedAt);
      line.ends.push(left);
    }
    if (inLanguage && t.language === f.language) inLanguage.add(t.ticketId);
    if (
      (f.sectionId !== undefined && t.sectionId !== f.sectionId) ||
      (f.service !== undefined && t.service !== f.service) ||
      (f.counterId !== undefined && t.counterId !== f.counterId) ||
      (f.officerBadge !== undefined && t.officerBadge !== f.officerBadge) ||
      (f.language !== undefined && t.language !== f.language)
    ) {
      continue;
    }
    const targets = partsOf(t.minuteOfDay);
    if (!targets) continue;
    for (const p of targets) p.tickets.add(t);
    breakdown.addTicket(t, day);
  }

  // Transactions and cancellations: by the counter's filters (section: theirs, else their counter's).
  const byCounter = (x: TransactionFact | CancellationFact) =>
    (f.sectionId === undefined || (x.sectionId ?? sectionOf.get(x.counterId) ?? null) === f.sectionId) &&
    (f.service === undefined || x.service === f.service) &&
    (f.counterId === undefined || x.counterId === f.counterId) &&
    (f.officerBadge === undefined || x.officerBadge === f.officerBadge);
  // A repeat visit is looked for up to 30 days after the slice's last day, whatever the filters.
  const lastRepeatDay = open ? addDays(f.to, 31) : '';
  const nearTransactions = input.transactions.filter((x) => x.serviceDay >= f.from && x.serviceDay <= lastRepeatDay);
  const txDay = dayIndexer(window, f.from, f.to);
  const picked: number[] = [];
  const pickedDay: number[] = [];
  nearTransactions.forEach((x, i) => {
    const day = txDay(x.serviceDay);
    if (day >= 0 && byCounter(x) && (inLanguage === null || (x.ticketId !== null && inLanguage.has(x.ticketId)))) {
      picked.push(i);
      pickedDay.push(day);
    }
  });
  const back = picked.length === 0 ? new Float64Array(0) : returnTimes(nearTransactions);
  picked.forEach((i, k) => {
    const x = nearTransactions[i]!;
    const targets = partsOf(x.minuteOfDay);
    if (!targets) return;
    for (const p of targets) p.transactions.add(x, back[i]!);
    breakdown.addTransaction(x, pickedDay[k]!);
  });
  for (const c of input.cancellations) {
    if (!window.index.has(c.serviceDay) || !byCounter(c)) continue;
    for (const p of partsOf(c.minuteOfDay) ?? []) p.transactions.addCancellation(c);
  }
  for (const a of input.appointments) {
    if (!window.index.has(a.serviceDay) || (f.sectionId !== undefined && a.sectionId !== f.sectionId) || (f.service !== undefined && a.service !== f.service)) continue;
    const outcome = appointmentOutcome(a, input.now, input.appointmentLateMinutes);
    for (const p of partsOf(officeClock(a.slotAt, tz).minuteOfDay) ?? []) p.outcomes.push(outcome);
  }

  const stretchesByCounter = counterColumnsByCounter({ counterEvents: input.counterEvents, presence: input.presence, tickets: near, counters: input.counters, now: input.now });
  const shared: Shared = {
    input,
    filter,
    window,
    sectionOf,
    counterIds: [...new Set([...input.counters.map((c) => c.id), ...stretchesByCounter.keys()])]
      .filter((id) => (f.sectionId === undefined || sectionOf.get(id) === f.sectionId) && (f.counterId === undefined || id === f.counterId))
      .sort((a, b) => a - b),
    stretchesByCounter,
    waitingBySection: new Map(lines.entries().map(([section, l]) => [section, busyOf(l.starts.sorted(), l.ends.sorted())])),
    gaps: presenceGaps(input.presence, (p) => f.counterId === undefined || p.counterId === f.counterId),
  };

  const { figures, time } = figuresOf(slice, shared, true);
  const shifts = [...parts].map(([shift, part]) => ({ shift, figures: part === slice ? figures : figuresOf(part, shared, false).figures }));
  return {
    filter,
    figures,
    ...breakdown.result({
      targetMinutes: input.serviceLevelMinutes,
      staffCostPerCounterHour: input.staffCostPerCounterHour,
      time,
      openHours: hoursInShifts(shiftsOf(f.shift)),
      meanServiceMinutes: figures.tickets.service.mean,
      serviceLevelShare: options.serviceLevelShare ?? 0.85,
    }),
    shifts,
  };
}

/**
 * The pilot's evaluation of one slice (days, and optionally a section, service, shift,
 * counter, officer or language): every figure of the brief's "Queue metrics", per shift,
 * per day, per week, per weekday-hour and per officer. One pass over the tickets and one
 * over the transactions fill the slice's and each shift's tallies and the breakdowns; the
 * counters' stretches, each section's line and the repeat visits are worked out once and
 * shared, so a pilot's 200,000 tickets take a few linear passes.
 */
import type { Shift } from '../office.ts';
import { officeClock } from './clock.ts';
import { appointmentFigures, appointmentOutcome } from './appointments.ts';
import { Breakdown } from './breakdowns.ts';
import { completenessFigures, presenceGaps } from './completeness.ts';
import { counterFigures, counterTime, type CounterTime } from './counterFigures.ts';
import type { Interval } from './intervals.ts';
import { ticketFiguresOf, TicketTally, type TallyContext } from './ticketFigures.ts';
import { transactionFiguresOf, TransactionTally } from './transactionFigures.ts';
import type { AppointmentOutcome, CancellationFact, Evaluation, Figures, MetricsFilter, MetricsInput, TransactionFact } from './types.ts';
import { dayIndexer, lineOf, windowFactsFit, windowFactsOf, type WindowFacts } from './windowFacts.ts';
import { dayWindow, hoursInShifts, shiftHours, shiftOfMinute, shiftTable, wholeDays, type DayWindow, type MaskPiece } from './window.ts';

/** Settings of an evaluation that are not facts. */
export interface EvaluateOptions {
  /** Share of residents that should wait no longer than the target, for the heat map's counters needed (default 0.85). */
  readonly serviceLevelShare?: number;
  /**
   * The window's facts worked out before for the same days and facts (windowFactsOf), so that
   * several filters of one window share them; worked out here when missing or not theirs.
   */
  readonly windowFacts?: WindowFacts;
}

/** One part of the slice (the slice itself, or one shift of it): its tallies and its time. */
interface Part {
  /** The shift it is, or null for the whole day. */
  readonly shift: Shift['id'] | null;
  /** Its bit in the marks of the tickets it counts (one bit per part). */
  readonly bit: number;
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
  readonly gaps: readonly Interval[];
  /** The window's facts: the counters' stretches, the sections' lines, counter time by part (kept with them). */
  readonly facts: WindowFacts;
  /** Parallel to facts.tickets: the bits of the parts each counts in. */
  readonly member: Uint8Array;
}

function figuresOf(part: Part, shared: Shared, cells: boolean): { figures: Figures; time: CounterTime } {
  const { input, filter } = shared;
  const key = `${shared.counterIds.join(',')}|${part.shift ?? ''}|${filter.officerBadge ?? ''}|${cells}`;
  const { facts } = shared;
  let time = facts.counterTimes.get(key);
  if (!time) {
    time = counterTime({
      stretchesByCounter: facts.stretchesByCounter,
      counterIds: shared.counterIds,
      sectionOf: shared.sectionOf,
      mask: part.mask,
      days: shared.window.days.length,
      waitingBySection: facts.waitingBySection,
      officerBadge: filter.officerBadge,
      timeZone: input.timeZone,
      cells,
    });
    facts.counterTimes.set(key, time);
  }
  const tickets = ticketFiguresOf(part.tickets, input.serviceLevelMinutes, time.staffed, lineOf(facts, shared.member, part.bit, time.staffed));
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
  const table = shiftTable(input.shifts);
  const sectionOf = new Map(input.counters.map((c) => [c.id, c.sectionId]));
  const ctx: TallyContext = {
    targetMinutes: input.serviceLevelMinutes,
    today: officeClock(input.now, tz).day,
  };
  const shiftsOf = (id: Shift['id'] | undefined) => (id === undefined ? input.shifts : input.shifts.filter((s) => s.id === id));
  let parted = 0;
  const newPart = (shift: Shift['id'] | undefined): Part => ({
    shift: shift ?? null,
    bit: 1 << parted++,
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

  const facts = windowFactsFit(options.windowFacts, input, f.from, f.to) ? options.windowFacts : windowFactsOf(input, f.from, f.to, window);

  // Tickets, one pass over the window's days: the language's tickets, the slice; each
  // ticket marked with the parts it counts in, for their line lengths (lineOf).
  const inLanguage = f.language !== undefined ? new Set<string>() : null;
  const tickets = facts.tickets;
  const member = new Uint8Array(tickets.length);
  for (let i = 0; i < tickets.length; i++) {
    const t = tickets[i]!;
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
    for (let k = 0; k < targets.length; k++) {
      targets[k]!.tickets.add(t);
      member[i] = member[i]! | targets[k]!.bit;
    }
    breakdown.addTicket(t, facts.ticketDays[i]!);
  }

  // Transactions and cancellations: by the counter's filters (section: theirs, else their counter's).
  const byCounter = (x: TransactionFact | CancellationFact) =>
    (f.sectionId === undefined || (x.sectionId ?? sectionOf.get(x.counterId) ?? null) === f.sectionId) &&
    (f.service === undefined || x.service === f.service) &&
    (f.counterId === undefined || x.counterId === f.counterId) &&
    (f.officerBadge === undefined || x.officerBadge === f.officerBadge);
  // A repeat visit is looked for among all the transactions (WindowFacts.back), whatever the filters.
  const { transactions, back } = facts;
  const txDay = dayIndexer(window, f.from, f.to);
  for (let i = 0; i < transactions.length; i++) {
    const x = transactions[i]!;
    const day = txDay(x.serviceDay);
    if (day < 0 || !byCounter(x) || (inLanguage !== null && (x.ticketId === null || !inLanguage.has(x.ticketId)))) continue;
    const targets = partsOf(x.minuteOfDay);
    if (!targets) continue;
    for (let k = 0; k < targets.length; k++) targets[k]!.transactions.add(x, back[i]!);
    breakdown.addTransaction(x, day);
  }
  for (const c of input.cancellations) {
    if (!window.index.has(c.serviceDay) || !byCounter(c)) continue;
    for (const p of partsOf(c.minuteOfDay) ?? []) p.transactions.addCancellation(c);
  }
  for (const a of input.appointments) {
    if (!window.index.has(a.serviceDay) || (f.sectionId !== undefined && a.sectionId !== f.sectionId) || (f.service !== undefined && a.service !== f.service)) continue;
    const outcome = appointmentOutcome(a, input.now, input.appointmentLateMinutes);
    for (const p of partsOf(officeClock(a.slotAt, tz).minuteOfDay) ?? []) p.outcomes.push(outcome);
  }

  const shared: Shared = {
    input,
    filter,
    window,
    sectionOf,
    counterIds: [...new Set([...input.counters.map((c) => c.id), ...facts.stretchesByCounter.keys()])]
      .filter((id) => (f.sectionId === undefined || sectionOf.get(id) === f.sectionId) && (f.counterId === undefined || id === f.counterId))
      .sort((a, b) => a - b),
    facts,
    member,
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

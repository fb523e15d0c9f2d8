/**
 * Which facts a filter keeps, written once: evaluate() computes the figures of these, and
 * the exports write these very rows, so a spreadsheet adds up to what the console shows.
 * The rules are evaluate()'s (see its comment): days by serviceDay; section, service,
 * counter and officer by the fact's own; language by the ticket's (a transaction by the
 * ticket it served); the shift by the minute of the day.
 */
import { shiftOfMinute, shiftTable } from './window.ts';
import type { CancellationFact, MetricsFilter, MetricsInput, TicketFact, TransactionFact } from './types.ts';

export interface Slice {
  readonly tickets: readonly TicketFact[];
  readonly transactions: readonly TransactionFact[];
  readonly cancellations: readonly CancellationFact[];
}

export function sliceOf(input: Pick<MetricsInput, 'tickets' | 'transactions' | 'cancellations' | 'counters' | 'shifts'>, f: MetricsFilter): Slice {
  const inDays = (day: string): boolean => day >= f.from && day <= f.to;
  const table = shiftTable(input.shifts);
  const inShift = (minuteOfDay: number): boolean => f.shift === undefined || shiftOfMinute(table, minuteOfDay) === f.shift;
  const sectionOf = new Map(input.counters.map((c) => [c.id, c.sectionId]));
  const tickets = input.tickets.filter(
    (t) =>
      inDays(t.serviceDay) &&
      inShift(t.minuteOfDay) &&
      (f.sectionId === undefined || t.sectionId === f.sectionId) &&
      (f.service === undefined || t.service === f.service) &&
      (f.counterId === undefined || t.counterId === f.counterId) &&
      (f.officerBadge === undefined || t.officerBadge === f.officerBadge) &&
      (f.language === undefined || t.language === f.language),
  );
  let inLanguage: Set<string> | null = null;
  if (f.language !== undefined) {
    inLanguage = new Set();
    for (const t of input.tickets) if (t.language === f.language && inDays(t.serviceDay)) inLanguage.add(t.ticketId);
  }
  const byCounter = (x: TransactionFact | CancellationFact): boolean =>
    inDays(x.serviceDay) &&
    inShift(x.minuteOfDay) &&
    (f.sectionId === undefined || (x.sectionId ?? sectionOf.get(x.counterId) ?? null) === f.sectionId) &&
    (f.service === undefined || x.service === f.service) &&
    (f.counterId === undefined || x.counterId === f.counterId) &&
    (f.officerBadge === undefined || x.officerBadge === f.officerBadge);
  return {
    tickets,
    transactions: input.transactions.filter((x) => byCounter(x) && (inLanguage === null || (x.ticketId !== null && inLanguage.has(x.ticketId)))),
    cancellations: input.cancellations.filter(byCounter),
  };
}

/**
 * A simulated office day to check the wait estimator: residents arrive at random
 * (a quiet morning shift and a busy evening), counters call with the real queue engine
 * and serve for random times (log-normal, like real service times), and every ticket is
 * quoted at issue exactly as the kiosk quotes it. Deterministic for a seed.
 */
import { quoteFromDay, quoteMiddle } from '../../shared/domain/estimate.ts';
import { DEFAULT_QUEUE_SETTINGS, nextTicket } from '../../shared/domain/queue.ts';
import { SERVICE_GROUPS } from '../../shared/domain/services.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { seededRandom } from '../sync/simNetwork.ts';

const MINUTE = 60_000;

export interface DayOptions {
  readonly seed: number;
  readonly counters: number;
  /** Median minutes from call to end, and the spread (log-normal sigma). */
  readonly medianCycleMinutes: number;
  readonly sigma: number;
  /** Arrivals per minute by hour of day (hours not listed: closed). */
  readonly arrivalsPerMinute: Readonly<Record<number, number>>;
}

export const PILOT_DAY: DayOptions = {
  seed: 20261122,
  counters: 3,
  medianCycleMinutes: 7,
  sigma: 0.45,
  arrivalsPerMinute: { 9: 0.25, 10: 0.35, 11: 0.3, 16: 0.3, 17: 0.4, 18: 0.5, 19: 0.5, 20: 0.4, 21: 0.2 },
};

export interface DayResult {
  readonly tickets: number;
  /** Median of |quoted middle − actual wait|, minutes. */
  readonly medianAbsErrorMinutes: number;
  /** Share of tickets whose actual wait fell inside the quoted range. */
  readonly withinRange: number;
  /** The same error for a naive quote (people ahead × the default service time). */
  readonly naiveMedianAbsErrorMinutes: number;
  readonly meanWaitMinutes: number;
  readonly maxWaitMinutes: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export function simulateDay(options: DayOptions = PILOT_DAY): DayResult {
  const random = seededRandom(options.seed);
  const day0 = Date.UTC(2026, 10, 22, 0, 0);
  // Arrivals: a Poisson process per open hour.
  const arrivals: number[] = [];
  for (const [hourText, rate] of Object.entries(options.arrivalsPerMinute)) {
    const start = day0 + Number(hourText) * 60 * MINUTE;
    let t = start;
    for (;;) {
      t += (-Math.log(1 - random()) / rate) * MINUTE;
      if (t >= start + 60 * MINUTE) break;
      arrivals.push(t);
    }
  }
  arrivals.sort((a, b) => a - b);
  const cycle = (): number => options.medianCycleMinutes * Math.exp(options.sigma * gaussian(random)) * MINUTE;

  const tickets: Ticket[] = [];
  const quotes = new Map<string, { middle: number; min: number; max: number; naive: number }>();
  const freeAt = Array.from({ length: options.counters }, () => 0);
  let next = 0;
  let now = arrivals[0] ?? day0;
  const waiting = (): Ticket[] => tickets.filter((t) => t.status === 'waiting');

  while (next < arrivals.length || waiting().length > 0) {
    // Serve: every free counter calls the next ticket, in counter order.
    for (let c = 0; c < freeAt.length; c++) {
      if ((freeAt[c] ?? 0) > now) continue;
      const pick = nextTicket(waiting(), { id: c + 1, sectionId: 'men' }, SERVICE_GROUPS, DEFAULT_QUEUE_SETTINGS, now);
      if (!pick) break;
      const end = now + cycle();
      const i = tickets.indexOf(pick.ticket);
      tickets[i] = { ...pick.ticket, status: 'done', counterId: c + 1, calledAt: now, callCount: 1, startedAt: now, endedAt: end };
      freeAt[c] = end;
    }
    const nextArrival = arrivals[next] ?? Number.POSITIVE_INFINITY;
    const nextFree = Math.min(...freeAt.filter((f) => f > now));
    now = Math.min(nextArrival, Number.isFinite(nextFree) ? nextFree : Number.POSITIVE_INFINITY);
    if (!Number.isFinite(now)) break;
    if (now === nextArrival) {
      // A resident takes a ticket: quoted from what the kiosk would know right now.
      // (A ticket still at a counter is 'serving' to the kiosk: its end lies in the future.)
      const known = tickets
        .filter((t) => t.calledAt !== null && t.calledAt <= now)
        .map((t) => (t.endedAt !== null && t.endedAt > now ? { ...t, status: 'serving' as const, endedAt: null } : t));
      const ahead = waiting().length;
      const quote = quoteFromDay({ ahead, tickets: known, sectionId: 'men', now, settings: DEFAULT_QUEUE_SETTINGS });
      const id = `t${next + 1}`;
      quotes.set(id, {
        middle: quoteMiddle(quote),
        min: quote.minMinutes,
        max: quote.maxMinutes,
        naive: ahead * DEFAULT_QUEUE_SETTINGS.defaultServiceMinutes,
      });
      tickets.push({
        ticketId: id, officeId: 'sim', sectionId: 'men', serviceGroup: 'residence', service: null, priority: null, appointmentAt: null,
        targetCounterId: null, quotedWaitMin: quote.minMinutes, quotedWaitMax: quote.maxMinutes, displayNumber: `M1-${String(next + 1).padStart(3, '0')}`,
        publicCode: 'SIMULATED0', kioskNo: 1, serviceDay: '2026-11-22', status: 'waiting', issuedAt: now, issuedVersion: next + 1,
        counterId: null, officerBadge: null, calledAt: null, callCount: 0, startedAt: null, endedAt: null, version: next + 1,
      });
      next += 1;
    }
  }

  const errors: number[] = [];
  const naiveErrors: number[] = [];
  const waits: number[] = [];
  let inside = 0;
  for (const t of tickets) {
    const q = quotes.get(t.ticketId);
    if (!q || t.calledAt === null) continue;
    const actual = (t.calledAt - t.issuedAt) / MINUTE;
    waits.push(actual);
    errors.push(Math.abs(q.middle - actual));
    naiveErrors.push(Math.abs(q.naive - actual));
    if (actual >= q.min && actual <= q.max) inside += 1;
  }
  return {
    tickets: waits.length,
    medianAbsErrorMinutes: median(errors),
    withinRange: waits.length ? inside / waits.length : 0,
    naiveMedianAbsErrorMinutes: median(naiveErrors),
    meanWaitMinutes: waits.reduce((s, w) => s + w, 0) / Math.max(1, waits.length),
    maxWaitMinutes: Math.max(0, ...waits),
  };
}

/** Box–Muller: a standard normal sample. */
function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * The queue engine's decision with thousands waiting, for a counter with skills: from the
 * waiting line kept in order as tickets arrive (`WaitingLine.next`), and from one pass over
 * the tickets (`nextTicket`), against the baseline of sorting the whole queue (`callOrder`)
 * in the same run. Median and p95 in microseconds over many repetitions; also what keeping
 * the line costs per arriving ticket.
 */
import type { Counter } from '../shared/domain/office.ts';
import { callOrder, DEFAULT_QUEUE_SETTINGS, nextTicket } from '../shared/domain/queue.ts';
import { SERVICE_GROUPS } from '../shared/domain/services.ts';
import { PRIORITY_REASONS, type Ticket } from '../shared/domain/ticket.ts';
import { WaitingLine } from '../shared/domain/waitingLine.ts';
import { percentile } from './common.ts';

const MINUTE = 60_000;

export interface QueueBenchResult {
  readonly waiting: number;
  /** The decision from the kept line. */
  readonly nextMedianUs: number;
  readonly nextP95Us: number;
  /** The decision by one pass over the tickets (`nextTicket`). */
  readonly passMedianUs: number;
  readonly sortMedianUs: number;
  /** Putting one arriving ticket into the line (the whole line built, divided by its length; median of builds). */
  readonly arrivalUs: number;
}

export function benchQueue(waiting = 5000, runs = 400): QueueBenchResult {
  const t0 = Date.UTC(2026, 10, 22, 6, 0);
  const tickets: Ticket[] = Array.from({ length: waiting }, (_, i) => ({
    ticketId: `t${i}`, officeId: 'o', sectionId: i % 2 ? 'men' : 'women', serviceGroup: SERVICE_GROUPS[i % SERVICE_GROUPS.length] ?? 'residence',
    service: null, priority: i % 7 === 0 ? (PRIORITY_REASONS[i % 3] ?? null) : null, appointmentAt: i % 23 === 0 ? t0 + i * MINUTE : null,
    targetCounterId: null, quotedWaitMin: null, quotedWaitMax: null, displayNumber: `M1-${String(i).padStart(5, '0')}`, publicCode: 'BENCHCODE0',
    kioskNo: 1 + (i % 3), serviceDay: '2026-11-22', status: 'waiting', issuedAt: t0 + i * 1000, issuedVersion: i + 1, counterId: null,
    officerBadge: null, calledAt: null, callCount: 0, startedAt: null, endedAt: null, version: i + 1,
  }));
  const counter: Counter = { id: 1, sectionId: 'men', skills: ['exitReentry', 'residence', 'finalExit'] };
  const now = t0 + 10 * MINUTE; // nobody overdue yet: the full ranking is exercised
  const time = (fn: () => unknown): number[] => {
    for (let i = 0; i < 50; i++) fn(); // warm-up
    const out: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      fn();
      out.push((performance.now() - s) * 1000);
    }
    return out;
  };
  const builds: number[] = [];
  let line = WaitingLine.of(tickets);
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    line = WaitingLine.of(tickets);
    builds.push(((performance.now() - s) * 1000) / waiting);
  }
  const kept = line.next(counter, SERVICE_GROUPS, DEFAULT_QUEUE_SETTINGS, now);
  if (kept?.ticket !== nextTicket(tickets, counter, SERVICE_GROUPS, DEFAULT_QUEUE_SETTINGS, now)?.ticket) throw new Error('the kept line decided otherwise than nextTicket');
  const next = time(() => line.next(counter, SERVICE_GROUPS, DEFAULT_QUEUE_SETTINGS, now));
  const pass = time(() => nextTicket(tickets, counter, SERVICE_GROUPS, DEFAULT_QUEUE_SETTINGS, now));
  const sorted = time(() => callOrder(tickets, 'men', SERVICE_GROUPS, DEFAULT_QUEUE_SETTINGS, now)[0]);
  return {
    waiting,
    nextMedianUs: percentile(next, 50),
    nextP95Us: percentile(next, 95),
    passMedianUs: percentile(pass, 50),
    sortMedianUs: percentile(sorted, 50),
    arrivalUs: percentile(builds, 50),
  };
}

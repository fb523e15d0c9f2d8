/**
 * The counters' output in a slice: transactions decided, refused and why, cancelled before
 * submission and why, and first-visit resolution (did the person have to come back for the
 * same service?). "Coming back" is looked for among all transactions, not only the slice's:
 * a repeat often falls after the slice ends.
 */
import { FewKeys, rankFew, ratio, type Count } from './stats.ts';
import type { CancellationFact, TransactionFact, TransactionFigures } from './types.ts';

const DAY_MS = 86_400_000;
const zero = (): Count => ({ n: 0 });

/** People with at most this many transactions are compared pairwise (no sort, no map). */
const SMALL_GROUP = 12;

/**
 * For each transaction, ms until the same person's next transaction for the same service
 * (any status), or Infinity when there is none; parallel to `all`. Linear in practice: a
 * person's few transactions are compared pairwise; a person with many is swept once, latest
 * first, remembering the next time of each service.
 */
export function returnTimes(all: readonly TransactionFact[]): Float64Array {
  // Each person's transactions as a chain through `next` (no array per person): head → … → −1.
  const head = new Map<string, number>();
  const next = new Int32Array(all.length);
  /** Length of the chain from each transaction on. */
  const size = new Int32Array(all.length);
  for (let i = all.length - 1; i >= 0; i--) {
    const key = all[i]!.personKey;
    const first = head.get(key);
    next[i] = first ?? -1;
    size[i] = first === undefined ? 1 : size[first]! + 1;
    head.set(key, i);
  }
  const out = new Float64Array(all.length).fill(Infinity);
  const later = new Map<string, number>();
  for (const first of head.values()) {
    const n = size[first]!;
    if (n < 2) continue;
    if (n <= SMALL_GROUP) {
      for (let i = first; i >= 0; i = next[i]!) {
        const t = all[i]!;
        for (let j = first; j >= 0; j = next[j]!) {
          const o = all[j]!;
          if (o.decidedAt > t.decidedAt && o.service === t.service && o.decidedAt - t.decidedAt < out[i]!) out[i] = o.decidedAt - t.decidedAt;
        }
      }
      continue;
    }
    const list: number[] = [];
    for (let i = first; i >= 0; i = next[i]!) list.push(i);
    list.sort((a, b) => all[a]!.decidedAt - all[b]!.decidedAt);
    later.clear();
    // Latest first. Equal times are not "after": a time is remembered once all at it were seen.
    let j = list.length - 1;
    while (j >= 0) {
      const at = all[list[j]!]!.decidedAt;
      let i = j;
      while (i >= 0 && all[list[i]!]!.decidedAt === at) i--;
      for (let k = j; k > i; k--) {
        const when = later.get(all[list[k]!]!.service);
        if (when !== undefined) out[list[k]!] = when - at;
      }
      for (let k = j; k > i; k--) later.set(all[list[k]!]!.service, at);
      j = i;
    }
  }
  return out;
}

/**
 * Running totals of a slice's transactions and cancellations.
 * - revenue: totals of completed transactions (a refusal's total is only a quote);
 * - each rule once per refused transaction;
 * - reasons as written, trimmed and lower-cased;
 * - first-visit resolution: a transaction counts as resolved within 7 (30) days when the
 *   same person did not come back for the same service within 7 (30) × 24 h after it was
 *   decided (returnTimes gives the time to their next one).
 */
const newServiceRow = (service: string) => ({ service, completed: 0, refused: 0, revenue: 0 });

export class TransactionTally {
  completed = 0;
  refused = 0;
  revenue = 0;
  resolved7 = 0;
  resolved30 = 0;
  cancellations = 0;
  readonly byService = new FewKeys<{ service: string; completed: number; refused: number; revenue: number }>();
  readonly rules = new FewKeys<Count>();
  readonly steps = new FewKeys<Count>();
  readonly reasons = new FewKeys<Count>();

  add(t: TransactionFact, returnMs: number): void {
    const s = this.byService.get(t.service, newServiceRow);
    if (t.status === 'completed') {
      this.completed++;
      this.revenue += t.total;
      s.completed++;
      s.revenue += t.total;
    } else {
      this.refused++;
      s.refused++;
      const failures = t.failures;
      for (let i = 0; i < failures.length; i++) if (failures.indexOf(failures[i]!) === i) this.rules.get(failures[i]!, zero).n++;
    }
    if (returnMs > 7 * DAY_MS) this.resolved7++;
    if (returnMs > 30 * DAY_MS) this.resolved30++;
  }

  addCancellation(c: CancellationFact): void {
    this.cancellations++;
    this.steps.get(c.step, zero).n++;
    this.reasons.get(c.reason.trim().toLowerCase(), zero).n++;
  }
}

/**
 * The figures of a tally: byService sorted by service id; refusals by rule, cancellations
 * by step and by reason, most first, then by text; firstVisit over the decided transactions.
 */
export function transactionFiguresOf(tally: TransactionTally): TransactionFigures {
  const n = tally.completed + tally.refused;
  return {
    completed: tally.completed,
    refused: tally.refused,
    revenue: tally.revenue,
    byService: tally.byService
      .entries()
      .map(([, s]) => ({ ...s }))
      .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0)),
    refusalsByRule: rankFew(tally.rules).map(({ key, count }) => ({ rule: key, count })),
    cancellations: tally.cancellations,
    cancellationsByStep: rankFew(tally.steps).map(({ key, count }) => ({ step: key, count })),
    cancellationsByReason: rankFew(tally.reasons).map(({ key, count }) => ({ reason: key, count })),
    firstVisit: { n, within7: ratio(tally.resolved7, n), within30: ratio(tally.resolved30, n) },
  };
}

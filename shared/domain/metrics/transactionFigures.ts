/**
 * The counters' output in a slice: transactions decided, refused and why, cancelled before
 * submission and why, and first-visit resolution (did the person have to come back for the
 * same service?). "Coming back" is looked for among all transactions, not only the slice's:
 * a repeat often falls after the slice ends.
 */
import { bump, rankCounts, ratio } from './stats.ts';
import type { CancellationFact, TransactionFact, TransactionFigures } from './types.ts';

const DAY_MS = 86_400_000;

/**
 * For each transaction, ms until the same person's next transaction for the same service
 * (any status), or Infinity when there is none; parallel to `all`. One pass per person,
 * latest first, remembering the next time of each service, so a person with many visits
 * costs no more than their visits.
 */
export function returnTimes(all: readonly TransactionFact[]): Float64Array {
  const byPerson = new Map<string, number[]>();
  for (let i = 0; i < all.length; i++) {
    const key = all[i]!.personKey;
    const list = byPerson.get(key);
    if (list) list.push(i);
    else byPerson.set(key, [i]);
  }
  const out = new Float64Array(all.length).fill(Infinity);
  const next = new Map<string, number>();
  for (const list of byPerson.values()) {
    if (list.length < 2) continue;
    // The store hands transactions in decision order; sort only when it did not.
    let ordered = true;
    for (let k = 1; k < list.length && ordered; k++) ordered = all[list[k - 1]!]!.decidedAt <= all[list[k]!]!.decidedAt;
    if (!ordered) list.sort((a, b) => all[a]!.decidedAt - all[b]!.decidedAt);
    next.clear();
    // Latest first. Equal times are not "after": a time is remembered once all at it were seen.
    let j = list.length - 1;
    while (j >= 0) {
      const at = all[list[j]!]!.decidedAt;
      let i = j;
      while (i >= 0 && all[list[i]!]!.decidedAt === at) i--;
      for (let k = j; k > i; k--) {
        const t = all[list[k]!]!;
        const later = next.get(t.service);
        if (later !== undefined) out[list[k]!] = later - at;
      }
      for (let k = j; k > i; k--) next.set(all[list[k]!]!.service, at);
      j = i;
    }
  }
  return out;
}

/**
 * Transaction figures of a slice.
 * - revenue: totals of completed transactions (a refusal's total is only a quote);
 * - byService: sorted by service id; refusalsByRule: each rule once per refused transaction,
 *   most first, then by code; cancellations by step and by reason (trimmed, lower-cased),
 *   most first, then by text;
 * - firstVisit: over the slice's transactions, the share NOT followed by another transaction
 *   of the same person and service within 7 (30) × 24 h after it was decided.
 */
export function transactionFigures(
  transactions: readonly TransactionFact[],
  /** returnTimes of `transactions`, same order. */
  returns: ArrayLike<number>,
  cancellations: readonly CancellationFact[],
): TransactionFigures {
  let completed = 0;
  let refused = 0;
  let revenue = 0;
  let resolved7 = 0;
  let resolved30 = 0;
  const byService = new Map<string, { service: string; completed: number; refused: number; revenue: number }>();
  const rules = new Map<string, number>();
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i]!;
    let s = byService.get(t.service);
    if (!s) byService.set(t.service, (s = { service: t.service, completed: 0, refused: 0, revenue: 0 }));
    if (t.status === 'completed') {
      completed++;
      revenue += t.total;
      s.completed++;
      s.revenue += t.total;
    } else {
      refused++;
      s.refused++;
      for (const rule of new Set(t.failures)) bump(rules, rule);
    }
    const back = returns[i]!;
    if (back > 7 * DAY_MS) resolved7++;
    if (back > 30 * DAY_MS) resolved30++;
  }
  const steps = new Map<string, number>();
  const reasons = new Map<string, number>();
  for (const c of cancellations) {
    bump(steps, c.step);
    bump(reasons, c.reason.trim().toLowerCase());
  }
  const n = transactions.length;
  return {
    completed,
    refused,
    revenue,
    byService: [...byService.values()].sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0)),
    refusalsByRule: rankCounts(rules).map(({ key, count }) => ({ rule: key, count })),
    cancellations: cancellations.length,
    cancellationsByStep: rankCounts(steps).map(({ key, count }) => ({ step: key, count })),
    cancellationsByReason: rankCounts(reasons).map(({ key, count }) => ({ reason: key, count })),
    firstVisit: { n, within7: ratio(resolved7, n), within30: ratio(resolved30, n) },
  };
}

/**
 * Repeat visits against the obvious pairwise search: people with a few transactions and one
 * with many (the swept path), services mixed, several at the same moment (not "after").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { returnTimes, transactionFiguresOf, TransactionTally } from './transactionFigures.ts';
import type { TransactionFact } from './types.ts';

const DAY = 86_400_000;

const tx = (personKey: string, service: string, decidedAt: number, over: Partial<TransactionFact> = {}): TransactionFact => ({
  transactionId: `${personKey}-${decidedAt}`,
  serviceDay: '2026-11-22',
  decidedAt,
  minuteOfDay: 600,
  service,
  status: 'completed',
  total: 100,
  failures: [],
  counterId: 1,
  sectionId: 'men',
  officerBadge: 'A1',
  ticketId: null,
  representative: false,
  personKey,
  ...over,
});

function pairwise(all: readonly TransactionFact[]): number[] {
  return all.map((t) => Math.min(Infinity, ...all.filter((o) => o.personKey === t.personKey && o.service === t.service && o.decidedAt > t.decidedAt).map((o) => o.decidedAt - t.decidedAt)));
}

describe('returnTimes', () => {
  it('finds the same person’s next transaction for the same service', () => {
    const all = [tx('P1', 'a', 0), tx('P1', 'b', DAY), tx('P1', 'a', 3 * DAY), tx('P2', 'a', DAY), tx('P1', 'a', 0)];
    expect([...returnTimes(all)]).toEqual([3 * DAY, Infinity, Infinity, Infinity, 3 * DAY]);
  });

  it('agrees with the pairwise search, for few and for many transactions a person', () => {
    const arb = fc.array(
      fc.record({ person: fc.constantFrom('P1', 'P2', 'P3'), service: fc.constantFrom('a', 'b'), day: fc.integer({ min: 0, max: 40 }) }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const all = specs.map((s) => tx(s.person, s.service, s.day * DAY));
        expect([...returnTimes(all)]).toEqual(pairwise(all));
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});

describe('transaction tally', () => {
  it('counts a rule once per refusal and reads first visits from the return times', () => {
    const tally = new TransactionTally();
    tally.add(tx('P1', 'a', 0, { status: 'refused', failures: ['x', 'y', 'x'], total: 50 }), 2 * DAY);
    tally.add(tx('P2', 'a', 0, { total: 70 }), 8 * DAY);
    tally.add(tx('P3', 'b', 0, { total: 30 }), Infinity);
    const f = transactionFiguresOf(tally);
    expect(f).toMatchObject({ completed: 2, refused: 1, revenue: 100, firstVisit: { n: 3, within7: 2 / 3, within30: 1 / 3 } });
    expect(f.refusalsByRule).toEqual([
      { rule: 'x', count: 1 },
      { rule: 'y', count: 1 },
    ]);
    expect(f.byService).toEqual([
      { service: 'a', completed: 1, refused: 1, revenue: 70 },
      { service: 'b', completed: 1, refused: 0, revenue: 30 },
    ]);
  });
});

/**
 * Erlang C against the textbook example, worked out independently: 100 calls in 30
 * minutes, 3 minutes each, 80 % answered within 20 seconds (the example of Call Centre
 * Helper's "Erlang C formula – made simple"). Traffic A = 200 / h × 3 min ÷ 60 = 10 Erlangs.
 * The expected values were computed with the closed form
 *   C(N, A) = (A^N / N! · N / (N − A)) / (Σ_{k<N} A^k / k! + A^N / N! · N / (N − A)),
 *   SL = 1 − C · e^(−(N − A) · t / AHT)
 * in 30-digit arithmetic (Python mpmath), not with the code under test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countersNeeded, erlangB, erlangC, serviceLevel } from './erlang.ts';

describe('Erlang C', () => {
  it('gives the textbook probabilities of waiting and service levels for 10 Erlangs', () => {
    const expected: [number, number, number][] = [
      [11, 0.682118204689, 0.389613811729],
      [12, 0.449388224298, 0.640158040374],
      [13, 0.285270453036, 0.795594788418],
      [14, 0.174131933595, 0.888350019179],
      [15, 0.102042367008, 0.941452842869],
    ];
    for (const [agents, wait, level] of expected) {
      expect(erlangC(agents, 10)).toBeCloseTo(wait, 11);
      expect(serviceLevel(agents, 200, 3, 20 / 60)).toBeCloseTo(level, 11);
    }
    // 13 counters reach 79.6 %, short of 80 %: the answer is 14.
    expect(countersNeeded(200, 3, 20 / 60, 0.8)).toBe(14);
  });

  it('stays finite for large offices, where A^N / N! would overflow', () => {
    expect(erlangC(1000, 980)).toBeCloseTo(0.412200292365281, 12);
    expect(erlangC(250, 240)).toBeCloseTo(0.412139377089829, 12);
    expect(erlangC(100, 90)).toBeCloseTo(0.216940480906366, 12);
  });

  it('treats the edges: nobody comes, too few counters, one counter', () => {
    expect(erlangC(3, 0)).toBe(0);
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(2, 5)).toBe(1);
    // One server: C = ρ (M/M/1), B(1, A) = A / (1 + A).
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 15);
    expect(erlangB(1, 0.5)).toBeCloseTo(1 / 3, 15);
    expect(serviceLevel(5, 0, 10, 15)).toBe(1);
    expect(serviceLevel(2, 60, 3, 15)).toBe(0);
    expect(countersNeeded(0, 10, 15, 0.85)).toBeNull();
    // Nothing served yet (0 minutes of service): one counter is enough.
    expect(countersNeeded(12, 0, 15, 0.85)).toBe(1);
    // 3,000 an hour of 10 minutes each is 500 Erlangs: more than 50 counters can carry.
    expect(countersNeeded(3000, 10, 15, 0.85)).toBe(50);
    expect(countersNeeded(3000, 10, 15, 0.85, 600)).toBeGreaterThan(500);
  });

  it('keeps the service level within [0, 1], rising with every counter added', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0.5, max: 40, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        (agents, arrivals, service, target) => {
          const a = serviceLevel(agents, arrivals, service, target);
          const b = serviceLevel(agents + 1, arrivals, service, target);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThanOrEqual(1);
          expect(b).toBeGreaterThanOrEqual(a - 1e-12);
        },
      ),
      { numRuns: 500, seed: 42 },
    );
  });

  it('needs the fewest counters that reach the share, and no fewer', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 300, noNaN: true }), fc.double({ min: 1, max: 30, noNaN: true }), fc.double({ min: 0.5, max: 0.95, noNaN: true }), (arrivals, service, share) => {
        const n = countersNeeded(arrivals, service, 15, share, 200);
        expect(n).not.toBeNull();
        expect(n! > (arrivals * service) / 60).toBe(true);
        expect(serviceLevel(n!, arrivals, service, 15)).toBeGreaterThanOrEqual(share);
        if (n! - 1 > (arrivals * service) / 60) expect(serviceLevel(n! - 1, arrivals, service, 15)).toBeLessThan(share);
      }),
      { numRuns: 300, seed: 43 },
    );
  });
});

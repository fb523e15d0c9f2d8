/**
 * The interval sweeps against the obvious minute-by-minute answer: unions, cover, the count
 * of open spans (its integral over runs and its maximum), and where at least one is open.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { busyOf, CoverCursor, lengthOf, stepIntegral, unionOfSorted, type Interval } from './intervals.ts';

/** Intervals on a grid of whole units, [from, to). */
const spanArb = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 20 })).map(([from, length]) => ({ from, to: from + length }));

/** Sorted, disjoint, not touching: what a counter's staffed runs look like. */
const runsArb = fc.array(spanArb, { maxLength: 8 }).map((spans) => {
  const covered = new Set<number>();
  for (const s of spans) for (let t = s.from; t < s.to; t++) covered.add(t);
  return runsOf(covered);
});

function runsOf(covered: Set<number>): Interval[] {
  const out: Interval[] = [];
  for (const t of [...covered].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last.to === t) out[out.length - 1] = { from: last.from, to: t + 1 };
    else out.push({ from: t, to: t + 1 });
  }
  return out;
}

const countAt = (spans: readonly Interval[], t: number) => spans.filter((s) => s.from <= t && t < s.to).length;

describe('intervals', () => {
  it('unites sorted lists by merging', () => {
    expect(unionOfSorted([])).toEqual([]);
    expect(unionOfSorted([[{ from: 0, to: 2 }, { from: 5, to: 6 }], [{ from: 2, to: 3 }], [{ from: 4, to: 5 }]])).toEqual([
      { from: 0, to: 3 },
      { from: 4, to: 6 },
    ]);
    fc.assert(
      fc.property(fc.array(runsArb, { maxLength: 6 }), (lists) => {
        const covered = new Set<number>();
        for (const l of lists) for (const s of l) for (let t = s.from; t < s.to; t++) covered.add(t);
        expect(unionOfSorted(lists)).toEqual(runsOf(covered));
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('counts the spans open at once, over runs and at most', () => {
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 25 }), runsArb, (spans, runs) => {
        const starts = Float64Array.from(spans, (s) => s.from).sort();
        const ends = Float64Array.from(spans, (s) => s.to).sort();
        let weighted = 0;
        let max = 0;
        for (let t = 0; t < 130; t++) {
          const n = countAt(spans, t);
          max = Math.max(max, n);
          if (runs.some((r) => r.from <= t && t < r.to)) weighted += n;
        }
        expect(stepIntegral(starts, ends, runs)).toEqual({ weighted, max });
        const busy = busyOf(starts, ends);
        expect(lengthOf(busy)).toBe([...Array(130).keys()].filter((t) => countAt(spans, t) > 0).length);
        const cover = new CoverCursor(busy);
        for (const r of runs) expect(cover.overlap(r.from, r.to)).toBe([...Array(r.to - r.from).keys()].filter((k) => countAt(spans, r.from + k) > 0).length);
      }),
      { numRuns: 300, seed: 6 },
    );
  });

  it('does not count a span that ends as another starts as overlapping', () => {
    const starts = Float64Array.from([0, 10]);
    const ends = Float64Array.from([10, 20]);
    expect(stepIntegral(starts, ends, [{ from: 0, to: 20 }])).toEqual({ weighted: 20, max: 1 });
  });
});

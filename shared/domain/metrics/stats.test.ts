/**
 * One percentile definition everywhere: nearest rank, the ⌈q·n⌉-th smallest. Checked on
 * small lists by hand and, for the selection that avoids sorting, against a full sort.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FewKeys, meanOf, minutesBetween, nearestRank, NumberList, rankFew, ratio, spreadInPlace, spreadOf, type Count } from './stats.ts';

describe('spread', () => {
  it('takes the ⌈q·n⌉-th smallest value', () => {
    // n = 10: median is the 5th, p90 the 9th.
    expect(spreadOf([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual({ n: 10, mean: 5.5, median: 5, p90: 9 });
    // n = 30: 0.9 × 30 is 27 (not 28 through floating point).
    const thirty = Array.from({ length: 30 }, (_, i) => 30 - i);
    expect(spreadOf(thirty)).toMatchObject({ median: 15, p90: 27 });
    // n = 3: median the 2nd, p90 the 3rd (⌈2.7⌉).
    expect(spreadOf([4, 1, 2])).toEqual({ n: 3, mean: 7 / 3, median: 2, p90: 4 });
    expect(spreadOf([7])).toEqual({ n: 1, mean: 7, median: 7, p90: 7 });
    expect(spreadOf([])).toEqual({ n: 0, mean: null, median: null, p90: null });
  });

  it('selects the same values a sort would, with ties and without touching its input', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 500, noNaN: true })), { maxLength: 300 }), (values) => {
        const copy = [...values];
        const sorted = Float64Array.from(values).sort();
        const s = spreadOf(values);
        expect(values).toEqual(copy);
        expect(s.median).toBe(nearestRank(sorted, 0.5));
        expect(s.p90).toBe(nearestRank(sorted, 0.9));
        expect(s.n).toBe(values.length);
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('selects in place from a list built as it goes', () => {
    const list = new NumberList(1);
    for (const v of [5, 3, 9, 1, 7]) list.push(v);
    expect(list.length).toBe(5);
    expect(spreadInPlace(list.view())).toEqual({ n: 5, mean: 5, median: 5, p90: 9 });
  });

  it('hands a released or outgrown buffer to the next list, which reads only what it wrote', () => {
    const first = new NumberList(2048);
    for (let i = 0; i < 2048; i++) first.push(i + 1);
    const buffer = first.view().buffer;
    first.release();
    expect(first.length).toBe(0);
    const next = new NumberList(2048);
    expect(next.view().buffer).toBe(buffer); // the same memory, not a new allocation
    expect([...next.view()]).toEqual([]);
    next.push(7);
    expect([...next.view()]).toEqual([7]);
    // Growing past 2048 lets go of the old buffer, and a list of that size takes it.
    const grower = new NumberList(2048);
    for (let i = 0; i < 2048; i++) grower.push(i);
    const outgrown = grower.view().buffer;
    grower.push(2048);
    expect([...grower.view()]).toEqual(Array.from({ length: 2049 }, (_, i) => i));
    expect(new NumberList(2048).view().buffer).toBe(outgrown);
    // Lists of nearby lengths share a size (a power of two), so the sizes kept stay few.
    const a = new NumberList(3500);
    a.push(1);
    const shared = a.view().buffer;
    expect(shared.byteLength).toBe(4096 * 8);
    a.release();
    expect(new NumberList(3000).view().buffer).toBe(shared);
  });
});

describe('helpers', () => {
  it('divides only when there is something to divide by', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 0)).toBeNull();
    expect(meanOf([])).toBeNull();
    expect(meanOf([1, 2])).toBe(1.5);
  });

  it('never gives a negative duration', () => {
    expect(minutesBetween(0, 90_000)).toBe(1.5);
    expect(minutesBetween(90_000, 0)).toBe(0);
  });
});

describe('FewKeys', () => {
  it('keeps a value per key, by scan and past 16 keys by map, and ranks counts', () => {
    const counts = new FewKeys<Count>();
    const keys = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    for (const [i, k] of keys.entries()) for (let j = 0; j <= i % 3; j++) counts.get(`${k}`, () => ({ n: 0 })).n++;
    // A copy of the string (not the same object) finds the same value.
    counts.get(['k', '0', '1'].join(''), () => ({ n: 0 })).n += 10;
    expect(counts.entries()).toHaveLength(20);
    const ranked = rankFew(counts);
    expect(ranked[0]).toEqual({ key: 'k01', count: 12 });
    expect(ranked[1]).toEqual({ key: 'k02', count: 3 });
    expect(ranked[ranked.length - 1]).toEqual({ key: 'k18', count: 1 });
  });
});

/**
 * The few statistics the figures use, defined once so every screen agrees: a spread (mean,
 * median, 90th percentile) by the nearest-rank method, and shares that are null rather than
 * NaN when there is nothing to divide by. Nothing is rounded here: the console rounds.
 */
import type { Spread } from './types.ts';

/** Milliseconds in a minute and in an hour. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** An empty spread. */
export const NO_SPREAD: Spread = { n: 0, mean: null, median: null, p90: null };

/**
 * The nearest-rank percentile of ascending `sorted` values: the ⌈q·n⌉-th smallest (at least
 * the first). The product is nudged down by 1e-9 so 0.9 × 30 stays rank 27 despite floating
 * point. Null when there are no values.
 */
export function nearestRank(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n - 1e-9)));
  return sorted[rank - 1] ?? null;
}

/**
 * Moves the value a full sort would put at index k of a[lo..hi] there, smaller or equal
 * values before it, larger or equal after (Hoare's selection, median-of-three pivot): the
 * percentiles of 200,000 waits without sorting them.
 */
function selectInPlace(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Mean, median (q = 0.5) and p90 (q = 0.9) of `values`, by nearest rank, reordering the
 * array it is given (callers pass a scratch array).
 */
export function spreadInPlace(values: Float64Array): Spread {
  const n = values.length;
  if (n === 0) return NO_SPREAD;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const rank = (q: number) => Math.min(n, Math.max(1, Math.ceil(q * n - 1e-9))) - 1;
  const m = rank(0.5);
  const p = rank(0.9);
  selectInPlace(values, m, 0, n - 1);
  if (p > m) selectInPlace(values, p, m + 1, n - 1);
  return { n, mean: sum / n, median: values[m]!, p90: values[p]! };
}

/** Mean, median (q = 0.5) and p90 (q = 0.9) of values, by nearest rank; the values are left as they were. */
export function spreadOf(values: ArrayLike<number>): Spread {
  return spreadInPlace(Float64Array.from(values));
}

/**
 * Spare buffers of the lists below, by length. A list lets go of its buffer when it grows
 * (the old one is copied and never read again) and when its owner releases it after use,
 * and the next list of that size takes it: an evaluation over months of facts fills a few
 * dozen lists of up to 200,000 numbers, and allocating them afresh each time made V8 take
 * a full collection of the whole heap (the facts included, 150 ms) every few evaluations,
 * its answer to memory outside the heap growing. Small buffers are left to the collector.
 */
const spare = new Map<number, Float64Array[]>();
const EMPTY = new Float64Array(0);
const SPARE_FROM = 1024;
const SPARE_KEEP = 4;

/**
 * A buffer of at least `length` numbers. Those kept for reuse are powers of two long, so
 * that lists of slightly different lengths (a window's tickets as a day goes on) share a
 * few sizes: at most SPARE_KEEP buffers of each, 2^10 to 2^20 or so, are ever kept.
 */
function takeBuffer(length: number): Float64Array {
  if (length < SPARE_FROM) return new Float64Array(length);
  const size = 2 ** Math.ceil(Math.log2(length));
  return spare.get(size)?.pop() ?? new Float64Array(size);
}

function giveBuffer(buffer: Float64Array): void {
  if (buffer.length < SPARE_FROM || (buffer.length & (buffer.length - 1)) !== 0) return; // kept: powers of two only
  let list = spare.get(buffer.length);
  if (!list) spare.set(buffer.length, (list = []));
  if (list.length < SPARE_KEEP) list.push(buffer);
}

/** A growing list of numbers in a typed array (no boxing, one copy when it grows). */
export class NumberList {
  private buf: Float64Array;
  length = 0;
  constructor(capacity = 16) {
    this.buf = takeBuffer(Math.max(1, capacity));
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const grown = takeBuffer(Math.max(16, this.buf.length * 2));
      grown.set(this.buf);
      giveBuffer(this.buf);
      this.buf = grown;
    }
    this.buf[this.length++] = v;
  }
  /**
   * Hands the buffer back for another list, once nothing reads the views taken of it (the
   * figures made from them are plain numbers); the list is empty after.
   */
  release(): void {
    giveBuffer(this.buf);
    this.buf = EMPTY;
    this.length = 0;
  }
  /** The numbers so far (a view: spreadInPlace may reorder them). */
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
}

/** part ÷ whole, or null when the whole is zero. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Mean of values, or null when there are none. */
export function meanOf(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** A duration in minutes from two epoch ms, never negative (devices' clocks may disagree by a little). */
export function minutesBetween(from: number, to: number): number {
  return to > from ? (to - from) / MINUTE_MS : 0;
}

/** Count per key, most first, then by key (so equal counts have a stable order). */
export function rankCounts(counts: ReadonlyMap<string, number>): { readonly key: string; readonly count: number }[] {
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Values under a few string keys (languages, services, sections, rules): found by a scan with
 * ===, remembering the last hit, so a fact's own copy of "ur" is compared, not hashed, and a
 * run of facts with the same key costs one comparison. Past 16 keys it switches to a Map.
 */
export class FewKeys<V> {
  private readonly keys: string[] = [];
  private readonly values: V[] = [];
  private map: Map<string, V> | null = null;
  private last = -1;

  /** The value under `key`, made (and kept) by `make` the first time. */
  get(key: string, make: (key: string) => V): V {
    if (this.map) {
      let v = this.map.get(key);
      if (v === undefined) this.map.set(key, (v = make(key)));
      return v;
    }
    if (this.last >= 0 && this.keys[this.last] === key) return this.values[this.last]!;
    let i = this.keys.indexOf(key);
    if (i < 0) {
      if (this.keys.length >= 16) {
        this.map = new Map(this.keys.map((k, j) => [k, this.values[j]!]));
        return this.get(key, make);
      }
      i = this.keys.push(key) - 1;
      this.values.push(make(key));
    }
    this.last = i;
    return this.values[i]!;
  }

  /** Every key and value, in the order the keys came. */
  entries(): [string, V][] {
    return this.map ? [...this.map] : this.keys.map((k, i) => [k, this.values[i]!]);
  }
}

/** A count per key, for FewKeys. */
export interface Count {
  n: number;
}

/** Counts per key, most first, then by key. */
export function rankFew(counts: FewKeys<Count>): { readonly key: string; readonly count: number }[] {
  return rankCounts(new Map(counts.entries().map(([k, c]) => [k, c.n])));
}

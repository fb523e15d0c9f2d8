/**
 * Time intervals for the figures that are about "at the same time": how many people were
 * waiting while counters were staffed, idle while someone waited. All of it by sweeping
 * sorted lists once (two pointers), never by comparing every pair, so a pilot's 200,000
 * tickets take milliseconds.
 */

/** [from, to) in epoch ms. */
export interface Interval {
  readonly from: number;
  readonly to: number;
}

/** Union of two sorted lists of disjoint intervals, in one merge. */
function unionOfTwo(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]!.from <= b[j]!.from) ? a[i++]! : b[j++]!;
    const last = out[out.length - 1];
    if (last && next.from <= last.to) {
      if (next.to > last.to) out[out.length - 1] = { from: last.from, to: next.to };
    } else out.push(next);
  }
  return out;
}

/**
 * Union of lists that are each sorted and disjoint (one per counter, say), merged in pairs:
 * no sort, n · log(lists) steps.
 */
export function unionOfSorted(lists: readonly (readonly Interval[])[]): Interval[] {
  let level: (readonly Interval[])[] = [...lists];
  if (level.length === 0) return [];
  while (level.length > 1) {
    const next: (readonly Interval[])[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? unionOfTwo(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return unionOfTwo(level[0]!, []);
}

/** Total length of disjoint intervals. */
export function lengthOf(intervals: readonly Interval[]): number {
  let sum = 0;
  for (const i of intervals) sum += i.to - i.from;
  return sum;
}

/**
 * Walks forward through sorted, disjoint `runs`, measuring how much of [from, to) they
 * cover. Calls must come with non-decreasing `from` (the cursor only moves forward).
 */
export class CoverCursor {
  private k = 0;
  constructor(private readonly runs: readonly Interval[]) {}

  overlap(from: number, to: number): number {
    const runs = this.runs;
    while (this.k < runs.length && runs[this.k]!.to <= from) this.k++;
    let sum = 0;
    for (let i = this.k; i < runs.length && runs[i]!.from < to; i++) {
      const a = Math.max(from, runs[i]!.from);
      const b = Math.min(to, runs[i]!.to);
      if (b > a) sum += b - a;
    }
    return sum;
  }
}

/**
 * The count of spans open at each moment, as a step function: its integral over `runs`
 * (count × ms) and its maximum over all time. A span that ends when another starts does not
 * overlap it.
 */
export function stepIntegral(starts: Float64Array, ends: Float64Array, runs: readonly Interval[]): { weighted: number; max: number } {
  const cover = new CoverCursor(runs);
  let i = 0;
  let j = 0;
  let count = 0;
  let max = 0;
  let weighted = 0;
  let t = -Infinity;
  while (i < starts.length || j < ends.length) {
    const s = i < starts.length ? starts[i]! : Infinity;
    const e = j < ends.length ? ends[j]! : Infinity;
    const next = Math.min(s, e);
    if (count > 0 && next > t) weighted += count * cover.overlap(t, next);
    if (e <= s) {
      count--;
      j++;
    } else {
      count++;
      i++;
      if (count > max) max = count;
    }
    t = next;
  }
  return { weighted, max };
}

/** Where at least one span is open, as sorted, disjoint intervals. */
export function busyOf(starts: Float64Array, ends: Float64Array): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  let count = 0;
  let from = 0;
  while (i < starts.length || j < ends.length) {
    const s = i < starts.length ? starts[i]! : Infinity;
    const e = j < ends.length ? ends[j]! : Infinity;
    if (e <= s) {
      count--;
      j++;
      if (count === 0 && e > from) out.push({ from, to: e });
    } else {
      if (count === 0) from = s;
      count++;
      i++;
    }
  }
  return out;
}

/**
 * The day model's agenda: a binary min-heap of things to do at a time, taken in time
 * order and, at equal times, in the order they were put in (so a run replays exactly).
 */
interface Entry {
  readonly time: number;
  readonly n: number;
  readonly run: (time: number) => void;
}

export class Agenda {
  readonly #items: Entry[] = [];
  #count = 0;

  get size(): number {
    return this.#items.length;
  }

  add(time: number, run: (time: number) => void): void {
    const items = this.#items;
    items.push({ time, n: this.#count++, run });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i] as Entry, items[parent] as Entry)) break;
      [items[i], items[parent]] = [items[parent] as Entry, items[i] as Entry];
      i = parent;
    }
  }

  /** The earliest entry, removed; undefined when nothing is left. */
  take(): Entry | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (!top || !last || items.length === 0) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && before(items[l] as Entry, items[m] as Entry)) m = l;
      if (r < items.length && before(items[r] as Entry, items[m] as Entry)) m = r;
      if (m === i) break;
      [items[i], items[m]] = [items[m] as Entry, items[i] as Entry];
      i = m;
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.time < b.time || (a.time === b.time && a.n < b.n);
}

/**
 * A set kept sorted as entries come and go (a treap: a binary search tree balanced by
 * random heaps), for the waiting line (waitingLine.ts): adding, removing and finding the
 * first entry cost O(log n) instead of a pass or a sort over everything waiting.
 *
 * Each subtree also keeps the least `low(entry)` inside it, so "the first entry, in order,
 * whose `low` passes a test" is found without visiting the rest: how the line finds the
 * first ordinary ticket that has waited too long. The priorities come from a fixed
 * sequence, so the same entries added in the same order always make the same tree.
 */

interface Node<T> {
  readonly value: T;
  readonly heap: number;
  left: Node<T> | null;
  right: Node<T> | null;
  /** The least `low` of this node and everything under it. */
  low: number;
}

export class OrderedSet<T> {
  #root: Node<T> | null = null;
  #size = 0;
  #seed = 0x2545f491;

  /**
   * @param compare a total order: 0 only for the same entry (the line breaks ties by arrival).
   * @param low the number kept as a minimum per subtree, for `firstWith`.
   */
  constructor(
    private readonly compare: (a: T, b: T) => number,
    private readonly low: (value: T) => number = () => 0,
  ) {}

  get size(): number {
    return this.#size;
  }

  add(value: T): void {
    this.#root = this.#insert(this.#root, { value, heap: this.#nextHeap(), left: null, right: null, low: this.low(value) });
    this.#size += 1;
  }

  /** Removes the entry equal to `value` by `compare`; false when there is none. */
  delete(value: T): boolean {
    const before = this.#size;
    this.#root = this.#remove(this.#root, value);
    return this.#size < before;
  }

  /** The least entry. */
  first(): T | undefined {
    let n = this.#root;
    while (n?.left) n = n.left;
    return n?.value;
  }

  /**
   * The least entry whose `low` passes `test`. `test` must be monotone: when it passes for
   * a number it passes for every smaller one (so a subtree whose least `low` fails holds none).
   */
  firstWith(test: (low: number) => boolean): T | undefined {
    let n = this.#root;
    while (n && test(n.low)) {
      if (n.left && test(n.left.low)) n = n.left;
      else if (test(this.low(n.value))) return n.value;
      else n = n.right;
    }
    return undefined;
  }

  /** Every entry, in order. */
  *[Symbol.iterator](): IterableIterator<T> {
    const stack: Node<T>[] = [];
    let n = this.#root;
    while (n || stack.length) {
      while (n) {
        stack.push(n);
        n = n.left;
      }
      const top = stack.pop() as Node<T>;
      yield top.value;
      n = top.right;
    }
  }

  /** xorshift32: a fixed sequence, good enough to keep the tree's depth logarithmic. */
  #nextHeap(): number {
    let x = this.#seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#seed = x >>> 0;
    return this.#seed;
  }

  #fix(n: Node<T>): Node<T> {
    let low = this.low(n.value);
    if (n.left && n.left.low < low) low = n.left.low;
    if (n.right && n.right.low < low) low = n.right.low;
    n.low = low;
    return n;
  }

  #insert(n: Node<T> | null, node: Node<T>): Node<T> {
    if (!n) return node;
    if (this.compare(node.value, n.value) < 0) {
      n.left = this.#insert(n.left, node);
      if (n.left.heap > n.heap) return this.#rotateRight(n);
    } else {
      n.right = this.#insert(n.right, node);
      if (n.right.heap > n.heap) return this.#rotateLeft(n);
    }
    return this.#fix(n);
  }

  #remove(n: Node<T> | null, value: T): Node<T> | null {
    if (!n) return null;
    const c = this.compare(value, n.value);
    if (c < 0) n.left = this.#remove(n.left, value);
    else if (c > 0) n.right = this.#remove(n.right, value);
    else {
      this.#size -= 1;
      return this.#merge(n.left, n.right);
    }
    return this.#fix(n);
  }

  /** Joins two trees where everything in `a` comes before everything in `b`. */
  #merge(a: Node<T> | null, b: Node<T> | null): Node<T> | null {
    if (!a) return b;
    if (!b) return a;
    if (a.heap > b.heap) {
      a.right = this.#merge(a.right, b);
      return this.#fix(a);
    }
    b.left = this.#merge(a, b.left);
    return this.#fix(b);
  }

  #rotateRight(n: Node<T>): Node<T> {
    const l = n.left as Node<T>;
    n.left = l.right;
    l.right = this.#fix(n);
    return this.#fix(l);
  }

  #rotateLeft(n: Node<T>): Node<T> {
    const r = n.right as Node<T>;
    n.right = r.left;
    r.left = this.#fix(n);
    return this.#fix(r);
  }
}

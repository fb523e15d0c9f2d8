/**
 * Changes made on this device since the store's last answer, as they committed (the
 * outbox's onLocalChange), in seq order. When they are exactly what the store said it
 * expects next, a push sends them without reading them back from the outbox, where the
 * screens' live queries, woken by the same change, would hold it up (25–45 ms of a call's
 * way to the board). Anything else (a first push, a lost answer, a burst, a restored
 * store, another tab's change) answers null, and the outbox is read as always.
 */
import type { MutationEnvelope } from '../sync/protocol.ts';

/** A burst longer than this goes through the outbox. */
const FRESH_MAX = 20;

export class FreshChanges {
  private announced: MutationEnvelope[] = [];
  /** The seq the store said it expects next, in its last answer (null: not asked yet). */
  private storeNext: number | null = null;

  remember(change: MutationEnvelope): void {
    const last = this.announced[this.announced.length - 1];
    this.announced = last && last.seq + 1 === change.seq ? [...this.announced, change] : [change];
    if (this.announced.length > FRESH_MAX) this.announced = this.announced.slice(-FRESH_MAX);
  }

  /** The store answered a push: it expects `nextSeq` next; what it took is forgotten. */
  heard(nextSeq: number): void {
    this.storeNext = nextSeq;
    this.announced = this.announced.filter((m) => m.seq >= nextSeq);
  }

  /** The changes to push from memory, or null when memory cannot be sure they are what the store expects. */
  batch(): MutationEnvelope[] | null {
    return this.storeNext !== null && this.announced[0]?.seq === this.storeNext ? this.announced : null;
  }

  isEmpty(): boolean {
    return this.announced.length === 0;
  }

  /** The store was restored from a backup: what it expects is read afresh from its next answer. */
  forgetStore(): void {
    this.storeNext = null;
  }

  /** Started again (perhaps enrolled again): nothing is assumed. */
  clear(): void {
    this.announced = [];
    this.storeNext = null;
  }
}

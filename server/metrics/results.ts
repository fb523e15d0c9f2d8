/**
 * Answers computed from one office's figures, kept for the next asker. An answer is reused
 * as long as the office's data has not changed; a long view (months of pilot, the
 * scorecard) is also served while it is at most `staleMs` old even if a change came in
 * since (a busy office changes every few seconds; six months of figures do not move in a
 * minute), and recomputed in the background right away, so the next asker gets it fresh.
 * A day's figures (the live floor) always wait for fresh data.
 */
import type { OfficeData } from './officeData.ts';

interface Entry {
  generation: number;
  at: number;
  value: unknown;
  refreshing: boolean;
}

export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly clock: () => number,
    private readonly capacity = 32,
  ) {}

  get<T>(data: OfficeData, key: string, compute: () => T, staleMs = 0): T {
    const id = `${data.officeId}|${key}`;
    const hit = this.entries.get(id);
    const now = this.clock();
    if (hit && hit.generation === data.generation) return hit.value as T;
    if (hit && now - hit.at <= staleMs) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        setTimeout(() => {
          try {
            this.store(id, { generation: data.generation, at: this.clock(), value: compute(), refreshing: false });
          } catch {
            hit.refreshing = false; // the next asker computes it and sees the error
          }
        }, 0);
      }
      return hit.value as T;
    }
    const value = compute();
    this.store(id, { generation: data.generation, at: now, value, refreshing: false });
    return value;
  }

  private store(id: string, entry: Entry): void {
    this.entries.delete(id);
    this.entries.set(id, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

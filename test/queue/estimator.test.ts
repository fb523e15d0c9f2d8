/**
 * The wait estimator on simulated days: the median absolute error of the quoted wait
 * (the middle of its range) against the actual wait is reported, and must stay useful:
 * well under the naive "people ahead × default service time", and a few minutes at most.
 */
import { describe, expect, it } from 'vitest';
import { quoteWait } from '../../shared/domain/estimate.ts';
import { DEFAULT_QUEUE_SETTINGS } from '../../shared/domain/queue.ts';
import { PILOT_DAY, simulateDay } from './simulatedDay.ts';

describe('wait estimator', () => {
  it('quotes simulated days within a few minutes of the actual wait', () => {
    const days = [0, 1, 2, 3].map((i) => simulateDay({ ...PILOT_DAY, seed: PILOT_DAY.seed + i }));
    for (const day of days) {
      console.log(
        `[estimator] ${day.tickets} tickets, mean wait ${day.meanWaitMinutes.toFixed(1)} min (max ${day.maxWaitMinutes.toFixed(0)}): ` +
          `median |quoted − actual| ${day.medianAbsErrorMinutes.toFixed(1)} min, naive ${day.naiveMedianAbsErrorMinutes.toFixed(1)} min, ` +
          `${(day.withinRange * 100).toFixed(0)} % inside the quoted range`,
      );
      expect(day.tickets).toBeGreaterThan(100);
      expect(day.medianAbsErrorMinutes).toBeLessThan(day.naiveMedianAbsErrorMinutes);
      expect(day.medianAbsErrorMinutes).toBeLessThan(8);
    }
  });

  it('quotes more with more people ahead and less with more counters; never a negative or empty range', () => {
    const settings = DEFAULT_QUEUE_SETTINGS;
    const history = [5, 6, 7, 7, 8, 9, 12];
    const q = (ahead: number, counters: number) => quoteWait({ ahead, counters, cycleMinutes: history, settings });
    expect(q(0, 2)).toEqual({ minMinutes: 0, maxMinutes: expect.any(Number) });
    expect(q(10, 2).minMinutes).toBeGreaterThan(q(2, 2).maxMinutes);
    expect(q(10, 4).maxMinutes).toBeLessThan(q(10, 2).maxMinutes);
    expect(q(3, 0)).toEqual(q(3, 1)); // no counter working yet: one is assumed
    for (const ahead of [0, 1, 5, 50]) {
      const r = q(ahead, 3);
      expect(r.minMinutes).toBeGreaterThanOrEqual(0);
      expect(r.maxMinutes).toBeGreaterThan(r.minMinutes);
    }
    // A quote never runs past a day, however long the queue (the ticket must still be issued).
    expect(q(100_000, 1)).toEqual({ minMinutes: 24 * 60 - 1, maxMinutes: 24 * 60 });
    // Without history the office's default stands in.
    expect(quoteWait({ ahead: 4, counters: 1, cycleMinutes: [], settings })).toEqual({ minMinutes: Math.floor(3.5 * 8 * 0.7), maxMinutes: Math.ceil(4.5 * 8 * 1.3) });
  });
});

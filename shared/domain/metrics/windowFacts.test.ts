/**
 * The window's facts' two shortcuts, by properties: ordering by packed keys orders as a
 * comparison would (ties by index, keys that cannot be packed too), and return times
 * worked out once over all transactions classify a window's transactions as its own list
 * would (more than 7 days, more than 30 days to the same person's next one).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { officeTime } from '../office.ts';
import { addDays } from './clock.ts';
import { returnTimes } from './transactionFigures.ts';
import type { TransactionFact } from './types.ts';
import { orderOf } from './windowFacts.ts';

const SEED = Number(process.env.METRICS_SEED ?? 20261206);
const DAY_MS = 86_400_000;

describe('window facts', () => {
  it('orders a subset by its keys, ties by index, packed or compared', () => {
    const keyArb = fc.oneof(
      fc.integer({ min: 1_780_000_000_000, max: 1_780_000_000_000 + 40 * DAY_MS }), // a month of ms: packed
      fc.constantFrom(1_780_000_000_000, 1_780_000_000_500), // many ties
      fc.double({ min: 0, max: 1e6, noNaN: true }), // not whole: compared
      fc.constantFrom(0, Number.MAX_SAFE_INTEGER), // too wide to pack: compared
    );
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 300 }), fc.array(fc.boolean(), { minLength: 1 }), (values, picks) => {
        const keys = Float64Array.from(values);
        const subset = values.map((_, i) => i).filter((i) => picks[i % picks.length]);
        const expected = [...subset].sort((a, b) => keys[a]! - keys[b]! || a - b);
        expect([...orderOf(keys, subset)]).toEqual(expected);
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it("classifies a window's transactions from all transactions' return times as from its own list", () => {
    const txArb = fc.record({ day: fc.integer({ min: 0, max: 120 }), minute: fc.integer({ min: 0, max: 1439 }), person: fc.integer({ min: 1, max: 6 }), service: fc.constantFrom('a', 'b') });
    fc.assert(
      fc.property(fc.array(txArb, { maxLength: 120 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 40 }), (specs, start, length) => {
        const first = '2026-06-01';
        const all: TransactionFact[] = specs.map((s, i) => ({
          transactionId: `x${i}`,
          serviceDay: addDays(first, s.day),
          decidedAt: officeTime(addDays(first, s.day), s.minute, 'Asia/Riyadh'),
          minuteOfDay: s.minute,
          service: s.service,
          status: 'completed',
          total: 0,
          failures: [],
          counterId: 1,
          sectionId: null,
          officerBadge: 'B1',
          ticketId: null,
          representative: false,
          personKey: `p${s.person}`,
        }));
        const from = addDays(first, start);
        const to = addDays(from, length);
        const lastRepeatDay = addDays(to, 31);
        const nearIdx = all.map((_, i) => i).filter((i) => all[i]!.serviceDay >= from && all[i]!.serviceDay <= lastRepeatDay);
        const own = returnTimes(nearIdx.map((i) => all[i]!));
        const whole = returnTimes(all);
        const classes = (ms: number) => [ms > 7 * DAY_MS, ms > 30 * DAY_MS];
        nearIdx.forEach((i, k) => {
          if (all[i]!.serviceDay > to) return; // only the window's own transactions are counted
          expect(classes(whole[i]!)).toEqual(classes(own[k]!));
        });
      }),
      { numRuns: 200, seed: SEED + 1 },
    );
  });
});

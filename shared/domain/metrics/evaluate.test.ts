/**
 * evaluate() on the two-day office of fixture.ts, every figure worked out by hand in the
 * comments (minutes unless said otherwise; hours = minutes / 60), then each filter, the
 * per-day, per-week, heat-map and per-officer breakdowns. Exact fractions are written the
 * way the figure is computed (e.g. 13 / (964 / 60)) so the doubles match to the bit.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { D0, D1, D2, INPUT } from './fixture.ts';
import type { Figures } from './types.ts';

const ZERO_GROUPS = { residence: 0, exitReentry: 0, finalExit: 0, employment: 0, enquiries: 0 };

/*
 * Tickets (19): done m1 m2 m3 m5 m6 m9 w1 w2 w3 m10 m11 m13 w4 (13); noShow m4; cancelled
 * m7 m12; waiting m8 (D1) m14 (today); serving m15.
 * Abandoned: never called and cancelled (m7, m12) or not closed on a day before today (m8) = 3.
 *
 * Waits (call that counts − issue): m1 5, m2 8, m3 18 (09:04 → recall 09:22), m4 21, m5 26,
 * m6 40, m9 5, w1 5, w2 20, w3 30, m10 1, m11 9, w4 20, m13 5, m15 40: n = 15.
 * Sorted 1 5 5 5 5 8 9 18 20 20 21 26 30 40 40, sum 253; median = 8th = 18; p90 = ⌈13.5⌉ =
 * 14th = 40. Within 15: 1 5 5 5 5 8 9 = 7 of 15.
 * Walks (start − call): 1 for m1 m5 m9 w1 w2 w3 m11 w4 m13 m15 (10), 2 for m2 m6 m10, 3 for
 * m3: n = 14, sum 19, median 7th = 1, p90 ⌈12.6⌉ = 13th = 2.
 * Service (segments of served tickets): m1 10, m2 18, m3 15, m5 8 + 12 = 20, m6 8 + 8 = 16,
 * m9 9, w1 20, w2 19, w3 9, m10 10, m11 20, w4 20, m13 20: sorted 9 9 10 10 15 16 18 19 20 20
 * 20 20 20, sum 206; median 7th = 18; p90 ⌈11.7⌉ = 12th = 20.
 *
 * Quotes with a wait (min ≤ wait ≤ max; error = wait − midpoint): m1 0–10/5 in, 0; m2 5–15/8
 * in, −2; m3 10–20/18 in, +3; m5 20–30/26 in, +1; w1 0–10/5 in, 0; w3 0–10/30 out, +25; m10
 * 0–10/1 in, −4; m15 30–40/40 in (the edge counts), +5. m14's quote has no wait. n = 8, in 7,
 * errors sum 28, absolute 40.
 * Survey: m1 5, m2 4, m3 2, m6 5, m9 4, w1 3, w2 5, m10 5, w4 4: 9 answers of 13 served, sum
 * 37, satisfied (4–5) 7: csat 700 / 9.
 * Languages: ar m1 m8 w3 m10 m15 w4 = 6; en m4 m7 m12 m13 = 4; ur m2 m3 m11 m14 = 4; bn hi id
 * ml tl 1 each.
 *
 * Counter time (serving wins; idle = open − serving − break):
 * c1 D1 09:00–12:00 = 180: serving 10 + 15 + 8 + 8 + 8 = 49, break 15, idle 116
 *   (09:00–06 6, 09:16–25 9, 09:40–42 2, 09:50–10:12 22, 10:20–30 10, 10:45–50 5, 10:58–12:00 62).
 * c1 D2 09:00–11:00 = 120: serving 10 + 20 = 30, idle 90 (09:00–03, 09:13–15, 09:35–11:00).
 * c1 D2 16:00–20:00 (now) = 240: serving 20 (m13; m15's running segment is left out), idle 220.
 * c2 D1 09:00–11:10 = 130: serving 18 + 12 + 9 = 39, idle 91 (09:00–12, 09:30–53, 10:05–11:01).
 * c3 D1 16:00–18:00: serving 20 + 19 = 39, idle 81; closed 18:00–18:21; serving 18:21–30 = 9.
 * c3 D2 09:00–12:00: serving 20, idle 160.
 * Serving 49 + 30 + 20 + 39 + 48 + 20 = 206; idle 116 + 90 + 220 + 91 + 81 + 160 = 758;
 * break 15; staffed 964.
 *
 * In the line (issue → first call or close; never: end of day or now):
 * men D1 09:00–05, 09:02–10, 09:04–20, 09:10–31, 09:15–41, 09:30–10:10, 09:40–10:00,
 *   10:55–11:00, 11:30–24:00 (m8); at most 3 at once (09:04–05, 09:15–20, 09:30–31, 09:40–41).
 *   Someone waiting: 09:00–10:10, 10:55–11:00, 11:30–24:00.
 * men D2 09:00–01, 09:05–14, 09:20–25, 16:30–35, 19:00–40 (m15), 19:30–20:00 (m14).
 * women D1 16:05–10, 16:20–40, 17:50–18:20; D2 09:30–50.
 * Idle while someone of the section waits: c1 D1 6 + 9 + 2 + 20 + (2 + 30) = 69; c1 D2 1 + 1
 * + 0 = 2 and 5 + 60 = 65; c2 12 + 23 + 5 + 5 = 45; c3 D1 5 + 9 + 10 = 24, D2 20. Total 225.
 * Staffed (any counter): D1 09:00–12:00, 16:00–18:00, 18:21–18:30; D2 09:00–12:00,
 * 16:00–20:00: 180 + 120 + 9 + 180 + 240 = 729. Tickets waiting over it: D1 morning 5 + 8 +
 * 16 + 21 + 26 + 40 + 20 + 5 + 30 = 171; D1 16–18 m8 120 + 5 + 20 + 10 = 155; 18:21–30 m8 9;
 * D2 morning 1 + 9 + 5 + 20 = 35; D2 evening 5 + 40 + 30 = 75. Sum 445: mean 445 / 729.
 *
 * Transactions in the slice (14): completed x1 x2 x4 x5 x7 x9 x10 x11 x14 x12 = 10, refused
 * x3 x6 x8 x15 = 4. Revenue 650 × 6 + 200 × 3 + 1,000 = 5,500. Rules: passportExpiring x3 x6
 * x8 (once) = 3, quotaExhausted 1, unpaidViolations 1.
 * Followed by the same person and service: x3 by x5 (78 min), x2 by x10 (1 day), x12 by x13
 * (12 days, outside the slice). Within 7 days: 14 − 2 = 12; within 30: 14 − 3 = 11.
 * Per staffed hour: served 13 / (964 / 60); decided 14 / (964 / 60); cost 964 / 60 × 120 ÷ 10.
 *
 * Completeness: events 4+4+5+3+7+6+2+1+4 + 4+4+4 + 4+4+2+4+1+3 + 4 = 70, late 2 + 1 + 4 = 7 in
 * 3 tickets, latest 45 min. Silences in opening hours: 10 min + 6 h + 1 h + 4 h = 670 min in 4.
 */
const EXPECTED: Figures = {
  tickets: {
    tickets: 19,
    served: 13,
    noShows: 1,
    noShowRate: 1 / 19,
    abandoned: 3,
    abandonmentRate: 3 / 19,
    wait: { n: 15, mean: 253 / 15, median: 18, p90: 40 },
    walk: { n: 14, mean: 19 / 14, median: 1, p90: 2 },
    service: { n: 13, mean: 206 / 13, median: 18, p90: 20 },
    serviceLevel: { share: 7 / 15, within: 7, of: 15, targetMinutes: 15 },
    lineLength: { mean: 445 / 729, max: 3 },
    quoted: { n: 8, withinRange: 7 / 8, meanErrorMinutes: 28 / 8, meanAbsErrorMinutes: 40 / 8 },
    satisfaction: { responses: 9, responseRate: 9 / 13, meanScore: 37 / 9, csat: 700 / 9 },
    languages: [
      { language: 'ar', tickets: 6 },
      { language: 'en', tickets: 4 },
      { language: 'ur', tickets: 4 },
      { language: 'bn', tickets: 1 },
      { language: 'hi', tickets: 1 },
      { language: 'id', tickets: 1 },
      { language: 'ml', tickets: 1 },
      { language: 'tl', tickets: 1 },
    ],
  },
  counters: {
    staffedHours: 964 / 60,
    servingHours: 206 / 60,
    idleHours: 758 / 60,
    breakHours: 15 / 60,
    idleWhileWaitingHours: 225 / 60,
    utilisation: 206 / 964,
    servedPerCounterHour: 13 / (964 / 60),
    transactionsPerCounterHour: 14 / (964 / 60),
    costPerTransaction: ((964 / 60) * 120) / 10,
  },
  transactions: {
    completed: 10,
    refused: 4,
    revenue: 5500,
    byService: [
      { service: 'employment.professionChange', completed: 1, refused: 0, revenue: 1000 },
      { service: 'exitReentry.single', completed: 3, refused: 1, revenue: 600 },
      { service: 'finalExit.issue', completed: 0, refused: 1, revenue: 0 },
      { service: 'iqama.renew', completed: 6, refused: 2, revenue: 3900 },
    ],
    refusalsByRule: [
      { rule: 'passportExpiring', count: 3 },
      { rule: 'quotaExhausted', count: 1 },
      { rule: 'unpaidViolations', count: 1 },
    ],
    cancellations: 3,
    cancellationsByStep: [
      { step: 'verify', count: 2 },
      { step: 'payment', count: 1 },
    ],
    cancellationsByReason: [
      { reason: 'resident left', count: 2 },
      { reason: 'wrong service', count: 1 },
    ],
    firstVisit: { n: 14, within7: 12 / 14, within30: 11 / 14 },
  },
  // kept (10:55 for 11:00), late (10:05 for 10:00), missed, cancelled, upcoming × 2 (20:30; 19:50 + 15 > now).
  appointments: { booked: 6, kept: 1, late: 1, missed: 1, cancelled: 1, upcoming: 2, keptRate: 2 / 3 },
  completeness: { events: 70, lateEvents: 7, lateShare: 7 / 70, ticketsWithLateEvents: 3, maxLateMinutes: 45, offlinePeriods: 4, offlineHours: 670 / 60 },
};

describe('evaluate', () => {
  const all = evaluate(INPUT, { from: D1, to: D2 });

  it('computes every figure of the two days', () => {
    expect(all.filter).toEqual({ from: D1, to: D2 });
    expect(all.figures).toEqual(EXPECTED);
  });

  it('splits by shift: tickets by when they were taken, counter time by the shift’s hours', () => {
    const [morning, evening] = all.shifts;
    expect(all.shifts.map((s) => s.shift)).toEqual(['morning', 'evening']);
    // Morning (taken 09:00–12:00 or nearest): m1–m9, m10, m11, m12, w4 = 13. Served 9.
    // Waits 5 8 18 21 26 40 5 1 9 20: sorted 1 5 5 8 9 18 20 21 26 40, sum 153, median 5th = 9,
    // p90 9th = 26; within 15: 5 of 10.
    expect(morning!.figures.tickets).toMatchObject({ tickets: 13, served: 9, noShows: 1, abandoned: 3, wait: { n: 10, mean: 153 / 10, median: 9, p90: 26 }, serviceLevel: { share: 5 / 10 } });
    // Counter time in 09:00–12:00: c1 D1 49 + 116 (+ break 15), c2 39 + 91, c1 D2 30 + 90, c3 D2 20 + 160.
    expect(morning!.figures.counters).toMatchObject({ staffedHours: 595 / 60, servingHours: 138 / 60, idleHours: 457 / 60, breakHours: 15 / 60 });
    // Transactions decided in the morning: x1–x6, x9, x10, x11, x14 = 10, completed 8.
    expect(morning!.figures.counters.transactionsPerCounterHour).toBe(10 / (595 / 60));
    expect(morning!.figures.counters.costPerTransaction).toBe(((595 / 60) * 120) / 8);
    expect(morning!.figures.appointments).toMatchObject({ booked: 2, kept: 1, late: 1 });
    // Silences in 09:00–12:00: d1 D1 10:00–10:10 and D2 11:00–12:00.
    expect(morning!.figures.completeness).toMatchObject({ events: 50, lateEvents: 6, offlinePeriods: 2, offlineHours: 70 / 60 });
    // Evening: w1 w2 w3 m13 m14 m15; c3 D1 48 + 81, c1 D2 20 + 220; x7 x8 x15 x12.
    expect(evening!.figures.tickets).toMatchObject({ tickets: 6, served: 4, abandoned: 0 });
    expect(evening!.figures.counters).toMatchObject({ staffedHours: 369 / 60, servingHours: 68 / 60 });
    expect(evening!.figures.transactions).toMatchObject({ completed: 2, refused: 2 });
    expect(evening!.figures.completeness).toMatchObject({ events: 20, lateEvents: 1, offlinePeriods: 2, offlineHours: 600 / 60 });
  });

  it('filters by shift: the slice is the shift, and the shift list holds it alone', () => {
    const morning = evaluate(INPUT, { from: D1, to: D2, shift: 'morning' });
    expect(morning.figures).toEqual(all.shifts[0]!.figures);
    expect(morning.shifts).toEqual([{ shift: 'morning', figures: morning.figures }]);
    expect(morning.figures.tickets.tickets).not.toBe(all.figures.tickets.tickets);
    // Heat cells of the morning hours only: Sunday and Monday × 9, 10, 11.
    expect(morning.heat.map((c) => [c.weekday, c.hour])).toEqual([[0, 9], [0, 10], [0, 11], [1, 9], [1, 10], [1, 11]]);
  });

  it('filters by section: the women’s tickets, counter 3, its transactions and bookings', () => {
    const women = evaluate(INPUT, { from: D1, to: D2, sectionId: 'women' });
    // Waits 5 20 30 20: sorted 5 20 20 30, median 2nd = 20, p90 4th = 30; within 15: 1 of 4.
    expect(women.figures.tickets).toMatchObject({ tickets: 4, served: 4, wait: { n: 4, mean: 75 / 4, median: 20, p90: 30 }, serviceLevel: { share: 1 / 4 } });
    // Counter 3 staffed 16:00–18:00, 18:21–30, D2 09:00–12:00 = 309; waiting over it 5 + 20 + 10 + 20 = 55; never two at once.
    expect(women.figures.tickets.lineLength).toEqual({ mean: 55 / 309, max: 1 });
    expect(women.figures.counters).toMatchObject({ staffedHours: 309 / 60, servingHours: 68 / 60, idleWhileWaitingHours: 44 / 60 });
    // x7, x8, x11 by their section; x15 by its counter's.
    expect(women.figures.transactions).toMatchObject({ completed: 2, refused: 2, revenue: 1300, cancellations: 1 });
    expect(women.figures.appointments).toMatchObject({ booked: 2, missed: 1, upcoming: 1 });
    expect(women.officers.map((o) => o.officerBadge)).toEqual(['B3']);
  });

  it('filters by service, leaving counter time whole', () => {
    const iqama = evaluate(INPUT, { from: D1, to: D2, service: 'iqama.renew' });
    // m1 m3 m6 w1 m10 m15 w4; served all but m15.
    expect(iqama.figures.tickets).toMatchObject({ tickets: 7, served: 6 });
    expect(iqama.figures.counters.staffedHours).toBe(964 / 60);
    expect(iqama.figures.counters.servedPerCounterHour).toBe(6 / (964 / 60));
    // x1 x3 x5 x7 x9 x11 x14 x15: 8 decided.
    expect(iqama.figures.counters.transactionsPerCounterHour).toBe(8 / (964 / 60));
    expect(iqama.figures.transactions).toMatchObject({ completed: 6, refused: 2, cancellations: 2 });
    expect(iqama.figures.appointments.booked).toBe(4);
  });

  it('filters by counter: its tickets, its time, its device', () => {
    const c2 = evaluate(INPUT, { from: D1, to: D2, counterId: 2 });
    // m2 m4 m5 m9 (m5 completed at counter 2 after its transfer).
    expect(c2.figures.tickets).toMatchObject({ tickets: 4, served: 3, noShows: 1 });
    expect(c2.figures.counters).toMatchObject({ staffedHours: 130 / 60, servingHours: 39 / 60, idleWhileWaitingHours: 45 / 60 });
    expect(c2.figures.transactions).toMatchObject({ completed: 2, refused: 1, cancellations: 0 });
    expect(c2.figures.completeness).toMatchObject({ offlinePeriods: 0, offlineHours: 0 });
    // Bookings belong to no counter: not filtered.
    expect(c2.figures.appointments.booked).toBe(6);
  });

  it('filters by officer: the tickets they completed or last called, their stretches', () => {
    const a1 = evaluate(INPUT, { from: D1, to: D2, officerBadge: 'A1' });
    // m1 m3 m6 m10 m11 m13, and m15 (being served, last called by A1).
    expect(a1.figures.tickets).toMatchObject({ tickets: 7, served: 6 });
    // Counter 1's time: serving 99, idle 426.
    expect(a1.figures.counters).toMatchObject({ staffedHours: 525 / 60, servingHours: 99 / 60 });
    expect(a1.figures.transactions).toMatchObject({ completed: 6, refused: 1 });
  });

  it('filters by language: tickets by theirs, transactions by their ticket’s', () => {
    const ur = evaluate(INPUT, { from: D1, to: D2, language: 'ur' });
    expect(ur.figures.tickets).toMatchObject({ tickets: 4, served: 3, languages: [{ language: 'ur', tickets: 4 }] });
    // x2 (m2), x3 (m3), x10 (m11); x14 has no ticket.
    expect(ur.figures.transactions).toMatchObject({ completed: 2, refused: 1 });
    expect(ur.figures.counters.staffedHours).toBe(964 / 60);
    expect(ur.figures.transactions.cancellations).toBe(3);
  });

  it('lists every day of the range, zero where nobody came', () => {
    const three = evaluate(INPUT, { from: D0, to: D2 });
    expect(three.daily).toEqual([
      { day: D0, total: 0, byGroup: ZERO_GROUPS },
      { day: D1, total: 12, byGroup: { residence: 4, exitReentry: 2, finalExit: 1, employment: 1, enquiries: 4 } },
      { day: D2, total: 7, byGroup: { residence: 3, exitReentry: 2, finalExit: 0, employment: 0, enquiries: 2 } },
    ]);
    // Saturday adds nothing but its own (empty) week.
    expect(three.figures).toEqual(EXPECTED);
  });

  it('gives the weeks (from Sunday) that overlap the range', () => {
    const three = evaluate(INPUT, { from: D0, to: D2 });
    expect(three.weekly).toEqual([
      { weekStart: '2026-11-15', tickets: 0, waitMedian: null, waitP90: null, serviceLevel: null, noShowRate: null, csat: null, transactionsPerCounterHour: null, costPerTransaction: null },
      {
        weekStart: '2026-11-22',
        tickets: 19,
        waitMedian: 18,
        waitP90: 40,
        serviceLevel: 7 / 15,
        noShowRate: 1 / 19,
        csat: 700 / 9,
        transactionsPerCounterHour: 14 / (964 / 60),
        costPerTransaction: ((964 / 60) * 120) / 10,
      },
    ]);
    expect(all.weekly).toEqual([three.weekly[1]]);
  });

  it('maps weekday × hour: arrivals, median wait, counters needed and staffed', () => {
    /*
     * Sunday 9: m1–m7 = 7, waits 5 8 18 21 26 40 → 3rd = 18; staffed c1 60 + c2 60.
     * Sunday 10: m9, wait 5; c1 45 (break 10:30–45) + c2 60 = 105. Sunday 11: m8 (no wait); c1 60 + c2 10.
     * Sunday 16: w1 w2, waits 5 20 → 5; c3. Sunday 17: w3, 30; c3. Sunday 18: c3 served 18:21–30 = 9.
     * Monday 9: m10 m11 m12 w4, waits 1 9 20 → 9; c1 + c3. Monday 10: c1 + c3. Monday 11: c3.
     * Monday 16–19: c1; 19: m14 m15, wait 40. Monday 20: c1 stops at now, 20:00.
     * Counters needed (Erlang C, mean service 206 / 13 = 15.85 min, 85 % within 15 min), from
     * the closed form in 30 digits: 1 an hour → 1 counter (86.84 %); 2 → 2 (97.26 %;
     * one gives 66.21 %); 4 → 2 (85.05 %); 7 → 3 (87.36 %; two give 23.05 %).
     */
    expect(all.heat.map((c) => [c.weekday, c.hour, c.arrivals, c.waitMedian, c.countersNeeded, c.countersStaffed])).toEqual([
      [0, 9, 7, 18, 3, 2],
      [0, 10, 1, 5, 1, 105 / 60],
      [0, 11, 1, null, 1, 70 / 60],
      [0, 16, 2, 5, 2, 1],
      [0, 17, 1, 30, 1, 1],
      [0, 18, 0, null, null, 9 / 60],
      [0, 19, 0, null, null, 0],
      [0, 20, 0, null, null, 0],
      [0, 21, 0, null, null, 0],
      [1, 9, 4, 9, 2, 2],
      [1, 10, 0, null, null, 2],
      [1, 11, 0, null, null, 1],
      [1, 16, 1, 5, 1, 1],
      [1, 17, 0, null, null, 1],
      [1, 18, 0, null, null, 1],
      [1, 19, 2, 40, 2, 1],
      [1, 20, 0, null, null, 0],
      [1, 21, 0, null, null, 0],
    ]);
    // Over two Sundays arrivals and staffed counters are per Sunday; Saturday (no shift
    // arrivals, but open hours) gets its cells too.
    const week = evaluate(INPUT, { from: D0, to: '2026-11-29' });
    const sunday9 = week.heat.find((c) => c.weekday === 0 && c.hour === 9)!;
    expect(sunday9.arrivals).toBe(7 / 2);
    expect(sunday9.countersStaffed).toBe(1);
    expect(week.heat.filter((c) => c.weekday === 6)).toHaveLength(9);
    // The share is a parameter: for 20 % within 15 minutes two counters carry Sunday 9 (three for 85 %).
    expect(evaluate(INPUT, { from: D1, to: D2 }, { serviceLevelShare: 0.2 }).heat[0]!.countersNeeded).toBe(2);
  });

  it('gives each officer’s served tickets, counter time and transactions', () => {
    // A1: m1 10, m3 15, m6 16, m10 10, m11 20, m13 20 (sorted 10 10 15 16 20 20, sum 91);
    //   counter 1: staffed 525, serving 99; x1 x3 x5 x9 x10 x14 x12, x3 refused; answers 5 2 5 5.
    // A2: m2 18, m5 20, m9 9 (sum 47); counter 2: 130, serving 39; x2 x4 x6, x6 refused; 4 4.
    // B3: w1 20, w2 19, w3 9, w4 20 (sum 68); counter 3: 309, serving 68; x7 x8 x15 x11; 3 5 4.
    expect(all.officers).toEqual([
      { officerBadge: 'A1', served: 6, service: { n: 6, mean: 91 / 6, median: 15, p90: 20 }, staffedHours: 525 / 60, utilisation: 99 / 525, transactions: 7, refused: 1, csat: 75 },
      { officerBadge: 'A2', served: 3, service: { n: 3, mean: 47 / 3, median: 18, p90: 20 }, staffedHours: 130 / 60, utilisation: 39 / 130, transactions: 3, refused: 1, csat: 100 },
      { officerBadge: 'B3', served: 4, service: { n: 4, mean: 68 / 4, median: 19, p90: 20 }, staffedHours: 309 / 60, utilisation: 68 / 309, transactions: 4, refused: 2, csat: 200 / 3 },
    ]);
  });

  it('gives empty figures for a range with no days', () => {
    const none = evaluate(INPUT, { from: D2, to: D1 });
    expect(none.figures.tickets).toMatchObject({ tickets: 0, noShowRate: null, wait: { n: 0, mean: null }, lineLength: { mean: null, max: 0 } });
    expect(none.figures.counters).toMatchObject({ staffedHours: 0, utilisation: null, costPerTransaction: null });
    expect(none.figures.transactions.firstVisit).toEqual({ n: 0, within7: null, within30: null });
    expect(none.figures.completeness).toMatchObject({ events: 0, lateShare: null, maxLateMinutes: null, offlinePeriods: 0 });
    expect([none.daily, none.weekly, none.heat, none.officers]).toEqual([[], [], [], []]);
  });
});

/**
 * The scorecard: the pilot's calendar (six calendar months, weeks from Sunday), the trend
 * projection against a regression worked out by hand, the t quantiles against the table,
 * and each branch of the recommendation (roll out, stop on a key target, stop on three
 * misses, extend, no data).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PILOT, type PilotSettings } from '../office.ts';
import { addDays } from './clock.ts';
import { pilotEndDate, projectTrend, scorecard, tQuantile90 } from './scorecard.ts';
import type { Figures, TargetId, WeekFigures } from './types.ts';

interface Values {
  serviceLevel: number | null;
  csat: number | null;
  noShow: number | null;
  tpch: number | null;
  cost: number | null;
}
const GOOD: Values = { serviceLevel: 0.9, csat: 90, noShow: 0.05, tpch: 5, cost: 30 };

/** Figures with the five scored values set and everything else empty. */
function figuresWith(v: Values): Figures {
  const spread = { n: 0, mean: null, median: null, p90: null };
  return {
    tickets: {
      tickets: 0,
      served: 0,
      noShows: 0,
      noShowRate: v.noShow,
      abandoned: 0,
      abandonmentRate: null,
      wait: spread,
      walk: spread,
      service: spread,
      serviceLevel: { share: v.serviceLevel, within: 0, of: 0, targetMinutes: 15 },
      lineLength: { mean: null, max: 0 },
      quoted: { n: 0, withinRange: null, meanErrorMinutes: null, meanAbsErrorMinutes: null },
      satisfaction: { responses: 0, responseRate: null, meanScore: null, csat: v.csat },
      languages: [],
    },
    counters: {
      staffedHours: 0,
      servingHours: 0,
      idleHours: 0,
      breakHours: 0,
      idleWhileWaitingHours: 0,
      utilisation: null,
      servedPerCounterHour: null,
      transactionsPerCounterHour: v.tpch,
      costPerTransaction: v.cost,
    },
    transactions: {
      completed: 0,
      refused: 0,
      revenue: 0,
      byService: [],
      refusalsByRule: [],
      cancellations: 0,
      cancellationsByStep: [],
      cancellationsByReason: [],
      firstVisit: { n: 0, within7: null, within30: null },
    },
    appointments: { booked: 0, kept: 0, late: 0, missed: 0, cancelled: 0, upcoming: 0, keptRate: null },
    completeness: { events: 0, lateEvents: 0, lateShare: null, ticketsWithLateEvents: 0, maxLateMinutes: null, offlinePeriods: 0, offlineHours: 0 },
  };
}

/** The pilot's first weeks: 2026-08-30 (the Sunday before 1 September), 09-06, 09-13, … */
const week = (i: number) => addDays('2026-08-30', 7 * i);

function weeks(...values: Values[]): WeekFigures[] {
  return values.map((v, i) => ({
    weekStart: week(i),
    tickets: 100,
    waitMedian: 10,
    waitP90: 20,
    serviceLevel: v.serviceLevel,
    noShowRate: v.noShow,
    csat: v.csat,
    transactionsPerCounterHour: v.tpch,
    costPerTransaction: v.cost,
  }));
}

const card = (overall: Values, weekly: WeekFigures[], today = '2026-09-19', pilot: PilotSettings = DEFAULT_PILOT) =>
  scorecard({ officeId: 'riyadh-north', pilot, weekly, overall: figuresWith(overall), today });
const target = (c: ReturnType<typeof card>, id: TargetId) => c.targets.find((t) => t.id === id)!;

describe('the pilot calendar', () => {
  it('ends the day before start + months, in calendar months', () => {
    expect(pilotEndDate('2026-09-01', 6)).toBe('2027-02-28');
    expect(pilotEndDate('2027-08-31', 6)).toBe('2028-02-28');
    expect(pilotEndDate('2026-01-15', 1)).toBe('2026-02-14');
  });

  it('counts the pilot’s weeks from the Sunday on or before its start', () => {
    // 2026-08-30 … 2027-02-28 (a Sunday): 182 days apart, 26 weeks on, so 27 weeks.
    const c = card(GOOD, [], '2026-11-22');
    expect(c.pilot).toEqual({ startDate: '2026-09-01', endDate: '2027-02-28', months: 6, weeksElapsed: 13, weeksTotal: 27 });
    expect(card(GOOD, [], '2026-08-01').pilot.weeksElapsed).toBe(0);
    expect(card(GOOD, [], '2026-08-30').pilot.weeksElapsed).toBe(1);
    expect(card(GOOD, [], '2027-06-01').pilot.weeksElapsed).toBe(27);
    expect(target(c, 'serviceLevel').weekly).toHaveLength(13);
  });
});

describe('projectTrend', () => {
  it('fits the least-squares line and its 90 % prediction interval', () => {
    // x = 0…3, y = 1, 3, 2, 5: x̄ = 1.5, ȳ = 2.75, Sxx = 5, Sxy = 5.5, slope 1.1, intercept 1.1.
    // Residuals −0.1, 0.8, −1.3, 0.6: SSE = 2.7, s² = 2.7 / 2 = 1.35.
    // At x = 10: ŷ = 12.1; half-width = t(0.95, 2) · √(1.35 · (1 + 1/4 + 8.5² / 5)) = 2.919986 · √21.195.
    const p = projectTrend([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 2 }, { x: 3, y: 5 }], 10)!;
    const half = 2.919986 * Math.sqrt(21.195);
    expect(p.value).toBeCloseTo(12.1, 12);
    expect(p.low).toBeCloseTo(12.1 - half, 10);
    expect(p.high).toBeCloseTo(12.1 + half, 10);
    // The same with numpy/scipy: low −1.3430377, high 25.5430377.
    expect(p.low).toBeCloseTo(-1.3430377, 5);
  });

  it('needs three points at two places at least', () => {
    expect(projectTrend([{ x: 0, y: 1 }, { x: 1, y: 2 }], 5)).toBeNull();
    expect(projectTrend([{ x: 2, y: 1 }, { x: 2, y: 2 }, { x: 2, y: 3 }], 5)).toBeNull();
  });

  it('takes t from the table up to 30 degrees of freedom, and closely beyond', () => {
    expect(tQuantile90(1)).toBe(6.313752);
    expect(tQuantile90(2)).toBe(2.919986);
    expect(tQuantile90(25)).toBe(1.708141);
    expect(tQuantile90(30)).toBe(1.697261);
    // scipy.stats.t.ppf(0.95, df) for 31, 40, 60, 120, 1000.
    expect(tQuantile90(31)).toBeCloseTo(1.695519, 5);
    expect(tQuantile90(40)).toBeCloseTo(1.683851, 5);
    expect(tQuantile90(60)).toBeCloseTo(1.670649, 5);
    expect(tQuantile90(120)).toBeCloseTo(1.657651, 5);
    expect(tQuantile90(1000)).toBeCloseTo(1.646379, 5);
    expect(tQuantile90(0)).toBe(Infinity);
  });
});

describe('scorecard', () => {
  it('rolls out when every target is met now and on the trend', () => {
    const c = card(GOOD, weeks(GOOD, GOOD, GOOD));
    expect(c.targets.map((t) => [t.id, t.direction, t.target, t.current, t.status, t.baseline])).toEqual([
      ['serviceLevel', 'atLeast', 0.85, 0.9, 'met', 0.62],
      ['satisfaction', 'atLeast', 85, 90, 'met', 71],
      ['noShow', 'atMost', 0.08, 0.05, 'met', 0.11],
      ['transactionsPerCounterHour', 'atLeast', 4, 5, 'met', 3.2],
      ['costPerTransaction', 'atMost', 40, 30, 'met', 52],
    ]);
    // Flat weeks: the line is flat, the interval has no width.
    expect(target(c, 'satisfaction').projection).toEqual({ value: 90, low: 90, high: 90, atWeek: '2027-02-28' });
    expect(target(c, 'serviceLevel').weekly).toEqual([
      { weekStart: '2026-08-30', value: 0.9 },
      { weekStart: '2026-09-06', value: 0.9 },
      { weekStart: '2026-09-13', value: 0.9 },
    ]);
    expect(c.recommendation).toEqual({
      decision: 'rollOut',
      reasons: [
        { code: 'allMet', params: {} },
        { code: 'betterThanBaseline', params: { id: 'serviceLevel', value: 0.9, baseline: 0.62 } },
        { code: 'betterThanBaseline', params: { id: 'satisfaction', value: 90, baseline: 71 } },
        { code: 'betterThanBaseline', params: { id: 'noShow', value: 0.05, baseline: 0.11 } },
        { code: 'betterThanBaseline', params: { id: 'transactionsPerCounterHour', value: 5, baseline: 3.2 } },
        { code: 'betterThanBaseline', params: { id: 'costPerTransaction', value: 30, baseline: 52 } },
      ],
    });
  });

  it('stops when the service level is missed and even its trend’s high end stays below the target', () => {
    // 0.70, 0.69, 0.68: slope −0.01 a week, so week 26 lands on 0.70 − 0.26 = 0.44 (no scatter: no width).
    const c = card({ ...GOOD, serviceLevel: 0.69 }, weeks({ ...GOOD, serviceLevel: 0.7 }, { ...GOOD, serviceLevel: 0.69 }, { ...GOOD, serviceLevel: 0.68 }));
    const sl = target(c, 'serviceLevel');
    expect(sl.status).toBe('missed');
    expect(sl.projection!.value).toBeCloseTo(0.44, 10);
    expect(sl.projection!.high).toBeCloseTo(0.44, 6);
    expect(c.recommendation.decision).toBe('stop');
    expect(c.recommendation.reasons[0]).toEqual({ code: 'belowTarget', params: { id: 'serviceLevel', value: 0.69, target: 0.85 } });
    // Still better than a regular office (0.62).
    expect(c.recommendation.reasons).toContainEqual({ code: 'betterThanBaseline', params: { id: 'serviceLevel', value: 0.69, baseline: 0.62 } });
  });

  it('stops when three targets are missed, judging by the current values alone before three weeks of data', () => {
    const bad = { ...GOOD, noShow: 0.2, tpch: 2, cost: 60 };
    const c = card(bad, weeks(bad, bad), '2026-09-12');
    expect(c.targets.map((t) => t.status)).toEqual(['met', 'met', 'missed', 'missed', 'missed']);
    expect(c.targets.every((t) => t.projection === null)).toBe(true);
    expect(c.recommendation.decision).toBe('stop');
    expect(c.recommendation.reasons.slice(0, 3)).toEqual([
      { code: 'aboveTarget', params: { id: 'noShow', value: 0.2, target: 0.08 } },
      { code: 'belowTarget', params: { id: 'transactionsPerCounterHour', value: 2, target: 4 } },
      { code: 'aboveTarget', params: { id: 'costPerTransaction', value: 60, target: 40 } },
    ]);
    expect(c.recommendation.reasons).toContainEqual({ code: 'worseThanBaseline', params: { id: 'noShow', value: 0.2, baseline: 0.11 } });
    expect(c.recommendation.reasons).toContainEqual({ code: 'worseThanBaseline', params: { id: 'costPerTransaction', value: 60, baseline: 52 } });
  });

  it('extends when a target misses now but trends to meet it, or meets it now but trends to miss', () => {
    const c = card(
      { ...GOOD, serviceLevel: 0.8 },
      weeks({ ...GOOD, serviceLevel: 0.75, csat: 95 }, { ...GOOD, serviceLevel: 0.8, csat: 90 }, { ...GOOD, serviceLevel: 0.85, csat: 85 }),
    );
    // Service level: 0.75 + 0.05 × 26 = 2.05, kept to 1; satisfaction: 95 − 5 × 26 = −35, kept to 0.
    expect(target(c, 'serviceLevel')).toMatchObject({ status: 'atRisk', projection: { value: 1, atWeek: '2027-02-28' } });
    expect(target(c, 'satisfaction')).toMatchObject({ status: 'atRisk', projection: { value: 0, low: 0, high: 0 } });
    expect(c.recommendation.decision).toBe('extend');
    expect(c.recommendation.reasons.slice(0, 2)).toEqual([
      { code: 'belowTarget', params: { id: 'serviceLevel', value: 0.8, target: 0.85 } },
      { code: 'trendingToMiss', params: { id: 'satisfaction', value: 90, target: 85, projected: 0 } },
    ]);
  });

  it('extends when a straddling interval leaves the outcome open, and counts only weeks with data', () => {
    // Weeks 0, 2, 3 have data (week 1 none): 90, 88, 91 → still a trend of three points.
    const w = weeks({ ...GOOD, csat: 90 }, { ...GOOD, csat: null }, { ...GOOD, csat: 88 }, { ...GOOD, csat: 91 });
    const c = card(GOOD, w, '2026-09-26');
    const sat = target(c, 'satisfaction');
    expect(sat.weekly.map((x) => x.value)).toEqual([90, null, 88, 91]);
    expect(sat.projection).not.toBeNull();
    expect(sat.projection!.low).toBeLessThan(85);
    expect(sat.status).toBe('atRisk');
    expect(c.recommendation.decision).toBe('extend');
  });

  it('rolls out on the targets that have data, saying which have none', () => {
    const c = card({ ...GOOD, csat: null }, weeks({ ...GOOD, csat: null }, { ...GOOD, csat: null }, { ...GOOD, csat: null }));
    expect(target(c, 'satisfaction')).toMatchObject({ status: 'unknown', current: null, projection: null });
    expect(c.recommendation.decision).toBe('rollOut');
    expect(c.recommendation.reasons.slice(0, 2)).toEqual([
      { code: 'noData', params: { id: 'satisfaction', target: 85 } },
      { code: 'allMet', params: {} },
    ]);
  });

  it('extends, not rolls out, when nothing has data yet', () => {
    const none = { serviceLevel: null, csat: null, noShow: null, tpch: null, cost: null };
    const c = card(none, [], '2026-09-02');
    expect(c.targets.every((t) => t.status === 'unknown')).toBe(true);
    expect(c.recommendation).toEqual({
      decision: 'extend',
      reasons: [
        { code: 'noData', params: { id: 'serviceLevel', target: 0.85 } },
        { code: 'noData', params: { id: 'satisfaction', target: 85 } },
        { code: 'noData', params: { id: 'noShow', target: 0.08 } },
        { code: 'noData', params: { id: 'transactionsPerCounterHour', target: 4 } },
        { code: 'noData', params: { id: 'costPerTransaction', target: 40 } },
      ],
    });
  });

  it('does not stop on a missed key target whose trend may still reach it', () => {
    // 0.60, 0.70, 0.80 now 0.70: missed now; the line reaches 1 (kept) — not "still wrong".
    const c = card({ ...GOOD, serviceLevel: 0.7 }, weeks({ ...GOOD, serviceLevel: 0.6 }, { ...GOOD, serviceLevel: 0.7 }, { ...GOOD, serviceLevel: 0.8 }));
    expect(target(c, 'serviceLevel').status).toBe('atRisk');
    expect(c.recommendation.decision).toBe('extend');
  });
});

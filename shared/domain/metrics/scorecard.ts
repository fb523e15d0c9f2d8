/**
 * The pilot's scorecard: each target the directorate set, where the pilot stands today,
 * where its weekly trend lands at the pilot's end (a straight line fitted by least squares,
 * with a 90 % prediction interval), and from that a recommendation: roll out, extend the
 * pilot, or stop it. The rules are written out below so the console can say why.
 */
import { addMonths } from '../dates.ts';
import type { PilotSettings } from '../office.ts';
import { addDays, dayNumber, weekStartOf } from './clock.ts';
import type { Figures, RecommendationReason, Scorecard, TargetId, TargetResult, WeekFigures } from './types.ts';

/** The pilot's settings and figures the scorecard judges. */
export interface ScorecardInput {
  readonly officeId: string;
  readonly pilot: PilotSettings;
  /** Weekly figures of the pilot so far (evaluate(...).weekly), any order; missing weeks have no data. */
  readonly weekly: readonly WeekFigures[];
  readonly overall: Figures;
  /** The office day of now. */
  readonly today: string;
}

/** One-sided 95 % (two-sided 90 %) quantiles of Student's t, df 1–30 (scipy.stats.t.ppf(0.95, df)). */
const T95 = [
  6.313752, 2.919986, 2.353363, 2.131847, 2.015048, 1.94318, 1.894579, 1.859548, 1.833113, 1.812461, 1.795885, 1.782288, 1.770933,
  1.76131, 1.75305, 1.745884, 1.739607, 1.734064, 1.729133, 1.724718, 1.720743, 1.717144, 1.713872, 1.710882, 1.708141, 1.705618,
  1.703288, 1.701131, 1.699127, 1.697261,
];

/**
 * Student's t quantile for a two-sided 90 % interval with `df` degrees of freedom: the table
 * up to 30, then the Cornish–Fisher expansion around the normal quantile (exact to 1e-6
 * from df 20 on).
 */
export function tQuantile90(df: number): number {
  if (!(df >= 1)) return Infinity;
  const d = Math.floor(df);
  if (d <= T95.length) return T95[d - 1]!;
  const z = 1.6448536269514722;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / d + g2 / d ** 2 + g3 / d ** 3 + g4 / d ** 4;
}

/**
 * Ordinary least squares of y on x, evaluated at `atX`, with a 90 % prediction interval
 * ŷ ± t(0.95, n − 2) · s · √(1 + 1/n + (atX − x̄)² / Sxx). Null with fewer than 3 points or
 * when all x are equal.
 */
export function projectTrend(points: readonly { readonly x: number; readonly y: number }[], atX: number): { value: number; low: number; high: number } | null {
  const n = points.length;
  if (n < 3) return null;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.x;
    sy += p.y;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (const p of points) sse += (p.y - (intercept + slope * p.x)) ** 2;
  const s = Math.sqrt(sse / (n - 2));
  const value = intercept + slope * atX;
  const half = tQuantile90(n - 2) * s * Math.sqrt(1 + 1 / n + (atX - mx) ** 2 / sxx);
  return { value, low: value - half, high: value + half };
}

/** Last day of the pilot: the day before start + `months` calendar months. */
export function pilotEndDate(startDate: string, months: number): string {
  return addDays(addMonths(startDate, months), -1);
}

interface TargetSpec {
  readonly id: TargetId;
  readonly direction: 'atLeast' | 'atMost';
  readonly target: number;
  readonly current: number | null;
  readonly baseline: number | null;
  readonly weekValue: (w: WeekFigures) => number | null;
  /** Where a value can lie (shares 0–1, csat 0–100, rates ≥ 0): projections are kept inside. */
  readonly range: readonly [number, number];
}

function specsOf(pilot: PilotSettings, overall: Figures): TargetSpec[] {
  const t = pilot.targets;
  const b = pilot.baseline;
  return [
    { id: 'serviceLevel', direction: 'atLeast', target: t.serviceLevelShare, current: overall.tickets.serviceLevel.share, baseline: b.serviceLevelShare, weekValue: (w) => w.serviceLevel, range: [0, 1] },
    { id: 'satisfaction', direction: 'atLeast', target: t.satisfaction, current: overall.tickets.satisfaction.csat, baseline: b.satisfaction, weekValue: (w) => w.csat, range: [0, 100] },
    { id: 'noShow', direction: 'atMost', target: t.noShowMax, current: overall.tickets.noShowRate, baseline: b.noShowShare, weekValue: (w) => w.noShowRate, range: [0, 1] },
    {
      id: 'transactionsPerCounterHour',
      direction: 'atLeast',
      target: t.transactionsPerCounterHour,
      current: overall.counters.transactionsPerCounterHour,
      baseline: b.transactionsPerCounterHour,
      weekValue: (w) => w.transactionsPerCounterHour,
      range: [0, Infinity],
    },
    {
      id: 'costPerTransaction',
      direction: 'atMost',
      target: t.costPerTransactionMax,
      current: overall.counters.costPerTransaction,
      baseline: b.costPerTransaction,
      weekValue: (w) => w.costPerTransaction,
      range: [0, Infinity],
    },
  ];
}

const meets = (direction: 'atLeast' | 'atMost', value: number, target: number) => (direction === 'atLeast' ? value >= target : value <= target);

/**
 * - met: the current value and the projection meet the target, and so does the whole interval;
 * - missed: neither the current value nor the projection meets it;
 * - atRisk: anything between (one meets, or the interval straddles the target);
 * - unknown: no current value. Without a projection (fewer than 3 weeks of data) the current
 *   value decides alone: met or missed.
 */
function statusOf(direction: 'atLeast' | 'atMost', target: number, current: number | null, projection: TargetResult['projection']): TargetResult['status'] {
  if (current === null) return 'unknown';
  const now = meets(direction, current, target);
  if (projection === null) return now ? 'met' : 'missed';
  const later = meets(direction, projection.value, target);
  if (!now && !later) return 'missed';
  const intervalMeets = meets(direction, projection.low, target) && meets(direction, projection.high, target);
  return now && later && intervalMeets ? 'met' : 'atRisk';
}

/** The projection's end that is least favourable to the target is still on its wrong side. */
function stillWrong(t: TargetResult): boolean {
  if (!t.projection) return false;
  return t.direction === 'atLeast' ? t.projection.high < t.target : t.projection.low > t.target;
}

/**
 * The scorecard. The pilot's weeks start on Sunday (the first may begin before its start
 * date); weeksElapsed counts those begun by `today`. Recommendation:
 * - rollOut: every target with data is met (and at least one has data);
 * - stop: the service level or satisfaction is missed and even its projection's favourable
 *   end stays on the wrong side of the target, or three or more targets are missed;
 * - extend: otherwise.
 * Reasons: one per target not met ('belowTarget' / 'aboveTarget' when the current value
 * misses, 'trendingToMiss' when it meets but the trend does not, 'noData'), 'allMet' for
 * rollOut, then each target with a baseline: 'betterThanBaseline' / 'worseThanBaseline'.
 */
export function scorecard(input: ScorecardInput): Scorecard {
  const { pilot, today } = input;
  const endDate = pilotEndDate(pilot.startDate, pilot.months);
  const firstWeek = dayNumber(weekStartOf(pilot.startDate));
  const weeksTotal = (dayNumber(weekStartOf(endDate)) - firstWeek) / 7 + 1;
  const weeksElapsed = Math.max(0, Math.min(weeksTotal, Math.floor((dayNumber(today) - firstWeek) / 7) + 1));
  const weekStart = (i: number) => addDays(weekStartOf(pilot.startDate), 7 * i);
  const byStart = new Map(input.weekly.map((w) => [w.weekStart, w]));

  const targets: TargetResult[] = specsOf(pilot, input.overall).map((spec) => {
    const weekly = Array.from({ length: weeksElapsed }, (_, i) => {
      const w = byStart.get(weekStart(i));
      return { weekStart: weekStart(i), value: w ? spec.weekValue(w) : null };
    });
    const points = weekly.flatMap((w, x) => (w.value === null ? [] : [{ x, y: w.value }]));
    const trend = projectTrend(points, weeksTotal - 1);
    const [lo, hi] = spec.range;
    const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
    const projection = trend && { value: clamp(trend.value), low: clamp(trend.low), high: clamp(trend.high), atWeek: weekStart(weeksTotal - 1) };
    return {
      id: spec.id,
      direction: spec.direction,
      target: spec.target,
      current: spec.current,
      weekly,
      projection,
      status: statusOf(spec.direction, spec.target, spec.current, projection),
      baseline: spec.baseline,
    };
  });

  const withData = targets.filter((t) => t.status !== 'unknown');
  const missed = targets.filter((t) => t.status === 'missed');
  const decision =
    withData.length > 0 && withData.every((t) => t.status === 'met')
      ? 'rollOut'
      : missed.some((t) => (t.id === 'serviceLevel' || t.id === 'satisfaction') && stillWrong(t)) || missed.length >= 3
        ? 'stop'
        : 'extend';

  const reasons: RecommendationReason[] = [];
  for (const t of targets) {
    if (t.status === 'met') continue;
    if (t.current === null) reasons.push({ code: 'noData', params: { id: t.id, target: t.target } });
    else if (!meets(t.direction, t.current, t.target)) {
      reasons.push({ code: t.direction === 'atLeast' ? 'belowTarget' : 'aboveTarget', params: { id: t.id, value: t.current, target: t.target } });
    } else reasons.push({ code: 'trendingToMiss', params: { id: t.id, value: t.current, target: t.target, projected: t.projection?.value ?? t.current } });
  }
  if (decision === 'rollOut') reasons.push({ code: 'allMet', params: {} });
  for (const t of targets) {
    if (t.current === null || t.baseline === null || t.current === t.baseline) continue;
    const better = t.direction === 'atLeast' ? t.current > t.baseline : t.current < t.baseline;
    reasons.push({ code: better ? 'betterThanBaseline' : 'worseThanBaseline', params: { id: t.id, value: t.current, baseline: t.baseline } });
  }

  return {
    officeId: input.officeId,
    pilot: { startDate: pilot.startDate, endDate, months: pilot.months, weeksElapsed, weeksTotal },
    targets,
    recommendation: { decision, reasons },
  };
}

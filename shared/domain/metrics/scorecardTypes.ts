/**
 * The scorecard: each of the pilot's targets with its weekly values and projection, and
 * the recommendation (roll out, extend or stop) with the reasons the console translates.
 */

/** The targets the pilot is judged by (PilotTargets in shared/domain/office.ts). */
export type TargetId = 'serviceLevel' | 'satisfaction' | 'noShow' | 'transactionsPerCounterHour' | 'costPerTransaction';

export interface TargetResult {
  readonly id: TargetId;
  /** Met when the value is at least (or at most) the target. */
  readonly direction: 'atLeast' | 'atMost';
  readonly target: number;
  /** Over the whole pilot so far (or the filtered slice). */
  readonly current: number | null;
  /** One value per week of the pilot so far, oldest first (null: no data that week). */
  readonly weekly: readonly { readonly weekStart: string; readonly value: number | null }[];
  /** Where the weekly trend lands at the pilot's end, with a 90 % prediction interval. */
  readonly projection: { readonly value: number; readonly low: number; readonly high: number; readonly atWeek: string } | null;
  /** met: current and projection meet it; atRisk: one of them does not, or the interval straddles it; missed: neither. */
  readonly status: 'met' | 'atRisk' | 'missed' | 'unknown';
  readonly baseline: number | null;
}

export interface RecommendationReason {
  /** A key the console translates, with its parameters. */
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface Scorecard {
  readonly officeId: string;
  readonly pilot: {
    readonly startDate: string;
    /** Last day of month `months` (inclusive). */
    readonly endDate: string;
    readonly months: number;
    readonly weeksElapsed: number;
    readonly weeksTotal: number;
  };
  readonly targets: readonly TargetResult[];
  readonly recommendation: { readonly decision: 'rollOut' | 'extend' | 'stop'; readonly reasons: readonly RecommendationReason[] };
}

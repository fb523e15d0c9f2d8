/**
 * The answers of the console's figure endpoints (server/routes/adminMetrics.ts), part of the REST contract: the live
 * floor, a slice of the pilot's evaluation, the scorecard, as the screens read them. The
 * figures themselves are the shared domain's types (shared/domain/metrics/types.ts).
 */
import type { Floor } from '../domain/floor.ts';
import type { Evaluation, MetricsFilter, Scorecard, TargetId } from '../domain/metrics/types.ts';
import type { LocalizedText, PilotBaseline } from '../domain/office.ts';

/** Who may be named on screen: badge and name. */
export interface OfficerName {
  readonly badge: string;
  readonly name: LocalizedText;
}

/** Today's headline numbers on the floor. */
export interface TodayFigures {
  readonly tickets: number;
  readonly served: number;
  readonly waiting: number;
  readonly noShows: number;
  readonly waitMedian: number | null;
  readonly serviceLevel: number | null;
}

/** GET /api/admin/floor */
export interface FloorResponse extends Floor {
  readonly serviceDay: string;
  readonly silenced: number;
  readonly officers: readonly OfficerName[];
  readonly today: TodayFigures;
  readonly targetMinutes: number;
}

/** What the filters may choose from (what the office has). */
export interface FilterOptions {
  readonly sections: readonly { readonly id: string; readonly name: LocalizedText }[];
  readonly services: readonly string[];
  readonly counters: readonly { readonly id: number; readonly sectionId: string }[];
  readonly officers: readonly OfficerName[];
  readonly languages: readonly string[];
}

export interface PilotWindow {
  readonly startDate: string;
  readonly endDate: string;
  readonly months: number;
  /** The office's day now. */
  readonly today: string;
}

/** GET /api/admin/metrics?… */
export interface MetricsResponse {
  readonly evaluation: Evaluation;
  readonly pilot: PilotWindow;
  readonly options: FilterOptions;
  /** The service level target: the minutes and the share of tickets that should wait no longer. */
  readonly targetMinutes: number;
  readonly targetShare: number;
  readonly generatedAt: number;
}

/** The other offices in the store, as one comparison (their median per target). */
export interface OtherOffices {
  readonly offices: number;
  readonly values: Readonly<Record<TargetId, number | null>>;
}

/** GET /api/admin/scorecard */
export interface ScorecardResponse {
  readonly officeId: string;
  readonly officeName: LocalizedText;
  readonly scorecard: Scorecard;
  /** The service level target's minutes ("85 % within 15 minutes"). */
  readonly serviceLevelMinutes: number;
  readonly baseline: PilotBaseline;
  readonly others: OtherOffices | null;
  readonly generatedAt: number;
}

/** GET /api/admin/scorecards (director): every office side by side. */
export interface ScorecardsResponse {
  readonly offices: readonly ScorecardResponse[];
}

export type ExportKind = 'tickets' | 'transactions' | 'figures' | 'dictionary';

export type { MetricsFilter };

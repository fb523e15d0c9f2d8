/**
 * The evaluation's pictures: daily volume by service group (stacked), the wait's median
 * and 90th percentile per week against the target, the service level per week against its
 * target, and the weekday × hour heat maps of arrivals (with the counters each hour needs,
 * by Erlang C, beside the ones it had) and of waits. Used by the evaluation and by the
 * printed report.
 */
import { useMemo } from 'preact/hooks';
import type { Evaluation } from '../../../shared/domain/metrics/types.ts';
import { SERVICE_GROUPS } from '../../../shared/domain/services.ts';
import { useT } from '../../../shared/ui/I18nProvider.tsx';
import type { Formats } from '../../format.ts';
import { HeatMap } from '../charts/HeatMap.tsx';
import { TimeChart, type ChartSeries } from '../charts/TimeChart.tsx';

const GROUP_COLORS: Record<string, string> = {
  residence: '#005a2b',
  exitReentry: '#1747c4',
  finalExit: '#b86b00',
  employment: '#7b2cbf',
  enquiries: '#5c5c5c',
};

export interface EvaluationChartsProps {
  readonly evaluation: Evaluation;
  readonly targetMinutes: number;
  /** The service level the pilot aims at (0–1). */
  readonly targetShare: number;
  readonly f: Formats;
  /** Leave out the heat maps (the printed report has its own page for them). */
  readonly heat?: boolean;
}

export function EvaluationCharts({ evaluation, targetMinutes, targetShare, f, heat = true }: EvaluationChartsProps) {
  const t = useT('pilot');
  const days = useMemo(() => evaluation.daily.map((d) => d.day), [evaluation]);
  const weeks = useMemo(() => evaluation.weekly.map((w) => w.weekStart), [evaluation]);
  const daily: ChartSeries[] = useMemo(
    () =>
      SERVICE_GROUPS.map((g) => ({
        label: t(`groups.${g}`),
        color: GROUP_COLORS[g] ?? '#333',
        values: evaluation.daily.map((d) => d.byGroup[g] ?? 0),
      })),
    [evaluation, t],
  );
  const waits: ChartSeries[] = useMemo(
    () => [
      { label: t('charts.waitMedian'), color: '#005a2b', values: evaluation.weekly.map((w) => w.waitMedian) },
      { label: t('charts.waitP90'), color: '#b86b00', values: evaluation.weekly.map((w) => w.waitP90) },
      { label: t('charts.target', { minutes: targetMinutes }), color: '#a10e0e', target: true, values: evaluation.weekly.map(() => targetMinutes) },
    ],
    [evaluation, t, targetMinutes],
  );
  const level: ChartSeries[] = useMemo(
    () => [
      { label: t('charts.serviceLevel'), color: '#1747c4', values: evaluation.weekly.map((w) => (w.serviceLevel === null ? null : w.serviceLevel * 100)) },
      { label: t('charts.targetShare', { share: Math.round(targetShare * 100) }), color: '#a10e0e', target: true, values: evaluation.weekly.map(() => targetShare * 100) },
    ],
    [evaluation, t, targetShare],
  );
  const count = (v: number | null): string => f.count(v === null ? null : Math.round(v));
  const minutes = (v: number | null): string => f.decimal(v, 1);
  const percent = (v: number | null): string => (v === null ? '—' : `${f.decimal(v, 0)}\u00a0%`);
  return (
    <div class="charts">
      <TimeChart title={t('charts.daily')} days={days} series={daily} stacked format={count} dayLabel={t('charts.day')} formatDay={f.shortDate} testId="chart-daily" />
      <TimeChart title={t('charts.weeklyWait')} days={weeks} series={waits} format={minutes} dayLabel={t('charts.weekOf')} formatDay={f.shortDate} testId="chart-wait" />
      <TimeChart title={t('charts.weeklyLevel')} days={weeks} series={level} format={percent} dayLabel={t('charts.weekOf')} formatDay={f.shortDate} testId="chart-level" />
      {heat && (
        <>
          <HeatMap
            title={t('charts.heatArrivals')}
            caption={t('charts.heatArrivalsCaption', { minutes: targetMinutes, share: Math.round(targetShare * 100) })}
            cells={evaluation.heat}
            value={(c) => c.arrivals}
            format={(v) => f.decimal(v, 1)}
            note={(c) => (c.countersNeeded === null ? null : t('charts.counters', { needed: c.countersNeeded, had: f.decimal(c.countersStaffed, 1) }))}
            warn={(c) => c.countersNeeded !== null && c.countersStaffed + 0.5 < c.countersNeeded}
            f={f}
            testId="heat-arrivals"
          />
          <HeatMap title={t('charts.heatWaits')} cells={evaluation.heat} value={(c) => c.waitMedian} format={(v) => f.decimal(v, 0)} f={f} testId="heat-waits" />
        </>
      )}
    </div>
  );
}

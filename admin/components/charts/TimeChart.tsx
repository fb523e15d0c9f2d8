/**
 * A time series chart (uPlot: 22 KB, loaded only when a chart is first shown). Days run
 * right-to-left in Arabic (the time axis mirrors, the value axis moves to the right), a
 * target can be drawn as a dashed line, and series can be stacked (daily volume by
 * service). Every chart carries its numbers as a table for screen readers and keyboard
 * users (a <details> below it), so nothing is only in the picture.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { isRtl } from '../../../shared/i18n/index.ts';
import { useI18n, useT } from '../../../shared/ui/I18nProvider.tsx';

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly color: string;
  /** A dashed reference line (a target). */
  readonly target?: boolean;
}

export interface TimeChartProps {
  readonly title: string;
  /** Days (YYYY-MM-DD), one per point. */
  readonly days: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Stack the series (each drawn on top of the ones before it). */
  readonly stacked?: boolean;
  /** How a value reads in the tooltip, the axis and the table. */
  readonly format: (value: number | null) => string;
  /** Label of the first column of the table (e.g. "Week of"). */
  readonly dayLabel: string;
  readonly formatDay: (day: string) => string;
  readonly height?: number;
  readonly testId?: string;
  readonly children?: ComponentChildren;
}

type UPlotModule = { default: typeof uPlot };
let loading: Promise<UPlotModule> | null = null;
function loadUPlot(): Promise<UPlotModule> {
  loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m as UPlotModule);
  return loading;
}

const epochSeconds = (day: string): number => Date.parse(`${day}T12:00:00Z`) / 1000;

export function TimeChart({ title, days, series, stacked = false, format, dayLabel, formatDay, height = 260, testId, children }: TimeChartProps) {
  const t = useT('pilot');
  const { language } = useI18n();
  const rtl = isRtl(language);
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const el = box.current;
    if (!el || days.length === 0) return;
    let chart: uPlot | null = null;
    let live = true;
    const observer = new ResizeObserver(() => chart?.setSize({ width: el.clientWidth, height }));
    void loadUPlot().then(
      ({ default: UPlot }) => {
        if (!live) return;
        // Stacked: each series is drawn at the sum of itself and those before it; the
        // tooltip and the table still show its own value.
        const sums: (number | null)[][] = [];
        series.forEach((s, i) => {
          sums.push(s.values.map((v, j) => (stacked && !s.target ? (v ?? 0) + (i > 0 ? (sums[i - 1]?.[j] ?? 0) : 0) : v)));
        });
        const data: uPlot.AlignedData = [days.map(epochSeconds), ...sums.map((values) => values.map((v) => v ?? null))];
        const options: uPlot.Options = {
          width: el.clientWidth,
          height,
          scales: { x: { time: true, dir: rtl ? -1 : 1 } },
          axes: [
            { stroke: '#3d3d3d', grid: { stroke: '#e4e4e4' }, values: (_u, splits) => splits.map((s) => formatDay(new Date(s * 1000).toISOString().slice(0, 10))) },
            { stroke: '#3d3d3d', grid: { stroke: '#e4e4e4' }, side: rtl ? 1 : 3, size: 70, values: (_u, splits) => splits.map((v) => format(v)) },
          ],
          legend: { show: true },
          cursor: { drag: { x: false, y: false } },
          series: [
            { label: dayLabel, value: (_u, v) => (v === null ? '' : formatDay(new Date(v * 1000).toISOString().slice(0, 10))) },
            ...series.map((s, i) => ({
              label: s.label,
              stroke: s.color,
              width: s.target ? 2 : 2,
              dash: s.target ? [8, 6] : undefined,
              fill: stacked && !s.target ? `${s.color}66` : undefined,
              points: { show: days.length < 40 },
              value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) => (idx === null ? '' : format(series[i]?.values[idx] ?? null)),
            })),
          ],
          bands: stacked ? series.slice(1).map((_s, i) => ({ series: [i + 2, i + 1] as [number, number] })) : undefined,
        };
        chart = new UPlot(options, data, el);
        observer.observe(el);
      },
      () => setFailed(true),
    );
    return () => {
      live = false;
      observer.disconnect();
      chart?.destroy();
    };
  }, [days, series, stacked, rtl, height, format, formatDay, dayLabel]);

  return (
    <figure class="chart" data-testid={testId}>
      <figcaption class="chart__title">{title}</figcaption>
      {failed ? <p class="muted">{t('charts.unavailable')}</p> : <div ref={box} class="chart__plot" style={{ minBlockSize: `${height}px` }} aria-hidden="true" />}
      {children}
      <details class="chart__table">
        <summary>{t('charts.asTable')}</summary>
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{dayLabel}</th>
                {series.map((s) => (
                  <th key={s.label} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((day, j) => (
                <tr key={day}>
                  <th scope="row">{formatDay(day)}</th>
                  {series.map((s) => (
                    <td key={s.label}>{format(s.values[j] ?? null)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

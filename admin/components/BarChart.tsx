/**
 * A horizontal bar chart drawn as SVG, one row per category. Bars grow from the reading
 * side: left-to-right in English, right-to-left in Arabic. Screen readers get the same
 * numbers as a list.
 */
import { useI18n } from '../../shared/ui/I18nProvider.tsx';
import { isRtl } from '../../shared/i18n/index.ts';

export interface Bar {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  /** CSS colour of the bar; the chart's default otherwise. */
  readonly color?: string;
}

export interface BarChartProps {
  readonly title: string;
  readonly bars: readonly Bar[];
}

const WIDTH = 420;
const ROW = 34;
const LABEL = 190;
const VALUE = 40;
const BAR_MAX = WIDTH - LABEL - VALUE - 16;

export function BarChart({ title, bars }: BarChartProps) {
  const { language } = useI18n();
  const rtl = isRtl(language);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(1, bars.length) * ROW;
  // x of a point measured from the reading side. The SVG's own `direction` makes "start" and
  // "end" anchors follow the reading side too.
  const x = (fromStart: number): number => (rtl ? WIDTH - fromStart : fromStart);

  return (
    <figure class="bar-chart">
      <figcaption class="bar-chart__title">{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" aria-hidden="true" class="bar-chart__svg" style={{ direction: rtl ? 'rtl' : 'ltr' }}>
        {bars.map((bar, i) => {
          const y = i * ROW;
          const length = bar.value === 0 ? 0 : Math.max(3, (bar.value / max) * BAR_MAX);
          const barStart = LABEL + 8;
          return (
            <g key={bar.key}>
              <text x={x(LABEL)} y={y + ROW / 2} text-anchor="end" dominant-baseline="middle" class="bar-chart__label">
                {bar.label}
              </text>
              <rect
                x={rtl ? x(barStart) - length : barStart}
                y={y + 6}
                width={length}
                height={ROW - 12}
                rx={4}
                fill={bar.color ?? 'var(--brand)'}
              />
              <text
                x={x(barStart + length + 8)}
                y={y + ROW / 2}
                text-anchor="start"
                dominant-baseline="middle"
                class="bar-chart__value"
              >
                {bar.value}
              </text>
            </g>
          );
        })}
      </svg>
      <ul class="visually-hidden">
        {bars.map((bar) => (
          <li key={bar.key}>
            {bar.label}: {bar.value}
          </li>
        ))}
      </ul>
    </figure>
  );
}

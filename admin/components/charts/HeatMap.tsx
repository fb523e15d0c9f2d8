/**
 * A weekday × hour heat map as a real table (so screen readers read it as one, and it
 * mirrors in Arabic by itself): darker is more. Each cell can carry a second line, e.g.
 * the counters that hour needs to meet the service level next to the ones it had.
 */
import type { HeatCell } from '../../../shared/domain/metrics/types.ts';
import { useT } from '../../../shared/ui/I18nProvider.tsx';
import type { Formats } from '../../format.ts';

export interface HeatMapProps {
  readonly title: string;
  readonly cells: readonly HeatCell[];
  readonly value: (cell: HeatCell) => number | null;
  readonly format: (value: number | null) => string;
  /** A second line in the cell (optional). */
  readonly note?: (cell: HeatCell) => string | null;
  /** Highlight a cell (e.g. fewer counters than needed). */
  readonly warn?: (cell: HeatCell) => boolean;
  readonly f: Formats;
  readonly testId?: string;
  readonly caption?: string;
}

/**
 * The cell's green for a level 0–1, with text that stays readable (WCAG AA, 4.5:1): dark
 * text on the lighter greens, white on the darker ones, and no green in between where
 * neither would do.
 */
function shade(level: number): { background: string; color: string } {
  const dark = level > 0.6;
  const alpha = dark ? 0.8 + (level - 0.6) * 0.5 : 0.06 + level * 0.98;
  return { background: `rgb(0 90 43 / ${alpha.toFixed(2)})`, color: dark ? '#fff' : 'var(--ink)' };
}

/** Sunday first, as the Saudi week starts. */
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];

export function HeatMap({ title, cells, value, format, note, warn, f, testId, caption }: HeatMapProps) {
  const t = useT('pilot');
  const hours = [...new Set(cells.map((c) => c.hour))].sort((a, b) => a - b);
  const byKey = new Map(cells.map((c) => [`${c.weekday}:${c.hour}`, c]));
  const max = Math.max(0, ...cells.map((c) => value(c) ?? 0));
  const weekdayName = (d: number): string =>
    new Intl.DateTimeFormat(f.locale, { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2026, 2, 1 + d)); // 2026-03-01 is a Sunday
  return (
    <figure class="chart heat" data-testid={testId}>
      <figcaption class="chart__title">{title}</figcaption>
      {caption && <p class="muted">{caption}</p>}
      {hours.length === 0 ? (
        <p>{t('charts.noData')}</p>
      ) : (
        <div class="table-scroll">
          <table class="heat__table">
            <thead>
              <tr>
                <td />
                {hours.map((h) => (
                  <th key={h} scope="col" class="ltr">
                    {String(h).padStart(2, '0')}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {WEEKDAYS.map((d) => (
                <tr key={d}>
                  <th scope="row">{weekdayName(d)}</th>
                  {hours.map((h) => {
                    const cell = byKey.get(`${d}:${h}`);
                    const v = cell ? value(cell) : null;
                    const level = v === null || max === 0 ? 0 : Math.min(1, v / max);
                    const extra = cell && note ? note(cell) : null;
                    return (
                      <td
                        key={h}
                        class={`heat__cell${cell && warn?.(cell) ? ' heat__cell--warn' : ''}`}
                        style={shade(level)}
                      >
                        <span>{format(v)}</span>
                        {extra && <span class="heat__note">{extra}</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}

/**
 * The pilot's evaluation: pick a slice (days, section, service, shift, counter, officer,
 * language), read its figures, charts and tables, and take it away as CSV. The slice is
 * kept for the tab (a reload stays on it).
 */
import { useCallback, useState } from 'preact/hooks';
import { useT } from '../../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../../adminApi.ts';
import { useFormats } from '../../format.ts';
import type { MetricsFilter } from '../../../shared/api/metricsTypes.ts';
import { useAdminData } from '../../useAdminData.ts';
import { DataState } from '../DataState.tsx';
import { OfficerTable, ShiftTable, TransactionTables } from './Breakdowns.tsx';
import { EvaluationCharts } from './EvaluationCharts.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { FigureCards } from './FigureCards.tsx';
import { Filters } from './Filters.tsx';

const FILTER_KEY = 'jawazat.admin.evaluationFilter';

function savedFilter(): Partial<MetricsFilter> {
  try {
    const value = JSON.parse(sessionStorage.getItem(FILTER_KEY) ?? '{}') as unknown;
    return typeof value === 'object' && value !== null ? (value as Partial<MetricsFilter>) : {};
  } catch {
    return {};
  }
}

export default function EvaluationView({ api }: { api: AdminApi }) {
  const t = useT('pilot');
  const [filter, setFilter] = useState<Partial<MetricsFilter>>(savedFilter);
  const load = useCallback(() => api.metrics(filter), [api, filter]);
  const metrics = useAdminData(load);
  const f = useFormats();
  const data = metrics.data;
  const apply = (next: Partial<MetricsFilter>): void => {
    sessionStorage.setItem(FILTER_KEY, JSON.stringify(next));
    setFilter(next);
    setTimeout(metrics.reload, 0);
  };
  const range = data ? t('evaluation.range', { from: f.date(data.evaluation.filter.from), to: f.date(data.evaluation.filter.to) }) : null;
  return (
    <>
      <Filters filter={filter} options={data?.options ?? null} pilot={data?.pilot ?? null} onApply={apply} />
      <DataState state={metrics} updatedLabel={range}>
        {data && (
          <div class="evaluation" data-testid="evaluation">
            <FigureCards figures={data.evaluation.figures} f={f} />
            <EvaluationCharts evaluation={data.evaluation} targetMinutes={data.targetMinutes} targetShare={data.targetShare} f={f} />
            <ShiftTable evaluation={data.evaluation} f={f} />
            <OfficerTable evaluation={data.evaluation} officers={data.options.officers} f={f} />
            <TransactionTables evaluation={data.evaluation} f={f} />
            <ExportPanel api={api} filter={filter} />
          </div>
        )}
      </DataState>
    </>
  );
}

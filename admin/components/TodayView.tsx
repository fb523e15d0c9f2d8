/**
 * Today on the floor, refreshed every 10 seconds: tickets by status, by section and by
 * service group as bar charts, the counters open now, and the latest ticket events.
 */
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../adminApi.ts';
import type { Count } from '../adminTypes.ts';
import { useAdminData } from '../useAdminData.ts';
import { BarChart } from './BarChart.tsx';
import { DataState } from './DataState.tsx';

const REFRESH_MS = 10_000;

const STATUS_COLORS: Record<string, string> = {
  waiting: '#7a4a00',
  called: '#b86b00',
  serving: '#1747c4',
  done: '#005a2b',
  noShow: '#a10e0e',
  cancelled: '#5c5c5c',
};

export function TodayView({ api }: { api: AdminApi }) {
  const t = useT('admin');
  const { language } = useI18n();
  const today = useAdminData(() => api.today(), REFRESH_MS);
  const data = today.data;
  const clock = (ms: number | null): string =>
    ms === null ? '' : new Intl.DateTimeFormat(language === 'ar' ? 'ar-SA-u-nu-latn' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms);
  const nameOf = (c: Count, prefix: string): string => c.name?.[language] ?? c.name?.en ?? t(`${prefix}.${c.key}`, { defaultValue: c.key });

  return (
    <DataState state={today} updatedLabel={today.updatedAt ? t('today.updated', { time: clock(today.updatedAt) }) : null}>
      {data && (
        <div class="today">
          <div class="today__charts">
            <BarChart
              title={t('today.byStatus')}
              bars={data.byStatus.map((c) => ({ key: c.key, label: t(`status.${c.key}`), value: c.count, color: STATUS_COLORS[c.key] }))}
            />
            <BarChart title={t('today.bySection')} bars={data.bySection.map((c) => ({ key: c.key, label: nameOf(c, 'sections'), value: c.count }))} />
            <BarChart
              title={t('today.byServiceGroup')}
              bars={data.byServiceGroup.map((c) => ({ key: c.key, label: nameOf(c, 'groups'), value: c.count, color: '#1747c4' }))}
            />
          </div>
          <section class="panel" aria-labelledby="open-counters">
            <h2 id="open-counters">{t('today.openCounters', { count: data.openCounters.length })}</h2>
            {data.openCounters.length === 0 ? (
              <p>{t('today.noOpenCounters')}</p>
            ) : (
              <ul class="chips">
                {data.openCounters.map((c) => (
                  <li key={c.counterId} class="chip">
                    <strong>{t('today.counter', { id: c.counterId })}</strong>
                    {(c.officerName || c.officerBadge) && <span>{[c.officerName, c.officerBadge].filter(Boolean).join(' · ')}</span>}
                    {c.since !== null && <span class="muted">{t('today.since', { time: clock(c.since) })}</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="panel" aria-labelledby="latest-events">
            <h2 id="latest-events">{t('today.latestEvents')}</h2>
            {data.latestEvents.length === 0 ? (
              <p>{t('today.noEvents')}</p>
            ) : (
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t('today.time')}</th>
                    <th scope="col">{t('today.ticket')}</th>
                    <th scope="col">{t('today.event')}</th>
                    <th scope="col">{t('today.counterCol')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.latestEvents.map((e, i) => (
                    <tr key={`${e.at}-${e.displayNumber}-${i}`}>
                      <td class="ltr-cell">{clock(e.at)}</td>
                      <td>
                        <span class="ltr">{e.displayNumber}</span>
                      </td>
                      <td>{t(`events.${e.type}`, { defaultValue: e.type })}</td>
                      <td>{e.counterId ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </DataState>
  );
}

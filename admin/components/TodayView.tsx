/**
 * Today on the floor, refreshed every 10 seconds: tickets by status, by section and by
 * service group as bar charts, the counters open now (with their officer), and the
 * latest ticket events.
 */
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../adminApi.ts';
import { localized, TICKET_STATUSES, type AdminOfficer, type StatusCounts } from '../adminTypes.ts';
import { useAdminData } from '../useAdminData.ts';
import { BarChart, type Bar } from './BarChart.tsx';
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
  // Officer names for the open counters (the day's report carries badges only).
  const officers = useAdminData(() => api.officers(), 60_000);
  const data = today.data;
  const clock = (ms: number): string =>
    new Intl.DateTimeFormat(language === 'ar' ? 'ar-SA-u-nu-latn' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms);
  const officerName = (badge: string | null): string | null => {
    const officer = officers.data?.find((o: AdminOfficer) => o.badge === badge);
    return officer ? localized(officer.name, language) : null;
  };
  const issuedBars = (slices: Readonly<Record<string, StatusCounts>>, prefix: string, color: string): Bar[] =>
    Object.entries(slices).map(([key, counts]) => ({ key, label: t(`${prefix}.${key}`, { defaultValue: key }), value: counts.issued, color }));

  return (
    <DataState state={today} updatedLabel={today.updatedAt ? t('today.updated', { time: clock(today.updatedAt) }) : null}>
      {data && (
        <div class="today">
          <p class="today__total">{t('today.issued', { count: data.totals.issued })}</p>
          <div class="today__charts">
            <BarChart
              title={t('today.byStatus')}
              bars={TICKET_STATUSES.map((s) => ({ key: s, label: t(`status.${s}`), value: data.totals[s], color: STATUS_COLORS[s] }))}
            />
            <BarChart title={t('today.bySection')} bars={issuedBars(data.bySection, 'sections', 'var(--brand)')} />
            <BarChart title={t('today.byServiceGroup')} bars={issuedBars(data.byServiceGroup, 'groups', '#1747c4')} />
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
                    {c.officerBadge && <span>{[officerName(c.officerBadge), c.officerBadge].filter(Boolean).join(' · ')}</span>}
                    <span class="muted">{t('today.since', { time: clock(c.since) })}</span>
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
                  {data.latestEvents.map((e) => (
                    <tr key={e.version}>
                      <td>{clock(e.serverTime)}</td>
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

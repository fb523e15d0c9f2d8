/**
 * The live floor: today's headline numbers, the alerts that need someone (acknowledge or
 * snooze, both recorded), every counter's state with its officer and for how long, who
 * waits where, and how each device is doing. It reloads on every change the store sees
 * (the console's event stream) and every 15 seconds for what changes without one
 * (presence, the clock).
 */
import { useEffect } from 'preact/hooks';
import type { FloorCounter } from '../../../shared/domain/floor.ts';
import { useI18n, useT } from '../../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../../adminApi.ts';
import { localized } from '../../localized.ts';
import { useFormats, type Formats } from '../../format.ts';
import type { FloorResponse, OfficerName } from '../../../shared/api/metricsTypes.ts';
import { useAdminData } from '../../useAdminData.ts';
import { DataState } from '../DataState.tsx';
import { AlertList } from './AlertList.tsx';
import { DeviceHealth } from './DeviceHealth.tsx';

const REFRESH_MS = 15_000;

/** Reloads at most once a second on the store's change events. */
export function useLiveReload(api: AdminApi, reload: () => void): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = api.watch(() => {
      timer ??= setTimeout(() => {
        timer = null;
        reload();
      }, 1000);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [api, reload]);
}

export function officerLabel(officers: readonly OfficerName[], badge: string | null, language: string): string | null {
  if (!badge) return null;
  const officer = officers.find((o) => o.badge === badge);
  return officer ? `${localized(officer.name, language)} · ${badge}` : badge;
}

export function FloorView({ api }: { api: AdminApi }) {
  const t = useT('pilot');
  const floor = useAdminData(() => api.floor(), REFRESH_MS);
  useLiveReload(api, floor.reload);
  const f = useFormats();
  const data = floor.data;
  return (
    <DataState state={floor} updatedLabel={floor.updatedAt ? t('floor.updated', { time: f.clock(floor.updatedAt) }) : null}>
      {data && (
        <div class="floor">
          <Headline data={data} f={f} />
          <AlertList api={api} alerts={data.alerts} silenced={data.silenced} onChange={floor.reload} />
          <Counters data={data} f={f} />
          <Queues data={data} f={f} />
          <DeviceHealth devices={data.devices} now={data.now} f={f} />
        </div>
      )}
    </DataState>
  );
}

function Headline({ data, f }: { data: FloorResponse; f: Formats }) {
  const t = useT('pilot');
  const items: [string, string][] = [
    [t('floor.today.tickets'), f.count(data.today.tickets)],
    [t('floor.today.waiting'), f.count(data.today.waiting)],
    [t('floor.today.served'), f.count(data.today.served)],
    [t('floor.today.noShows'), f.count(data.today.noShows)],
    [t('floor.today.waitMedian'), f.minutes(data.today.waitMedian)],
    [t('floor.today.serviceLevel', { minutes: data.targetMinutes }), f.percent(data.today.serviceLevel)],
  ];
  return (
    <section class="panel" aria-labelledby="floor-today">
      <h2 id="floor-today">{t('floor.today.title', { day: f.date(data.serviceDay) })}</h2>
      <dl class="figure-cards">
        {items.map(([label, value]) => (
          <div key={label} class="figure-card">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const STATE_TONE: Record<FloorCounter['state'], string> = {
  closed: 'muted',
  idle: 'warn',
  calling: 'info',
  serving: 'ok',
  break: 'muted',
  noSignal: 'danger',
};

function Counters({ data, f }: { data: FloorResponse; f: Formats }) {
  const t = useT('pilot');
  const { language } = useI18n();
  const sectionName = (id: string): string => t(`sections.${id}`, { defaultValue: id });
  return (
    <section class="panel" aria-labelledby="floor-counters">
      <h2 id="floor-counters">{t('floor.counters.title')}</h2>
      <ul class="counter-cards" data-testid="floor-counters">
        {data.counters.map((c) => {
          const minutes = c.since === null ? null : Math.max(0, Math.floor((data.now - c.since) / 60_000));
          return (
            <li key={c.counterId} class={`counter-card counter-card--${STATE_TONE[c.state]}`}>
              <div class="counter-card__head">
                <strong>{t('floor.counters.counter', { id: c.counterId })}</strong>
                <span class="muted">{sectionName(c.sectionId)}</span>
              </div>
              <span class={`tag tag--${STATE_TONE[c.state]}`}>{t(`floor.state.${c.state}`)}</span>
              {c.ticket && <span class="ltr">{c.ticket}</span>}
              {c.reason && <span>{t(`floor.breakReasons.${c.reason}`, { defaultValue: c.reason })}</span>}
              {c.officerBadge && <span>{officerLabel(data.officers, c.officerBadge, language)}</span>}
              {c.since !== null && (
                <span class="muted">{t('floor.counters.since', { time: f.clock(c.since), count: minutes ?? 0 })}</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Queues({ data, f }: { data: FloorResponse; f: Formats }) {
  const t = useT('pilot');
  return (
    <section class="panel" aria-labelledby="floor-queues">
      <h2 id="floor-queues">{t('floor.queues.title')}</h2>
      {data.queues.length === 0 ? (
        <p>{t('floor.queues.none')}</p>
      ) : (
        <table class="table" data-testid="floor-queues">
          <thead>
            <tr>
              <th scope="col">{t('floor.queues.section')}</th>
              <th scope="col">{t('floor.queues.group')}</th>
              <th scope="col">{t('floor.queues.waiting')}</th>
              <th scope="col">{t('floor.queues.longest')}</th>
              <th scope="col">{t('floor.queues.overTarget', { minutes: data.targetMinutes })}</th>
            </tr>
          </thead>
          <tbody>
            {data.queues.map((q) => (
              <tr key={`${q.sectionId}:${q.serviceGroup}`}>
                <th scope="row">{t(`sections.${q.sectionId}`, { defaultValue: q.sectionId })}</th>
                <td>{t(`groups.${q.serviceGroup}`)}</td>
                <td>{f.count(q.waiting)}</td>
                <td class={q.longestMinutes > data.targetMinutes ? 'text--danger' : undefined}>{f.minutes(q.longestMinutes)}</td>
                <td>{f.count(q.overTarget)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

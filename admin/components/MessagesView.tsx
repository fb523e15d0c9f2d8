/**
 * The notification outbox as the supervisor sees it (issue 11): the last days' messages
 * by state as a chart, the median time to delivery, and each message's life (queued,
 * sent, delivered, failed after its tries, dropped as too late), newest first. A failed
 * message can be sent again. Recipients show only their last four digits; codes are hidden.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../adminApi.ts';
import type { AdminMessage } from '../../shared/api/adminTypes.ts';
import { useAdminData } from '../useAdminData.ts';
import { BarChart } from './BarChart.tsx';
import { DataState } from './DataState.tsx';
import { useLatest } from '../../shared/ui/useLatest.ts';

const FILTERS = ['', 'queued', 'sent', 'delivered', 'dead', 'dropped'] as const;

export function MessagesView({ api }: { api: AdminApi }) {
  const t = useT('admin');
  const { language } = useI18n();
  const [status, setStatus] = useState<(typeof FILTERS)[number]>('');
  const [notice, setNotice] = useState<string | null>(null);
  // Every ten seconds, so a message is seen moving from waiting to delivered.
  const data = useAdminData(() => api.messages(status || undefined), 10_000);
  const shown = useRef(status);
  const reload = useLatest(data.reload);
  useEffect(() => {
    if (shown.current === status) return;
    shown.current = status;
    reload.current();
  }, [status, reload]);
  const when = (ms: number): string =>
    new Intl.DateTimeFormat(language === 'ar' ? 'ar-u-ca-gregory-nu-latn' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }).format(ms);
  const resend = async (m: AdminMessage): Promise<void> => {
    await api.resendMessage(m.messageId);
    setNotice(t('messages.resent'));
    data.reload();
  };
  const figures = data.data?.figures;
  const notices = data.data?.ticketNotices;
  const rate = (o: { ended: number; noShows: number }): number => (o.ended === 0 ? 0 : Math.round((100 * o.noShows) / o.ended));

  return (
    <section class="panel" aria-label={t('nav.messages')}>
      <p class="muted">{t('messages.intro')}</p>
      <DataState state={data}>
        {figures && (
          <div class="messages__figures">
            <BarChart
              title={t('messages.figuresTitle', { count: figures.days })}
              bars={(['queued', 'sent', 'delivered', 'dead', 'dropped'] as const).map((s) => ({ key: s, label: t(`messages.states.${s}`), value: figures[s] }))}
            />
            <p data-testid="messages-median">
              {figures.medianMsToDelivery === null ? t('messages.medianNone') : t('messages.median', { seconds: (figures.medianMsToDelivery / 1000).toFixed(1) })}
            </p>
          </div>
        )}
        {notices && (
          <div class="messages__figures" data-testid="notice-no-shows">
            <BarChart
              title={t('messages.noShows.title', { count: notices.days })}
              bars={[
                { key: 'with', label: t('messages.noShows.with', { count: notices.withNotice.ended }), value: rate(notices.withNotice) },
                { key: 'without', label: t('messages.noShows.without', { count: notices.withoutNotice.ended }), value: rate(notices.withoutNotice) },
              ]}
            />
            <p>{t('messages.noShows.answers', { onMyWay: notices.onMyWay, moreTime: notices.moreTime })}</p>
          </div>
        )}
        <label class="field messages__filter">
          <span class="field__label">{t('messages.filter')}</span>
          <select class="input" value={status} onChange={(e) => setStatus(e.currentTarget.value as (typeof FILTERS)[number])}>
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {f ? t(`messages.states.${f}`) : t('messages.all')}
              </option>
            ))}
          </select>
        </label>
        {notice && (
          <p role="status" class="muted">
            {notice}
          </p>
        )}
        {data.data && data.data.messages.length === 0 && <p>{t('messages.none')}</p>}
        {data.data && data.data.messages.length > 0 && (
          <table class="table" data-testid="messages">
            <thead>
              <tr>
                <th scope="col">{t('messages.time')}</th>
                <th scope="col">{t('messages.to')}</th>
                <th scope="col">{t('messages.text')}</th>
                <th scope="col">{t('messages.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.data.messages.map((m) => (
                <tr key={m.messageId} data-status={m.status}>
                  <td>{when(m.createdAt)}</td>
                  <td>
                    {/* Isolated left to right, so the ellipsis stays before the digits in Arabic too. */}
                    <span class="ltr" dir="ltr" data-testid="message-to">
                      {`\u2066${m.to}\u2069`}
                    </span>
                    {m.event && <div class="muted">{t(`messages.events.${m.event}`, { defaultValue: m.event })}</div>}
                  </td>
                  <td lang={m.language} dir={m.language === 'ar' ? 'rtl' : 'ltr'}>
                    {m.text}
                  </td>
                  <td>
                    <strong>{t(`messages.states.${m.status === 'sending' ? 'sending' : m.status}`)}</strong>
                    {m.attempts > 0 && (
                      <div class="muted">
                        {t('messages.tries', { count: m.attempts })}
                        {m.nextAttemptAt !== null && ` · ${t('messages.nextTry', { time: when(m.nextAttemptAt) })}`}
                      </div>
                    )}
                    {m.failure && <div class="muted">{m.failure}</div>}
                    {m.status === 'dead' && (
                      <button type="button" class="button button--small" onClick={() => void resend(m)}>
                        {t('messages.resend')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </DataState>
    </section>
  );
}

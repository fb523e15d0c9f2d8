/**
 * "Where is my turn?" on the resident's phone: the number, the status in words, people
 * ahead, and the counter once called. Refreshes every 15 s and whenever the page comes
 * back to the front; with no signal it shows the last known status and its time.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { FINAL_STATUSES } from '../shared/domain/ticket.ts';
import { formatTime, KIOSK_LANGUAGES, LANGUAGE_NAMES } from '../shared/i18n/index.ts';
import { useI18n, useT } from '../shared/ui/I18nProvider.tsx';
import { codeFromPath, fetchTicketStatus, rememberedStatus, storeLanguage, ticketKeyOf, type KnownStatus } from './ticketStatus.ts';
import { LeaveQueue, Survey, TurnAnswer } from './TicketActions.tsx';
import { useLatest } from '../shared/ui/useLatest.ts';

const REFRESH_MS = 15_000;

type Problem = 'notFound' | 'offline' | 'error' | 'invalid' | null;

export function TicketStatusApp() {
  const t = useT('ticket');
  const { i18n, language } = useI18n();
  const [code] = useState(() => codeFromPath(window.location.pathname));
  const [known, setKnown] = useState<KnownStatus | null>(() => (code ? rememberedStatus(code) : null));
  const [problem, setProblem] = useState<Problem>(code ? null : 'invalid');
  const [loading, setLoading] = useState(Boolean(code));
  const previousStatus = useRef(known?.status.status ?? null);

  const refresh = async (): Promise<void> => {
    if (!code) return;
    setLoading(true);
    const result = await fetchTicketStatus(code);
    setLoading(false);
    if (result.kind === 'ok') {
      setKnown(result.known);
      setProblem(null);
    } else {
      setProblem(result.kind);
    }
  };

  const final = known ? FINAL_STATUSES.includes(known.status.status) : false;
  // Ask once on opening, whatever this phone remembers (a finished ticket's survey may
  // have been answered since).
  const refreshNow = useLatest(refresh);
  useEffect(() => {
    if (code) ticketKeyOf(code); // keep the QR link's key for leaving, and clear it from the address bar
    void refreshNow.current();
  }, [code, refreshNow]);
  // Then keep asking until the ticket is finished; after a 404 too: a ticket printed
  // while the kiosk was offline reaches the server a little later.
  useEffect(() => {
    if (!code || final) return;
    const timer = setInterval(() => void refreshNow.current(), REFRESH_MS);
    const onFront = (): void => {
      if (document.visibilityState === 'visible') void refreshNow.current();
    };
    window.addEventListener('focus', onFront);
    window.addEventListener('online', onFront);
    document.addEventListener('visibilitychange', onFront);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFront);
      window.removeEventListener('online', onFront);
      document.removeEventListener('visibilitychange', onFront);
    };
  }, [code, final, refreshNow]);

  // The moment the ticket is called: buzz and put it in the tab title.
  const status = known?.status;
  const statusName = status?.status;
  const shownNumber = status?.displayNumber;
  const tNow = useLatest(t);
  useEffect(() => {
    if (!statusName) return;
    if (statusName === 'called' && previousStatus.current !== 'called') navigator.vibrate?.([300, 150, 300]);
    previousStatus.current = statusName;
    document.title = `${shownNumber} · ${tNow.current(`status.${statusName}.title`)}`;
  }, [statusName, shownNumber, language, tNow]);

  // The phone's own time zone: "last updated" is about this phone's clock.
  const time = (ms: number): string => formatTime(language, ms, Intl.DateTimeFormat().resolvedOptions().timeZone);

  return (
    <div class="phone">
      <header class="phone__header">
        <span class="phone__brand">{t('brand')}</span>
        <label class="phone__language">
          <span class="visually-hidden">{t('language')}</span>
          <select
            class="input"
            value={language}
            aria-label={t('language')}
            onChange={(e) => {
              const lng = e.currentTarget.value;
              storeLanguage(lng);
              void i18n.changeLanguage(lng);
            }}
          >
            {KIOSK_LANGUAGES.map((lng) => (
              <option key={lng} value={lng} lang={lng}>
                {LANGUAGE_NAMES[lng]}
              </option>
            ))}
          </select>
        </label>
      </header>

      <main class="phone__main">
        {problem === 'invalid' && <Message title={t('invalid.title')} body={t('invalid.body')} />}
        {problem === 'notFound' && <Message title={t('notFound.title')} body={t('notFound.body')} />}
        {!status && problem !== 'invalid' && problem !== 'notFound' && (
          <Message title={loading ? t('loading') : t('offline.noData')} body={problem === 'offline' ? t('offline.body') : ''} />
        )}
        {status && problem !== 'notFound' && (
          <section class={`status status--${status.status}`} aria-labelledby="ticket-title">
            <h1 id="ticket-title" class="status__label">
              {t('yourTicket')}
            </h1>
            <p class="status__number ltr" data-testid="status-number">
              {status.displayNumber}
            </p>
            <p class="status__service">{t(`services.${status.serviceGroup}`)}</p>
            <div class="status__box" role="status" aria-live="polite" data-testid="status-text" data-status={status.status}>
              <p class="status__title">{t(`status.${status.status}.title`)}</p>
              <p class="status__detail">
                {status.status === 'waiting'
                  ? status.ahead === 0
                    ? t('status.waiting.next')
                    : t('status.waiting.ahead', { count: status.ahead })
                  : t(`status.${status.status}.detail`, { counter: status.counterId ?? '' })}
              </p>
              {status.status === 'waiting' && status.estimate && (
                <p class="status__estimate" data-testid="status-estimate">
                  {t('estimate', { min: status.estimate.minMinutes, max: status.estimate.maxMinutes, count: status.estimate.maxMinutes })}
                </p>
              )}
            </div>
            {status.status === 'waiting' && <p class="status__shop">{t('shop')}</p>}
            {code && status.status === 'waiting' && status.near && (
              <TurnAnswer code={code} answer={status.answer} canAskMoreTime={status.canAskMoreTime} onAnswered={() => void refresh()} />
            )}
            {code && status.canLeave && <LeaveQueue code={code} onLeft={() => void refresh()} />}
            {code && status.surveyOpen && <Survey code={code} />}
          </section>
        )}
        {known && (
          <p class={`phone__updated${problem === 'offline' || problem === 'error' ? ' notice' : ''}`} data-testid="last-updated">
            {problem === 'offline' || problem === 'error' ? `${t('offline.stale')} ` : ''}
            {t('lastUpdated', { time: time(known.fetchedAt) })}
          </p>
        )}
        {code && !final && (
          <button type="button" class="button button--large phone__refresh" onClick={() => void refresh()} disabled={loading}>
            {t('refresh')}
          </button>
        )}
      </main>
    </div>
  );
}

function Message({ title, body }: { title: string; body: string }) {
  return (
    <section class="message" role="status">
      <h1>{title}</h1>
      {body && <p>{body}</p>}
    </section>
  );
}

/**
 * The board itself: the newest call very large, the calls before it in a list, the time,
 * all in Arabic plus the board's second language. A new call or a recall flashes and is
 * announced. Only ticket numbers and counters: never personal data.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { serviceDayOf } from '../shared/domain/office.ts';
import { ticketsOfDay, type LocalTicket } from '../shared/db/index.ts';
import type { Device } from '../shared/ui/DeviceShell.tsx';
import { useNow, useObserve, useSyncStatus } from '../shared/ui/hooks.ts';
import { useI18n, useT, type Translate } from '../shared/ui/I18nProvider.tsx';
import { useBrowserOnline } from '../shared/ui/SyncBar.tsx';
import { toArabicNumber, toSpokenLatin, type Announcer } from './announce.ts';
import type { BoardSettings } from './boardSettings.ts';
import { advanceCallLog, seedCallLog, type Call, type CallLog } from './callLog.ts';
import { useLatest } from '../shared/ui/useLatest.ts';

export interface CallBoardProps {
  readonly device: Device;
  readonly settings: BoardSettings;
  readonly announcer: Announcer;
  readonly onOpenSettings: () => void;
}

/** A label in Arabic and in the board's second language. */
function Both({ k, ar, other, lang, opts }: { k: string; ar: Translate; other: Translate; lang: string; opts?: Record<string, unknown> }) {
  return (
    <span class="both">
      <span lang="ar" dir="rtl">
        {ar(k, opts)}
      </span>
      <span lang={lang} class="both__second">
        {other(k, opts)}
      </span>
    </span>
  );
}

export function CallBoard({ device, settings, announcer, onOpenSettings }: CallBoardProps) {
  const { db, identity, sync } = device;
  const { timeZone } = identity.config.settings;
  const tAr = useT('display', 'ar');
  const tOther = useT('display', settings.secondLanguage);
  const tEn = useT('display', 'en');
  const { i18n } = useI18n();
  const lang = settings.secondLanguage;
  const now = useNow(1000);
  const today = serviceDayOf(now, timeZone);
  const status = useSyncStatus(sync);
  const online = useBrowserOnline() && status.online;

  const tickets = useObserve<LocalTicket[] | null>(() => ticketsOfDay(db, today), [db, today], null);

  const logRef = useRef<CallLog | null>(null);
  const [calls, setCalls] = useState<readonly Call[]>([]);
  const voice = useLatest({ announcer, i18n, tAr, tEn });
  useEffect(() => {
    if (!tickets) return;
    const mine = tickets.filter((t) => settings.sectionId === 'all' || t.sectionId === settings.sectionId);
    if (!logRef.current) {
      logRef.current = seedCallLog(mine);
    } else {
      const { log, fresh } = advanceCallLog(logRef.current, mine);
      const { announcer, i18n, tAr, tEn } = voice.current;
      logRef.current = log;
      const letters: unknown = i18n.getResource('ar', 'display', 'speech.letters');
      const letterMap = typeof letters === 'object' && letters !== null ? (letters as Record<string, string>) : {};
      for (const call of fresh) {
        announcer.announce({
          displayNumber: call.displayNumber,
          counterId: call.counterId,
          arabic: tAr('speech.call', { number: toArabicNumber(call.displayNumber, letterMap), counter: toArabicNumber(String(call.counterId), {}) }),
          english: tEn('speech.call', { number: toSpokenLatin(call.displayNumber), counter: call.counterId }),
        });
      }
    }
    setCalls(logRef.current.calls);
  }, [tickets, settings.sectionId, voice]);

  const section = identity.config.sections.find((s) => s.id === settings.sectionId);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(now);
  const date = (lng: string): string => new Intl.DateTimeFormat(lng, { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(now);
  const [latest, ...earlier] = calls;

  return (
    // Arabic first, whatever language staff chose for the set-up screen.
    <div class="board" dir="rtl" lang="ar">
      <header class="board__header">
        <div class="board__title">
          <span lang="ar">{identity.config.name.ar}</span>
          {section && (
            <span class="board__section">
              <span lang="ar">{section.name.ar}</span> · <span lang={lang}>{section.name[lang] ?? section.name.en}</span>
            </span>
          )}
        </div>
        <div class="board__clock">
          <span class="board__time ltr" data-testid="board-time">
            {time}
          </span>
          <span class="board__date">
            <span lang="ar">{date('ar-SA-u-ca-gregory')}</span> · <span lang={lang}>{date(lang)}</span>
          </span>
        </div>
      </header>

      <main class="board__main">
        <section class="board__now" aria-live="assertive" aria-labelledby="now-title">
          <h1 id="now-title" class="board__heading">
            <Both k="nowCalling" ar={tAr} other={tOther} lang={lang} />
          </h1>
          {latest ? (
            <div key={latest.key} class="call-hero call-hero--flash" data-testid="latest-call">
              <div class="call-hero__cell">
                <Both k="ticket" ar={tAr} other={tOther} lang={lang} />
                <span class="call-hero__number ltr">{latest.displayNumber}</span>
              </div>
              <span class="call-hero__arrow" aria-hidden="true">
                ←
              </span>
              <div class="call-hero__cell">
                <Both k="counter" ar={tAr} other={tOther} lang={lang} />
                <span class="call-hero__number ltr" data-testid="latest-counter">
                  {latest.counterId}
                </span>
              </div>
            </div>
          ) : (
            <p class="board__empty">
              <Both k="noCalls" ar={tAr} other={tOther} lang={lang} />
            </p>
          )}
        </section>

        <section class="board__recent" aria-labelledby="recent-title">
          <h2 id="recent-title" class="board__heading board__heading--small">
            <Both k="recent" ar={tAr} other={tOther} lang={lang} />
          </h2>
          <table class="recent-calls">
            <thead>
              <tr>
                <th scope="col">
                  <Both k="ticket" ar={tAr} other={tOther} lang={lang} />
                </th>
                <th scope="col">
                  <Both k="counter" ar={tAr} other={tOther} lang={lang} />
                </th>
              </tr>
            </thead>
            <tbody>
              {earlier.map((call) => (
                <tr key={call.key} data-testid="recent-call">
                  <td>
                    <span class="ltr">{call.displayNumber}</span>
                  </td>
                  <td>
                    <span class="ltr">{call.counterId}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>

      <footer class="board__footer">
        <span class="board__offline" role="status">
          {online ? '' : <Both k="offline" ar={tAr} other={tOther} lang={lang} />}
        </span>
        <button type="button" class="button button--small board__settings" onClick={onOpenSettings}>
          {tAr('settings')} · <span lang={lang}>{tOther('settings')}</span>
        </button>
      </footer>
    </div>
  );
}

/**
 * Top strip of the work screen: who is signed in at which counter, the language, and the
 * ways to leave the terminal: a break (recorded with its reason), lock (keeps the session)
 * and sign out (closes the counter, after a confirmation).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import type { OfficerSession } from '../../shared/sync/protocol.ts';
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import { StaffLanguageToggle } from '../../shared/ui/StaffLanguageToggle.tsx';
import { officerName } from '../counterApi.ts';

export interface CounterHeaderProps {
  readonly config: OfficeConfig;
  readonly session: OfficerSession;
  readonly canSignOut: boolean;
  /** Transactions in progress on this counter: signing out discards them (their data is wiped). */
  readonly drafts: number;
  readonly onLock: () => void;
  readonly onSignOut: () => void;
  /** Opens the break dialog; disabled while a ticket is called or served. */
  readonly canBreak: boolean;
  readonly onBreak: () => void;
}

export function CounterHeader({ config, session, canSignOut, drafts, onLock, onSignOut, canBreak, onBreak }: CounterHeaderProps) {
  const t = useT('counter');
  const { language } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (!canSignOut) setConfirming(false);
  }, [canSignOut]);

  return (
    <header class="counter-header">
      <div class="counter-header__who">
        <strong class="counter-header__counter">{t('header.counter', { id: session.counterId })}</strong>
        <span>{t('header.officer', { name: officerName(session, language), badge: session.badge })}</span>
        <span class="counter-header__office">{config.name[language] ?? config.name.en}</span>
      </div>
      <div class="counter-header__tools">
        <StaffLanguageToggle />
        <button type="button" class="button" onClick={onBreak} disabled={!canBreak} data-testid="take-break">
          {t('break.button')}
        </button>
        <button type="button" class="button" onClick={onLock} aria-keyshortcuts="L">
          {t('header.lock')}
        </button>
        <button
          type="button"
          class="button"
          onClick={() => setConfirming(true)}
          aria-disabled={!canSignOut}
          title={canSignOut ? undefined : t('header.finishFirst')}
          disabled={!canSignOut || confirming}
        >
          {t('header.signOut')}
        </button>
      </div>
      {confirming && (
        <div
          class="counter-header__confirm"
          role="alertdialog"
          aria-labelledby="sign-out-question"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setConfirming(false);
          }}
        >
          <p id="sign-out-question">{t('header.signOutConfirm', { id: session.counterId })}</p>
          {drafts > 0 && (
            <p class="counter-header__warn" data-testid="sign-out-drafts">
              {t('header.draftsLost', { count: drafts })}
            </p>
          )}
          <button ref={confirmRef} type="button" class="button button--primary" onClick={onSignOut}>
            {t('header.signOutYes')}
          </button>
          <button type="button" class="button" onClick={() => setConfirming(false)}>
            {t('header.signOutNo')}
          </button>
        </div>
      )}
    </header>
  );
}

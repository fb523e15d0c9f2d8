/**
 * The idle lock: the counter stays open and the ticket stays where it was, but nothing
 * can be done until the officer types the PIN (checked by the server, or on the device
 * when offline). Another officer may sign this one out from here.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OfficeSettings } from '../../shared/domain/office.ts';
import type { CounterActorRef, CounterSnapshot } from '../../shared/machines/counterMachine.ts';
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import { officerName } from '../counterApi.ts';
import { MessageLine } from './MessageLine.tsx';

export interface LockScreenProps {
  readonly snapshot: CounterSnapshot;
  readonly actor: CounterActorRef;
  readonly settings: OfficeSettings;
  readonly online: boolean;
}

export function LockScreen({ snapshot, actor, settings, online }: LockScreenProps) {
  const t = useT('counter');
  const { language } = useI18n();
  const [pin, setPin] = useState('');
  const [empty, setEmpty] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const checking = snapshot.matches({ signedIn: { watch: { locked: 'checking' } } });
  const { session, attemptsLeft, message } = snapshot.context;

  useEffect(() => {
    if (!checking) {
      setPin('');
      pinRef.current?.focus();
    }
  }, [checking, attemptsLeft]);

  const submit = (e: Event): void => {
    e.preventDefault();
    if (!pin) return setEmpty(true);
    setEmpty(false);
    actor.send({ type: 'terminal.unlock', pin });
  };

  return (
    <main class="screen lock-screen">
      <h1>{t('lock.title')}</h1>
      {session && <p class="lock-screen__who">{t('lock.who', { name: officerName(session, language), id: session.counterId })}</p>}
      <p>{t('lock.intro')}</p>
      <p class="lock-screen__hint">{t('lock.autoLock', { count: settings.idleLockMinutes })}</p>
      {!online && (
        <p class="notice" role="status">
          {t('lock.offline')}
        </p>
      )}
      <form class="form" noValidate onSubmit={submit} aria-busy={checking}>
        <label class="field">
          <span class="field__label">{t('lock.pin')}</span>
          <input
            ref={pinRef}
            class="input input--number"
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="current-password"
            dir="ltr"
            value={pin}
            onInput={(e) => setPin(e.currentTarget.value)}
            aria-invalid={empty || attemptsLeft !== null}
            aria-describedby="lock-error"
            disabled={checking}
          />
        </label>
        <div id="lock-error">
          {empty && <p class="error">{t('lock.emptyPin')}</p>}
          {attemptsLeft !== null && (
            <p class="error" role="alert">
              {t('lock.attemptsLeft', { count: attemptsLeft })}
            </p>
          )}
          {message?.code === 'unexpected' && <MessageLine message={message} />}
        </div>
        <button type="submit" class="button button--primary button--large" disabled={checking}>
          {checking ? t('lock.checking') : t('lock.submit')}
        </button>
        <button type="button" class="button" onClick={() => actor.send({ type: 'session.signOut' })} disabled={checking}>
          {t('lock.signOut')}
        </button>
      </form>
    </main>
  );
}

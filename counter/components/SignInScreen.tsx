/**
 * The officer signs in with badge number, PIN and counter. The form is checked on the
 * device first (the same schema the server uses); the PIN itself can only be checked by
 * the server, so the screen says plainly when the device is offline.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import * as v from 'valibot';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import type { CounterMessage } from '../../shared/machines/counterTypes.ts';
import { signInRequestSchema } from '../../shared/sync/protocol.ts';
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import { StaffLanguageToggle } from '../../shared/ui/StaffLanguageToggle.tsx';
import { MessageLine } from './MessageLine.tsx';

const LAST_COUNTER_KEY = 'jawazat.counter.lastCounter';

type Field = 'badge' | 'pin' | 'counterId';

export interface SignInScreenProps {
  readonly config: OfficeConfig;
  readonly busy: boolean;
  readonly message: CounterMessage | null;
  readonly online: boolean;
  readonly onSubmit: (form: { badge: string; pin: string; counterId: number }) => void;
}

export function SignInScreen({ config, busy, message, online, onSubmit }: SignInScreenProps) {
  const t = useT('counter');
  const { language } = useI18n();
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');
  const [counterId, setCounterId] = useState(() => {
    const last = Number(localStorage.getItem(LAST_COUNTER_KEY));
    return config.counters.some((c) => c.id === last) ? last : (config.counters[0]?.id ?? 0);
  });
  const [invalid, setInvalid] = useState<readonly Field[]>([]);
  const badgeRef = useRef<HTMLInputElement>(null);

  useEffect(() => badgeRef.current?.focus(), []);
  // A refused sign-in empties the PIN, never the badge.
  useEffect(() => {
    if (message) setPin('');
  }, [message]);

  const submit = (e: Event): void => {
    e.preventDefault();
    const result = v.safeParse(signInRequestSchema, { badge, pin, counterId });
    if (!result.success) {
      const fields = result.issues.map((i) => v.getDotPath(i)).filter((p): p is Field => p === 'badge' || p === 'pin' || p === 'counterId');
      setInvalid(fields);
      document.getElementById(`sign-in-${fields[0] ?? 'badge'}`)?.focus();
      return;
    }
    setInvalid([]);
    localStorage.setItem(LAST_COUNTER_KEY, String(result.output.counterId));
    onSubmit(result.output);
  };

  const sectionName = (sectionId: string): string => {
    const name = config.sections.find((s) => s.id === sectionId)?.name;
    return name ? (name[language] ?? name.en) : sectionId;
  };
  const errorOf = (field: Field, key: string) =>
    invalid.includes(field) ? (
      <span class="field__error" id={`sign-in-${field}-error`}>
        {t(`signIn.errors.${key}`)}
      </span>
    ) : null;

  return (
    <main class="screen sign-in">
      <StaffLanguageToggle />
      <h1>{t('signIn.title')}</h1>
      <p class="sign-in__intro">{t('signIn.intro')}</p>
      {!online && (
        <p class="notice" role="status">
          {t('signIn.needsNetwork')}
        </p>
      )}
      <form class="form" noValidate onSubmit={submit} aria-busy={busy}>
        <div class="field">
          <label class="field__label" for="sign-in-badge">
            {t('signIn.badge')}
          </label>
          <input
            ref={badgeRef}
            id="sign-in-badge"
            class="input input--number"
            name="badge"
            inputMode="numeric"
            autoComplete="username"
            dir="ltr"
            value={badge}
            onInput={(e) => setBadge(e.currentTarget.value)}
            aria-invalid={invalid.includes('badge')}
            aria-describedby={invalid.includes('badge') ? 'sign-in-badge-error' : undefined}
            disabled={busy}
          />
          {errorOf('badge', 'badge')}
        </div>
        <div class="field">
          <label class="field__label" for="sign-in-pin">
            {t('signIn.pin')}
          </label>
          <input
            id="sign-in-pin"
            class="input input--number"
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="current-password"
            dir="ltr"
            value={pin}
            onInput={(e) => setPin(e.currentTarget.value)}
            aria-invalid={invalid.includes('pin')}
            aria-describedby={invalid.includes('pin') ? 'sign-in-pin-error' : undefined}
            disabled={busy}
          />
          {errorOf('pin', 'pin')}
        </div>
        <div class="field">
          <label class="field__label" for="sign-in-counterId">
            {t('signIn.counter')}
          </label>
          <select
            id="sign-in-counterId"
            class="input"
            name="counter"
            value={String(counterId)}
            onChange={(e) => setCounterId(Number(e.currentTarget.value))}
            aria-invalid={invalid.includes('counterId')}
            aria-describedby={invalid.includes('counterId') ? 'sign-in-counterId-error' : undefined}
            disabled={busy}
          >
            {config.counters.map((c) => (
              <option key={c.id} value={String(c.id)}>
                {t('signIn.counterOption', { id: c.id, section: sectionName(c.sectionId) })}
              </option>
            ))}
          </select>
          {errorOf('counterId', 'counter')}
        </div>
        {message && <MessageLine message={message} />}
        <button type="submit" class="button button--primary button--large" disabled={busy}>
          {busy ? t('signIn.working') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}

/**
 * Supervisor sign-in. Empty fields are caught here; everything else (wrong password, a
 * locked account, no network) comes from the server and is shown in the reader's
 * language.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../../shared/ui/I18nProvider.tsx';
import { StaffLanguageToggle } from '../../shared/ui/StaffLanguageToggle.tsx';
import { useBrowserOnline } from '../../shared/ui/SyncBar.tsx';
import type { AdminApi } from '../adminApi.ts';
import { errorText } from '../adminErrors.ts';
import type { SupervisorSession } from '../../shared/api/adminTypes.ts';

export interface SignInFormProps {
  readonly api: AdminApi;
  /** The previous session ended (expired or refused): say so. */
  readonly sessionEnded: boolean;
  readonly onSignedIn: (session: SupervisorSession) => void;
}

export function SignInForm({ api, sessionEnded, onSignedIn }: SignInFormProps) {
  const t = useT('admin');
  const online = useBrowserOnline();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username: boolean; password: boolean }>({ username: false, password: false });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => userRef.current?.focus(), []);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const gaps = { username: username.trim() === '', password: password === '' };
    setMissing(gaps);
    if (gaps.username || gaps.password) return;
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signIn(username.trim(), password));
    } catch (err) {
      setPassword('');
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <main class="screen console-sign-in">
      <StaffLanguageToggle />
      <h1>{t('signIn.title')}</h1>
      {sessionEnded && (
        <p class="notice" role="status">
          {t('signIn.ended')}
        </p>
      )}
      {!online && (
        <p class="notice" role="status">
          {t('offline')}
        </p>
      )}
      <form class="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <div class="field">
          <label class="field__label" for="console-username">
            {t('signIn.username')}
          </label>
          <input
            ref={userRef}
            class="input"
            id="console-username"
            name="username"
            autoComplete="username"
            dir="ltr"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
            aria-invalid={missing.username}
            aria-describedby={missing.username ? 'console-username-error' : undefined}
            disabled={busy}
          />
          {missing.username && (
            <span class="field__error" id="console-username-error">
              {t('signIn.usernameMissing')}
            </span>
          )}
        </div>
        <div class="field">
          <label class="field__label" for="console-password">
            {t('signIn.password')}
          </label>
          <input
            class="input"
            id="console-password"
            name="password"
            type="password"
            autoComplete="current-password"
            dir="ltr"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            aria-invalid={missing.password}
            aria-describedby={missing.password ? 'console-password-error' : undefined}
            disabled={busy}
          />
          {missing.password && (
            <span class="field__error" id="console-password-error">
              {t('signIn.passwordMissing')}
            </span>
          )}
        </div>
        {error && (
          <p class="error" role="alert" tabIndex={-1} ref={errorRef}>
            {error}
          </p>
        )}
        <button type="submit" class="button button--primary button--large" disabled={busy}>
          {busy ? t('signIn.working') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}

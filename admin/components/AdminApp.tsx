/**
 * The supervisor console: sign-in, then its views (the live floor, the pilot's evaluation
 * and scorecard, appointments, devices, officers, refused changes, settings, the audit
 * log) chosen by the address hash so a reload stays put; the figure, settings and audit
 * views load as their own chunks. The token lives in sessionStorage only: it dies with the tab and is removed
 * on sign-out or when the server stops accepting it. A director picks the office to read
 * and sees no write controls.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useT } from '../../shared/ui/I18nProvider.tsx';
import { StaffLanguageToggle } from '../../shared/ui/StaffLanguageToggle.tsx';
import { useBrowserOnline } from '../../shared/ui/SyncBar.tsx';
import { createAdminApi, type AdminApi } from '../adminApi.ts';
import type { SupervisorSession } from '../../shared/api/adminTypes.ts';
import { ConsoleScopeContext } from '../consoleScope.ts';
import { AppointmentsView } from './AppointmentsView.tsx';
import { DevicesView } from './DevicesView.tsx';
import { LazyView } from './LazyView.tsx';
import { OfficePicker } from './OfficePicker.tsx';
import { OfficersView } from './OfficersView.tsx';
import { MessagesView } from './MessagesView.tsx';
import { RejectionsView } from './RejectionsView.tsx';
import { SignInForm } from './SignInForm.tsx';

const SESSION_KEY = 'jawazat.admin.session';
const VIEWS = ['floor', 'evaluation', 'scorecard', 'appointments', 'devices', 'officers', 'rejections', 'messages', 'settings', 'audit'] as const;
type View = (typeof VIEWS)[number];
/** Views whose names are in the adminConfig namespace. */
const CONFIG_VIEWS: readonly View[] = ['settings', 'audit'];

function loadSession(): SupervisorSession | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as SupervisorSession | null;
    return s && typeof s.token === 'string' && s.expiresAt > Date.now() ? s : null;
  } catch {
    return null;
  }
}

function viewFromHash(): View {
  const hash = window.location.hash.replace(/^#\/?/, '');
  return (VIEWS as readonly string[]).includes(hash) ? (hash as View) : 'floor';
}

export function AdminApp() {
  const t = useT('admin');
  const [session, setSession] = useState<SupervisorSession | null>(loadSession);
  const [ended, setEnded] = useState(false);
  const [office, setOffice] = useState<string | null>(null);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const officeRef = useRef(office);
  officeRef.current = office;

  const forget = (): void => {
    sessionStorage.removeItem(SESSION_KEY);
    setSession(null);
    setOffice(null);
  };
  const api = useMemo(
    () =>
      createAdminApi({
        token: () => sessionRef.current?.token ?? null,
        onUnauthorized: () => {
          setEnded(true);
          forget();
        },
        office: () => officeRef.current,
      }),
    [],
  );

  // The server's expiry, enforced here too: the console never shows data past it.
  useEffect(() => {
    if (!session) return;
    const id = setTimeout(() => {
      setEnded(true);
      forget();
    }, Math.min(2 ** 31 - 1, Math.max(0, session.expiresAt - Date.now())));
    return () => clearTimeout(id);
  }, [session]);

  useEffect(() => {
    document.title = t('title');
  }, [t]);

  if (!session) {
    return (
      <SignInForm
        api={api}
        sessionEnded={ended}
        onSignedIn={(s) => {
          sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
          setEnded(false);
          setSession(s);
        }}
      />
    );
  }
  return (
    <Console
      api={api}
      session={session}
      office={office}
      onOffice={setOffice}
      onSignOut={() => {
        void api.signOut().catch(() => undefined);
        forget();
      }}
    />
  );
}

interface ConsoleProps {
  readonly api: AdminApi;
  readonly session: SupervisorSession;
  /** The office a director reads (null: the account's own). */
  readonly office: string | null;
  readonly onOffice: (office: string) => void;
  readonly onSignOut: () => void;
}

function Console({ api, session, office, onOffice, onSignOut }: ConsoleProps) {
  const t = useT('admin');
  const director = session.role === 'director';
  const viewName = (v: View): string => t(CONFIG_VIEWS.includes(v) ? `adminConfig:nav.${v}` : `nav.${v}`);
  const online = useBrowserOnline();
  const [view, setView] = useState<View>(viewFromHash);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const onHash = (): void => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => headingRef.current?.focus(), [view]);

  return (
    <div class="console">
      <header class="console__header">
        <div class="console__brand">
          <strong>{t('title')}</strong>
          <span>{t('signedInAs', { name: session.username })}</span>
        </div>
        <nav class="console__nav" aria-label={t('nav.label')}>
          {VIEWS.map((v) => (
            <a key={v} href={`#${v}`} class="console__tab" aria-current={v === view ? 'page' : undefined}>
              {viewName(v)}
            </a>
          ))}
        </nav>
        <div class="console__tools">
          {director && <OfficePicker api={api} value={office ?? session.officeId ?? null} onChange={onOffice} />}
          <StaffLanguageToggle />
          <button type="button" class="button" onClick={onSignOut}>
            {t('signOut')}
          </button>
        </div>
      </header>
      {!online && (
        <p class="banner banner--warning" role="status">
          {t('offline')}
        </p>
      )}
      {/* Keyed by the office read, so a director's switch reloads every view. */}
      <main class="console__main" key={office ?? 'own'}>
        <h1 ref={headingRef} tabIndex={-1} class="console__title">
          {viewName(view)}
        </h1>
        <ConsoleScopeContext.Provider value={{ readOnly: director }}>
          {(view === 'floor' || view === 'evaluation' || view === 'scorecard') && <LazyView view={view} api={api} />}
          {view === 'appointments' && <AppointmentsView api={api} />}
          {view === 'devices' && <DevicesView api={api} />}
          {view === 'officers' && <OfficersView api={api} />}
          {view === 'rejections' && <RejectionsView api={api} />}
          {view === 'messages' && <MessagesView api={api} />}
          {(view === 'settings' || view === 'audit') && <LazyView view={view} api={api} />}
        </ConsoleScopeContext.Provider>
      </main>
    </div>
  );
}

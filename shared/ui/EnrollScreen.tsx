/**
 * Turns a browser into an office device: staff open `/kiosk/?enroll=CODE` (from the
 * supervisor's link or QR) or type the 8-character code. The code is traded once for a
 * device token and the office configuration; afterwards the code is removed from the
 * address bar so a reload or a bookmark never tries to use it again.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { openDeviceDb, saveEnrollment, type DeviceDb, type DeviceIdentity } from '../db/index.ts';
import type { DeviceRole } from '../sync/mutations.ts';
import type { EnrollResponse } from '../sync/protocol.ts';
import { routes, send } from '../api/contract.ts';
import { ApiRequestError } from '../api/request.ts';
import { deviceDbName, saveLocally } from '../device/bootstrap.ts';
import { enrollCodeFromUrl, normalizeEnrollCode } from './enrollCode.ts';
import { useI18n, useT } from './I18nProvider.tsx';
import { StaffLanguageToggle } from './StaffLanguageToggle.tsx';
import { useMountEffect } from './useLatest.ts';

const CODE_PATTERN = /^[2-9A-HJ-NP-Z]{8}$/;

type ErrorKey = 'format' | 'invalid' | 'network' | 'server' | 'pendingChanges' | 'storage' | 'kioskNumbers';


function stripEnrollParam(): void {
  const url = new URL(window.location.href);
  url.searchParams.delete('enroll');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

export interface EnrollScreenProps {
  readonly db: DeviceDb;
  readonly role: DeviceRole;
  /** The device's current identity when enrolling again (replaces it). */
  readonly current?: DeviceIdentity | undefined;
  readonly onEnrolled: (identity: DeviceIdentity) => void;
  /** Keep the current enrolment (only offered when there is one). */
  readonly onCancel?: () => void;
}

export function EnrollScreen({ db, role, current, onEnrolled, onCancel }: EnrollScreenProps) {
  const t = useT('common');
  const { language } = useI18n();
  const [code, setCode] = useState(() => enrollCodeFromUrl() ?? '');
  const [label, setLabel] = useState('');
  const [phase, setPhase] = useState<'idle' | 'working' | 'done' | 'redirecting'>('idle');
  const [error, setError] = useState<ErrorKey | null>(null);
  const [enrolled, setEnrolled] = useState<DeviceIdentity | null>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);

  const submit = async (raw: string): Promise<void> => {
    const value = normalizeEnrollCode(raw);
    setCode(value);
    if (!CODE_PATTERN.test(value)) return setError('format');
    setError(null);
    setPhase('working');
    const outcome = await enroll(value, label.trim());
    if (typeof outcome === 'string') {
      setPhase('idle');
      setError(outcome);
      return;
    }
    stripEnrollParam();
    if (outcome.role !== role) {
      // The code belongs to another app: store it there and open that app.
      const other = openDeviceDb(deviceDbName(outcome.role));
      const saved = await saveLocally(other, () => saveEnrollment(other, outcome, Date.now())).then(
        () => true,
        () => false,
      );
      other.close();
      if (!saved) return void (setPhase('idle'), setError('pendingChanges'));
      setPhase('redirecting');
      setEnrolled(null);
      window.setTimeout(() => window.location.assign(`/${outcome.role}/`), 1500);
      return;
    }
    try {
      const identity = await saveLocally(db, () => saveEnrollment(db, outcome, Date.now()));
      setEnrolled(identity);
      setPhase('done');
    } catch (e) {
      setPhase('idle');
      setError(e instanceof Error && /unsent changes/.test(e.message) ? 'pendingChanges' : 'storage');
    }
  };

  // A code in the address is used at once (unless it would replace an enrolled device).
  useMountEffect(() => {
    if (code && !current) void submit(code);
  });

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);
  useEffect(() => {
    if (phase === 'done' || phase === 'redirecting') doneRef.current?.focus();
  }, [phase]);

  if (phase === 'redirecting') {
    return (
      <main class="screen enroll">
        <h1 ref={doneRef} tabIndex={-1}>
          {t('enroll.otherRole')}
        </h1>
      </main>
    );
  }

  if (phase === 'done' && enrolled) {
    const office = enrolled.config.name[language] ?? enrolled.config.name.en;
    return (
      <main class="screen enroll">
        <StaffLanguageToggle />
        <h1 ref={doneRef} tabIndex={-1}>
          {t('enroll.done')}
        </h1>
        <dl class="enroll__facts">
          <dt>{t('enroll.office')}</dt>
          <dd>{office}</dd>
          <dt>{t('enroll.role')}</dt>
          <dd>{t(`enroll.roles.${enrolled.role}`)}</dd>
          {enrolled.role === 'kiosk' && (
            <>
              <dt>{t('enroll.kioskNo')}</dt>
              <dd>{enrolled.kioskNo}</dd>
            </>
          )}
        </dl>
        <button type="button" class="button button--primary button--large" onClick={() => onEnrolled(enrolled)}>
          {t('enroll.continue')}
        </button>
      </main>
    );
  }

  const working = phase === 'working';
  return (
    <main class="screen enroll">
      <StaffLanguageToggle />
      <h1>{t('enroll.title', { role: t(`enroll.roles.${role}`) })}</h1>
      <p>{t('enroll.intro')}</p>
      {current && <p class="notice">{t('enroll.replaces')}</p>}
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit(code);
        }}
      >
        <label class="field">
          <span class="field__label">{t('enroll.code')}</span>
          <input
            class="input input--code"
            name="code"
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            maxLength={12}
            dir="ltr"
            aria-invalid={error === 'format' || error === 'invalid'}
            aria-describedby="enroll-code-hint"
            disabled={working}
          />
          <span class="field__hint" id="enroll-code-hint">
            {t('enroll.codeHint')}
          </span>
        </label>
        <label class="field">
          <span class="field__label">{t('enroll.label')}</span>
          <input class="input" name="label" value={label} maxLength={60} onInput={(e) => setLabel(e.currentTarget.value)} disabled={working} />
        </label>
        {error && (
          <p class="error" role="alert" tabIndex={-1} ref={errorRef}>
            {t(`enroll.errors.${error}`)}
          </p>
        )}
        <button type="submit" class="button button--primary button--large" disabled={working}>
          {working ? t('enroll.working') : t('enroll.submit')}
        </button>
        {current && onCancel && (
          <button
            type="button"
            class="button button--large"
            disabled={working}
            onClick={() => {
              stripEnrollParam();
              onCancel();
            }}
          >
            {t('enroll.keep')}
          </button>
        )}
      </form>
    </main>
  );
}

/** POST /api/devices/enroll (shared/api/contract.ts); an error key for anything but success. */
async function enroll(code: string, label: string): Promise<EnrollResponse | ErrorKey> {
  try {
    const body = await send(routes.enroll, {}, { body: label ? { code, label } : { code } });
    return body && 'token' in body ? body : 'invalid';
  } catch (e) {
    if (!(e instanceof ApiRequestError)) throw e;
    if (e.status === 0) return 'network';
    if (e.status >= 500) return 'server';
    if (e.fromServer && e.code === 'no_kiosk_number') return 'kioskNumbers';
    if (e.status === 400 && e.fromServer && /format|character|invalid_args/i.test(`${e.code} ${e.message}`)) return 'format';
    return 'invalid';
  }
}

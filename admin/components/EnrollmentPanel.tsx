/**
 * Creates a single-use enrollment code for a new kiosk, counter or display and shows it
 * three ways: the code to type, the full link, and a QR code of the link for the
 * device's camera.
 */
import { useRef, useState } from 'preact/hooks';
import { DEVICE_ROLES, type DeviceRole } from '../../shared/sync/mutations.ts';
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import { QrCode } from '../../shared/ui/QrCode.tsx';
import type { AdminApi } from '../adminApi.ts';
import { errorText } from '../adminErrors.ts';
import type { Enrollment } from '../../shared/api/adminTypes.ts';

const LABEL_MAX = 60;

export function EnrollmentPanel({ api, onCreated }: { api: AdminApi; onCreated: () => void }) {
  const t = useT('admin');
  const { language } = useI18n();
  const [role, setRole] = useState<DeviceRole>('kiosk');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Enrollment | null>(null);
  const [copied, setCopied] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);

  const tooLong = label.trim().length > LABEL_MAX;
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (tooLong) return;
    setBusy(true);
    setError(null);
    setCopied(false);
    try {
      const enrollment = await api.createEnrollment(role, label.trim() || undefined);
      setCreated(enrollment);
      setLabel('');
      onCreated();
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  const link = created ? new URL(created.link, window.location.origin).href : '';
  const copy = async (): Promise<void> => {
    await navigator.clipboard?.writeText(link).then(() => setCopied(true), () => undefined);
  };
  const expires = (ms: number): string =>
    new Intl.DateTimeFormat(language === 'ar' ? 'ar-SA-u-nu-latn' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(ms);

  return (
    <section class="panel enrollment" aria-labelledby="enrollment-title">
      <h2 id="enrollment-title">{t('enroll.title')}</h2>
      <form class="enrollment__form" noValidate onSubmit={(e) => void submit(e)}>
        <fieldset class="enrollment__roles">
          <legend class="field__label">{t('enroll.role')}</legend>
          {DEVICE_ROLES.map((r) => (
            <label key={r} class="radio">
              <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} disabled={busy} />
              {t(`roles.${r}`)}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label class="field__label" for="enroll-label">
            {t('enroll.label')}
          </label>
          <input
            id="enroll-label"
            class="input"
            name="label"
            value={label}
            onInput={(e) => setLabel(e.currentTarget.value)}
            aria-invalid={tooLong}
            aria-describedby={tooLong ? 'enroll-label-error' : undefined}
            placeholder={t('enroll.labelHint')}
            disabled={busy}
          />
          {tooLong && (
            <span class="field__error" id="enroll-label-error">
              {t('enroll.labelTooLong', { max: LABEL_MAX })}
            </span>
          )}
        </div>
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? t('working') : t('enroll.create')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {created && (
        <div class="enrollment__result" ref={resultRef} tabIndex={-1} aria-live="polite">
          <div class="enrollment__facts">
            <p>{t('enroll.createdFor', { role: t(`roles.${created.role}`) })}</p>
            <p class="enrollment__code ltr" data-testid="enrollment-code">
              {created.code}
            </p>
            <p class="muted">{t('enroll.expires', { time: expires(created.expiresAt) })}</p>
            <p class="enrollment__link">
              <a href={link} class="ltr" data-testid="enrollment-link">
                {link}
              </a>
            </p>
            <button type="button" class="button button--small" onClick={() => void copy()}>
              {copied ? t('enroll.copied') : t('enroll.copy')}
            </button>
          </div>
          <QrCode value={link} label={t('enroll.qr', { role: t(`roles.${created.role}`) })} class="enrollment__qr" />
        </div>
      )}
    </section>
  );
}

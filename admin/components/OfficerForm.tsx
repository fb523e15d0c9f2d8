/**
 * Adding an officer: badge, name in Arabic and English, and a first PIN the supervisor
 * types or leaves empty to have one made. A made PIN is shown once, here; it is never
 * shown again (a new one replaces it). Checked with the store's own patterns first.
 */
import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { BADGE_PATTERN, PIN_PATTERN } from '../../shared/sync/protocol.ts';
import { useT } from '../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../adminApi.ts';
import { consoleErrorText } from '../adminErrors.ts';
import type { NewOfficer } from '../../shared/api/adminTypes.ts';

type FieldName = 'badge' | 'nameAr' | 'nameEn' | 'pin';
const NAME_MAX = 80;

export function OfficerForm({ api, onAdded }: { api: AdminApi; onAdded: () => void }) {
  const t = useT('admin');
  const tc = useT('adminConfig');
  const [values, setValues] = useState<Record<FieldName, string>>({ badge: '', nameAr: '', nameEn: '', pin: '' });
  const [problems, setProblems] = useState<Partial<Record<FieldName, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<NewOfficer | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const result = useRef<HTMLDivElement>(null);

  const check = (): Partial<Record<FieldName, string>> => {
    const found: Partial<Record<FieldName, string>> = {};
    if (!BADGE_PATTERN.test(values.badge.trim())) found.badge = tc('officers.problems.badge');
    for (const name of ['nameAr', 'nameEn'] as const) {
      const text = values[name].trim();
      if (!text) found[name] = tc('problems.required');
      else if (text.length > NAME_MAX) found[name] = tc('problems.tooLong', { max: NAME_MAX });
    }
    if (values.pin && !PIN_PATTERN.test(values.pin)) found.pin = tc('officers.problems.pin');
    return found;
  };

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const found = check();
    setProblems(found);
    setError(null);
    const first = (Object.keys(found) as FieldName[])[0];
    if (first) {
      form.current?.querySelector<HTMLElement>(`#officer-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const officer = await api.addOfficer({
        badge: values.badge.trim(),
        name: { ar: values.nameAr.trim(), en: values.nameEn.trim() },
        ...(values.pin ? { pin: values.pin } : {}),
      });
      setAdded(officer);
      setValues({ badge: '', nameAr: '', nameEn: '', pin: '' });
      onAdded();
      requestAnimationFrame(() => result.current?.focus());
    } catch (err) {
      setError(consoleErrorText(t, tc, err));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: FieldName, label: string, extra: JSX.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div class="field">
      <label class="field__label" for={`officer-${name}`}>
        {label}
      </label>
      <input
        id={`officer-${name}`}
        class="input"
        value={values[name]}
        onInput={(e) => setValues((v) => ({ ...v, [name]: e.currentTarget.value }))}
        aria-invalid={problems[name] ? 'true' : undefined}
        aria-describedby={problems[name] ? `officer-${name}-error` : undefined}
        disabled={busy}
        {...extra}
      />
      {problems[name] && (
        <span class="field__error" id={`officer-${name}-error`}>
          {problems[name]}
        </span>
      )}
    </div>
  );

  return (
    <section class="panel" aria-labelledby="officer-add-title">
      <h2 id="officer-add-title">{tc('officers.add.title')}</h2>
      <form ref={form} class="booking-form" noValidate onSubmit={(e) => void submit(e)}>
        {field('badge', tc('officers.add.badge'), { inputMode: 'numeric', dir: 'ltr', autoComplete: 'off', maxLength: 10 })}
        {field('nameAr', tc('officers.add.nameAr'), { lang: 'ar', dir: 'rtl' })}
        {field('nameEn', tc('officers.add.nameEn'), { lang: 'en', dir: 'ltr' })}
        {field('pin', tc('officers.add.pin'), { inputMode: 'numeric', dir: 'ltr', autoComplete: 'new-password', type: 'password', maxLength: 8, placeholder: tc('officers.add.pinHint') })}
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? t('working') : tc('officers.add.submit')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {added && (
        <div class="secret-once" ref={result} tabIndex={-1} aria-live="polite">
          <p>{tc('officers.add.added', { badge: added.badge })}</p>
          {added.pin && (
            <>
              <p>{tc('officers.add.pinOnce')}</p>
              <p class="enrollment__code ltr" data-testid="officer-pin">
                {added.pin}
              </p>
            </>
          )}
        </div>
      )}
    </section>
  );
}

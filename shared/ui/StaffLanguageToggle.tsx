/**
 * Arabic / English switch for staff-facing screens (enrolment, settings). Residents'
 * screens have their own language pickers. Switching keeps the officer's place: the
 * field they were in gets the focus back (a click on the switch would otherwise take it),
 * and nothing is re-mounted, so the step and the scroll stay.
 */
import { useRef } from 'preact/hooks';
import { LANGUAGE_NAMES, STAFF_LANGUAGES } from '../i18n/index.ts';
import { useI18n, useT } from './I18nProvider.tsx';

export function StaffLanguageToggle() {
  const { i18n, language } = useI18n();
  const t = useT('common');
  const before = useRef<HTMLElement | null>(null);
  // Pointer down comes before the click moves the focus to the switch.
  const remember = (): void => {
    const active = document.activeElement;
    before.current = active instanceof HTMLElement && active !== document.body && !active.closest('.language-toggle') ? active : null;
  };
  const change = async (lng: string): Promise<void> => {
    const back = before.current;
    before.current = null;
    await i18n.changeLanguage(lng);
    if (back?.isConnected) back.focus({ preventScroll: true });
  };
  return (
    <div class="language-toggle" role="group" aria-label={t('language')}>
      {STAFF_LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          class="button button--small"
          lang={lng}
          aria-pressed={language === lng}
          onPointerDown={remember}
          onClick={() => void change(lng)}
        >
          {LANGUAGE_NAMES[lng]}
        </button>
      ))}
    </div>
  );
}

/**
 * Arabic / English switch for staff-facing screens (enrolment, settings). Residents'
 * screens have their own language pickers.
 */
import { LANGUAGE_NAMES, STAFF_LANGUAGES } from '../i18n/index.ts';
import { useI18n, useT } from './I18nProvider.tsx';

export function StaffLanguageToggle() {
  const { i18n, language } = useI18n();
  const t = useT('common');
  return (
    <div class="language-toggle" role="group" aria-label={t('language')}>
      {STAFF_LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          class="button button--small"
          lang={lng}
          aria-pressed={language === lng}
          onClick={() => void i18n.changeLanguage(lng)}
        >
          {LANGUAGE_NAMES[lng]}
        </button>
      ))}
    </div>
  );
}

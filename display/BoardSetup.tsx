/**
 * Staff set the board up once: which section it shows (or all), the second language of
 * its labels, and sound. "Show board" is also the tap that lets the browser play sound.
 */
import { useState } from 'preact/hooks';
import type { DeviceIdentity } from '../shared/db/index.ts';
import { KIOSK_LANGUAGES, LANGUAGE_NAMES } from '../shared/i18n/index.ts';
import { useFocusOnMount } from '../shared/ui/hooks.ts';
import { useI18n, useT } from '../shared/ui/I18nProvider.tsx';
import { StaffLanguageToggle } from '../shared/ui/StaffLanguageToggle.tsx';
import type { Announcer } from './announce.ts';
import { DEFAULT_BOARD_SETTINGS, type BoardSettings } from './boardSettings.ts';

export interface BoardSetupProps {
  readonly identity: DeviceIdentity;
  readonly initial: BoardSettings | null;
  readonly announcer: Announcer;
  readonly onSave: (settings: BoardSettings) => void;
}

export function BoardSetup({ identity, initial, announcer, onSave }: BoardSetupProps) {
  const t = useT('display');
  const { language } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [value, setValue] = useState<BoardSettings>(initial ?? DEFAULT_BOARD_SETTINGS);
  const sections = identity.config.sections;

  return (
    <main class="screen board-setup">
      <StaffLanguageToggle />
      <h1 ref={heading} tabIndex={-1}>
        {t('setup.title')}
      </h1>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          announcer.unlock();
          onSave(value);
        }}
      >
        <fieldset class="fieldset">
          <legend class="field__label">{t('setup.section')}</legend>
          {[{ id: 'all', label: t('setup.allSections') }, ...sections.map((s) => ({ id: s.id, label: s.name[language] ?? s.name.en }))].map(
            (option) => (
              <label key={option.id} class="radio">
                <input
                  type="radio"
                  name="section"
                  value={option.id}
                  checked={value.sectionId === option.id}
                  onChange={() => setValue({ ...value, sectionId: option.id })}
                />
                <span>{option.label}</span>
              </label>
            ),
          )}
        </fieldset>
        <label class="field">
          <span class="field__label">{t('setup.secondLanguage')}</span>
          <select
            class="input"
            value={value.secondLanguage}
            onChange={(e) => setValue({ ...value, secondLanguage: e.currentTarget.value })}
          >
            {KIOSK_LANGUAGES.filter((l) => l !== 'ar').map((lng) => (
              <option key={lng} value={lng} lang={lng}>
                {LANGUAGE_NAMES[lng]}
              </option>
            ))}
          </select>
        </label>
        <label class="radio">
          <input type="checkbox" checked={value.sound} onChange={(e) => setValue({ ...value, sound: e.currentTarget.checked })} />
          <span>{t('setup.sound')}</span>
        </label>
        <div class="board-setup__actions">
          <button
            type="button"
            class="button button--large"
            onClick={() => {
              announcer.unlock();
              announcer.announce({ displayNumber: 'A1-234', counterId: 5, arabic: t('setup.testPhrase', { lng: 'ar' }), english: t('setup.testPhrase', { lng: 'en' }) });
            }}
          >
            {t('setup.testSound')}
          </button>
          <button type="submit" class="button button--primary button--large">
            {t('setup.start')}
          </button>
        </div>
      </form>
    </main>
  );
}

/**
 * The resting screen: eight buttons, each language named in its own script, so a
 * resident who reads neither Arabic nor English finds theirs with one tap.
 */
import { useEffect } from 'preact/hooks';
import { KIOSK_LANGUAGES, LANGUAGE_NAMES, isRtl } from '../shared/i18n/index.ts';
import { loadFontsFor } from '../shared/ui/fonts.ts';
import { useFocusOnMount } from '../shared/ui/hooks.ts';
import { useI18n } from '../shared/ui/I18nProvider.tsx';

export function LanguageScreen({ onSelect }: { onSelect: (language: string) => void }) {
  const { i18n } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const prompt = (lng: string): string => String(i18n.getFixedT(lng, 'kiosk')('chooseLanguage'));
  // Each button names its language in its own script: all eight scripts show here.
  useEffect(() => {
    for (const lng of KIOSK_LANGUAGES) void loadFontsFor(lng);
  }, []);
  return (
    <main class="kiosk-screen">
      <h1 class="kiosk-title" ref={heading} tabIndex={-1}>
        <span lang="ar">{prompt('ar')}</span>
        <span class="kiosk-title__second" lang="en" dir="ltr">
          {prompt('en')}
        </span>
      </h1>
      <ul class="choice-grid choice-grid--languages" role="list">
        {KIOSK_LANGUAGES.map((lng) => (
          <li key={lng}>
            <button type="button" class="choice" lang={lng} dir={isRtl(lng) ? 'rtl' : 'ltr'} onClick={() => onSelect(lng)}>
              <span class="choice__label">{LANGUAGE_NAMES[lng]}</span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}

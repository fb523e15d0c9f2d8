/**
 * The resting screen: eight buttons, each language named in its own script, so a
 * resident who reads neither Arabic nor English finds theirs with one tap. It needs no
 * translation library (the prompt is read from the Arabic and English locale files), so
 * the kiosk draws it from its first small script (KioskStart.tsx) and again in the app.
 */
import { useEffect } from 'preact/hooks';
import arKiosk from '../shared/i18n/locales/ar/kiosk.json';
import enKiosk from '../shared/i18n/locales/en/kiosk.json';
import { KIOSK_LANGUAGES, LANGUAGE_NAMES, isRtl } from '../shared/i18n/languages.ts';
import { loadFontsFor } from '../shared/ui/fonts.ts';
import { useFocusOnMount } from '../shared/ui/useFocusOnMount.ts';

export interface LanguageScreenProps {
  readonly onSelect: (language: string) => void;
  /**
   * A language tapped before the app could take it (still loading): its button says it
   * is busy, and shows a spinner if the wait lasts long enough to be seen (kiosk.css).
   */
  readonly pending?: string | null;
}

export function LanguageScreen({ onSelect, pending = null }: LanguageScreenProps) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  // Each button names its language in its own script: all eight scripts show here.
  useEffect(() => {
    for (const lng of KIOSK_LANGUAGES) void loadFontsFor(lng);
  }, []);
  return (
    <main class="kiosk-screen" aria-busy={pending ? 'true' : undefined}>
      <h1 class="kiosk-title" ref={heading} tabIndex={-1}>
        <span lang="ar">{arKiosk.chooseLanguage}</span>
        <span class="kiosk-title__second" lang="en" dir="ltr">
          {enKiosk.chooseLanguage}
        </span>
      </h1>
      <ul class="choice-grid choice-grid--languages" role="list">
        {KIOSK_LANGUAGES.map((lng) => (
          <li key={lng}>
            <button
              type="button"
              class={`choice${pending === lng ? ' choice--pending' : ''}`}
              lang={lng}
              dir={isRtl(lng) ? 'rtl' : 'ltr'}
              onClick={() => onSelect(lng)}
            >
              <span class="choice__label">{LANGUAGE_NAMES[lng]}</span>
              {pending === lng && <span class="choice__spinner" aria-hidden="true" />}
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}

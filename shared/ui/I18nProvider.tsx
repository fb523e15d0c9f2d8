/**
 * Gives components the app's i18next instance and re-renders them when the language
 * changes (the kiosk switches language for every resident). Components call
 * `useT('kiosk')` and get a translate function bound to that namespace.
 */
import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { i18n as I18n } from 'i18next';
import { loadFontsFor } from './fonts.ts';

/** Translate a key; options carry interpolation values and `count` for plurals. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

interface I18nValue {
  readonly i18n: I18n;
  readonly language: string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ i18n, children }: { i18n: I18n; children: ComponentChildren }) {
  const [language, setLanguage] = useState(i18n.language);
  useEffect(() => {
    void loadFontsFor(language);
  }, [language]);
  useEffect(() => {
    const onChange = (lng: string): void => setLanguage(lng);
    i18n.on('languageChanged', onChange);
    return () => i18n.off('languageChanged', onChange);
  }, [i18n]);
  const value = useMemo(() => ({ i18n, language }), [i18n, language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n needs an <I18nProvider> above it');
  return value;
}

/** A translate function for `ns` in the current language (or in `lng` when given). */
export function useT(ns: string, lng?: string): Translate {
  const { i18n, language } = useI18n();
  return useMemo(() => translator(i18n, ns, lng ?? language), [i18n, ns, lng, language]);
}

/** A translate function outside components (announcements, document titles). */
export function translator(i18n: I18n, ns: string, lng: string): Translate {
  const fixed = i18n.getFixedT(lng, ns);
  return (key, options) => String(fixed(key, options ?? {}));
}

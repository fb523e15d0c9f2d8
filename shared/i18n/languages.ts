/**
 * The languages the apps speak and which of them are written right to left, apart from
 * the i18next set-up (index.ts), so a first screen can name the languages without
 * downloading i18next (the kiosk's resting screen, kiosk/KioskStart.tsx).
 */

/** The kiosk's eight languages, in the order its language screen shows them. */
export const KIOSK_LANGUAGES = ['ar', 'en', 'ur', 'hi', 'bn', 'tl', 'id', 'ml'] as const;
export type Language = (typeof KIOSK_LANGUAGES)[number];
/** Staff screens (counter, console) speak Arabic and English. */
export const STAFF_LANGUAGES: readonly Language[] = ['ar', 'en'];

const RTL: readonly string[] = ['ar', 'ur'];

/** Native names, so a resident finds their own language without reading another. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  ar: 'العربية',
  en: 'English',
  ur: 'اردو',
  hi: 'हिन्दी',
  bn: 'বাংলা',
  tl: 'Filipino',
  id: 'Bahasa Indonesia',
  ml: 'മലയാളം',
};

export function isRtl(lang: string): boolean {
  return RTL.includes(lang.split('-')[0] ?? lang);
}

/** Sets `lang` and `dir` on <html> (Arabic and Urdu right to left). */
export function applyDocumentLanguage(lang: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang;
  document.documentElement.dir = isRtl(lang) ? 'rtl' : 'ltr';
}

/** A staff screen's language as the person last left it (stored under `key`), Arabic otherwise. */
export function savedStaffLanguage(key: string): Language {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(key);
  } catch {
    // Storage blocked: the office's language.
  }
  return STAFF_LANGUAGES.find((lng) => lng === saved) ?? 'ar';
}

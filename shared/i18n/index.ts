/**
 * i18next set-up for every app. Each app loads only the namespaces it needs; locale
 * files are plain JSON under locales/<lang>/<namespace>.json, bundled with the app so
 * they work offline. Arabic and Urdu are right-to-left: `applyDocumentLanguage` sets
 * `lang` and `dir` on <html> whenever the language changes.
 */
import i18next, { type i18n, type Resource } from 'i18next';
import { applyDocumentLanguage } from './languages.ts';

export {
  KIOSK_LANGUAGES,
  LANGUAGE_NAMES,
  STAFF_LANGUAGES,
  applyDocumentLanguage,
  isRtl,
  savedStaffLanguage,
  type Language,
} from './languages.ts';

/**
 * Numerals a reader of the language expects where CLDR's default differs: Arabic in
 * Saudi Arabia is read with Arabic-Indic digits (٠١٢), Bengali with Bengali digits.
 */
const NUMBERING: Readonly<Record<string, string>> = { ar: 'arab', bn: 'beng' };

/** Languages whose readers get the time of day in words ("5:05 سہ پہر") instead of a Latin AM/PM. */
const DAY_PERIOD_LANGUAGES = new Set(['ur', 'hi', 'bn', 'ml']);

/**
 * A clock time in the reader's language and the office's time zone: Urdu, Hindi, Bengali
 * and Malayalam name the part of the day in their own words (CLDR's short time puts a
 * Latin "PM" beside their digits); the others keep their usual short time.
 */
export function formatTime(lang: string, at: number, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = DAY_PERIOD_LANGUAGES.has(lang.split('-')[0] ?? lang)
    ? { hour: 'numeric', minute: '2-digit', dayPeriod: 'short', timeZone }
    : { timeStyle: 'short', timeZone };
  return dateFormat(intlLocale(lang, 'gregory'), options).format(at);
}

/**
 * A day of the Umm al-Qura calendar (the Saudi civil one) without CLDR's era, which some
 * languages print badly (Bengali "যুগ", "age"; Hindi a Latin "AH" in front): `withEra`
 * adds the word each language uses (kiosk:ticket.hijri, "{{date}} हिजरी").
 */
export function formatHijri(lang: string, at: number, timeZone: string, withEra: (date: string) => string): string {
  const parts = dateFormat(intlLocale(lang, 'islamic-umalqura'), { day: 'numeric', month: 'long', year: 'numeric', timeZone }).formatToParts(at);
  const era = parts.findIndex((p) => p.type === 'era');
  // The era and the space or comma that joined it to the date.
  const kept = era < 0 ? parts : parts.filter((_, i) => i !== era && !(parts[i]?.type === 'literal' && (i === era - 1 || i === era + 1)));
  // Bengali writes the Hijri date without a comma before the year ("২৬ রমজান ১৪৪৭").
  const date = kept.map((p) => (lang === 'bn' && p.type === 'literal' ? p.value.replace(',', '') : p.value)).join('').trim();
  return withEra(date);
}

const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

/**
 * An Intl date format, made once per locale and options: making one costs a millisecond
 * or more, and the kiosk's ticket draws three as it appears and again every second.
 */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d ${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format as Intl.DateTimeFormat;
}

/** An Intl number format, made once per locale and options (see dateFormat). */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `n ${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format as Intl.NumberFormat;
}

/** The Intl locale for a language: its numerals, and optionally a calendar. */
export function intlLocale(lang: string, calendar?: string): string {
  const base = lang.split('-')[0] ?? lang;
  const keys: string[] = [];
  if (calendar) keys.push(`ca-${calendar}`);
  const numbering = NUMBERING[base];
  if (numbering) keys.push(`nu-${numbering}`);
  return keys.length > 0 ? `${base}-u-${keys.join('-')}` : base;
}

/**
 * A configured name (office, section) in the reader's language. Where the office gave none
 * in that language, an Urdu reader gets the Arabic name (the same script, and the name
 * people see on the mall's signs), everyone else the English one.
 */
export function localizedName(text: Readonly<Record<string, string>> & { readonly en: string; readonly ar: string }, lang: string): string {
  return text[lang] ?? (lang === 'ur' ? text.ar : text.en);
}

/** Loads one namespace of one language (a lazily imported, precached locale file). */
export type LoadNamespace = (lng: string, ns: string) => Promise<unknown>;

/**
 * Creates an i18next instance for one app from bundled resources. With `load`, languages
 * missing from `resources` are fetched on `changeLanguage` (i18next waits for them before
 * it switches), so the first screen carries only the languages it shows first.
 */
export async function createI18n(
  resources: Resource,
  opts: { lng: string; fallbackLng?: string; defaultNS: string; ns?: readonly string[]; load?: LoadNamespace },
): Promise<i18n> {
  const instance = i18next.createInstance();
  const { load } = opts;
  if (load) {
    instance.use({
      type: 'backend',
      init() {},
      read(lng: string, ns: string, callback: (error: unknown, data: unknown) => void) {
        load(lng, ns).then(
          (data) => callback(null, data),
          (error: unknown) => callback(error, null),
        );
      },
    });
  }
  await instance.init({
    resources,
    partialBundledLanguages: Boolean(load),
    ns: opts.ns ? [...opts.ns] : undefined,
    lng: opts.lng,
    fallbackLng: opts.fallbackLng ?? 'en',
    defaultNS: opts.defaultNS,
    interpolation: { escapeValue: false }, // Preact escapes text itself
    returnNull: false,
    showSupportNotice: false,
  });
  // "{{count, number}}" in the strings: numbers in the reader's numerals.
  instance.services.formatter?.add('number', (value: unknown, lng: string | undefined, options: Intl.NumberFormatOptions) =>
    typeof value === 'number' ? new Intl.NumberFormat(intlLocale(lng ?? instance.language), options).format(value) : String(value),
  );
  applyDocumentLanguage(instance.language);
  instance.on('languageChanged', applyDocumentLanguage);
  return instance;
}

/** The best supported language for a browser's preferences (phones opening /t/<code>). */
export function pickLanguage(preferred: readonly string[], supported: readonly string[], fallback = 'ar'): string {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    const code = base === 'fil' ? 'tl' : base;
    if (supported.includes(code)) return code;
  }
  return fallback;
}

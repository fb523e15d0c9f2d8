import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatHijri, KIOSK_LANGUAGES } from '../i18n/index.ts';
import { resourcesFromGlob } from './localeResources.ts';

const LOCALES = join(import.meta.dirname, '../i18n/locales');
/** Namespaces every one of the eight kiosk languages must have in full. */
const RESIDENT_NAMESPACES = ['common', 'kiosk', 'display', 'ticket', 'services'];
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function load(lang: string, ns: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(LOCALES, lang, `${ns}.json`), 'utf8')) as Record<string, unknown>;
}

describe('locales', () => {
  it('has every resident namespace in all eight languages with the same keys as English', () => {
    for (const ns of RESIDENT_NAMESPACES) {
      const english = new Set(keys(load('en', ns)).map((k) => k.replace(PLURAL, '')));
      for (const lang of KIOSK_LANGUAGES) {
        const own = new Set(
          keys(load(lang, ns))
            .filter((k) => !k.startsWith('speech.letters'))
            .map((k) => k.replace(PLURAL, '')),
        );
        expect([...english].filter((k) => !own.has(k)), `${lang}/${ns}.json is missing keys`).toEqual([]);
        expect([...own].filter((k) => !english.has(k)), `${lang}/${ns}.json has extra keys`).toEqual([]);
      }
    }
  });

  it('gives every plural the forms its language needs', () => {
    for (const lang of KIOSK_LANGUAGES) {
      const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const ns of RESIDENT_NAMESPACES) {
        const all = keys(load(lang, ns));
        const bases = new Set(all.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
        for (const base of bases) {
          for (const form of forms) expect(all, `${lang}/${ns}: ${base}_${form}`).toContain(`${base}_${form}`);
        }
      }
    }
  });

  /** Every string of a namespace, by key (plural forms kept apart). */
  function strings(value: unknown, prefix = ''): [string, string][] {
    if (typeof value === 'string') return [[prefix, value]];
    if (typeof value !== 'object' || value === null) return [];
    return Object.entries(value).flatMap(([k, v]) => strings(v, prefix ? `${prefix}.${k}` : k));
  }
  const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*([a-zA-Z]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();

  it('has no Latin letters inside an Arabic or Urdu sentence, beyond the QR code and example codes', () => {
    const allowed = /\bQR\b|\b[2-9A-HJ-NP-Z]{8}\b/g;
    for (const lang of ['ar', 'ur']) {
      for (const ns of RESIDENT_NAMESPACES) {
        const latin = strings(load(lang, ns))
          .filter(([key]) => !key.startsWith('speech.letters'))
          .filter(([, text]) => /[A-Za-z]/.test(text.replace(/\{\{[^}]*\}\}/g, '').replace(allowed, '')));
        expect(latin, `${lang}/${ns}.json`).toEqual([]);
      }
    }
  });

  it('fills in every language only the values the English string is given (nothing left as {{…}} on screen)', () => {
    for (const ns of RESIDENT_NAMESPACES) {
      const english = new Map<string, Set<string>>();
      for (const [key, text] of strings(load('en', ns))) {
        const base = key.replace(PLURAL, '');
        const names = english.get(base) ?? new Set<string>();
        for (const p of placeholders(text)) names.add(p);
        english.set(base, names);
      }
      for (const lang of KIOSK_LANGUAGES) {
        for (const [key, text] of strings(load(lang, ns))) {
          const given = english.get(key.replace(PLURAL, '')) ?? new Set<string>();
          // A plural's count is always given, even where English leaves it out of the words.
          const unknown = placeholders(text).filter((p) => !given.has(p) && !(p === 'count' && PLURAL.test(key)));
          expect(unknown, `${lang}/${ns}.json ${key}: ${text}`).toEqual([]);
        }
      }
    }
  });

  it('names every rejection reason the server may send', () => {
    const codes = ['ticket_unknown', 'ticket_exists', 'already_called', 'not_your_ticket', 'invalid_transition', 'forbidden', 'session_invalid', 'invalid_args', 'store_refused', 'wrong_section'];
    for (const lang of KIOSK_LANGUAGES) {
      const reason = (load(lang, 'common').reason ?? {}) as Record<string, string>;
      expect(Object.keys(reason).sort()).toEqual([...codes].sort());
    }
  });

  it('prints the Hijri date with each language\'s own word for the era, never CLDR\'s "যুগ" or a Latin "AH" in Hindi (review C4)', () => {
    const at = Date.UTC(2026, 2, 15, 9);
    const hijri = (lang: string) => {
      const template = (JSON.parse(readFileSync(join(LOCALES, lang, 'kiosk.json'), 'utf8')) as { ticket: { hijri: string } }).ticket.hijri;
      return formatHijri(lang, at, 'Asia/Riyadh', (date) => template.replace('{{date}}', date));
    };
    expect(hijri('bn')).toBe('২৬ রমজান ১৪৪৭ হিজরি');
    expect(hijri('hi')).toBe('26 रमजान 1447 हिजरी');
    expect(hijri('ar')).toBe('٢٦ رمضان ١٤٤٧ هـ');
    expect(hijri('ur')).toBe('26 رمضان، 1447 ہجری');
    expect(hijri('en')).toBe('Ramadan 26, 1447 AH');
    expect(hijri('ml')).toBe('ഹിജറ 1447 റമളാൻ 26');
  });

  it('turns glob results into i18next resources by language and namespace', () => {
    const modules: Record<string, unknown> = {};
    for (const lang of readdirSync(LOCALES)) modules[`../shared/i18n/locales/${lang}/kiosk.json`] = load(lang, 'kiosk');
    const resources = resourcesFromGlob(modules);
    expect(Object.keys(resources).sort()).toEqual([...KIOSK_LANGUAGES].sort());
    expect((resources.ur?.kiosk as Record<string, unknown>).chooseLanguage).toBe('اپنی زبان منتخب کریں');
  });
});

import { describe, expect, it } from 'vitest';
import { latinKey, nameKeys, nameMatches, normaliseArabic } from './names.ts';

describe('name search', () => {
  it('folds Arabic spelling variants and diacritics', () => {
    expect(normaliseArabic('أَحْمَد')).toBe('احمد');
    expect(normaliseArabic('إبراهيم')).toBe(normaliseArabic('ابراهيم'));
    expect(normaliseArabic('آمنة')).toBe('امنه');
    expect(normaliseArabic('مصطفى')).toBe(normaliseArabic('مصطفي'));
    expect(normaliseArabic('فاطمة')).toBe(normaliseArabic('فاطمه'));
    expect(normaliseArabic('عبـــدالله')).toBe('عبدالله');
    expect(normaliseArabic('مؤمن')).toBe('مومن');
  });

  it('gives Latin transliterations of one name one key', () => {
    for (const spelling of ['Mohammed', 'Muhammad', 'Mohamad', 'Mohammad', 'Mohamed']) expect(latinKey(spelling), spelling).toBe('mhmd');
    expect(latinKey('Yousef')).toBe(latinKey('Yusuf'));
    expect(latinKey('Khalid')).toBe(latinKey('Khaled'));
    expect(latinKey('Fatimah')).toBe(latinKey('Fatima'));
    expect(nameKeys('Abd al-Rahman')).toEqual(nameKeys('Abd Al Rahman'));
  });

  it('matches a query whose words start the name’s words, in order', () => {
    const name = { ar: 'مُحَمَّد إبراهيم الشهري', en: 'Mohammed Ibrahim Al-Shehri' };
    expect(nameMatches('محمد ابراهيم', name)).toBe(true);
    expect(nameMatches('محمد الشهري', name)).toBe(true);
    expect(nameMatches('Muhammad Ibrahim', name)).toBe(true);
    expect(nameMatches('mohamad al shehri', name)).toBe(true);
    expect(nameMatches('Ibrahim Mohammed', name)).toBe(false); // order matters
    expect(nameMatches('Ahmed', name)).toBe(false);
    expect(nameMatches('  ', name)).toBe(false);
  });
});

/**
 * How the desk writes dates and countries, one way everywhere on the counter (issue 14:
 * the receipt showed 21-12-2027 beside 2026-12-21 on the card, and nationalities as codes).
 * Staff screens read Latin digits in both languages, as the counter always has.
 */
import { writtenDate } from '../../shared/domain/dates.ts';

/** ISO 3166 alpha-3 (the registry's nationality codes) to alpha-2 (what Intl names). */
const ALPHA2: Readonly<Record<string, string>> = {
  AFG: 'AF', BGD: 'BD', EGY: 'EG', ETH: 'ET', GBR: 'GB', IDN: 'ID', IND: 'IN', JOR: 'JO', KEN: 'KE', LBN: 'LB', LKA: 'LK',
  MAR: 'MA', MMR: 'MM', NGA: 'NG', NPL: 'NP', PAK: 'PK', PHL: 'PH', SAU: 'SA', SDN: 'SD', SOM: 'SO', SYR: 'SY', TUR: 'TR',
  UGA: 'UG', USA: 'US', YEM: 'YE', ERI: 'ER', TCD: 'TD', TZA: 'TZ', KAZ: 'KZ', UZB: 'UZ', IRQ: 'IQ', PSE: 'PS', TUN: 'TN', DZA: 'DZ',
};

const staffLocale = (language: string): string => (language === 'ar' ? 'ar-u-ca-gregory-nu-latn' : 'en-GB');

/** A nationality's name in the officer's language ("Pakistan", "باكستان"); the code itself when unknown. */
export function countryName(code: string, language: string): string {
  const region = ALPHA2[code.toUpperCase()] ?? (code.length === 2 ? code.toUpperCase() : null);
  if (!region) return code;
  try {
    return new Intl.DisplayNames([staffLocale(language)], { type: 'region', fallback: 'none' }).of(region) ?? code;
  } catch {
    return code;
  }
}

/** A calendar day (YYYY-MM-DD) as the desk shows it: "21 December 2027", "21 ديسمبر 2027". */
export const formatDay = writtenDate;

/** A moment as the desk shows it: the same day format, then the office's clock time. */
export function formatMoment(at: number, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(staffLocale(language), { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }).format(at);
}

/**
 * Numbers, durations, shares and times as the console writes them, in the supervisor's
 * language. Digits stay Latin in Arabic too (the directorate's reports use them, and they
 * line up in tables); times are the office's.
 */
import { useMemo } from 'preact/hooks';
import { useI18n } from '../shared/ui/I18nProvider.tsx';

export interface Formats {
  readonly locale: string;
  /** 1,234 */
  readonly count: (n: number | null | undefined) => string;
  /** 12.3 (one decimal), or "—" */
  readonly decimal: (n: number | null | undefined, digits?: number) => string;
  /** 0.853 → 85.3 % */
  readonly percent: (share: number | null | undefined, digits?: number) => string;
  /** minutes → "12.5 min" */
  readonly minutes: (m: number | null | undefined) => string;
  /** hours → "12.5 h" */
  readonly hours: (h: number | null | undefined) => string;
  /** SAR 1,234 */
  readonly money: (sar: number | null | undefined) => string;
  /** 14:05 in the office's zone */
  readonly clock: (ms: number) => string;
  /** 3 Mar 2026 */
  readonly date: (day: string) => string;
  /** 3 Mar */
  readonly shortDate: (day: string) => string;
}

export const NONE = '—';

export function useFormats(timeZone = 'Asia/Riyadh'): Formats {
  const { language } = useI18n();
  return useMemo(() => formatsFor(language, timeZone), [language, timeZone]);
}

export function formatsFor(language: string, timeZone: string): Formats {
  const locale = language === 'ar' ? 'ar-SA-u-nu-latn-ca-gregory' : 'en-GB';
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  const clockFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  const dateFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const shortFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const missing = (n: number | null | undefined): n is null | undefined => n === null || n === undefined || !Number.isFinite(n);
  const decimal = (n: number | null | undefined, digits = 1): string =>
    missing(n) ? NONE : new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
  const unit = language === 'ar' ? { min: 'دقيقة', h: 'ساعة', sar: 'ريال' } : { min: 'min', h: 'h', sar: 'SAR' };
  return {
    locale,
    count: (n) => (missing(n) ? NONE : integer.format(n)),
    decimal,
    percent: (share, digits = 1) => (missing(share) ? NONE : `${decimal(share * 100, digits)}\u00a0%`),
    minutes: (m) => (missing(m) ? NONE : `${oneDecimal.format(m)}\u00a0${unit.min}`),
    hours: (h) => (missing(h) ? NONE : `${oneDecimal.format(h)}\u00a0${unit.h}`),
    money: (sar) => (missing(sar) ? NONE : language === 'ar' ? `${integer.format(sar)}\u00a0${unit.sar}` : `${unit.sar}\u00a0${integer.format(sar)}`),
    clock: (ms) => clockFormat.format(ms),
    date: (day) => dateFormat.format(Date.parse(`${day}T00:00:00Z`)),
    shortDate: (day) => shortFormat.format(Date.parse(`${day}T00:00:00Z`)),
  };
}

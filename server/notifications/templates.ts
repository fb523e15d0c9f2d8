/**
 * What each notification says, per language (issue 11). A message is stored as a template
 * and its parameters and rendered here when it is sent, in the recipient's language
 * (Arabic unless they chose another). Personal data is minimised: a number appears as its
 * last four digits, never a whole record. Whole sentences per language, so a native
 * speaker can review each; counts go through the language's plural rules.
 */
import { writtenDate } from '../../shared/domain/dates.ts';

export const TEMPLATE_IDS = ['securityCode', 'transactionNotice'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
export type MessageLanguage = 'ar' | 'en';

export function isTemplateId(value: string): value is TemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(value);
}

/**
 * How the delivery worker treats a template (delivery.ts, quiet hours and per-recipient
 * limits); every template must say which it is.
 * - `code`: a one-time security code, needed now: never held, never counted or limited.
 * - `turn`: a ticket's "your turn is near": useless late, so never held or limited (it
 *   expires with the turn instead).
 * - `notice`: tells of something that just happened (a transaction done): sent at any
 *   hour, but counted and limited per recipient.
 * - `reminder`: a scheduler's notice of something coming (an expiry): held during quiet
 *   hours, counted and limited per recipient.
 */
export type TemplateKind = 'code' | 'turn' | 'notice' | 'reminder';

export const TEMPLATE_KIND: Readonly<Record<TemplateId, TemplateKind>> = {
  securityCode: 'code',
  transactionNotice: 'notice',
};

/** An e-mail's subject line per template and language. */
const SUBJECT: Readonly<Record<TemplateId, Readonly<Record<MessageLanguage, string>>>> = {
  securityCode: { ar: 'رمز التحقق من الجوازات', en: 'Jawazat security code' },
  transactionNotice: { ar: 'الجوازات: إنجاز معاملة', en: 'Jawazat: a transaction was completed' },
};

/** The subject of the message as an e-mail, in its language (Arabic for a language it has no text in). */
export function subject(template: TemplateId, language: string): string {
  return SUBJECT[template][language === 'en' ? 'en' : 'ar'];
}

/** "5 دقائق", "1 minute": the count with the word its plural form needs (Arabic after لمدة: the dual in the genitive). */
function minutes(count: number, language: MessageLanguage): string {
  const form = new Intl.PluralRules(language).select(count);
  if (language === 'ar') {
    const word = { zero: 'دقيقة', one: 'دقيقة واحدة', two: 'دقيقتين', few: 'دقائق', many: 'دقيقة', other: 'دقيقة' }[form];
    return form === 'one' || form === 'two' ? word : `${count} ${word}`;
  }
  return `${count} ${form === 'one' ? 'minute' : 'minutes'}`;
}

const text = (params: Readonly<Record<string, unknown>>, key: string): string => {
  const value = params[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
};

/** The `day` parameter (YYYY-MM-DD) written out: "3 December 2026", "3 ديسمبر 2026". */
const day = (params: Readonly<Record<string, unknown>>, language: MessageLanguage): string => writtenDate(text(params, 'day'), language);

/** The last four digits of a number, as messages name people. */
export function lastFour(number: string): string {
  return `…${number.slice(-4)}`;
}

const RENDER: Readonly<Record<TemplateId, Readonly<Record<MessageLanguage, (p: Readonly<Record<string, unknown>>) => string>>>> = {
  securityCode: {
    ar: (p) => `رمز التحقق من الجوازات: ${text(p, 'code')}. صالح لمدة ${minutes(Number(p.minutes ?? 5), 'ar')}. لا تعطه إلا لموظف الجوازات أمامك.`,
    en: (p) => `Jawazat security code: ${text(p, 'code')}. Valid for ${minutes(Number(p.minutes ?? 5), 'en')}. Give it only to the passport officer in front of you.`,
  },
  // To a sponsor or head of family when a counter transaction changed their worker's or dependant's record.
  transactionNotice: {
    ar: (p) => `الجوازات: أُنجزت معاملة "${text(p, 'serviceAr')}" للمقيم رقم ${text(p, 'person')} في ${text(p, 'officeAr')} بتاريخ ${day(p, 'ar')}.`,
    en: (p) => `Jawazat: "${text(p, 'serviceEn')}" was completed for resident ${text(p, 'person')} at ${text(p, 'officeEn')} on ${day(p, 'en')}.`,
  },
};

/** The message's text in its language (Arabic for a language it has no text in). */
export function render(template: TemplateId, params: Readonly<Record<string, unknown>>, language: string): string {
  const lang: MessageLanguage = language === 'en' ? 'en' : 'ar';
  return RENDER[template][lang](params);
}

/** The same text with what only the recipient may read (a code) hidden, for the console. */
export function renderForStaff(template: TemplateId, params: Readonly<Record<string, unknown>>, language: string): string {
  return render(template, template === 'securityCode' ? { ...params, code: '••••••' } : params, language);
}

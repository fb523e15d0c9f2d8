/**
 * What each notification says, per language (issue 11). A message is stored as a template
 * and its parameters and rendered here when it is sent, in the recipient's language
 * (Arabic unless they chose another). Personal data is minimised: a number appears as its
 * last four digits, never a whole record. Whole sentences per language, so a native
 * speaker can review each; counts go through the language's plural rules.
 */
import { writtenDate } from '../../shared/domain/dates.ts';

export const TEMPLATE_IDS = [
  'securityCode', 'transactionNotice',
  // To an establishment that subscribed to the holder's number (server/establishments/).
  'passportExpiring', 'iqamaExpiring', 'iqamaExpired', 'reentryExpired', 'borderEntry', 'borderExit', 'passportRenewed', 'visaIssued',
  'visaStatusChanged',
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
export type MessageLanguage = 'ar' | 'en';

export function isTemplateId(value: string): value is TemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(value);
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

/** A visa's kind and status as the establishment templates name them: [English, Arabic]. */
const VISA_KINDS: Readonly<Record<string, readonly [string, string]>> = {
  exitReentrySingle: ['exit and re-entry visa (single)', 'تأشيرة خروج وعودة مفردة'],
  exitReentryMultiple: ['exit and re-entry visa (multiple)', 'تأشيرة خروج وعودة متعددة'],
  finalExit: ['final exit visa', 'تأشيرة خروج نهائي'],
};
const VISA_STATUSES: Readonly<Record<string, readonly [string, string]>> = {
  issued: ['valid', 'سارية'],
  used: ['used', 'مستخدمة'],
  cancelled: ['cancelled', 'ملغاة'],
  expired: ['expired', 'منتهية'],
};
const named = (names: Readonly<Record<string, readonly [string, string]>>, value: string, language: MessageLanguage): string =>
  names[value]?.[language === 'en' ? 0 : 1] ?? value;

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
  // The establishment templates name the person as "the holder of number …1234": a resident's iqama or a visitor's border number.
  passportExpiring: {
    ar: (p) => `الجوازات: ينتهي جواز سفر حامل الرقم ${text(p, 'person')} بتاريخ ${day(p, 'ar')}. يُرجى تجديده قبل ذلك.`,
    en: (p) => `Jawazat: the passport of the holder of number ${text(p, 'person')} expires on ${day(p, 'en')}. Please have it renewed before then.`,
  },
  iqamaExpiring: {
    ar: (p) => `الجوازات: تنتهي إقامة حامل الرقم ${text(p, 'person')} بتاريخ ${day(p, 'ar')}. جدّدها قبل ذلك لتجنّب غرامة التأخير.`,
    en: (p) => `Jawazat: the iqama of the holder of number ${text(p, 'person')} expires on ${day(p, 'en')}. Renew it before then to avoid the late-renewal fine.`,
  },
  iqamaExpired: {
    ar: (p) => `الجوازات: مخالفة: انتهت إقامة حامل الرقم ${text(p, 'person')} بتاريخ ${day(p, 'ar')} ولم تُجدَّد.`,
    en: (p) => `Jawazat: violation: the iqama of the holder of number ${text(p, 'person')} expired on ${day(p, 'en')} and has not been renewed.`,
  },
  reentryExpired: {
    ar: (p) => `الجوازات: مخالفة: انتهت مدة تأشيرة الخروج والعودة لحامل الرقم ${text(p, 'person')} بتاريخ ${day(p, 'ar')} وهو لا يزال خارج المملكة.`,
    en: (p) => `Jawazat: violation: the exit and re-entry visa of the holder of number ${text(p, 'person')} ran out on ${day(p, 'en')} while they are still outside the Kingdom.`,
  },
  borderEntry: {
    ar: (p) => `الجوازات: دخل حامل الرقم ${text(p, 'person')} المملكة بتاريخ ${day(p, 'ar')}.`,
    en: (p) => `Jawazat: the holder of number ${text(p, 'person')} entered the Kingdom on ${day(p, 'en')}.`,
  },
  borderExit: {
    ar: (p) => `الجوازات: غادر حامل الرقم ${text(p, 'person')} المملكة بتاريخ ${day(p, 'ar')}.`,
    en: (p) => `Jawazat: the holder of number ${text(p, 'person')} left the Kingdom on ${day(p, 'en')}.`,
  },
  passportRenewed: {
    ar: (p) => `الجوازات: سُجّل جواز سفر جديد لحامل الرقم ${text(p, 'person')}، وينتهي بتاريخ ${day(p, 'ar')}.`,
    en: (p) => `Jawazat: a new passport was recorded for the holder of number ${text(p, 'person')}; it expires on ${day(p, 'en')}.`,
  },
  visaIssued: {
    ar: (p) => `الجوازات: صدرت ${named(VISA_KINDS, text(p, 'visaKind'), 'ar')} لحامل الرقم ${text(p, 'person')}، صالحة حتى ${day(p, 'ar')}.`,
    en: (p) => `Jawazat: a visa was issued for the holder of number ${text(p, 'person')}: ${named(VISA_KINDS, text(p, 'visaKind'), 'en')}, valid until ${day(p, 'en')}.`,
  },
  visaStatusChanged: {
    ar: (p) => `الجوازات: أصبحت ${named(VISA_KINDS, text(p, 'visaKind'), 'ar')} لحامل الرقم ${text(p, 'person')} ${named(VISA_STATUSES, text(p, 'visaStatus'), 'ar')} بتاريخ ${day(p, 'ar')}.`,
    en: (p) => `Jawazat: the ${named(VISA_KINDS, text(p, 'visaKind'), 'en')} of the holder of number ${text(p, 'person')} is ${named(VISA_STATUSES, text(p, 'visaStatus'), 'en')} as of ${day(p, 'en')}.`,
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

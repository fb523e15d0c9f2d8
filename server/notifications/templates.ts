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
  // To a waiting resident who left a mobile at the kiosk (ticketNotices.ts).
  'ticketLink', 'turnNear',
  // To an establishment that subscribed to the holder's number (server/establishments/).
  'passportExpiring', 'iqamaExpiring', 'iqamaExpired', 'reentryExpired', 'borderEntry', 'borderExit', 'passportRenewed', 'visaIssued',
  'visaStatusChanged',
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
export type MessageLanguage = 'ar' | 'en';
/** Ticket notices go in the kiosk language the resident used: all eight. */
export type KioskLanguage = MessageLanguage | 'ur' | 'hi' | 'bn' | 'tl' | 'id' | 'ml';

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
  // A waiting resident's ticket link and "your turn is near": at once, whatever the hour; the ticket expires with its day.
  ticketLink: 'turn',
  turnNear: 'turn',
  // The daily scan's: reminders (they wait out the quiet hours).
  passportExpiring: 'reminder',
  iqamaExpiring: 'reminder',
  iqamaExpired: 'reminder',
  reentryExpired: 'reminder',
  // An event on the record (a border crossing, a counter transaction): notices.
  borderEntry: 'notice',
  borderExit: 'notice',
  passportRenewed: 'notice',
  visaIssued: 'notice',
  visaStatusChanged: 'notice',
};

/** An e-mail's subject line per template and language. */
const SUBJECT: Readonly<Record<TemplateId, Readonly<Record<MessageLanguage, string>>>> = {
  securityCode: { ar: 'رمز التحقق من الجوازات', en: 'Jawazat security code' },
  transactionNotice: { ar: 'الجوازات: إنجاز معاملة', en: 'Jawazat: a transaction was completed' },
  ticketLink: { ar: 'الجوازات: رابط متابعة دورك', en: 'Jawazat: follow your turn' },
  turnNear: { ar: 'الجوازات: اقترب دورك', en: 'Jawazat: your turn is near' },
  passportExpiring: { ar: 'الجوازات: جواز سفر يقترب انتهاؤه', en: 'Jawazat: a passport expires soon' },
  iqamaExpiring: { ar: 'الجوازات: إقامة يقترب انتهاؤها', en: 'Jawazat: an iqama expires soon' },
  iqamaExpired: { ar: 'الجوازات: مخالفة: إقامة منتهية', en: 'Jawazat: violation: an expired iqama' },
  reentryExpired: { ar: 'الجوازات: مخالفة: تأشيرة خروج وعودة منتهية', en: 'Jawazat: violation: an exit and re-entry visa ran out' },
  borderEntry: { ar: 'الجوازات: دخول إلى المملكة', en: 'Jawazat: an entry into the Kingdom' },
  borderExit: { ar: 'الجوازات: مغادرة المملكة', en: 'Jawazat: an exit from the Kingdom' },
  passportRenewed: { ar: 'الجوازات: جواز سفر جديد', en: 'Jawazat: a new passport' },
  visaIssued: { ar: 'الجوازات: إصدار تأشيرة', en: 'Jawazat: a visa was issued' },
  visaStatusChanged: { ar: 'الجوازات: تغيّر حالة تأشيرة', en: 'Jawazat: a visa changed status' },
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

type Render = (p: Readonly<Record<string, unknown>>) => string;
/** Every template in Arabic and English; ticket notices in every kiosk language too. */
type Texts = Readonly<Record<MessageLanguage, Render>> & Readonly<Partial<Record<KioskLanguage, Render>>>;

const RENDER: Readonly<Record<TemplateId, Texts>> = {
  securityCode: {
    ar: (p) => `رمز التحقق من الجوازات: ${text(p, 'code')}. صالح لمدة ${minutes(Number(p.minutes ?? 5), 'ar')}. لا تعطه إلا لموظف الجوازات أمامك.`,
    en: (p) => `Jawazat security code: ${text(p, 'code')}. Valid for ${minutes(Number(p.minutes ?? 5), 'en')}. Give it only to the passport officer in front of you.`,
  },
  // To a sponsor or head of family when a counter transaction changed their worker's or dependant's record.
  transactionNotice: {
    ar: (p) => `الجوازات: أُنجزت معاملة "${text(p, 'serviceAr')}" للمقيم رقم ${text(p, 'person')} في ${text(p, 'officeAr')} بتاريخ ${day(p, 'ar')}.`,
    en: (p) => `Jawazat: "${text(p, 'serviceEn')}" was completed for resident ${text(p, 'person')} at ${text(p, 'officeEn')} on ${day(p, 'en')}.`,
  },
  // To a waiting resident who left a mobile at the kiosk, at once: the ticket's status page (with the key to answer from it).
  ticketLink: {
    ar: (p) => `الجوازات: رقم تذكرتك ${text(p, 'number')}. تابع دورك من هنا: ${text(p, 'link')}`,
    en: (p) => `Jawazat: your ticket number is ${text(p, 'number')}. Follow your turn here: ${text(p, 'link')}`,
    ur: (p) => `جوازات: آپ کا ٹکٹ نمبر ${text(p, 'number')} ہے۔ اپنی باری یہاں دیکھیں: ${text(p, 'link')}`,
    hi: (p) => `जवाज़ात: आपका टिकट नंबर ${text(p, 'number')} है। अपनी बारी यहाँ देखें: ${text(p, 'link')}`,
    bn: (p) => `জাওয়াজাত: আপনার টিকিট নম্বর ${text(p, 'number')}। আপনার পালা এখানে দেখুন: ${text(p, 'link')}`,
    tl: (p) => `Jawazat: ang numero ng tiket mo ay ${text(p, 'number')}. Subaybayan ang iyong turno rito: ${text(p, 'link')}`,
    id: (p) => `Jawazat: nomor tiket Anda ${text(p, 'number')}. Pantau giliran Anda di sini: ${text(p, 'link')}`,
    ml: (p) => `ജവാസാത്ത്: നിങ്ങളുടെ ടിക്കറ്റ് നമ്പർ ${text(p, 'number')}. നിങ്ങളുടെ ഊഴം ഇവിടെ അറിയാം: ${text(p, 'link')}`,
  },
  // Once, when the place or the estimate reaches the office's setting; dropped if the ticket is called first.
  turnNear: {
    ar: (p) => `الجوازات: اقترب دورك (التذكرة ${text(p, 'number')}). نرجو العودة إلى المكتب الآن. ${text(p, 'link')}`,
    en: (p) => `Jawazat: your turn is near (ticket ${text(p, 'number')}). Please come back to the office now. ${text(p, 'link')}`,
    ur: (p) => `جوازات: آپ کی باری قریب ہے (ٹکٹ ${text(p, 'number')})۔ براہِ کرم ابھی دفتر واپس آئیں۔ ${text(p, 'link')}`,
    hi: (p) => `जवाज़ात: आपकी बारी आने वाली है (टिकट ${text(p, 'number')})। कृपया अभी कार्यालय लौट आएँ। ${text(p, 'link')}`,
    bn: (p) => `জাওয়াজাত: আপনার পালা কাছে এসেছে (টিকিট ${text(p, 'number')})। অনুগ্রহ করে এখনই অফিসে ফিরে আসুন। ${text(p, 'link')}`,
    tl: (p) => `Jawazat: malapit na ang iyong turno (tiket ${text(p, 'number')}). Mangyaring bumalik na sa opisina. ${text(p, 'link')}`,
    id: (p) => `Jawazat: giliran Anda sudah dekat (tiket ${text(p, 'number')}). Silakan kembali ke kantor sekarang. ${text(p, 'link')}`,
    ml: (p) => `ജവാസാത്ത്: നിങ്ങളുടെ ഊഴം അടുത്തെത്തി (ടിക്കറ്റ് ${text(p, 'number')}). ദയവായി ഇപ്പോൾ ഓഫീസിലേക്ക് മടങ്ങി വരൂ. ${text(p, 'link')}`,
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
  const texts = RENDER[template];
  return (texts[language as KioskLanguage] ?? texts.ar)(params);
}

/** The same text with what only the recipient may read (a code, a ticket link's key) hidden, for the console. */
export function renderForStaff(template: TemplateId, params: Readonly<Record<string, unknown>>, language: string): string {
  const hidden = {
    ...params,
    ...(template === 'securityCode' ? { code: '••••••' } : {}),
    // A ticket's link without its key, which only the resident's phone may hold.
    ...(typeof params.path === 'string' ? { link: params.path.replace(/#.*$/, '#…') } : {}),
  };
  return render(template, hidden, language);
}

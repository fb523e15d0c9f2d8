/**
 * The few words the store itself writes for people, in Arabic and English: service names
 * (on the receipt page and in exports), service groups, ticket states and shifts (in
 * exports). The apps carry all eight languages in shared/i18n; the server never imports
 * UI strings, so what it prints itself lives here, once.
 */
export type StaffLanguage = 'ar' | 'en';

/** [English, Arabic] per catalogue service. */
export const SERVICE_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  'iqama.issue': ['Iqama issue', 'إصدار إقامة'],
  'iqama.renew': ['Iqama renewal', 'تجديد إقامة'],
  'exitReentry.single': ['Exit and re-entry visa (single)', 'تأشيرة خروج وعودة (مفردة)'],
  'exitReentry.multiple': ['Exit and re-entry visa (multiple)', 'تأشيرة خروج وعودة (متعددة)'],
  'exitReentry.cancel': ['Exit and re-entry visa cancellation', 'إلغاء تأشيرة خروج وعودة'],
  'exitReentry.reprint': ['Exit and re-entry visa reprint', 'إعادة طباعة تأشيرة خروج وعودة'],
  'finalExit.issue': ['Final exit visa', 'تأشيرة خروج نهائي'],
  'finalExit.cancel': ['Final exit visa cancellation', 'إلغاء تأشيرة خروج نهائي'],
  'finalExit.reprint': ['Final exit visa reprint', 'إعادة طباعة تأشيرة خروج نهائي'],
  'profession.change': ['Profession change', 'تعديل مهنة'],
  'sponsorship.transfer': ['Sponsorship transfer', 'نقل خدمات'],
  'parcel.add': ['Iqama delivery by post', 'توصيل الإقامة بالبريد'],
  'query.resident': ['Resident enquiry', 'استعلام عن مقيم'],
  'query.visa': ['Visa enquiry', 'استعلام عن تأشيرة'],
  'query.drivingLicence': ['Driving licence enquiry', 'استعلام عن رخصة القيادة'],
};

const GROUPS: Readonly<Record<string, readonly [string, string]>> = {
  residence: ['Iqama (residence)', 'الإقامة'],
  exitReentry: ['Exit & re-entry visa', 'تأشيرة الخروج والعودة'],
  finalExit: ['Final exit', 'الخروج النهائي'],
  employment: ['Profession & sponsorship', 'المهنة ونقل الكفالة'],
  enquiries: ['Enquiries', 'الاستعلامات'],
};

const STATUSES: Readonly<Record<string, readonly [string, string]>> = {
  waiting: ['waiting', 'في الانتظار'],
  called: ['called', 'تم النداء'],
  serving: ['being served', 'قيد الخدمة'],
  parked: ['set aside', 'معلّقة'],
  done: ['served', 'تمت خدمته'],
  noShow: ['no-show', 'لم يحضر'],
  cancelled: ['left / cancelled', 'غادر / أُلغيت'],
  completed: ['completed', 'منجزة'],
  refused: ['refused', 'مرفوضة'],
};

const SHIFTS: Readonly<Record<string, readonly [string, string]>> = {
  morning: ['morning', 'صباحية'],
  evening: ['evening', 'مسائية'],
};

const pick = (table: Readonly<Record<string, readonly [string, string]>>, key: string, language: StaffLanguage): string => {
  const words = table[key];
  return words ? (language === 'ar' ? words[1] : words[0]) : key;
};

export const serviceName = (id: string, language: StaffLanguage): string => pick(SERVICE_NAMES, id, language);
export const groupName = (id: string, language: StaffLanguage): string => pick(GROUPS, id, language);
export const statusName = (id: string, language: StaffLanguage): string => pick(STATUSES, id, language);
export const shiftName = (id: string, language: StaffLanguage): string => pick(SHIFTS, id, language);
export const yesNo = (value: boolean, language: StaffLanguage): string => (language === 'ar' ? (value ? 'نعم' : 'لا') : value ? 'yes' : 'no');

/** Notification texts: whole sentences per language, counts in their plural forms, dates written out, nothing but last digits. */
import { describe, expect, it } from 'vitest';
import { render, renderForStaff, TEMPLATE_IDS, TEMPLATE_KIND } from './templates.ts';

describe('notification templates', () => {
  it('writes a security code in Arabic (the default) and English, with the minutes in their plural form', () => {
    expect(render('securityCode', { code: '123456', minutes: 5 }, 'ar')).toBe('رمز التحقق من الجوازات: 123456. صالح لمدة 5 دقائق. لا تعطه إلا لموظف الجوازات أمامك.');
    expect(render('securityCode', { code: '123456', minutes: 11 }, 'ar')).toContain('11 دقيقة');
    expect(render('securityCode', { code: '123456', minutes: 2 }, 'ar')).toContain('لمدة دقيقتين');
    expect(render('securityCode', { code: '123456', minutes: 1 }, 'en')).toContain('Valid for 1 minute.');
    expect(render('securityCode', { code: '123456', minutes: 5 }, 'ur')).toMatch(/^رمز التحقق/); // no Urdu text yet: Arabic
    expect(renderForStaff('securityCode', { code: '123456', minutes: 5 }, 'en')).not.toContain('123456');
  });

  it('tells a sponsor what was done for whom by the last four digits, and when, in their language', () => {
    const params = { serviceAr: 'تجديد إقامة', serviceEn: 'Iqama renewal', person: '…4321', officeAr: 'مكتب الرياض', officeEn: 'Riyadh office', day: '2026-12-03' };
    expect(render('transactionNotice', params, 'en')).toBe('Jawazat: "Iqama renewal" was completed for resident …4321 at Riyadh office on 3 December 2026.');
    expect(render('transactionNotice', params, 'ar')).toBe('الجوازات: أُنجزت معاملة "تجديد إقامة" للمقيم رقم …4321 في مكتب الرياض بتاريخ 3 ديسمبر 2026.');
  });

  it('writes every establishment notice as a whole sentence in Arabic and English, the person by the last four digits only', () => {
    const params = { person: '…4321', day: '2026-12-03', visaKind: 'finalExit', visaStatus: 'cancelled' };
    for (const template of TEMPLATE_IDS.filter((t) => TEMPLATE_KIND[t] === 'notice' || TEMPLATE_KIND[t] === 'reminder').filter((t) => t !== 'transactionNotice')) {
      const en = render(template, params, 'en');
      const ar = render(template, params, 'ar');
      expect(en, template).toMatch(/^Jawazat: .*…4321.*3 December 2026.*\.$/);
      expect(ar, template).toMatch(/^الجوازات: .*…4321.*3 ديسمبر 2026.*\.$/);
      expect(`${en}${ar}`, template).not.toMatch(/undefined|finalExit|cancelled\b.*cancelled/);
    }
    expect(render('visaStatusChanged', params, 'en')).toBe('Jawazat: the final exit visa of the holder of number …4321 is cancelled as of 3 December 2026.');
    expect(render('visaStatusChanged', params, 'ar')).toBe('الجوازات: أصبحت تأشيرة خروج نهائي لحامل الرقم …4321 ملغاة بتاريخ 3 ديسمبر 2026.');
  });

  it('texts a waiting resident their link and "turn near" in the kiosk language, the console never sees the key', () => {
    const params = { number: 'M1-042', link: 'https://jawazat.example/t/ABCDEFGHJK#KEYKEYKEYKEYKEY2' };
    for (const language of ['ar', 'en', 'ur', 'hi', 'bn', 'tl', 'id', 'ml']) {
      for (const template of ['ticketLink', 'turnNear'] as const) {
        const text = render(template, params, language);
        expect(text, `${template} ${language}`).toContain('M1-042');
        expect(text, `${template} ${language}`).toContain(params.link);
      }
    }
    expect(render('turnNear', params, 'ur')).toMatch(/^جوازات: آپ کی باری قریب ہے/);
    expect(render('turnNear', params, 'xx')).toMatch(/^الجوازات: اقترب دورك/);
    expect(renderForStaff('ticketLink', { number: 'M1-042', path: '/t/ABCDEFGHJK#KEYKEYKEYKEYKEY2' }, 'en')).not.toContain('KEYKEY');
  });
});

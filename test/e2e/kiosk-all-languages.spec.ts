/**
 * The whole resident path in each of the eight languages on the built app: language,
 * section, service group, service, a mistyped identity number refused in that language,
 * ticket, printed once, with the page's language and direction set
 * and the resident's text (not English) on the ticket screen.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnrollPage } from './pages/EnrollPage.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { expect, test } from './support/fixtures.ts';

const LOCALES = join(import.meta.dirname, '../../shared/i18n/locales');
const LANGUAGES = [
  { code: 'ar', name: 'العربية', rtl: true },
  { code: 'en', name: 'English', rtl: false },
  { code: 'ur', name: 'اردو', rtl: true },
  { code: 'hi', name: 'हिन्दी', rtl: false },
  { code: 'bn', name: 'বাংলা', rtl: false },
  { code: 'tl', name: 'Filipino', rtl: false },
  { code: 'id', name: 'Bahasa Indonesia', rtl: false },
  { code: 'ml', name: 'മലയാളം', rtl: false },
] as const;

interface KioskStrings {
  service: { groups: { enquiries: { name: string } } };
  ticket: { yourNumber: string };
  identify: { problems: { checksum: string } };
}
interface ServiceStrings {
  catalog: { query: { resident: string } };
}

/** Fails the Luhn check (the right one ends in 8). */
const WRONG_NUMBER = '1000000007';

test('a ticket in each of the eight languages', async ({ admin, newDevice }) => {
  const { page } = await newDevice();
  await new EnrollPage(page).enroll('kiosk', (await admin.createEnrollment('kiosk')).code);
  const kiosk = new KioskPage(page);
  const html = page.locator('html');
  for (const lang of LANGUAGES) {
    await test.step(lang.name, async () => {
      const strings = JSON.parse(readFileSync(join(LOCALES, lang.code, 'kiosk.json'), 'utf8')) as KioskStrings;
      const services = JSON.parse(readFileSync(join(LOCALES, lang.code, 'services.json'), 'utf8')) as ServiceStrings;
      const prints = await kiosk.printCount();
      await kiosk.chooseLanguage(lang.name);
      await expect(html).toHaveAttribute('lang', lang.code);
      await expect(html).toHaveAttribute('dir', lang.rtl ? 'rtl' : 'ltr');
      await page.locator('.choice').first().click(); // the first section, whatever its name in this language
      await page.getByRole('button', { name: strings.service.groups.enquiries.name }).click();
      await page.getByRole('button', { name: services.catalog.query.resident }).click();
      // A mistyped number is refused in the resident's language; they may skip it.
      await kiosk.giveNumber(WRONG_NUMBER);
      await expect(kiosk.numberProblem).toHaveText(strings.identify.problems.checksum);
      await kiosk.giveNumber();
      await expect(kiosk.ticketNumber).toHaveText(/^[A-Z]\d+-\d{3,5}$/);
      await expect(page.getByRole('heading', { name: strings.ticket.yourNumber })).toBeVisible();
      await expect.poll(() => kiosk.printCount()).toBe(prints + 1);
      await page.locator('.ticket-screen__actions .button--primary').click(); // "Done", in this language
      await expect(kiosk.languageButton('English')).toBeVisible();
    });
  }
});

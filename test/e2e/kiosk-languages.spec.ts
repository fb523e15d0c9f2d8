/**
 * The kiosk speaks the resident's language in the right direction: Arabic and Urdu
 * right-to-left, English left-to-right, each switched with one tap; the ticket number
 * stays left-to-right inside right-to-left text. The phone page follows the phone.
 */
import { EnrollPage } from './pages/EnrollPage.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { TicketStatusPage } from './pages/TicketStatusPage.ts';
import { expect, test } from './support/fixtures.ts';

test('Arabic and Urdu are right-to-left, English left-to-right', async ({ admin, newDevice }) => {
  const { page } = await newDevice();
  await new EnrollPage(page).enroll('kiosk', (await admin.createEnrollment('kiosk')).code);
  const kiosk = new KioskPage(page);
  const html = page.locator('html');

  await kiosk.chooseLanguage('العربية');
  await expect(html).toHaveAttribute('dir', 'rtl');
  await expect(html).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { name: 'اختر القسم' })).toBeVisible();
  await page.getByRole('button', { name: 'رجوع' }).click();

  await kiosk.chooseLanguage('اردو');
  await expect(html).toHaveAttribute('dir', 'rtl');
  await expect(html).toHaveAttribute('lang', 'ur');
  await expect(page.getByRole('heading', { name: 'سیکشن منتخب کریں' })).toBeVisible();
  await page.getByRole('button', { name: 'واپس' }).click();

  await kiosk.chooseLanguage('English');
  await expect(html).toHaveAttribute('dir', 'ltr');
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Choose a section' })).toBeVisible();
  await page.getByRole('button', { name: 'Back' }).click();

  // A whole ticket in Arabic: the number reads left to right inside the right-to-left page.
  await kiosk.chooseLanguage('العربية');
  await page.getByRole('button', { name: 'الرجال' }).click();
  await page.getByRole('button', { name: /الاستعلامات/ }).click();
  await kiosk.chooseTransaction();
  await kiosk.giveNumber();
  await expect(kiosk.ticketNumber).toHaveText(/^M\d{1,2}-\d{3}$/);
  await expect(kiosk.ticketNumber).toHaveAttribute('dir', 'ltr');
  await expect(page.getByText('يمكنك التسوق أثناء الانتظار. امسح الرمز لمتابعة دورك.')).toBeVisible();
  await page.getByRole('button', { name: 'تم' }).click();
  await expect(html).toHaveAttribute('lang', 'ar'); // back at rest in Arabic
});

test('the phone page picks the phone language and can switch', async ({ browser, server }) => {
  const context = await browser.newContext({ baseURL: server.url, locale: 'ur-PK' });
  try {
    const page = await context.newPage();
    const status = new TicketStatusPage(page);
    await status.open('ABCDEFGHJK');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ur');
    await page.getByRole('combobox').selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('heading', { name: 'Ticket not found yet' })).toBeVisible();
  } finally {
    await context.close();
  }
});

/**
 * axe-core on every kiosk screen, in Arabic and in English, and on the phone page: no
 * serious or critical violation (contrast, names of buttons and images, landmarks,
 * language and direction of the page). Minor findings are listed in the failure message
 * of any serious one, to help whoever fixes it.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { EnrollPage } from './pages/EnrollPage.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { TicketStatusPage } from './pages/TicketStatusPage.ts';
import { expect, test } from './support/fixtures.ts';
import { KioskApi } from './support/kioskApi.ts';

async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const describe = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(describe, `axe on ${screen}`).toEqual([]);
}

for (const language of [
  { name: 'العربية', section: /الرجال/, service: /الاستعلامات/, appointment: /لدي موعد/, back: 'رجوع', done: 'تم', label: 'Arabic' },
  { name: 'English', section: /^Men's section/, service: /Enquiries/, appointment: /I have an appointment/, back: 'Back', done: 'Done', label: 'English' },
] as const) {
  test(`kiosk screens have no serious accessibility violations (${language.label})`, async ({ admin, newDevice }) => {
    const { page } = await newDevice();
    await page.clock.install();
    await new EnrollPage(page).enroll('kiosk', (await admin.createEnrollment('kiosk')).code);
    const kiosk = new KioskPage(page);
    await expect(kiosk.languageButton('English')).toBeVisible();
    await expectNoSeriousViolations(page, 'language screen');
    await kiosk.chooseLanguage(language.name);
    await expectNoSeriousViolations(page, `${language.label} section screen`);
    await page.getByRole('button', { name: language.section }).click();
    await expectNoSeriousViolations(page, `${language.label} service screen`);
    await page.getByRole('button', { name: 'High contrast' }).or(page.getByRole('button', { name: 'تباين عالٍ' })).click();
    await expectNoSeriousViolations(page, `${language.label} service screen, high contrast`);
    await page.clock.runFor(40_000);
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await expectNoSeriousViolations(page, `${language.label} idle warning`);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: language.appointment }).click();
    await expect(page.locator('#booking-code')).toBeVisible();
    await expectNoSeriousViolations(page, `${language.label} booking code screen`);
    await page.locator('#booking-code').fill('ZZZZZZZZ');
    await page.keyboard.press('Enter');
    await expect(page.locator('#booking-code-problem')).not.toBeEmpty();
    await expectNoSeriousViolations(page, `${language.label} booking code screen, code not found`);
    await page.getByRole('button', { name: language.back, exact: true }).click();
    await page.getByRole('button', { name: language.service }).click();
    await expect(page.locator('.choice--catalog').first()).toBeVisible();
    await expectNoSeriousViolations(page, `${language.label} catalogue screen`);
    await kiosk.chooseTransaction();
    await expect(page.locator('#id-number')).toBeVisible();
    await expectNoSeriousViolations(page, `${language.label} identity number screen`);
    await kiosk.giveNumber('1000000007');
    await expect(kiosk.numberProblem).not.toBeEmpty();
    await expectNoSeriousViolations(page, `${language.label} identity number screen, wrong number`);
    await kiosk.giveNumber();
    await expect(kiosk.ticketNumber).toBeVisible();
    await expect(page.locator('svg[role="img"]:not([data-loading])')).toBeVisible(); // the QR code is drawn
    await expectNoSeriousViolations(page, `${language.label} ticket screen`);
  });
}

test('the phone page has no serious accessibility violations', async ({ admin, newDevice, request, server }) => {
  const kiosk = await KioskApi.enroll(request, server.url, admin);
  const [ticket] = await kiosk.issue(1, 'women');
  if (!ticket) throw new Error('no ticket');
  const { page } = await newDevice();
  const status = new TicketStatusPage(page);
  await status.open(ticket.publicCode);
  await expect(status.status).toHaveAttribute('data-status', 'waiting');
  await expectNoSeriousViolations(page, 'phone page (English)');
  await status.languageSelect.selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expectNoSeriousViolations(page, 'phone page (Arabic)');
});

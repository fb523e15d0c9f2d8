/**
 * What a resident meets at the kiosk beyond the basic path: a priority request (marked
 * on the ticket, for staff to confirm), the quoted wait and the Hijri date on the ticket,
 * numbers in the reader's numerals, larger text and high contrast, and the "are you
 * still there?" warning that gives at least 20 s before the screen starts over and
 * forgets the last person's choices. The clock is the page's, fast-forwarded.
 */
import { EnrollPage } from './pages/EnrollPage.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { expect, test } from './support/fixtures.ts';

test('priority, quoted wait, Hijri date, text size and contrast, and the idle warning', async ({ admin, newDevice }) => {
  const { page } = await newDevice();
  await page.clock.install();
  await new EnrollPage(page).enroll('kiosk', (await admin.createEnrollment('kiosk')).code);
  const kiosk = new KioskPage(page);
  const html = page.locator('html');

  await test.step('a priority ticket in Arabic: marked, quoted, dated in both calendars, Arabic numerals', async () => {
    await kiosk.chooseLanguage('العربية');
    await page.getByRole('button', { name: 'الرجال' }).click();
    const elderly = page.getByRole('button', { name: 'كبار السن (٦٠ عامًا فأكثر)' });
    await elderly.click();
    await expect(elderly).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: /الاستعلامات/ }).click();
    await kiosk.chooseTransaction();
    await kiosk.giveNumber();
    await expect(kiosk.ticketNumber).toHaveText(/^M\d{1,2}-\d{3}$/);
    await expect(page.getByTestId('ticket-priority')).toHaveText('كبار السن (٦٠ عامًا فأكثر)');
    // The word for minutes agrees with the upper bound: دقائق after 3 to 10, دقيقة otherwise (Arabic's plural forms).
    const estimate = (await page.getByTestId('estimate').textContent()) ?? '';
    const [, upper, word] = /^الانتظار المتوقع: من [٠-٩]+ إلى ([٠-٩]+) (دقيقة|دقائق)$/.exec(estimate) ?? [];
    const count = Number([...(upper ?? 'x')].map((d) => d.charCodeAt(0) - 0x660).join(''));
    expect({ estimate, word }).toEqual({ estimate, word: new Intl.PluralRules('ar').select(count) === 'few' ? 'دقائق' : 'دقيقة' });
    await expect(page.getByTestId('hijri-date')).toHaveText(/هـ/); // an Umm al-Qura date ends with the Hijri era
    await page.getByRole('button', { name: 'تم' }).click();
  });

  await test.step('larger text and high contrast apply at once and are forgotten at the reset', async () => {
    await kiosk.chooseLanguage('English');
    await page.getByRole('button', { name: 'Larger text' }).click();
    await page.getByRole('button', { name: 'High contrast' }).click();
    await expect(html).toHaveClass(/kiosk-large-text/);
    await expect(html).toHaveClass(/kiosk-high-contrast/);
    await expect(html).toHaveCSS('font-size', '24px');
  });

  await test.step('after 40 s untouched a warning counts down 20 s; "I am still here" keeps the choices', async () => {
    await page.clock.runFor(40_000);
    const warning = page.getByRole('alertdialog', { name: 'Are you still there?' });
    await expect(warning).toBeVisible();
    await expect(warning.getByTestId('idle-countdown')).toHaveText('This screen starts over in 20 seconds.');
    await expect(warning.getByRole('button', { name: 'I am still here' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(warning).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Choose a section' })).toBeVisible();
  });

  await test.step('unanswered, the kiosk starts over in Arabic with nothing of the last person left', async () => {
    await page.clock.runFor(40_000);
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await page.clock.runFor(19_000);
    await expect(page.getByRole('heading', { name: 'Choose a section' })).toBeVisible();
    await page.clock.runFor(1_000);
    await expect(kiosk.languageButton('English')).toBeVisible();
    await expect(html).toHaveAttribute('lang', 'ar');
    await expect(html).not.toHaveClass(/kiosk-large-text|kiosk-high-contrast/);
  });
});

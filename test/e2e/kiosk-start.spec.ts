/**
 * The kiosk's first screen comes from a small first script: the language screen is drawn
 * and taps are taken before the device database, the machines and the translations have
 * arrived. Here the app's chunk is held back (service workers blocked, so the test's route
 * sees the request): a tap shows it is waiting, and the app carries it out once it loads.
 */
import type { Page, Route, TestInfo } from '@playwright/test';
import { EnrollPage } from './pages/EnrollPage.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { expect, test } from './support/fixtures.ts';

/** Holds the kiosk app's chunk (kioskRoot-*.js) until `open()`. */
class Gate {
  requested = 0;
  private waiting: Array<() => void> = [];
  private isOpen = false;

  async install(page: Page): Promise<void> {
    await page.context().route(/\/assets\/kioskRoot-[^/]+\.js$/, async (route: Route) => {
      this.requested += 1;
      if (!this.isOpen) await new Promise<void>((resolve) => this.waiting.push(resolve));
      await route.continue();
    });
  }

  close(): void {
    this.isOpen = false;
  }

  open(): void {
    this.isOpen = true;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/** A screenshot attached to the report, to look at what a resident sees. */
async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(name);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('the language screen takes taps before the rest of the kiosk has loaded', async ({ admin, browser, baseURL }, testInfo) => {
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block', locale: 'en-US', viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await new EnrollPage(page).enroll('kiosk', (await admin.createEnrollment('kiosk')).code);
    const kiosk = new KioskPage(page);
    const html = page.locator('html');
    await expect(kiosk.languageButton('English')).toBeVisible();
    const header = (await page.locator('.kiosk__header').textContent()) ?? '';

    await shot(page, testInfo, 'resting-app.png'); // the same screen drawn by the app, to compare

    const gate = new Gate();
    await gate.install(page);

    await test.step('English: the screen and its header are there while the app is held back', async () => {
      await page.reload();
      await expect(kiosk.languageButton('English')).toBeVisible();
      await expect.poll(() => gate.requested).toBeGreaterThan(0);
      await expect(page.locator('.kiosk__header')).toHaveText(header); // the header of last time, in Arabic
      await shot(page, testInfo, 'resting-before-app.png');

      // Text size answers at once; the language tap waits, visibly, and is not lost.
      await page.getByRole('button', { name: 'تكبير الخط' }).click();
      await expect(html).toHaveClass(/kiosk-large-text/);
      await kiosk.chooseLanguage('English');
      await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'true');
      await expect(kiosk.languageButton('English').locator('.choice__spinner')).toHaveCSS('opacity', '1');
      await shot(page, testInfo, 'resting-english-tapped.png');

      gate.open();
      await expect(page.getByRole('heading', { name: 'Choose a section' })).toBeVisible();
      await expect(html).toHaveAttribute('lang', 'en');
      await expect(page.getByRole('button', { name: 'Larger text' })).toHaveAttribute('aria-pressed', 'true');
      await expect(html).toHaveClass(/kiosk-large-text/);
    });

    await test.step('Arabic: a tap before the app arrives leads to the section screen in Arabic', async () => {
      gate.close();
      await page.reload();
      await expect(html).not.toHaveClass(/kiosk-large-text/); // the last resident's choice is gone
      await kiosk.chooseLanguage('العربية');
      await expect(kiosk.languageButton('العربية').locator('.choice__spinner')).toHaveCSS('opacity', '1');
      await shot(page, testInfo, 'resting-arabic-tapped.png');
      gate.open();
      await expect(page.getByRole('heading', { name: 'اختر القسم' })).toBeVisible();
      await expect(html).toHaveAttribute('dir', 'rtl');
    });
  } finally {
    await context.close();
  }
});

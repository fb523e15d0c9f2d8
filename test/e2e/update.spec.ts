/**
 * A new version never takes over a device with unsent changes: the kiosk learns of a new
 * service worker while its tickets cannot reach the server, says the update waits, and
 * installs it (reloading itself) only once the tickets are sent and it is at rest.
 * Runs its own server on a private copy of dist/, so it can "deploy" a new sw.js.
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnrollPage } from './pages/EnrollPage.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { AdminApi } from './support/adminApi.ts';
import { pendingChanges } from './support/deviceData.ts';
import { expect, test } from './support/fixtures.ts';
import { waitForServiceWorker } from './support/network.ts';
import { startServer } from './support/server.ts';

const hasWaitingWorker = (): Promise<boolean> =>
  navigator.serviceWorker.getRegistration().then((r) => Boolean(r?.waiting));

test('the kiosk holds a new version until its outbox is empty', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const server = await startServer({ ownCopy: true });
  const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'allow', locale: 'en-US' });
  try {
    await context.addInitScript(() => {
      window.print = () => undefined;
    });
    const page = await context.newPage();
    const admin = new AdminApi(request, server.url);
    await new EnrollPage(page).enroll('kiosk', (await admin.createEnrollment('kiosk')).code);
    await waitForServiceWorker(page);
    const kiosk = new KioskPage(page);

    // The API is cut (the app shell still loads): the ticket stays in the outbox.
    await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await kiosk.takeTicket();
    await kiosk.done();
    expect(await pendingChanges(page, 'jawazat-kiosk')).toBe(1);

    // Deploy a new version: one changed byte makes a new service worker for the browser.
    await appendFile(join(server.root, 'dist', 'sw.js'), '\n// next version\n');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    await expect.poll(() => page.evaluate(hasWaitingWorker)).toBe(true);

    // At rest the kiosk speaks Arabic: "the update starts once all changes are sent...".
    // The prompt says so only once it has asked whether it may update and was told no
    // (UpdatePrompt: the update is applied only on a yes), so the new version is held back
    // now, not merely not yet: no pause needed to see it stay waiting.
    await expect(page.getByText('سيبدأ التحديث بعد إرسال كل التغييرات وانتهاء خدمة العميل الحالي.')).toBeVisible();
    await page.evaluate(() => ((window as Window & { __sameDocument?: boolean }).__sameDocument = true));
    expect(await page.evaluate(hasWaitingWorker)).toBe(true);
    expect(await pendingChanges(page, 'jawazat-kiosk'), 'the reason it is held back: the ticket is unsent').toBe(1);

    // The API comes back: the ticket is sent, then the update installs and the page reloads.
    await context.unroute('**/api/**');
    await expect.poll(() => pendingChanges(page, 'jawazat-kiosk'), { timeout: 30_000 }).toBe(0);
    await page.waitForFunction(() => !(window as Window & { __sameDocument?: boolean }).__sameDocument, undefined, { timeout: 45_000 });
    await expect(kiosk.languageButton('English')).toBeVisible();
    expect(await page.evaluate(hasWaitingWorker)).toBe(false);
  } finally {
    await context.close();
    await server.stop();
  }
});

/**
 * Cutting a device off the network in a test. `context.setOffline(true)` makes the page
 * see `navigator.onLine === false` and, with Playwright 1.65 and Chromium, also fails the
 * requests the service worker makes on the page's behalf (our /api/ calls go through its
 * NetworkOnly route). offline-apps.spec.ts checks that assumption, so a browser that
 * stopped applying it would fail loudly instead of letting "offline" tests reach the server.
 */
import type { BrowserContext, Page } from '@playwright/test';

export async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
  await context.setOffline(false);
}

/**
 * Waits until a service worker controls the page, so a reload works with no network.
 * On a first visit the worker activates after the page loaded and (no clientsClaim, on
 * purpose) controls it only from the next load: reload once in that case.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
    await page.reload();
    await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller));
  }
}

/**
 * Kiosk "take ticket" tap to the ticket on screen, in Debian's Chromium on the built app:
 * the resident's last tap ("Skip" after the service, or "Continue" after a number) is stamped in the page by a capturing click
 * listener, the ticket number's appearance by a MutationObserver; in between: the kiosk
 * machine, the quote, the Dexie write of ticket + outbox row in one transaction, and
 * the render. Baseline in the same run: an empty IndexedDB write transaction in the page.
 */
import { EnrollPage } from '../test/e2e/pages/EnrollPage.ts';
import { KioskPage } from '../test/e2e/pages/KioskPage.ts';
import { percentile, withBrowserOffice } from './common.ts';

export interface TapResult {
  readonly taps: number;
  readonly p50: number;
  readonly p95: number;
  readonly idbP50: number;
}

declare global {
  interface Window {
    __tapAt?: number;
    __ticketShown?: Promise<number>;
  }
}

export async function benchTapToTicket(taps: number, warmUp = 3): Promise<TapResult> {
  return withBrowserOffice(async ({ server, browser, admin }) => {
    const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'allow', locale: 'en-US', viewport: { width: 1080, height: 1400 } });
    await context.addInitScript(() => {
      window.print = () => undefined;
    });
    const page = await context.newPage();
    await new EnrollPage(page).enroll('kiosk', (await admin.createEnrollment('kiosk')).code);
    const kiosk = new KioskPage(page);
    await page.evaluate(() => {
      document.addEventListener('click', () => { window.__tapAt = performance.now(); }, { capture: true });
    });
    const times: number[] = [];
    for (let i = 0; i < taps + warmUp; i++) {
      await kiosk.chooseLanguage('English');
      await kiosk.chooseSection("Men's section");
      await kiosk.chooseService('Enquiries');
      await kiosk.chooseTransaction();
      await page.evaluate(() => {
        window.__ticketShown = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            if (document.querySelector('[data-testid="ticket-number"]')) {
              observer.disconnect();
              resolve(performance.now());
            }
          });
          observer.observe(document.body, { subtree: true, childList: true });
        });
      });
      await kiosk.giveNumber(); // the last tap before the ticket: "Skip" (no number)
      const shownAt = await page.evaluate(() => window.__ticketShown as Promise<number>);
      const tapAt = await page.evaluate(() => window.__tapAt ?? NaN);
      if (i >= warmUp) times.push(shownAt - tapAt);
      await kiosk.done();
    }
    const idb = await page.evaluate(async () => {
      const open = indexedDB.open('bench-baseline', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('rows', { keyPath: 'id' });
      const db = await new Promise<IDBDatabase>((resolve) => {
        open.onsuccess = () => resolve(open.result);
      });
      const out: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        await new Promise<void>((resolve) => {
          const tx = db.transaction('rows', 'readwrite');
          tx.objectStore('rows').put({ id: i, at: Date.now() });
          tx.oncomplete = () => resolve();
        });
        out.push(performance.now() - t);
      }
      db.close();
      return out;
    });
    return { taps: times.length, p50: percentile(times, 50), p95: percentile(times, 95), idbP50: percentile(idb, 50) };
  });
}

/**
 * Kiosk "take ticket" tap to the ticket on screen, in Debian's Chromium on the built app:
 * the resident's last tap ("Skip" after the service, or "Continue" after a number) is stamped in the page by a capturing click
 * listener, the ticket number's appearance by a MutationObserver; in between: the kiosk
 * machine, the quote, the Dexie write of ticket + outbox row in one transaction, and
 * the render. Baseline in the same run: an empty IndexedDB write transaction in the page.
 */
import { writeFileSync } from 'node:fs';
import type { BrowserContext } from '@playwright/test';
import { EnrollPage } from '../test/e2e/pages/EnrollPage.ts';
import { KioskPage } from '../test/e2e/pages/KioskPage.ts';
import { TRACE_IDB } from './callToBoard.ts';
import { percentile, withBrowserOffice } from './common.ts';

export interface TapResult {
  readonly taps: number;
  readonly p50: number;
  readonly p95: number;
  readonly idbP50: number;
  /** The same empty write started by a tap (a click on a bare button of the same origin, as Playwright clicks the kiosk): click to complete. */
  readonly tappedP50: number;
  readonly tappedP95: number;
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
    // BENCH_TRACE=1: the IndexedDB transactions of the last taps, from the tap (opened at; how long).
    if (process.env.BENCH_TRACE) await context.addInitScript({ content: `var __name = globalThis.__name || ((f) => f); window.__syncLog = []; (${TRACE_IDB.toString()})();` });
    const page = await context.newPage();
    await new EnrollPage(page).enroll('kiosk', (await admin.createEnrollment('kiosk')).code);
    const kiosk = new KioskPage(page);
    await page.evaluate(() => {
      document.addEventListener('click', () => { window.__tapAt = performance.now(); }, { capture: true });
    });
    const times: number[] = [];
    // BENCH_PROFILE=<file>: a CPU profile of the page over the timed taps (build with --minify false to read it).
    const cdp = process.env.BENCH_PROFILE ? await context.newCDPSession(page) : null;
    for (let i = 0; i < taps + warmUp; i++) {
      if (cdp && i === warmUp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        await cdp.send('Profiler.start');
      }
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
      if (process.env.BENCH_TRACE) await page.evaluate(() => ((window as unknown as { __syncLog: unknown[] }).__syncLog.length = 0));
      const tracing = process.env.BENCH_CHROME_TRACE && i === taps + warmUp - 1;
      if (tracing) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'] });
      await kiosk.giveNumber(); // the last tap before the ticket: "Skip" (no number)
      const shownAt = await page.evaluate(() => window.__ticketShown as Promise<number>);
      if (tracing) writeFileSync(process.env.BENCH_CHROME_TRACE ?? 'tap-trace.json', await browser.stopTracing());
      const tapAt = await page.evaluate(() => window.__tapAt ?? NaN);
      if (process.env.BENCH_TRACE && i >= taps + warmUp - 3) {
        const [log, origin] = await page.evaluate(() => [(window as unknown as { __syncLog: Array<[string, number]> }).__syncLog, performance.timeOrigin] as const);
        console.log(`tap ${i}: on screen at ${(shownAt - tapAt).toFixed(1)} ms`);
        for (const [kind, at] of log) console.log(`  ${(at - origin - tapAt).toFixed(1).padStart(7)} ms ${kind}`);
      }
      if (i >= warmUp) times.push(shownAt - tapAt);
      await kiosk.done();
    }
    if (cdp) writeFileSync(process.env.BENCH_PROFILE ?? 'tap.cpuprofile', JSON.stringify((await cdp.send('Profiler.stop')).profile));
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
    const tapped = await emptyWritesFromATap(context, server.url, 40);
    return { taps: times.length, p50: percentile(times, 50), p95: percentile(times, 95), idbP50: percentile(idb, 50), tappedP50: percentile(tapped, 50), tappedP95: percentile(tapped, 95) };
  });
}

/**
 * An empty IndexedDB write started in a click handler, the click made as the kiosk's taps
 * are (Playwright, through the browser's input): from the click to the write's completion,
 * in a bare page of the same origin. A write started by a tap here completes only after
 * the frame that follows the input (about 13 ms), where the same write started without a
 * tap takes well under a millisecond: that wait is the browser's, before any of our code.
 */
async function emptyWritesFromATap(context: BrowserContext, origin: string, n: number): Promise<number[]> {
  const page = await context.newPage();
  await page.goto(`${origin}/api/health`);
  await page.evaluate(async () => {
    const open = indexedDB.open('bench-tap-baseline', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('rows', { keyPath: 'id' });
    const db = await new Promise<IDBDatabase>((resolve) => {
      open.onsuccess = () => resolve(open.result);
    });
    const button = document.createElement('button');
    button.id = 'bench-tap';
    button.textContent = 'tap';
    button.style.cssText = 'position:fixed;top:10px;left:10px;width:240px;height:120px';
    document.body.append(button);
    const times: number[] = [];
    (window as unknown as { __tapWrites: number[] }).__tapWrites = times;
    button.addEventListener('click', () => {
      const t = performance.now();
      const tx = db.transaction('rows', 'readwrite');
      tx.objectStore('rows').put({ id: times.length, at: Date.now() });
      tx.oncomplete = () => times.push(performance.now() - t);
    });
  });
  for (let i = 1; i <= n; i++) {
    await page.click('#bench-tap');
    await page.waitForFunction((count) => (window as unknown as { __tapWrites: number[] }).__tapWrites.length >= count, i);
  }
  const times = await page.evaluate(() => (window as unknown as { __tapWrites: number[] }).__tapWrites);
  await page.close();
  return times;
}

/**
 * Kiosk "take ticket" tap to the ticket on screen, in Debian's Chromium on the built app:
 * the resident's last tap ("Skip" after the service, or "Continue" after a number) is stamped in the page by a capturing click
 * listener, the ticket number's appearance by a MutationObserver; in between: the kiosk
 * machine, the quote, the Dexie write of ticket + outbox row in one transaction, and
 * the render. Baseline in the same run: an empty IndexedDB write transaction in the page.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { EnrollPage } from '../test/e2e/pages/EnrollPage.ts';
import { KioskPage } from '../test/e2e/pages/KioskPage.ts';
import { TRACE_IDB } from './callToBoard.ts';
import { emptyWritesFromATap, percentile, withBrowserOffice } from './common.ts';

export interface TapResult {
  readonly taps: number;
  readonly p50: number;
  readonly p95: number;
  readonly idbP50: number;
  /** The same empty write started by a tap (a click on a bare button of the same origin, as Playwright clicks the kiosk): click to complete. */
  readonly tappedP50: number;
  readonly tappedP95: number;
  /** The same taps on the same kiosk after a season was written into its database and pruned. */
  readonly season: { readonly written: number; readonly kept: number; readonly p50: number; readonly p95: number };
}

/** A season on a kiosk: 90 days of an office's tickets (1,100 a day), and a week of its own confirmed changes. */
const SEASON_DAYS = 90;
const SEASON_PER_DAY = 1100;
const SEASON_SENT = 7 * 500;

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
    /** Stamps each tap in the page (a capturing click listener), before the kiosk's own handlers run. */
    const stampTaps = () => page.evaluate(() => {
      document.addEventListener('click', () => { window.__tapAt = performance.now(); }, { capture: true });
    });
    await stampTaps();
    // BENCH_PROFILE=<file>: a CPU profile of the page over the timed taps (build with --minify false to read it).
    const cdp = process.env.BENCH_PROFILE ? await context.newCDPSession(page) : null;
    const measure = async (profile: boolean): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < taps + warmUp; i++) {
        if (cdp && profile && i === warmUp) {
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
      return times;
    };
    const times = await measure(true);
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
    // The same kiosk after a season: written into its database, pruned as a new day's first sync prunes.
    const written = await writeSeason(page);
    await page.reload();
    // Until the first sync after the reload has pruned (it records the day it did); then how many tickets it kept.
    let kept = -1;
    for (const started = Date.now(); kept < 0; ) {
      kept = await page.evaluate(() => new Promise<number>((resolve) => {
        const open = indexedDB.open('jawazat-kiosk');
        open.onsuccess = () => {
          const tx = open.result.transaction(['meta', 'tickets']);
          const pruned = tx.objectStore('meta').get('prunedDay');
          const count = tx.objectStore('tickets').count();
          tx.oncomplete = () => {
            open.result.close();
            resolve(pruned.result === undefined ? -1 : count.result);
          };
        };
      }));
      if (kept < 0 && Date.now() - started > 120_000) throw new Error('the kiosk did not prune within 2 minutes of its reload');
      if (kept < 0) await new Promise((r) => setTimeout(r, 250));
    }
    await stampTaps();
    const afterSeason = await measure(false);
    return {
      taps: times.length,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      idbP50: percentile(idb, 50),
      tappedP50: percentile(tapped, 50),
      tappedP95: percentile(tapped, 95),
      season: { written, kept, p50: percentile(afterSeason, 50), p95: percentile(afterSeason, 95) },
    };
  });
}

/**
 * Writes a season into the kiosk's database, as months of pulls would have left it unpruned:
 * copies of one of its tickets under past service days, and a week of confirmed changes; the
 * day it last pruned is forgotten, so its next sync prunes. How many tickets it wrote.
 */
async function writeSeason(page: Page): Promise<number> {
  return page.evaluate(async ({ days, perDay, sent }) => {
    const open = indexedDB.open('jawazat-kiosk');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    // (No named functions in here: the bench's TypeScript loader would wrap them in a helper the page lacks.)
    const model = await new Promise<Record<string, unknown>>((resolve) => {
      const request = db.transaction('tickets').objectStore('tickets').getAll(null, 1);
      request.onsuccess = () => resolve(request.result[0] as Record<string, unknown>);
    });
    const envelope = { seq: 0, name: 'ticket.issue', args: {}, deviceTime: 0, schemaVersion: 1, confirmedAt: Date.now(), outcome: 'applied' };
    let written = 0;
    for (let d = days; d >= 2; d--) {
      const day = new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);
      await new Promise<void>((resolve) => {
        const tx = db.transaction('tickets', 'readwrite');
        const store = tx.objectStore('tickets');
        for (let i = 0; i < perDay; i++) store.put({ ...model, ticketId: crypto.randomUUID(), serviceDay: day, status: 'done', publicCode: `S${d}x${i}` });
        tx.oncomplete = () => resolve();
      });
      written += perDay;
    }
    await new Promise<void>((resolve) => {
      const tx = db.transaction(['sent', 'meta'], 'readwrite');
      for (let i = 1; i <= sent; i++) tx.objectStore('sent').put({ ...envelope, seq: 1_000_000 + i, confirmedAt: Date.now() - (i % 7) * 86_400_000 });
      tx.objectStore('meta').delete('prunedDay');
      tx.oncomplete = () => resolve();
    });
    db.close();
    return written;
  }, { days: SEASON_DAYS, perDay: SEASON_PER_DAY, sent: SEASON_SENT });
}

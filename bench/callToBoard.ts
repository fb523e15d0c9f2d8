/**
 * Counter "call" to the board showing it, online, in Debian's Chromium against the real
 * server and the built apps: a counter and a display in separate browser contexts, the
 * counter's click stamped in its page, the board's change stamped by a MutationObserver
 * in its page (both pages share the machine's clock). The path measured is the real one:
 * local Dexie write → push → server → SSE poke → display pull → Dexie → render.
 * Baseline in the same run: a bare fetch round trip from the counter page to the server.
 */
import { expect } from '@playwright/test';
import { CounterPage } from '../test/e2e/pages/CounterPage.ts';
import { DisplayPage } from '../test/e2e/pages/DisplayPage.ts';
import { EnrollPage } from '../test/e2e/pages/EnrollPage.ts';
import type { EnrollResponse, PushResponse } from '../shared/sync/protocol.ts';
import { json, percentile, ticketIssues, withBrowserOffice } from './common.ts';

export interface CallToBoardResult {
  readonly calls: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly fetchP50: number;
  readonly fetchP95: number;
}

declare global {
  interface Window {
    __callClickedAt?: number;
    __boardChanged?: Promise<number>;
  }
}

export async function benchCallToBoard(calls: number, warmUp = 5): Promise<CallToBoardResult> {
  return withBrowserOffice(async ({ server, browser, admin }) => {
    const open = async () => {
      const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'allow', locale: 'en-US', viewport: { width: 1280, height: 900 } });
      return context.newPage();
    };
    const counter = await open();
    await new EnrollPage(counter).enroll('counter', (await admin.createEnrollment('counter')).code);
    const counterPage = new CounterPage(counter);
    await counterPage.signIn('1001', '1234', 1);

    const board = await open();
    await new EnrollPage(board).enroll('display', (await admin.createEnrollment('display')).code);
    const boardPage = new DisplayPage(board);
    await boardPage.setUp("Men's section");

    // Tickets for the men's section, issued by a kiosk through the API.
    const kiosk = await json<EnrollResponse>(`${server.url}/api/devices/enroll`, 'POST', { code: (await admin.createEnrollment('kiosk')).code });
    const total = calls + warmUp;
    const mutations = ticketIssues(1, total * 2, kiosk.kioskNo); // every other one is the men's
    for (let i = 0; i < mutations.length; i += 100) {
      await json<PushResponse>(`${server.url}/api/sync/push`, 'POST', { deviceId: kiosk.deviceId, mutations: mutations.slice(i, i + 100) }, kiosk.token);
    }
    const firstMen = (mutations.find((m) => (m.args as { sectionId: string }).sectionId === 'men')?.args as { displayNumber: string }).displayNumber;
    await counterPage.queued(firstMen).waitFor({ timeout: 30_000 });

    await counter.evaluate(() => {
      document.addEventListener('click', () => { window.__callClickedAt = performance.timeOrigin + performance.now(); }, { capture: true });
    });
    const latencies: number[] = [];
    for (let i = 0; i < total; i++) {
      await board.evaluate(() => {
        const target = document.querySelector('[data-testid="latest-call"]');
        const before = target?.textContent ?? '';
        window.__boardChanged = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            const now = document.querySelector('[data-testid="latest-call"]')?.textContent ?? '';
            if (now !== before && now !== '') {
              observer.disconnect();
              resolve(performance.timeOrigin + performance.now());
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
      });
      await counterPage.button('Call next').click();
      const shownAt = await board.evaluate(() => window.__boardChanged as Promise<number>);
      const clickedAt = await counter.evaluate(() => window.__callClickedAt ?? NaN);
      if (i >= warmUp) latencies.push(shownAt - clickedAt);
      await counterPage.button('No-show').click();
      await expect(counterPage.button('Call next')).toBeEnabled();
    }
    const fetches: number[] = [];
    for (let i = 0; i < 50; i++) {
      fetches.push(await counter.evaluate(async () => {
        const t = performance.now();
        await (await fetch('/api/health', { cache: 'no-store' })).text();
        return performance.now() - t;
      }));
    }
    return {
      calls: latencies.length,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      max: Math.max(...latencies),
      fetchP50: percentile(fetches, 50),
      fetchP95: percentile(fetches, 95),
    };
  });
}

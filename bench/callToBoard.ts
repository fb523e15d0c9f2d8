/**
 * Counter "call" to the board showing it, online, in Debian's Chromium against the real
 * server and the built apps: a counter and a display in separate browser contexts, the
 * counter's click stamped in its page, the board's change stamped by a MutationObserver
 * in its page (both pages share the machine's clock). The path measured is the real one:
 * local Dexie write → push → server → SSE poke → display pull → Dexie → render.
 * Baseline in the same run: a bare fetch round trip from the counter page to the server.
 */
import { writeFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { CounterPage } from '../test/e2e/pages/CounterPage.ts';
import { DisplayPage } from '../test/e2e/pages/DisplayPage.ts';
import { EnrollPage } from '../test/e2e/pages/EnrollPage.ts';
import type { EnrollResponse, PushResponse } from '../shared/sync/protocol.ts';
import { takeFrames } from '../shared/device/eventStream.ts';
import { emptyWritesFromATap, json, percentile, ticketIssues, withBrowserOffice } from './common.ts';

export interface CallToBoardResult {
  readonly calls: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly fetchP50: number;
  readonly fetchP95: number;
  /** Medians (ms) of the legs of a call, from fetches stamped in both pages (see `STAMP_SYNC`). */
  readonly legs: CallLegs;
  /** An empty IndexedDB write started by a click, in a bare page of the counter's browser context: its p50 (ms). */
  readonly tappedWriteP50: number;
}

/** Where a call's time goes: each leg's median over the measured calls. */
export interface CallLegs {
  /** Click to the counter's push request leaving (machine, Dexie write, outbox observed). */
  readonly clickToPush: number;
  /** The push's round trip (server: validate, lock, rules, commit). */
  readonly push: number;
  /** Push answered to the board hearing of it (the server's poke over SSE); can be negative: the poke may beat the answer. */
  readonly pushToPoke: number;
  /** Poke heard to the board having the change (its pull round trip, or nothing when the poke carries it). */
  readonly pokeToData: number;
  /** Data in hand to the number in the DOM (Dexie write, live query, render). */
  readonly dataToScreen: number;
}

/**
 * Stamps, in the page, when each sync request leaves and is answered, and when each chunk
 * of the event stream arrives: `window.__syncLog` of [kind, ms since the epoch].
 */
const STAMP_SYNC = (): void => {
  const log: Array<[string, number]> = [];
  (window as unknown as { __syncLog: typeof log }).__syncLog = log;
  const stamp = (): number => performance.timeOrigin + performance.now();
  const original = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const kind = url.includes('/api/sync/push') ? 'push' : url.includes('/api/sync/pull') ? 'pull' : url.includes('/api/sync/events') ? 'events' : null;
    if (kind === null) return original(input, init);
    if (kind !== 'events') log.push([`${kind}:start`, stamp()]);
    const response = await original(input, init);
    if (kind !== 'events') {
      const body = await response.clone().arrayBuffer();
      log.push([`${kind}:end`, stamp()]);
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    if (!response.body) return response;
    const stamped = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        log.push(['event', stamp()]);
        controller.enqueue(chunk);
      },
    }));
    return new Response(stamped, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
};

/** BENCH_TRACE=1: every IndexedDB transaction into `__syncLog` too (opened, done), to see a call's critical path. */
export const TRACE_IDB = (): void => {
  const stamp = (): number => performance.timeOrigin + performance.now();
  const original = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const tx = original.apply(this, args);
    const names = Array.isArray(args[0]) ? args[0].join(',') : String(args[0]);
    const log = (window as unknown as { __syncLog?: Array<[string, number]> }).__syncLog;
    const tag = `idb ${args[1] ?? 'readonly'} ${names.length > 40 ? `${names.slice(0, 40)}…` : names}`;
    log?.push([`${tag} open`, stamp()]);
    tx.addEventListener('complete', () => log?.push([`${tag} done`, stamp()]));
    return tx;
  } as IDBDatabase['transaction'];
};

type SyncLog = Array<[string, number]>;
const firstAfter = (log: SyncLog, kind: string, t: number): number => log.find(([k, at]) => k === kind && at >= t)?.[1] ?? NaN;

declare global {
  interface Window {
    __callClickedAt?: number;
    __boardChanged?: Promise<number>;
  }
}

/**
 * Other devices of the office listening meanwhile (`others`: boards, each an event stream read
 * in Node, pulling when a poke comes without its change, as a device does): the store then
 * reads a page for every stream on every change, as it would with 20 devices in one office.
 */
async function listenAs(base: string, token: string, signal: AbortSignal, counts: { pages: number; pulls: number }): Promise<void> {
  const response = await fetch(`${base}/api/sync/events`, { headers: { authorization: `Bearer ${token}` }, signal });
  if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let cursor = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const frames = takeFrames(buffer + value);
      buffer = frames.rest;
      for (const data of frames.data) {
        const poke = JSON.parse(data) as { version: number; from?: number; page?: { cursor: number } };
        if (poke.page && poke.from !== undefined && poke.from <= cursor) {
          cursor = Math.max(cursor, poke.page.cursor);
          counts.pages += 1;
        } else if (poke.version > cursor) {
          for (let more = true; more;) {
            const page = await json<{ cursor: number; more: boolean }>(`${base}/api/sync/pull?cursor=${cursor}&limit=2000`, 'GET', undefined, token);
            cursor = page.cursor;
            more = page.more;
            counts.pulls += 1;
          }
        }
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

export async function benchCallToBoard(calls: number, warmUp = 5, others = 0): Promise<CallToBoardResult & { others: number; otherPages: number; otherPulls: number }> {
  return withBrowserOffice(async ({ server, browser, admin }) => {
    const open = async () => {
      const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'allow', locale: 'en-US', viewport: { width: 1280, height: 900 } });
      // As source: tsx names the function's inner arrows with a `__name` helper the page lacks.
      await context.addInitScript({ content: `var __name = globalThis.__name || ((f) => f); (${STAMP_SYNC.toString()})();` });
      if (process.env.BENCH_TRACE) await context.addInitScript({ content: `var __name = globalThis.__name || ((f) => f); (${TRACE_IDB.toString()})();` });
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
    const listening = new AbortController();
    const counts = { pages: 0, pulls: 0 };
    const streams: Array<Promise<void>> = [];
    for (let i = 0; i < others; i++) {
      const device = await json<EnrollResponse>(`${server.url}/api/devices/enroll`, 'POST', { code: (await admin.createEnrollment('display')).code });
      streams.push(listenAs(server.url, device.token, listening.signal, counts).catch((error: unknown) => console.warn('a listening device stopped:', error)));
    }
    const firstMen = (mutations.find((m) => (m.args as { sectionId: string }).sectionId === 'men')?.args as { displayNumber: string }).displayNumber;
    await counterPage.queued(firstMen).waitFor({ timeout: 30_000 });

    await counter.evaluate(() => {
      document.addEventListener('click', () => { window.__callClickedAt = performance.timeOrigin + performance.now(); }, { capture: true });
    });
    // BENCH_PROFILE=<prefix>: CPU profiles of both pages over the calls (<prefix>-counter.cpuprofile, -board).
    const profiling = process.env.BENCH_PROFILE ? await Promise.all([counter, board].map(startProfile)) : null;
    const latencies: number[] = [];
    const legs: Array<Record<keyof CallLegs, number>> = [];
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
      if (i >= warmUp) {
        latencies.push(shownAt - clickedAt);
        const counterLog = await counter.evaluate(() => (window as unknown as { __syncLog: SyncLog }).__syncLog);
        const boardLog = await board.evaluate(() => (window as unknown as { __syncLog: SyncLog }).__syncLog);
        const pushAt = firstAfter(counterLog, 'push:start', clickedAt);
        if (process.env.BENCH_TRACE && (i === total - 1 || shownAt - clickedAt > 1000)) {
          for (const [k, at] of counterLog.filter(([, at]) => at >= clickedAt && at <= shownAt)) console.log(`counter ${(at - clickedAt).toFixed(1).padStart(7)} ${k}`);
          for (const [k, at] of boardLog.filter(([, at]) => at >= clickedAt && at <= shownAt)) console.log(`board   ${(at - clickedAt).toFixed(1).padStart(7)} ${k}`);
        }
        const pushedAt = firstAfter(counterLog, 'push:end', pushAt);
        const pokeAt = firstAfter(boardLog, 'event', pushAt);
        // The board's data: the pull answered after the poke, or the poke itself when it carried the change.
        const pulledAt = firstAfter(boardLog, 'pull:end', pokeAt);
        const dataAt = pulledAt <= shownAt ? pulledAt : pokeAt;
        legs.push({
          clickToPush: pushAt - clickedAt,
          push: pushedAt - pushAt,
          pushToPoke: pokeAt - pushedAt,
          pokeToData: dataAt - pokeAt,
          dataToScreen: shownAt - dataAt,
        });
      }
      await counterPage.button('No-show').click();
      await expect(counterPage.button('Call next')).toBeEnabled();
    }
    if (profiling) {
      await Promise.all(profiling.map(async (stop, i) => writeFileSync(`${process.env.BENCH_PROFILE}-${i === 0 ? 'counter' : 'board'}.cpuprofile`, await stop())));
    }
    listening.abort();
    await Promise.all(streams);
    const fetches: number[] = [];
    for (let i = 0; i < 50; i++) {
      fetches.push(await counter.evaluate(async () => {
        const t = performance.now();
        await (await fetch('/api/health', { cache: 'no-store' })).text();
        return performance.now() - t;
      }));
    }
    const tapped = await emptyWritesFromATap(counter.context(), server.url, 40);
    return {
      others,
      tappedWriteP50: percentile(tapped, 50),
      otherPages: counts.pages,
      otherPulls: counts.pulls,
      calls: latencies.length,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      max: Math.max(...latencies),
      fetchP50: percentile(fetches, 50),
      fetchP95: percentile(fetches, 95),
      legs: {
        clickToPush: percentile(legs.map((l) => l.clickToPush), 50),
        push: percentile(legs.map((l) => l.push), 50),
        pushToPoke: percentile(legs.map((l) => l.pushToPoke), 50),
        pokeToData: percentile(legs.map((l) => l.pokeToData), 50),
        dataToScreen: percentile(legs.map((l) => l.dataToScreen), 50),
      },
    };
  });
}

async function startProfile(page: Page): Promise<() => Promise<string>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => JSON.stringify((await cdp.send('Profiler.stop')).profile);
}

/**
 * A device catching up after a day offline, in Debian's Chromium against the real server
 * (server/main.ts): a kiosk that issued `up` tickets while cut off (its outbox, in the
 * browser's IndexedDB through Dexie) reconnects to a server that took `down` tickets from
 * another kiosk meanwhile. Timed in the page: one `syncNow()` of the real sync client with
 * its default batch and page sizes, until the outbox is empty and the cursor has reached
 * the server. Floor in the same page right after (the figure the sync is held against):
 * the same rows fetched from the server as one response and bulk-written into IndexedDB
 * in one transaction. Also timed: the same sync with nothing left to do.
 */
import { writeFileSync } from 'node:fs';
import { PILOT_OFFICE_ID } from '../server/seed.ts';
import { openStore } from '../server/store/index.ts';
import type { EnrollResponse, PushResponse } from '../shared/sync/protocol.ts';
import { bundleForBrowser } from './browser/build.ts';
import { TRACE_IDB } from './callToBoard.ts';
import { enroll, json, ticketIssues, withBrowserOffice } from './common.ts';
import { addCopiesOfOffice } from './manyOffices.ts';

export interface CatchUpResult {
  readonly up: number;
  readonly down: number;
  readonly ms: number;
  /** Of `ms`, the time spent waiting for the server's answers (server and HTTP). */
  readonly serverMs: number;
  readonly idleMs: number;
  readonly localTickets: number;
  /**
   * The floor, in the same page after the sync: the same rows fetched from the server as
   * one response, and bulk-written into IndexedDB (Dexie bulkPut, one transaction). The
   * lower of two measurements.
   */
  readonly floorMs: number;
  readonly floorFetchMs: number;
  readonly floorWriteMs: number;
}

interface PageResult {
  ms: number;
  serverMs: number;
  idleMs: number;
  pending: number;
  cursor: number;
  tickets: number;
  problem: string | null;
  /** Each request of the timed sync: when it started (ms into the sync) and how long its answer took. */
  requests: Array<{ path: string; at: number; ms: number }>;
  /** When the timed sync started, in ms since the epoch (BENCH_TRACE's stamps are). */
  startedAt: number;
}

type BenchWindow = Window & {
  benchCatchUp: {
    setUp(e: EnrollResponse, up: number): Promise<number>;
    run(): Promise<PageResult>;
    floor(rows: number): Promise<{ fetchMs: number; writeMs: number }>;
  };
};

/**
 * `databaseUrl`: run the server on this (empty) PostgreSQL database instead of PGlite.
 * `otherOffices`: that many more offices in the store, each with a copy of the day (bench/manyOffices.ts).
 */
export async function benchCatchUp(up: number, down: number, databaseUrl?: string, otherOffices = 0): Promise<CatchUpResult> {
  const script = await bundleForBrowser('catchUpEntry.ts', 'benchCatchUp');
  return withBrowserOffice(async ({ server, browser }) => {
    // The rest of the office's day, already on the server.
    const other = await enroll(server.url, 'kiosk');
    for (let seq = 1; seq <= down; seq += 100) {
      const mutations = ticketIssues(seq, Math.min(100, down - seq + 1), other.kioskNo);
      await json<PushResponse>(`${server.url}/api/sync/push`, 'POST', { deviceId: other.deviceId, mutations }, other.token);
    }
    if (databaseUrl && otherOffices > 0) await addCopiesOfOffice(databaseUrl, PILOT_OFFICE_ID, otherOffices);
    if (databaseUrl) {
      // A day of traffic gives PostgreSQL's autovacuum time to refresh the planner's
      // statistics (it wakes every minute); this set-up took seconds, so do it now.
      // (PGlite has no autovacuum: its store analyzes by itself as tables grow.)
      const store = await openStore({ databaseUrl, migrate: false });
      await store.exec('ANALYZE');
      await store.close();
    }
    const enrollment = await enroll(server.url, 'kiosk');
    const context = await browser.newContext({ bypassCSP: true, serviceWorkers: 'block' });
    // BENCH_TRACE=1: every IndexedDB transaction of the timed sync, when it opened and how long it took.
    if (process.env.BENCH_TRACE) await context.addInitScript({ content: `var __name = globalThis.__name || ((f) => f); window.__syncLog = []; (${TRACE_IDB.toString()})();` });
    const page = await context.newPage();
    await page.goto(`${server.url}/api/health`); // any page of the server's origin
    await page.addScriptTag({ content: script });
    const pending = await page.evaluate(([e, n]) => (window as unknown as BenchWindow).benchCatchUp.setUp(e, n), [enrollment, up] as const);
    if (pending !== up) throw new Error(`catch-up set-up: ${pending} changes waiting, expected ${up}`);
    // BENCH_PROFILE=<file>: a CPU profile of the timed part (open it in Chrome's DevTools).
    const cdp = process.env.BENCH_PROFILE ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const r = await page.evaluate(() => (window as unknown as BenchWindow).benchCatchUp.run());
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(process.env.BENCH_PROFILE ?? 'catch-up.cpuprofile', JSON.stringify(profile));
    }
    // BENCH_TIMELINE=1: every request of the timed sync, when it left and how long it took.
    if (process.env.BENCH_TIMELINE) for (const q of r.requests) console.log(`${q.at.toFixed(0).padStart(6)} ms +${q.ms.toFixed(0).padStart(5)} ms ${q.path}`);
    if (process.env.BENCH_TRACE) printIdbTrace(await page.evaluate(() => (window as unknown as { __syncLog: Array<[string, number]> }).__syncLog), r.startedAt);
    if (r.problem) throw new Error(`catch-up failed: ${r.problem}`);
    // Caught up: nothing left to send, every ticket here, and the cursor past every change (the device's own included).
    if (r.pending !== 0 || r.tickets !== up + down || r.cursor < up + down) throw new Error(`catch-up did not finish: ${JSON.stringify({ ...r, requests: r.requests.length })}`);
    const floors: Array<{ fetchMs: number; writeMs: number }> = [];
    for (let i = 0; i < 2; i++) floors.push(await page.evaluate((n) => (window as unknown as BenchWindow).benchCatchUp.floor(n), r.tickets));
    const best = floors.reduce((a, b) => (b.fetchMs + b.writeMs < a.fetchMs + a.writeMs ? b : a));
    return {
      up,
      down,
      ms: r.ms,
      serverMs: r.serverMs,
      idleMs: r.idleMs,
      localTickets: r.tickets,
      floorMs: best.fetchMs + best.writeMs,
      floorFetchMs: best.fetchMs,
      floorWriteMs: best.writeMs,
    };
  }, databaseUrl ? { DATABASE_URL: databaseUrl, DEMO: '1' } : {});
}

/** BENCH_TRACE: the IndexedDB transactions of the timed sync that took 5 ms or more (opened at, ms after the sync started; how long). */
function printIdbTrace(log: ReadonlyArray<[string, number]>, startedAt: number): void {
  const open = new Map<string, number[]>();
  for (const [kind, at] of log) {
    const tag = kind.replace(/ (open|done)$/, '');
    if (kind.endsWith(' open')) open.set(tag, [...(open.get(tag) ?? []), at]);
    else {
      const from = open.get(tag)?.shift();
      if (from !== undefined && from >= startedAt && at - from >= 5) console.log(`${(from - startedAt).toFixed(0).padStart(6)} ms +${(at - from).toFixed(0).padStart(5)} ms ${tag}`);
    }
  }
}

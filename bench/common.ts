/**
 * Shared pieces of the benchmarks: a real HTTP server around the real app and store,
 * enrolment of a device through the API, and small statistics helpers.
 */
import { serve, type ServerType } from '@hono/node-server';
import { chromium, request, type Browser, type BrowserContext } from '@playwright/test';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.ts';
import type { Store } from '../server/store/index.ts';
import { randomCode } from '../shared/domain/ticket.ts';
import type { EnrollResponse, MutationEnvelope } from '../shared/sync/protocol.ts';
import { AdminApi } from '../test/e2e/support/adminApi.ts';
import { startServer, type RunningServer } from '../test/e2e/support/server.ts';

export interface HttpServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The real app on a real socket (port chosen by the system). */
export async function listen(store: Store): Promise<HttpServer> {
  const app = createApp({ store });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  // As server/main.ts does: Node's 5 s default closes a connection the client is about to
  // reuse when a round of the baseline took longer than that (ECONNRESET on a busy machine).
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function json<T>(url: string, method: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Enrolls a device of `role` through the API, as a supervisor and a device would. */
export async function enroll(base: string, role: 'kiosk' | 'counter' | 'display'): Promise<EnrollResponse> {
  const { token } = await json<{ token: string }>(`${base}/api/admin/sign-in`, 'POST', { username: 'supervisor', password: 'pilot-2026' });
  const { code } = await json<{ code: string }>(`${base}/api/admin/enrollments`, 'POST', { role }, token);
  return json<EnrollResponse>(`${base}/api/devices/enroll`, 'POST', { code });
}

/** `count` ticket.issue mutations from kiosk `kioskNo`, seq `from`…, alternating sections. */
export function ticketIssues(from: number, count: number, kioskNo: number, now = Date.now()): MutationEnvelope[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = from + i;
    const men = seq % 2 === 0;
    return {
      seq,
      name: 'ticket.issue',
      args: {
        ticketId: crypto.randomUUID(),
        sectionId: men ? 'men' : 'women',
        serviceGroup: 'residence',
        displayNumber: `${men ? 'M' : 'W'}${kioskNo}-${String(seq).padStart(5, '0')}`,
        publicCode: randomCode(10),
      },
      deviceTime: now,
      schemaVersion: 1,
      sessionId: null,
    };
  });
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export interface BrowserOffice {
  /** The real server (server/main.ts) serving the built apps. */
  readonly server: RunningServer;
  /** Debian's Chromium. */
  readonly browser: Browser;
  /** The supervisor's API (enrollment codes). */
  readonly admin: AdminApi;
}

/** Runs `bench` against a fresh real server and Chromium, and closes both afterwards. */
export async function withBrowserOffice<T>(bench: (office: BrowserOffice) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  const server = await startServer({ env });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const api = await request.newContext();
  try {
    return await bench({ server, browser, admin: new AdminApi(api, server.url) });
  } finally {
    await api.dispose();
    await browser.close();
    await server.stop();
  }
}

/**
 * An empty IndexedDB write started in a click handler, the click made as the kiosk's taps
 * are (Playwright, through the browser's input): from the click to the write's completion,
 * in a bare page of the same origin. A write started by a tap here completes only after
 * the frame that follows the input (about 13 ms), where the same write started without a
 * tap takes well under a millisecond: that wait is the browser's, before any of our code.
 */
export async function emptyWritesFromATap(context: BrowserContext, origin: string, n: number): Promise<number[]> {
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

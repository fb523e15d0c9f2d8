/**
 * Test fixtures: one real server per worker (started once, torn down at the end), the
 * supervisor API, and `newDevice()`, which opens a separate browser context per device
 * (kiosk, counter, display each have their own storage and service worker, like real
 * machines) and closes them after the test.
 */
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { AdminApi } from './adminApi.ts';
import { startServer, type RunningServer } from './server.ts';

export interface Device {
  readonly context: BrowserContext;
  readonly page: Page;
}

interface TestFixtures {
  admin: AdminApi;
  newDevice: () => Promise<Device>;
}

interface WorkerFixtures {
  server: RunningServer;
}

async function openDevice(browser: Browser, baseURL: string): Promise<Device> {
  const context = await browser.newContext({ baseURL, serviceWorkers: 'allow', locale: 'en-US', viewport: { width: 1280, height: 900 } });
  // Printing opens a dialog in a real browser; in tests it only counts.
  await context.addInitScript(() => {
    const w = window as Window & { __prints?: number };
    w.__prints = 0;
    window.print = () => {
      w.__prints = (w.__prints ?? 0) + 1;
    };
  });
  const page = await context.newPage();
  return { context, page };
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  admin: async ({ request, server }, use) => {
    await use(new AdminApi(request, server.url));
  },
  newDevice: async ({ browser, server }, use) => {
    const opened: Device[] = [];
    await use(async () => {
      const device = await openDevice(browser, server.url);
      opened.push(device);
      return device;
    });
    for (const device of opened) await device.context.close();
  },
});

export { expect };

/**
 * Every app opens with no network after one visit online: the service worker has the
 * app shell (and the translations, bundled in it) and serves /kiosk/?enroll=..., /t/<any
 * code> and the rest from its cache. It never caches the API.
 */
import { expect, test } from './support/fixtures.ts';
import { goOffline, waitForServiceWorker } from './support/network.ts';

const APPS = [
  { path: '/kiosk/', title: /Kiosk/ },
  { path: '/display/', title: /Display/ },
  { path: '/counter/', title: /Counter|الشباك|Jawazat/ },
  { path: '/admin/', title: /.+/ },
  { path: '/t/ABCDEFGHJK', title: /Jawazat|الجوازات/ },
] as const;

for (const app of APPS) {
  test(`${app.path} opens offline after one visit`, async ({ newDevice }) => {
    const { context, page } = await newDevice();
    const response = await page.goto(app.path);
    expect(response?.ok()).toBe(true);
    await waitForServiceWorker(page);
    await goOffline(context);
    await page.reload();
    await expect(page).toHaveTitle(app.title);
    // The app rendered (not the browser's offline page).
    await expect(page.locator('#app > *').first()).toBeVisible();
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  });
}

test('offline, the service worker opens links it never saw and never caches the API', async ({ newDevice }) => {
  const { context, page } = await newDevice();
  await page.goto('/t/ABCDEFGHJK');
  await waitForServiceWorker(page);
  await expect(page.getByTestId('status-text').or(page.getByRole('heading', { name: /not found|No connection/ }))).toBeVisible();
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain('/kiosk/index.html');
  expect(cached.filter((u) => u.startsWith('/api/'))).toEqual([]);

  await goOffline(context);
  // Another ticket's link, never opened before: the /t/ fallback serves the page shell.
  await page.goto('/t/XYZXYZXYZ2');
  await expect(page.getByRole('heading', { name: 'No connection' })).toBeVisible();
  // An enrollment link with a query string opens the kiosk from the precache and says why it cannot enroll.
  await page.goto('/kiosk/?enroll=ABCDEFGH');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('alert')).toContainText('No connection to the office server');
});

test('offline emulation also cuts the service worker, and without it an offline reload fails', async ({ newDevice, browser, server }) => {
  // The other offline tests rely on this: /api/ calls pass through the service worker.
  const { context, page } = await newDevice();
  const fromWorker: string[] = [];
  context.on('request', (request) => {
    if (request.serviceWorker()) fromWorker.push(new URL(request.url()).pathname);
  });
  await page.goto('/t/ABCDEFGHJK');
  await waitForServiceWorker(page);
  expect(await page.evaluate(() => fetch('/api/health', { cache: 'no-store' }).then((r) => r.status))).toBe(200);
  await goOffline(context);
  const offline = await page.evaluate(() =>
    fetch('/api/health', { cache: 'no-store' }).then(
      (r) => `reached the server (${r.status})`,
      () => 'failed',
    ),
  );
  expect(offline).toBe('failed');
  expect(fromWorker).toContain('/api/health'); // the request really went through the worker

  // Control: the same reload with service workers blocked fails, so the tests above prove the worker.
  const bare = await browser.newContext({ baseURL: server.url, serviceWorkers: 'block' });
  try {
    const barePage = await bare.newPage();
    await barePage.goto('/kiosk/');
    await bare.setOffline(true);
    await expect(barePage.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  } finally {
    await bare.close();
  }
});

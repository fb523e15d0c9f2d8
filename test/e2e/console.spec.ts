/**
 * The supervisor console on a store with a week of simulated pilot: the live floor, the
 * evaluation (charts drawn, a shift filter changes the numbers, the CSV download matches
 * the API), the scorecard and its A4 report, in Arabic (mirrored) and in English, and axe
 * on every view in both languages.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { test as base, expect } from '@playwright/test';
import { ConsolePage, type ConsoleView } from './pages/ConsolePage.ts';
import { simulateInto, startServer, type RunningServer } from './support/server.ts';

const VIEWS: readonly ConsoleView[] = ['floor', 'evaluation', 'scorecard', 'appointments', 'devices', 'officers', 'rejections', 'messages', 'settings', 'audit'];

const test = base.extend<{ console: ConsolePage }, { pilot: RunningServer }>({
  pilot: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer({ prepare: (dataDir) => simulateInto(dataDir, 7) });
      await use(server);
      await server.stop();
    },
    { scope: 'worker', timeout: 300_000 },
  ],
  console: async ({ browser, pilot }, use) => {
    const context = await browser.newContext({ baseURL: pilot.url, viewport: { width: 1440, height: 900 }, locale: 'en-US', acceptDownloads: true });
    const page = await context.newPage();
    await use(new ConsolePage(page));
    await context.close();
  },
});

const numberOf = (text: string | null): number => Number((text ?? '').replace(/[^\d.]/g, ''));

test('a supervisor reads the pilot: charts, a shift filter, and a CSV that matches the figures', async ({ console: c }) => {
  await c.signIn('en');
  await expect(c.page.getByTestId('floor-counters')).toBeVisible();
  await c.open('evaluation');
  await expect(c.evaluation).toBeVisible();
  // The charts are drawn (uPlot's canvas) and their numbers are in tables too.
  for (const id of ['chart-daily', 'chart-wait', 'chart-level']) await expect(c.page.getByTestId(id).locator('canvas').first()).toBeVisible();
  await expect(c.page.getByTestId('heat-arrivals').locator('td.heat__cell').first()).toBeVisible();
  const all = numberOf(await c.figure('Tickets').textContent());
  expect(all).toBeGreaterThan(300);

  await c.filterShift('evening');
  await expect.poll(async () => numberOf(await c.figure('Tickets').textContent())).not.toBe(all);
  const evening = numberOf(await c.figure('Tickets').textContent());
  expect(evening).toBeGreaterThan(0);
  expect(evening).toBeLessThan(all);

  // The download carries exactly the tickets the figure counts, with a byte-order mark.
  const download = c.page.waitForEvent('download');
  await c.page.getByRole('button', { name: 'Tickets (CSV)' }).click();
  const file = await readFile((await (await download).path()) ?? '');
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = file.toString('utf8').trimEnd().split('\r\n');
  expect(rows.length - 1).toBe(evening);
  // And the API agrees with both.
  const token = await c.token();
  const api = await c.page.request.get('/api/admin/metrics?shift=evening', { headers: { authorization: `Bearer ${token}` } });
  const body = (await api.json()) as { evaluation: { figures: { tickets: { tickets: number } } } };
  expect(body.evaluation.figures.tickets.tickets).toBe(evening);
});

test('the console mirrors in Arabic, and the scorecard prints as A4 pages', async ({ console: c }) => {
  await c.signIn('ar');
  await expect(c.page.locator('html')).toHaveAttribute('dir', 'rtl');
  await c.open('evaluation');
  await expect(c.evaluation).toBeVisible();
  // The heat map's weekday names stand at the right of its hours.
  const heat = c.page.getByTestId('heat-arrivals');
  const dayName = await heat.locator('tbody th').first().boundingBox();
  const firstCell = await heat.locator('tbody td').first().boundingBox();
  expect(dayName && firstCell && dayName.x > firstCell.x).toBe(true);
  await c.open('scorecard');
  await expect(c.page.getByTestId('recommendation')).toBeVisible();
  await expect(c.page.getByTestId('targets').locator('tbody tr')).toHaveCount(5);
  await expect(c.page.getByTestId('chart-daily').locator('canvas').first()).toBeVisible();
  const pdf = await c.page.pdf({ format: 'A4', printBackground: true });
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page[^s]/g) ?? [];
  expect(pages.length).toBeGreaterThanOrEqual(2);
  // A4 is 595 × 842 points.
  expect(text).toMatch(/\/MediaBox\s*\[\s*0\s+0\s+595(\.\d+)?\s+841(\.\d+)?|\/MediaBox\s*\[\s*0\s+0\s+595(\.\d+)?\s+842/);
  await c.page.emulateMedia({ media: 'print' });
  await expect(c.page.locator('.console__nav')).toBeHidden();
});

test('the messages view: each security code delivered, the mobile masked, the code hidden, in both languages', async ({ console: c }) => {
  for (const language of ['en', 'ar'] as const) {
    await c.signIn(language);
    await c.open('messages');
    const table = c.page.getByTestId('messages');
    await expect(table.locator('tbody tr').first()).toHaveAttribute('data-status', 'delivered');
    await expect(table).not.toContainText(/\d{6}/);
    await expect(table.locator('tbody tr').first().getByTestId('message-to')).toHaveText(/^\u2066…\d{4}\u2069$/);
    await expect(c.page.getByTestId('messages-median')).toContainText(language === 'en' ? 'Median time to delivery' : 'الوسيط حتى التسليم');
    await c.page.screenshot({ path: `test-results/console-messages-${language}.png` });
    await c.page.context().clearCookies();
    await c.page.evaluate(() => sessionStorage.clear());
    await c.page.reload();
  }
});

for (const language of ['en', 'ar'] as const) {
  test(`every console view has no serious accessibility violation (${language})`, async ({ console: c }) => {
    // An axe analysis of each of the console's views: about a minute alone, 1.7 min on a loaded 2-core machine.
    test.setTimeout(240_000);
    await c.signIn(language);
    for (const view of VIEWS) {
      await c.open(view);
      await expect(c.page.locator('.console__main [aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
      await expect(c.page.locator('.console__main')).not.toContainText(/Loading…|جارٍ التحميل/);
      const result = await new AxeBuilder({ page: c.page }).analyze();
      const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), `${view} (${language})`).toEqual([]);
    }
  });
}

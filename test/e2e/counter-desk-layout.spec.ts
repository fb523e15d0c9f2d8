/**
 * The transaction desk is the officer's whole screen while a transaction is open (issue
 * 14): every step of an exit & re-entry visa fits a 1366×768 screen and a 1920×1080 one
 * without scrolling, in Arabic and in English, with the step's main button in view; the
 * ticket and queue shrink to a strip; switching language keeps the step and the focus.
 */
import type { Page } from '@playwright/test';
import { generateRegistry, DEFAULT_REGISTRY } from '../../server/registry/generate.ts';
import { DEFAULT_FEES } from '../../shared/domain/fees.ts';
import { decide } from '../../shared/domain/rules.ts';
import { CounterPage } from './pages/CounterPage.ts';
import { EnrollPage } from './pages/EnrollPage.ts';
import { expect, test } from './support/fixtures.ts';
import { KioskApi } from './support/kioskApi.ts';

const today = new Date().toISOString().slice(0, 10);
const registry = generateRegistry({ ...DEFAULT_REGISTRY, today });
const request = { service: 'exitReentry.single', months: 3 } as const;
// Residents the rules let through, from the end of the registry (the other transaction tests take from the start).
const people = registry.residents.filter((r) => r.kind === 'resident' && decide(r, request, { today, fees: DEFAULT_FEES }).eligible).reverse();

/** The page does not scroll, and the element is wholly inside the window. */
async function fits(page: Page, testId: string, what: string): Promise<void> {
  const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, inner: window.innerHeight, x: document.documentElement.scrollWidth, w: window.innerWidth }));
  expect(size.scroll, `${what}: the page is taller than the screen`).toBeLessThanOrEqual(size.inner);
  expect(size.x, `${what}: the page is wider than the screen`).toBeLessThanOrEqual(size.w);
  const box = await page.getByTestId(testId).boundingBox();
  expect(box, `${what}: ${testId} is shown`).not.toBeNull();
  expect((box?.y ?? 0) + (box?.height ?? 0), `${what}: ${testId} is below the fold`).toBeLessThanOrEqual(size.inner);
}

const SCREENS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

for (const [i, screen] of SCREENS.entries()) {
  test(`every step of a visa fits ${screen.width}×${screen.height} in English and Arabic`, async ({ admin, newDevice, request: http, server }) => {
    test.setTimeout(180_000);
    const person = people[i];
    if (!person) throw new Error('the registry has too few residents for this test');
    const kiosk = await KioskApi.enroll(http, server.url, admin);
    const [ticket] = await kiosk.issue(1, 'women', { service: 'exitReentry.single' });
    const { page } = await newDevice();
    await page.setViewportSize(screen);
    await new EnrollPage(page).enroll('counter', (await admin.createEnrollment('counter')).code);
    const desk = new CounterPage(page);
    await desk.signIn(`100${7 + i}`, '1234', 7 + i);
    await expect(desk.queued(ticket?.displayNumber ?? '')).toBeVisible({ timeout: 30_000 });
    await desk.callUntil(ticket?.displayNumber ?? '');
    await desk.start();
    await fits(page, 'begin-transaction', 'the work screen');

    const shot = (name: string) => page.screenshot({ path: `test-results/desk-${screen.width}-${name}.png` });
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? document.activeElement?.tagName ?? '');
    const both = async (testId: string, name: string): Promise<void> => {
      await fits(page, testId, `${name} in English`);
      await shot(`${name}-en`);
      const step = await page.getByTestId('desk').getAttribute('data-step');
      const focus = await focused();
      await page.getByRole('button', { name: 'العربية' }).click();
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      // The same step, and the focus back where the officer was.
      await expect(page.getByTestId('desk')).toHaveAttribute('data-step', step ?? '');
      expect(await focused(), `${name}: the focus after switching language`).toBe(focus);
      await fits(page, testId, `${name} in Arabic`);
      await shot(`${name}-ar`);
      await page.getByRole('button', { name: 'English' }).click();
      await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
      expect(await focused()).toBe(focus);
    };

    await page.getByTestId('begin-transaction').click();
    await expect(page.getByTestId('desk-id-number')).toBeFocused();
    await both('desk-find', 'identify');
    await page.getByTestId('desk-id-number').fill(person.idNumber);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('desk-code')).toBeFocused();
    await both('desk-verify', 'code');
    const code = await expect
      .poll(() => [...server.output().matchAll(new RegExp(`\\[sms\\] to …${person.mobile.slice(-4)}: security code (\\d{6})`, 'g'))].at(-1)?.[1] ?? '')
      .toMatch(/^\d{6}$/)
      .then(() => [...server.output().matchAll(new RegExp(`\\[sms\\] to …${person.mobile.slice(-4)}: security code (\\d{6})`, 'g'))].at(-1)?.[1] ?? '');
    await page.getByTestId('desk-code').fill(code);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('desk')).toHaveAttribute('data-step', 'form');
    // Nationality by name, dates written out, in either language.
    await expect(page.getByTestId('person-nationality')).not.toHaveText(/^[A-Z]{3}$/);
    await expect(page.getByTestId('person-iqama-expiry')).toHaveText(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    await both('desk-continue', 'form');
    await page.getByTestId('desk-continue').click();
    await expect(page.getByTestId('desk-accept')).toBeFocused();
    await both('desk-accept', 'quote');
    // An amount is never broken over two lines.
    const lines = await page.getByTestId('desk-total').evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines, 'the total on one line').toBe(1);
    await page.getByTestId('desk-accept').click();
    await expect(page.getByTestId('desk-paid')).toBeFocused();
    await both('desk-paid', 'payment');
    await page.getByTestId('desk-paid').click();
    await expect(page.getByTestId('desk-submit')).toBeFocused();
    await both('desk-submit', 'review');
    await page.getByTestId('desk-submit').click();
    await expect(page.getByTestId('desk-completed')).toBeVisible({ timeout: 30_000 });
    await both('desk-receipt', 'done');
    // Leave the shared server's counter free: other specs sign in at the same counters.
    await page.getByTestId('desk-finish').click();
    await expect(page.getByTestId('desk')).toBeHidden();
    await desk.complete();
    await expect(desk.currentTicket).toHaveText('No ticket');
  });
}

/**
 * The counter's queue tools from the keyboard and the queue panel: call a ticket out of
 * turn (a reason is required), park the one being served and call the next, resume the
 * parked one, and transfer it to another service, where it waits again in its old place.
 * The server's public status of each ticket confirms what the screen shows.
 */
import { CounterPage } from './pages/CounterPage.ts';
import { EnrollPage } from './pages/EnrollPage.ts';
import { expect, test } from './support/fixtures.ts';
import { KioskApi } from './support/kioskApi.ts';

test('call out of turn, park, resume and transfer at the counter', async ({ admin, newDevice, request, server }) => {
  const kiosk = await KioskApi.enroll(request, server.url, admin);
  const [first, second, third] = await kiosk.issue(3, 'women');
  if (!first || !second || !third) throw new Error('tickets were not issued');
  const counter = await newDevice();
  await new EnrollPage(counter.page).enroll('counter', (await admin.createEnrollment('counter')).code);
  const desk = new CounterPage(counter.page);
  await desk.signIn('1006', '1234', 6);
  const page = counter.page;
  await expect(desk.queued(third.displayNumber)).toBeVisible({ timeout: 30_000 });

  await test.step('a call out of turn needs a reason, and then calls that ticket', async () => {
    await page.getByRole('button', { name: `Call ${third.displayNumber}` }).click();
    const dialog = page.getByRole('dialog', { name: `Call ${third.displayNumber} out of turn` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: `Call ${third.displayNumber}` }).click();
    await expect(dialog).toBeVisible(); // no reason yet: nothing happens
    await dialog.getByLabel('Reason').fill('Wheelchair user');
    await page.keyboard.press('Enter');
    await expect(desk.currentTicket).toHaveText(third.displayNumber);
    await expect.poll(async () => (await admin.publicTicket(third.publicCode))?.status).toBe('called');
  });

  await test.step('park it (P), serve the next, then resume it from the panel', async () => {
    await page.keyboard.press('KeyS');
    await expect(desk.button('Complete')).toBeEnabled();
    await page.keyboard.press('KeyP');
    await expect(desk.currentTicket).toHaveText('No ticket');
    const parked = page.getByTestId('parked');
    await expect(parked).toContainText(third.displayNumber);
    await desk.callNext();
    await desk.button('No-show').click();
    await expect(desk.button('Call next')).toBeEnabled();
    await parked.getByRole('button', { name: `Resume ${third.displayNumber}` }).click();
    await expect(desk.currentTicket).toHaveText(third.displayNumber);
    await expect(desk.button('Complete')).toBeEnabled();
  });

  await test.step('transfer it (T) to final exit: it waits again, in its old place', async () => {
    await page.keyboard.press('KeyT');
    const dialog = page.getByRole('dialog', { name: `Transfer ${third.displayNumber}` });
    await dialog.getByLabel('To service').selectOption({ label: 'Final exit' });
    await dialog.getByLabel('Reason (optional)').fill('Needs a final exit visa');
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await expect(desk.currentTicket).toHaveText('No ticket');
    await expect.poll(async () => (await admin.publicTicket(third.publicCode))?.status).toBe('waiting');
    await expect(page.getByTestId('summary-finalExit')).toBeVisible();
  });
});

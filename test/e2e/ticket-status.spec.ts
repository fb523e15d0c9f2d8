/**
 * The resident's phone (/t/<code>): the place and estimated wait, leaving the queue
 * (confirmed first; the counter no longer sees the ticket), and after service the
 * one-question survey, which the server records once.
 */
import { CounterPage } from './pages/CounterPage.ts';
import { EnrollPage } from './pages/EnrollPage.ts';
import { TicketStatusPage } from './pages/TicketStatusPage.ts';
import { expect, test } from './support/fixtures.ts';
import { KioskApi } from './support/kioskApi.ts';

test('the phone shows the wait, leaves the queue, and answers the survey after service', async ({ admin, newDevice, request, server }) => {
  const kiosk = await KioskApi.enroll(request, server.url, admin);
  const [leaving, served] = await kiosk.issue(2, 'women');
  if (!leaving || !served) throw new Error('tickets were not issued');
  const counter = await newDevice();
  await new EnrollPage(counter.page).enroll('counter', (await admin.createEnrollment('counter')).code);
  const desk = new CounterPage(counter.page);
  await desk.signIn('1007', '1234', 7);
  await expect(desk.queued(leaving.displayNumber)).toBeVisible({ timeout: 30_000 });

  const phone = await newDevice();
  const status = new TicketStatusPage(phone.page);

  await test.step('waiting: the phone shows the estimated wait, and leaving asks first', async () => {
    await status.open(leaving.publicCode);
    await expect(status.status).toHaveAttribute('data-status', 'waiting');
    await expect(phone.page.getByTestId('status-estimate')).toHaveText(/^Expected wait: \d+–\d+ minutes$/);
    await phone.page.getByRole('button', { name: 'Leave the queue' }).click();
    await phone.page.getByRole('button', { name: 'No, stay' }).click();
    await expect(status.status).toHaveAttribute('data-status', 'waiting');
    await phone.page.getByRole('button', { name: 'Leave the queue' }).click();
    await phone.page.getByRole('button', { name: 'Yes, leave' }).click();
    await expect(status.status).toHaveAttribute('data-status', 'cancelled');
    await expect(desk.queued(leaving.displayNumber)).toHaveCount(0, { timeout: 30_000 }); // the counter hears of it
  });

  await test.step('served: the survey opens on the phone and is recorded once', async () => {
    await desk.callUntil(served.displayNumber);
    await desk.start();
    await desk.complete();
    await expect.poll(async () => (await admin.publicTicket(served.publicCode))?.status, { timeout: 30_000 }).toBe('done');
    await status.open(served.publicCode);
    await expect(status.status).toHaveAttribute('data-status', 'done');
    const survey = phone.page.getByRole('form', { name: 'How was your visit?' });
    const send = survey.getByRole('button', { name: 'Send' });
    await expect(send).toBeDisabled(); // no score yet
    await survey.getByRole('radio', { name: '4 of 5' }).check();
    await survey.getByLabel('Anything to add? (optional)').fill('Quick and kind');
    await send.click();
    await expect(phone.page.getByText('Thank you for your answer.')).toBeVisible();
    await phone.page.reload();
    await expect(status.status).toHaveAttribute('data-status', 'done');
    await expect(phone.page.getByRole('form', { name: 'How was your visit?' })).toHaveCount(0);
  });
});

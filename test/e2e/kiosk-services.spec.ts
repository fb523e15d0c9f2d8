/**
 * The catalogue at the kiosk (what to bring, the fee range from configuration), an
 * identity number typed at the kiosk (refused with the reason when wrong; sealed before it
 * is stored, so the kiosk's storage never holds it readable; shown only to the counter
 * serving the ticket), and appointment check-in with a booking code, online and offline.
 */
import type { Page } from '@playwright/test';
import { CounterPage } from './pages/CounterPage.ts';
import { EnrollPage } from './pages/EnrollPage.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { pendingChanges, readAll } from './support/deviceData.ts';
import { expect, test } from './support/fixtures.ts';
import { goOffline, goOnline, waitForServiceWorker } from './support/network.ts';

/** A valid iqama number (Luhn) of the seeded registry's first resident. */
const RESIDENT = '2100000005';

async function everythingStored(page: Page): Promise<string> {
  const stores = ['outbox', 'tickets', 'serverTickets', 'rejections', 'meta'];
  const rows = await Promise.all(stores.map((s) => readAll<unknown>(page, 'jawazat-kiosk', s)));
  return JSON.stringify(rows);
}

test('services with what to bring and the fee; a typed number reaches only the serving counter', async ({ admin, newDevice }) => {
  test.setTimeout(150_000);
  const kiosk = await newDevice();
  await new EnrollPage(kiosk.page).enroll('kiosk', (await admin.createEnrollment('kiosk')).code);
  const page = kiosk.page;
  const kioskPage = new KioskPage(page);
  let number = '';

  await test.step('the residence services show what to bring and their fee ranges', async () => {
    await kioskPage.chooseLanguage('English');
    await kioskPage.chooseSection("Women's section");
    await page.getByRole('button', { name: 'Elderly (60+)' }).click();
    await kioskPage.chooseService('Residence');
    const renew = page.getByRole('button', { name: 'Renew an iqama' });
    await expect(renew).toContainText('Bring: Iqama, Passport, and Valid health insurance');
    await expect(renew).toContainText('Fee: SAR 650 to 10,250, plus fees for dependants and a penalty if renewed late');
    await expect(page.getByRole('button', { name: 'Send my printed iqama by post' })).toContainText('Fee: SAR 30');
    await renew.click();
  });

  await test.step('a wrong number is refused with the reason; a valid one makes the ticket', async () => {
    await kioskPage.giveNumber('21234');
    await expect(kioskPage.numberProblem).toHaveText('The number has 10 digits. You typed 5.');
    await kioskPage.giveNumber('2123456781');
    await expect(kioskPage.numberProblem).toHaveText('This number is not valid. Please check each digit.');
    await kioskPage.giveNumber('5123456789');
    await expect(kioskPage.numberProblem).toHaveText('An iqama number starts with 2, a border number with 3 or 4.');
    await kioskPage.giveNumber(RESIDENT);
    await expect(kioskPage.ticketNumber).toHaveText(/^W\d{1,2}-\d{3}$/);
    number = (await kioskPage.ticketNumber.textContent()) ?? '';
    await expect(page.getByTestId('ticket')).toContainText('Renew an iqama');
    await expect(page.getByTestId('ticket')).not.toContainText(RESIDENT);
    // Sealed before it was stored: not readable anywhere in the kiosk's database.
    expect(await everythingStored(page)).not.toContain(RESIDENT);
    await kioskPage.done();
    await expect.poll(() => pendingChanges(page, 'jawazat-kiosk'), { timeout: 30_000 }).toBe(0);
  });

  await test.step('the counter serving the ticket sees the number when the officer asks', async () => {
    const counter = await newDevice();
    await new EnrollPage(counter.page).enroll('counter', (await admin.createEnrollment('counter')).code);
    const desk = new CounterPage(counter.page);
    await desk.signIn('1008', '1234', 8);
    await expect(desk.queued(number)).toBeVisible({ timeout: 30_000 });
    await counter.page.getByRole('button', { name: `Call ${number}` }).click();
    const dialog = counter.page.getByRole('dialog', { name: `Call ${number} out of turn` });
    await dialog.getByLabel('Reason').fill('Resident typed a number at the kiosk');
    await counter.page.keyboard.press('Enter');
    await expect(desk.currentTicket).toHaveText(number);
    await expect(counter.page.getByTestId('ticket-service')).toHaveText('Renew an iqama');
    await counter.page.getByRole('button', { name: 'Show the number the resident gave' }).click();
    await expect(counter.page.getByTestId('id-number')).toHaveText(RESIDENT);
    await expect(counter.page.getByText('(typed at the kiosk)')).toBeVisible();
    await desk.start();
    // The transaction desk takes the same number without typing it (looked up, and audited, again).
    await counter.page.getByTestId('begin-transaction').click();
    await counter.page.getByTestId('desk-given-number').click();
    await expect(counter.page.getByTestId('person-number')).toHaveText(RESIDENT);
    await counter.page.getByTestId('desk-cancel').click();
    await counter.page.getByTestId('desk-cancel-reason').fill('Only checking the number');
    await counter.page.getByTestId('desk-cancel-confirm').click();
    await expect(counter.page.getByTestId('desk')).toBeHidden();
    await desk.complete(); // leave the shared server's counter free for other tests
    await expect(desk.currentTicket).toHaveText('No ticket');
  });
});

test('appointment check-in with a booking code, in Arabic and offline', async ({ admin, newDevice }) => {
  test.setTimeout(150_000);
  const soon = Date.now() + 5 * 60_000;
  const men = await admin.bookAppointment({ sectionId: 'men', service: 'iqama.renew', slotAt: soon });
  const women = await admin.bookAppointment({ sectionId: 'women', service: 'exitReentry.single', slotAt: soon + 5 * 60_000 });
  const kiosk = await newDevice();
  await new EnrollPage(kiosk.page).enroll('kiosk', (await admin.createEnrollment('kiosk')).code);
  await waitForServiceWorker(kiosk.page);
  const page = kiosk.page;
  const kioskPage = new KioskPage(page);
  // The kiosk fetched today's bookings (as hashes) when it started.
  await expect
    .poll(async () => (await readAll<{ key: string; value: string }>(page, 'jawazat-kiosk', 'meta')).find((r) => r.key === 'kioskDay')?.value ?? '')
    .toContain(women.appointmentId);

  await test.step('in Arabic: an unknown code is explained, the right one checks in', async () => {
    await kioskPage.chooseLanguage('العربية');
    await page.getByRole('button', { name: 'الرجال' }).click();
    await page.getByRole('button', { name: /لدي موعد/ }).click();
    await page.locator('#booking-code').fill('ZZZZZZZZ');
    await page.getByRole('button', { name: 'تسجيل الحضور' }).click();
    await expect(page.locator('#booking-code-problem')).toHaveText(/لم نجد رمز الحجز هذا/);
    await page.locator('#booking-code').fill(men.code.toLowerCase());
    await page.getByRole('button', { name: 'تسجيل الحضور' }).click();
    await expect(kioskPage.ticketNumber).toHaveText(/^M\d{1,2}-\d{3}$/);
    await expect(page.getByTestId('ticket-appointment')).toContainText('موعدك');
    await page.getByRole('button', { name: 'تم' }).click();
  });

  await test.step('offline, the kiosk still checks a booking in, once', async () => {
    await goOffline(kiosk.context);
    await kioskPage.chooseLanguage('English');
    await kioskPage.chooseSection("Men's section");
    await page.getByRole('button', { name: /I have an appointment/ }).click();
    // As a code scanner types: the code and its Enter in one go, before the screen has drawn the code
    // (the screen once sent the code of its last render, empty, and nothing happened).
    await page.locator('#booking-code').evaluate((input: HTMLInputElement, code: string) => {
      input.value = code;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.form?.requestSubmit();
    }, women.code);
    await expect(kioskPage.ticketNumber).toHaveText(/^W\d{1,2}-\d{3}$/); // the booking's section
    const womenTicket = (await kioskPage.ticketNumber.textContent()) ?? '';
    await kioskPage.done();
    await kioskPage.chooseLanguage('English');
    await kioskPage.chooseSection("Men's section");
    await page.getByRole('button', { name: /I have an appointment/ }).click();
    await page.locator('#booking-code').fill(women.code);
    await page.keyboard.press('Enter');
    await expect(page.locator('#booking-code-problem')).toHaveText('This booking was already checked in. Please ask a staff member.');
    await page.getByRole('button', { name: 'Take an ordinary ticket' }).click();
    await expect(page.getByRole('button', { name: /Enquiries/ })).toBeVisible();
    await goOnline(kiosk.context);
    await expect.poll(() => pendingChanges(page, 'jawazat-kiosk'), { timeout: 30_000 }).toBe(0);
    await expect
      .poll(async () => (await admin.appointments()).filter((a) => a.appointmentId === men.appointmentId || a.appointmentId === women.appointmentId).map((a) => [a.status, a.ticketNumber]))
      .toEqual([
        ['checkedIn', expect.stringMatching(/^M\d{1,2}-\d{3}$/)],
        ['checkedIn', womenTicket],
      ]);
  });
});

test('the supervisor books an appointment in the console and sees the day, without codes or numbers', async ({ newDevice }) => {
  const { page } = await newDevice();
  await page.goto('/admin/#appointments');
  // The sign-in screen always offers both languages (isVisible would not wait for it to render).
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByLabel('Username').fill('supervisor');
  await page.getByLabel('Password').fill('pilot-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Book an appointment' })).toBeVisible();
  await page.getByLabel('Section', { exact: true }).selectOption({ label: "Women's section" });
  await page.getByLabel('Service', { exact: true }).selectOption({ label: 'Transfer of sponsorship' });
  await page.getByLabel('Iqama or border number (optional)').fill('2123456781');
  await page.getByRole('button', { name: 'Book', exact: true }).click();
  // Nothing is sent while the form has problems: a time is missing, the number fails Luhn.
  await expect(page.getByText('Choose a time.')).toBeVisible();
  await expect(page.getByText('This is not a valid iqama or border number (10 digits).')).toBeVisible();
  const tomorrow = new Date(Date.now() + 86_400_000 + 3 * 3_600_000).toISOString().slice(0, 10); // Riyadh is UTC+3
  await page.getByLabel('Date', { exact: true }).fill(tomorrow);
  await page.getByLabel('Time (office time)').fill('10:30');
  await page.getByLabel('Iqama or border number (optional)').fill(RESIDENT);
  await page.getByRole('button', { name: 'Book', exact: true }).click();
  await expect(page.getByTestId('booking-code')).toHaveText(/^[2-9A-HJ-NP-Z]{8}$/);
  const code = (await page.getByTestId('booking-code').textContent()) ?? '';
  await page.getByLabel('Day', { exact: true }).fill(tomorrow);
  await page.getByLabel('Day', { exact: true }).dispatchEvent('change');
  const row = page.getByTestId('appointments').getByRole('row').filter({ hasText: 'Transfer of sponsorship' });
  await expect(row.filter({ hasText: '10:30' })).toHaveCount(1);
  await expect(row.filter({ hasText: '10:30' })).toContainText('booked');
  await expect(page.getByTestId('appointments')).not.toContainText(code);
  await expect(page.getByTestId('appointments')).not.toContainText(RESIDENT);
});

/**
 * Counter transactions on the built app against the seeded registry: an iqama renewal
 * from the keyboard (key presses counted) with a receipt whose QR page verifies it; a
 * multiple exit & re-entry visa with a reload in the middle (it resumes at the same step)
 * and an offline submission that completes when the network returns; and the store
 * refusing what a counter approved because another counter changed the record meanwhile.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { generateRegistry, DEFAULT_REGISTRY } from '../../server/registry/generate.ts';
import { DEFAULT_FEES } from '../../shared/domain/fees.ts';
import type { ResidentRecord } from '../../shared/domain/resident.ts';
import { decide, type ServiceRequest } from '../../shared/domain/rules.ts';
import { CounterPage } from './pages/CounterPage.ts';
import { DeskPage } from './pages/DeskPage.ts';
import { EnrollPage } from './pages/EnrollPage.ts';
import { outboxOf, readAll } from './support/deviceData.ts';
import { expect, test } from './support/fixtures.ts';
import { KioskApi } from './support/kioskApi.ts';
import { goOffline, goOnline } from './support/network.ts';

const today = new Date().toISOString().slice(0, 10);
const registry = generateRegistry({ ...DEFAULT_REGISTRY, today });
const used = new Set<string>();

/** Where a resident's sponsor hears of their record (Ishaar): the establishment's contact, or the head of family's mobile in Arabic. */
function sponsorContact(r: ResidentRecord): { mobile: string; language: string } | null {
  if (r.sponsor.kind === 'establishment') {
    const id = r.sponsor.establishmentId;
    return registry.establishments.find((e) => e.establishmentId === id)?.contact ?? null;
  }
  const id = r.sponsor.idNumber;
  const head = registry.residents.find((p) => p.idNumber === id);
  return head ? { mobile: head.mobile, language: 'ar' } : null;
}

/** A resident the rules let through for `request` (each test takes its own); `arabicSponsor`: one whose sponsor reads Arabic. */
function residentFor(request: ServiceRequest, arabicSponsor = false): ResidentRecord {
  const found = registry.residents.find(
    (r) =>
      !used.has(r.idNumber) &&
      r.kind === 'resident' &&
      (!arabicSponsor || sponsorContact(r)?.language === 'ar') &&
      decide(r, request, { today, fees: DEFAULT_FEES }).eligible,
  );
  if (!found) throw new Error(`no resident in the registry can have ${request.service}`);
  used.add(found.idNumber);
  return found;
}

/** The security codes the demo server "sent" to `mobile` so far (it prints each SMS, with the mobile's last four digits, instead of sending it). */
function codesTo(output: string, mobile: string): Set<string> {
  return new Set([...output.matchAll(new RegExp(`\\[sms\\] to …${mobile.slice(-4)}: security code (\\d{6})`, 'g'))].map((m) => m[1] ?? ''));
}

/** The code sent to `mobile` after `seen` was taken (two counters may serve one person at once). */
async function newCode(output: () => string, mobile: string, seen: Set<string>): Promise<string> {
  let code = '';
  await expect
    .poll(() => {
      code = [...codesTo(output(), mobile)].find((c) => !seen.has(c)) ?? '';
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code;
}

/** Counts what the officer does beyond typing the number and the code. */
class Keys {
  count = 0;
  constructor(private readonly page: Page) {}
  async press(key: string): Promise<void> {
    this.count += 1;
    await this.page.keyboard.press(key);
  }
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }
}

async function openCounter(newDevice: () => Promise<{ page: Page; context: BrowserContext }>, admin: { createEnrollment(role: 'counter'): Promise<{ code: string }> }, badge: string, counterId: number) {
  const device = await newDevice();
  await new EnrollPage(device.page).enroll('counter', (await admin.createEnrollment('counter')).code);
  const counter = new CounterPage(device.page);
  await counter.signIn(badge, '1234', counterId);
  return { ...device, counter, desk: new DeskPage(device.page) };
}

test('an iqama renewal from the keyboard: at most 12 presses from "call next" to the receipt, which verifies', async ({ admin, newDevice, request, server, baseURL }) => {
  test.setTimeout(150_000);
  const person = residentFor({ service: 'iqama.renew', months: 12 }, true);
  const kiosk = await KioskApi.enroll(request, server.url, admin);
  const [ticket] = await kiosk.issue(1, 'men', { service: 'iqama.renew' });
  const { page, counter, desk } = await openCounter(newDevice, admin, '1003', 3);
  await expect(counter.queued(ticket?.displayNumber ?? '')).toBeVisible({ timeout: 30_000 });
  const keys = new Keys(page);

  await test.step('call next (clearing tickets other tests left) and start', async () => {
    for (let i = 0; i < 30; i++) {
      keys.count = 0;
      await keys.press('n');
      await expect(counter.currentTicket).toHaveText(/[A-Z]\d{1,2}-\d{3}/);
      if ((await counter.currentTicket.textContent())?.trim() === ticket?.displayNumber) break;
      await counter.button('No-show').click();
      await expect(counter.button('Call next')).toBeEnabled();
    }
    await expect(counter.currentTicket).toHaveText(ticket?.displayNumber ?? '');
    await keys.press('s');
    await expect(counter.button('Complete')).toBeEnabled();
  });

  let receiptCode = '';
  await test.step('the renewal, step by step, with Enter', async () => {
    await keys.press('b');
    await expect(desk.idNumber).toBeFocused();
    await expect(desk.title('Renew an iqama')).toBeVisible();
    const seen = codesTo(server.output(), person.mobile);
    await keys.type(person.idNumber);
    await keys.press('Enter');
    await expect(desk.personNumber).toHaveText(person.idNumber);
    await expect(desk.code).toBeFocused();
    await keys.type(await newCode(server.output, person.mobile, seen));
    await keys.press('Enter');
    await expect(desk.continueButton).toBeFocused();
    await keys.press('Enter');
    await expect(desk.fees).toContainText('Residence fee (12 months)');
    await expect(desk.acceptButton).toBeFocused();
    await keys.press('Enter');
    await expect(desk.paidButton).toBeFocused();
    await keys.press('Enter');
    await expect(desk.submitButton).toBeFocused();
    await keys.press('Enter');
    await desk.expectCompleted();
    await expect(desk.outcome).toContainText('New iqama expiry:');
    await expect(desk.receiptButton).toBeFocused();
    await keys.press('Enter');
    await expect(desk.receipt).toBeVisible();
    receiptCode = (await desk.receiptCode.textContent()) ?? '';
    expect(receiptCode).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
    expect(keys.count, 'presses and clicks from "call next" to the receipt').toBeLessThanOrEqual(12);
  });

  await test.step('the receipt shows no name and its QR page confirms it without personal data', async () => {
    await expect(desk.receipt).not.toContainText(person.name.en);
    await expect(desk.receipt).not.toContainText(person.idNumber);
    await expect(desk.receipt).toContainText(person.idNumber.slice(-4));
    const verify = await request.get(`${baseURL}/v/${receiptCode}`);
    expect(verify.status()).toBe(200);
    const html = await verify.text();
    expect(html).toContain('Genuine Jawazat receipt');
    expect(html).toContain('Iqama renewal');
    expect(html).not.toContain(person.idNumber);
    expect(html).not.toContain(person.name.en);
    expect((await request.get(`${baseURL}/v/ABCDEFGHJKMN`)).status()).toBe(404);
  });

  await test.step('the sponsor hears of it in Arabic, the resident named by the last four digits only (Ishaar)', async () => {
    const sponsor = sponsorContact(person);
    if (!sponsor) throw new Error('the chosen resident has a sponsor with a mobile');
    // The demo's local inbox prints what it delivers: "[sms] to …1234: <text>".
    const notice = new RegExp(`\\[sms\\] to …${sponsor.mobile.slice(-4)}: الجوازات: أُنجزت معاملة "[^"]+" للمقيم رقم …${person.idNumber.slice(-4)} في `);
    await expect.poll(() => notice.test(server.output()), { timeout: 20_000 }).toBe(true);
  });

  await test.step('the printed iqama goes into a postal parcel: the address is checked, the same person needs no new lookup', async () => {
    await desk.parcel();
    await expect(desk.title('Send my printed iqama by post')).toBeVisible();
    await expect(desk.personNumber).toHaveText(person.idNumber);
    await desk.shortAddress.fill('RRR2929');
    await desk.continue();
    await expect(desk.failures).toHaveText('Address: Short National Address (e.g. RRRD2929) is not 4 letters and 4 digits (e.g. RRRD2929).');
    await desk.back();
    await desk.shortAddress.fill('rrrd2929');
    await desk.continue();
    await expect(desk.total).toHaveText(/SAR\u00a0\d+/);
    await desk.accept();
    await desk.pay();
    await desk.submit();
    await desk.expectCompleted();
  });

  await test.step('finishing leaves nothing personal on the counter', async () => {
    await desk.finish();
    await expect(desk.root).toBeHidden();
    expect(await readAll(page, 'jawazat-counter', 'drafts')).toEqual([]);
    await counter.complete();
    await expect(counter.currentTicket).toHaveText('No ticket');
  });
});

test('a multiple exit & re-entry visa: a reload resumes the step, an offline submission completes on reconnect', async ({ admin, newDevice, request, server }) => {
  test.setTimeout(150_000);
  const person = residentFor({ service: 'exitReentry.multiple', months: 3 });
  const kiosk = await KioskApi.enroll(request, server.url, admin);
  const [ticket] = await kiosk.issue(1, 'men', { service: 'exitReentry.multiple' });
  const { page, context, counter, desk } = await openCounter(newDevice, admin, '1004', 4);
  await expect(counter.queued(ticket?.displayNumber ?? '')).toBeVisible({ timeout: 30_000 });
  await counter.callUntil(ticket?.displayNumber ?? '');
  await counter.start();

  await test.step('identify and verify the code', async () => {
    await desk.begin();
    const seen = codesTo(server.output(), person.mobile);
    await desk.identify(person.idNumber);
    await desk.enterCode(await newCode(server.output, person.mobile, seen));
    await desk.expectStep('form');
  });

  await test.step('the draft is encrypted at rest; a reload resumes the same step with the same person', async () => {
    const drafts = await readAll<{ data: unknown }>(page, 'jawazat-counter', 'drafts');
    expect(drafts).toHaveLength(1);
    expect(JSON.stringify(drafts)).not.toContain(person.idNumber);
    await page.reload();
    await desk.expectStep('form', 30_000);
    await expect(desk.personNumber).toHaveText(person.idNumber);
    await expect(desk.resumedNote).toBeVisible();
  });

  await test.step('offline, the officer still checks eligibility, takes payment and submits; it completes on reconnect', async () => {
    await goOffline(context);
    await desk.months.selectOption('3');
    await desk.continue();
    await expect(desk.fees).toContainText('Visa fee');
    await desk.accept();
    await desk.pay('A1B2C3');
    await desk.submit();
    await expect(desk.waiting).toContainText('will be sent by itself when the network returns');
    // The counter has tried to send the submission and it is still unsent: the store has
    // not seen it, so the desk can only be waiting (a condition, not a pause that hopes).
    await expect
      .poll(async () => (await outboxOf(page, 'jawazat-counter', 'transaction.submit')).map((r) => ({ status: r.status, tried: r.attempts > 0 })))
      .toEqual([{ status: 'pending', tried: true }]);
    await expect(desk.waiting).toBeVisible();
    await expect(desk.completed).toBeHidden();
    await goOnline(context);
    await desk.expectCompleted();
    await expect(desk.outcome).toContainText(/Visa number: \d{10}/);
    await expect(desk.outcome).toContainText('3 months abroad allowed');
    await desk.printReceipt();
    await desk.finish();
    await counter.complete();
    await expect(counter.currentTicket).toHaveText('No ticket');
  });
});

test('the store refuses what a counter approved when another counter changed the record meanwhile', async ({ admin, newDevice, request, server }) => {
  test.setTimeout(180_000);
  const person = residentFor({ service: 'exitReentry.single', months: 2 });
  const kiosk = await KioskApi.enroll(request, server.url, admin);
  const [first, second] = await kiosk.issue(2, 'men', { service: 'exitReentry.single' });
  const a = await openCounter(newDevice, admin, '1002', 2);
  const b = await openCounter(newDevice, admin, '1003', 3);

  /** Takes counter `c` through the visa up to the review step. */
  async function toReview(c: typeof a, number: string): Promise<void> {
    await expect(c.counter.queued(number)).toBeVisible({ timeout: 30_000 });
    await c.page.getByRole('button', { name: `Call ${number}` }).click();
    await c.page.getByRole('dialog').getByLabel('Reason').fill('Same resident at two counters');
    await c.page.keyboard.press('Enter');
    await expect(c.counter.currentTicket).toHaveText(number);
    await c.counter.start();
    await c.desk.begin();
    const seen = codesTo(server.output(), person.mobile);
    await c.desk.identify(person.idNumber);
    await c.desk.enterCode(await newCode(server.output, person.mobile, seen));
    await c.desk.continue();
    await c.desk.accept();
    await c.desk.pay();
    await expect(c.desk.submitButton).toBeVisible();
  }

  await toReview(a, first?.displayNumber ?? '');
  await toReview(b, second?.displayNumber ?? '');
  await b.desk.submit();
  await b.desk.expectCompleted();
  await a.desk.submit();
  await a.desk.expectRejected();
  await expect(a.desk.failures).toContainText(/Visa \d{10} is still valid/);
  await expect(a.desk.recordChanged).toHaveText("The person's record changed after this counter looked it up.");
  for (const c of [a, b]) {
    await c.desk.finish();
    await c.counter.complete();
    await expect(c.counter.currentTicket).toHaveText('No ticket');
  }
});

test('a query by name (Latin spelling) is recorded; a transaction cancelled with a reason keeps nothing on the counter', async ({ admin, newDevice, request, server }) => {
  test.setTimeout(150_000);
  const person = registry.residents.find((r) => !used.has(r.idNumber) && r.kind === 'resident' && /^(Mohammed|Muhammad) /.test(r.name.en));
  if (!person) throw new Error('no Mohammed in the registry');
  used.add(person.idNumber);
  const kiosk = await KioskApi.enroll(request, server.url, admin);
  const [first, second] = await kiosk.issue(2, 'men', { service: 'query.resident' });
  const { page, counter, desk } = await openCounter(newDevice, admin, '1002', 2);
  await expect(counter.queued(second?.displayNumber ?? '')).toBeVisible({ timeout: 30_000 });
  await counter.callUntil(first?.displayNumber ?? '');
  await counter.start();

  await test.step('found by name in another spelling, the record shown, the query recorded', async () => {
    await desk.begin();
    await expect(desk.title('Information about my record')).toBeVisible();
    const family = person.name.en.split(' ').at(-1) ?? '';
    await desk.findByName(`Mohamad ${family.toLowerCase()}`, person.idNumber);
    await expect(desk.personCard).toContainText('Driving licence');
    await desk.submit();
    await expect(desk.completed).toContainText('Enquiry recorded', { timeout: 30_000 });
    await desk.finish();
    await counter.complete();
  });

  await test.step('cancelled with a reason: the draft is gone and the reason reaches the store', async () => {
    await counter.callUntil(second?.displayNumber ?? '');
    await counter.start();
    await desk.begin();
    await desk.identify(person.idNumber);
    await expect(desk.personNumber).toHaveText(person.idNumber);
    await desk.cancel('Resident asked to stop');
    await expect(desk.root).toBeHidden();
    await expect.poll(() => readAll(page, 'jawazat-counter', 'drafts')).toEqual([]);
    await expect.poll(async () => (await readAll(page, 'jawazat-counter', 'outbox')).length, { timeout: 30_000 }).toBe(0);
    await counter.complete();
    await expect(counter.currentTicket).toHaveText('No ticket');
  });
});

/**
 * The office's main path with the network failing on each device in turn: a kiosk, a
 * counter and a display board, each its own browser (context) and enrolled with a code
 * from the supervisor API. Tickets issued offline reach the counter once the kiosk is
 * back; a ticket completed offline reaches the server once the counter is back; the
 * board shows the call; and a reload at any point loses nothing.
 */
import { CounterPage } from './pages/CounterPage.ts';
import { DisplayPage } from './pages/DisplayPage.ts';
import { EnrollPage } from './pages/EnrollPage.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { hasTicket, pendingChanges } from './support/deviceData.ts';
import { expect, test } from './support/fixtures.ts';
import { goOffline, goOnline, waitForServiceWorker } from './support/network.ts';

test('tickets issued and completed offline reach the server, the counter and the board', async ({ admin, newDevice }) => {
  // Three devices each precache the apps (~3 MB with eight scripts' fonts) and the board
  // speaks each call in two languages: about 70 s alone, more on a busy CI machine.
  test.setTimeout(180_000);
  const kiosk = await newDevice();
  const counter = await newDevice();
  const board = await newDevice();

  await test.step('enroll the three devices with codes from the supervisor', async () => {
    await new EnrollPage(kiosk.page).enroll('kiosk', (await admin.createEnrollment('kiosk')).code);
    await new EnrollPage(counter.page).enroll('counter', (await admin.createEnrollment('counter')).code);
    await new EnrollPage(board.page).enroll('display', (await admin.createEnrollment('display')).code);
    for (const device of [kiosk, counter, board]) await waitForServiceWorker(device.page);
  });

  // The board speaks each call from recorded clips; it reports each part it says.
  await board.context.addInitScript(() => {
    const w = window as Window & { __spoken?: string[] };
    w.__spoken = [];
    window.addEventListener('jawazat:announce', (event) => {
      const part = (event as CustomEvent<{ lang: string; words: string[]; via: string }>).detail;
      w.__spoken?.push(`${part.lang} (${part.via}): ${part.words.join(' ')}`);
    });
  });
  await board.page.reload();

  const spoken = (): Promise<string[]> => board.page.evaluate(() => (window as Window & { __spoken?: string[] }).__spoken ?? []);
  const kioskPage = new KioskPage(kiosk.page);
  const counterPage = new CounterPage(counter.page);
  const boardPage = new DisplayPage(board.page);
  await expect(kioskPage.languageButton('English')).toBeVisible();
  await boardPage.setUp('All sections');
  await counterPage.signIn('1001', '1234', 1);

  let first = '';
  let firstCode = '';
  let second = '';
  await test.step('the kiosk issues two tickets offline', async () => {
    await goOffline(kiosk.context);
    first = await kioskPage.takeTicket({ section: "Men's section", service: 'Enquiries' });
    expect(first).toMatch(/^M\d{1,2}-\d{3}$/);
    await expect(kioskPage.offlineNote).toBeVisible();
    const aheadOfFirst = await kioskPage.aheadCount();
    firstCode = await kioskPage.lastPublicCode();
    expect(firstCode).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    await expect(kioskPage.qrCode).toBeVisible();
    await expect.poll(() => kioskPage.printCount()).toBeGreaterThan(0);
    await kioskPage.done();
    second = await kioskPage.takeTicket({ section: "Men's section", service: 'Residence' });
    expect(second).not.toBe(first);
    // Counters with no skills set serve the office's groups in order, residence before
    // enquiries: the first ticket is not ahead of this one (it used to count as one).
    expect(await kioskPage.aheadCount()).toBeLessThanOrEqual(aheadOfFirst);
    await kioskPage.done();
    expect(await pendingChanges(kiosk.page, 'jawazat-kiosk')).toBe(2);
    expect(await admin.publicTicket(firstCode)).toBeNull();
  });

  await test.step('a reload while offline keeps both tickets waiting to be sent', async () => {
    await kiosk.page.reload();
    await expect(kioskPage.languageButton('English')).toBeVisible();
    expect(await pendingChanges(kiosk.page, 'jawazat-kiosk')).toBe(2);
  });

  await test.step('back online, the tickets reach the server', async () => {
    await goOnline(kiosk.context);
    await expect.poll(() => pendingChanges(kiosk.page, 'jawazat-kiosk'), { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await admin.publicTicket(firstCode))?.status).toBe('waiting');
  });

  await test.step('the counter calls the first ticket; the board shows and says it', async () => {
    // Both reached the counter (its queue list shows only the first few of a busy section).
    await expect.poll(() => hasTicket(counter.page, 'jawazat-counter', first), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => hasTicket(counter.page, 'jawazat-counter', second)).toBe(true);
    await counterPage.callUntil(first);
    await boardPage.expectLatestCall(first, 1);
    await expect.poll(async () => (await admin.publicTicket(firstCode))?.status).toBe('called');
    // Arabic then English, each joined from the shipped clips: "ticket M 1 0 4 2 counter 1".
    const words = ['ticket', ...first.replace('-', '').split(''), 'counter', '1'].join(' ');
    await expect.poll(async () => (await spoken()).slice(-2), { timeout: 30_000 }).toEqual([`ar (clips): ${words}`, `en (clips): ${words}`]);
  });

  await test.step('a recall flashes and is announced again', async () => {
    const before = await spoken();
    await boardPage.latestCall.evaluate((el) => el.setAttribute('data-seen', 'yes'));
    await counterPage.button('Recall').click();
    await expect(boardPage.latestCall).not.toHaveAttribute('data-seen', 'yes'); // a new flashing element
    await expect(boardPage.latestCall).toHaveClass(/call-hero--flash/);
    await expect.poll(spoken).toEqual([...before, ...before.slice(-2)]); // the same call, said again
  });

  await test.step('the board keeps the call across an offline reload', async () => {
    await goOffline(board.context);
    await board.page.reload();
    await boardPage.expectLatestCall(first, 1);
    await goOnline(board.context);
  });

  await test.step('the counter starts and completes the ticket offline; a reload keeps it', async () => {
    await goOffline(counter.context);
    await counterPage.start();
    await counterPage.complete();
    const pending = await pendingChanges(counter.page, 'jawazat-counter');
    expect(pending).toBeGreaterThanOrEqual(2);
    await counter.page.reload();
    await expect(counterPage.button('Call next')).toBeVisible();
    expect(await pendingChanges(counter.page, 'jawazat-counter')).toBe(pending);
    expect((await admin.publicTicket(firstCode))?.status).toBe('called');
  });

  await test.step('back online, the server has the completed ticket', async () => {
    await goOnline(counter.context);
    await expect.poll(() => pendingChanges(counter.page, 'jawazat-counter'), { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await admin.publicTicket(firstCode))?.status).toBe('done');
  });
});

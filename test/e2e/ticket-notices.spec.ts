/**
 * Ticket notices (issue 11) end to end: at the kiosk, in Urdu, a resident asks to be
 * texted and types a mobile; the kiosk shows only its last four digits. The console's
 * messages (supervisor API) hold the ticket link for that mobile at once, in Urdu, with
 * the link's key hidden; as counter 3 calls the tickets ahead, exactly one "your turn is
 * near" follows, never before the server finds the turn near, and at the latest with 3
 * ahead. The phone opens the QR code's link (code and key), is asked "Are you on your
 * way?", and "I need 10 more minutes" moves the ticket 3 places back, once. Nothing of
 * the mobile reaches the board, the counter, a kiosk's pull or the kiosk's own storage.
 *
 * The queue is shared with other specs: counts are relative to what the server says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { ticketKey } from '../../shared/domain/ticketKey.ts';
import { CounterPage } from './pages/CounterPage.ts';
import { DisplayPage } from './pages/DisplayPage.ts';
import { EnrollPage } from './pages/EnrollPage.ts';
import { KioskPage } from './pages/KioskPage.ts';
import { TicketStatusPage } from './pages/TicketStatusPage.ts';
import type { AdminApi, OutgoingMessage, PublicTicketStatus } from './support/adminApi.ts';
import { pendingChanges, readAll } from './support/deviceData.ts';
import { expect, test } from './support/fixtures.ts';
import { KioskApi, type IssuedTicket } from './support/kioskApi.ts';

const LOCALES = join(import.meta.dirname, '../../shared/i18n/locales');

interface KioskStrings {
  section: { names: { men: string } };
  service: { groups: { enquiries: { name: string } } };
  notice: { button: string; label: string; submit: string };
  done: string;
}

const UR = JSON.parse(readFileSync(join(LOCALES, 'ur', 'kiosk.json'), 'utf8')) as KioskStrings;

/** A Saudi mobile nobody else in the suite types. */
const MOBILE = '0559387461';
const LAST_FOUR = '7461';
/** The second resident's, whose "turn near" shows the store has looked at the queue again. */
const SECOND_MOBILE = '0551204683';
/**
 * The padding tickets wait in the resident's own group (Enquiries): a counter serving every
 * group calls residence tickets before enquiries, so tickets of another group "behind" the
 * resident would be called first and leave nobody behind to move back past.
 */
const SAME_GROUP = { serviceGroup: 'enquiries' };
/** Any longer run of the mobile's digits (with or without the leading 0 or +966) is a leak. */
const MOBILE_PARTS = [MOBILE, MOBILE.slice(1), MOBILE.slice(0, 6), MOBILE.slice(2, 8)];

/** The SVG path the kiosk draws for `value` (shared/ui/QrCode.tsx: one square per dark module, a 2-module margin). */
function qrPathOf(value: string): string {
  const { modules } = QRCode.create(value, { errorCorrectionLevel: 'M' });
  let d = '';
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) d += `M${x + 2} ${y + 2}h1v1h-1z`;
  }
  return d;
}

/** This ticket's messages (by its number and the mobile's last four digits), oldest first. */
async function messagesFor(admin: AdminApi, number: string, template: 'ticketLink' | 'turnNear'): Promise<OutgoingMessage[]> {
  const all = await admin.messages();
  return all.filter((m) => m.to === `…${LAST_FOUR}` && m.template === template && m.text.includes(number)).reverse();
}

interface PublicStatus extends PublicTicketStatus {
  readonly near: boolean;
  readonly answer: 'onMyWay' | 'moreTime' | null;
  readonly canAskMoreTime: boolean;
  readonly estimate: { readonly minMinutes: number; readonly maxMinutes: number } | null;
}

test('a mobile left at the kiosk: the link at once, "turn near" once, and 10 more minutes from the phone', async ({ admin, newDevice, request, server }) => {
  // Four browsers (kiosk, counter, board, phone), a dozen calls and the notices' 500 ms settles.
  test.setTimeout(240_000);
  const status = async (code: string): Promise<PublicStatus> => {
    const s = (await admin.publicTicket(code)) as PublicStatus | null;
    if (!s) throw new Error(`ticket ${code} is not on the server`);
    return s;
  };

  const kioskApi = await KioskApi.enroll(request, server.url, admin);
  const kiosk = await newDevice();
  const counter = await newDevice();
  const board = await newDevice();
  // Everything the counter and the board pull, to look for the mobile in it afterwards.
  const pulled: string[] = [];
  for (const device of [counter, board]) {
    device.context.on('response', (response) => {
      if (!new URL(response.url()).pathname.startsWith('/api/sync/pull')) return;
      response.text().then((body) => void pulled.push(body), () => undefined);
    });
  }
  const kioskPage = new KioskPage(kiosk.page);
  const desk = new CounterPage(counter.page);
  /** Every ticket counter 3 has called and finished (as a no-show, or served). */
  const finished = new Set<string>();
  const callAndNoShow = async (): Promise<string> => {
    const called = await desk.callNext();
    expect(called).not.toBe(number);
    await desk.button('No-show').click(); // tickets ahead, ours or other specs', cleared the way an officer does
    await expect(desk.button('Call next')).toBeEnabled();
    finished.add(called);
    return called;
  };
  const boardPage = new DisplayPage(board.page);

  await test.step('enroll a kiosk, counter 3 of the men\'s section and a board', async () => {
    // The codes first, back to back: an API connection left idle about the server's 5 s
    // keep-alive while a browser enrolls can be reset just as it is reused (seen once).
    const codes = { kiosk: await admin.createEnrollment('kiosk'), counter: await admin.createEnrollment('counter'), display: await admin.createEnrollment('display') };
    await new EnrollPage(kiosk.page).enroll('kiosk', codes.kiosk.code);
    await new EnrollPage(counter.page).enroll('counter', codes.counter.code);
    await new EnrollPage(board.page).enroll('display', codes.display.code);
    await desk.signIn('1003', '1234', 3);
    await boardPage.setUp("Men's section");
  });

  // At least five people ahead of the resident, and four behind (so "10 more minutes" has 3 places to move).
  const ahead: IssuedTicket[] = await kioskApi.issue(5, 'men', SAME_GROUP);
  let number = '';
  let code = '';
  let key = '';
  let behind: IssuedTicket[] = [];

  await test.step('a ticket at the kiosk in Urdu, and "Text me when my turn is near" with a mobile: only its last four digits shown', async () => {
    number = await kioskPage.takeTicket({ language: 'اردو', section: UR.section.names.men, service: UR.service.groups.enquiries.name });
    await expect(kiosk.page.locator('html')).toHaveAttribute('lang', 'ur');
    expect(number).toMatch(/^M\d{1,2}-\d{3}$/);
    const notify = kiosk.page.getByTestId('notify-me');
    await expect(notify).toHaveAccessibleName(UR.notice.button); // the envelope before it is decoration
    await notify.click();
    await kiosk.page.getByRole('textbox', { name: UR.notice.label }).fill(MOBILE);
    await expect(kiosk.page.getByTestId('submit-mobile')).toHaveText(UR.notice.submit);
    await kiosk.page.getByTestId('submit-mobile').click();
    const saved = kiosk.page.getByTestId('notice-saved');
    await expect(saved).toContainText(`…${LAST_FOUR}`);
    for (const part of MOBILE_PARTS) await expect(kiosk.page.locator('body')).not.toContainText(part);
    await expect(notify).toHaveCount(0); // asked once per ticket
    await expect(kioskPage.ticketNumber).toHaveText(number); // back on the same ticket
  });

  await test.step('the QR link carries the ticket\'s code and key', async () => {
    code = await kioskPage.lastPublicCode();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    // The key is the kiosk's (its secret and the ticket): read what the QR code says by drawing that link.
    const [identity] = await readAll<{ token: string }>(kiosk.page, 'jawazat-kiosk', 'identity');
    const rows = await readAll<{ ticketId: string; publicCode: string }>(kiosk.page, 'jawazat-kiosk', 'tickets');
    const ticketId = rows.find((r) => r.publicCode === code)?.ticketId ?? '';
    key = await ticketKey(identity?.token ?? '', ticketId);
    const link = `${new URL(kiosk.page.url()).origin}/t/${code}#${key}`;
    await expect(kiosk.page.locator('.ticket__qr path')).toHaveAttribute('d', qrPathOf(link));
    await expect.poll(async () => (await admin.publicTicket(code))?.status, { timeout: 30_000 }).toBe('waiting');
    behind = await kioskApi.issue(4, 'men', SAME_GROUP);
    expect((await status(code)).ahead).toBeGreaterThanOrEqual(ahead.length);
  });

  await test.step('the console: the ticket link to …7461 at once, in Urdu, without the key', async () => {
    await expect.poll(async () => (await messagesFor(admin, number, 'ticketLink')).map((m) => m.status), { timeout: 30_000 }).toEqual(['delivered']);
    const [link] = await messagesFor(admin, number, 'ticketLink');
    expect(link?.language).toBe('ur');
    expect(link?.channel).toBe('sms');
    expect(link?.text).toMatch(/^جوازات: آپ کا ٹکٹ نمبر /);
    expect(link?.text).toContain(`/t/${code}#…`);
    // The demo's inbox prints it too, with only the last four digits.
    await expect.poll(() => server.output(), { timeout: 10_000 }).toContain(`[sms] to …${LAST_FOUR}: جوازات: آپ کا ٹکٹ نمبر ${number}`);
    expect(server.output()).not.toContain(MOBILE.slice(1));
    const all = JSON.stringify(await admin.messages());
    expect(all).not.toContain(key);
    for (const part of MOBILE_PARTS) expect(all).not.toContain(part);
    await kiosk.page.getByRole('button', { name: UR.done, exact: true }).click();
  });

  await test.step('counter 3 calls the tickets ahead: one "turn near", never early, at the latest with 3 ahead', async () => {
    await expect.poll(() => readAll<{ displayNumber: string }>(counter.page, 'jawazat-counter', 'tickets').then((r) => r.some((t) => t.displayNumber === number)), {
      timeout: 30_000,
    }).toBe(true);
    let now = await status(code);
    for (let calls = 0; ; calls++) {
      // The messages first, then the place: a "turn near" already sent must find the turn near.
      const sent = await messagesFor(admin, number, 'turnNear');
      now = await status(code);
      if (sent.length > 0) expect(now.near, 'a "turn near" was sent only once the turn was near').toBe(true);
      if (now.ahead <= 3) break;
      if (calls > 40) throw new Error(`still ${now.ahead} ahead of ${number} after 40 calls`);
      // A counter calls by its own skills first, so the ticket it calls may be one behind this
      // one (other specs' tickets of other groups): "ahead" then stays, and the loop calls again.
      await callAndNoShow();
    }
    expect(now.near).toBe(true);
    await expect.poll(async () => (await messagesFor(admin, number, 'turnNear')).length, { timeout: 30_000 }).toBe(1);
    const [near] = await messagesFor(admin, number, 'turnNear');
    expect(near?.language).toBe('ur');
    expect(near?.text).toMatch(/^جوازات: آپ کی باری قریب ہے/);
    expect(near?.text).toContain(`/t/${code}#…`);
    expect(near?.text).not.toContain(key);
  });

  const phone = await newDevice();
  const statusPage = new TicketStatusPage(phone.page);
  const aheadShown = async (): Promise<number> => {
    const text = (await statusPage.status.textContent()) ?? '';
    return /You are next/.test(text) ? 0 : Number(/(\d+) (?:person|people) ahead/.exec(text)?.[1] ?? NaN);
  };

  await test.step('the phone, from the QR link: "Are you on your way?"; 10 more minutes moves it back, once', async () => {
    await phone.page.goto(`/t/${code}#${key}`);
    await expect(statusPage.number).toHaveText(number);
    const answer = phone.page.getByTestId('turn-answer');
    await expect(answer).toContainText('Your turn is coming. Are you on your way?');
    await expect(answer.getByRole('button', { name: "I'm on my way" })).toBeVisible();
    await expect(statusPage.status).toHaveText(/ahead of you|You are next/);
    const before = await aheadShown();
    expect(before).toBe((await status(code)).ahead);
    expect(before).toBeLessThanOrEqual(3);
    // The printed code alone is not enough to answer: the key from the QR link is.
    const keyless = await request.post(`${server.url}/api/public/tickets/${code}/answer`, { data: { answer: 'moreTime' } });
    expect(keyless.status()).toBe(403);

    await answer.getByRole('button', { name: 'I need 10 more minutes' }).click();
    await expect(answer.getByRole('status')).toHaveText('Done: you were moved a few places back in the line. This can be done only once.');
    await expect.poll(aheadShown).toBe(before + 3);
    expect((await status(code)).ahead).toBe(before + 3);
    await expect(answer.getByRole('button', { name: 'I need 10 more minutes' })).toHaveCount(0);

    // Not twice: not on the page after a reload (the key stays with the page), not by the API.
    await phone.page.reload();
    await expect(statusPage.status).toHaveText(/ahead of you/);
    await expect(phone.page.getByTestId('turn-answer')).toBeVisible();
    await expect(phone.page.getByRole('button', { name: 'I need 10 more minutes' })).toHaveCount(0);
    const again = await request.post(`${server.url}/api/public/tickets/${code}/answer`, { data: { answer: 'moreTime', key } });
    expect(again.status()).toBe(409);
    expect(((await again.json()) as { error?: { code?: string } }).error?.code ?? JSON.stringify(await again.json())).toContain('already_deferred');
    expect((await status(code)).ahead).toBe(before + 3);
    expect((await status(code)).canAskMoreTime).toBe(false);
  });

  await test.step('still exactly one "turn near" after the queue moved again', async () => {
    await callAndNoShow();
    await expect.poll(() => pendingChanges(counter.page, 'jawazat-counter'), { timeout: 30_000 }).toBe(0); // the store has the no-show
    // Then a look at the notices that surely came after it, instead of a pause: a second
    // resident, first in the women's line (priority), leaves a mobile. Her "turn near" comes
    // from the store's next look at this office's queue, which also sees this ticket with the
    // queue moved; a second one for it would be queued by then.
    const second = await kioskApi.issueWithNotice('women', SECOND_MOBILE, { priority: 'pregnant' });
    expect((await status(second.publicCode)).near, 'the second resident is near the front of her line').toBe(true);
    const secondNear = async () => (await admin.messages()).filter((m) => m.to === `…${SECOND_MOBILE.slice(-4)}` && m.template === 'turnNear');
    await expect.poll(async () => (await secondNear()).length, { timeout: 30_000 }).toBe(1);
    expect(await messagesFor(admin, number, 'turnNear')).toHaveLength(1);
    expect(await messagesFor(admin, number, 'ticketLink')).toHaveLength(1);
    // She leaves the line again, so no later spec finds her waiting.
    const left = await request.post(`${server.url}/api/public/tickets/${second.publicCode}/leave`, { data: { key: second.key } });
    expect(left.status()).toBe(200);
  });

  await test.step('nothing of the mobile on the board or in what devices pull', async () => {
    await expect(boardPage.board).toBeVisible();
    const boardText = (await board.page.locator('body').textContent()) ?? '';
    expect(boardText).not.toContain(LAST_FOUR);
    const kioskPulls = await kioskApi.pullAll();
    expect(kioskPulls).toContain(`"displayNumber":"${number}"`); // the pull does hold this ticket (its code is its kiosk's only)…
    expect(pulled.length).toBeGreaterThan(0);
    for (const body of [kioskPulls, ...pulled]) {
      for (const part of MOBILE_PARTS) expect(body).not.toContain(part); // …but not its mobile
      expect(body).not.toContain(key);
    }
    // Nor does the kiosk keep it: the mobile went out sealed.
    for (const store of ['outbox', 'tickets', 'serverTickets', 'meta', 'sent']) {
      const rows = JSON.stringify(await readAll<unknown>(kiosk.page, 'jawazat-kiosk', store));
      for (const part of MOBILE_PARTS) expect(rows, store).not.toContain(part);
    }
  });

  await test.step('counter 3 serves the resident, clears the tickets left around it and signs out', async () => {
    const padding = new Set([...ahead, ...behind].map((t) => t.displayNumber).filter((n) => !finished.has(n)));
    let served = false;
    for (let calls = 0; !served || padding.size > 0; calls++) {
      if (calls > 40) throw new Error(`after 40 calls: ${served ? '' : `${number} not served; `}${[...padding].join(', ')} not called`);
      const called = await desk.callNext();
      padding.delete(called);
      if (called === number) {
        await desk.start();
        await desk.complete();
        served = true;
      } else {
        await desk.button('No-show').click();
      }
      await expect(desk.button('Call next')).toBeEnabled();
    }
    await expect.poll(async () => (await admin.publicTicket(code))?.status, { timeout: 30_000 }).toBe('done');
    for (const t of [...ahead, ...behind]) {
      await expect.poll(async () => (await admin.publicTicket(t.publicCode))?.status, { timeout: 30_000 }).toBe('noShow');
    }
    await counter.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await counter.page.getByRole('button', { name: 'Yes, sign out' }).click();
    await expect(counter.page.getByLabel('Badge number')).toBeVisible();
  });
});

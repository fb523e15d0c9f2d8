/**
 * E-mail over SMTP against a real SMTP server started here (the smtp-server package): it
 * answers 421 "try later" and then accepts, refuses a mailbox with 550, or is not there at
 * all. Through the delivery worker on both stores: a message arrives once, with our
 * message id as its Message-ID, its subject and text in the recipient's language; a 5xx
 * makes it dead with the server's reply, a 4xx or a closed port makes it wait and retry.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { seedOffice, PILOT_OFFICE_ID } from '../seed.ts';
import { describeEngines, type TestStore } from '../testing/engines.ts';
import { inboxChannel, smtpChannel, smtpRetryable } from './channels.ts';
import { DeliveryWorker, enqueueMessage, type Channel } from './delivery.ts';
import { render } from './templates.ts';

const PARAMS = { serviceAr: 'تجديد إقامة', serviceEn: 'Iqama renewal', person: '…4321', officeAr: 'مكتب الرياض', officeEn: 'Riyadh office', day: '2026-12-03' };

type Behaviour = 'ok' | 'busy421' | 'refuse550';

interface Received {
  readonly to: string[];
  readonly messageId: string;
  readonly subject: string;
  readonly raw: string;
}

/** A local SMTP server without TLS or authentication; `script` says what the next transactions get (then 'ok'). */
class TestMailServer {
  readonly received: Received[] = [];
  script: Behaviour[] = [];
  port = 0;
  readonly #server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom: (_address, _session, callback) => {
      if (this.script[0] === 'busy421') {
        this.script.shift();
        return callback(Object.assign(new Error('Try again later'), { responseCode: 421 }));
      }
      callback();
    },
    onRcptTo: (address, _session, callback) => {
      if (this.script[0] === 'refuse550') {
        this.script.shift();
        return callback(Object.assign(new Error(`No such mailbox: ${address.address}`), { responseCode: 550 }));
      }
      callback();
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = (raw.split('\r\n\r\n')[0] ?? '').replace(/\r\n[ \t]+/g, ' '); // headers unfolded
        const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1]?.trim() ?? '';
        this.script.shift();
        this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), messageId: header('Message-ID'), subject: header('Subject'), raw });
        callback();
      });
    },
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** The subject as sent: an encoded word (=?UTF-8?B?…?=) for Arabic, plain ASCII otherwise. */
function decodedSubject(value: string): string {
  return value.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
  );
}

describeEngines('e-mail over SMTP', (engine) => {
  let t: TestStore;
  const mail = new TestMailServer();
  let now = Date.parse('2026-12-03T09:00:00Z');
  const clock = () => now;
  const smtp = (port = mail.port) => smtpChannel({ url: `smtp://127.0.0.1:${port}`, from: '"Jawazat" <no-reply@jawazat.example.sa>', timeoutMs: 2000 });
  const worker = (channel: Channel = smtp()) =>
    new DeliveryWorker(t.store, { sms: inboxChannel(), email: channel }, { clock, random: () => 0.5, maxAttempts: 4, baseDelayMs: 1000 });
  const rows = () =>
    t.store.query<{ message_id: string; recipient: string; status: string; attempts: number; failure: string | null }>(
      'SELECT message_id, recipient, status, attempts, failure FROM outgoing_messages ORDER BY recipient',
    );
  const queue = (recipient: string, language = 'ar') =>
    enqueueMessage(t.store, {
      officeId: PILOT_OFFICE_ID,
      channel: 'email',
      recipient,
      template: 'transactionNotice',
      params: PARAMS,
      language,
      eventKind: 'test',
      eventRef: recipient,
      now,
    });

  beforeAll(async () => {
    t = await engine.open();
    await seedOffice(t.store, { hashes: { pin: 'x', password: 'x' } });
    await mail.start();
  });
  afterAll(async () => {
    await mail.stop();
    await t?.close();
  });
  beforeEach(async () => {
    await t.store.query('DELETE FROM outgoing_messages');
    mail.received.length = 0;
    mail.script = [];
  });

  it('retries a 421 and then delivers the message once, with our id as its Message-ID and the text in its language', async () => {
    const id = await queue('hr@example.com');
    mail.script = ['busy421'];
    const w = worker();
    expect(await w.runOnce()).toBe(0);
    const [waiting] = await rows();
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting?.failure).toContain('421');
    expect(await w.runOnce()).toBe(0); // not due before its delay
    now += 1000;
    expect(await w.runOnce()).toBe(1);
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(mail.received).toHaveLength(1);
    const [got] = mail.received;
    expect(got?.to).toEqual(['hr@example.com']);
    expect(got?.messageId).toBe(`<${id}@jawazat.example.sa>`);
    expect(decodedSubject(got?.subject ?? '')).toBe('الجوازات: إنجاز معاملة');
    expect(got?.raw).toMatch(/^Content-Language: ar$/m);
    // The body is base64 (shorter than quoted-printable for Arabic); its text is the template's.
    const body = got?.raw.split(/\r\n\r\n/).slice(1).join('') ?? '';
    expect(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')).toBe(render('transactionNotice', PARAMS, 'ar'));
  });

  it('an English recipient gets the English subject', async () => {
    await queue('manager@example.com', 'en');
    expect(await worker().runOnce()).toBe(1);
    expect(mail.received[0]?.subject).toBe('Jawazat: a transaction was completed');
  });

  it('a 550 makes the message dead at once, with the server’s reply as the reason', async () => {
    await queue('nobody@example.com');
    mail.script = ['refuse550'];
    expect(await worker().runOnce()).toBe(0);
    const [dead] = await rows();
    expect(dead).toMatchObject({ status: 'dead', attempts: 1 });
    expect(dead?.failure).toContain('550');
    expect(mail.received).toHaveLength(0);
  });

  it('a mail server that is not there is retried, not given up', async () => {
    await queue('later@example.com');
    const closed = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await worker(smtp(port)).runOnce()).toBe(0);
    expect((await rows())[0]).toMatchObject({ status: 'queued', attempts: 1 });
    now += 1000;
    expect(await worker().runOnce()).toBe(1);
    expect(mail.received).toHaveLength(1);
  });

  it('a message sent again after a worker died mid-send carries the same Message-ID, so the repeat is recognisable', async () => {
    const id = await queue('twice@example.com');
    let died = false;
    const dying: Channel = {
      async send(message) {
        await smtp().send(message);
        died = true;
        return new Promise(() => {});
      },
    };
    void worker(dying).runOnce();
    await expect.poll(() => died).toBe(true);
    now += 60_001;
    expect(await worker().runOnce()).toBe(1);
    expect(mail.received.map((m) => m.messageId)).toEqual([`<${id}@jawazat.example.sa>`, `<${id}@jawazat.example.sa>`]);
  });
});

it('classes SMTP failures: 4xx and network errors retried, 5xx and malformed messages refused', () => {
  expect(smtpRetryable(Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: 421 }))).toBe(true);
  expect(smtpRetryable(Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: 451 }))).toBe(true);
  expect(smtpRetryable(Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: 550 }))).toBe(false);
  expect(smtpRetryable(Object.assign(new Error('x'), { code: 'EAUTH', responseCode: 535 }))).toBe(false);
  expect(smtpRetryable(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }))).toBe(true);
  expect(smtpRetryable(Object.assign(new Error('x'), { code: 'ECONNECTION' }))).toBe(true);
  expect(smtpRetryable(Object.assign(new Error('x'), { code: 'EENVELOPE' }))).toBe(false);
  expect(smtpRetryable(new Error('x'))).toBe(false);
});

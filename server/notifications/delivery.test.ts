/**
 * The notification outbox's delivery against a fake SMS gateway that fails, times out,
 * answers a repeated message as a duplicate and refuses; and a worker that dies in the
 * middle of a send. Every message ends delivered exactly once at the gateway, or dead with
 * its reason, on both stores.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { seedOffice, PILOT_OFFICE_ID } from '../seed.ts';
import { describeEngines, type TestStore } from '../testing/engines.ts';
import { smsGatewayChannel, inboxChannel } from './channels.ts';
import { DeliveryWorker, enqueueMessage, type Channel } from './delivery.ts';
import { render } from './templates.ts';

type Behaviour = 'ok' | 'fail500' | 'fail429' | 'refuse400' | 'hang';

/** A gateway that keeps what it accepted by correlation id and answers a repeat with 409. */
class FakeGateway {
  readonly accepted = new Map<string, { to: string; text: string; times: number }>();
  requests = 0;
  /** What the next requests get, in turn; then 'ok'. */
  script: Behaviour[] = [];
  #server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        this.requests += 1;
        const behaviour = this.script.shift() ?? 'ok';
        if (req.headers.authorization !== 'Bearer key-1') return void res.writeHead(401).end();
        if (behaviour === 'hang') return; // never answers: the sender's timeout must fire
        if (behaviour === 'fail500') return void res.writeHead(503).end('{}');
        if (behaviour === 'fail429') return void res.writeHead(429).end('{}');
        if (behaviour === 'refuse400') return void res.writeHead(400).end('{"error":"bad number"}');
        const m = JSON.parse(body) as { to: string; text: string; correlationId: string; sender: string };
        const seen = this.accepted.get(m.correlationId);
        if (seen) {
          seen.times += 1;
          return void res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${m.correlationId}`, duplicate: true }));
        }
        this.accepted.set(m.correlationId, { to: m.to, text: m.text, times: 1 });
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${m.correlationId}` }));
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server?.address() as AddressInfo).port}/send`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

describeEngines('notification delivery', (engine) => {
  let t: TestStore;
  const gateway = new FakeGateway();
  let now = Date.parse('2026-12-03T09:00:00Z');
  const clock = () => now;
  // The fake gateway is local, but a loaded machine answered it past 300 ms: 2 s before the sender gives up (a 'hang' waits that long).
  const sms = () => smsGatewayChannel({ url: gateway.url, apiKey: 'key-1', sender: 'Jawazat', timeoutMs: 2000 });
  const worker = (channel: Channel = sms(), maxAttempts = 4) =>
    new DeliveryWorker(t.store, { sms: channel, email: inboxChannel() }, { clock, random: () => 0.5, maxAttempts, baseDelayMs: 1000, leaseMs: 60_000 });
  const statuses = async () =>
    t.store.query<{ recipient: string; status: string; attempts: number; failure: string | null }>(
      'SELECT recipient, status, attempts, failure FROM outgoing_messages ORDER BY recipient',
    );
  const queue = (recipient: string, extra: { expiresAt?: number; eventRef?: string } = {}) =>
    enqueueMessage(t.store, {
      officeId: PILOT_OFFICE_ID,
      channel: 'sms',
      recipient,
      template: 'securityCode',
      params: { code: '123456', minutes: 5 },
      eventKind: 'test',
      eventRef: extra.eventRef ?? recipient,
      now,
      ...(extra.expiresAt ? { expiresAt: extra.expiresAt } : {}),
    });

  beforeAll(async () => {
    t = await engine.open();
    await seedOffice(t.store, { hashes: { pin: 'x', password: 'x' } });
    await gateway.start();
  });
  afterAll(async () => {
    await gateway.stop();
    await t?.close();
  });
  beforeEach(async () => {
    await t.store.query('DELETE FROM outgoing_messages');
    gateway.accepted.clear();
    gateway.script = [];
  });

  it('retries network failures, 429 and 5xx with growing delays, and delivers each message once', async () => {
    await queue('0500000001');
    await queue('0500000002');
    gateway.script = ['fail500', 'hang', 'fail429'];
    const w = worker();
    // Round 1: both fail (503, then a timeout). Nothing is due until the delay has passed.
    expect(await w.runOnce()).toBe(0);
    expect(await w.runOnce()).toBe(0);
    expect((await statuses()).map((s) => [s.status, s.attempts])).toEqual([['queued', 1], ['queued', 1]]);
    now += 1000;
    // Round 2: one gets 429, the other goes through.
    expect(await w.runOnce()).toBe(1);
    now += 2000;
    expect(await w.runOnce()).toBe(1);
    expect((await statuses()).map((s) => s.status)).toEqual(['sent', 'sent']);
    expect([...gateway.accepted.values()].map((m) => m.times)).toEqual([1, 1]);
    expect([...gateway.accepted.values()][0]?.text).toBe(render('securityCode', { code: '123456', minutes: 5 }, 'ar'));
    // Delays double, with jitter over their upper half.
    expect([1, 2, 3, 4].map((n) => w.delayAfter(n))).toEqual([750, 1500, 3000, 6000]);
  });

  it('makes a message dead after its last try, or at once when the gateway refuses it, with the reason', async () => {
    await queue('0500000003');
    await queue('0500000004');
    gateway.script = ['refuse400', 'fail500', 'fail500'];
    const w = worker(sms(), 2);
    await w.runOnce();
    now += 1000;
    await w.runOnce();
    const rows = await statuses();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([['dead', 1], ['dead', 2]]);
    expect(rows[0]?.failure).toBe('the gateway answered 400');
    expect(rows[1]?.failure).toBe('gave up after 2 tries: the gateway answered 503');
    expect(gateway.accepted.size).toBe(0);
  });

  it('a worker that dies mid-send leaves the message to the next one, and the gateway is not asked to send it twice', async () => {
    await queue('0500000005');
    // The first worker's send reaches the gateway, then the process dies before it records the answer.
    let died = false;
    const dying: Channel = {
      async send(message) {
        await sms().send(message);
        died = true;
        return new Promise(() => {}); // never settles: the process is gone
      },
    };
    void worker(dying).runOnce();
    await expect.poll(() => died).toBe(true);
    expect((await statuses())[0]?.status).toBe('sending');
    // Another worker finds nothing to do while the claim holds, and takes the message when it runs out.
    const next = worker();
    expect(await next.runOnce()).toBe(0);
    now += 60_001;
    expect(await next.runOnce()).toBe(1);
    expect((await statuses())[0]).toMatchObject({ status: 'sent', attempts: 2 });
    const [accepted] = [...gateway.accepted.values()];
    expect(gateway.accepted.size).toBe(1);
    expect(accepted?.times).toBe(2); // asked twice, sent once: the repeat was answered as a duplicate
  });

  it('drops a message that became pointless instead of sending it late, and an event never makes one message twice', async () => {
    await queue('0500000006', { expiresAt: now + 5 * 60_000 });
    expect(await queue('0500000006', { expiresAt: now + 5 * 60_000 })).toBeNull();
    gateway.script = ['fail500'];
    const w = worker();
    await w.runOnce();
    now += 6 * 60_000;
    await w.runOnce();
    expect((await statuses()).map((s) => s.status)).toEqual(['dropped']);
    expect(gateway.accepted.size).toBe(0);
  });

  it('delivers to the local inbox when no gateway is configured, printing only the last four digits', async () => {
    await queue('0512345678');
    const lines: string[] = [];
    const w = new DeliveryWorker(t.store, { sms: inboxChannel((l) => lines.push(l)), email: inboxChannel() }, { clock });
    expect(await w.runOnce()).toBe(1);
    expect((await statuses())[0]?.status).toBe('delivered');
    expect(lines).toEqual(['[sms] to …5678: security code 123456 (demo only: nothing leaves the server)']);
  });

  it('two workers on one store never claim the same message', async () => {
    for (let i = 0; i < 30; i++) await queue(`05000001${String(i).padStart(2, '0')}`);
    const [a, b] = [worker(), worker()];
    const sent = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    expect(sent.reduce((x, y) => x + y, 0)).toBe(30);
    expect([...gateway.accepted.values()].every((m) => m.times === 1)).toBe(true);
    expect(gateway.accepted.size).toBe(30);
  });
});

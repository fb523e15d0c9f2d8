/**
 * Benchmark 11 (issue 11): the notification outbox. Fan-out: messages written into the
 * outbox in transactions of 100, as a busy hour's notices would be, against the same rows
 * written by one plain multi-row INSERT (the floor in the same run). Delivery: the worker
 * sending them to a local fake SMS gateway over HTTP that refuses one request in ten with
 * a 503, until every message is sent (retries included).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { smsGatewayChannel, inboxChannel } from '../server/notifications/channels.ts';
import { DeliveryWorker, enqueueMessage } from '../server/notifications/delivery.ts';
import { PILOT_OFFICE_ID } from '../server/seed.ts';
import { multiRowInsert } from '../server/store/sql.ts';
import type { Store } from '../server/store/index.ts';

export interface MessagesBench {
  readonly messages: number;
  readonly fanOutPerSecond: number;
  readonly rawPerSecond: number;
  readonly deliveredPerSecond: number;
  readonly gatewayRequests: number;
  readonly refusedByGateway: number;
  readonly sentTwice: number;
}

export async function benchMessages(store: Store, count: number): Promise<MessagesBench> {
  const now = Date.now();
  // Baseline: the same rows in one statement per 100, no outbox logic.
  const columns = ['message_id', 'office_id', 'channel', 'recipient', 'template', 'params', 'language', 'event_kind', 'event_ref', 'created_at', 'next_attempt_at'];
  let started = performance.now();
  for (let i = 0; i < count; i += 100) {
    const rows = Array.from({ length: Math.min(100, count - i) }, (_, j) => [
      crypto.randomUUID(), PILOT_OFFICE_ID, 'sms', `05${String(i + j).padStart(8, '0')}`, 'transactionNotice', '{}', 'ar', 'baseline', `b${i + j}`, new Date(now), new Date(now + 86_400_000),
    ]);
    await store.query(multiRowInsert('outgoing_messages', columns, { params: '::jsonb' }, rows.length), rows.flat());
  }
  const rawMs = performance.now() - started;
  await store.query(`DELETE FROM outgoing_messages WHERE event_kind = 'baseline'`);

  started = performance.now();
  for (let i = 0; i < count; i += 100) {
    await store.tx(async (q) => {
      for (let j = i; j < Math.min(count, i + 100); j++) {
        await enqueueMessage(q, {
          officeId: PILOT_OFFICE_ID, channel: 'sms', recipient: `05${String(j).padStart(8, '0')}`, template: 'transactionNotice',
          params: { serviceAr: 'تجديد إقامة', serviceEn: 'Iqama renewal', person: '…1234', officeAr: 'مكتب', officeEn: 'Office', day: '2026-12-03' },
          eventKind: 'bench', eventRef: `t${j}`, now,
        });
      }
    });
  }
  const fanOutMs = performance.now() - started;

  const accepted = new Map<string, number>();
  let requests = 0;
  let refused = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      requests += 1;
      if (requests % 10 === 0) {
        refused += 1;
        return void res.writeHead(503).end('{}');
      }
      const id = (JSON.parse(body) as { correlationId: string }).correlationId;
      accepted.set(id, (accepted.get(id) ?? 0) + 1);
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  const worker = new DeliveryWorker(store, { sms: smsGatewayChannel({ url, apiKey: 'k', sender: 'Jawazat' }), email: inboxChannel() }, {
    batch: 100,
    baseDelayMs: 20,
    maxDelayMs: 200,
  });
  started = performance.now();
  for (;;) {
    await worker.runOnce();
    const [left] = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM outgoing_messages WHERE event_kind = 'bench' AND status <> 'sent'`);
    if (!left?.n) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const deliverMs = performance.now() - started;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await store.query(`DELETE FROM outgoing_messages WHERE event_kind = 'bench'`);
  return {
    messages: count,
    fanOutPerSecond: count / (fanOutMs / 1000),
    rawPerSecond: count / (rawMs / 1000),
    deliveredPerSecond: count / (deliverMs / 1000),
    gatewayRequests: requests,
    refusedByGateway: refused,
    sentTwice: [...accepted.values()].filter((n) => n > 1).length,
  };
}

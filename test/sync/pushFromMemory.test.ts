/**
 * A change made here is pushed from memory, as it committed, when it is exactly what the
 * store expects next: no read of the outbox stands between an officer's key and the push
 * (the screens' live queries, woken by the same change, would hold that read up). Whenever
 * memory is not sure (the first push, an answer that never came, a new client after a
 * reload), the outbox is read as always; nothing is lost or applied twice either way.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { issueTicket, openDeviceDb, saveEnrollment, type DeviceDb } from '../../shared/db/index.ts';
import { createSyncClient } from '../../shared/device/syncClient.ts';
import type { EnrollResponse } from '../../shared/sync/protocol.ts';
import { SimServer } from './simServer.ts';
import { NO_FAULTS, seededRandom, SimNetwork } from './simNetwork.ts';

const BASE = 'http://sim.invalid';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** How many times the outbox was read for a push (takePushBatch's read-only transaction of the outbox alone). */
function countOutboxReads(db: DeviceDb): () => number {
  const spy = vi.spyOn(db, 'transaction');
  return () => spy.mock.calls.filter((args) => args[0] === 'r' && args[1] === db.outbox).length;
}

/** A store on PGlite files and one enrolled kiosk on a network that misbehaves only when told to; `run` gets them, then all is closed. */
async function withKiosk(seed: number, run: (o: { server: SimServer; net: SimNetwork; db: DeviceDb; deviceId: string; now: () => number }) => Promise<void>): Promise<void> {
  let clock = Date.UTC(2026, 10, 22, 7, 0);
  const now = (): number => (clock += 1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'jawazat-push-memory-'));
  dirs.push(dataDir);
  const server = await SimServer.start({ dataDir }, now);
  const net = new SimNetwork(seededRandom(seed), NO_FAULTS, () => server.handler);
  const db = openDeviceDb(`push-memory-${Math.random()}`);
  try {
    const code = await server.enrollmentCode(await server.supervisorToken(), 'kiosk');
    const enrollment = await server.json<EnrollResponse>('POST', '/api/devices/enroll', { code, label: 'kiosk' });
    await saveEnrollment(db, enrollment, now());
    await run({ server, net, db, deviceId: enrollment.deviceId, now });
  } finally {
    db.close();
    await db.delete();
    await server.stop();
  }
}

it('pushes a change from memory when it is what the store expects next, and reads the outbox whenever it is not sure', async () => {
  await withKiosk(1, async ({ server, net, db, deviceId, now }) => {
    const reads = countOutboxReads(db);
    const options = { db, baseUrl: BASE, fetch: net.fetchFor('kiosk'), now, live: false, heartbeatMs: 0 } as const;
    const client = createSyncClient(options);
    const issue = () => issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: now() });

    // The first push: the store's next seq is not known yet, so the outbox is read.
    await issue();
    await client.syncNow();
    expect(reads()).toBe(1);

    // Now it is: the next change goes from memory.
    await issue();
    await issue();
    await client.syncNow();
    expect(reads()).toBe(1);

    // An answer that never came: the store took the change, the device does not know.
    // The next push still sends from memory (the store answers the first again from its
    // ledger), and the outbox ends empty with each change applied once.
    await issue();
    net.loseNextAnswerOf('kiosk');
    await client.syncNow();
    expect(client.status().problem).toBe('offline');
    await issue();
    await client.syncNow();
    expect(client.status().problem).toBeNull();

    // A new client (a reload): memory is empty, the outbox is read.
    const reloaded = createSyncClient(options);
    await issue();
    await reloaded.syncNow();
    expect(reads()).toBe(2);

    expect(await db.outbox.count()).toBe(0);
    expect((await server.ledger(deviceId)).map((r) => [r.seq, r.status])).toEqual([1, 2, 3, 4, 5, 6].map((seq) => [seq, 'applied']));
    expect(await server.mutationsAppliedTwice()).toEqual([]);
    expect((await server.tickets()).length).toBe(6);
    client.stop();
    reloaded.stop();
  });
});

it('feeds several pushes from one read of the outbox, each answer written in order', async () => {
  await withKiosk(2, async ({ server, net, db, deviceId, now }) => {
    for (let i = 0; i < 10; i++) await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: now() });
    const reads = countOutboxReads(db);
    const client = createSyncClient({ db, baseUrl: BASE, fetch: net.fetchFor('kiosk'), now, live: false, heartbeatMs: 0, pushBatch: 3 });
    await client.syncNow();
    expect(client.status().problem).toBeNull();
    expect(reads(), 'four pushes of at most 3, from one read').toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect((await server.ledger(deviceId)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await db.tickets.toArray()).filter((t) => t.pending)).toEqual([]);
    client.stop();
  });
});

it('reads the outbox again as the last push of a read leaves, taking only the changes after it: each change goes up once, in order', async () => {
  await withKiosk(3, async ({ server, net, db, deviceId, now }) => {
    for (let i = 0; i < 30; i++) await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: now() });
    const reads = countOutboxReads(db);
    const pushed: number[] = [];
    const fetchKiosk = net.fetchFor('kiosk');
    const recording: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/api/sync/push')) pushed.push(...(JSON.parse(String(init?.body)) as { mutations: Array<{ seq: number }> }).mutations.map((m) => m.seq));
      return fetchKiosk(input, init);
    };
    const client = createSyncClient({ db, baseUrl: BASE, fetch: recording, now, live: false, heartbeatMs: 0, pushBatch: 3 });
    await client.syncNow();
    expect(client.status().problem).toBeNull();
    // 12 a read (four pushes of 3): the first read, then two read while answers were still being written.
    expect(reads()).toBe(3);
    expect(pushed, 'every change pushed once, in seq order').toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await db.outbox.count()).toBe(0);
    expect((await server.ledger(deviceId)).map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await server.mutationsAppliedTwice()).toEqual([]);
    client.stop();
  });
});

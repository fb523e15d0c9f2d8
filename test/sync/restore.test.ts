/**
 * A store restored from a backup (issue 12 A): the devices synced after the backup, so the
 * store now knows less than they do. Nothing a device still holds is lost: the kiosk sends
 * again what the store confirmed after the backup (it keeps confirmed changes a week), goes
 * on with its outbox, and every device pulls everything again, even one whose cursor the
 * store has meanwhile passed. What a device no longer holds is skipped on the record and
 * shown to a person. On PGlite (files copied back) and PostgreSQL (database copied back).
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issueTicket, openDeviceDb, saveEnrollment, unseenRejections, type DeviceDb } from '../../shared/db/index.ts';
import { createSyncClient, type SyncClient } from '../../shared/device/syncClient.ts';
import type { EnrollResponse } from '../../shared/sync/protocol.ts';
import { createTestDatabase } from '../../server/store/testDatabase.ts';
import { SimServer } from './simServer.ts';
import { NO_FAULTS, seededRandom, SimNetwork } from './simNetwork.ts';

const BASE = 'http://sim.invalid';
const PG_URL = process.env.TEST_DATABASE_URL;
const engines: Array<'pglite' | 'postgres'> = PG_URL ? ['pglite', 'postgres'] : ['pglite'];
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Device {
  readonly db: DeviceDb;
  readonly client: SyncClient;
  readonly deviceId: string;
}

async function office(engine: 'pglite' | 'postgres') {
  let where: { dataDir: string } | { databaseUrl: string };
  let drop = async (): Promise<void> => {};
  if (engine === 'postgres') {
    const db = await createTestDatabase(PG_URL ?? '');
    where = { databaseUrl: db.url };
    drop = () => db.drop();
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'jawazat-restore-'));
    dirs.push(dataDir);
    where = { dataDir };
  }
  let clock = Date.UTC(2026, 10, 22, 7, 0);
  const now = (): number => clock;
  const server = await SimServer.start(where, now);
  const net = new SimNetwork(seededRandom(1), NO_FAULTS, () => server.handler);
  const supervisor = await server.supervisorToken();
  const enroll = async (role: 'kiosk' | 'display', name: string): Promise<Device> => {
    const code = await server.enrollmentCode(supervisor, role);
    const enrollment = await server.json<EnrollResponse>('POST', '/api/devices/enroll', { code, label: name });
    const db = openDeviceDb(`restore-${engine}-${name}-${Math.random()}`);
    await saveEnrollment(db, enrollment, now());
    const client = createSyncClient({ db, baseUrl: BASE, fetch: net.fetchFor(name), now, live: false, pushBatch: 4, pullLimit: 5, heartbeatMs: 1 });
    return { db, client, deviceId: enrollment.deviceId };
  };
  const tick = (): void => {
    clock += 60_000;
  };
  const issue = async (kiosk: Device, n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      tick();
      await issueTicket(kiosk.db, { sectionId: i % 2 ? 'women' : 'men', serviceGroup: 'residence', now: now() });
    }
  };
  return { server, enroll, issue, tick, drop, adminUrl: PG_URL };
}

const serverNumbers = async (server: SimServer): Promise<string[]> => (await server.tickets()).map((t) => t.displayNumber).sort();
const screenNumbers = async (db: DeviceDb): Promise<string[]> => (await db.tickets.toArray()).map((t) => t.displayNumber).sort();

describe('a store restored from a backup', () => {
  for (const engine of engines) {
    it(`loses nothing a device still holds, and every device pulls everything again [${engine}]`, async () => {
      const o = await office(engine);
      try {
        const kiosk = await o.enroll('kiosk', 'kiosk');
        const board = await o.enroll('display', 'board');
        await o.issue(kiosk, 5);
        await kiosk.client.syncNow();
        await board.client.syncNow();
        await o.server.backUp(o.adminUrl);

        // After the backup: five more, confirmed by the store, pulled by the board.
        await o.issue(kiosk, 5);
        await kiosk.client.syncNow();
        await board.client.syncNow();
        expect(await kiosk.db.outbox.count()).toBe(0); // confirmed: only the week's log keeps them
        const before = await serverNumbers(o.server);
        expect(before).toHaveLength(10);

        await o.server.restoreBackup(o.adminUrl);
        expect(await serverNumbers(o.server)).toHaveLength(5);
        // Another kiosk works on the restored store first, past the board's cursor.
        const other = await o.enroll('kiosk', 'kiosk2');
        await o.issue(other, 12);
        await other.client.syncNow();

        await o.issue(kiosk, 2);
        await kiosk.client.syncNow();
        expect(kiosk.client.status().problem).toBeNull();
        await board.client.syncNow();
        await other.client.syncNow();

        const after = await serverNumbers(o.server);
        expect(after).toHaveLength(5 + 5 + 12 + 2);
        for (const n of before) expect(after).toContain(n);
        expect(await screenNumbers(kiosk.db)).toEqual(after);
        expect(await screenNumbers(board.db)).toEqual(after);
        expect(await screenNumbers(other.db)).toEqual(after);
        expect(await unseenRejections(kiosk.db)).toEqual([]);
        const noticed = await o.server.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'store.restoreNoticed'`);
        expect(noticed[0]?.n).toBe(1);
      } finally {
        await o.server.stop();
        await o.drop();
      }
    });

    it(`is reported once, also by a device that pulled the restore before sending again [${engine}]`, async () => {
      const o = await office(engine);
      try {
        const kiosk = await o.enroll('kiosk', 'kiosk');
        const board = await o.enroll('display', 'board');
        await o.issue(kiosk, 3);
        await kiosk.client.syncNow();
        await o.server.backUp(o.adminUrl);
        await o.issue(kiosk, 3); // seqs 4–6, confirmed, then lost in the restore
        await kiosk.client.syncNow();
        await board.client.syncNow();
        await o.server.restoreBackup(o.adminUrl);

        // The board notices first (its cursor is ahead); the kiosk, with nothing to send,
        // pulls the store's new epoch; only then does it make a change and send again.
        o.tick(); // the board's next run beats
        await board.client.syncNow();
        await kiosk.client.syncNow();
        await o.issue(kiosk, 1); // seq 7
        await kiosk.client.syncNow();
        expect(kiosk.client.status().problem).toBeNull();
        await board.client.syncNow();

        expect(await serverNumbers(o.server)).toHaveLength(7);
        expect((await o.server.ledger(kiosk.deviceId)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
        expect(await screenNumbers(board.db)).toEqual(await serverNumbers(o.server));
        const noticed = await o.server.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'store.restoreNoticed'`);
        expect(noticed[0]?.n, 'one restore, one new epoch: every device pulls everything once').toBe(1);
      } finally {
        await o.server.stop();
        await o.drop();
      }
    });

    it(`skips on the record what a device no longer holds, and tells the person [${engine}]`, async () => {
      const o = await office(engine);
      try {
        const kiosk = await o.enroll('kiosk', 'kiosk');
        await o.issue(kiosk, 2);
        await kiosk.client.syncNow();
        await o.server.backUp(o.adminUrl);
        await o.issue(kiosk, 4); // seqs 3–6
        await kiosk.client.syncNow();
        await o.server.restoreBackup(o.adminUrl);
        // The oldest two of them are past the week the device keeps.
        await kiosk.db.sent.bulkDelete([3, 4]);
        await o.issue(kiosk, 1); // seq 7
        await kiosk.client.syncNow();
        expect(kiosk.client.status().problem).toBeNull();

        expect(await serverNumbers(o.server)).toHaveLength(5); // 2 before the backup, 5 and 6 sent again, 7
        const notices = await unseenRejections(kiosk.db);
        expect(notices.map((r) => [r.reason.code, r.reason.params])).toEqual([['lost_in_restore', { count: 2, from: 3, to: 4 }]]);
        const gaps = await o.server.query<{ from_seq: number; to_seq: number }>('SELECT from_seq, to_seq FROM sync_gaps WHERE device_id = $1', [kiosk.deviceId]);
        expect(gaps).toEqual([{ from_seq: 3, to_seq: 4 }]);
        const ledger = await o.server.ledger(kiosk.deviceId);
        expect(ledger.map((r) => r.seq)).toEqual([1, 2, 5, 6, 7]);
      } finally {
        await o.server.stop();
        await o.drop();
      }
    });
  }
});

/**
 * Deterministic sync simulator: kiosks and counters on fake-indexeddb, each with the real
 * sync client, talking through a misbehaving network (test/sync/simNetwork.ts) to the
 * real server and store in process. fast-check generates the day's script: tickets,
 * calls, partitions, crashes between a local commit and the server's answer, server
 * restarts. After the network heals, every device must agree with the server, and
 * nothing may have been lost, applied twice or called twice.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  actOnTicket,
  callNext,
  currentBreak,
  recordCounterBreak,
  getCursor,
  issueTicket,
  openDeviceDb,
  RuleRefusedError,
  saveEnrollment,
  saveSession,
  type DeviceDb,
} from '../../shared/db/index.ts';
import type { ServiceGroup } from '../../shared/domain/services.ts';
import { createSyncClient, type SyncClient } from '../../shared/device/syncClient.ts';
import type { EnrollResponse, OfficerSession } from '../../shared/sync/protocol.ts';
import { createTestDatabase } from '../../server/store/testDatabase.ts';
import { SimServer } from './simServer.ts';
import { NO_FAULTS, seededRandom, SimNetwork } from './simNetwork.ts';

const BASE = 'http://sim.invalid';

interface SimDevice {
  readonly name: string;
  readonly role: 'kiosk' | 'counter';
  readonly dbName: string;
  readonly deviceId: string;
  readonly counterId: number;
  db: DeviceDb;
  client: SyncClient;
  lastCursor: number;
  /** This device's clock minus the true time. */
  readonly skew: number;
}

type Op =
  | { kind: 'issue'; kiosk: number; section: 'men' | 'women'; group: ServiceGroup }
  | { kind: 'callNext'; counter: number }
  | { kind: 'callTogether' }
  | { kind: 'advance'; counter: number; roll: number }
  /** A ticket at the counter is transferred, set aside (parked) or taken back; the officer takes or ends a break. */
  | { kind: 'aside'; counter: number; roll: number }
  | { kind: 'break'; counter: number }
  | { kind: 'sync'; device: number }
  | { kind: 'syncAll' }
  | { kind: 'changeWhileSyncing'; device: number }
  | { kind: 'partition'; device: number }
  | { kind: 'heal'; device: number }
  | { kind: 'crashMidPush'; device: number }
  | { kind: 'deliverHeld' }
  | { kind: 'restartServer' };

/**
 * After the faults: a counter finishes what it holds, calls a new ticket, starts it, sets it
 * aside and takes it back, transfers it, and takes and ends a break; two counters call one
 * resident; a kiosk crashes mid-push and the server restarts.
 */
const EPILOGUE: readonly Op[] = [
  { kind: 'advance', counter: 0, roll: 0 },
  { kind: 'advance', counter: 0, roll: 0 },
  { kind: 'advance', counter: 0, roll: 0 },
  { kind: 'issue', kiosk: 0, section: 'men', group: 'residence' },
  { kind: 'sync', device: 0 },
  { kind: 'sync', device: 2 },
  { kind: 'callNext', counter: 0 },
  { kind: 'advance', counter: 0, roll: 0 },
  { kind: 'aside', counter: 0, roll: 0 },
  { kind: 'aside', counter: 0, roll: 9 },
  { kind: 'aside', counter: 0, roll: 9 },
  { kind: 'break', counter: 0 },
  { kind: 'break', counter: 0 },
  // Both men's counters, each finished and seeing the same queue, call the same resident
  // before either hears of the other: the store refuses the second, and that counter is told.
  { kind: 'advance', counter: 1, roll: 0 },
  { kind: 'advance', counter: 1, roll: 0 },
  { kind: 'advance', counter: 1, roll: 0 },
  { kind: 'issue', kiosk: 0, section: 'men', group: 'residence' },
  { kind: 'sync', device: 0 },
  { kind: 'sync', device: 2 },
  { kind: 'sync', device: 3 },
  { kind: 'sync', device: 2 },
  { kind: 'callTogether' },
  { kind: 'sync', device: 2 },
  { kind: 'sync', device: 3 },
  // A kiosk crashes in the middle of a push, and the server restarts: whatever the random
  // steps drew, every run has both (a run without them was possible, and once happened).
  { kind: 'issue', kiosk: 0, section: 'women', group: 'residence' },
  { kind: 'crashMidPush', device: 0 },
  { kind: 'restartServer' },
  { kind: 'sync', device: 0 },
];

const KIOSKS = 2;
const COUNTERS = 3; // counters 1 and 2 serve men, 5 serves women
const COUNTER_IDS = [1, 2, 5];
const DEVICES = KIOSKS + COUNTERS;

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('issue' as const), kiosk: fc.nat(KIOSKS - 1), section: fc.constantFrom('men' as const, 'women' as const), group: fc.constantFrom<ServiceGroup>('residence', 'exitReentry', 'finalExit') }) },
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('callNext' as const), counter: fc.nat(COUNTERS - 1) }) },
  { weight: 16, arbitrary: fc.record({ kind: fc.constant('advance' as const), counter: fc.nat(COUNTERS - 1), roll: fc.nat(9) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('aside' as const), counter: fc.nat(COUNTERS - 1), roll: fc.nat(9) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('break' as const), counter: fc.nat(COUNTERS - 1) }) },
  { weight: 30, arbitrary: fc.record({ kind: fc.constant('sync' as const), device: fc.nat(DEVICES - 1) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'syncAll' as const }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('changeWhileSyncing' as const), device: fc.nat(DEVICES - 1) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'callTogether' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('partition' as const), device: fc.nat(DEVICES - 1) }) },
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('heal' as const), device: fc.nat(DEVICES - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('crashMidPush' as const), device: fc.nat(DEVICES - 1) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'deliverHeld' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restartServer' as const }) },
);

const dirs: string[] = [];
/** What the runs exercised, summed: a simulator that never hit a fault would prove nothing. */
const totals = {
  runs: 0, tickets: 0, finished: 0, rejected: 0, restarts: 0, crashes: 0, requests: 0, dropped: 0, lostAnswers: 0, duplicated: 0,
  concurrentDuplicates: 0, delayed: 0, transfers: 0, parks: 0, breaks: 0, acrossMidnight: 0, pushedAlongside: 0,
};
/** Device clocks set a little wrong (minutes), each device its own: the store measures and corrects them. */
const SKEWS = [3 * 60_000, -2 * 60_000, 45_000, -90_000, 0];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function runScenario(engine: 'pglite' | 'postgres', ops: readonly Op[], seed: number): Promise<void> {
  let where: { dataDir: string } | { databaseUrl: string };
  let dropDb = async (): Promise<void> => {};
  if (engine === 'postgres') {
    const db = await createTestDatabase(PG_URL ?? '');
    where = { databaseUrl: db.url };
    dropDb = () => db.drop();
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'jawazat-sim-'));
    dirs.push(dataDir);
    where = { dataDir };
    // Each run's store goes when the run ends (afterAll removing a whole batch's at once took over a minute on a loaded machine).
    dropDb = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  // 23:52 in Riyadh: a run of 60–120 steps of 7 s crosses midnight.
  let clock = Date.UTC(2026, 10, 22, 20, 52);
  const now = (): number => clock;
  const server = await SimServer.start(where, now);
  const net = new SimNetwork(seededRandom(seed), { dropRequest: 0.1, dropResponse: 0.1, duplicate: 0.1, delay: 0.08 }, () => server.handler);
  const issued = new Set<string>();
  const devices: SimDevice[] = [];

  try {
    const supervisor = await server.supervisorToken();
    const enroll = async (role: 'kiosk' | 'counter', name: string, counterId: number): Promise<SimDevice> => {
      const code = await server.enrollmentCode(supervisor, role);
      const enrollment = await server.json<EnrollResponse>('POST', '/api/devices/enroll', { code, label: name });
      const dbName = `sim-${seed}-${name}-${Math.random()}`;
      const db = openDeviceDb(dbName);
      await saveEnrollment(db, enrollment, now());
      if (role === 'counter') {
        const pin = '1234';
        const badge = String(1000 + counterId);
        const session = await server.json<OfficerSession>('POST', '/api/counter/sign-in', { badge, pin, counterId }, enrollment.token);
        await saveSession(db, session, pin, now());
      }
      const skew = SKEWS[devices.length % SKEWS.length] ?? 0;
      const device: SimDevice = { name, role, dbName, deviceId: enrollment.deviceId, counterId, db, client: makeClient(name, db, skew), lastCursor: 0, skew };
      return device;
    };
    const makeClient = (name: string, db: DeviceDb, skew: number): SyncClient =>
      createSyncClient({ db, baseUrl: BASE, fetch: net.fetchFor(name), now: () => now() + skew, live: false, pushBatch: 3, pullLimit: 4, heartbeatMs: 60_000 });
    const deviceNow = (d: SimDevice): number => now() + d.skew;

    for (let k = 0; k < KIOSKS; k++) devices.push(await enroll('kiosk', `kiosk${k + 1}`, 0));
    for (const id of COUNTER_IDS) devices.push(await enroll('counter', `counter${id}`, id));

    const sync = async (d: SimDevice): Promise<void> => {
      await d.client.syncNow();
      const cursor = await getCursor(d.db);
      expect(cursor, `${d.name}'s cursor went backwards`).toBeGreaterThanOrEqual(d.lastCursor);
      d.lastCursor = cursor;
    };
    const crash = async (d: SimDevice): Promise<void> => {
      d.client.stop();
      d.db.close();
      d.db = openDeviceDb(d.dbName);
      d.client = makeClient(d.name, d.db, d.skew);
    };
    const counterOf = (i: number): SimDevice => devices[KIOSKS + i] as SimDevice;

    const play = async (op: Op): Promise<void> => {
      clock += 7_000;
      switch (op.kind) {
        case 'issue': {
          const kiosk = devices[op.kiosk] as SimDevice;
          const t = await issueTicket(kiosk.db, { sectionId: op.section, serviceGroup: op.group, now: deviceNow(kiosk) });
          issued.add(t.ticketId);
          break;
        }
        case 'callNext': {
          const c = counterOf(op.counter);
          const busy = await c.db.tickets.where('counterId').equals(c.counterId).filter((t) => t.status === 'called' || t.status === 'serving').count();
          if (busy === 0) await callNext(c.db, { counterId: c.counterId, now: deviceNow(c) });
          break;
        }
        case 'callTogether':
          // Both men's counters press "Call next" before either hears of the other.
          for (const i of [0, 1]) {
            const c = counterOf(i);
            const busy = await c.db.tickets.where('counterId').equals(c.counterId).filter((t) => t.status === 'called' || t.status === 'serving').count();
            if (busy === 0) await callNext(c.db, { counterId: c.counterId, now: deviceNow(c) });
          }
          break;
        case 'advance': {
          // The officer's natural next step: a called resident comes (or is recalled, or
          // never comes); a served one is completed.
          const c = counterOf(op.counter);
          const mine = await c.db.tickets.where('counterId').equals(c.counterId).filter((t) => t.status === 'called' || t.status === 'serving').first();
          if (!mine) break;
          const action = mine.status === 'serving' ? 'complete' : op.roll < 6 ? 'start' : op.roll < 8 ? 'recall' : 'noShow';
          try {
            await actOnTicket(c.db, { action, ticketId: mine.ticketId, counterId: c.counterId, now: deviceNow(c) });
          } catch (error) {
            if (!(error instanceof RuleRefusedError)) throw error;
          }
          break;
        }
        case 'aside': {
          // Transfer a called or served ticket to another service, park a served one, or take a parked one back.
          const c = counterOf(op.counter);
          const parked = await c.db.tickets.where('counterId').equals(c.counterId).filter((t) => t.status === 'parked').first();
          const mine = await c.db.tickets.where('counterId').equals(c.counterId).filter((t) => t.status === 'called' || t.status === 'serving').first();
          try {
            if (parked && !mine) {
              await actOnTicket(c.db, { action: 'resume', ticketId: parked.ticketId, counterId: c.counterId, now: deviceNow(c) });
            } else if (mine?.status === 'serving' && op.roll < 4) {
              await actOnTicket(c.db, { action: 'park', ticketId: mine.ticketId, counterId: c.counterId, now: deviceNow(c) });
              totals.parks += 1;
            } else if (mine) {
              await actOnTicket(c.db, { action: 'transfer', ticketId: mine.ticketId, counterId: c.counterId, now: deviceNow(c), serviceGroup: 'enquiries', targetCounterId: null, reason: 'needs another service' });
              totals.transfers += 1;
            }
          } catch (error) {
            if (!(error instanceof RuleRefusedError)) throw error;
          }
          break;
        }
        case 'break': {
          const c = counterOf(op.counter);
          const session = await c.db.session.get('current');
          if (!session) break;
          const on = await currentBreak(c.db, session.sessionId);
          await recordCounterBreak(c.db, { counterId: c.counterId, reason: on === null ? 'prayer' : null, now: deviceNow(c) });
          totals.breaks += 1;
          break;
        }
        case 'sync':
          await sync(devices[op.device] as SimDevice);
          break;
        case 'syncAll':
          await Promise.all(devices.map(sync)); // concurrent pushes contend for the office row lock
          break;
        case 'changeWhileSyncing': {
          // A person's change while the device is in a sync run: it is pushed at once,
          // alongside the run's pull (the push lane), and the run pulls again after.
          const d = devices[op.device] as SimDevice;
          const run = sync(d);
          await new Promise((r) => setTimeout(r, 0));
          if (d.role === 'kiosk') {
            issued.add((await issueTicket(d.db, { sectionId: 'men', serviceGroup: 'residence', now: deviceNow(d) })).ticketId);
          } else {
            const busy = await d.db.tickets.where('counterId').equals(d.counterId).filter((t) => t.status === 'called' || t.status === 'serving').count();
            if (busy === 0) await callNext(d.db, { counterId: d.counterId, now: deviceNow(d) });
          }
          await Promise.all([run, d.client.pushNow()]);
          totals.pushedAlongside += 1;
          break;
        }
        case 'partition':
          net.partitioned.add((devices[op.device] as SimDevice).name);
          break;
        case 'heal':
          net.partitioned.delete((devices[op.device] as SimDevice).name);
          break;
        case 'crashMidPush': {
          const d = devices[op.device] as SimDevice;
          net.loseNextAnswerOf(d.name);
          await d.client.syncNow();
          await crash(d);
          break;
        }
        case 'deliverHeld':
          await net.deliverHeld(2);
          break;
        case 'restartServer':
          await server.restart();
          break;
      }
    };
    for (const op of ops) await play(op);

    // The network heals: nothing is partitioned, nothing misbehaves; late requests arrive.
    net.partitioned.clear();
    net.faults = NO_FAULTS;
    await net.deliverHeld();
    // Every kind of counter change at least once per run, whatever the random steps did.
    for (const op of EPILOGUE) await play(op);
    for (let round = 0; round < 6; round++) for (const d of devices) await sync(d);

    await checkInvariants(server, devices, issued);
    if (new Set((await server.tickets()).map((t) => t.serviceDay)).size > 1) totals.acrossMidnight += 1;
    const finished = (await server.tickets()).filter((t) => t.status === 'done' || t.status === 'noShow').length;
    let rejected = 0;
    for (const d of devices) rejected += await d.db.rejections.count();
    expect(rejected, 'the epilogue’s double call is refused and shown').toBeGreaterThan(0);
    totals.runs += 1;
    totals.tickets += issued.size;
    totals.finished += finished;
    totals.rejected += rejected;
    totals.restarts += [...ops, ...EPILOGUE].filter((o) => o.kind === 'restartServer').length;
    totals.crashes += [...ops, ...EPILOGUE].filter((o) => o.kind === 'crashMidPush').length;
    for (const k of Object.keys(net.stats) as Array<keyof SimNetwork['stats']>) totals[k] += net.stats[k];
  } finally {
    for (const d of devices) {
      d.client.stop();
      d.db.close();
      await d.db.delete();
    }
    await server.stop();
    await dropDb();
  }
}

async function checkInvariants(server: SimServer, devices: readonly SimDevice[], issued: ReadonlySet<string>): Promise<void> {
  const serverTickets = await server.tickets();
  const byId = new Map(serverTickets.map((t) => [t.ticketId, t]));

  // No ticket lost: every ticket a kiosk showed a resident is on the server.
  for (const id of issued) expect(byId.has(id), `ticket ${id} was lost`).toBe(true);
  expect(serverTickets.length).toBe(issued.size);

  // Ticket numbers are unique within a day even though kiosks numbered them offline.
  const numbers = serverTickets.map((t) => `${t.serviceDay}/${t.displayNumber}`);
  expect(new Set(numbers).size).toBe(numbers.length);

  // No ticket called twice; each device's mutation applied at most once, in every append-only table;
  // each applied change took its own office version, in the order of the device's seqs.
  expect(await server.ticketsCalledMoreThanOnce()).toEqual([]);
  expect(await server.mutationsAppliedTwice()).toEqual([]);
  expect(await server.historyRowsTwice()).toEqual([]);
  expect(await server.versionProblems()).toEqual([]);

  for (const d of devices) {
    // Every mutation the device made was applied or rejected; nothing waits any more.
    expect(await d.db.outbox.count(), `${d.name} still has unsent changes`).toBe(0);
    const nextSeq = (await d.db.meta.get('nextSeq'))?.value as number;
    const ledger = await server.ledger(d.deviceId);
    expect(ledger.map((r) => r.seq), `${d.name}'s changes on the server`).toEqual(Array.from({ length: nextSeq - 1 }, (_, i) => i + 1));
    // Every refusal is in front of a person on the device.
    const refused = ledger.filter((r) => r.status === 'rejected').map((r) => r.seq);
    expect((await d.db.rejections.toArray()).map((r) => r.seq).sort((a, b) => a - b)).toEqual(refused);

    // Converged: the device shows exactly the server's tickets.
    const local = await d.db.tickets.toArray();
    expect(local.filter((t) => t.pending)).toEqual([]);
    expect(local.map(({ pending: _p, ...t }) => t).sort(byTicketId)).toEqual((await server.ticketsAsSeenBy(d.deviceId)).sort(byTicketId));
    expect(await getCursor(d.db)).toBe(await server.officeVersion());
  }
}

const byTicketId = (a: { ticketId: string }, b: { ticketId: string }): number => a.ticketId.localeCompare(b.ticketId);

const PG_URL = process.env.TEST_DATABASE_URL;
const engines: Array<'pglite' | 'postgres'> = PG_URL ? ['pglite', 'postgres'] : ['pglite'];
if (!PG_URL && process.env.REQUIRE_POSTGRES === '1') throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
if (!PG_URL) console.log('sync simulator: TEST_DATABASE_URL is not set, so it runs on PGlite only (PostgreSQL skipped)');

describe.each(engines)('sync simulator on %s', (engine) => {
  it('converges with no loss, no double apply and no double call under faults', async () => {
    for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] = 0;
    const runs = Number(process.env.SIM_RUNS ?? (engine === 'pglite' ? 8 : 4));
    // A new seed every run (printed, to replay a failure with SIM_SEED), so runs over time cover more.
    const seed = Number(process.env.SIM_SEED ?? Date.now() % 2_147_483_647);
    console.log(`sync simulator on ${engine}: seed ${seed} (replay with SIM_SEED=${seed})`);
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 60, maxLength: 120 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (ops, seed) =>
          runScenario(engine, ops, seed),
        ),
        { numRuns: runs, seed, endOnFailure: true },
      );
    } finally {
      // Printed whatever happened: the long job (scripts/sim-long.ts) counts runs from it.
      console.log('sync simulator exercised:', JSON.stringify(totals));
    }
    for (const key of ['tickets', 'finished', 'rejected', 'restarts', 'crashes', 'dropped', 'lostAnswers', 'duplicated', 'concurrentDuplicates', 'delayed', 'transfers', 'parks', 'breaks', 'acrossMidnight', 'pushedAlongside'] as const) {
      expect(totals[key], `the simulator never exercised "${key}"`).toBeGreaterThan(0);
    }
  }, Math.max(600_000, Number(process.env.SIM_RUNS ?? 8) * 90_000)); // a long job's batch may be large and the machine busy
});

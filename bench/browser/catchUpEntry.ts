/**
 * Runs inside Chromium for the catch-up benchmark (bundled by bench/browser/build.ts):
 * the real device database (Dexie on the browser's IndexedDB) and the real sync client.
 */
import { getCursor, getIdentity, issueTicket, openDeviceDb, outboxCounts, saveEnrollment, type DeviceDb, type LocalTicket } from '../../shared/db/index.ts';
import { createSyncClient } from '../../shared/device/syncClient.ts';
import type { EnrollResponse, PullResponse } from '../../shared/sync/protocol.ts';

let db: DeviceDb | null = null;

async function setUp(enrollment: EnrollResponse, up: number): Promise<number> {
  db = openDeviceDb(`bench-catch-up-${Date.now()}`);
  await saveEnrollment(db, enrollment, Date.now());
  for (let i = 0; i < up; i++) await issueTicket(db, { sectionId: i % 2 ? 'men' : 'women', serviceGroup: 'residence', now: Date.now() });
  return (await outboxCounts(db)).pending;
}

/** One request of the timed sync: when it left (ms into the sync) and how long its answer took. */
type Request = { path: string; at: number; ms: number };

async function run(): Promise<{ ms: number; serverMs: number; idleMs: number; pending: number; cursor: number; tickets: number; problem: string | null; requests: Request[]; startedAt: number }> {
  if (!db) throw new Error('setUp first');
  let serverMs = 0;
  const requests: Request[] = [];
  const timedFetch: typeof fetch = async (input, init) => {
    const t = performance.now();
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    serverMs += performance.now() - t;
    requests.push({ path: String(input).replace(/^https?:\/\/[^/]+/, '').slice(0, 60), at: t - started, ms: performance.now() - t });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  const client = createSyncClient({ db, live: false, fetch: timedFetch });
  const started = performance.now();
  await client.syncNow();
  const ms = performance.now() - started;
  const idleStarted = performance.now();
  await client.syncNow();
  const idleMs = performance.now() - idleStarted;
  return {
    ms,
    serverMs,
    idleMs,
    pending: (await outboxCounts(db)).pending,
    cursor: await getCursor(db),
    tickets: await db.tickets.count(),
    problem: client.status().problemMessage,
    requests,
    startedAt: performance.timeOrigin + started,
  };
}

/**
 * The floor the catch-up is held against, in this page after the sync: the same rows
 * (every ticket the device now holds) fetched from the server as ONE response (a pull
 * from cursor 0 with a limit above the count), then written into a fresh device
 * database's `tickets` table (its indexes included) by one bulkPut in one transaction.
 */
async function floor(rows: number): Promise<{ fetchMs: number; writeMs: number }> {
  if (!db) throw new Error('setUp first');
  const identity = await getIdentity(db);
  if (!identity) throw new Error('not enrolled');
  const fetchStarted = performance.now();
  const response = await fetch(`/api/sync/pull?cursor=0&limit=${rows + 10}`, { headers: { authorization: `Bearer ${identity.token}` }, cache: 'no-store' });
  const page = (await response.json()) as PullResponse;
  const fetchMs = performance.now() - fetchStarted;
  const tickets: LocalTicket[] = page.changes.flatMap((c) => (c.entity === 'ticket' ? [{ ...c.data, pending: false }] : []));
  if (tickets.length !== rows || page.more) throw new Error(`floor: ${tickets.length} rows in one response, expected ${rows}`);
  const target = openDeviceDb(`bench-floor-${Date.now()}`);
  await target.open();
  const writeStarted = performance.now();
  await target.transaction('rw', target.tickets, () => target.tickets.bulkPut(tickets));
  const writeMs = performance.now() - writeStarted;
  await target.delete();
  return { fetchMs, writeMs };
}

(window as unknown as { benchCatchUp: unknown }).benchCatchUp = { setUp, run, floor };

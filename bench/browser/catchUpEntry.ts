/**
 * Runs inside Chromium for the catch-up benchmark (bundled by bench/browser/build.ts):
 * the real device database (Dexie on the browser's IndexedDB) and the real sync client.
 */
import { getCursor, issueTicket, openDeviceDb, outboxCounts, saveEnrollment, type DeviceDb } from '../../shared/db/index.ts';
import { createSyncClient } from '../../shared/sync/client.ts';
import type { EnrollResponse } from '../../shared/sync/protocol.ts';

let db: DeviceDb | null = null;

async function setUp(enrollment: EnrollResponse, up: number): Promise<number> {
  db = openDeviceDb(`bench-catch-up-${Date.now()}`);
  await saveEnrollment(db, enrollment, Date.now());
  for (let i = 0; i < up; i++) await issueTicket(db, { sectionId: i % 2 ? 'men' : 'women', serviceGroup: 'residence', now: Date.now() });
  return (await outboxCounts(db)).pending;
}

async function run(): Promise<{ ms: number; serverMs: number; idleMs: number; pending: number; cursor: number; tickets: number; problem: string | null }> {
  if (!db) throw new Error('setUp first');
  let serverMs = 0;
  const timedFetch: typeof fetch = async (input, init) => {
    const t = performance.now();
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    serverMs += performance.now() - t;
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
  };
}

(window as unknown as { benchCatchUp: unknown }).benchCatchUp = { setUp, run };

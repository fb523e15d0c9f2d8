/**
 * `npm run bench`: how fast the central store takes pushes and serves pulls, measured
 * against a baseline in the same run (machines here are noisy, so only ratios within one
 * run mean much). Writes BENCHMARKS.md with the machine it ran on.
 *
 * - push: N ticket.issue mutations from one kiosk in batches of 50 vs batches of 1
 *   (the baseline: what a device that pushed every change alone would cost).
 * - pull: N tickets pulled from cursor 0 with pages of 1000 vs pages of 50.
 * Each on PGlite (in memory) and on PostgreSQL when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL is set.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { createApp } from '../server/app.ts';
import { seedOffice } from '../server/seed.ts';
import { openStore, type Store } from '../server/store/index.ts';
import { createTestDatabase } from '../server/store/testDatabase.ts';
import { randomCode } from '../shared/domain/ticket.ts';
import type { EnrollResponse, MutationEnvelope, PullResponse, PushResponse } from '../shared/sync/protocol.ts';

const N = Number(process.env.BENCH_N ?? 2000);
const BASE = 'http://bench.invalid';

interface Row {
  engine: string;
  what: string;
  variant: string;
  items: number;
  ms: number;
}

async function call<T>(app: ReturnType<typeof createApp>, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await app.fetch(
    new Request(`${BASE}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function kiosk(app: ReturnType<typeof createApp>): Promise<EnrollResponse> {
  const { token } = await call<{ token: string }>(app, 'POST', '/api/admin/sign-in', { username: 'supervisor', password: 'pilot-2026' });
  const { code } = await call<{ code: string }>(app, 'POST', '/api/admin/enrollments', { role: 'kiosk' }, token);
  return call<EnrollResponse>(app, 'POST', '/api/devices/enroll', { code });
}

function issues(from: number, count: number, kioskNo: number): MutationEnvelope[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: from + i,
    name: 'ticket.issue',
    args: {
      ticketId: crypto.randomUUID(),
      sectionId: 'men',
      serviceGroup: 'residence',
      displayNumber: `M${kioskNo}-${String(from + i).padStart(5, '0')}`,
      publicCode: randomCode(10),
    },
    deviceTime: Date.now(),
    schemaVersion: 1,
    sessionId: null,
  }));
}

async function timePush(store: Store, batch: number, count: number): Promise<number> {
  const app = createApp({ store });
  const device = await kiosk(app);
  const all = issues(1, count, device.kioskNo);
  const started = performance.now();
  for (let i = 0; i < all.length; i += batch) {
    const r = await call<PushResponse>(app, 'POST', '/api/sync/push', { deviceId: device.deviceId, mutations: all.slice(i, i + batch) }, device.token);
    if (r.results.some((x) => x.status !== 'applied')) throw new Error('bench push was refused');
  }
  return performance.now() - started;
}

async function timePull(store: Store, limit: number): Promise<{ ms: number; items: number }> {
  const app = createApp({ store });
  const device = await kiosk(app);
  let cursor = 0;
  let items = 0;
  const started = performance.now();
  for (;;) {
    const page = await call<PullResponse>(app, 'GET', `/api/sync/pull?cursor=${cursor}&limit=${limit}`, undefined, device.token);
    items += page.changes.length;
    cursor = page.cursor;
    if (!page.more) break;
  }
  return { ms: performance.now() - started, items };
}

async function benchEngine(engine: string, open: () => Promise<{ store: Store; done: () => Promise<void> }>): Promise<Row[]> {
  const rows: Row[] = [];
  const { store, done } = await open();
  try {
    await seedOffice(store);
    const small = Math.max(50, Math.floor(N / 10));
    rows.push({ engine, what: 'push ticket.issue', variant: 'batches of 1 (baseline)', items: small, ms: await timePush(store, 1, small) });
    rows.push({ engine, what: 'push ticket.issue', variant: 'batches of 50', items: N, ms: await timePush(store, 50, N) });
    const base = await timePull(store, 50);
    rows.push({ engine, what: 'pull from cursor 0', variant: 'pages of 50 (baseline)', items: base.items, ms: base.ms });
    const big = await timePull(store, 1000);
    rows.push({ engine, what: 'pull from cursor 0', variant: 'pages of 1000', items: big.items, ms: big.ms });
  } finally {
    await done();
  }
  return rows;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  rows.push(...(await benchEngine('PGlite (memory)', async () => {
    const store = await openStore({});
    return { store, done: () => store.close() };
  })));
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    rows.push(...(await benchEngine('PostgreSQL', async () => {
      const db = await createTestDatabase(pgUrl);
      const store = await openStore({ databaseUrl: db.url });
      return { store, done: async () => { await store.close(); await db.drop(); } };
    })));
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmarks',
    '',
    `Run ${new Date().toISOString()} by \`npm run bench\` on ${osType()} ${release()}, ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    'Each figure compares with the baseline of the same engine in the same run; absolute numbers vary with the machine.',
    '',
    '| engine | what | variant | items | ms | items/s | vs baseline |',
    '|---|---|---|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const rate = r.items / (r.ms / 1000);
    const baseline = rows.find((b) => b.engine === r.engine && b.what === r.what && b.variant.includes('baseline'));
    const ratio = baseline ? rate / (baseline.items / (baseline.ms / 1000)) : 1;
    lines.push(`| ${r.engine} | ${r.what} | ${r.variant} | ${r.items} | ${r.ms.toFixed(0)} | ${rate.toFixed(0)} | ${ratio.toFixed(2)}× |`);
  }
  if (!pgUrl) lines.push('', 'PostgreSQL was not measured: set BENCH_DATABASE_URL (or TEST_DATABASE_URL).');
  writeFileSync('BENCHMARKS.md', `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
}

await main();

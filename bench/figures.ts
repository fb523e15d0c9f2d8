/**
 * Benchmark 9: the console's figures over six months of an office (about 200,000 tickets,
 * 150,000 transactions), and over ten such offices on PostgreSQL (about 2 million). The
 * history is written straight into the tables the figures read (ticket_facts, transactions,
 * counter_events, device_presence) by a seeded generator: pushing ten million changes
 * through sync would take hours, and what is measured here is reading them.
 *
 * Measured over HTTP-free calls to the real app (app.request: routing, auth, validation,
 * the cache, the pure figures, JSON): the first answer (the office's data read into
 * memory), answers computed fresh for new filters, the same answers served again, the
 * scorecard; baseline: GET /api/admin/me in the same run.
 */
import { serve, type ServerType } from '@hono/node-server';
import { chromium } from '@playwright/test';
import type { Hono } from 'hono';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { createApp, type AppEnv } from '../server/app.ts';
import { registerStatic } from '../server/staticFiles.ts';
import { DIST } from '../test/e2e/support/bundleSize.ts';
import { DEMO_DIRECTOR, DEMO_SUPERVISOR, PILOT_OFFICE_ID, pilotConfig, seedOffice } from '../server/seed.ts';
import type { Store } from '../server/store/index.ts';
import { officeClock } from '../shared/domain/metrics/clock.ts';
import { addDays } from '../shared/domain/dates.ts';
import { officeTime, DEFAULT_PILOT, DEFAULT_SETTINGS } from '../shared/domain/office.ts';
import { percentile } from './common.ts';

const TZ = 'Asia/Riyadh';
const MIN = 60_000;
const GROUPS = ['residence', 'exitReentry', 'finalExit', 'employment', 'enquiries'] as const;
const SERVICES = ['iqama.renew', 'iqama.issue', 'exitReentry.single', 'exitReentry.multiple', 'finalExit.issue', 'profession.change', 'query.resident', 'query.visa'];
const LANGUAGES = ['ar', 'ar', 'ar', 'ur', 'hi', 'bn', 'en', 'tl', 'id', 'ml'];

const iso = (ms: number): string => new Date(ms).toISOString();

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Columns written with unnest(): name and SQL array type. */
const FACT_COLUMNS: readonly (readonly [string, string])[] = [
  ['ticket_id', 'uuid'], ['service_day', 'date'], ['weekday', 'int'], ['hour', 'int'], ['minute_of_day', 'int'], ['section_id', 'text'],
  ['service_group', 'text'], ['service', 'text'], ['language', 'text'], ['status', 'text'], ['issued_at', 'bigint'], ['first_called_at', 'bigint'],
  ['called_at', 'bigint'], ['started_at', 'bigint'], ['ended_at', 'bigint'], ['closed_at', 'bigint'], ['counter_id', 'int'],
  ['officer_badge', 'text'], ['segments', 'text'], ['survey_score', 'int'],
];
const TX_COLUMNS: readonly (readonly [string, string])[] = [
  ['transaction_id', 'uuid'], ['officer_badge', 'text'], ['counter_id', 'int'], ['ticket_id', 'uuid'], ['id_number', 'text'], ['service', 'text'],
  ['status', 'text'], ['total', 'int'], ['version', 'bigint'], ['device_time', 'bigint'], ['decided_at', 'timestamptz'],
];

async function bulk(store: Store, table: string, columns: readonly (readonly [string, string])[], fixed: Record<string, string>, rows: unknown[][]): Promise<void> {
  const CHUNK = 20_000;
  const fixedNames = Object.keys(fixed);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const arrays = columns.map((_, c) => `{${part.map((r) => (r[c] === null ? 'NULL' : `"${String(r[c])}"`)).join(',')}}`);
    const select = columns.map(([, type], c) => `$${c + 1}::${type}[]`).join(', ');
    await store.query(
      `INSERT INTO ${table} (${[...fixedNames, ...columns.map(([n]) => n)].join(', ')})
       SELECT ${fixedNames.map((n) => fixed[n]).join(', ')}${fixedNames.length ? ', ' : ''}* FROM unnest(${select})`,
      arrays,
    );
  }
}

/** Six months of an office: tickets, their facts, transactions, counters' days, presence. Returns the ticket count. */
export async function writePilot(store: Store, officeId: string, start: string, days: number, perDay: number, seed: number): Promise<number> {
  const random = rng(seed);
  const facts: unknown[][] = [];
  const txs: unknown[][] = [];
  const counterEvents: unknown[][] = [];
  const presence: unknown[][] = [];
  const devices = Array.from({ length: 8 }, () => crypto.randomUUID());
  let n = 0;
  for (let d = 0; d < days; d++) {
    const day = addDays(start, d);
    const weekday = officeClock(officeTime(day, 720, TZ), TZ).weekday;
    const busy = weekday === 4 || weekday === 5 ? 1.25 : 1;
    for (const [from, to, share] of [[540, 720, 0.3], [960, 1320, 0.7]] as const) {
      for (let c = 1; c <= 8; c++) {
        const session = crypto.randomUUID();
        counterEvents.push([c, 'open', officeTime(day, from, TZ), `100${c}`, session, crypto.randomUUID(), iso(officeTime(day, from, TZ)), iso(officeTime(day, from, TZ))]);
        counterEvents.push([c, 'close', officeTime(day, to, TZ), `100${c}`, session, crypto.randomUUID(), iso(officeTime(day, to, TZ)), iso(officeTime(day, to, TZ))]);
        presence.push([devices[c - 1], new Date(officeTime(day, from, TZ)).toISOString(), new Date(officeTime(day, to, TZ)).toISOString(), session, c]);
      }
      const free = new Array<number>(9).fill(officeTime(day, from, TZ));
      const count = Math.round(perDay * share * busy);
      for (let i = 0; i < count; i++) {
        const issued = officeTime(day, from, TZ) + Math.floor(random() * (to - from) * MIN);
        // Whole milliseconds, as the store keeps them.
        const c = 1 + Math.floor(random() * 8);
        const called = Math.round(Math.max(issued + random() * 6 * MIN, free[c]!));
        const started = called + random() * 2 * MIN;
        const ended = started + (2 + random() * 8) * MIN;
        free[c] = ended;
        const clock = officeClock(issued, TZ);
        const noShow = random() < 0.05;
        const id = crypto.randomUUID();
        const service = SERVICES[n % SERVICES.length]!;
        facts.push([id, day, clock.weekday, clock.hour, clock.minuteOfDay, c <= 4 ? 'men' : 'women', GROUPS[n % 5], service,
          LANGUAGES[n % LANGUAGES.length], noShow ? 'noShow' : 'done', issued, called, called, noShow ? null : Math.round(started),
          noShow ? null : Math.round(ended), Math.round(noShow ? called + 3 * MIN : ended), c, `100${c}`,
          noShow ? '' : `${c}:100${c}:${Math.round(started)}:${Math.round(ended)}`, !noShow && random() < 0.35 ? 1 + Math.floor(random() * 5) : null]);
        if (!noShow && random() < 0.75) {
          txs.push([crypto.randomUUID(), `100${c}`, c, id, `2${String(Math.floor(random() * 60_000)).padStart(9, '0')}`, service,
            random() < 0.97 ? 'completed' : 'refused', 500, n + 1, Math.round(ended), new Date(ended).toISOString()]);
        }
        n++;
      }
    }
  }
  await bulk(store, 'ticket_facts', FACT_COLUMNS, {
    office_id: `'${officeId}'`, priority: 'false', appointment: 'false', recalls: '0', transfers: '0', events: '4', late_events: '0', max_late_ms: '0', version: '1',
  }, facts);
  await bulk(store, 'transactions', TX_COLUMNS, {
    office_id: `'${officeId}'`, device_id: `'${devices[0]}'`, device_seq: '1', session_id: `'${devices[0]}'`, request: `'{}'`, quoted_total: '500', based_on_version: '1',
  }, txs);
  const enrolled = devices.map((id) => [id]);
  await bulk(store, 'devices', [['device_id', 'uuid']], {
    office_id: `'${officeId}'`, role: `'counter'`, token_hash: 'md5(random()::text)', next_seq: '1', created_at: 'now()',
  }, enrolled);
  await bulk(store, 'counter_events', [['counter_id', 'int'], ['type', 'text'], ['device_time', 'bigint'], ['officer_badge', 'text'], ['session_id', 'uuid'],
    ['device_id', 'uuid'], ['at', 'timestamptz'], ['server_time', 'timestamptz']], {
    office_id: `'${officeId}'`, service_day: `'${start}'`, device_seq: '1', version: '1',
  }, counterEvents);
  await bulk(store, 'device_presence', [['device_id', 'uuid'], ['started_at', 'timestamptz'], ['last_at', 'timestamptz'], ['session_id', 'uuid'], ['counter_id', 'int']], {
    office_id: `'${officeId}'`,
  }, presence);
  await store.query('INSERT INTO metric_rollups (office_id, version) VALUES ($1, 0) ON CONFLICT DO NOTHING', [officeId]);
  return facts.length;
}

export interface ConsoleTiming {
  /** From pressing Enter on the sign-in form to the evaluation's three charts drawn, ms. */
  readonly signInToChartsMs: readonly number[];
}

/**
 * The console in Debian's Chromium against `app` (its figures already in memory): sign in
 * straight to the evaluation, until its three charts (canvas) are drawn. Three fresh
 * browser contexts, so each run downloads the console as a first visit would.
 */
export async function benchConsole(app: Hono<AppEnv>): Promise<ConsoleTiming> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/admin/#evaluation`);
      await page.locator('#console-username').fill(DEMO_SUPERVISOR.username);
      await page.locator('#console-password').fill(DEMO_SUPERVISOR.password);
      const started = Date.now();
      await page.keyboard.press('Enter');
      for (const id of ['chart-daily', 'chart-wait', 'chart-level']) await page.getByTestId(id).locator('canvas').first().waitFor({ timeout: 60_000 });
      times.push(Date.now() - started);
      await context.close();
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return { signInToChartsMs: times };
}

export interface FiguresResult {
  readonly offices: number;
  readonly tickets: number;
  readonly writeMs: number;
  readonly firstMs: number;
  readonly freshP50: number;
  readonly freshP95: number;
  readonly servedP50: number;
  readonly servedP95: number;
  readonly scorecardMs: number;
  readonly allScorecardsMs: number | null;
  readonly baselineP50: number;
  /** The app, its figures in memory (for the console's timing). */
  readonly app: Hono<AppEnv>;
}

/** Writes `offices` offices of six months each into `store` and times the console's figure calls. */
/** Starts the V8 profiler of this process; the returned function stops it and gives the profile. */
async function startProcessProfile(): Promise<() => Promise<object>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile;
  };
}

export async function benchFigures(store: Store, offices: number, perDay: number, days: number): Promise<FiguresResult> {
  // The history ends yesterday; the console's session runs on real time, so the store does too.
  const now = Date.now();
  const start = addDays(officeClock(now, TZ).day, -days);
  // The first is the pilot office, the one the console signs in to by default.
  const ids = Array.from({ length: offices }, (_, i) => (i === 0 ? PILOT_OFFICE_ID : `bench-office-${i + 1}`));
  const t0 = performance.now();
  let tickets = 0;
  for (const [i, id] of ids.entries()) {
    const config = { ...pilotConfig(id), settings: { ...DEFAULT_SETTINGS, pilot: { ...DEFAULT_PILOT, startDate: start } } };
    await seedOffice(store, { config, now: now - 200 * 86_400_000 });
    tickets += await writePilot(store, id, start, days, perDay, 1000 + i);
  }
  const writeMs = performance.now() - t0;
  const app = createApp({ store, clock: () => now, onError: (e) => console.error(e) });
  registerStatic(app, DIST); // the console's own files, for benchConsole

  const signIn = async (who: { username: string; password: string }): Promise<string> => {
    const r = await app.request('/api/admin/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...who, officeId: ids[0] }) });
    return ((await r.json()) as { token: string }).token;
  };
  const token = await signIn(DEMO_SUPERVISOR);
  const get = async (path: string, bearer = token): Promise<number> => {
    const started = performance.now();
    const r = await app.request(path, { headers: { authorization: `Bearer ${bearer}` } });
    await r.text();
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
    return performance.now() - started;
  };
  const baseline: number[] = [];
  for (let i = 0; i < 30; i++) baseline.push(await get('/api/admin/me'));
  const firstMs = await get('/api/admin/metrics');
  const filters = [
    '', 'shift=evening', 'shift=morning', 'sectionId=men', 'sectionId=women', 'language=ur', 'counterId=3', 'officerBadge=1002',
    'service=iqama.renew', 'sectionId=women&shift=evening', `from=${addDays(start, 30)}&to=${addDays(start, 60)}`, 'language=hi&shift=morning',
  ];
  const fresh: number[] = [];
  // BENCH_PROFILE=<file>: a CPU profile of this process over the fresh answers (open it in Chrome's DevTools).
  const stopProfile = process.env.BENCH_PROFILE ? await startProcessProfile() : null;
  for (const f of filters.slice(1)) fresh.push(await get(`/api/admin/metrics?${f}`));
  if (stopProfile) writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(await stopProfile()));
  if (process.env.BENCH_TRACE) for (const [i, f] of filters.slice(1).entries()) console.log(`[figures] fresh ${f}: ${fresh[i]!.toFixed(0)} ms`);
  const served: number[] = [];
  for (let k = 0; k < 3; k++) for (const f of filters) served.push(await get(`/api/admin/metrics?${f}`));
  const scorecardMs = await get('/api/admin/scorecard');
  const allScorecardsMs = offices > 1 ? await get('/api/admin/scorecards', await signIn(DEMO_DIRECTOR)) : null;
  return {
    offices,
    tickets,
    writeMs,
    firstMs,
    freshP50: percentile(fresh, 50),
    freshP95: percentile(fresh, 95),
    servedP50: percentile(served, 50),
    servedP95: percentile(served, 95),
    scorecardMs,
    allScorecardsMs,
    baselineP50: percentile(baseline, 50),
    app,
  };
}

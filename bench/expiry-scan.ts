/**
 * Benchmark 12 (issue 11): Ishaar's daily scan (server/notifications/scheduler.ts) over a
 * national-sized registry. The registry is written by SQL (generate_series), records shaped
 * like the generator's (about 700 bytes of jsonb each): one iqama in twenty lapsed (up to 400
 * days ago), the rest expiring over the year ahead, passports from a month ago to eight years ahead, one in twenty abroad
 * on a re-entry visa (a fifth of those out of time), each person sponsored by one of 10,000
 * establishments. A tenth of the people are subscribed, to every event type. Measured: the
 * first scan of the day (which finds everything due and writes it into the outbox) and the
 * same scan again (which finds the same and writes nothing: the cost of a repeated run).
 *
 *   tsx bench/expiry-scan.ts [residents] [subscriptions]   (PostgreSQL from BENCH_DATABASE_URL or TEST_DATABASE_URL,
 *                                                          and PGlite in memory at a tenth of the size)
 */
import { fileURLToPath } from 'node:url';
import { runDailyScan } from '../server/notifications/scheduler.ts';
import { seedOffice, PILOT_OFFICE_ID } from '../server/seed.ts';
import { openStore, type Store } from '../server/store/index.ts';
import { createTestDatabase } from '../server/store/testDatabase.ts';

export interface ExpiryScanBench {
  readonly residents: number;
  readonly subscriptions: number;
  readonly loadMs: number;
  readonly firstScanMs: number;
  readonly queued: number;
  readonly repeatScanMs: number;
  readonly repeatQueued: number;
}

const TODAY = '2026-03-01';
const ESTABLISHMENTS = 10_000;

/** Fills the registry, contacts and subscriptions in a few statements; the store must be empty of people. */
async function load(store: Store, residents: number, subscriptions: number): Promise<void> {
  const every = Math.max(1, Math.floor(residents / subscriptions));
  await store.query(
    `INSERT INTO establishments (establishment_id, record)
     SELECT '70' || lpad(e::text, 8, '0'),
            jsonb_build_object('establishmentId', '70' || lpad(e::text, 8, '0'), 'name', jsonb_build_object('ar', 'مؤسسة ' || e, 'en', 'Est. ' || e),
                               'subscription', jsonb_build_object('kind', 'comprehensive'))
       FROM generate_series(0, $1::int - 1) e`,
    [ESTABLISHMENTS],
  );
  await store.query(
    `INSERT INTO residents (id_number, record, name_keys, updated_at)
     SELECT id, jsonb_build_object(
              'kind', 'resident', 'idNumber', id,
              'name', jsonb_build_object('ar', 'محمد عبدالله خان', 'en', 'Mohammed Abdullah Khan'),
              'nationality', 'PAK', 'gender', 'male', 'birthDate', '1988-05-14', 'mobile', '05' || lpad((i % 100000000)::text, 8, '0'),
              'passport', jsonb_build_object('number', 'P' || (1000000 + i % 9000000), 'expiry', ($2::date - 30 + ((i * 7919) % 3000)::int)::text),
              -- As the generator: one in twenty lapsed (up to 400 days ago), the rest spread over the year ahead.
              'iqamaExpiry', (CASE WHEN (i / 10) % 20 = 7 THEN $2::date - 1 - ((i * 104729) % 400)::int ELSE $2::date + ((i * 104729) % 365)::int END)::text,
              'profession', jsonb_build_object('code', 'accountant', 'domestic', false),
              'sponsor', jsonb_build_object('kind', 'establishment', 'establishmentId', '70' || lpad((i % $3::int)::text, 8, '0')),
              'dependants', i % 3, 'drivingLicence', null, 'vehicles', 0, 'unpaidViolations', 0,
              'visas', CASE WHEN (i / 10) % 20 = 3 THEN jsonb_build_array(jsonb_build_object(
                  'visaNumber', (6000000000 + i)::text, 'kind', 'exitReentrySingle', 'status', 'used',
                  'issuedOn', ($2::date - CASE WHEN (i / 10) % 100 = 3 THEN 400 ELSE 60 END)::text,
                  'validUntil', ($2::date - CASE WHEN (i / 10) % 100 = 3 THEN 340 ELSE 0 END)::text, 'months', 6))
                ELSE '[]'::jsonb END,
              'sponsorshipTransfers', 0, 'lateRenewals', 0, 'abroad', (i / 10) % 20 = 3),
            'mohammed abdullah khan', now()
       FROM generate_series(0::bigint, $1::bigint - 1) i, LATERAL (SELECT '2' || lpad(i::text, 9, '0') AS id) x`,
    [residents, TODAY, ESTABLISHMENTS],
  );
  await store.query(
    `INSERT INTO establishment_notice_settings (establishment_id, mobile, email, language, notices_office_id, updated_at)
     SELECT establishment_id, '05' || right(establishment_id, 8), CASE WHEN right(establishment_id, 1) < '5' THEN 'hr' || establishment_id || '@example.sa' END,
            CASE WHEN right(establishment_id, 1) = '3' THEN 'en' ELSE 'ar' END, $1, now()
       FROM establishments`,
    [PILOT_OFFICE_ID],
  );
  await store.query(
    `INSERT INTO establishment_subscriptions (establishment_id, id_number, events, created_at, updated_at)
     SELECT record->'sponsor'->>'establishmentId', id_number,
            ARRAY['entry', 'exit', 'passportExpiring', 'passportRenewed', 'iqamaExpiring', 'visaIssued', 'visaStatusChanged', 'violation'], now(), now()
       FROM residents WHERE right(id_number, 9)::int % $1::int = 0
      LIMIT $2`,
    [every, subscriptions],
  );
  await store.query('ANALYZE');
}

export async function benchExpiryScan(store: Store, residents: number, subscriptions: number): Promise<ExpiryScanBench> {
  let started = performance.now();
  await load(store, residents, subscriptions);
  const loadMs = performance.now() - started;
  const now = Date.parse(`${TODAY}T06:00:00+03:00`);
  started = performance.now();
  const first = await store.tx((q) => runDailyScan(q, { today: TODAY, now }));
  const firstScanMs = performance.now() - started;
  started = performance.now();
  const repeat = await store.tx((q) => runDailyScan(q, { today: TODAY, now: now + 3_600_000 }));
  const repeatScanMs = performance.now() - started;
  return { residents, subscriptions, loadMs, firstScanMs, queued: first.total, repeatScanMs, repeatQueued: repeat.total };
}

/** One engine at one size, in a fresh store that is thrown away after. */
export async function benchExpiryScanOn(engine: 'postgres' | 'pglite', residents: number, subscriptions: number, url?: string): Promise<ExpiryScanBench> {
  const db = engine === 'postgres' && url ? await createTestDatabase(url) : null;
  const store = await openStore(db ? { databaseUrl: db.url } : {});
  try {
    await seedOffice(store, { hashes: { pin: 'x', password: 'x' } });
    return await benchExpiryScan(store, residents, subscriptions);
  } finally {
    await store.close();
    await db?.drop();
  }
}

const n = (x: number): string => x.toLocaleString('en-US');
const s = (ms: number): string => (ms / 1000).toFixed(2);

/** The markdown rows of one result. */
export function expiryScanRow(engine: string, r: ExpiryScanBench, aimMs: number): string {
  return `| ${engine} | ${n(r.residents)} | ${n(r.subscriptions)} | ${s(r.loadMs)} | ${s(r.firstScanMs)} | ${n(r.queued)} | ${s(r.repeatScanMs)} | ${r.repeatQueued} | ` +
    `${r.firstScanMs <= aimMs && r.repeatScanMs <= aimMs ? 'meets the aim' : '**misses the aim**'} |`;
}

export const EXPIRY_SCAN_HEADER = [
  '| engine | residents | subscriptions | load (s) | first scan (s) | messages queued | same scan again (s) | queued again | |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---|',
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const residents = Number(process.argv[2] ?? 1_000_000);
  const subscriptions = Number(process.argv[3] ?? 100_000);
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  console.log(EXPIRY_SCAN_HEADER.join('\n'));
  if (url) console.log(expiryScanRow('PostgreSQL', await benchExpiryScanOn('postgres', residents, subscriptions, url), 5000));
  else console.log('(PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  console.log(expiryScanRow('PGlite (in memory)', await benchExpiryScanOn('pglite', Math.round(residents / 10), Math.round(subscriptions / 10)), 5000));
}

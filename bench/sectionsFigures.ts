/** The bench's sections on the pilot's figures (10), notifications (11) and Ishaar's daily scan (12). */
import { openStore } from '../server/store/index.ts';
import { createTestDatabase } from '../server/store/testDatabase.ts';
import { percentile } from './common.ts';
import { benchExpiryScanOn, EXPIRY_SCAN_HEADER, expiryScanRow } from './expiry-scan.ts';
import { benchConsole, benchFigures, type ConsoleTiming } from './figures.ts';
import { benchMessages } from './messages.ts';
import { benchSimulator } from './simulator.ts';
import { engines, f0, f2, PER_DAY, QUICK, type Log } from './setup.ts';

/** 10. The console's figures over six months, the console drawn, the pilot simulator's speed. */
export async function section10(log: Log): Promise<void> {
  log();
  log('## 10. The pilot\'s figures: six months of one office, ten offices, and the simulator (aims: p95 ≤ 100 ms one office, ≤ 500 ms ten; bound 300 ms; sign-in to charts ≤ 1 s)');
  log();
  log(`Six months (183 days) of history written straight into the tables the figures read (ticket facts, transactions, counter days, presence) by a seeded ` +
    `generator, ${PER_DAY} tickets a day: pushing millions of changes through sync would take hours, and what is measured is reading them. The real app ` +
    '(routing, auth, validation, the in-memory figures, the pure figure functions, JSON) called in process. "first" is the first answer after start ' +
    '(the office\'s data read into memory and evaluated; the server warms this at start); "fresh" are answers for filters not asked before ' +
    '(11 filters: shifts, sections, a language, a counter, an officer, a service, a month); "served" the same 12 asked again (from the answers kept). ' +
    'Baseline: GET /api/admin/me in the same run.');
  log();
  log('| engine | offices | tickets | written s | first ms | fresh p50 ms | fresh p95 ms | served p50 ms | served p95 ms | scorecard ms | every office\'s scorecard ms | /me p50 ms | |');
  log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  const figureRuns: Array<{ name: string; offices: number; url?: string }> = [{ name: 'PGlite (in memory)', offices: 1 }];
  const figuresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (figuresUrl) figureRuns.push({ name: 'PostgreSQL', offices: QUICK ? 2 : 10, url: figuresUrl });
  let consoleTiming: ConsoleTiming | null = null;
  for (const run of figureRuns) {
    const db = run.url ? await createTestDatabase(run.url) : null;
    const store = await openStore(db ? { databaseUrl: db.url } : {});
    try {
      const r = await benchFigures(store, run.offices, PER_DAY, QUICK ? 30 : 183);
      const ok = r.freshP95 <= 300;
      const aim = r.freshP95 <= (run.offices > 1 ? 500 : 100);
      log(`| ${run.name} | ${r.offices} | ${r.tickets} | ${f0(r.writeMs / 1000)} | ${f0(r.firstMs)} | ${f0(r.freshP50)} | ${f0(r.freshP95)} | ${f2(r.servedP50)} | ${f2(r.servedP95)} | ` +
        `${f0(r.scorecardMs)} | ${r.allScorecardsMs === null ? '–' : f0(r.allScorecardsMs)} | ${f2(r.baselineP50)} | ${aim ? 'meets the aim' : ok ? 'meets the bound' : '**misses the bound** (fresh)'} |`);
      if (!run.url) consoleTiming = await benchConsole(r.app);
    } finally {
      await store.close();
      await db?.drop();
    }
  }
  if (consoleTiming) {
    const t = consoleTiming.signInToChartsMs;
    log();
    log(`Console in Debian Chromium, one office's six months in memory, a first visit each time (no service worker): from Enter on the sign-in ` +
      `form to the evaluation's three charts drawn: ${t.map((x) => `${f0(x)} ms`).join(', ')} (median ${f0(percentile(t, 50))} ms; ` +
      `${percentile(t, 50) <= 1000 ? 'meets the aim' : '**misses the aim**'}).`);
  }
  const sim = await benchSimulator(QUICK ? 2 : 7);
  log();
  log(`The pilot simulator (\`npm run simulate\`, everything through the store's own code on PGlite in memory): ${sim.days} days, ${sim.tickets} tickets ` +
    `in ${f0(sim.ms / 1000)} s: ${f0(sim.tickets / (sim.ms / 1000))} tickets/s, ${f0(sim.changes / (sim.ms / 1000))} changes/s ` +
    `(six months at this rate: about ${f0((183 / sim.days) * (sim.ms / 60_000))} min).`);
}

/** Benchmark 11: the notification outbox's fan-out and delivery (bench/messages.ts). */
export async function section11(log: Log): Promise<void> {
  log();
  log('## 11. Notifications: fan-out into the outbox and delivery to a gateway (aim: fan-out ≥ 1,000 messages/s)');
  log();
  log('Messages written into the outbox in transactions of 100 (each through `enqueueMessage`, its event key checked), against the same rows ' +
    'by one multi-row INSERT per 100 (the floor); then the delivery worker sending them over HTTP to a local fake SMS gateway that refuses one ' +
    'request in ten with a 503, until all are sent (retries included). The daily expiry scan is section 12.');
  log();
  log('| engine | messages | fan-out / s | raw inserts / s | ratio | delivered / s | gateway requests | refused (503) | sent twice | |');
  log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const engine of engines()) {
    const { store, done } = await engine.open();
    try {
      const r = await benchMessages(store, QUICK ? 500 : 5000);
      log(`| ${engine.name} | ${r.messages} | ${f0(r.fanOutPerSecond)} | ${f0(r.rawPerSecond)} | ${f2(r.fanOutPerSecond / r.rawPerSecond)} | ${f0(r.deliveredPerSecond)} | ` +
        `${r.gatewayRequests} | ${r.refusedByGateway} | ${r.sentTwice} | ${r.fanOutPerSecond >= 1000 ? 'meets the aim' : '**misses the aim**'} |`);
    } finally {
      await done();
    }
  }
}

/** Benchmark 12: Ishaar's daily scan over a national registry (bench/expiry-scan.ts). */
export async function section12(log: Log): Promise<void> {
  const residents = QUICK ? 50_000 : 1_000_000;
  const subscriptions = residents / 10;
  log();
  log('## 12. Ishaar: the daily expiry and violation scan (aim: ≤ 5 s for 1,000,000 residents and 100,000 subscriptions on PostgreSQL)');
  log();
  log('The registry written by SQL (records shaped like the generator\'s), a tenth of the people subscribed to every event type, contacts for ' +
    'all 10,000 establishments (half with an e-mail too). The first scan of the day finds everything due (passports within 30 days, iqamas ' +
    'within 90, violations) and writes it into the outbox in one statement; the same scan again finds the same and writes nothing. ' +
    'PGlite runs a tenth of the size (loading a million records into the in-memory engine takes minutes and gigabytes).');
  log();
  for (const line of EXPIRY_SCAN_HEADER) log(line);
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) log(expiryScanRow('PostgreSQL', await benchExpiryScanOn('postgres', residents, subscriptions, url), 5000));
  log(expiryScanRow('PGlite (in memory)', await benchExpiryScanOn('pglite', residents / 10, subscriptions / 10), 5000));
}

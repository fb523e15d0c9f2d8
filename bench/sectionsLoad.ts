/** The bench's section 9: the server killed while devices push, 200 devices syncing, and the sync simulator's long record. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Batch, SimLongRecord } from '../scripts/sim-long.ts';
import { f0, f2, QUICK, type Log } from './setup.ts';
import { benchStartup } from './startup.ts';

/** 9. Faults and load: `npm run chaos`, `npm run load`, `npm run sim:long`. */
export async function section9(log: Log): Promise<void> {
  log();
  log('## 9. Faults and load: the server killed 100 times while devices push; 200 devices syncing once a second');
  log();
  log(`\`npm run chaos\` (scripts/chaos-kill.ts): the real server process killed with SIGKILL at random moments (0.1–1.5 s apart) while three kiosks ` +
    'and two counters push through their own outboxes, restarted on the same data each time; at the end every outbox must drain and the store, opened ' +
    'directly, must hold each device\'s changes exactly once (seqs 1..n), one ticket per issue and no ticket event twice.');
  log();
  log('| store | kills | seconds | changes sent | tickets | refused by the rules | pushes retried | store reopened p50 ms | max ms | lost / doubled / stuck |');
  log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  const dbUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  for (const postgres of [undefined, ...(dbUrl ? [dbUrl] : [])]) {
    const r = runScript<{ store: string; kills: number; seconds: number; sent: number; tickets: number; refused: number; retried: number; reopenP50: number; reopenMax: number; problems: string[] }>(
      'scripts/chaos-kill.ts', ['--kills', QUICK ? '5' : '100', ...(postgres ? ['--postgres', postgres] : [])]);
    if (!r) log(`| ${postgres ? 'PostgreSQL' : 'PGlite'} | – | – | – | – | – | – | – | – | **the run failed** |`);
    else log(`| ${r.store} | ${r.kills} | ${f0(r.seconds)} | ${r.sent} | ${r.tickets} | ${r.refused} | ${r.retried} | ${f0(r.reopenP50)} | ${f0(r.reopenMax)} | ${r.problems.length ? `**${r.problems.join('; ')}**` : '0 / 0 / 0'} |`);
  }
  log();
  log(`\`npm run load\` (scripts/load.ts): ${QUICK ? 30 : 200} devices against one server (the office's nine kiosks taking a ticket a second, its eight counters ` +
    'calling, starting and completing one a second, the rest boards), every device pulling from its cursor each second and beating every 25 s; ' +
    'the load generator runs on the same 2-core machine as the server.');
  log();
  log('| store | devices | seconds | requests | pushes | push p50 ms | push p99 ms | pulls | pull p50 ms | pull p99 ms | errors |');
  log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const postgres of [undefined, ...(dbUrl ? [dbUrl] : [])]) {
    const r = runScript<{ store: string; devices: number; seconds: number; requests: number; pushes: number; pushP50: number; pushP99: number; pulls: number; pullP50: number; pullP99: number; errors: number; errorKinds: Record<string, number> }>(
      'scripts/load.ts', ['--devices', QUICK ? '30' : '200', '--seconds', QUICK ? '20' : '180', ...(postgres ? ['--postgres', postgres] : [])]);
    if (!r) log(`| ${postgres ? 'PostgreSQL' : 'PGlite'} | – | – | – | – | – | – | – | – | – | **the run failed** |`);
    else log(`| ${r.store} | ${r.devices} | ${r.seconds} | ${r.requests} | ${r.pushes} | ${f2(r.pushP50)} | ${f2(r.pushP99)} | ${r.pulls} | ${f2(r.pullP50)} | ${f2(r.pullP99)} | ${r.errors}${r.errors ? ` (${Object.entries(r.errorKinds).map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''} |`);
  }
  log();
  simLongSection(log);
}

/** Runs one of the scripts (its own process, its own server) and reads its `RESULT {json}` line; null when it printed none. */
function runScript<T>(script: string, scriptArgs: readonly string[]): T | null {
  let output = '';
  try {
    output = execFileSync(process.execPath, ['--import', 'tsx', script, ...scriptArgs], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  const line = output.split('\n').find((l) => l.startsWith('RESULT '));
  return line ? (JSON.parse(line.slice('RESULT '.length)) as T) : null;
}

/**
 * The simulator's long job is hours long, so the bench does not run it: it reports the
 * record `npm run sim:long` keeps (bench/sim-long.json), with when and where it ran.
 */
function simLongSection(log: Log): void {
  const file = 'bench/sim-long.json';
  log('`npm run sim:long` (scripts/sim-long.ts): the sync simulator (test/sync/simulator.test.ts: kiosks and counters on their own device databases, ' +
    'dropped, duplicated, concurrent and delayed messages, partitions, crashes mid-push, server restarts, skewed clocks across midnight) run batch ' +
    'after batch with a new seed each, aiming at 10,000 runs. Too long for a bench run, so this reads its record (bench/sim-long.json).');
  log();
  if (!existsSync(file)) {
    log('No record yet: run `npm run sim:long`.');
    return;
  }
  const record = JSON.parse(readFileSync(file, 'utf8')) as SimLongRecord;
  log(`| store | runs | passed | lost | doubled | stuck | other failures | timed out | runs per minute | batches | from | to |`);
  log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const engine of ['pglite', 'postgres'] as const) {
    const batches = record.batches.filter((b) => b.engine === engine);
    if (!batches.length) continue;
    const sum = (f: (b: Batch) => number): number => batches.reduce((n, b) => n + f(b), 0);
    const runs = sum((b) => b.passed + b.failed);
    const count = (v: Batch['verdict']): number => sum((b) => (b.verdict === v ? b.failed : 0));
    log(`| ${engine === 'pglite' ? 'PGlite (on disk)' : 'PostgreSQL'} | ${runs} | ${sum((b) => b.passed)} | ${count('lost')} | ${count('doubled')} | ` +
      `${count('stuck')} | ${count('other')} | ${count('timeout')} | ${(runs / (sum((b) => b.ms) / 60_000)).toFixed(1)} | ${batches.length} | ` +
      `${batches[0]?.at.slice(0, 16)} | ${batches.at(-1)?.at.slice(0, 16)} |`);
  }
  const failures = record.batches.filter((b) => b.failed);
  log();
  log(`Machine: ${record.machine}; one batch at a time, niced, while other work ran on the same two cores.` +
    (failures.length ? ` Failures (replay with SIM_SEED and SIM_RUNS): ${failures.map((b) => `${b.engine} seed ${b.seed} (${b.verdict}: ${b.failure ?? ''})`).join('; ')}.` : ''));
}

/** 13. `npm start` with a build present: the first start on empty data, then restarts (bench/startup.ts). */
export async function section13(log: Log): Promise<void> {
  log();
  log('## 13. `npm start` with a build present (aim: a restart ≤ 3 s)');
  log();
  log('The real start script (`node scripts/start.mjs`, what `npm start` runs: its check that dist/ and the server bundle are up to date, then the ' +
    'server on PGlite on disk, seeding what is missing) spawned with a fresh port and data directory, timed from the spawn until `/api/health` ' +
    'answers; first on the empty directory (the office and the synthetic registry seeded), then restarted on the same data. Baseline in the same ' +
    'run: a bare Node process answering HTTP, from spawn to its first answer (median of three).');
  log();
  const r = await benchStartup(QUICK ? 1 : 3);
  const worst = Math.max(...r.restartsMs);
  log('| first start (empty data) s | restarts s | bare Node ms | worst restart / bare Node | |');
  log('|---:|---|---:|---:|---|');
  log(`| ${f2(r.firstMs / 1000)} | ${r.restartsMs.map((ms) => f2(ms / 1000)).join(', ')} | ${f0(r.nodeMs)} | ${f0(worst / r.nodeMs)} | ` +
    `${worst <= 3000 ? 'meets the aim' : '**misses the aim**'} |`);
}

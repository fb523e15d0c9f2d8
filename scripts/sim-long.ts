/**
 * The sync simulator's long job (issue 12, proofs): test/sync/simulator.test.ts run again
 * and again, a new seed for each batch, until the record holds the number of runs asked
 * for. Too long for `npm test` (about 2–5 s a run here), so it keeps its record in
 * bench/sim-long.json, committed, and carries on from it when started again:
 *
 *   npm run sim:long                                  # up to 10,000 runs in all, both stores
 *   npm run sim:long -- --runs 2000 --batch 50 --engine postgres --postgres postgres://…
 *
 * A failing batch prints the failure and its seed (replay it with SIM_SEED=… and the
 * same SIM_RUNS) and is recorded as lost, doubled, stuck or other from what the
 * simulator's check said; the job goes on with new seeds. BENCHMARKS.md (section 9) reads
 * the record: runs, lost, doubled, stuck, runs per minute.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const TARGET = Number(option('runs') ?? 10_000);
const BATCH = Number(option('batch') ?? 50);
const ENGINE = option('engine') ?? 'both';
const POSTGRES = option('postgres') ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RECORD = option('record') ?? 'bench/sim-long.json';
if (!['pglite', 'postgres', 'both'].includes(ENGINE) || !(TARGET > 0) || !(BATCH > 0)) {
  console.error('usage: npm run sim:long -- [--runs 10000] [--batch 50] [--engine pglite|postgres|both] [--postgres URL] [--record FILE]');
  process.exit(2);
}

export type Verdict = 'passed' | 'lost' | 'doubled' | 'stuck' | 'other' | 'timeout';
export interface Batch {
  readonly engine: 'pglite' | 'postgres';
  readonly seed: number;
  /** Runs that ended with every check passed. */
  readonly passed: number;
  /** 1 when the batch stopped at a failing run (fast-check stops at the first); a timeout counts here too, as its own verdict. */
  readonly failed: number;
  readonly verdict: Verdict;
  readonly failure?: string;
  readonly ms: number;
  readonly at: string;
}
export interface SimLongRecord {
  machine: string;
  batches: Batch[];
}

function load(): SimLongRecord {
  if (!existsSync(RECORD)) return { machine: '', batches: [] };
  return JSON.parse(readFileSync(RECORD, 'utf8')) as SimLongRecord;
}

function save(record: SimLongRecord): void {
  const tmp = `${RECORD}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 1)}\n`);
  renameSync(tmp, RECORD);
}

/** What the simulator's failed check was about, from its assertion message. */
export function classify(output: string): Verdict {
  // Too slow, not wrong: a loaded machine let the batch run past its time limit.
  if (/(Test|Hook) timed out in \d+ms/.test(output)) return 'timeout';
  if (/was lost|ticket .* lost|toBe\(issued/.test(output)) return 'lost';
  if (/applied twice|CalledMoreThanOnce|RowsTwice|called twice|versionProblems|share a number/.test(output)) return 'doubled';
  if (/still has unsent changes|changes on the server|getCursor|converged/i.test(output)) return 'stuck';
  return 'other';
}

function runBatch(engine: 'pglite' | 'postgres', seed: number): Promise<{ code: number; output: string; ms: number }> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, SIM_RUNS: String(BATCH), SIM_SEED: String(seed) };
  if (engine === 'postgres') env.TEST_DATABASE_URL = POSTGRES;
  else delete env.TEST_DATABASE_URL;
  delete env.REQUIRE_POSTGRES;
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', 'test/sync/simulator.test.ts', '-t', `on ${engine}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output, ms: performance.now() - started }));
  });
}

const record = load();
if (!record.machine) record.machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
const done = (): number => record.batches.reduce((n, b) => n + b.passed + b.failed, 0);
let stop = false;
process.on('SIGINT', () => {
  stop = true;
  console.log('\nstopping after this batch (the record is kept)…');
});
let turn = record.batches.length;
while (!stop && done() < TARGET) {
  const engine = ENGINE === 'both' ? (turn % 2 === 0 ? 'postgres' : 'pglite') : (ENGINE as 'pglite' | 'postgres');
  turn += 1;
  const seed = Math.floor(Math.random() * 2 ** 31);
  const { code, output, ms } = await runBatch(engine, seed);
  // Ctrl-C reaches the batch too (the same process group): a batch it cut short proves
  // nothing either way and is not recorded (one was, on 2026-12-06, as an "other" failure).
  if (stop && code !== 0) {
    console.log(`${engine} seed ${seed}: stopped part-way, not recorded`);
    break;
  }
  const exercised = /sync simulator exercised: (\{.*\})/.exec(output)?.[1];
  const passed = exercised ? (JSON.parse(exercised) as { runs: number }).runs : 0;
  const failed = code === 0 ? 0 : 1;
  const verdict: Verdict = code === 0 ? 'passed' : classify(output);
  // The assertion that failed and the counterexample, not only fast-check's summary line.
  const failure = code === 0 ? undefined : [/AssertionError[^\n]*/.exec(output)?.[0], /Counterexample[^\n]*/.exec(output)?.[0]?.slice(0, 400), /(?<!Assertion)Error[^\n]*/.exec(output)?.[0]].filter(Boolean).join(' | ') || output.slice(-400);
  record.batches.push({ engine, seed, passed, failed, verdict, ...(failure ? { failure } : {}), ms: Math.round(ms), at: new Date().toISOString() });
  save(record);
  const minutes = record.batches.reduce((n, b) => n + b.ms, 0) / 60_000;
  console.log(`${engine} seed ${seed}: ${passed} passed${failed ? `, FAILED (${verdict}): ${failure} — replay: SIM_SEED=${seed} SIM_RUNS=${BATCH}` : ''}` +
    ` · ${done()} / ${TARGET} runs, ${(done() / minutes).toFixed(1)} runs/min`);
  if (code !== 0 && !exercised && ms < 60_000) {
    console.error(output.slice(-2000));
    console.error('the simulator did not run at all: stopping');
    break;
  }
}
const failures = record.batches.filter((b) => b.failed);
console.log(`${done()} runs on record, ${failures.length} failed: ${JSON.stringify(failures.map((b) => ({ engine: b.engine, seed: b.seed, verdict: b.verdict })))}`);
process.exit(failures.length ? 1 : 0);

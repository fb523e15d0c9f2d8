/**
 * Benchmark 13: `npm start` with a build present. The real start script (scripts/start.mjs:
 * its check of dist/ and of the server bundle, then the server on PGlite on disk, seeding
 * what is missing) spawned as `npm start` runs it, timed from the spawn until
 * /api/health answers: once on an empty data directory (the office and the synthetic
 * registry seeded), then restarted on the same data. Baseline in the same run: a bare Node
 * process that answers HTTP, from spawn to its first answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

export interface StartupResult {
  /** First start on an empty data directory (seeding included), ms. */
  readonly firstMs: number;
  /** Each restart on the same data, ms. */
  readonly restartsMs: readonly number[];
  /** Bare Node answering HTTP, ms (median of three). */
  readonly nodeMs: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `url` every 20 ms until it answers 200; the ms since `started`. */
async function answered(url: string, started: number, child: ChildProcess, limitMs = 120_000): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the process exited (${child.exitCode}) before ${url} answered`);
    try {
      const r = await fetch(url);
      if (r.ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > limitMs) throw new Error(`${url} did not answer within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** One `npm start` (node scripts/start.mjs, as npm runs it) on `dataDir`: ms to a healthy answer. */
async function startOnce(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', DEMO: '1' },
    stdio: 'ignore',
  });
  try {
    return await answered(`http://127.0.0.1:${port}/api/health`, started, child);
  } finally {
    await stop(child);
  }
}

async function bareNode(): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`], { stdio: 'ignore' });
  try {
    return await answered(`http://127.0.0.1:${port}/`, started, child);
  } finally {
    await stop(child);
  }
}

export async function benchStartup(restarts: number): Promise<StartupResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  try {
    const firstMs = await startOnce(dataDir);
    const restartsMs: number[] = [];
    for (let i = 0; i < restarts; i++) restartsMs.push(await startOnce(dataDir));
    const node = [await bareNode(), await bareNode(), await bareNode()].sort((a, b) => a - b);
    return { firstMs, restartsMs, nodeMs: node[1]! };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

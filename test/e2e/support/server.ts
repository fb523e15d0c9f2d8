/**
 * Starts the real office server (server/main.ts) for browser tests: a free port, a
 * fresh temporary DATA_DIR (so every run starts from the demo seed), serving the
 * already-built dist/. Its output is kept and printed if it fails to start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** The directory whose dist/ this server serves (a private copy with `ownCopy`). */
  readonly root: string;
  /** Last lines the server printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../../..');
const START_TIMEOUT_MS = 60_000;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer ${url} within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/**
 * A private copy of the server code and dist/ (node_modules linked), for a test that
 * changes the served files, e.g. to "deploy" a new version, without touching the
 * checkout other test runs use.
 */
async function privateRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'jawazat-e2e-root-'));
  for (const dir of ['server', 'shared', 'dist']) await cp(join(ROOT, dir), join(root, dir), { recursive: true });
  await cp(join(ROOT, 'package.json'), join(root, 'package.json'));
  await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

/**
 * `prepare` runs first on the fresh data directory (e.g. the pilot simulator writing
 * days of history), before the server opens it.
 */
export async function startServer(
  options: { ownCopy?: boolean; env?: Record<string, string>; prepare?: (dataDir: string) => Promise<void> } = {},
): Promise<RunningServer> {
  if (!existsSync(join(ROOT, 'dist', 'sw.js'))) {
    throw new Error('dist/ is not built: run `npm run build` (or `npx vite build`) before the browser tests');
  }
  if (!existsSync(join(ROOT, 'server', 'main.ts'))) throw new Error('server/main.ts does not exist yet');
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'jawazat-e2e-'));
  const root = options.ownCopy ? await privateRoot() : ROOT;
  const cleanup = async (): Promise<void> => {
    await rm(dataDir, { recursive: true, force: true });
    if (root !== ROOT) await rm(root, { recursive: true, force: true });
  };
  if (options.prepare) {
    try {
      await options.prepare(dataDir);
    } catch (error) {
      await cleanup();
      throw error;
    }
  }
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString().split('\n'));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'test', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const output = (): string => lines.join('\n');
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/kiosk/`, child, output);
  } catch (error) {
    child.kill('SIGKILL');
    await cleanup();
    throw error;
  }
  return {
    url,
    port,
    root,
    output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await cleanup();
    },
  };
}

/** Runs the pilot simulator (scripts/simulate.ts) into `dataDir`: `days` of history before today. */
export function simulateInto(dataDir: string, days: number, volume = 120): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const out: string[] = [];
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/simulate.ts', '--days', String(days), '--volume', String(volume), '--seed', '7'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => void out.push(chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`the simulator failed (${code}):\n${out.join('').slice(-3000)}`))));
  });
}

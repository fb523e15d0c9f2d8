/**
 * The real server as a child process on a free port, for the chaos and load scripts: one
 * Node process (tsx as a loader, so a kill reaches the server itself), its own data
 * directory or PostgreSQL database (created and dropped here), started again on the same
 * data after a kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../server/store/index.ts';

const ROOT = join(import.meta.dirname, '..');
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export class ServerProcess {
  child: ChildProcess | null = null;
  log: string[] = [];

  private constructor(
    readonly base: string,
    private readonly port: number,
    readonly dataDir: string,
    readonly databaseUrl: string | undefined,
    private readonly drop: () => Promise<void>,
  ) {}

  /** A server on a fresh store: PGlite in a temporary directory, or a new database next to `postgres`. */
  static async create(postgres?: string): Promise<ServerProcess> {
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'jawazat-proc-'));
    if (!postgres) return new ServerProcess(`http://127.0.0.1:${port}`, port, dataDir, undefined, async () => {});
    const name = `proc_${randomUUID().slice(0, 8)}`;
    const admin = await openStore({ databaseUrl: postgres, migrate: false });
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    const url = new URL(postgres);
    url.pathname = `/${name}`;
    return new ServerProcess(`http://127.0.0.1:${port}`, port, dataDir, url.toString(), async () => {
      const c = await openStore({ databaseUrl: postgres, migrate: false });
      await c.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.close();
    });
  }

  get storeName(): string {
    return this.databaseUrl ? 'PostgreSQL' : 'PGlite';
  }

  /** Starts the server and waits until /api/health answers; the time that took (ms). */
  async start(): Promise<number> {
    this.log = [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(this.port), DATA_DIR: this.dataDir, DEMO: '1', ...(this.databaseUrl ? { DATABASE_URL: this.databaseUrl } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      this.log.push(...chunk.toString().split('\n'));
      if (this.log.length > 100) this.log.splice(0, this.log.length - 100);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    const started = performance.now();
    while (performance.now() - started < 60_000) {
      try {
        const r = await fetch(`${this.base}/api/health`);
        if (r.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) instead of opening the store:\n${this.log.join('\n')}`);
      }
      await sleep(50);
    }
    throw new Error(`the store did not open within 60 s:\n${this.log.join('\n')}`);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    await exited;
  }

  /** The store, opened directly (with the server stopped). */
  openStore(): Promise<Store> {
    return openStore(this.databaseUrl ? { databaseUrl: this.databaseUrl } : { dataDir: this.dataDir });
  }

  async dispose(): Promise<void> {
    await this.kill().catch(() => {});
    await rm(this.dataDir, { recursive: true, force: true });
    await this.drop().catch(() => {});
  }

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const r = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as T };
  }
}

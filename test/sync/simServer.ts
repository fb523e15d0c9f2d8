/**
 * The simulator's server: the real store (PGlite on disk, so a restart really reopens
 * the files) and the real HTTP app, called in process without a socket.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { backUpTestDatabase, restoreTestDatabase } from '../../server/store/testDatabase.ts';
import { DEMO_PIN, DEMO_SUPERVISOR, seedOffice } from '../../server/seed.ts';
import { hashSecret } from '../../server/security/secrets.ts';
import { pgliteTemplate } from '../../server/testing/engines.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { rowToTicket, TICKET_COLUMNS, type TicketRow } from '../../server/sync/ticketRows.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import type { Handler } from './simNetwork.ts';

const OFFICE = 'riyadh-north';

let accountHashes: Promise<{ pin: string; password: string }> | undefined;
async function hashAccounts(): Promise<{ pin: string; password: string }> {
  return { pin: await hashSecret(DEMO_PIN), password: await hashSecret(DEMO_SUPERVISOR.password) };
}
let seededPglite: Promise<string> | undefined;
async function seedPgliteDir(now: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'jawazat-sim-seeded-'));
  const store = await openStore({ dataDir: dir, pgliteTemplate: await pgliteTemplate() });
  await seedOffice(store, { now, hashes: await (accountHashes ??= hashAccounts()) });
  await store.close();
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
const BASE = 'http://sim.invalid';

export class SimServer {
  private constructor(
    private store: Store,
    public handler: Handler,
    private readonly where: { dataDir: string } | { databaseUrl: string },
    private readonly clock: () => number,
  ) {}

  /**
   * PGlite files in `dataDir`, or a PostgreSQL database (then pushes really run concurrently).
   * PGlite starts from a migrated template and the accounts share hashes made once: a
   * store's set-up was most of a run's time (issue 12's long job runs thousands).
   */
  static async start(where: { dataDir: string } | { databaseUrl: string }, clock: () => number): Promise<SimServer> {
    if ('dataDir' in where) {
      // A seeded office's files, made once per process and copied: opening files is a restart.
      const seeded = await (seededPglite ??= seedPgliteDir(clock()));
      cpSync(seeded, where.dataDir, { recursive: true });
      const store = await openStore(where);
      return new SimServer(store, SimServer.handlerFor(store, clock), where, clock);
    }
    const store = await openStore(where);
    await seedOffice(store, { now: clock(), hashes: await (accountHashes ??= hashAccounts()) });
    return new SimServer(store, SimServer.handlerFor(store, clock), where, clock);
  }

  private static handlerFor(store: Store, clock: () => number): Handler {
    const app = createApp({ store, clock });
    return async (request) => app.fetch(request);
  }

  /** Stops the process's state (store connection, pokes, caches) and starts afresh from disk. */
  async restart(): Promise<void> {
    await this.store.close();
    this.store = await openStore(this.where);
    this.handler = SimServer.handlerFor(this.store, this.clock);
  }

  async stop(): Promise<void> {
    await this.store.close();
  }

  /** Takes a backup of the store (PGlite: its files; PostgreSQL: a copy of the database). */
  async backUp(adminUrl?: string): Promise<void> {
    await this.store.close();
    if ('dataDir' in this.where) cpSync(this.where.dataDir, `${this.where.dataDir}.backup`, { recursive: true });
    else await backUpTestDatabase(adminUrl ?? '', this.where.databaseUrl);
    await this.reopen();
  }

  /** Restores the backup over the store and starts afresh from it, as an operator would. */
  async restoreBackup(adminUrl?: string): Promise<void> {
    await this.store.close();
    if ('dataDir' in this.where) {
      rmSync(this.where.dataDir, { recursive: true, force: true });
      cpSync(`${this.where.dataDir}.backup`, this.where.dataDir, { recursive: true });
      rmSync(`${this.where.dataDir}.backup`, { recursive: true, force: true });
    } else {
      await restoreTestDatabase(adminUrl ?? '', this.where.databaseUrl);
    }
    await this.reopen();
  }

  private async reopen(): Promise<void> {
    this.store = await openStore(this.where);
    this.handler = SimServer.handlerFor(this.store, this.clock);
  }

  /** Raw SQL on the store (checks). */
  query<T>(sql: string, params: readonly (string | number)[] = []): Promise<T[]> {
    return this.store.query<T>(sql, params);
  }

  /** A direct, fault-free call (set-up only). */
  async json<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const response = await this.handler(
      new Request(`${BASE}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async supervisorToken(): Promise<string> {
    const r = await this.json<{ token: string }>('POST', '/api/admin/sign-in', { username: 'supervisor', password: 'pilot-2026' });
    return r.token;
  }

  async enrollmentCode(token: string, role: 'kiosk' | 'counter' | 'display'): Promise<string> {
    return (await this.json<{ code: string }>('POST', '/api/admin/enrollments', { role }, token)).code;
  }

  async tickets(): Promise<Ticket[]> {
    const rows = await this.store.query<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE office_id = $1`, [OFFICE]);
    return rows.map(rowToTicket);
  }

  /** The tickets as `deviceId` should hold them: the public code only on those it printed. */
  async ticketsAsSeenBy(deviceId: string): Promise<Ticket[]> {
    const rows = await this.store.query<TicketRow & { issued_by_device: string | null }>(
      `SELECT ${TICKET_COLUMNS}, issued_by_device FROM tickets WHERE office_id = $1`,
      [OFFICE],
    );
    return rows.map((r) => ({ ...rowToTicket(r), ...(r.issued_by_device === deviceId ? {} : { publicCode: '' }) }));
  }

  async officeVersion(): Promise<number> {
    const [row] = await this.store.query<{ version: string | number }>('SELECT version FROM offices WHERE office_id = $1', [OFFICE]);
    return Number(row?.version ?? 0);
  }

  /** Tickets called more often than they were put back in the queue (a transfer sends one back, to be called again). */
  async ticketsCalledMoreThanOnce(): Promise<string[]> {
    const rows = await this.store.query<{ ticket_id: string }>(
      `SELECT ticket_id FROM ticket_events WHERE office_id = $1 GROUP BY ticket_id
       HAVING count(*) FILTER (WHERE type = 'called') > 1 + count(*) FILTER (WHERE type = 'transferred')`,
      [OFFICE],
    );
    return rows.map((r) => r.ticket_id);
  }

  async mutationsAppliedTwice(): Promise<string[]> {
    const rows = await this.store.query<{ key: string }>(
      `SELECT device_id || '/' || device_seq AS key FROM ticket_events WHERE office_id = $1
       GROUP BY device_id, device_seq HAVING count(*) > 1`,
      [OFFICE],
    );
    return rows.map((r) => r.key);
  }

  /** Rows of the append-only tables written twice for one (device, seq). */
  async historyRowsTwice(): Promise<string[]> {
    const rows = await this.store.query<{ key: string }>(
      `SELECT t || ':' || device_id || '/' || device_seq AS key FROM (
         SELECT 'ticket_events' AS t, device_id, device_seq FROM ticket_events WHERE office_id = $1 AND device_id IS NOT NULL
         UNION ALL SELECT 'counter_events', device_id, device_seq FROM counter_events WHERE office_id = $1
         UNION ALL SELECT 'transactions', device_id, device_seq FROM transactions WHERE office_id = $1
         UNION ALL SELECT 'transaction_cancellations', device_id, device_seq FROM transaction_cancellations WHERE office_id = $1) h
       GROUP BY t, device_id, device_seq HAVING count(*) > 1`,
      [OFFICE],
    );
    return rows.map((r) => r.key);
  }

  /**
   * Versions: each history row its own version (no two changes share one), and each
   * device's applied changes in increasing versions in the order of their seqs.
   */
  async versionProblems(): Promise<string[]> {
    const shared = await this.store.query<{ version: number }>(
      `SELECT version FROM (
         SELECT version FROM ticket_events WHERE office_id = $1
         UNION ALL SELECT version FROM counter_events WHERE office_id = $1) v
       GROUP BY version HAVING count(*) > 1`,
      [OFFICE],
    );
    const backwards = await this.store.query<{ device_id: string; seq: number }>(
      `SELECT device_id, seq FROM (
         SELECT device_id, seq, version, lag(version) OVER (PARTITION BY device_id ORDER BY seq) AS before
           FROM applied_mutations WHERE office_id = $1 AND status = 'applied') m
        WHERE before IS NOT NULL AND version <= before`,
      [OFFICE],
    );
    return [...shared.map((r) => `version ${r.version} used twice`), ...backwards.map((r) => `${r.device_id}/${r.seq} not after the one before`)];
  }

  async ledger(deviceId: string): Promise<Array<{ seq: number; status: 'applied' | 'rejected' }>> {
    return this.store.query(`SELECT seq, status FROM applied_mutations WHERE office_id = $1 AND device_id = $2 ORDER BY seq`, [OFFICE, deviceId]);
  }
}

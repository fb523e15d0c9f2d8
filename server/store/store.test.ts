/** The store seam: migrations, transactions and value shapes, identical on both engines. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines, pgliteTemplate } from '../testing/engines.ts';
import type { TestStore } from '../testing/engines.ts';
import { dataDirHolder, loadMigrations, openStore, runMigrations } from './index.ts';

describeEngines('store', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await engine.open();
  });
  afterAll(() => t?.close());

  it('reports its engine', () => {
    expect(t.store.engine).toBe(engine.name);
  });

  it('has applied every migration once, and re-running them is a no-op', async () => {
    const ids = loadMigrations().map((m) => m.id);
    expect(ids[0]).toBe('001_init');
    expect(await runMigrations(t.store)).toEqual([]);
    expect(await runMigrations(t.store)).toEqual([]);
    const rows = await t.store.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(ids);
  });

  it('applies concurrent migration runs only once (advisory lock)', async () => {
    const extra = { id: '999_test_extra', sql: 'CREATE TABLE test_extra (x int)', checksum: 'x' };
    const all = [...loadMigrations(), extra];
    const [a, b] = await Promise.all([runMigrations(t.store, all), runMigrations(t.store, all)]);
    expect([...a, ...b]).toEqual(['999_test_extra']);
    await t.store.exec('DROP TABLE test_extra; DELETE FROM schema_migrations WHERE id = \'999_test_extra\'');
  });

  it('refuses to start when an applied migration file was edited', async () => {
    const edited = loadMigrations().map((m) => ({ ...m, checksum: 'changed' }));
    await expect(runMigrations(t.store, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it('returns int8 as number, date as YYYY-MM-DD, jsonb as objects, timestamptz as Date', async () => {
    const [row] = await t.store.query<{ n: number; d: string; j: unknown; ts: Date }>(
      `SELECT 9007199254740991::bigint AS n, '2026-03-01'::date AS d, $1::jsonb AS j, $2::timestamptz AS ts`,
      [JSON.stringify({ a: [1, 'ب'] }), new Date(1_700_000_000_123)],
    );
    expect(row).toEqual({ n: 9007199254740991, d: '2026-03-01', j: { a: [1, 'ب'] }, ts: new Date(1_700_000_000_123) });
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await t.store.exec('CREATE TABLE tx_probe (x int)');
    await t.store.tx(async (q) => {
      await q.query('INSERT INTO tx_probe VALUES ($1)', [1]);
    });
    await expect(
      t.store.tx(async (q) => {
        await q.query('INSERT INTO tx_probe VALUES ($1)', [2]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(t.store.tx((q) => q.query('INSERT INTO tx_probe VALUES ($1)', ['not a number']))).rejects.toThrow();
    expect(await t.store.query('SELECT x FROM tx_probe')).toEqual([{ x: 1 }]);
    await t.store.exec('DROP TABLE tx_probe');
  });

  it('keeps the history tables append-only', async () => {
    await t.store.query(
      `INSERT INTO audit_log (office_id, at, actor_kind, actor_id, action) VALUES ('x', now(), 'system', 'test', 'probe')`,
    );
    await expect(t.store.query(`UPDATE audit_log SET action = 'changed' WHERE office_id = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.store.query(`DELETE FROM audit_log WHERE office_id = 'x'`)).rejects.toThrow(/append-only/);
  });
});

describe('PGlite on disk', () => {
  it('takes over a lock its own pid left behind (a restart as process 1 in a container) or a reused pid, never a live holder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pglite-'));
    const lock = join(dir, 'jawazat-server.lock');
    const startOf = (pid: number): string => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
    };
    try {
      // Killed, restarted with the same pid: the old lock names this very process.
      writeFileSync(lock, `${process.pid} ${startOf(process.pid)}`);
      const first = await openStore({ dataDir: dir, pgliteTemplate: await pgliteTemplate() });
      await first.close();
      // A live process that reuses the dead holder's pid started at another time.
      writeFileSync(lock, `${process.ppid} 1`);
      expect(dataDirHolder(dir)).toBeNull();
      const second = await openStore({ dataDir: dir });
      await second.close();
      // The holder itself, alive: refused, and the simulator's hand-off finds it.
      writeFileSync(lock, `${process.ppid} ${startOf(process.ppid)}`);
      expect(dataDirHolder(dir)).toBe(process.ppid);
      await expect(openStore({ dataDir: dir })).rejects.toThrow(`in use by process ${process.ppid}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('persists across reopen and refuses a second process-level open of the same directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pglite-'));
    try {
      const first = await openStore({ dataDir: dir, pgliteTemplate: await pgliteTemplate() });
      await first.exec('CREATE TABLE persisted (x int); INSERT INTO persisted VALUES (7)');
      await expect(openStore({ dataDir: dir })).rejects.toThrow(/is in use by process/);
      await first.close();
      const again = await openStore({ dataDir: dir });
      expect(await again.query('SELECT x FROM persisted')).toEqual([{ x: 7 }]);
      expect(await runMigrations(again)).toEqual([]);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

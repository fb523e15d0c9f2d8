/**
 * PGlite (PostgreSQL compiled to WebAssembly, in this process): the zero-setup engine
 * for a pilot office and for tests. One connection, so transactions are serialised by
 * PGlite's own mutex; that also makes `FOR UPDATE` trivially satisfied.
 */
import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { OpenStoreOptions, Queryable, SqlParam, Store } from './types.ts';

/** Same JS shapes as the PostgreSQL adapter: int8 → number, date → 'YYYY-MM-DD'. */
const parsers = {
  [types.INT8]: (value: string): number => Number(value),
  [types.DATE]: (value: string): string => value,
};

interface PgliteLike {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

function wrap(db: PgliteLike): Queryable {
  return {
    async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
      const result = await db.query<T>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
  };
}

export async function openPglite(options: OpenStoreOptions): Promise<Store> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.pgliteTemplate ? { loadDataDir: options.pgliteTemplate } : {}),
    parsers,
  });
  const base = wrap(db);
  return {
    engine: 'pglite',
    query: base.query,
    exec: base.exec,
    tx: (fn) => db.transaction((t) => fn(wrap(t))),
    close: () => db.close(),
  };
}

/** A tarball of a freshly migrated in-memory database, for `pgliteTemplate`. */
export async function dumpPgliteTemplate(migrate: (q: Store) => Promise<void>): Promise<Blob> {
  const db = await PGlite.create({ parsers });
  try {
    const base = wrap(db);
    const store: Store = {
      engine: 'pglite',
      query: base.query,
      exec: base.exec,
      tx: (fn) => db.transaction((t) => fn(wrap(t))),
      close: () => db.close(),
    };
    await migrate(store);
    return await db.dumpDataDir('none');
  } finally {
    await db.close();
  }
}

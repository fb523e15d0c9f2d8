/**
 * PGlite (PostgreSQL compiled to WebAssembly, in this process): the zero-setup engine
 * for a pilot office and for tests. One connection, so transactions are serialised by
 * PGlite's own mutex; that also makes `FOR UPDATE` trivially satisfied. What a server
 * process would do for it is beside it: the data directory's lock (pgliteLock.ts), the
 * log flushes and checkpoints (pgliteDurability.ts).
 */
import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { checkpointer, CHECKPOINT_EVERY_MS, walFlusher } from './pgliteDurability.ts';
import { lockDataDir } from './pgliteLock.ts';
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

const WRITE_RE = /^\s*(INSERT|UPDATE|DELETE)\b/i;

function wrap(db: PgliteLike, onWrite: () => void = () => {}): Queryable {
  return {
    async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
      if (WRITE_RE.test(sql)) onWrite();
      const result = await db.query<T>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
  };
}

/** How long after opening the store analyzes its tables (see openPglite). */
const ANALYZE_AFTER_OPEN_MS = 1500;

export async function openPglite(options: OpenStoreOptions): Promise<Store> {
  let unlock = (): void => {};
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    unlock = lockDataDir(options.dataDir);
  }
  let db: PGlite;
  try {
    db = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.pgliteTemplate ? { loadDataDir: options.pgliteTemplate } : {}),
      parsers,
    });
  } catch (err) {
    unlock();
    throw err;
  }
  // PostgreSQL's autovacuum keeps planner statistics fresh; PGlite has no background
  // workers, so without this the plans made while tables were empty (the foreign-key
  // checks' cached plans among them) keep scanning whole tables as they grow. Like
  // autovacuum, ANALYZE runs after a number of writes that grows with what was written,
  // and, by autovacuum's own rule, only on the tables whose rows changed by more than 50
  // and a tenth since they were last analyzed: analyzing every table of the store took
  // 260 ms of CPU on the bench machine, the three a day of tickets grows 27 ms. It runs
  // on the store's one connection, so whichever request comes next waits for it.
  let writes = 0;
  let analyzedAt = 0;
  let analyzing: Promise<void> | null = null;
  const onWrite = (): void => {
    writes += 1;
  };
  const analyzeGrown = async (): Promise<void> => {
    const grown = await db.query<{ name: string }>(
      `SELECT quote_ident(schemaname) || '.' || quote_ident(relname) AS name FROM pg_stat_user_tables
        WHERE n_mod_since_analyze > 50 + 0.1 * n_live_tup`,
    );
    if (grown.rows.length > 0) await db.exec(`ANALYZE ${grown.rows.map((r) => r.name).join(', ')}`);
  };
  const maybeAnalyze = (): void => {
    if (analyzing || writes - analyzedAt < 200 + analyzedAt * 0.2) return;
    analyzedAt = writes;
    analyzing = analyzeGrown()
      .then(() => undefined, () => undefined) // statistics are an optimisation: never fail a request for them
      .finally(() => {
        analyzing = null;
      });
  };
  const flush = options.dataDir && options.durable !== false ? walFlusher(options.dataDir, db) : null;
  const checkpoints = options.dataDir && options.durable !== false ? checkpointer(options.dataDir, db, options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS) : null;
  const base = wrap(db, onWrite);
  // Tables may have grown in an earlier run: analyzed a moment after opening, once start-up's
  // own queries (migrations, seeding) are through, not on the start's path (0.6 s of a 2.5 s
  // restart). A request that comes meanwhile waits for it on the one connection.
  const warm = setTimeout(() => {
    if (analyzing) return;
    analyzing = db
      .exec('ANALYZE')
      .then(() => undefined, () => undefined)
      .finally(() => {
        analyzing = null;
      });
  }, ANALYZE_AFTER_OPEN_MS);
  warm.unref();
  return {
    engine: 'pglite',
    query: async <T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> => {
      const rows = await base.query<T>(sql, params);
      if (flush && WRITE_RE.test(sql)) {
        await flush();
        checkpoints?.maybe();
      }
      return rows;
    },
    exec: base.exec,
    tx: async (fn) => {
      const before = writes;
      try {
        const result = await db.transaction((t) => fn(wrap(t, onWrite)));
        // Committed: make it survive a power cut before anyone is told it is safe.
        if (flush && writes !== before) {
          await flush();
          checkpoints?.maybe();
        }
        return result;
      } finally {
        maybeAnalyze();
      }
    },
    async close() {
      clearTimeout(warm);
      try {
        await analyzing;
        await checkpoints?.running();
        await db.close();
      } finally {
        unlock();
      }
    },
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

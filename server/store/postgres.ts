/**
 * PostgreSQL through node-postgres: the engine for a real deployment (DATABASE_URL).
 * A pool serves plain queries; a transaction checks out one client for BEGIN…COMMIT and
 * is retried a few times when PostgreSQL reports a deadlock or serialisation failure.
 */
import pg from 'pg';
import type { Queryable, SqlParam, Store } from './types.ts';
import { sqlStateOf } from './types.ts';

const INT8 = 20;
const DATE = 1082;

/** Same JS shapes as the PGlite adapter: int8 → number, date → 'YYYY-MM-DD'. */
const typeConfig = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format === 'binary' ? 'binary' : 'text') as (value: string) => unknown;
  },
};

/** Deadlock and serialisation failure: safe to run the whole transaction again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 3;

interface PgRunner {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

function wrap(runner: PgRunner): Queryable {
  return {
    async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
      const result = await runner.query(sql, [...params]);
      return result.rows as T[];
    },
    async exec(sql: string): Promise<void> {
      await runner.query(sql);
    },
  };
}

export async function openPostgres(databaseUrl: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, types: typeConfig });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => console.error('[store] idle PostgreSQL client error:', err.message));
  // Fail fast on a wrong URL or a server that is down.
  await pool.query('SELECT 1');
  const base = wrap(pool);

  async function txOnce<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(wrap(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // connection is gone; do not return it to the pool
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  return {
    engine: 'postgres',
    query: base.query,
    exec: base.exec,
    async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await txOnce(fn);
        } catch (err) {
          const state = sqlStateOf(err);
          if (attempt >= MAX_ATTEMPTS || state === null || !RETRYABLE.has(state)) throw err;
        }
      }
    },
    close: () => pool.end(),
  };
}

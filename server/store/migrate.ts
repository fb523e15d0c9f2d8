/**
 * Versioned SQL migrations: server/migrations/NNN_name.sql, applied in order, each
 * recorded in schema_migrations with a checksum. Everything runs in one transaction
 * under an advisory lock, so two server processes starting together on one PostgreSQL
 * cannot both apply the same file; an edited, already-applied file stops the start.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Store } from './types.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
/** Arbitrary constant shared by every process of this app (pg_advisory_xact_lock key). */
const MIGRATION_LOCK_KEY = 727_001;

export interface Migration {
  readonly id: string;
  readonly sql: string;
  readonly checksum: string;
}

/** The migration files in apply order. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(`${dir}/${name}`, 'utf8');
      return { id: name.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Applies every pending migration; returns the ids it applied (empty when up to date). */
export async function runMigrations(store: Store, migrations: readonly Migration[] = loadMigrations()): Promise<string[]> {
  return store.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await q.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Map(
      (await q.query<{ id: string; checksum: string }>('SELECT id, checksum FROM schema_migrations')).map((r) => [r.id, r.checksum]),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      const recorded = done.get(m.id);
      if (recorded !== undefined) {
        if (recorded !== m.checksum) throw new Error(`migration ${m.id} was changed after it was applied; add a new migration instead`);
        continue;
      }
      await q.exec(m.sql);
      await q.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [m.id, m.checksum]);
      applied.push(m.id);
    }
    return applied;
  });
}

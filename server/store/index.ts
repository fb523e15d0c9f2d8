/**
 * The store module: the only code that knows which database engine runs. Callers get a
 * `Store` that speaks the same SQL on PGlite and PostgreSQL, already migrated.
 */
import { runMigrations } from './migrate.ts';
import { dumpPgliteTemplate, openPglite } from './pglite.ts';
export { dataDirHolder } from './pgliteLock.ts';
import { openPostgres } from './postgres.ts';
import type { OpenStoreOptions, Store } from './types.ts';

export type { Engine, OpenStoreOptions, Queryable, SqlParam, Store } from './types.ts';
export { sqlStateOf } from './types.ts';
export { loadMigrations, runMigrations } from './migrate.ts';
export type { Migration } from './migrate.ts';

/** Opens PostgreSQL when `databaseUrl` is set, else PGlite (on disk or in memory), and migrates. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const store = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options);
  if (options.migrate !== false) {
    try {
      await runMigrations(store);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}

/** A migrated, empty PGlite database as a tarball: pass it as `pgliteTemplate` to skip initdb. */
export function createPgliteTemplate(): Promise<Blob> {
  return dumpPgliteTemplate(async (store) => {
    await runMigrations(store);
  });
}

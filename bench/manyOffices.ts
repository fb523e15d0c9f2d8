/**
 * A store holding many offices (issue 13, scale): the offices around the one a benchmark
 * times, each a copy of that office's devices and tickets under its own id (new ticket ids
 * and codes), so the store's tables and indexes hold what `count` more offices' days would.
 * PostgreSQL only: the benchmark's server holds a PGlite store's files alone.
 */
import { DEMO_PIN, DEMO_SUPERVISOR, pilotConfig, seedOffice } from '../server/seed.ts';
import { hashSecret } from '../server/security/secrets.ts';
import { openStore, type Store } from '../server/store/index.ts';

async function columnsOf(store: Store, table: string): Promise<string[]> {
  const rows = await store.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.name);
}

/** Copies rows of `table` from one office to another, with the given columns' values replaced by SQL expressions. */
async function copyRows(store: Store, table: string, from: string, to: string, replaced: Record<string, string>): Promise<number> {
  const columns = await columnsOf(store, table);
  const values = columns.map((c) => (c === 'office_id' ? '$2' : (replaced[c] ?? c)));
  const rows = await store.query<{ n: number }>(
    `WITH copied AS (INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${table} WHERE office_id = $1 RETURNING 1)
     SELECT count(*)::int AS n FROM copied`,
    [from, to],
  );
  return rows[0]?.n ?? 0;
}

/** Adds `count` offices to the store at `databaseUrl`, each a copy of `officeId`'s devices and tickets; returns the tickets added. */
export async function addCopiesOfOffice(databaseUrl: string, officeId: string, count: number): Promise<number> {
  const store = await openStore({ databaseUrl, migrate: false });
  try {
    const hashes = { pin: await hashSecret(DEMO_PIN), password: await hashSecret(DEMO_SUPERVISOR.password) };
    let tickets = 0;
    for (let i = 1; i <= count; i++) {
      const id = `bench-copy-${i}`;
      await seedOffice(store, { config: pilotConfig(id), hashes });
      await copyRows(store, 'devices', officeId, id, {});
      tickets += await copyRows(store, 'tickets', officeId, id, { ticket_id: 'gen_random_uuid()', public_code: `substr(md5(random()::text), 1, 10)` });
    }
    await store.exec('ANALYZE');
    return tickets;
  } finally {
    await store.close();
  }
}

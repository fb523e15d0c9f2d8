/**
 * Prints the statements that distribute a migrated store by office with Citus (issue 12,
 * "Scale past one machine"), read from that store's own catalogue, or the reasons it
 * cannot be distributed yet. Usage: DATABASE_URL=postgres://… npm run citus-plan
 * The store is only read; run the printed statements on the Citus coordinator yourself.
 */
import { citusStatements, readTableKeys } from '../server/store/distribution.ts';
import { openStore } from '../server/store/index.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('Set DATABASE_URL to the PostgreSQL store to distribute (it is migrated first if it is behind).');
  process.exit(2);
}
const store = await openStore({ databaseUrl });
try {
  const statements = citusStatements(await readTableKeys(store));
  console.log('-- Run once on the Citus coordinator, with no server writing. The append-only triggers');
  console.log('-- only raise an error, so they are safe to run on the workers:');
  const [extension, ...rest] = statements;
  console.log(extension);
  console.log('SET citus.enable_unsafe_triggers TO on;');
  for (const s of rest) console.log(s);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await store.close();
}

/**
 * Test-only child process (server/store/pgliteCrash.test.ts): opens the PGlite store in
 * the directory given (checkpointing as often as the second argument says), says where
 * its checkpoint stands, writes, waits for a checkpoint to have had its chance, says
 * where the log and the checkpoint stand, and waits to be killed.
 */
import { openStore } from '../store/index.ts';

const store = await openStore({ dataDir: process.argv[2] ?? '', checkpointEveryMs: Number(process.argv[3] ?? 300_000) });
const lsn = async (sql: string): Promise<string> => Object.values((await store.query<Record<string, string>>(sql))[0] ?? {})[0] ?? '';
console.log(`opened redo=${await lsn('SELECT redo_lsn FROM pg_control_checkpoint()')}`);
await store.exec('CREATE TABLE IF NOT EXISTS crash_junk (x text)');
for (let i = 0; i < 5; i++) {
  await store.query("INSERT INTO crash_junk SELECT repeat('x', 500) FROM generate_series(1, 2000)");
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const written = await lsn('SELECT pg_current_wal_insert_lsn()');
await new Promise((resolve) => setTimeout(resolve, 300));
console.log(`written lsn=${written} redo=${await lsn('SELECT redo_lsn FROM pg_control_checkpoint()')}`);
setInterval(() => {}, 1000);

/**
 * PGlite (PostgreSQL compiled to WebAssembly, in this process): the zero-setup engine
 * for a pilot office and for tests. One connection, so transactions are serialised by
 * PGlite's own mutex; that also makes `FOR UPDATE` trivially satisfied.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a process started (Linux: clock ticks since boot, /proc/<pid>/stat field 22); null elsewhere. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Data directories this process holds open: a second open in the same process is refused too. */
const heldHere = new Set<string>();

/**
 * Whether the lock's holder is still the process that wrote it. A pid can be reused: in a
 * container the server is always process 1, so after a crash the new server finds its own
 * pid in the old lock. The lock records the holder's start time; a live process with that
 * pid but another start time (or this very process, which has not opened the directory)
 * is not the holder.
 */
function lockIsLive(dataDir: string, text: string): { live: boolean; pid: number } {
  const [pidText = '', started = ''] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return { live: false, pid };
  if (pid === process.pid) return { live: heldHere.has(dataDir), pid };
  if (!isAlive(pid)) return { live: false, pid };
  const now = startTimeOf(pid);
  return { live: !started || now === null || now === started, pid };
}

/** The live process holding a data directory's lock, or null (none, or a stale lock). */
export function dataDirHolder(dataDir: string): number | null {
  try {
    const { live, pid } = lockIsLive(dataDir, readFileSync(join(dataDir, 'jawazat-server.lock'), 'utf8'));
    return live ? pid : null;
  } catch {
    return null;
  }
}

/**
 * PGlite has no server process to guard its files: two processes writing one data
 * directory would corrupt it. A lock file (pid and start time) refuses the second one; a
 * stale file left by a crashed process is taken over. Returns the function that releases
 * the lock.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'jawazat-server.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, `${process.pid} ${startTimeOf(process.pid) ?? ''}`.trim());
      closeSync(fd);
      heldHere.add(dataDir);
      return () => {
        heldHere.delete(dataDir);
        rmSync(lockFile, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const { live, pid } = lockIsLive(dataDir, readFileSync(lockFile, 'utf8'));
      if (live) {
        throw new Error(`the data directory ${dataDir} is in use by process ${pid}; stop it first (or delete ${lockFile} if that is wrong)`);
      }
      rmSync(lockFile, { force: true }); // left behind by a process that died
    }
  }
  throw new Error(`could not lock the data directory ${dataDir}`);
}

/**
 * PGlite's PostgreSQL runs with fsync off, and its file system would not pass an fsync on
 * to the disk anyway: a commit reaches the operating system's cache, not the disk, and a
 * power cut could lose pushes the devices were told are safe. So after each transaction
 * that wrote, the write-ahead log's current segment is flushed to disk (and the directory,
 * when a new segment appeared): the commit record is then durable, as with PostgreSQL's
 * own fsync. Measured in BENCHMARKS.md (benchmark 1).
 */
function walFlusher(dataDir: string, db: PGlite): () => Promise<void> {
  const walDir = join(dataDir, 'pg_wal');
  let lastSegment = '';
  return async () => {
    // The segment being written (recycled segments carry future names, so not "the newest file").
    const [row] = (await db.query<{ segment: string }>('SELECT pg_walfile_name(pg_current_wal_insert_lsn()) AS segment')).rows;
    const segment = row?.segment ?? '';
    if (!/^[0-9A-F]{24}$/.test(segment)) return;
    // A commit record that began in the previous segment: that one too, then the directory.
    if (lastSegment && lastSegment !== segment && existsSync(join(walDir, lastSegment))) fsyncPath(join(walDir, lastSegment));
    fsyncPath(join(walDir, segment));
    if (segment !== lastSegment) fsyncPath(walDir);
    lastSegment = segment;
  };
}

/** How often a store that wrote takes a checkpoint: PostgreSQL's own checkpoint_timeout. */
const CHECKPOINT_EVERY_MS = 5 * 60_000;

/**
 * PostgreSQL's checkpointer is a background process, and PGlite has none: left alone,
 * its checkpoint stays where the store was opened (or recovered: that one PGlite does)
 * until a gigabyte of log piles up, so a crash after a busy week replays the whole week,
 * and the log fills the disk up to that gigabyte. So the store checkpoints every five
 * minutes in which it wrote, like PostgreSQL's default. PGlite passes no fsync on, so the
 * data files the checkpoint wrote are flushed here right after it (with the directories
 * of any new files), so the window in which a power cut could find the log recycled and
 * the pages it described still in the operating system's memory is the checkpoint's own
 * length, not the half minute the kernel may wait. (PostgreSQL closes even that window by
 * syncing inside the checkpoint; PGlite offers no hook there.)
 */
function checkpointer(dataDir: string, db: PGlite, everyMs: number): { maybe(): void; running(): Promise<void> | null } {
  let last = Date.now();
  let running: Promise<void> | null = null;
  // What an earlier process wrote was its own to flush; from here on, this one's.
  let syncedUpTo = Date.now();
  const syncChanged = (since: number): void => {
    const dirs = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'pg_wal') walk(path); // the log is flushed at each commit
        } else if (entry.isFile() && statSync(path).mtimeMs >= since) {
          fsyncPath(path);
          dirs.add(dir);
        }
      }
    };
    walk(dataDir);
    for (const dir of dirs) fsyncPath(dir);
  };
  const run = async (): Promise<void> => {
    const started = Date.now();
    await db.exec('CHECKPOINT');
    // A second's margin: file times are coarse on some file systems.
    syncChanged(Math.min(syncedUpTo, started) - 1000);
    syncedUpTo = started;
    last = Date.now();
  };
  return {
    maybe() {
      if (running || Date.now() - last < everyMs) return;
      running = run()
        .catch(() => undefined) // the next one will try again; a failed checkpoint loses nothing
        .finally(() => (running = null));
    },
    running: () => running,
  };
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
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

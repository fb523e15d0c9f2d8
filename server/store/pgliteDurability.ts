/**
 * What PGlite leaves to a server process it does not have: flushing the write-ahead log to
 * disk after each commit, and a periodic checkpoint with its data files flushed. Without
 * them a commit reaches only the operating system's cache, and a crash replays (and the
 * disk keeps) up to a gigabyte of log.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

/**
 * PGlite's PostgreSQL runs with fsync off, and its file system would not pass an fsync on
 * to the disk anyway: a commit reaches the operating system's cache, not the disk, and a
 * power cut could lose pushes the devices were told are safe. So after each transaction
 * that wrote, the write-ahead log's current segment is flushed to disk (and the directory,
 * when a new segment appeared): the commit record is then durable, as with PostgreSQL's
 * own fsync. Measured in BENCHMARKS.md (benchmark 1).
 */
export function walFlusher(dataDir: string, db: PGlite): () => Promise<void> {
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
export const CHECKPOINT_EVERY_MS = 5 * 60_000;

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
export function checkpointer(dataDir: string, db: PGlite, everyMs: number): { maybe(): void; running(): Promise<void> | null } {
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

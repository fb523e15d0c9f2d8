/**
 * The lock on a PGlite data directory: PGlite has no server process to guard its files,
 * so two processes writing one directory would corrupt it. A lock file holds the holder's
 * pid and start time; a stale one (its process died, or the pid was reused) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

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
export function lockDataDir(dataDir: string): () => void {
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

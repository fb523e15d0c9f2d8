/**
 * PGlite has no background checkpointer: the store takes checkpoints itself while it
 * writes, so a crash replays minutes of log, not everything since it was opened (and the
 * log does not pile up to a gigabyte). PGlite's own end-of-recovery checkpoint is checked
 * too, since a restart's time depends on it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pgliteTemplate } from '../testing/engines.ts';
import { openStore } from './index.ts';

const CHILD = fileURLToPath(new URL('../testing/crashingStore.ts', import.meta.url));

/** Runs the child until it has written, kills it with SIGKILL, and returns what it said. */
function runAndKill(dir: string, checkpointEveryMs: number): Promise<{ redo: string; written: string; redoAfter: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(checkpointEveryMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const redo = /opened redo=(\S+)/.exec(out)?.[1];
      const [, written, redoAfter] = /written lsn=(\S+) redo=(\S+)/.exec(out) ?? [];
      if (redo && written && redoAfter) {
        child.kill('SIGKILL');
        child.on('exit', () => resolve({ redo, written, redoAfter }));
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the child store ended by itself (${code}): ${out}`));
    });
  });
}

/** A log position 'X/Y' as a number, to compare. */
const lsn = (text: string): bigint => {
  const [hi = '0', lo = '0'] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
};

describe('PGlite after a crash', () => {
  it('checkpoints while it writes, and a restart after a crash starts from a checkpoint after the crashed writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pglite-crash-'));
    try {
      await (await openStore({ dataDir: dir, pgliteTemplate: await pgliteTemplate() })).close();
      // Checkpoints every 200 ms while writing: the checkpoint moved past where it opened.
      const first = await runAndKill(dir, 200);
      expect(lsn(first.redoAfter)).toBeGreaterThan(lsn(first.redo));
      // The default five minutes: no checkpoint during this short life.
      const second = await runAndKill(dir, 300_000);
      expect(second.redoAfter).toBe(second.redo);
      // PGlite's end-of-recovery checkpoint: the next start replays nothing the crash left.
      const third = await runAndKill(dir, 300_000);
      expect(lsn(third.redo)).toBeGreaterThanOrEqual(lsn(second.written));
      const store = await openStore({ dataDir: dir });
      expect(await store.query('SELECT count(*)::int AS n FROM crash_junk')).toEqual([{ n: 30_000 }]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** What the bench's sections share: the sizes, the stores they run on, and number formats. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedOffice } from '../server/seed.ts';
import { openStore, type Store } from '../server/store/index.ts';
import { createTestDatabase } from '../server/store/testDatabase.ts';

export type Log = (line?: string) => void;

export const QUICK = process.env.BENCH_QUICK === '1';
export const PUSH_N = QUICK ? 400 : 4000;
export const UP = QUICK ? 200 : 2000;
export const DOWN = QUICK ? 1000 : 10_000;
export const CALLS = QUICK ? 10 : 60;
export const TAPS = QUICK ? 5 : 40;
export const TRANSACTIONS = QUICK ? 30 : 200;
export const SEARCHES = QUICK ? 10 : 60;
export const PER_DAY = QUICK ? 200 : 1100;

export interface Engine {
  readonly name: string;
  open(): Promise<{ store: Store; done: () => Promise<void> }>;
}

export function engines(): Engine[] {
  const list: Engine[] = [
    {
      name: 'PGlite (in memory)',
      async open() {
        const store = await openStore({});
        await seedOffice(store);
        return { store, done: () => store.close() };
      },
    },
  ];
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'PostgreSQL',
      async open() {
        const db = await createTestDatabase(url);
        const store = await openStore({ databaseUrl: db.url });
        await seedOffice(store);
        return {
          store,
          done: async () => {
            await store.close();
            await db.drop();
          },
        };
      },
    });
  }
  return list;
}

/** PGlite on disk, with each commit flushed to the disk (the default) and without: what durability costs. */
export function onDiskEngines(): Engine[] {
  return [true, false].map((durable) => ({
    name: durable ? 'PGlite (on disk, durable: the default)' : 'PGlite (on disk, no flush: before issue 12 D)',
    async open() {
      const dataDir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
      const store = await openStore({ dataDir, durable });
      await seedOffice(store);
      return {
        store,
        done: async () => {
          await store.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  }));
}

export function catchUpEngines(): Array<{ name: string; url?: string }> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  return [{ name: 'PGlite (on disk)' }, ...(url ? [{ name: 'PostgreSQL', url }] : [])];
}

export const f0 = (n: number): string => n.toFixed(0);
export const f1 = (n: number): string => n.toFixed(1);
export const f2 = (n: number): string => n.toFixed(2);
export const verdict = (ok: boolean, aim: boolean): string => (aim ? 'meets the aim' : ok ? 'meets the bound' : '**misses the bound**');

/**
 * Test-only: which database engines the server's tests run on. PGlite (in memory) always;
 * PostgreSQL when TEST_DATABASE_URL is set, each test file in its own throwaway database
 * so files running in parallel never collide. REQUIRE_POSTGRES=1 turns a missing or
 * unreachable PostgreSQL into a failure instead of a skip.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { Engine, Store } from '../store/index.ts';
import { createPgliteTemplate, loadMigrations, openStore } from '../store/index.ts';
import { createTestDatabase } from '../store/testDatabase.ts';

export interface TestStore {
  readonly store: Store;
  close(): Promise<void>;
}

export interface TestEngine {
  readonly name: Engine;
  open(): Promise<TestStore>;
}

const TEMPLATE_DIR = fileURLToPath(new URL('../../node_modules/.tmp/', import.meta.url));

/**
 * A migrated empty PGlite database as a tarball, cached on disk by migration checksums:
 * loading it takes well under a second where initdb takes several.
 */
export async function pgliteTemplate(): Promise<Blob> {
  const key = createHash('sha256')
    .update(loadMigrations().map((m) => m.checksum).join(','))
    .digest('hex')
    .slice(0, 16);
  const file = `${TEMPLATE_DIR}pglite-template-${key}.tar`;
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const blob = await createPgliteTemplate();
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
  renameSync(tmp, file); // atomic: a parallel worker sees the whole file or none
  return blob;
}

const pglite: TestEngine = {
  name: 'pglite',
  async open() {
    const store = await openStore({ pgliteTemplate: await pgliteTemplate() });
    return { store, close: () => store.close() };
  },
};

function postgres(adminUrl: string): TestEngine {
  return {
    name: 'postgres',
    async open() {
      const db = await createTestDatabase(adminUrl);
      try {
        const store = await openStore({ databaseUrl: db.url });
        return {
          store,
          async close() {
            await store.close();
            await db.drop();
          },
        };
      } catch (err) {
        await db.drop();
        throw err;
      }
    },
  };
}

let announced = false;

/** The engines to run on; throws when REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is unset. */
export function testEngines(): { run: TestEngine[]; skipped: string | null } {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return { run: [pglite, postgres(url)], skipped: null };
  if (process.env.REQUIRE_POSTGRES === '1') {
    throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL store tests cannot run');
  }
  const reason = 'PostgreSQL store tests SKIPPED: set TEST_DATABASE_URL=postgres://… to run them too';
  if (!announced) {
    announced = true;
    console.warn(`[server tests] ${reason}`);
  }
  return { run: [pglite], skipped: reason };
}

/**
 * `describe` once per engine (titles end in [pglite] / [postgres]). Without PostgreSQL,
 * a skipped [postgres] block keeps the gap visible in the test report.
 */
export function describeEngines(title: string, body: (engine: TestEngine) => void): void {
  const { run, skipped } = testEngines();
  for (const engine of run) describe(`${title} [${engine.name}]`, () => body(engine));
  if (skipped) describe.skip(`${title} [postgres] (${skipped})`, () => body(postgres('postgres://unset')));
}

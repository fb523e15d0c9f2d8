/**
 * Test-only helper: a throwaway PostgreSQL database per test file, so files running in
 * parallel never see each other's rows. Lives here because only the store module may
 * talk to a driver directly.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates `test_<random>` on the server of `adminUrl`; `drop()` removes it again. */
export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop(): Promise<void> {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function admin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const nameOf = (url: string): string => {
  const name = new URL(url).pathname.slice(1);
  if (!/^test_[0-9a-f]{12}(_backup)?$/.test(name)) throw new Error(`not a test database: ${name}`);
  return name;
};

/**
 * A backup of a test database (no connection may be open to it) as another database,
 * and its restore: the database replaced by the backup's copy, as an operator restoring
 * last night's backup would. For the tests of a store restored from a backup.
 */
export async function backUpTestDatabase(adminUrl: string, url: string): Promise<void> {
  const name = nameOf(url);
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name}_backup WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}_backup TEMPLATE ${name}`);
  });
}

export async function restoreTestDatabase(adminUrl: string, url: string): Promise<void> {
  const name = nameOf(url);
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${name}_backup`);
    await c.query(`DROP DATABASE ${name}_backup WITH (FORCE)`);
  });
}
